# Sourced by the benchmarks after scripts/setup.sh: builds `gmis` and the
# load clients (server/examples/) with the release optimisations into a
# cargo profile of their own, `bench-release` (Cargo.toml), whose output is
# $TARGET_DIR/bench-release/. The site's release build — target/release/gmis
# and its dependencies, which `cargo leptos build --release` compiles with
# its own flags (e.g. `--cfg erase_components`) to match the release WASM —
# is neither replaced nor invalidated by a benchmark: a plain
# `cargo build --release` there left a server whose pages no longer hydrated
# against the WASM (issue 19, item 7). The first benchmark run compiles the
# dependencies once more for this profile; later runs reuse them.
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
BENCH_BIN="$TARGET_DIR/bench-release"
bench_build() {
  say "cargo build --profile bench-release -p server $*"
  cargo build --profile bench-release -p server "$@"
}
