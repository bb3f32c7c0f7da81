#!/usr/bin/env bash
# The README's test command: formatting, clippy (warnings are errors), unit and
# integration tests on SQLite and on a throwaway PostgreSQL cluster, then the
# Playwright end-to-end specs in Debian's Chromium against a running gmis.
# Installs what it needs (Rust tools, npm packages, chromium, postgresql).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
. scripts/setup.sh
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
WORK="$(mktemp -d /tmp/gmis-test.XXXXXX)"
PIDS=()
PGDATA_DIR=""

cleanup() {
  for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
  if [ -n "$PGDATA_DIR" ]; then as_pg "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -m immediate stop >/dev/null 2>&1 || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

sudo_if_needed() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
APT_UPDATED=""
apt_install() {
  [ -n "$APT_UPDATED" ] || { sudo_if_needed apt-get update -qq; APT_UPDATED=1; }
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

command -v chromium >/dev/null || { say "installing chromium (Debian)"; apt_install chromium; }
# Japanese fonts, so that the end-to-end layout checks (44 px targets, the
# grid on a tablet) measure the text as users' devices draw it.
fc-list :lang=ja 2>/dev/null | grep -q . || { say "installing fonts-noto-cjk (Debian)"; apt_install fonts-noto-cjk; }
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then say "installing postgresql (Debian)"; apt_install postgresql; fi
PGBIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
# A real SMTP server for the mail tests.
python3 -c 'import aiosmtpd' 2>/dev/null || { say "pip install aiosmtpd"; python3 -m pip install -q aiosmtpd; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

# Each clone builds its own copies of the workspace crates (their paths are
# part of the hash) and of ~20 test executables of ~0.5 GB each: drop what
# earlier runs left in the shared target directory, or a machine that runs
# the tests from several clones fills its disk.
if [ -d "$TARGET_DIR/debug/deps" ]; then
  say "removing earlier runs' test executables and workspace builds from $TARGET_DIR"
  find "$TARGET_DIR/debug/deps" -maxdepth 1 -type f \( -perm -u+x ! -name '*.*' -o -name 'libapp-*' -o -name 'libserver-*' \
    -o -name 'libmigration-*' -o -name 'libfrontend-*' -o -name '*.rcgu.o' \) -delete
  rm -rf "$TARGET_DIR/debug/incremental"
fi

say "cargo fmt --check"
cargo fmt --all --check

say "clippy: server side (ssr) and browser side (hydrate, wasm32)"
cargo clippy -p app -p server -p migration --all-targets -- -D warnings
cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings

say "unit and integration tests on SQLite"
cargo test -p app -p server -p migration

say "integration tests on PostgreSQL (throwaway cluster)"
PGPORT="$(free_port)"
PGDATA_DIR="$WORK/pg"
mkdir -p "$PGDATA_DIR"
[ "$(id -u)" = 0 ] && chown postgres "$WORK" "$PGDATA_DIR"
as_pg "$PGBIN/initdb" -D "$PGDATA_DIR" -A trust -U postgres --no-sync >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -l "$PGDATA_DIR/server.log" -w \
  -o "-p $PGPORT -k $PGDATA_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" start >/dev/null
# The same packages as the SQLite run, so that the test binaries built for
# it are run again (selecting `-p server` alone unifies features differently
# and links a second set of binaries: ~20 GB and minutes more).
TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$PGPORT/postgres" cargo test -p app -p server -p migration --test '*'

say "end-to-end: cargo leptos build, gmis on SQLite, Playwright specs in Chromium"
cargo leptos build --split
node scripts/precompress.mjs target/site/pkg
PORT="$(free_port)"
SMTP_PORT="$(free_port)"
METRICS_PORT="$(free_port)"
# A real SMTP server (aiosmtpd) that files every mail it receives in a Maildir.
python3 -m aiosmtpd -n -l "127.0.0.1:$SMTP_PORT" -c aiosmtpd.handlers.Mailbox "$WORK/maildir" >"$WORK/smtp.log" 2>&1 &
PIDS+=("$!")
# The whole run happens at 10:00 Japan time of today's date (the services'
# clock is shifted; the specs shift theirs alike), so that a run that
# crosses midnight in Japan still reports, reviews and counts on one day.
GMIS_CLOCK_OFFSET_SECONDS="$(( $(TZ=Asia/Tokyo date -d "$(TZ=Asia/Tokyo date +%F) 10:00" +%s) - $(date +%s) ))"
export GMIS_CLOCK_OFFSET_SECONDS
export DATABASE_URL="sqlite://$WORK/e2e.db" GMIS_LISTEN="127.0.0.1:$PORT" GMIS_PUBLIC_URL="http://127.0.0.1:$PORT" \
  GMIS_API_RATE=10000 GMIS_WEBHOOK_LOOPBACK_ONLY=1 GMIS_SITE_ROOT="$ROOT/target/site" GMIS_SMTP_HOST=127.0.0.1 GMIS_SMTP_PORT="$SMTP_PORT" GMIS_SMTP_SECURITY=none \
  GMIS_METRICS_LISTEN="127.0.0.1:$METRICS_PORT"
"$TARGET_DIR/debug/gmis" seed-demo >/dev/null
# The example registration file: new clinics, a hospital (a letter), a migrated ID.
"$TARGET_DIR/debug/gmis" accounts import docs/examples/accounts.csv >/dev/null
"$TARGET_DIR/debug/gmis" serve >"$WORK/gmis.log" 2>&1 &
PIDS+=("$!")
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
if ! GMIS_E2E_URL="http://127.0.0.1:$PORT" GMIS_E2E_MAILDIR="$WORK/maildir" GMIS_E2E_BIN="$TARGET_DIR/debug/gmis" node --test --test-concurrency=1 end2end/tests/*.test.mjs; then
  echo "--- gmis log: server errors, warnings and 5xx answers (first 40) ---"
  grep -E 'ERROR|WARN|panicked|status=5[0-9][0-9]' "$WORK/gmis.log" | head -n 40
  echo "--- gmis log (last 50 lines) ---"; tail -n 50 "$WORK/gmis.log"; exit 1
fi

GMIS_URL="http://127.0.0.1:$PORT" GMIS_METRICS_URL="http://127.0.0.1:$METRICS_PORT/metrics" GMIS_BIN="$TARGET_DIR/debug/gmis" WORK="$WORK" bash scripts/api_check.sh
say "all tests passed"
