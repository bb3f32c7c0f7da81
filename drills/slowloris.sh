#!/usr/bin/env bash
# Drill: slow clients (slowloris) beside the national-day load (issue 18,
# item 5).
#
#   bash drills/slowloris.sh sqlite  [SLOW] [N]   # one instance on SQLite, no load balancer
#   bash drills/slowloris.sh cluster [SLOW] [N]   # two instances on PostgreSQL behind HAProxy
#
# Twice the same work: N facilities (default 10,000) send their day's report
# over 64 connections while a probe asks for /healthz every 20 ms — first
# alone, then with SLOW (default 500) connections that send their headers one
# line every 5 s and never finish (drills/slowloris.py). Checks that the
# reports' p99 and the probe's p99 under the attack stay within 3× of the run
# without it, that no report and no probe failed, and shows how long the
# server (gmis's GMIS_HEADER_TIMEOUT_SECS, or HAProxy's `timeout
# http-request`) let a slow client hold its connection.
# Results also in bench/results/drill_slowloris_MODE.md.
MODE="${1:-sqlite}"
SLOW="${2:-500}"
N="${3:-10000}"
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
drill_build
case "$MODE" in sqlite) drill_sqlite ;; cluster) drill_cluster 2 ;; *) echo "usage: drills/slowloris.sh sqlite|cluster [SLOW] [N]" >&2; exit 2 ;; esac
say "slowloris drill ($MODE): $SLOW slow clients, $N reports a run"
DB="$(drill_db)"
python3 bench/national_day.py "$DB" "$WORK/all.txt" "$((2 * N))" >/dev/null
head -n "$N" "$WORK/all.txt" >"$WORK/calm.txt"
tail -n "$N" "$WORK/all.txt" >"$WORK/attacked.txt"

# One run: the probe for as long as the load lasts.
run() { # name
  python3 drills/slowloris.py probe "$LB" 900 >"$WORK/probe-$1.txt" &
  local probe=$!
  "$BENCH_BIN/examples/national_day" "$LB" "$WORK/$1.txt" 64 --acks "$WORK/acked-$1.txt" >"$WORK/client-$1.txt"
  kill -TERM "$probe"; wait "$probe" || true
}
run calm
python3 drills/slowloris.py attack "$LB" "$SLOW" 900 >"$WORK/attack.txt" &
ATTACK=$!
sleep 20 # every slow client connected, and the first ones past the header timeout
run attacked
kill -TERM "$ATTACK"; wait "$ATTACK" || true
ALIVE=0
for i in "${!INSTANCE_PID[@]}"; do kill -0 "${INSTANCE_PID[$i]}" 2>/dev/null && ALIVE=$((ALIVE + 1)); done

fields() { IFS='|' read -r _ _ OK FAILED SECS RPS P50 P99 GAVE_UP <<<"$(grep '^RESULT|reports|' "$WORK/client-$1.txt")"; }
fields calm; C_OK=$OK C_FAILED=$((FAILED + GAVE_UP)) C_RPS=$RPS C_P99=$P99
fields attacked; A_OK=$OK A_FAILED=$((FAILED + GAVE_UP)) A_RPS=$RPS A_P99=$P99
CALM="$(cat "$WORK/probe-calm.txt")"; ATTACKED="$(cat "$WORK/probe-attacked.txt")"; SLOWS="$(cat "$WORK/attack.txt")"
ratio() { python3 -c "import sys; a, b = float(sys.argv[1]), float(sys.argv[2]); print(f'{b / a:.2f}' if a > 0 else 'inf')" "$1" "$2"; }
R_REPORTS="$(ratio "$C_P99" "$A_P99")"
R_PROBE="$(ratio "$(value p99_ms "$CALM")" "$(value p99_ms "$ATTACKED")")"
SHAPE="one instance on SQLite, no load balancer"
[ "$MODE" = cluster ] && SHAPE="2 instances on PostgreSQL behind HAProxy"
OUT="$ROOT/bench/results/drill_slowloris_$MODE.md"
PASS=1
{
  echo "## Slowloris drill, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $SHAPE, $SLOW slow clients, $N reports a run"
  echo
  echo "| measure | without the slow clients | with them | ratio |"
  echo "|---|---|---|---|"
  echo "| reports saved / failed | $C_OK / $C_FAILED | $A_OK / $A_FAILED | |"
  echo "| reports/s | $C_RPS | $A_RPS | |"
  echo "| report p99 (ms) | $C_P99 | $A_P99 | $R_REPORTS |"
  echo "| /healthz p50 / p99 / max (ms) | $(value p50_ms "$CALM") / $(value p99_ms "$CALM") / $(value max_ms "$CALM") | $(value p50_ms "$ATTACKED") / $(value p99_ms "$ATTACKED") / $(value max_ms "$ATTACKED") | $R_PROBE |"
  echo "| /healthz probes failed | $(value failed "$CALM") of $(value probes "$CALM") | $(value failed "$ATTACKED") of $(value probes "$ATTACKED") | |"
  echo "| slow connections opened / closed by the server / median time the server let one stay | | $(value opened "$SLOWS") / $(value closed_by_server "$SLOWS") / $(value median_open_s "$SLOWS") s | |"
  echo "| instances alive at the end | | $ALIVE of ${#INSTANCE_PID[@]} | |"
} | tee "$OUT"
python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) <= 3 and float(sys.argv[2]) <= 3 else 1)" "$R_REPORTS" "$R_PROBE" \
  || { echo "a p99 grew more than 3× under the slow clients" | tee -a "$OUT"; PASS=0; }
[ "$C_FAILED" = 0 ] && [ "$A_FAILED" = 0 ] && [ "$A_OK" = "$N" ] || { echo "reports failed" | tee -a "$OUT"; PASS=0; }
[ "$(value failed "$ATTACKED")" = 0 ] || { echo "health probes failed under the slow clients" | tee -a "$OUT"; PASS=0; }
[ "$(value closed_by_server "$SLOWS")" -gt 0 ] || { echo "the server never closed a slow connection" | tee -a "$OUT"; PASS=0; }
[ "$ALIVE" = "${#INSTANCE_PID[@]}" ] || PASS=0
if [ "$PASS" = 1 ]; then
  echo; echo "PASS: $SLOW slow clients, p99 of reports ×$R_REPORTS and of /healthz ×$R_PROBE, nothing failed." | tee -a "$OUT"
else
  echo "FAIL" | tee -a "$OUT"; exit 1
fi
