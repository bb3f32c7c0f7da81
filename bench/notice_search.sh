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
COUNT="${1:-10000}"
WORK="$(mktemp -d /tmp/gmis-search.XXXXXX)"
PGBIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
PGDATA_DIR="$WORK/pg"
trap 'as_pg "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT

bench_build --example notice_search
BIN="$BENCH_BIN/examples/notice_search"

OUT="$ROOT/bench/results/notice_search.md"
mkdir -p "$(dirname "$OUT")"
PGPORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
mkdir -p "$PGDATA_DIR"
[ "$(id -u)" = 0 ] && chown postgres "$WORK" "$PGDATA_DIR"
as_pg "$PGBIN/initdb" -D "$PGDATA_DIR" -A trust -U postgres --no-sync >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -l "$PGDATA_DIR/server.log" -w \
  -o "-p $PGPORT -k $PGDATA_DIR -c listen_addresses=127.0.0.1" start >/dev/null
{
  echo "## Notice search, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores"
  echo
  RUST_LOG=warn DATABASE_URL="sqlite://$WORK/search.db" "$BIN" "$COUNT"
  echo
  RUST_LOG=warn DATABASE_URL="postgres://postgres@127.0.0.1:$PGPORT/postgres" "$BIN" "$COUNT"
} | tee "$OUT"
