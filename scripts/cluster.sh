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
CLUSTER_DIR="$ROOT/data/cluster"
GMIS="$TARGET_DIR/release/gmis"
. scripts/cluster_lib.sh
trap cluster_stop EXIT

case "$INSTANCES" in [1-9]) ;; *) echo "GMIS_INSTANCES: 1〜9 を指定してください" >&2; exit 2 ;; esac
cluster_packages

say "building the release site (cargo leptos build --release)"
cargo leptos build --release --split
node scripts/precompress.mjs target/site/pkg

say "PostgreSQL in data/cluster/pg"
cluster_pg_start

# What every instance shares: the database, the public URL (the load
# balancer's), the client address from HAProxy's X-Forwarded-For only, JSON
# logs, and a drain as long as HAProxy needs to take an instance out
# (check every 2 s, out after 3 failures).
export GMIS_PUBLIC_URL="http://127.0.0.1:$PORT" GMIS_TRUSTED_PROXIES=127.0.0.1 GMIS_LOG_FORMAT=json \
  GMIS_DRAIN_SECS=6 GMIS_SITE_ROOT="$ROOT/target/site" GMIS_OUTBOX_DIR="$CLUSTER_DIR/outbox"
"$GMIS" migrate
"$GMIS" seed-demo >/dev/null

say "$INSTANCES gmis instances and HAProxy"
metrics=""
for i in $(seq 1 "$INSTANCES"); do
  cluster_instance_start "$i"
  metrics+=" http://127.0.0.1:${INSTANCE_METRICS[$i]}/metrics"
done
cluster_haproxy_start "$PORT"

wait_ready "http://127.0.0.1:$PORT/readyz" 30
cat <<EOF

  G-MIS (${INSTANCES} instances on PostgreSQL behind HAProxy) is on $GMIS_PUBLIC_URL  (stop with Ctrl-C)
  Logs: $CLUSTER_DIR/gmis-N.log (JSON lines), $CLUSTER_DIR/haproxy.log
  Instances: ${INSTANCE_PID[*]}  (kill -TERM one: HAProxy takes it out, nothing is lost)
  Metrics (Prometheus, one per instance):$metrics

  Demo logins (password demo-password-2026):
    DEMHSP22 hospital · DEMCLN22 clinic · DEMAGG22 association · DEMCTR22 centre
    DEMMUN22 city · DEMPRF22 prefecture · DEMHLP22 helpdesk · DEMADM22 ministry

EOF
wait "$HAPROXY_PID"
