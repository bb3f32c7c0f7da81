#!/usr/bin/env bash
# Area views over a generated year (issue 15, SPEC §11: dashboards over a
# year of 40,000 facilities ≤ 100 ms; a year of a prefecture downloads at
# ≥ 50,000 rows/s with flat memory). Release build; the generator and the
# measurements are server/examples/area_bench.rs, run once on SQLite and
# once on a throwaway PostgreSQL. The generated databases are kept in
# $GMIS_BENCH_DATA (default /tmp/gmis-area-bench) for reruns; delete it to
# regenerate.
# Builds into a profile of its own (bench/build.sh): the site's release build
# (`cargo leptos build --release`, target/release) is left as it was.
# Usage: bash bench/area.sh [UNITS] [DAYS] [RUNS]   (results in bench/results/area.md)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
. scripts/setup.sh
UNITS="${1:-40000}" DAYS="${2:-365}" RUNS="${3:-20}"
. bench/build.sh
DATA="${GMIS_BENCH_DATA:-/tmp/gmis-area-bench}"
mkdir -p "$DATA"
bench_build --example area_bench
export GMIS_OUTBOX_DIR="$DATA/outbox" RUST_LOG=error

run() { # name, DATABASE_URL
  DATABASE_URL="$2" "$BENCH_BIN/examples/area_bench" "$UNITS" "$DAYS" "$RUNS" | sed "s/^RESULT|/RESULT|$1|/"
}

ROWS="$(run SQLite "sqlite://$DATA/area-$UNITS-$DAYS.db")"

# PostgreSQL: a cluster of our own under $DATA (kept with its data).
PGBIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
if [ -n "$PGBIN" ]; then
  PGDATA="$DATA/pg"
  if [ ! -d "$PGDATA" ]; then
    mkdir -p "$PGDATA" && chown postgres "$PGDATA" "$DATA"
    su postgres -c "$PGBIN/initdb -D $PGDATA -A trust" >/dev/null
  fi
  PGPORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  su postgres -c "$PGBIN/pg_ctl -D $PGDATA -o '-p $PGPORT -k /tmp -c shared_buffers=1GB -c max_wal_size=2GB' -l $DATA/pg.log start" >/dev/null
  trap 'su postgres -c "$PGBIN/pg_ctl -D $PGDATA -m fast stop" >/dev/null 2>&1 || true' EXIT
  for _ in $(seq 1 50); do pg_isready -q -h 127.0.0.1 -p "$PGPORT" && break; sleep 0.2; done
  DB="area_${UNITS}_${DAYS}"
  psql -q -h 127.0.0.1 -p "$PGPORT" -U postgres -tc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1 \
    || psql -q -h 127.0.0.1 -p "$PGPORT" -U postgres -c "CREATE DATABASE $DB"
  ROWS="$ROWS
$(run PostgreSQL "postgres://postgres@127.0.0.1:$PGPORT/$DB")"
fi

OUT="$ROOT/bench/results/area.md"
mkdir -p "$(dirname "$OUT")"
{
  echo "## Area views, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, release, $UNITS units × $DAYS days, $RUNS requests per page"
  echo
  echo "| database | reports | generated in |"
  echo "|---|---|---|"
  grep '^RESULT|[^|]*|data|' <<<"$ROWS" | awk -F'|' '{printf "| %s | %s | %s s |\n", $2, $4, $5}'
  echo
  echo "Server time per page (in-process router, SSR HTML with its data; target p95 ≤ 100 ms):"
  echo
  echo "| database | page | area | p50 ms | p95 ms |"
  echo "|---|---|---|---|---|"
  grep '^RESULT|[^|]*|page|' <<<"$ROWS" | awk -F'|' '{printf "| %s | %s | %s | %s | %s |\n", $2, $4, $5, $6, $7}'
  echo
  echo "A year of Tokyo's clinic reports (target ≥ 50,000 rows/s, RSS growth < 50 MB):"
  echo
  echo "| database | format | rows | seconds | rows/s | MB | RSS before MB | RSS growth MB |"
  echo "|---|---|---|---|---|---|---|---|"
  grep '^RESULT|[^|]*|download|' <<<"$ROWS" | awk -F'|' '{printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", $2, $4, $5, $6, $7, $8, $9, $10}'
} | tee "$OUT"
