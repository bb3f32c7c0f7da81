#!/usr/bin/env python3
"""Writes a previous-system export (docs/legacy-export.md) of any size:
facilities.csv and memberships.csv, and with --days the daily report files
(hospital_daily_2020.csv / hospital_daily.csv either side of 2021-04-01,
clinic_daily.csv, centre_daily.csv: one row per unit and day from --first)
and supplies_weekly.csv (one row per hospital and clinic and per Monday
among those days), and the SOS history (sos_requests.csv, sos_lines.csv,
sos_events.csv: about three requests per hundred hospitals and clinics, each
with one to three supplies and a chain of events valid in G-MIS's SOS
workflow),
in CP932 with CRLF, 和暦 and full-width digits here and there, real
municipalities from G-MIS's JIS X 0402 list, and valid 医療機関コード with
their check digits. Deterministic: the same --seed and --units give the same
bytes. Only the Python standard library.

    bench/legacy_export.py --units 40000 --out /tmp/export [--seed 1] [--bad 0.01] [--days 90]

--bad is the share of rows spoilt on purpose (a wrong check digit, an
impossible 和暦 date, an unknown association, a report breaking its
version's cross-field rule, a negative stock of supplies, an SOS request
shipped without being accepted): each becomes one rejected row (and a
refused unit refuses its reports too; a refused SOS request its lines and
events).
"""

import argparse
import csv
import datetime
import os
import random

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PREFECTURES = [
    "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県", "栃木県", "群馬県",
    "埼玉県", "千葉県", "東京都", "神奈川県", "新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県",
    "岐阜県", "静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府", "兵庫県", "奈良県", "和歌山県",
    "鳥取県", "島根県", "岡山県", "広島県", "山口県", "徳島県", "香川県", "愛媛県", "高知県", "福岡県",
    "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県",
]
FACILITY_HEADER = [
    "区分", "医療機関コード", "名称", "都道府県", "市区町村コード", "市区町村名", "郵便番号", "所在地",
    "病床数", "診療・検査医療機関指定日", "メールアドレス", "ログインID",
]
MEMBERSHIP_HEADER = ["医師会ログインID", "医師会名", "医療機関コード", "医療機関名", "開始日", "終了日"]
FULL_WIDTH = str.maketrans("0123456789/-", "０１２３４５６７８９／－")
HOSPITAL_2020 = [
    "外来", "入院", "救急", "手術", "医師の充足", "看護師の充足", "新型コロナ入院患者数", "うち重症者数",
    "人工呼吸器 使用中", "人工呼吸器 保有", "ECMO 使用中", "ECMO 保有", "確保病床数", "うち使用中の病床数",
    "発熱外来 受診者数", "PCR検査 実施件数", "うち陽性件数",
]
HOSPITAL_2021 = [
    "外来", "入院", "救急", "職員の充足", "新型コロナ入院患者数", "うち重症者数", "人工呼吸器 使用中",
    "人工呼吸器 保有", "ECMO 使用中", "ECMO 保有", "確保病床数", "うち使用中の病床数",
]
CLINIC = ["発熱患者等 受診者数", "PCR検査 件数", "抗原検査 件数", "陽性件数", "入院医療機関への紹介"]
SUPPLIES = ["サージカルマスク", "N95等マスク", "アイソレーションガウン", "フェイスシールド", "非滅菌手袋"]
SUPPLY_PARTS = ["在庫量", "前週の使用量", "入荷予定量"]
CENTRE = ["相談件数", "うち受診調整件数", "健康観察の架電件数", "入院中", "宿泊療養中", "自宅療養中", "療養先調整中"]
REVISION_2021 = datetime.date(2021, 4, 1)
CALLS_FROM = datetime.date(2021, 10, 1)
NAMES = ["中央", "みなと", "さくら", "あおば", "ひかり", "みどり", "駅前", "北", "南", "東", "西", "ファミリー"]


def luhn(body):
    """body (9 digits) with its check digit appended."""
    for c in "0123456789":
        total = 0
        for i, ch in enumerate(reversed(body + c)):
            d = int(ch)
            if i % 2 == 1:
                d *= 2
                d = d // 10 + d % 10
            total += d
        if total % 10 == 0:
            return body + c
    raise ValueError(body)


def municipalities():
    """Codes in force of G-MIS's list, per prefecture code (designated
    cities' wards left out: facilities are filed under the city)."""
    by_pref = {}
    with open(os.path.join(ROOT, "migrations", "data", "municipalities.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["retired_on"] or row["kind"] == "ward":
                continue
            by_pref.setdefault(row["prefecture_code"], []).append((row["code"], row["name"]))
    return by_pref


def wareki(y, m, d, style):
    """A date as an old screen printed it (style 0–3)."""
    if style == 0:
        return f"{y}/{m:02d}/{d:02d}"
    era, first = ("令和", 2019) if (y, m, d) >= (2019, 5, 1) else ("平成", 1989)
    n = y - first + 1
    if style == 1:
        return f"{era}{'元' if n == 1 else n}年{m}月{d}日"
    letter = "R" if era == "令和" else "H"
    return f"{letter}{n}.{m}.{d}" if style == 2 else f"{letter}{n:02d}.{m:02d}.{d:02d}"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--units", type=int, default=1000, help="rows of facilities.csv")
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--bad", type=float, default=0.0, help="share of rows spoilt on purpose")
    ap.add_argument("--days", type=int, default=0, help="days of daily reports per hospital, clinic and centre")
    ap.add_argument("--first", default="2021-02-01", help="first reporting day (YYYY-MM-DD)")
    args = ap.parse_args()
    rnd = random.Random(args.seed)
    munis = municipalities()
    prefs = sorted(munis)
    os.makedirs(args.out, exist_ok=True)

    facilities, clinics, associations = [], [], []
    serial = {}
    for i in range(args.units):
        pref = prefs[i % len(prefs)]
        code, city = rnd.choice(munis[pref])
        pname = PREFECTURES[int(pref) - 1]
        r = rnd.random()
        kind = "病院" if r < 0.2 else "診療所" if r < 0.95 else "受診・相談センター" if r < 0.98 else "医師会"
        n = serial[pref] = serial.get(pref, 0) + 1
        label = {"病院": "H", "診療所": "C", "受診・相談センター": "S", "医師会": "A"}[kind]
        login = f"{pref}{label}{n:06d}"
        name_part = f"{city}{rnd.choice(NAMES)}{n}"
        medical, beds, designated = "", "", ""
        if kind in ("病院", "診療所"):
            medical = luhn(f"{pref}1{n:06d}")
            if kind == "病院":
                beds = str(rnd.randint(20, 800))
            else:
                beds = str(rnd.randint(0, 19)) if rnd.random() < 0.2 else ""
                y, m, d = rnd.choice([(2020, 11, 1), (2020, 11, 16), (2021, 1, 4), (2021, 2, 1)])
                designated = wareki(y, m, d, rnd.randrange(4))
        name = {"病院": f"{name_part}病院", "診療所": f"{name_part}クリニック",
                "受診・相談センター": f"{city}受診・相談センター{n}", "医師会": f"{city}医師会{n}"}[kind]
        if rnd.random() < 0.1:
            medical, beds = medical.translate(FULL_WIDTH), beds.translate(FULL_WIDTH)
        email = f"{login.lower()}@example.jp" if rnd.random() < 0.7 else ""
        postal = f"{rnd.randint(100, 999)}-{rnd.randint(0, 9999):04d}"
        address = f"{pname}{city}{rnd.randint(1, 9)}-{rnd.randint(1, 30)}-{rnd.randint(1, 20)}"
        if rnd.random() < args.bad:
            spoil = rnd.randrange(2)
            if spoil == 0 and medical:
                medical = medical[:-1] + str((int(medical[-1]) + 1) % 10)
            elif kind == "診療所":
                designated = "平成32年4月1日"
            else:
                login = ""
        facilities.append([kind, medical, name, pname, code, city, postal, address, beds, designated, email, login])
        if kind == "診療所" and medical:
            clinics.append((pref, medical, name))
        if kind == "医師会" and login:
            associations.append((pref, login, name))

    memberships = []
    by_pref = {}
    for a in associations:
        by_pref.setdefault(a[0], []).append(a)
    for pref, medical, name in clinics:
        if pref not in by_pref or rnd.random() > 0.3:
            continue
        _, login, aname = rnd.choice(by_pref[pref])
        start = wareki(2020, 11, rnd.randint(1, 30), rnd.randrange(4))
        end = "" if rnd.random() < 0.8 else "2021/03/31"
        if rnd.random() < args.bad:
            login = f"{pref}A999999"
        memberships.append([login, aname, medical.translate(str.maketrans("０１２３４５６７８９", "0123456789")), name, start, end])

    for name, header, rows in [("facilities.csv", FACILITY_HEADER, facilities), ("memberships.csv", MEMBERSHIP_HEADER, memberships)]:
        with open(os.path.join(args.out, name), "w", encoding="cp932", newline="") as f:
            w = csv.writer(f, lineterminator="\r\n")
            w.writerow(header)
            w.writerows(rows)
    print(f"{args.out}: facilities.csv {len(facilities)} rows, memberships.csv {len(memberships)} rows")
    if args.days:
        reports(args, rnd, facilities)


def reports(args, rnd, facilities):
    """The daily report files: one row per unit and day, in time order."""
    first = datetime.date.fromisoformat(args.first)
    days = [first + datetime.timedelta(days=i) for i in range(args.days)]
    units = [(f[0], f[1].translate(str.maketrans("０１２３４５６７８９", "0123456789")), f[11]) for f in facilities]
    files = {
        "hospital_daily_2020.csv": ["医療機関コード", "報告日", "報告なし"] + HOSPITAL_2020,
        "hospital_daily.csv": ["医療機関コード", "報告日", "報告なし"] + HOSPITAL_2021,
        "clinic_daily.csv": ["医療機関コード", "報告日", "報告なし"] + CLINIC,
        "centre_daily.csv": ["センターログインID", "報告日", "報告なし"] + CENTRE,
    }
    handles, written = {}, {}
    for name, header in files.items():
        f = open(os.path.join(args.out, name), "w", encoding="cp932", newline="")
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(header + ["入力者ログインID", "最終更新日時"])
        handles[name], written[name] = (f, w), 0
    status = ["通常"] * 6 + ["制限", "停止"]
    staffing = ["通常"] * 6 + ["欠員あり", "枯渇"]
    for day in days:
        day_text = day.strftime("%Y/%m/%d") if rnd.random() > 0.05 else wareki(day.year, day.month, day.day, rnd.randrange(4))
        for kind, code, login in units:
            if kind == "医師会" or not login:
                continue
            saved = f"{day:%Y/%m/%d} {rnd.randint(8, 18):02d}:{rnd.randint(0, 59):02d}:{rnd.randint(0, 59):02d}"
            nothing = rnd.random() < 0.03
            bad = rnd.random() < args.bad
            if kind == "病院":
                inpatients, owned, secured = rnd.randint(0, 60), rnd.randint(0, 20), rnd.randint(20, 200)
                counts = [inpatients, rnd.randint(0, inpatients), rnd.randint(0, owned), owned]
                ecmo = rnd.randint(0, 3)
                counts += [rnd.randint(0, ecmo), ecmo, secured, rnd.randint(0, secured)]
                if bad:
                    counts[1] = inpatients + 1
                if day < REVISION_2021:
                    tests = rnd.randint(0, 200)
                    values = [rnd.choice(status) for _ in range(4)] + [rnd.choice(staffing) for _ in range(2)]
                    values += counts + [rnd.randint(0, 300), tests, rnd.randint(0, tests)]
                    name = "hospital_daily_2020.csv"
                else:
                    values = [rnd.choice(status) for _ in range(3)] + [rnd.choice(staffing)] + counts
                    name = "hospital_daily.csv"
                unit = code
            elif kind == "診療所":
                fever = rnd.randint(0, 40)
                values = [fever, rnd.randint(0, fever), rnd.randint(0, fever), rnd.randint(0, fever), rnd.randint(0, fever // 4)]
                if bad:
                    values[4] = fever + 1
                name, unit = "clinic_daily.csv", code
            else:
                calls = rnd.randint(0, 900) if day >= CALLS_FROM else ""
                consultations = rnd.randint(0, 2000)
                values = [consultations, rnd.randint(0, consultations), calls] + [rnd.randint(0, 500) for _ in range(4)]
                if bad:
                    values[1] = consultations + 1
                name, unit = "centre_daily.csv", login
            values = [str(v) for v in values]
            if rnd.random() < 0.05:
                values = [v.translate(FULL_WIDTH) for v in values]
            if nothing:
                values = [""] * len(values)
            handles[name][1].writerow([unit, day_text, "1" if nothing else ""] + values + [login, saved])
            written[name] += 1
    for name, (f, _) in handles.items():
        f.close()
        print(f"{args.out}: {name} {written[name]} rows")
    supplies(args, rnd, units, [d for d in days if d.weekday() == 0])
    sos(args, rnd, units, days)


# The SOS workflow of G-MIS (domain::supplies::next_state), as the export names the states.
SOS_PATHS = [
    ["受付"],
    ["受付", "承認"],
    ["受付", "却下"],
    ["受付", "取消"],
    ["受付", "承認", "発送済"],
    ["受付", "承認", "発送済", "受領済"],
    ["受付", "承認", "発送済", "受領済", "完了"],
    ["受付", "承認", "発送済", "受領済", "完了"],
]


def sos(args, rnd, units, days):
    """The SOS files: about 3 requests per hundred hospitals and clinics."""
    files = {
        "sos_requests.csv": ["要請番号", "医療機関コード", "要請日時", "処理日", "状態", "最少在庫日数", "要請理由",
                             "却下理由", "発送日", "配送業者", "追跡番号", "受領メモ", "要請者ログインID"],
        "sos_lines.csv": ["要請番号", "物資", "要請数", "在庫日数", "発送数", "受領数"],
        "sos_events.csv": ["要請番号", "日時", "変更前状態", "変更後状態", "操作者ログインID", "メモ"],
    }
    handles, written = {}, {name: 0 for name in files}
    for name, header in files.items():
        f = open(os.path.join(args.out, name), "w", encoding="cp932", newline="")
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(header)
        handles[name] = (f, w)
    number = 0
    for kind, code, login in units:
        if kind not in ("病院", "診療所") or not code or not login or rnd.random() >= 0.03:
            continue
        number += 1
        key = f"SOS-{number:07d}"
        day = rnd.choice(days)
        at = datetime.datetime.combine(day, datetime.time(rnd.randint(8, 17), rnd.randint(0, 59)))
        batch = day if at.hour < 13 else day + datetime.timedelta(days=1)
        while batch.weekday() >= 5:
            batch += datetime.timedelta(days=1)
        path = list(rnd.choice(SOS_PATHS))
        if rnd.random() < args.bad and "承認" in path:
            path.remove("承認")
        state = path[-1]
        shipped = "発送済" in path
        on = at.date() + datetime.timedelta(days=2)
        supplies = rnd.sample(SUPPLIES, rnd.randint(1, 3))
        lines = []
        for s in supplies:
            qty = rnd.randint(1, 50) * 100
            sent = max(0, qty - rnd.randint(0, 2) * 100) if shipped else None
            got = sent if shipped and "受領済" in path else None
            lines.append([key, s, qty, rnd.randint(0, 6), "" if sent is None else sent, "" if got is None else got])
        tracking = f"{rnd.randint(1000, 9999)}-{rnd.randint(1000, 9999)}-{rnd.randint(1000, 9999)}"
        handles["sos_requests.csv"][1].writerow([
            key, code, f"{at:%Y/%m/%d %H:%M:%S}", f"{batch:%Y/%m/%d}", state, "", f"{supplies[0]}の在庫が不足しています",
            "定期配布で対応します" if state == "却下" else "", f"{on:%Y/%m/%d}" if shipped else "",
            "日本郵便" if shipped else "", tracking if shipped else "", "", login,
        ])
        for line in lines:
            handles["sos_lines.csv"][1].writerow(line)
        when, previous = at, ""
        for step in path:
            handles["sos_events.csv"][1].writerow([key, f"{when:%Y/%m/%d %H:%M:%S}", previous, step,
                                                  login if step in ("受付", "受領済", "取消") else "", ""])
            previous, when = step, when + datetime.timedelta(hours=rnd.randint(1, 30))
        written["sos_requests.csv"] += 1
        written["sos_lines.csv"] += len(lines)
        written["sos_events.csv"] += len(path)
    for name, (f, _) in handles.items():
        f.close()
        print(f"{args.out}: {name} {written[name]} rows")


def supplies(args, rnd, units, mondays):
    """supplies_weekly.csv: one row per hospital and clinic and Monday."""
    name = "supplies_weekly.csv"
    header = ["医療機関コード", "週"] + [f"{s} {p}" for s in SUPPLIES for p in SUPPLY_PARTS]
    written = 0
    with open(os.path.join(args.out, name), "w", encoding="cp932", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(header + ["入力者ログインID", "最終更新日時"])
        for monday in mondays:
            week = monday.strftime("%Y/%m/%d") if rnd.random() > 0.05 else wareki(monday.year, monday.month, monday.day, rnd.randrange(4))
            for kind, code, login in units:
                if kind not in ("病院", "診療所") or not code or not login:
                    continue
                scale = 10 if kind == "病院" else 1
                values = []
                for _ in SUPPLIES:
                    used = rnd.randint(0, 500 * scale)
                    expected = str(rnd.randint(0, 1000 * scale)) if rnd.random() < 0.3 else ""
                    values += [str(rnd.randint(0, 3000 * scale)), str(used), expected]
                if rnd.random() < args.bad:
                    values[0] = "-1"
                if rnd.random() < 0.05:
                    values = [v.translate(FULL_WIDTH) for v in values]
                saved = f"{monday:%Y/%m/%d} {rnd.randint(8, 18):02d}:{rnd.randint(0, 59):02d}:{rnd.randint(0, 59):02d}"
                w.writerow([code, week] + values + [login, saved])
                written += 1
    print(f"{args.out}: {name} {written} rows")


if __name__ == "__main__":
    main()
