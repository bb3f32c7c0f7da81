#!/usr/bin/env python3
"""Prepares the national-day benchmark: adds N reporting facilities (about one
in six a hospital) with one logged-in session each to a seeded G-MIS
database, and writes the sessions for the load client
(server/examples/national_day.rs): `token kind facility_id day` a line.

Sessions are inserted the way `gmis` stores them (SHA-256 of a random token),
so every benchmark request goes through the real session lookup; only the
50,000 argon2 logins, which are not part of a reporting day's hot path, are
skipped. DB is a SQLite file's path or a `postgres://` URL (written with
psql's COPY; the drills' clusters). Usage: national_day.py DB OUT_FILE [N]"""
import hashlib
import secrets
import subprocess
import sys
from datetime import datetime, timedelta, timezone

db_url, out_path = sys.argv[1], sys.argv[2]
n = int(sys.argv[3]) if len(sys.argv) > 3 else 50_000
now = datetime.now(timezone.utc).isoformat()
today = (datetime.now(timezone.utc) + timedelta(hours=9)).date().isoformat()

FACILITIES = "facilities (id, medical_code, kind, name, prefecture_code, address, designated_from, created_at)"
USERS = ("users (id, login_id, role, display_name, facility_id, status, migrated, failed_logins,"
         " password_changed_at, created_at)")
SESSIONS = "sessions (id, user_id, created_at, last_seen_at)"


def rows(first_id, first_user):
    facilities, users, sessions, lines = [], [], [], []
    for i in range(n):
        fid, uid = first_id + i, first_user + i
        kind = "hospital" if i % 6 == 0 else "clinic"
        pref = f"{i % 47 + 1:02d}"
        name = f"負荷試験医療機関{i:05d}"
        facilities.append((fid, f"{pref}9{i:07d}", kind, name, pref, f"負荷試験住所{i}", "2026-01-04", now))
        users.append((uid, f"BENCH{i:06d}", "facility", name, fid, "active", False, 0, now, now))
        token = secrets.token_urlsafe(32)
        sessions.append((hashlib.sha256(token.encode()).hexdigest(), uid, now, now))
        lines.append(f"{token} {kind} {fid} {today}")
    return facilities, users, sessions, lines


def sqlite(path):
    import sqlite3
    db = sqlite3.connect(path)
    first_id = db.execute("select coalesce(max(id), 0) + 1 from facilities").fetchone()[0]
    first_user = db.execute("select coalesce(max(id), 0) + 1 from users").fetchone()[0]
    facilities, users, sessions, lines = rows(first_id, first_user)
    with db:
        for table, values in ((FACILITIES, facilities), (USERS, users), (SESSIONS, sessions)):
            db.executemany(f"insert into {table} values ({', '.join('?' * len(values[0]))})", values)
    return lines


def postgres(url):
    def psql(*args, stdin=None):
        return subprocess.run(["psql", url, "-v", "ON_ERROR_STOP=1", "-qAt", *args], input=stdin,
                              capture_output=True, text=True, check=True).stdout

    first_id, first_user = (int(v) for v in psql(
        "-c", "select coalesce(max(id), 0) + 1 from facilities",
        "-c", "select coalesce(max(id), 0) + 1 from users").split())
    facilities, users, sessions, lines = rows(first_id, first_user)

    def copy(values):
        return "".join("\t".join(str(v).lower() if isinstance(v, bool) else str(v) for v in row) + "\n"
                       for row in values) + "\\.\n"

    script = "".join(f"copy {table} from stdin;\n{copy(values)}"
                     for table, values in ((FACILITIES, facilities), (USERS, users), (SESSIONS, sessions)))
    # The rows carry their ids: move the sequences past them.
    script += ("select setval(pg_get_serial_sequence('facilities', 'id'), (select max(id) from facilities));\n"
               "select setval(pg_get_serial_sequence('users', 'id'), (select max(id) from users));\n")
    psql("-1", "-f", "-", stdin=script)
    return lines


lines = postgres(db_url) if db_url.startswith("postgres") else sqlite(db_url)
with open(out_path, "w") as f:
    f.write("\n".join(lines) + "\n")
print(f"{n} facilities and sessions ready for {today}")
