#!/usr/bin/env bash
# Integration API benchmark (issue 16): a bulk push of 50,400 reports in
# 1,000-item requests (half over one connection, half over two) (target ≥ 10,000 reports/s on SQLite), compared with
# one report per request in the same run, and a year of Tokyo pulled through
# the paginated API (target ≥ 20,000 reports/s with flat memory). Release
# `gmis serve` on SQLite, real HTTP from server/examples/api_bench.rs.
# The country (UNITS units, a tenth in Tokyo, DAYS days of reports) is made
# by bench/api_data.py in a throwaway directory.
# Builds into a profile of its own (bench/build.sh): the site's release build
# (`cargo leptos build --release`, target/release) is left as it was.
# Usage: bash bench/api.sh [UNITS] [DAYS]   (results in bench/results/api.md)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
. scripts/setup.sh
UNITS="${1:-40000}" DAYS="${2:-365}"
BULK=3600 SINGLE=2000
. bench/build.sh
bench_build --bin gmis --example api_bench
GMIS="$BENCH_BIN/gmis"

WORK="$(mktemp -d /tmp/gmis-api-bench.XXXXXX)"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
export DATABASE_URL="sqlite://$WORK/api.db" GMIS_LISTEN="127.0.0.1:$PORT" GMIS_PUBLIC_URL="http://127.0.0.1:$PORT" \
  GMIS_SITE_ROOT="$ROOT/target/site" GMIS_OUTBOX_DIR="$WORK/outbox" GMIS_API_RATE=10000 RUST_LOG=warn
SERVER=""
trap '[ -n "$SERVER" ] && kill $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
"$GMIS" seed-demo >/dev/null
say "generating $UNITS units × $DAYS days"
GEN_START=$SECONDS
IFS='|' read -r _ REPORTS TOKYO FROM TO MEMBERS <<<"$(python3 bench/api_data.py "$WORK/api.db" "$UNITS" "$DAYS" $((BULK + SINGLE)) | grep '^DATA|')"
FIRST_MEMBER="$(python3 -c "import sqlite3; print(sqlite3.connect('$WORK/api.db').execute(\"select min(id) from facilities where name like '負荷試験会員診療所%'\").fetchone()[0])")"
PULL_TOKEN="$("$GMIS" api-tokens issue --login-id DEMPRF22 --name bench-pull --scope data:read --days 1 2>/dev/null)"
PUSH_TOKEN="$("$GMIS" api-tokens issue --login-id DEMAGG22 --name bench-push --scope report:write --days 1 2>/dev/null)"
GEN_SECS=$((SECONDS - GEN_START))

# The server rebuilds the running totals of the generated reports at start.
START=$SECONDS
"$GMIS" serve >"$WORK/gmis.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 3000); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
READY_SECS=$((SECONDS - START))

CLIENT="$BENCH_BIN/examples/api_bench"
PULL="$("$CLIENT" "127.0.0.1:$PORT" pull "$PULL_TOKEN" "$FROM" "$TO" "$SERVER" | grep '^RESULT|')"
PUSH="$("$CLIENT" "127.0.0.1:$PORT" push "$PUSH_TOKEN" "$FIRST_MEMBER" "$BULK" "$SINGLE" | grep '^RESULT|')"
IN_DB="$(python3 -c "import sqlite3; c=sqlite3.connect('$WORK/api.db'); print(c.execute(\"select count(*) from reports where unit_kind='facility' and unit_id >= $FIRST_MEMBER\").fetchone()[0], c.execute(\"select count(*) from audit_log where action='report.submitted' and actor_label='DEMAGG22'\").fetchone()[0])")"
RSS_PEAK="$(awk '/VmHWM/ {printf "%.1f MB", $2/1024}' /proc/$SERVER/status)"

IFS='|' read -r _ _ PULLED PAGES PULL_SECS PULL_RATE RSS_BEFORE RSS_MAX RSS_Q RSS_H RSS_E <<<"$PULL"
IFS='|' read -r _ _ B_SAVED B_FAILED B_SECS B_RATE B_P50 B_P99 <<<"$(grep '^RESULT|bulk|' <<<"$PUSH")"
IFS='|' read -r _ _ B2_SAVED B2_FAILED B2_SECS B2_RATE B2_P50 B2_P99 <<<"$(grep '^RESULT|bulk2|' <<<"$PUSH")"
IFS='|' read -r _ _ S_SAVED S_FAILED S_SECS S_RATE S_P50 S_P99 <<<"$(grep '^RESULT|single|' <<<"$PUSH")"
OUT="$ROOT/bench/results/api.md"
mkdir -p "$(dirname "$OUT")"
{
  echo "## Integration API, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, release, SQLite"
  echo
  echo "Data: $UNITS units × $DAYS days, $REPORTS reports ($TOKYO of them Tokyo's, $FROM – $TO), generated in $GEN_SECS s; server ready (totals rebuilt) in $READY_SECS s."
  echo
  echo "| measure | value | target |"
  echo "|---|---|---|"
  echo "| bulk push, 1,000 a request, one connection: reports saved / failed requests | $B_SAVED / $B_FAILED in $B_SECS s | |"
  echo "| bulk push, one connection: reports/s | **$B_RATE** | ≥ 10,000 |"
  echo "| bulk push, one connection: request p50 / p99 | $B_P50 / $B_P99 ms | |"
  echo "| bulk push, two connections: reports saved / failed requests | $B2_SAVED / $B2_FAILED in $B2_SECS s | |"
  echo "| bulk push, two connections: reports/s | **$B2_RATE** | ≥ 10,000 |"
  echo "| one report a request, 8 connections: reports/s (saved / failed) | $S_RATE ($S_SAVED / $S_FAILED), p50 $S_P50 ms, p99 $S_P99 ms | |"
  echo "| pushed reports in the database, their report.submitted audit rows | ${IN_DB/ / , } | $((BULK * 14 + SINGLE)) each |"
  echo "| pull of a year of Tokyo (three daily surveys, 1,000 a page): reports / pages | $PULLED / $PAGES in $PULL_SECS s (expected $TOKYO) | |"
  echo "| pull: reports/s | **$PULL_RATE** | ≥ 20,000 |"
  echo "| server RSS before the pull / highest during it | $RSS_BEFORE / $RSS_MAX MB | flat |"
  echo "| server RSS a quarter, half and all the way through the pull | $RSS_Q / $RSS_H / $RSS_E MB | level |"
  echo "| server RSS peak over the run | $RSS_PEAK | |"
  echo
  python3 -c "print(f'Bulk push is {float(\"$B_RATE\")/float(\"$S_RATE\"):.1f}× one report per request.')"
} | tee "$OUT"
