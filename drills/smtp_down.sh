#!/usr/bin/env bash
# Drill: the mail server down for ten minutes, then back (issue 18, item 5).
# Two instances on PostgreSQL (each runs the outbox worker) send to an SMTP
# port where nothing listens; M mails (default 300) are in the outbox, as the
# services queue them. After DOWN seconds (default 600) a real SMTP server
# (aiosmtpd, writing a Maildir) starts on that port. Checks: nothing is sent
# or lost while it is down, the attempts stay few (a pass stops at the first
# unreachable server, app/src/server/mail.rs), every mail arrives exactly once
# (by its Message-ID `<outbox-N@gmis>`), and how long after the server came
# back the last one arrived.
# Usage: bash drills/smtp_down.sh [M] [DOWN]   (results also in bench/results/drill_smtp_down.md)
M="${1:-300}"
DOWN="${2:-600}"
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
python3 -c 'import aiosmtpd' 2>/dev/null || { say "pip install aiosmtpd"; python3 -m pip install -q aiosmtpd; }
drill_build

SMTP_PORT="$(free_port)"
export GMIS_SMTP_HOST=127.0.0.1 GMIS_SMTP_PORT="$SMTP_PORT" GMIS_SMTP_SECURITY=none
say "SMTP down drill: $M mails, the server down $DOWN s"
drill_cluster 2
psql() { command psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -qAt "$@"; }
# Only the drill's mails count (seed-demo may queue its own).
FIRST="$(psql -c "select coalesce(max(id), 0) + 1 from mail_outbox")"
psql -c "insert into mail_outbox (to_address, subject, body, created_at, attempts, next_attempt_at)
  select 'drill' || g || '@example.jp', '障害訓練 ' || g, 'SMTP 停止訓練のメール ' || g, now(), 0, now()
  from generate_series(1, $M) g"
OURS="id >= $FIRST"
sleep "$DOWN"
read -r SENT_DOWN ATTEMPTS_DOWN MAX_ATTEMPTS TRIED <<<"$(psql -F ' ' -c "select count(sent_at), coalesce(sum(attempts), 0),
  coalesce(max(attempts), 0), count(*) filter (where attempts > 0) from mail_outbox where $OURS")"

say "the mail server is back"
MAILDIR="$WORK/maildir"
python3 -m aiosmtpd -n -l "127.0.0.1:$SMTP_PORT" -c aiosmtpd.handlers.Mailbox "$MAILDIR" >"$WORK/smtp.log" 2>&1 &
SMTP=$!
UP_AT="$(date +%s%3N)"
LAST_AT=""
for _ in $(seq 1 600); do
  if [ "$(psql -c "select count(*) from mail_outbox where $OURS and sent_at is null")" = 0 ]; then LAST_AT="$(date +%s%3N)"; break; fi
  sleep 0.5
done
# Two more passes of both workers: nothing may come twice.
sleep 12
kill "$SMTP"; wait "$SMTP" 2>/dev/null || true
read -r RECEIVED DISTINCT MISSING <<<"$(python3 - "$MAILDIR" "$FIRST" "$M" <<'PY'
import os, re, sys
folder, first, m = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
ids = []
for name in os.listdir(os.path.join(folder, "new")):
    text = open(os.path.join(folder, "new", name), encoding="utf-8", errors="replace").read()
    found = re.search(r"^Message-ID: <outbox-(\d+)@gmis>", text, re.M | re.I)
    if found and int(found.group(1)) >= first:
        ids.append(int(found.group(1)))
print(len(ids), len(set(ids)), len(set(range(first, first + m)) - set(ids)))
PY
)"
OUT="$ROOT/bench/results/drill_smtp_down.md"
{
  echo "## SMTP down drill, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, 2 instances on PostgreSQL, $M mails"
  echo
  echo "| measure | value |"
  echo "|---|---|"
  echo "| mail server down | $DOWN s |"
  echo "| sent while it was down | $SENT_DOWN |"
  echo "| attempts while it was down (all mails / most on one mail / mails tried) | $ATTEMPTS_DOWN / $MAX_ATTEMPTS / $TRIED |"
  echo "| from the server back to the last mail sent | $([ -n "$LAST_AT" ] && echo "$((LAST_AT - UP_AT)) ms" || echo "not within 300 s") |"
  echo "| received / distinct Message-IDs / missing | $RECEIVED / $DISTINCT / $MISSING of $M |"
} | tee "$OUT"
if [ "$SENT_DOWN" = 0 ] && [ -n "$LAST_AT" ] && [ "$RECEIVED" = "$M" ] && [ "$DISTINCT" = "$M" ] && [ "$MISSING" = 0 ]; then
  echo; echo "PASS: every mail sent exactly once after the outage." | tee -a "$OUT"
else
  echo "FAIL" | tee -a "$OUT"; exit 1
fi
