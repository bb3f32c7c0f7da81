#!/usr/bin/env python3
"""Clients that give up in the middle (drills/aborted.sh).

Usage: aborted.py HOST:PORT COOKIES_FILE TIMES [--complete]

COOKIES_FILE holds `role token` lines (facility, prefecture, admin). Each
kind of request below is sent TIMES times over 16 connections at once and
abandoned where a failing phone or a closed laptop would leave it; with
--complete each is sent whole and its answer read (the warm-up that sets the
memory level the drill compares with). Prints `kind sent` lines.
"""
import socket
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

host, port = sys.argv[1].rsplit(":", 1)
cookies = dict(line.split() for line in open(sys.argv[2]))
times = int(sys.argv[3])
complete = "--complete" in sys.argv[4:]
today = date.today()
REPORT = ('{"input":{"survey":"hospital_daily","unit":{"Facility":1},"day":"%s","submission_id":"%s",'
          '"base_revision":null,"nothing_to_report":false,"values":{"covid_inpatients":"3"},"reason":""}}')
CSV_ROW = "医療機関,DRILL%06d,中断試験医療機関,13,drill%06d@example.jp\r\n"


def head(method, path, role=None, length=None, content_type=None):
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}:{port}"]
    if role:
        lines.append(f"Cookie: gmis_session={cookies[role]}")
    if content_type:
        lines.append(f"Content-Type: {content_type}")
    if length is not None:
        lines.append(f"Content-Length: {length}")
    lines.append("Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def multipart(field, filename, content, extra=()):
    boundary = "----gmisdrill"
    parts = b""
    for name, value in extra:
        parts += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").encode()
    parts += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{filename}\"\r\n"
              "Content-Type: application/octet-stream\r\n\r\n").encode() + content + f"\r\n--{boundary}--\r\n".encode()
    return f"multipart/form-data; boundary={boundary}", parts


CSV_TYPE, CSV_BODY = multipart("file", "accounts.csv", "".join(CSV_ROW % (n, n) for n in range(20000)).encode(),
                               extra=(("dry_run", "on"),))
INQUIRY_TYPE, INQUIRY_BODY = multipart("file", "photo.jpg", b"\xff\xd8" + b"\x00" * 2_000_000,
                                       extra=(("subject", "中断試験"), ("body", "添付の途中で切れる問い合わせ")))


def kinds(i):
    """(name, request head + body, bytes of it to send before giving up, read this much of the answer first)."""
    report = (REPORT % (today.isoformat(), f"00000000-0000-4000-8000-{i:012d}")).encode()
    login = b"login_id=DEMHSP22&password=" + b"x" * 64
    far = (today - timedelta(days=365)).isoformat()
    download = f"/area/download?kind=revisions&format=csv&from={far}&to={today.isoformat()}"
    return [
        ("report_json_half", head("POST", "/api/reports/submit", "facility", len(report), "application/json") + report,
         len(report) // 2, 0),
        ("report_json_stalled", head("POST", "/api/reports/submit", "facility", len(report), "application/json") + report,
         len(report) - 5, 0),
        ("login_form_half", head("POST", "/login", None, len(login), "application/x-www-form-urlencoded") + login,
         30, 0),
        ("csv_upload_half", head("POST", "/admin/accounts/import/upload", "admin", len(CSV_BODY), CSV_TYPE) + CSV_BODY,
         len(CSV_BODY) // 2, 0),
        ("attachment_upload_half", head("POST", "/api/inquiries/open", "facility", len(INQUIRY_BODY), INQUIRY_TYPE)
         + INQUIRY_BODY, len(INQUIRY_BODY) // 3, 0),
        ("download_cut", head("GET", download, "prefecture"), None, 4096),
        ("page_unread", head("GET", "/", "prefecture"), None, 0),
    ]


def one(kind, i):
    name, request, send, read = kinds(i)[kind]
    s = socket.create_connection((host, int(port)), timeout=30)
    try:
        if complete or send is None:
            s.sendall(request)
        else:
            s.sendall(request[:send])
            if name == "report_json_stalled":
                time.sleep(2)
        if complete:
            while s.recv(65536):
                pass
        elif read:
            got = 0
            while got < read:
                chunk = s.recv(read - got)
                if not chunk:
                    break
                got += len(chunk)
    except OSError:
        pass  # the server may close first; that is its right
    finally:
        # An abrupt close (RST), as a phone that loses its network.
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        s.close()
    return name


with ThreadPoolExecutor(16) as pool:
    for kind in range(len(kinds(0))):
        names = list(pool.map(lambda i: one(kind, i), range(times)))
        print(names[0], len(names), flush=True)
