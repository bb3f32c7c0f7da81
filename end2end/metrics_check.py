"""Reads gmis's /metrics with the Prometheus client library's OpenMetrics
parser (a client nobody here wrote) after the end-to-end run and the API
checks, and checks what an operator's dashboards rely on.

Usage: metrics_check.py METRICS_URL
"""
import sys
import urllib.request

from prometheus_client.openmetrics.parser import text_string_to_metric_families

with urllib.request.urlopen(sys.argv[1], timeout=10) as res:
    content_type = res.headers.get("content-type", "")
    text = res.read().decode("utf-8")
assert content_type.startswith("application/openmetrics-text"), content_type
families = {f.name: f for f in text_string_to_metric_families(text)}

def samples(name, suffix):
    return [s for s in families[name].samples if s.name == name + suffix]

requests = samples("gmis_http_requests", "_total")
routes = {s.labels["route"] for s in requests}
total = sum(s.value for s in requests)
# The run went through pages, server functions and the public API.
for route in ["/login", "/api/v1/reports"]:
    assert route in routes, (route, sorted(routes))
# Route patterns only: no label carries an id or a query.
assert all("?" not in r and not any(part.isdigit() for part in r.split("/")) for r in routes), sorted(routes)
counts = samples("gmis_http_request_duration_seconds", "_count")
assert sum(s.value for s in counts) == total, "every request counted is timed"
saved = samples("gmis_reports_saved", "_total")[0].value
assert saved > 0, "the run saved reports"
backlog = samples("gmis_outbox_backlog", "")[0].value
assert backlog >= 0
pool = {s.labels["state"]: s.value for s in samples("gmis_db_pool_connections", "")}
assert set(pool) == {"idle", "in_use"}, pool
print(f"metrics: {int(total)} requests over {len(routes)} routes, {int(saved)} reports saved, "
      f"outbox backlog {int(backlog)}, pool {pool}")
