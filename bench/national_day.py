#!/usr/bin/env python3
"""Prepares the national-day benchmark: adds N reporting facilities (about one
in six a hospital) with one logged-in session each to a seeded SQLite G-MIS
database, and writes the sessions for bench/national_day.lua.

Sessions are inserted the way `gmis` stores them (SHA-256 of a random token),
so every benchmark request goes through the real session lookup; only the
50,000 argon2 logins, which are not part of a reporting day's hot path, are
skipped. Usage: national_day.py DB_PATH OUT_FILE [N]"""
import hashlib
import secrets
import sqlite3
import sys
from datetime import datetime, timedelta, timezone

db_path, out_path = sys.argv[1], sys.argv[2]
n = int(sys.argv[3]) if len(sys.argv) > 3 else 50_000
now = datetime.now(timezone.utc).isoformat()
today = (datetime.now(timezone.utc) + timedelta(hours=9)).date().isoformat()
db = sqlite3.connect(db_path)
facilities, users, sessions, lines = [], [], [], []
first_id = db.execute("select coalesce(max(id), 0) + 1 from facilities").fetchone()[0]
first_user = db.execute("select coalesce(max(id), 0) + 1 from users").fetchone()[0]
for i in range(n):
    fid, uid = first_id + i, first_user + i
    kind = "hospital" if i % 6 == 0 else "clinic"
    pref = f"{i % 47 + 1:02d}"
    facilities.append((fid, f"{pref}9{i:07d}", kind, f"負荷試験医療機関{i:05d}", pref, f"負荷試験住所{i}", "2026-01-04", now))
    users.append((uid, f"BENCH{i:06d}", "facility", f"負荷試験医療機関{i:05d}", fid, "active", now, now))
    token = secrets.token_urlsafe(32)
    sessions.append((hashlib.sha256(token.encode()).hexdigest(), uid, now, now))
    lines.append(f"{token} {kind} {fid} {today}")
with db:
    db.executemany(
        "insert into facilities (id, medical_code, kind, name, prefecture_code, address, designated_from, created_at)"
        " values (?, ?, ?, ?, ?, ?, ?, ?)", facilities)
    db.executemany(
        "insert into users (id, login_id, role, display_name, facility_id, status, migrated, failed_logins,"
        " password_changed_at, created_at) values (?, ?, ?, ?, ?, ?, 0, 0, ?, ?)", users)
    db.executemany("insert into sessions (id, user_id, created_at, last_seen_at) values (?, ?, ?, ?)", sessions)
with open(out_path, "w") as f:
    f.write("\n".join(lines) + "\n")
print(f"{n} facilities and sessions ready for {today}")
