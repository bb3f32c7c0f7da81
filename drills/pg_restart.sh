#!/usr/bin/env bash
# Drill: PostgreSQL stopped and started again under the national-day load
# (issue 18, item 5). Two instances behind HAProxy; after AFTER seconds
# (default 4) of load PostgreSQL is stopped (`pg_ctl stop -m fast`, which
# cuts every open session), left down DOWN seconds (default 10) and started
# again. The clients resend as a form does (drills/kill.sh describes the
# client). Checks: while the database is down the instances answer (503,
# within the pool's bounded wait), not hang; they do not crash; they serve
# again by themselves soon after it is back; every report answered 200 /
# Saved is in the database exactly once and every facility's report is in.
# Usage: bash drills/pg_restart.sh [N] [DOWN] [AFTER]
#        (results also in bench/results/drill_pg_restart.md)
N="${1:-30000}"
DOWN="${2:-10}"
AFTER="${3:-4}"
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
drill_build

say "PostgreSQL restart drill: $N facilities, down $DOWN s after $AFTER s of load"
drill_cluster 2
DB="$(drill_db)"
python3 bench/national_day.py "$DB" "$WORK/sessions.txt" "$N" >/dev/null
"$BENCH_BIN/examples/national_day" "$LB" "$WORK/sessions.txt" 64 --retry "$WORK/acked.txt" "$WORK/timeline.txt" >"$WORK/client.txt" &
CLIENT=$!
sleep "$AFTER"
kill -0 "$CLIENT" 2>/dev/null || { echo "the load ended before the database was stopped: raise N" >&2; exit 1; }
DOWN_AT="$(date +%s%3N)"
cluster_pg_down
STOPPED_AT="$(date +%s%3N)"
sleep "$DOWN"
UP_AT="$(date +%s%3N)"
cluster_pg_up
READY_AT="$(date +%s%3N)"
wait "$CLIENT"
ALIVE=0
for i in 1 2; do kill -0 "${INSTANCE_PID[$i]}" 2>/dev/null && ALIVE=$((ALIVE + 1)); done
FINAL="$(python3 drills/check.py "$DB" "$WORK/sessions.txt" "$WORK/acked.txt")"

# From the client's timeline (`unix_ms status latency_ms`): the answers while
# the database was down, the slowest of them, and the first attempt sent
# after PostgreSQL was back that was answered 200.
read -r DOWN_ANSWERS DOWN_200 DOWN_503 DOWN_OTHER DOWN_NONE DOWN_SLOWEST FIRST_OK_AFTER <<<"$(awk -v down="$DOWN_AT" -v up="$READY_AT" '
  $1 >= down && $1 < up { n++; if ($2 == 200) s200++; else if ($2 == 503) s503++; else if ($2 == 0) none++; else other++; if ($3 > slow) slow = $3 }
  $1 >= up && $2 == 200 && (first == "" || $1 + $3 < first) { first = $1 + $3 }
  END { printf "%d %d %d %d %d %d %d\n", n, s200, s503, other, none, slow, (first == "" ? -1 : first - up) }' "$WORK/timeline.txt")"
IFS='|' read -r _ _ OK FAILED SECS RPS P50 P99 GAVE_UP <<<"$(grep '^RESULT|reports|' "$WORK/client.txt")"
IFS='|' read -r _ _ ATTEMPTS STATUSES SLOWEST LONGEST <<<"$(grep '^RESULT|retries|' "$WORK/client.txt")"
OUT="$ROOT/bench/results/drill_pg_restart.md"
PASS=1
{
  echo "## PostgreSQL restart drill, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, 2 instances behind HAProxy, $N facilities, 64 connections"
  echo
  echo "| measure | value |"
  echo "|---|---|"
  echo "| PostgreSQL down (stop took / down / start took) | $((STOPPED_AT - DOWN_AT)) ms / $DOWN s / $((READY_AT - UP_AT)) ms |"
  echo "| attempts sent while it was down: 200 (saved before the stop took effect) / 503 / other status / no answer | $DOWN_ANSWERS: $DOWN_200 / $DOWN_503 / $DOWN_OTHER / $DOWN_NONE |"
  echo "| slowest answer while it was down | $DOWN_SLOWEST ms |"
  echo "| first report saved after PostgreSQL was back | $FIRST_OK_AFTER ms |"
  echo "| instances alive at the end | $ALIVE of 2 |"
  echo "| load | $SECS s, $RPS reports/s acknowledged, p50 $P50 ms, p99 $P99 ms |"
  echo "| attempts, answers by status (0 = no answer) | $ATTEMPTS: $STATUSES |"
  echo "| slowest single attempt / longest a report waited for its acknowledgement | $SLOWEST ms / $LONGEST ms |"
  echo "| acknowledged / refused (4xx) / gave up after 180 s | $OK / $FAILED / $GAVE_UP |"
  echo "| at the end: reports / revisions / report.submitted audit rows | $(value reports "$FINAL") / $(value revisions "$FINAL") / $(value audit "$FINAL") of $N |"
  echo "| acknowledged but missing, doubled, unaudited, under another facility | $(value missing "$FINAL"), $(value doubled "$FINAL"), $(value unaudited "$FINAL"), $(value wrong_unit "$FINAL") |"
} | tee "$OUT"
for k in missing doubled unaudited wrong_unit; do [ "$(value $k "$FINAL")" = 0 ] || PASS=0; done
for k in reports revisions audit; do [ "$(value $k "$FINAL")" = "$N" ] || PASS=0; done
[ "$ALIVE" = 2 ] || PASS=0
# Any server error but 503 (e.g. 500 for a session PostgreSQL ended) fails the drill.
tr ',' '\n' <<<"$STATUSES" | awk -F: '$1 >= 500 && $1 != 503 { bad = 1 } END { exit bad }' \
  || { echo "answers other than 503 among the server errors: $STATUSES" | tee -a "$OUT"; PASS=0; }
[ "$DOWN_503" -gt 0 ] && [ "$DOWN_NONE" = 0 ] && [ "$DOWN_OTHER" = 0 ] || { echo "while the database was down, attempts were not answered 503 (or none were sent)" | tee -a "$OUT"; PASS=0; }
[ "$FIRST_OK_AFTER" -ge 0 ] && [ "$FIRST_OK_AFTER" -le 15000 ] || { echo "the instances did not serve within 15 s after PostgreSQL was back" | tee -a "$OUT"; PASS=0; }
[ "$DOWN_SLOWEST" -le 10000 ] || { echo "an answer took more than 10 s while the database was down (a hang)" | tee -a "$OUT"; PASS=0; }
if [ "$PASS" = 1 ]; then
  echo; echo "PASS: answered 503 while PostgreSQL was down, serving again $FIRST_OK_AFTER ms after it was back, nothing lost or doubled." | tee -a "$OUT"
else
  echo "FAIL" | tee -a "$OUT"; exit 1
fi
