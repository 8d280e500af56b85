#!/usr/bin/env python3
"""Generate Frontline's Grafana provisioning files from code (plain dicts, no extra dependency).

    python deploy/grafana/generate.py          # (re)write the files under provisioning/
    python deploy/grafana/generate.py --check  # exit 1 if a committed file differs (drift)

Writes:
    provisioning/datasources/prometheus.yml   Prometheus datasource (uid frontline-prometheus)
    provisioning/dashboards/dashboards.yml    file provider for the dashboard JSON
    provisioning/dashboards/frontline.json    the Frontline dashboard
    provisioning/alerting/frontline-alerts.yml Grafana-managed alert rules (apiVersion 1)

The content is built by the package next to this script (`frontline_grafana/`: panels, alert
rules, provisioning, PromQL names, rendering). Every PromQL expression may name only metrics
from frontline.metrics.METRIC_NAMES or recording rules of
deploy/prometheus/rules/frontline.rules.yml; `promql_metric_names` extracts the names and
tests/unit/test_deploy_grafana.py checks them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # run as a script or loaded by path (tests): find the package
    sys.path.insert(0, str(HERE))

from frontline_grafana.common import (  # noqa: E402
    DASHBOARD_UID,
    MOMENTUM_CRITICAL,
    MOMENTUM_WARNING,
    PROVISIONING,
)
from frontline_grafana.promql import (  # noqa: E402
    alert_expressions,
    dashboard_expressions,
    prometheus_rule_expressions,
    promql_metric_names,
    recording_rule_names,
    unknown_metric_names,
)
from frontline_grafana.render import render, self_check  # noqa: E402

from frontline.generated import regenerate  # noqa: E402

__all__ = [
    "DASHBOARD_UID",
    "MOMENTUM_CRITICAL",
    "MOMENTUM_WARNING",
    "alert_expressions",
    "dashboard_expressions",
    "main",
    "prometheus_rule_expressions",
    "promql_metric_names",
    "recording_rule_names",
    "render",
    "unknown_metric_names",
]


def main(argv: list[str] | None = None) -> int:
    """Write (or with --check compare) the provisioning files; 1 on drift or unknown metrics."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if committed files differ")
    parser.add_argument("--out", type=Path, default=PROVISIONING, help="provisioning directory")
    args = parser.parse_args(argv)

    problems = self_check()
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        return 1

    return regenerate(args.out, render(), args.check, "deploy/grafana/generate.py")


if __name__ == "__main__":
    sys.exit(main())
