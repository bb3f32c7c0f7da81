#!/usr/bin/env bash
# Installs what building G-MIS needs, skipping what is already there:
# the wasm32 target, cargo-leptos 0.3.10, the wasm-bindgen CLI matching
# Cargo.lock, and the npm packages of end2end/ (wasm-opt from binaryen,
# playwright-core), and OpenSSL's headers from Debian if missing. Only
# package registries are used (crates.io, npm, Debian).
# Source it (". scripts/setup.sh") to get the PATH it sets up.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$ROOT/end2end/node_modules/.bin:$PATH"
# cargo-leptos compiles with LEPTOS_OUTPUT_NAME set, and leptos reads it at
# compile time: setting it for every cargo command keeps `cargo test`, clippy
# and `cargo leptos build` from rebuilding each other's dependencies.
export LEPTOS_OUTPUT_NAME=gmis

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# OpenSSL's headers, which webauthn-rs (passkeys) builds against.
if ! pkg-config --exists openssl 2>/dev/null; then
  say "installing libssl-dev and pkg-config (Debian)"
  if [ "$(id -u)" = 0 ]; then AS_ROOT=(); else AS_ROOT=(sudo); fi
  "${AS_ROOT[@]}" apt-get update -qq
  "${AS_ROOT[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libssl-dev pkg-config >/dev/null
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

if ! cargo leptos --version 2>/dev/null | grep -q ' 0\.3\.10'; then
  say "installing cargo-leptos 0.3.10 (about 15 minutes on 2 cores, once per machine)"
  cargo install cargo-leptos --version 0.3.10 --locked --features no_downloads
fi

WASM_BINDGEN_VERSION="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' "$ROOT/Cargo.lock")"
if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION\$"; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (matches Cargo.lock)"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

if [ ! -x "$ROOT/end2end/node_modules/.bin/wasm-opt" ] || [ ! -d "$ROOT/end2end/node_modules/playwright-core" ] \
   || [ "$ROOT/end2end/package-lock.json" -nt "$ROOT/end2end/node_modules/.package-lock.json" ]; then
  say "npm ci (binaryen, playwright-core)"
  (cd "$ROOT/end2end" && npm ci --no-audit --no-fund)
fi
