#!/usr/bin/env bash
# National day on the production shape (issue 18, item 6): the national-day
# load (bench/national_day.sh's client, 64 connections, N reports a run,
# default 20,000) on PostgreSQL — straight to one instance, through HAProxy
# to one instance, and through HAProxy to two — with reports/s, p50/p99 and
# the scaling from one instance to two. Each run has facilities of its own,
# and the drill's check (drills/check.py) confirms every report saved once.
# All of it shares the machine's cores: the load client, HAProxy, the
# instances and PostgreSQL.
# Usage: bash bench/national_day_cluster.sh [N]   (results in bench/results/national_day_cluster.md)
N="${1:-20000}"
. "$(dirname "${BASH_SOURCE[0]}")/../drills/lib.sh"
drill_build

say "national day on PostgreSQL: $N reports a run"
cluster_packages
cluster_pg_start
export GMIS_TRUSTED_PROXIES=127.0.0.1 GMIS_LOG_FORMAT=json
"$GMIS" migrate >/dev/null
"$GMIS" seed-demo >/dev/null
LB="127.0.0.1:$(free_port)"
export GMIS_PUBLIC_URL="http://$LB"
python3 bench/national_day.py "$DATABASE_URL" "$WORK/all.txt" "$((3 * N))" >/dev/null
for k in 1 2 3; do sed -n "$(( (k - 1) * N + 1 )),$(( k * N ))p" "$WORK/all.txt" >"$WORK/run-$k.txt"; done
run() { # k address
  "$BENCH_BIN/examples/national_day" "$2" "$WORK/run-$1.txt" 64 --acks "$WORK/acked-$1.txt" | grep '^RESULT|reports|'
}

cluster_instance_start 1
wait_ready "http://127.0.0.1:${INSTANCE_PORT[1]}/readyz" 60
IFS='|' read -r _ _ OK1 F1 S1 RPS1 P50_1 P99_1 _ <<<"$(run 1 "127.0.0.1:${INSTANCE_PORT[1]}")"
cluster_haproxy_start "${LB#*:}"
wait_ready "http://$LB/readyz" 30
IFS='|' read -r _ _ OK2 F2 S2 RPS2 P50_2 P99_2 _ <<<"$(run 2 "$LB")"
kill "$HAPROXY_PID"; wait "$HAPROXY_PID" 2>/dev/null || true
cluster_instance_start 2
wait_ready "http://127.0.0.1:${INSTANCE_PORT[2]}/readyz" 60
cluster_haproxy_start "${LB#*:}"
wait_ready "http://$LB/readyz" 30
# HAProxy sends to an instance once two health checks passed.
sleep 5
IFS='|' read -r _ _ OK3 F3 S3 RPS3 P50_3 P99_3 _ <<<"$(run 3 "$LB")"
CHECK="$(python3 drills/check.py "$DATABASE_URL" "$WORK/all.txt" "$WORK/acked-1.txt" "$WORK/acked-2.txt" "$WORK/acked-3.txt")"
# How the load balancer spread the work: each instance's own count of reports saved.
saved() { curl -fs "http://127.0.0.1:${INSTANCE_METRICS[$1]}/metrics" | awk '$1 == "gmis_reports_saved_total" { print $2 }'; }
SAVED_1="$(saved 1)" SAVED_2="$(saved 2)"

OUT="$ROOT/bench/results/national_day_cluster.md"
{
  echo "## National day on PostgreSQL, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $N reports a run, 64 connections"
  echo
  echo "| shape | saved / failed | reports/s | p50 ms | p99 ms |"
  echo "|---|---|---|---|---|"
  echo "| one instance, no load balancer | $OK1 / $F1 | $RPS1 | $P50_1 | $P99_1 |"
  echo "| HAProxy → one instance | $OK2 / $F2 | $RPS2 | $P50_2 | $P99_2 |"
  echo "| HAProxy → two instances | $OK3 / $F3 | $RPS3 | $P50_3 | $P99_3 |"
  echo
  echo "Scaling from one instance to two behind HAProxy: $(python3 -c "import sys; print(f'{float(sys.argv[2]) / float(sys.argv[1]):.2f}')" "$RPS2" "$RPS3")×."
  echo "Reports saved by each instance since it started (gmis_reports_saved_total): instance 1 $SAVED_1 (all three runs), instance 2 $SAVED_2 (the last run)."
  echo "Check: $(value reports "$CHECK") reports of $((3 * N)), missing $(value missing "$CHECK"), doubled $(value doubled "$CHECK")."
} | tee "$OUT"
