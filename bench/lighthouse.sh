#!/usr/bin/env bash
# Lighthouse on the main pages (SPEC §11: LCP ≤ 2.5 s under the mobile
# profile, simulated slow 4G): builds the release site the way `cargo leptos`
# builds it (never plain `cargo build --release`: its server would not hydrate
# against the release WASM), starts `gmis` on SQLite with the demo data, logs
# in as a hospital user (who sees the report form and the weekly survey) and
# prints LCP, FCP, TBT and total bytes for /login, /, /reports, /supplies and
# /notices. Lighthouse 12.2.3 is pinned in bench/package.json and installed
# into bench/node_modules; it drives Debian's Chromium.
# Usage: bash bench/lighthouse.sh        (LH_RUNS=N for N runs a page, default 3;
#                                          results also in bench/results/lighthouse.md)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
. scripts/setup.sh
if [ ! -x bench/node_modules/.bin/lighthouse ] || [ bench/package-lock.json -nt bench/node_modules/.package-lock.json ]; then
  say "npm ci in bench/ (lighthouse 12.2.3)"
  (cd bench && npm ci --no-audit --no-fund)
fi

. bench/site.sh
serve_release_site

COOKIE="$(curl -s -o /dev/null -D - -X POST -d 'login_id=DEMHSP22&password=demo-password-2026' \
  "http://127.0.0.1:$PORT/login" | sed -n 's/^[Ss]et-[Cc]ookie: \(gmis_session=[^;]*\);.*/\1/p')"
[ -n "$COOKIE" ] || { echo "login failed: no session cookie" >&2; exit 1; }

OUT="$ROOT/bench/results/lighthouse.md"
mkdir -p "$(dirname "$OUT")"
{
  echo "## Lighthouse, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(chromium --version 2>/dev/null | head -n 1)"
  echo
  GMIS_E2E_URL="http://127.0.0.1:$PORT" GMIS_COOKIE="$COOKIE" CHROME_PATH=/usr/bin/chromium node bench/lighthouse.mjs
} | tee "$OUT"
