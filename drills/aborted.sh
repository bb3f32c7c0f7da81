#!/usr/bin/env bash
# Drill: clients that give up in the middle of a request (issue 18, item 5).
# Two instances on PostgreSQL behind HAProxy. drills/aborted.py sends TIMES
# (default 200) of each kind — half a report's JSON, a report's JSON but its
# last bytes after 2 s, half a login form, half a multipart CSV upload
# (accounts, 1.3 MB), a third of a multipart inquiry with a 2 MB attachment,
# a year's revisions download cut after 4 KB, a page whose answer is never
# read — and drops the connection (RST). First the same requests are sent
# whole a few times, to set the level of memory to come back to. Checks, a
# few seconds after the aborts: no database session left `idle in
# transaction` and no more sessions than the two pools hold (16 each); each instance's
# memory within 25 % (or 16 MB) of its level; the cluster still serves.
# Usage: bash drills/aborted.sh [TIMES]   (results also in bench/results/drill_aborted.md)
TIMES="${1:-200}"
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
drill_build

say "aborted requests drill: $TIMES of each kind"
drill_cluster 2
psql() { command psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -qAt "$@"; }
# A session for a hospital, a prefecture officer and the ministry's
# administrator, stored as gmis stores them (SHA-256 of the token).
: >"$WORK/cookies.txt"
for pair in facility:DEMHSP22 prefecture:DEMPRF22 admin:DEMADM22; do
  token="$(python3 -c 'import secrets; print(secrets.token_urlsafe(32))')"
  psql -c "insert into sessions (id, user_id, created_at, last_seen_at)
    select encode(sha256('$token'::bytea), 'hex'), id, now(), now() from users where login_id = '${pair#*:}'"
  echo "${pair%%:*} $token" >>"$WORK/cookies.txt"
done
rss() { awk '/VmRSS/ { print int($2 / 1024) }' "/proc/$1/status"; }
sessions() { psql -c "select count(*) filter (where state = 'idle in transaction'), count(*) from pg_stat_activity
  where datname = 'gmis' and pid <> pg_backend_pid()"; }

python3 drills/aborted.py "$LB" "$WORK/cookies.txt" 5 --complete >/dev/null
sleep 3
read -r _ SESSIONS_BEFORE <<<"$(sessions | tr '|' ' ')"
RSS_BEFORE=("$(rss "${INSTANCE_PID[1]}")" "$(rss "${INSTANCE_PID[2]}")")

# Watch the database while the aborts run: the most sessions idle in a transaction at once.
( most=0; while :; do n="$(sessions | cut -d'|' -f1)"; [ "$n" -gt "$most" ] && most="$n"; echo "$most" >"$WORK/most_idle"; sleep 0.2; done ) &
WATCH=$!
START="$(date +%s%3N)"
python3 drills/aborted.py "$LB" "$WORK/cookies.txt" "$TIMES" >"$WORK/sent.txt"
TOOK=$(( $(date +%s%3N) - START ))
sleep 5
kill "$WATCH"; wait "$WATCH" 2>/dev/null || true
read -r IDLE_AFTER SESSIONS_AFTER <<<"$(sessions | tr '|' ' ')"
RSS_AFTER=("$(rss "${INSTANCE_PID[1]}")" "$(rss "${INSTANCE_PID[2]}")")
ALIVE=0
for i in 1 2; do kill -0 "${INSTANCE_PID[$i]}" 2>/dev/null && ALIVE=$((ALIVE + 1)); done
SERVES="$(curl -s -o /dev/null -w '%{http_code}' -b "gmis_session=$(awk '$1 == "prefecture" { print $2 }' "$WORK/cookies.txt")" "http://$LB/area")"

OUT="$ROOT/bench/results/drill_aborted.md"
PASS=1
{
  echo "## Aborted requests drill, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, 2 instances on PostgreSQL behind HAProxy"
  echo
  echo "| measure | value |"
  echo "|---|---|"
  echo "| requests abandoned, by kind | $(awk '{ printf "%s%s %s", sep, $1, $2; sep = ", " }' "$WORK/sent.txt") (in $TOOK ms) |"
  echo "| database sessions idle in a transaction: most at once during / after | $(cat "$WORK/most_idle") / $IDLE_AFTER |"
  echo "| database sessions before / after (the two pools hold at most 32) | $SESSIONS_BEFORE / $SESSIONS_AFTER |"
  echo "| instance memory (RSS) before / after | ${RSS_BEFORE[0]} MB, ${RSS_BEFORE[1]} MB / ${RSS_AFTER[0]} MB, ${RSS_AFTER[1]} MB |"
  echo "| instances alive / the area page through the load balancer afterwards | $ALIVE of 2 / HTTP $SERVES |"
} | tee "$OUT"
[ "$IDLE_AFTER" = 0 ] || PASS=0
[ "$SESSIONS_AFTER" -le 32 ] || { echo "more database sessions than the two pools hold" | tee -a "$OUT"; PASS=0; }
for i in 0 1; do
  limit=$(( RSS_BEFORE[i] * 125 / 100 )); [ "$limit" -lt $(( RSS_BEFORE[i] + 16 )) ] && limit=$(( RSS_BEFORE[i] + 16 ))
  [ "${RSS_AFTER[$i]}" -le "$limit" ] || { echo "instance $((i + 1)) kept ${RSS_AFTER[$i]} MB (level ${RSS_BEFORE[i]} MB)" | tee -a "$OUT"; PASS=0; }
done
[ "$ALIVE" = 2 ] && [ "$SERVES" = 200 ] || PASS=0
if [ "$PASS" = 1 ]; then
  echo; echo "PASS: no transaction or connection left open, memory back to its level." | tee -a "$OUT"
else
  echo "FAIL" | tee -a "$OUT"; exit 1
fi
