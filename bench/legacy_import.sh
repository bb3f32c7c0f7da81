#!/usr/bin/env bash
# Legacy import benchmark (issue 17): `gmis legacy import` of a generated
# previous-system export (bench/legacy_export.py; facilities.csv,
# memberships.csv and, with DAYS, the daily report files of every hospital,
# clinic and centre for DAYS days from 2021-02-01 — across the 2021 hospital
# revision —, 1 % of rows spoilt on purpose) into a fresh SQLite file
# and a throwaway PostgreSQL cluster: the first run (every row new), then the
# second (every row unchanged). Prints rows/s and peak RSS per run.
# Builds into a profile of its own (bench/build.sh).
# Usage: bash bench/legacy_import.sh [UNITS] [DAYS]   (also in bench/results/legacy_import.md)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
. scripts/setup.sh
. bench/build.sh
. bench/pg.sh
UNITS="${1:-40000}"
DAYS="${2:-0}"
WORK="$(mktemp -d /tmp/gmis-legacy.XXXXXX)"
start_throwaway_pg "$WORK"

bench_build --bin gmis
BIN="$BENCH_BIN/gmis"
python3 bench/legacy_export.py --units "$UNITS" --days "$DAYS" --out "$WORK/export" --bad 0.01 >/dev/null
# Rows of every file (no field of the generated export spans two lines).
ROWS=0
for f in "$WORK"/export/*.csv; do ROWS=$(( ROWS + $(wc -l < "$f") - 1 )); done


# One run: seconds, rows/s and peak RSS (exit status 2 = rows refused, expected).
import_once() {
  local url="$1" label="$2" status=0
  /usr/bin/time -f "%e %M" -o "$WORK/time" env RUST_LOG=warn DATABASE_URL="$url" \
    GMIS_OUTBOX_DIR="$WORK/outbox" "$BIN" legacy import "$WORK/export" --out "$WORK/out-$RANDOM" \
    >/dev/null 2>&1 || status=$?
  [ "$status" = 0 ] || [ "$status" = 2 ] || { echo "gmis legacy import failed ($status)"; exit 1; }
  read -r secs kib < <(tail -n 1 "$WORK/time")  # time adds a line before when the status is not 0
  printf '| %s | %s | %.1f s | %.0f rows/s | %.0f MB |\n' "$label" "$ROWS" "$secs" \
    "$(echo "$ROWS / $secs" | bc -l)" "$(echo "$kib / 1024" | bc -l)"
}

OUT="$ROOT/bench/results/legacy_import.md"
mkdir -p "$(dirname "$OUT")"
{
  echo "## Legacy import, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $UNITS units, $DAYS days of reports"
  echo
  echo "| run | rows | time | rate | peak RSS |"
  echo "|---|---|---|---|---|"
  for db in "sqlite://$WORK/legacy.db" "$PG_URL"; do
    name="${db%%:*}"
    DATABASE_URL="$db" RUST_LOG=warn "$BIN" migrate >/dev/null
    import_once "$db" "$name, first run (new)"
    import_once "$db" "$name, second run (unchanged)"
  done
} | tee "$OUT"
