#!/usr/bin/env python3
"""The drills' "nothing lost, nothing doubled" check of the national-day load.

Usage: check.py DB SESSIONS_FILE [ACKED_FILE ...]

DB is a SQLite file's path or a `postgres://` URL (read with psql).
SESSIONS_FILE names the load's facilities (bench/national_day.py); each
ACKED_FILE lists the reports the client was answered 200 / Saved for
(`facility_id submission_id` a line). Prints `name value` lines:

  acked       reports acknowledged to the client
  reports     the load's reports in the database (one per facility and day)
  revisions   their revision rows
  audit       their `report.submitted` audit rows
  missing     acknowledged, but no revision row with that submission id
  doubled     acknowledged with more than one revision or audit row, plus
              facilities with more than one report of the day
  wrong_unit  acknowledged, but stored under another facility
  unaudited   acknowledged without exactly one audit row
"""
import subprocess
import sys
from collections import Counter


def query(db, sql):
    if db.startswith("postgres"):
        out = subprocess.run(["psql", db, "-qAt", "-F", "\t", "-c", sql],
                             capture_output=True, text=True, check=True).stdout
        return [tuple(line.split("\t")) for line in out.splitlines() if line]
    import sqlite3
    return [tuple(str(v) for v in row) for row in sqlite3.connect(db).execute(sql)]


def main():
    db, sessions, acked_files = sys.argv[1], sys.argv[2], sys.argv[3:]
    # Only the load's facilities: seed-demo's history has reports of its own.
    load_units = {line.split()[2] for line in open(sessions)}
    acked = {}
    for path in acked_files:
        for line in open(path):
            fid, sid = line.split()
            acked[sid] = fid
    reports = [(rid, unit, survey, period) for rid, unit, survey, period in query(
        db, "select id, unit_id, survey, period from reports where unit_kind = 'facility'") if unit in load_units]
    ours = {rid for rid, *_ in reports}
    revisions = [(sid, rid, unit) for sid, rid, unit in query(
        db, "select v.submission_id, v.report_id, r.unit_id from report_revisions v"
            " join reports r on r.id = v.report_id where r.unit_kind = 'facility'")]
    per_submission = Counter(sid for sid, _, _ in revisions)
    report_of = {sid: rid for sid, rid, _ in revisions}
    unit_of = {sid: unit for sid, _, unit in revisions}
    audited = {target: int(n) for target, n in query(
        db, "select target_id, count(*) from audit_log where action = 'report.submitted' group by target_id")}

    missing = [s for s in acked if s not in per_submission]
    doubled = [s for s in acked if per_submission.get(s, 0) > 1 or audited.get(report_of.get(s), 0) > 1]
    wrong_unit = [s for s in acked if s in unit_of and unit_of[s] != acked[s]]
    unaudited = [s for s in acked if s in report_of and audited.get(report_of[s], 0) != 1]
    second_of_day = sum(n - 1 for n in Counter((unit, survey, period) for _, unit, survey, period in reports).values())
    print("acked", len(acked))
    print("reports", len(reports))
    print("revisions", sum(1 for _, rid, _ in revisions if rid in ours))
    print("audit", sum(n for target, n in audited.items() if target in ours))
    print("missing", len(missing))
    print("doubled", len(doubled) + second_of_day)
    print("wrong_unit", len(wrong_unit))
    print("unaudited", len(unaudited))


main()
