#!/usr/bin/env bash
# Drill: acknowledged means committed (issue 19, item 4; docs/decisions.md,
# "Group commit"). The national-day load of bench/national_day.sh — N
# facilities, one live session each, 64 connections, release `gmis serve` on
# SQLite — is cut short by `kill -9` of the server after KILL_AFTER seconds,
# while batches of reports are being written. The server is started again on
# the same file, and the drill checks that every report the client was
# answered 200 / Saved for is in the database exactly once: its report row,
# its revision row (by submission id) and its `report.submitted` audit row.
# Then the client sends every report it had no answer for again, with the
# same submission ids (as the form resends a draft), and the drill checks
# that the day ends with each facility's report exactly once: a report that
# was committed but whose answer the kill cut off comes back as a repeat.
# Prints the figures; exits non-zero if any check fails.
# Builds into a profile of its own (bench/build.sh): the site's release build
# is left as it was.
# Usage: bash drills/kill_writer.sh [N] [KILL_AFTER_SECONDS]
#        (results also in bench/results/kill_writer.md)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
. scripts/setup.sh
. bench/build.sh
N="${1:-50000}"
KILL_AFTER="${2:-8}"
bench_build --bin gmis --example national_day

WORK="$(mktemp -d /tmp/gmis-kill.XXXXXX)"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
DB="$WORK/nday.db"
export DATABASE_URL="sqlite://$DB" GMIS_LISTEN="127.0.0.1:$PORT" GMIS_PUBLIC_URL="http://127.0.0.1:$PORT" \
  GMIS_SITE_ROOT="$ROOT/target/site" GMIS_OUTBOX_DIR="$WORK/outbox" RUST_LOG=warn
SERVER=""
trap '[ -n "$SERVER" ] && kill $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
"$BENCH_BIN/gmis" seed-demo >/dev/null
python3 bench/national_day.py "$DB" "$WORK/sessions.txt" "$N" >/dev/null

start_server() {
  "$BENCH_BIN/gmis" serve >>"$WORK/gmis.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 150); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && return; sleep 0.2; done
  echo "gmis did not start:" >&2; tail -20 "$WORK/gmis.log" >&2; exit 1
}
# The client, with deterministic submission ids; it writes the reports it was
# answered 200 / Saved for to $2 (`facility_id submission_id` a line).
load() { "$BENCH_BIN/examples/national_day" "127.0.0.1:$PORT" "$1" 64 --acks "$2"; }

# Everything the checks read, as `name value` lines.
check() { # acked files...
  python3 - "$DB" "$WORK/sessions.txt" "$@" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
# Only the load's facilities: seed-demo's history has reports of its own.
db.execute("create temp table load_units (id integer primary key)")
db.executemany("insert into load_units values (?)", ((int(l.split()[2]),) for l in open(sys.argv[2])))
ours = "unit_kind = 'facility' and unit_id in (select id from load_units)"
acked = {}
for path in sys.argv[3:]:
    for line in open(path):
        fid, sid = line.split()
        acked[sid] = int(fid)
revisions = {sid: n for sid, n in db.execute(
    "select submission_id, count(*) from report_revisions group by submission_id")}
ours_ids = f"(select id from reports where {ours})"
rows = {sid: (unit, n) for sid, unit, n in db.execute(
    "select v.submission_id, r.unit_id, count(*) from report_revisions v join reports r on r.id = v.report_id"
    " where r.unit_kind = 'facility' group by v.submission_id")}
audited = {int(t): n for t, n in db.execute(
    "select target_id, count(*) from audit_log where action = 'report.submitted' group by target_id")}
report_of = {sid: rid for sid, rid in db.execute("select submission_id, report_id from report_revisions")}
missing = [s for s in acked if s not in revisions]
doubled = [s for s in acked if revisions.get(s, 0) > 1 or audited.get(report_of.get(s), 0) > 1]
wrong_unit = [s for s in acked if s in rows and rows[s][0] != acked[s]]
unaudited = [s for s in acked if s in report_of and audited.get(report_of[s], 0) != 1]
per_unit = db.execute(f"select count(*) from (select unit_id from reports where {ours}"
                      " group by unit_id, survey, period having count(*) > 1)").fetchone()[0]
print("acked", len(acked))
print("reports", db.execute(f"select count(*) from reports where {ours}").fetchone()[0])
print("revisions", db.execute(f"select count(*) from report_revisions where report_id in {ours_ids}").fetchone()[0])
print("audit", db.execute("select count(*) from audit_log where action = 'report.submitted'"
                          f" and cast(target_id as integer) in {ours_ids}").fetchone()[0])
print("missing", len(missing))
print("doubled", len(doubled) + per_unit)
print("wrong_unit", len(wrong_unit))
print("unaudited", len(unaudited))
PY
}
value() { awk -v k="$1" '$1 == k { print $2 }' <<<"$2"; }
say "load, then kill -9 after $KILL_AFTER s"
start_server
load "$WORK/sessions.txt" "$WORK/acked-1.txt" >"$WORK/client-1.txt" &
CLIENT=$!
sleep "$KILL_AFTER"
kill -9 "$SERVER"
wait "$SERVER" 2>/dev/null || true
SERVER=""
wait "$CLIENT"
KILLED_AT="$(value reports "$(check "$WORK/acked-1.txt")")"

say "restart, check, resend what was not acknowledged"
start_server
AFTER_KILL="$(check "$WORK/acked-1.txt")"
python3 - "$WORK/sessions.txt" "$WORK/acked-1.txt" "$WORK/resend.txt" <<'PY'
import sys
acked = {line.split()[0] for line in open(sys.argv[2])}
with open(sys.argv[3], "w") as out:
    for line in open(sys.argv[1]):
        if line.split()[2] not in acked:
            out.write(line)
PY
RESEND="$(wc -l <"$WORK/resend.txt")"
load "$WORK/resend.txt" "$WORK/acked-2.txt" >"$WORK/client-2.txt"
FINAL="$(check "$WORK/acked-1.txt" "$WORK/acked-2.txt")"
IFS='|' read -r _ _ OK1 FAILED1 SECS1 RPS1 _ _ UNANSWERED1 <<<"$(grep '^RESULT|reports|' "$WORK/client-1.txt")"
IFS='|' read -r _ _ OK2 FAILED2 _ _ _ _ UNANSWERED2 <<<"$(grep '^RESULT|reports|' "$WORK/client-2.txt")"
ACKED="$(value acked "$AFTER_KILL")"
IN_DB="$(value reports "$AFTER_KILL")"

OUT="$ROOT/bench/results/kill_writer.md"
mkdir -p "$(dirname "$OUT")"
PASS=1
{
  echo "## kill -9 drill, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, SQLite, $N facilities, 64 connections"
  echo
  echo "| measure | value |"
  echo "|---|---|"
  echo "| before the kill ($KILL_AFTER s): answered 200 / Saved | $OK1 ($RPS1 reports/s) |"
  echo "| before the kill: refused, and cut off without an answer | $FAILED1, $UNANSWERED1 |"
  echo "| reports in the file right after the kill / after the restart | $KILLED_AT / $IN_DB |"
  echo "| committed but never acknowledged (answer lost with the server) | $((IN_DB - ACKED)) |"
  echo "| acknowledged but missing after the restart | $(value missing "$AFTER_KILL") |"
  echo "| acknowledged and doubled (revision or audit row, or a second report of the day) | $(value doubled "$AFTER_KILL") |"
  echo "| acknowledged without exactly one audit row / under another facility | $(value unaudited "$AFTER_KILL") / $(value wrong_unit "$AFTER_KILL") |"
  echo "| resent with the same submission ids (not acknowledged before) | $RESEND: $OK2 answered 200 / Saved, $FAILED2 refused, $UNANSWERED2 unanswered |"
  echo "| at the end: reports / revisions / report.submitted audit rows | $(value reports "$FINAL") / $(value revisions "$FINAL") / $(value audit "$FINAL") of $N |"
  echo "| at the end: missing / doubled | $(value missing "$FINAL") / $(value doubled "$FINAL") |"
} | tee "$OUT"
for k in missing doubled unaudited wrong_unit; do
  [ "$(value $k "$AFTER_KILL")" = 0 ] && [ "$(value $k "$FINAL")" = 0 ] || PASS=0
done
for k in reports revisions audit; do [ "$(value $k "$FINAL")" = "$N" ] || PASS=0; done
[ "$OK1" -gt 0 ] && [ "$IN_DB" -lt "$N" ] || { echo "the kill did not fall inside the load: change KILL_AFTER" | tee -a "$OUT"; PASS=0; }
if [ "$PASS" = 1 ]; then echo; echo "PASS: every acknowledged report survived kill -9 exactly once." | tee -a "$OUT"; else echo "FAIL" | tee -a "$OUT"; exit 1; fi
