#!/usr/bin/env bash
# The README's run command: sets everything up, builds, migrates, seeds the
# demo data and serves G-MIS on http://127.0.0.1:3000 with SQLite under data/.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
. scripts/setup.sh

say "building (cargo leptos build)"
cargo leptos build --split
node scripts/precompress.mjs target/site/pkg

GMIS="${CARGO_TARGET_DIR:-$ROOT/target}/debug/gmis"
export DATABASE_URL="${DATABASE_URL:-sqlite://data/gmis.db}"
export GMIS_LISTEN="${GMIS_LISTEN:-127.0.0.1:3000}"
export GMIS_PUBLIC_URL="${GMIS_PUBLIC_URL:-http://$GMIS_LISTEN}"
export GMIS_SITE_ROOT="${GMIS_SITE_ROOT:-target/site}"
"$GMIS" migrate
"$GMIS" seed-demo

printf '\n  G-MIS is starting on %s  (stop with Ctrl-C)\n\n' "$GMIS_PUBLIC_URL"
exec "$GMIS" serve
