# Sourced by benchmarks: `start_throwaway_pg WORK` starts a PostgreSQL cluster
# of Debian's newest server in WORK/pg on a free port,
# stops it and deletes WORK on exit, and
# sets PG_URL to its `postgres` database.
start_throwaway_pg() {
  local work="$1"
  PGBIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  PGDATA_DIR="$work/pg"
  as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
  # shellcheck disable=SC2064  # the paths are fixed now, on purpose
  trap "as_pg '$PGBIN/pg_ctl' -D '$PGDATA_DIR' -m immediate stop >/dev/null 2>&1 || true; rm -rf '$work'" EXIT
  local port
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  mkdir -p "$PGDATA_DIR"
  if [ "$(id -u)" = 0 ]; then chown postgres "$work" "$PGDATA_DIR"; fi
  as_pg "$PGBIN/initdb" -D "$PGDATA_DIR" -A trust -U postgres --no-sync >/dev/null
  as_pg "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -l "$PGDATA_DIR/server.log" -w \
    -o "-p $port -k $PGDATA_DIR -c listen_addresses=127.0.0.1" start >/dev/null
  PG_URL="postgres://postgres@127.0.0.1:$port/postgres"
}
