#!/usr/bin/env bash
# Notice search benchmark (SPEC §11: p95 ≤ 30 ms over 10,000 notices): the
# `notice_search` example (server/examples/notice_search.rs) on a fresh
# SQLite file and on a throwaway PostgreSQL cluster, each with 10,000
# generated Japanese notices, queries sent through the real router.
# Builds into a profile of its own (bench/build.sh): the site's release build
# (`cargo leptos build --release`, target/release) is left as it was.
# Usage: bash bench/notice_search.sh [COUNT]   (also in bench/results/notice_search.md)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
. scripts/setup.sh
. bench/build.sh
. bench/pg.sh
COUNT="${1:-10000}"
WORK="$(mktemp -d /tmp/gmis-search.XXXXXX)"
start_throwaway_pg "$WORK"

bench_build --example notice_search
BIN="$BENCH_BIN/examples/notice_search"

OUT="$ROOT/bench/results/notice_search.md"
mkdir -p "$(dirname "$OUT")"
{
  echo "## Notice search, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores"
  echo
  RUST_LOG=warn DATABASE_URL="sqlite://$WORK/search.db" "$BIN" "$COUNT"
  echo
  RUST_LOG=warn DATABASE_URL="$PG_URL" "$BIN" "$COUNT"
} | tee "$OUT"
