# Sourced by the drills: the release `gmis` and load client built into the
# benchmarks' own profile (bench/build.sh, the site's release build is left
# as it was), a work folder removed at exit, and the production shape's
# pieces (scripts/cluster_lib.sh). Each drill writes its table to
# bench/results/drill_NAME.md and prints it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
. scripts/setup.sh
. bench/build.sh
GMIS="$BENCH_BIN/gmis"
CLUSTER_DIR="$(mktemp -d /tmp/gmis-drill.XXXXXX)"
WORK="$CLUSTER_DIR"
chmod 755 "$WORK" # PostgreSQL runs as its own user and keeps its files in here
. scripts/cluster_lib.sh
drill_exit() { cluster_stop; rm -rf "$WORK"; }
trap drill_exit EXIT
mkdir -p "$ROOT/target/site" "$ROOT/bench/results"
export GMIS_OUTBOX_DIR="$WORK/outbox" GMIS_SITE_ROOT="$ROOT/target/site" RUST_LOG="${RUST_LOG:-warn}"

# Every drill builds the same: the server and the load client together (an
# example brings dev-dependencies, which change the features the server's
# dependencies are built with; building both each time spares a rebuild).
drill_build() { bench_build --bin gmis --example national_day; }

# `name value` lines: the value of NAME.
value() { awk -v k="$1" '$1 == k { print $2 }' <<<"$2"; }

# The PostgreSQL shape: the cluster's database migrated and seeded, INSTANCES
# instances behind HAProxy on a free port; LB is its address.
drill_cluster() {
  local instances="$1" i
  cluster_packages
  cluster_pg_start
  export GMIS_TRUSTED_PROXIES=127.0.0.1 GMIS_LOG_FORMAT=json GMIS_DRAIN_SECS=2
  "$GMIS" migrate >/dev/null
  "$GMIS" seed-demo >/dev/null
  LB="127.0.0.1:$(free_port)"
  export GMIS_PUBLIC_URL="http://$LB"
  for i in $(seq 1 "$instances"); do cluster_instance_start "$i"; done
  for i in $(seq 1 "$instances"); do wait_ready "http://127.0.0.1:${INSTANCE_PORT[$i]}/readyz" 60; done
  cluster_haproxy_start "${LB#*:}"
  wait_ready "http://$LB/readyz" 30
}

# The embedded shape: one instance on a SQLite file, seeded; LB is the
# instance's own address (no load balancer).
drill_sqlite() {
  export DATABASE_URL="sqlite://$WORK/gmis.db"
  "$GMIS" seed-demo >/dev/null
  INSTANCE_PORT[1]="$(free_port)"
  LB="127.0.0.1:${INSTANCE_PORT[1]}"
  export GMIS_PUBLIC_URL="http://$LB"
  cluster_instance_start 1
  wait_ready "http://$LB/readyz" 60
}

# The database argument of bench/national_day.py and drills/check.py.
drill_db() { if [[ "$DATABASE_URL" == sqlite://* ]]; then echo "${DATABASE_URL#sqlite://}"; else echo "$DATABASE_URL"; fi; }
