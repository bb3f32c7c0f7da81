#!/usr/bin/env bash
# National-day benchmark (SPEC §11): 50,000 daily reports submitted through
# the real HTTP path — session lookup, authorization, shared validation,
# persistence with revision and audit row — by 64 concurrent connections on
# SQLite, against a bare handler of the same binary measured in the same run.
# Prints reports/s, p50/p99 latency, the server's CPU time per report (which
# other work on the machine disturbs far less than reports/s), server RSS,
# and checks the database holds exactly one report per facility afterwards.
# Builds into a profile of its own (bench/build.sh): the site's release build
# (`cargo leptos build --release`, target/release) is left as it was.
# Usage: bash bench/national_day.sh [N]   (results in bench/results/national_day.md)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
. scripts/setup.sh
N="${1:-50000}"
. bench/build.sh
bench_build --bin gmis --example national_day

WORK="$(mktemp -d /tmp/gmis-nday.XXXXXX)"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
export DATABASE_URL="sqlite://$WORK/nday.db" GMIS_LISTEN="127.0.0.1:$PORT" GMIS_PUBLIC_URL="http://127.0.0.1:$PORT" \
  GMIS_SITE_ROOT="$ROOT/target/site" GMIS_BENCH_ROUTES=1 GMIS_OUTBOX_DIR="$WORK/outbox" RUST_LOG=warn
"$BENCH_BIN/gmis" seed-demo >/dev/null
python3 bench/national_day.py "$WORK/nday.db" "$WORK/sessions.txt" "$N"
"$BENCH_BIN/gmis" serve >"$WORK/gmis.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done

# The same client (server/examples/national_day.rs, one thread) sends the
# reports and then as many requests to the bare handler, over 64 connections.
LOAD_BEFORE="$(cut -d' ' -f1 /proc/loadavg)"
ROWS="$(GMIS_BENCH_SERVER_PID=$SERVER "$BENCH_BIN/examples/national_day" "127.0.0.1:$PORT" "$WORK/sessions.txt" 64)"
IFS='|' read -r _ _ SAVED FAILED SECS RPS P50 P99 <<<"$(grep '^RESULT|reports|' <<<"$ROWS")"
IFS='|' read -r _ _ BARE_OK _ _ BARE_RPS BARE_P50 BARE_P99 <<<"$(grep '^RESULT|bare|' <<<"$ROWS")"
IFS='|' read -r _ _ CPU_MS <<<"$(grep '^RESULT|server_cpu|' <<<"$ROWS")"
RSS_NOW="$(awk '/VmRSS/ {printf "%.1f MB", $2/1024}' /proc/$SERVER/status)"
RSS_PEAK="$(awk '/VmHWM/ {printf "%.1f MB", $2/1024}' /proc/$SERVER/status)"
# The load's reports only (seed-demo's history has reports of its own).
IN_DB="$(python3 - "$WORK/nday.db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
ours = ("select r.id from reports r join facilities f on r.unit_kind = 'facility' and r.unit_id = f.id"
        " where f.name like '負荷試験医療機関%'")
print(c.execute(f"select count(*) from ({ours})").fetchone()[0],
      c.execute(f"select count(*) from audit_log where action = 'report.submitted'"
                f" and cast(target_id as integer) in ({ours})").fetchone()[0])
PY
)"

OUT="$ROOT/bench/results/national_day.md"
mkdir -p "$(dirname "$OUT")"
{
  echo "## National day, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, SQLite, 64 connections"
  echo
  echo "| measure | value |"
  echo "|---|---|"
  echo "| reports saved (HTTP 200, outcome Saved) | $SAVED of $N in $SECS s ($FAILED refused or failed) |"
  echo "| reports/s | $RPS |"
  echo "| latency p50 / p99 | $P50 ms / $P99 ms |"
  echo "| server CPU per saved report (user + system) | $CPU_MS ms |"
  echo "| rows afterwards (reports, report.submitted audit rows) | ${IN_DB/ / , } |"
  echo "| bare handler, same client and run: req/s, p50, p99 | $BARE_RPS, $BARE_P50 ms, $BARE_P99 ms ($BARE_OK requests) |"
  echo "| server RSS after the load / peak | $RSS_NOW / $RSS_PEAK |"
  echo "| machine load average (1 min) before / after (other work shares the cores) | $LOAD_BEFORE / $(cut -d' ' -f1 /proc/loadavg) |"
  echo
  python3 -c "print(f'Reports/s are {float(\"$RPS\")/float(\"$BARE_RPS\"):.4f} of the bare handler.')"
} | tee "$OUT"
