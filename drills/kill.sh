#!/usr/bin/env bash
# Drill: kill -9 under the national-day load loses nothing and doubles
# nothing (issue 18, item 5; issue 19, item 4: acknowledged means committed).
#
#   bash drills/kill.sh sqlite  [N] [KILLS] [EVERY]   # one instance on SQLite
#   bash drills/kill.sh cluster [N] [KILLS] [EVERY]   # two instances on PostgreSQL behind HAProxy
#
# N facilities (default 50,000), one logged-in session each, send their day's
# report over 64 connections (server/examples/national_day.rs, --retry: as the
# form resends a draft, a report without an answer, or answered 5xx, is sent
# again with the same submission id after 250 ms). Every EVERY seconds
# (default 4) one instance is killed with SIGKILL and started again at once —
# KILLS times (default 10), taking the instances in turn. Then the drill
# checks (drills/check.py) that every report answered 200 / Saved is in the
# database exactly once (report, revision by submission id, audit row), and
# that the day ends with exactly one report per facility. Prints what the
# clients saw (answers by status, the longest a report waited) and exits
# non-zero if a check fails. Results also in bench/results/drill_kill_MODE.md.
MODE="${1:-sqlite}"
N="${2:-50000}"
KILLS="${3:-10}"
EVERY="${4:-4}"
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
case "$MODE" in sqlite) INSTANCES=1 ;; cluster) INSTANCES=2 ;; *) echo "usage: drills/kill.sh sqlite|cluster [N] [KILLS] [EVERY]" >&2; exit 2 ;; esac
drill_build

say "kill drill ($MODE): $N facilities, $KILLS kills every $EVERY s"
if [ "$MODE" = cluster ]; then drill_cluster 2; else drill_sqlite; fi
DB="$(drill_db)"
python3 bench/national_day.py "$DB" "$WORK/sessions.txt" "$N" >/dev/null
load() { "$BENCH_BIN/examples/national_day" "$LB" "$1" 64 --retry "$2" "$3"; }

load "$WORK/sessions.txt" "$WORK/acked-1.txt" "$WORK/timeline-1.txt" >"$WORK/client-1.txt" &
CLIENT=$!
KILLED_IN_LOAD=0
RESTARTS=()
for k in $(seq 1 "$KILLS"); do
  sleep "$EVERY"
  kill -0 "$CLIENT" 2>/dev/null && KILLED_IN_LOAD=$((KILLED_IN_LOAD + 1))
  i=$(( (k - 1) % INSTANCES + 1 ))
  kill -9 "${INSTANCE_PID[$i]}"
  wait "${INSTANCE_PID[$i]}" 2>/dev/null || true
  began=$(date +%s%N)
  cluster_instance_start "$i"
  wait_ready "http://127.0.0.1:${INSTANCE_PORT[$i]}/readyz" 60
  RESTARTS+=("$(( ($(date +%s%N) - began) / 1000000 ))")
done
wait "$CLIENT"
AFTER="$(python3 drills/check.py "$DB" "$WORK/sessions.txt" "$WORK/acked-1.txt")"

# A report that gave up (180 s without an answer) is sent once more.
python3 - "$WORK/sessions.txt" "$WORK/acked-1.txt" "$WORK/resend.txt" <<'PY'
import sys
acked = {line.split()[0] for line in open(sys.argv[2])}
with open(sys.argv[3], "w") as out:
    out.writelines(line for line in open(sys.argv[1]) if line.split()[2] not in acked)
PY
RESEND="$(wc -l <"$WORK/resend.txt")"
if [ "$RESEND" -gt 0 ]; then load "$WORK/resend.txt" "$WORK/acked-2.txt" "$WORK/timeline-2.txt" >"$WORK/client-2.txt"; else : >"$WORK/acked-2.txt"; fi
FINAL="$(python3 drills/check.py "$DB" "$WORK/sessions.txt" "$WORK/acked-1.txt" "$WORK/acked-2.txt")"

IFS='|' read -r _ _ OK FAILED SECS RPS P50 P99 GAVE_UP <<<"$(grep '^RESULT|reports|' "$WORK/client-1.txt")"
IFS='|' read -r _ _ ATTEMPTS STATUSES SLOWEST LONGEST <<<"$(grep '^RESULT|retries|' "$WORK/client-1.txt")"
# Seconds of the load in which some attempt was not answered 200.
BAD_SECONDS="$(awk '$2 != 200 { s[int($1 / 1000)] = 1 } END { print length(s) }' "$WORK/timeline-1.txt")"
OUT="$ROOT/bench/results/drill_kill_$MODE.md"
SHAPE="one instance on SQLite"
[ "$MODE" = cluster ] && SHAPE="2 instances on PostgreSQL behind HAProxy"
PASS=1
{
  echo "## kill -9 drill, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $SHAPE, $N facilities, 64 connections"
  echo
  echo "| measure | value |"
  echo "|---|---|"
  echo "| kills (SIGKILL, then started again) | $KILLS, $KILLED_IN_LOAD while the load ran, every $EVERY s |"
  echo "| from start to ready again after each kill (ms) | ${RESTARTS[*]} |"
  echo "| load | $SECS s, $RPS reports/s acknowledged, p50 $P50 ms, p99 $P99 ms (answered attempts that succeeded) |"
  echo "| attempts, answers by status (0 = no answer) | $ATTEMPTS: $STATUSES |"
  echo "| seconds of the load with a failed attempt | $BAD_SECONDS of ${SECS%.*} |"
  echo "| slowest single attempt / longest a report waited for its acknowledgement | $SLOWEST ms / $LONGEST ms |"
  echo "| acknowledged / refused (4xx) / gave up after 180 s | $OK / $FAILED / $GAVE_UP |"
  echo "| acknowledged but missing, doubled, unaudited, under another facility | $(value missing "$AFTER"), $(value doubled "$AFTER"), $(value unaudited "$AFTER"), $(value wrong_unit "$AFTER") |"
  echo "| sent again after the load (gave up before) | $RESEND |"
  echo "| at the end: reports / revisions / report.submitted audit rows | $(value reports "$FINAL") / $(value revisions "$FINAL") / $(value audit "$FINAL") of $N |"
  echo "| at the end: missing / doubled | $(value missing "$FINAL") / $(value doubled "$FINAL") |"
} | tee "$OUT"
for k in missing doubled unaudited wrong_unit; do
  [ "$(value $k "$AFTER")" = 0 ] && [ "$(value $k "$FINAL")" = 0 ] || PASS=0
done
for k in reports revisions audit; do [ "$(value $k "$FINAL")" = "$N" ] || PASS=0; done
# A kill may cut answers off (no answer, or 502/503 from the load balancer), never cause a 500.
tr ',' '\n' <<<"$STATUSES" | awk -F: '$1 == 500 { bad = 1 } END { exit bad }' \
  || { echo "internal errors (500) among the answers: $STATUSES" | tee -a "$OUT"; PASS=0; }
[ "$KILLED_IN_LOAD" = "$KILLS" ] || { echo "only $KILLED_IN_LOAD of $KILLS kills fell inside the load: raise N or lower EVERY" | tee -a "$OUT"; PASS=0; }
if [ "$PASS" = 1 ]; then
  echo; echo "PASS: $KILLS × kill -9, every acknowledged report stored exactly once, every facility's report in." | tee -a "$OUT"
else
  echo "FAIL" | tee -a "$OUT"; exit 1
fi
