#!/usr/bin/env bash
# The production shape on one machine: a PostgreSQL cluster, several
# `gmis serve` instances (release build) and HAProxy in front, checking each
# instance's /readyz. Prints the URL and the demo logins; Ctrl-C stops all.
#
#   bash scripts/cluster.sh            # 2 instances, http://127.0.0.1:3000
#   GMIS_INSTANCES=3 GMIS_CLUSTER_PORT=8080 bash scripts/cluster.sh
#
# Data stays in data/cluster/ (PostgreSQL's files, each instance's JSON log,
# haproxy.cfg); delete the folder to start again. docs/deploy/ shows the same
# pieces as an operator installs them.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
. scripts/setup.sh
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
INSTANCES="${GMIS_INSTANCES:-2}"
PORT="${GMIS_CLUSTER_PORT:-3000}"
DIR="$ROOT/data/cluster"
PIDS=()
PGDATA_DIR="$DIR/pg"

sudo_if_needed() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
cleanup() {
  for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ -n "${PGBIN:-}" ] && as_pg "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -m fast stop >/dev/null 2>&1 || true
}
trap cleanup EXIT

case "$INSTANCES" in [1-9]) ;; *) echo "GMIS_INSTANCES: 1〜9 を指定してください" >&2; exit 2 ;; esac
missing=()
command -v haproxy >/dev/null || missing+=(haproxy)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]} (Debian)"
  sudo_if_needed apt-get update -qq
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
PGBIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"

say "building the release site (cargo leptos build --release)"
cargo leptos build --release --split
node scripts/precompress.mjs target/site/pkg
GMIS="$TARGET_DIR/release/gmis"

say "PostgreSQL in data/cluster/pg"
mkdir -p "$DIR"
if [ ! -f "$PGDATA_DIR/PG_VERSION" ]; then
  mkdir -p "$PGDATA_DIR"
  [ "$(id -u)" = 0 ] && chown postgres "$PGDATA_DIR"
  as_pg "$PGBIN/initdb" -D "$PGDATA_DIR" -A trust -U postgres >/dev/null
fi
PGPORT="$(free_port)"
as_pg "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -l "$PGDATA_DIR/server.log" -w \
  -o "-p $PGPORT -k $PGDATA_DIR -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
as_pg "$PGBIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'gmis'" | grep -q 1 \
  || as_pg "$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres gmis

# What every instance shares: the database, the public URL (the load
# balancer's), the client address from HAProxy's X-Forwarded-For only, JSON
# logs, and a drain as long as HAProxy needs to take an instance out
# (check every 2 s, out after 3 failures).
export DATABASE_URL="postgres://postgres@127.0.0.1:$PGPORT/gmis"
export GMIS_PUBLIC_URL="http://127.0.0.1:$PORT" GMIS_TRUSTED_PROXIES=127.0.0.1 GMIS_LOG_FORMAT=json \
  GMIS_DRAIN_SECS=6 GMIS_SITE_ROOT="$ROOT/target/site" GMIS_OUTBOX_DIR="$DIR/outbox"
"$GMIS" migrate
"$GMIS" seed-demo >/dev/null

say "$INSTANCES gmis instances and HAProxy"
servers=""
metrics=""
for i in $(seq 1 "$INSTANCES"); do
  port="$(free_port)"
  metrics_port="$(free_port)"
  GMIS_LISTEN="127.0.0.1:$port" GMIS_METRICS_LISTEN="127.0.0.1:$metrics_port" "$GMIS" serve >"$DIR/gmis-$i.log" 2>&1 &
  PIDS+=("$!")
  servers+="    server gmis$i 127.0.0.1:$port check"$'\n'
  metrics+=" http://127.0.0.1:$metrics_port/metrics"
done
awk -v port="$PORT" -v servers="$servers" '{ gsub("@PORT@", port) } $0 == "@SERVERS@" { printf "%s", servers; next } { print }' \
  docs/deploy/haproxy.cfg >"$DIR/haproxy.cfg"
haproxy -c -q -f "$DIR/haproxy.cfg"
haproxy -db -f "$DIR/haproxy.cfg" >"$DIR/haproxy.log" 2>&1 &
PIDS+=("$!")

for _ in $(seq 1 150); do curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.2; done
curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null || { echo "the cluster did not become ready; see $DIR/*.log" >&2; exit 1; }
cat <<EOF

  G-MIS (${INSTANCES} instances on PostgreSQL behind HAProxy) is on $GMIS_PUBLIC_URL  (stop with Ctrl-C)
  Logs: $DIR/gmis-N.log (JSON lines), $DIR/haproxy.log
  Instances: ${PIDS[*]:0:$INSTANCES}  (kill -TERM one: HAProxy takes it out, nothing is lost)
  Metrics (Prometheus, one per instance):$metrics

  Demo logins (password demo-password-2026):
    DEMHSP22 hospital · DEMCLN22 clinic · DEMAGG22 association · DEMCTR22 centre
    DEMMUN22 city · DEMPRF22 prefecture · DEMHLP22 helpdesk · DEMADM22 ministry

EOF
wait "${PIDS[-1]}"
