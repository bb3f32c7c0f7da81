# Sourced by bench/run.sh and bench/lighthouse.sh after scripts/setup.sh.
# serve_release_site: builds the release site the way `cargo leptos` builds
# it (never plain `cargo build --release`, whose server would not hydrate
# against the release WASM), precompresses it and starts `gmis serve` on a
# fresh SQLite file with the demo data. Sets WORK, PORT and SERVER; the
# server is stopped and WORK removed on exit. Export extra settings (e.g.
# GMIS_BENCH_ROUTES=1) before calling it.
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
serve_release_site() {
  command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
  say "cargo leptos build --release --split"
  cargo leptos build --release --split
  node scripts/precompress.mjs target/site/pkg

  WORK="$(mktemp -d /tmp/gmis-bench.XXXXXX)"
  PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  export DATABASE_URL="sqlite://$WORK/bench.db" GMIS_LISTEN="127.0.0.1:$PORT" GMIS_PUBLIC_URL="http://127.0.0.1:$PORT" \
    GMIS_SITE_ROOT="$ROOT/target/site" RUST_LOG=warn
  "$TARGET_DIR/release/gmis" seed-demo >/dev/null
  "$TARGET_DIR/release/gmis" serve >"$WORK/gmis.log" 2>&1 &
  SERVER=$!
  trap 'kill $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
}
