"""Frontline's Grafana provisioning as code: one module per kind of file.

`common` (datasource ids, thresholds), `panels` (the dashboard), `alerts` (Grafana-managed alert
rules), `provisioning` (datasource and dashboard provider), `promql` (metric names an expression
selects, for the self-check and the tests) and `render` (file contents). The CLI is
deploy/grafana/generate.py.
"""
