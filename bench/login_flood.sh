#!/usr/bin/env bash
# Login-flood benchmark (SPEC §11: login hashing never starves reporting;
# issue 14: a login flood must not starve real logins). Release build on
# SQLite; the load client is server/examples/login_flood.rs:
#   1. daily reports alone over 16 connections for SECONDS;
#   2. the same with 20 wrong logins a second from as many client addresses
#      and one genuine login a second;
#   3. a burst of 100 concurrent wrong logins with one genuine login in it.
# Prints report p99 with and without logins (target: within 3x), the genuine
# logins' latencies (target: within 1 s) and how the burst was answered.
# Builds into a profile of its own (bench/build.sh): the site's release build
# (`cargo leptos build --release`, target/release) is left as it was.
# Usage: bash bench/login_flood.sh [SECONDS]   (results in bench/results/login_flood.md)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
. scripts/setup.sh
SECONDS_EACH="${1:-10}"
. bench/build.sh
bench_build --bin gmis --example login_flood

WORK="$(mktemp -d /tmp/gmis-flood.XXXXXX)"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
export DATABASE_URL="sqlite://$WORK/flood.db" GMIS_LISTEN="127.0.0.1:$PORT" GMIS_PUBLIC_URL="http://127.0.0.1:$PORT" \
  GMIS_SITE_ROOT="$ROOT/target/site" GMIS_OUTBOX_DIR="$WORK/outbox" GMIS_TRUSTED_PROXIES=127.0.0.1 RUST_LOG=error
"$BENCH_BIN/gmis" seed-demo >/dev/null
# Enough distinct facilities that no report is sent twice in either phase.
python3 bench/national_day.py "$WORK/flood.db" "$WORK/sessions.txt" "$((SECONDS_EACH * 6000))" >/dev/null
"$BENCH_BIN/gmis" serve >"$WORK/gmis.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done

ROWS="$("$BENCH_BIN/examples/login_flood" "127.0.0.1:$PORT" "$WORK/sessions.txt" DEMHSP22 demo-password-2026 "$SECONDS_EACH")"
IFS='|' read -r _ _ A_OK A_FAIL A_SECS A_RPS A_P50 A_P99 <<<"$(grep '^RESULT|reports_alone|' <<<"$ROWS")"
IFS='|' read -r _ _ B_OK B_FAIL B_SECS B_RPS B_P50 B_P99 <<<"$(grep '^RESULT|reports_with_logins|' <<<"$ROWS")"
IFS='|' read -r _ _ G_N G_P50 G_MAX WRONG <<<"$(grep '^RESULT|genuine_logins|' <<<"$ROWS")"
IFS='|' read -r _ _ BURST_MS BURST_STATUS BURST_LOCATION BURST_429 <<<"$(grep '^RESULT|burst|' <<<"$ROWS")"

OUT="$ROOT/bench/results/login_flood.md"
mkdir -p "$(dirname "$OUT")"
{
  echo "## Login flood, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, SQLite, release, ${SECONDS_EACH} s per phase"
  echo
  echo "| measure | value |"
  echo "|---|---|"
  echo "| reports alone (16 connections): saved, reports/s, p50 / p99 | $A_OK ($A_FAIL failed), $A_RPS/s, $A_P50 / $A_P99 ms |"
  echo "| reports with $WRONG wrong logins at 20/s from as many addresses: saved, reports/s, p50 / p99 | $B_OK ($B_FAIL failed), $B_RPS/s, $B_P50 / $B_P99 ms |"
  echo "| genuine logins meanwhile (one a second): count, p50, slowest | $G_N, $G_P50 ms, $G_MAX ms |"
  echo "| burst of 100 concurrent wrong logins: genuine login took, answered | $BURST_MS ms, $BURST_STATUS → $BURST_LOCATION ($BURST_429 of the 100 answered 429) |"
  echo
  python3 -c "print(f'Report p99 under logins is {float(\"$B_P99\")/max(float(\"$A_P99\"), 0.001):.2f}x its value without (target ≤ 3x); the slowest genuine login took {float(\"$G_MAX\"):.0f} ms and the one in the burst {float(\"$BURST_MS\"):.0f} ms (target ≤ 1000 ms).')"
} | tee "$OUT"
