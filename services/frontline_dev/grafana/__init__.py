"""Frontline's Grafana provisioning as code: one module per kind of file.

`common` (datasource ids, thresholds), `panels` (the dashboard), `alerts` (Grafana-managed alert
rules), `provisioning` (datasource and dashboard provider), `promql` (metric names an expression
selects, for the self-check and the tests) and `render` (file contents). The command is
`frontline generate grafana [--check]`; it writes under deploy/grafana/provisioning/:

    datasources/prometheus.yml    Prometheus datasource (uid frontline-prometheus)
    dashboards/dashboards.yml     file provider for the dashboard JSON
    dashboards/frontline.json     the Frontline dashboard
    alerting/frontline-alerts.yml Grafana-managed alert rules (apiVersion 1)

Every PromQL expression may name only metrics from frontline.metrics.METRIC_NAMES or recording
rules of deploy/prometheus/rules/frontline.rules.yml (`self_check`, and the tests).
"""
