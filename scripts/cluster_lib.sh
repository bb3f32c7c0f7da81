# The pieces of the production shape on one machine — a PostgreSQL cluster,
# `gmis serve` instances and HAProxy in front (docs/deploy/haproxy.cfg) —
# sourced by scripts/cluster.sh and by the drills in drills/. Set before
# sourcing: CLUSTER_DIR (the cluster's files) and GMIS (the binary).
# After `cluster_pg_start`: PGBIN, PGPORT, DATABASE_URL. After
# `cluster_instance_start I`: INSTANCE_PID[I], INSTANCE_PORT[I],
# INSTANCE_METRICS[I]. After `cluster_haproxy_start PORT`: HAPROXY_PID.
# `cluster_stop` (a trap) stops everything it started.

declare -A INSTANCE_PID=() INSTANCE_PORT=() INSTANCE_METRICS=()
HAPROXY_PID=""
CLUSTER_PGDATA=""

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
sudo_if_needed() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

# Installs HAProxy and PostgreSQL from Debian's packages when missing.
cluster_packages() {
  local missing=()
  command -v haproxy >/dev/null || missing+=(haproxy)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]} (Debian)"
    sudo_if_needed apt-get update -qq
    sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  PGBIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
}

# Starts (creating it the first time) the PostgreSQL cluster in
# $CLUSTER_DIR/pg on a free port and the database `gmis`; sets DATABASE_URL.
cluster_pg_start() {
  CLUSTER_PGDATA="$CLUSTER_DIR/pg"
  mkdir -p "$CLUSTER_DIR"
  if [ ! -f "$CLUSTER_PGDATA/PG_VERSION" ]; then
    mkdir -p "$CLUSTER_PGDATA"
    [ "$(id -u)" = 0 ] && chown postgres "$CLUSTER_PGDATA" && chmod 700 "$CLUSTER_PGDATA"
    as_pg "$PGBIN/initdb" -D "$CLUSTER_PGDATA" -A trust -U postgres >/dev/null
  fi
  PGPORT="${PGPORT:-$(free_port)}"
  cluster_pg_up
  as_pg "$PGBIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'gmis'" | grep -q 1 \
    || as_pg "$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres gmis
  export DATABASE_URL="postgres://postgres@127.0.0.1:$PGPORT/gmis"
}

# Starts the (existing) cluster again on the same port, e.g. after `cluster_pg_down`.
cluster_pg_up() {
  as_pg "$PGBIN/pg_ctl" -D "$CLUSTER_PGDATA" -l "$CLUSTER_PGDATA/server.log" -w \
    -o "-p $PGPORT -k $CLUSTER_PGDATA -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
}

# Stops PostgreSQL as an operator restarting it would (fast: open sessions are cut).
cluster_pg_down() { as_pg "$PGBIN/pg_ctl" -D "$CLUSTER_PGDATA" -m fast -w stop >/dev/null; }

# Starts instance I of `$GMIS serve` (again on the same ports when it ran
# before), its log appended to $CLUSTER_DIR/gmis-I.log. The instances share
# the environment: DATABASE_URL, GMIS_PUBLIC_URL, GMIS_TRUSTED_PROXIES, …
cluster_instance_start() {
  local i="$1"
  INSTANCE_PORT[$i]="${INSTANCE_PORT[$i]:-$(free_port)}"
  INSTANCE_METRICS[$i]="${INSTANCE_METRICS[$i]:-$(free_port)}"
  GMIS_LISTEN="127.0.0.1:${INSTANCE_PORT[$i]}" GMIS_METRICS_LISTEN="127.0.0.1:${INSTANCE_METRICS[$i]}" \
    "$GMIS" serve >>"$CLUSTER_DIR/gmis-$i.log" 2>&1 &
  INSTANCE_PID[$i]=$!
}

# Waits until URL answers 2xx (at most SECONDS, default 30); fails otherwise.
wait_ready() {
  local url="$1" limit="${2:-30}" i
  for i in $(seq 1 $((limit * 5))); do curl -fs -o /dev/null "$url" && return 0; sleep 0.2; done
  echo "$url did not answer within $limit s; see $CLUSTER_DIR/*.log" >&2
  return 1
}

# HAProxy on 127.0.0.1:PORT in front of every instance started so far
# (docs/deploy/haproxy.cfg with the instances filled in).
cluster_haproxy_start() {
  local port="$1" servers="" i
  for i in $(printf '%s\n' "${!INSTANCE_PORT[@]}" | sort -n); do
    servers+="    server gmis$i 127.0.0.1:${INSTANCE_PORT[$i]} check"$'\n'
  done
  awk -v port="$port" -v servers="$servers" '{ gsub("@PORT@", port) } $0 == "@SERVERS@" { printf "%s", servers; next } { print }' \
    "$ROOT/docs/deploy/haproxy.cfg" >"$CLUSTER_DIR/haproxy.cfg"
  haproxy -c -q -f "$CLUSTER_DIR/haproxy.cfg"
  haproxy -db -f "$CLUSTER_DIR/haproxy.cfg" >"$CLUSTER_DIR/haproxy.log" 2>&1 &
  HAPROXY_PID=$!
}

cluster_stop() {
  local pid
  for pid in "${INSTANCE_PID[@]}" $HAPROXY_PID; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ -n "$CLUSTER_PGDATA" ] && [ -f "$CLUSTER_PGDATA/postmaster.pid" ]; then cluster_pg_down 2>/dev/null || true; fi
}
