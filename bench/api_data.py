#!/usr/bin/env python3
"""Prepares the API benchmark (bench/api.sh) in a seeded SQLite G-MIS
database: a country of UNITS reporting units (a tenth in Tokyo, a fifth of
the facilities hospitals, one unit in fifty a consultation centre) with a
daily report from each for the DAYS days before today (5 % missing), stored
as the report service stores them; and MEMBERS clinics in Tokyo without any
report, members of the demo association DEMAGG22, for the push.

Reports are written in day order, as a year of reporting leaves them. The
running totals are left to `gmis`, which rebuilds them at start when
reports exist without totals. Usage: api_data.py DB UNITS DAYS MEMBERS"""
import sqlite3
import sys
from datetime import date, datetime, timedelta, timezone

db_path, units, days, members = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
now = datetime.now(timezone.utc)
stamp = now.strftime("%Y-%m-%d %H:%M:%S+00:00")
today = (now + timedelta(hours=9)).date()
db = sqlite3.connect(db_path)
db.execute("pragma synchronous = off")
db.execute("pragma cache_size = -2000000")

admin = db.execute("select id from users where role = 'ministry_admin' order by id").fetchone()[0]
aggregator = db.execute("select aggregator_id from users where login_id = 'DEMAGG22'").fetchone()[0]
places = {}
for code, pref in db.execute("select code, prefecture_code from municipalities"):
    places.setdefault(pref, []).append(code)
first_day = today - timedelta(days=days)


def version(survey):
    return db.execute(
        "select id from survey_versions where survey = ? and effective_from <= ? order by effective_from desc",
        (survey, first_day.isoformat())).fetchone()[0]


versions = {s: version(s) for s in ("hospital_daily", "clinic_daily", "centre_daily")}


def place(i):
    pref = "13" if (i // 11) % 10 == 0 else f"{[p for p in range(1, 48) if p != 13][i % 46]:02d}"
    codes = places.get(pref)
    return pref, codes[i % len(codes)] if codes else None


facility_id = db.execute("select coalesce(max(id), 0) from facilities").fetchone()[0]
centre_id = db.execute("select coalesce(max(id), 0) from consultation_centres").fetchone()[0]
facilities, centres, reporting = [], [], []  # reporting: (survey, kind, id)
for i in range(units):
    pref, muni = place(i)
    if i % 50 == 7:
        centre_id += 1
        centres.append((centre_id, f"負荷試験センター{i}", pref, muni, stamp))
        reporting.append(("centre_daily", "centre", centre_id))
    else:
        facility_id += 1
        hospital = i % 5 == 1
        facilities.append((facility_id, f"{pref}8{i:07d}", "hospital" if hospital else "clinic", f"負荷試験施設{i}",
                           pref, muni, f"負荷試験住所{i}", None if hospital else "2020-01-01", stamp))
        reporting.append(("hospital_daily" if hospital else "clinic_daily", "facility", facility_id))
member_ids = []
for j in range(members):
    facility_id += 1
    _, muni = place(0)
    facilities.append((facility_id, f"13{9000000 + j:08d}", "clinic", f"負荷試験会員診療所{j}", "13", muni,
                       f"負荷試験住所会員{j}", "2020-01-01", stamp))
    member_ids.append(facility_id)


def answers(survey, x):
    if survey == "hospital_daily":
        secured = 20 + x % 60
        used = secured * (40 + x % 50) // 100
        inpatients = used * 8 // 10
        return (f'{{"beds_in_use":{used},"covid_inpatients":{inpatients},"covid_severe":{inpatients // 8},'
                f'"ecmo_in_use":0,"ecmo_owned":2,"emergency_status":"normal","inpatient_status":"normal",'
                f'"outpatient_status":"normal","secured_beds":{secured},"staffing":"normal",'
                f'"ventilators_in_use":{inpatients // 16},"ventilators_owned":10}}')
    if survey == "clinic_daily":
        seen = 5 + x % 40
        return (f'{{"antigen_tests":{seen * 3 // 10},"fever_patients":{seen},"pcr_tests":{seen * 6 // 10},'
                f'"positives":{seen // 5},"referrals":{x % 3}}}')
    calls = 30 + x % 90
    return (f'{{"consultations":{calls},"follow_up_calls":{calls // 5},"recuperating_arranging":{calls // 20},'
            f'"recuperating_home":{calls // 3},"recuperating_hospital":{calls // 6},'
            f'"recuperating_hotel":{calls // 8},"referred_to_clinic":{calls * 4 // 10}}}')


with db:
    db.executemany(
        "insert into facilities (id, medical_code, kind, name, prefecture_code, municipality_code, address,"
        " designated_from, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)", facilities)
    db.executemany(
        "insert into consultation_centres (id, name, prefecture_code, municipality_code, created_at)"
        " values (?, ?, ?, ?, ?)", centres)
    db.executemany(
        "insert into aggregator_memberships (aggregator_id, facility_id, valid_from) values (?, ?, ?)",
        [(aggregator, f, (today - timedelta(days=400)).isoformat()) for f in member_ids])
count = 0
for offset in range(days):
    day = first_day + timedelta(days=offset)
    at = datetime(day.year, day.month, day.day, 0, 30, tzinfo=timezone.utc).strftime("%Y-%m-%d %H:%M:%S+00:00")
    rows = []
    for survey, kind, uid in reporting:
        x = (uid * 2_654_435_761) ^ (offset * 40_503)
        if x % 20 == 3:
            continue
        rows.append((survey, kind, uid, day.isoformat(), versions[survey], answers(survey, x), at, at, admin))
    with db:
        db.executemany(
            "insert into reports (survey, unit_kind, unit_id, period, survey_version_id, revision,"
            " nothing_to_report, answers, first_entered_at, updated_at, updated_by)"
            " values (?, ?, ?, ?, ?, 1, 0, ?, ?, ?, ?)", rows)
    count += len(rows)
    if offset % 60 == 59:
        print(f"  {offset + 1} of {days} days, {count:,} reports", file=sys.stderr)
db.execute("analyze")
tokyo = db.execute(
    "select count(*) from reports r left join facilities f on r.unit_kind = 'facility' and f.id = r.unit_id"
    " left join consultation_centres c on r.unit_kind = 'centre' and c.id = r.unit_id"
    " where coalesce(f.prefecture_code, c.prefecture_code) = '13' and r.survey <> 'supplies_weekly'"
    " and r.period between ? and ?",
    (first_day.isoformat(), (today - timedelta(days=1)).isoformat())).fetchone()[0]
print(f"DATA|{count}|{tokyo}|{first_day}|{today - timedelta(days=1)}|{len(member_ids)}")
