#!/usr/bin/env bash
# Benchmarks of the foundation (figures, not pass/fail). Builds the release
# site, starts `gmis` on SQLite with GMIS_BENCH_ROUTES=1 and prints:
#   1. release WASM/JS/CSS sizes: raw, gzip -9, brotli q11;
#   2. bytes transferred (compressed, as Chromium reports them) on a first visit
#      to the login page and to the home page (cold cache, phone viewport);
#   3. SSR throughput of the home page (logged in) against a bare axum handler
#      of the same binary, measured with wrk in the same run.
# Usage: bash bench/run.sh            (results also in bench/results/latest.md)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
. scripts/setup.sh
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
. bench/site.sh
export GMIS_BENCH_ROUTES=1
serve_release_site

OUT="$ROOT/bench/results/latest.md"
mkdir -p "$(dirname "$OUT")"
{
  echo "## Run of $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores"
  echo
  echo "### Release assets"
  echo
  node bench/sizes.mjs target/site/pkg
  echo
  echo "### First visit (Chromium, phone viewport, cold cache, bytes on the wire)"
  echo
  GMIS_E2E_URL="http://127.0.0.1:$PORT" node bench/first_visit.mjs
  echo
  echo "### SSR throughput (wrk, 2 threads, 64 connections, 10 s each)"
  echo
  COOKIE="$(curl -s -o /dev/null -D - -X POST -d 'login_id=DEMHSP22&password=demo-password-2026' \
    "http://127.0.0.1:$PORT/login" | sed -n 's/^[Ss]et-[Cc]ookie: \(gmis_session=[^;]*\);.*/\1/p')"
  wrk_rps() { wrk -t2 -c64 -d10s --latency "$@" | awk '/Requests\/sec/ {rps=$2} /^ +99%/ {p99=$2} /^ +50%/ {p50=$2} END {printf "%s|%s|%s", rps, p50, p99}'; }
  BARE="$(wrk_rps "http://127.0.0.1:$PORT/__bench/bare")"
  HOME_PAGE="$(wrk_rps -H "Cookie: $COOKIE" "http://127.0.0.1:$PORT/")"
  echo "| handler | requests/s | p50 | p99 |"
  echo "|---|---|---|---|"
  echo "| bare axum handler (no middleware) | ${BARE//|/ | } |"
  echo "| home page: IE guard, headers, session lookup, Leptos SSR | ${HOME_PAGE//|/ | } |"
  echo
  python3 -c "b=float('${BARE%%|*}'); h=float('${HOME_PAGE%%|*}'); print(f'Home page throughput is {h/b:.3f} of the bare handler ({b/h:.1f}x slower).')"
  echo
  echo "Server RSS after the load: $(ps -o rss= -p $SERVER | awk '{printf "%.1f MB", $1/1024}')"
} | tee "$OUT"
