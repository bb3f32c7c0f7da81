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
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
if [ ! -x bench/node_modules/.bin/lighthouse ] || [ bench/package-lock.json -nt bench/node_modules/.package-lock.json ]; then
  say "npm ci in bench/ (lighthouse 12.2.3)"
  (cd bench && npm ci --no-audit --no-fund)
fi

say "cargo leptos build --release --split"
cargo leptos build --release --split
node scripts/precompress.mjs target/site/pkg

WORK="$(mktemp -d /tmp/gmis-lh.XXXXXX)"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
export DATABASE_URL="sqlite://$WORK/bench.db" GMIS_LISTEN="127.0.0.1:$PORT" GMIS_PUBLIC_URL="http://127.0.0.1:$PORT" \
  GMIS_SITE_ROOT="$ROOT/target/site" RUST_LOG=warn
"$TARGET_DIR/release/gmis" seed-demo >/dev/null
"$TARGET_DIR/release/gmis" serve >"$WORK/gmis.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done

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
