#!/usr/bin/env bash
# The API checks of the test command, run by scripts/test.sh against a
# running gmis (GMIS_URL, GMIS_BIN, WORK): the OpenAPI document through
# openapi-spec-validator, schemathesis over every operation, and one
# webhook delivery verified by the Standard Webhooks library, and (with
# GMIS_METRICS_URL) /metrics through the Prometheus client's parser. Each is
# a client nobody here wrote. The server must run with
# GMIS_WEBHOOK_LOOPBACK_ONLY=1, so that generated endpoints are all local.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PIDS=()
trap 'for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done' EXIT

say "API: openapi-spec-validator and schemathesis against /api/v1"
VENV="${XDG_CACHE_HOME:-$HOME/.cache}/gmis/venv"
if [ ! -x "$VENV/bin/schemathesis" ] || ! cmp -s end2end/requirements-api.txt "$VENV/requirements-api.txt"; then
  python3 -m venv "$VENV" 2>/dev/null || {
    if [ "$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
    else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null; fi
    python3 -m venv "$VENV"
  }
  "$VENV/bin/pip" install -q -r end2end/requirements-api.txt
  cp end2end/requirements-api.txt "$VENV/requirements-api.txt"
fi
curl -fsS "$GMIS_URL/api/v1/openapi.json" -o "$WORK/openapi.json"
"$VENV/bin/openapi-spec-validator" "$WORK/openapi.json"
# A prefecture's token for every operation (pushes are refused item by
# item: a prefecture reports for no unit), a hospital's for the push (only
# the push: a hospital may not register webhooks, so that operation would
# answer nothing but 403).
OFFICER_TOKEN="$("$GMIS_BIN" api-tokens issue --login-id DEMPRF22 --name schemathesis --scope data:read --scope report:write --scope webhooks)"
HOSPITAL_TOKEN="$("$GMIS_BIN" api-tokens issue --login-id DEMHSP22 --name schemathesis --scope report:write)"
st() { "$VENV/bin/schemathesis" --config-file end2end/schemathesis.toml run "$GMIS_URL/api/v1/openapi.json" \
  --url "$GMIS_URL" --checks all --max-examples 200 --seed 1 --no-color "$@"; }
st -H "Authorization: Bearer $OFFICER_TOKEN"
st -H "Authorization: Bearer $HOSPITAL_TOKEN" --include-name "POST /api/v1/reports"

say "webhooks: a delivery verified by the Standard Webhooks library"
HOOK_PORT="$(free_port)"
# 新宿区 (its own account: the officer above has registered many endpoints).
CITY_TOKEN="$("$GMIS_BIN" api-tokens issue --login-id DEMMUN22 --name webhook-check --scope webhooks)"
HOOK="$(curl -fsS -X POST "$GMIS_URL/api/v1/webhooks" -H "Authorization: Bearer $CITY_TOKEN" \
  -H 'content-type: application/json' -d "{\"url\": \"http://127.0.0.1:$HOOK_PORT/hook\", \"events\": [\"report.saved\", \"report.amended\"]}")"
SECRET="$(python3 -c 'import json,sys; print(json.load(sys.stdin)["secret"])' <<<"$HOOK")"
"$VENV/bin/python" end2end/webhook_receiver.py "$HOOK_PORT" "$SECRET" report.saved,report.amended c1 60 \
  >"$WORK/receiver.log" 2>&1 &
RECEIVER=$!
PIDS+=("$RECEIVER")
for _ in $(seq 1 50); do grep -q listening "$WORK/receiver.log" && break; sleep 0.1; done
# 新宿区受診・相談センター (c1, DEMCTR22) reports today through the API —
# an amendment when the specs already reported the day.
CENTRE_TOKEN="$("$GMIS_BIN" api-tokens issue --login-id DEMCTR22 --name webhook-check --scope report:write)"
# Today on the services' clock (the test command may shift it).
TODAY="$(TZ=Asia/Tokyo date -d "@$(( $(date +%s) + ${GMIS_CLOCK_OFFSET_SECONDS:-0} ))" +%F)"
curl -fsS "$GMIS_URL/api/v1/reports?survey=centre_daily&from=$TODAY&to=$TODAY&limit=1000" \
  -H "Authorization: Bearer $OFFICER_TOKEN" -o "$WORK/current.json"
PUSH="$(python3 - "$TODAY" "$WORK/current.json" <<'PY'
import json, sys, uuid
current = [r for r in json.load(open(sys.argv[2]))["reports"] if r["unit"] == "c1"]
item = {"survey": "centre_daily", "unit": "c1", "day": sys.argv[1], "nothing_to_report": True,
        "submission_id": str(uuid.uuid4())}
if current:
    item.update(base_revision=current[0]["revision"], reason="連携試験")
print(json.dumps({"reports": [item]}))
PY
)"
curl -fsS -X POST "$GMIS_URL/api/v1/reports" -H "Authorization: Bearer $CENTRE_TOKEN" \
  -H 'content-type: application/json' -d "$PUSH" >"$WORK/push.json"
if ! wait "$RECEIVER"; then cat "$WORK/receiver.log"; exit 1; fi
cat "$WORK/receiver.log"

if [ -n "${GMIS_METRICS_URL:-}" ]; then
  say "metrics: /metrics read by the Prometheus client library's parser"
  "$VENV/bin/python" end2end/metrics_check.py "$GMIS_METRICS_URL"
fi
