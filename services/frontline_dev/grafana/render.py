"""File contents of the provisioning directory, and the self-check of their expressions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from frontline_dev.grafana.alerts import alert_rules
from frontline_dev.grafana.common import HEADER, Json
from frontline_dev.grafana.panels import dashboard
from frontline_dev.grafana.promql import (
    alert_expressions,
    dashboard_expressions,
    recording_rule_names,
    unknown_metric_names,
)
from frontline_dev.grafana.provisioning import dashboard_providers, datasources


class _NoAliasDumper(yaml.SafeDumper):
    """Write shared dicts out in full: no &id001 anchors in provisioning files."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _yaml(doc: Json) -> str:
    return HEADER + yaml.dump(
        doc, Dumper=_NoAliasDumper, sort_keys=False, allow_unicode=True, width=100
    )


def render() -> dict[Path, str]:
    """Relative path (under provisioning/) -> file content."""
    return {
        Path("datasources/prometheus.yml"): _yaml(datasources()),
        Path("dashboards/dashboards.yml"): _yaml(dashboard_providers()),
        Path("dashboards/frontline.json"): json.dumps(dashboard(), indent=2) + "\n",
        Path("alerting/frontline-alerts.yml"): _yaml(alert_rules()),
    }


def self_check() -> list[str]:
    """Problems with the generated expressions (empty outside the project's venv)."""
    try:
        from frontline.metrics import METRIC_NAMES
    except ImportError:  # generator run outside the project's venv
        return []
    allowed = set(METRIC_NAMES) | recording_rule_names()
    bad = unknown_metric_names(
        dashboard_expressions(dashboard()) + alert_expressions(alert_rules()), allowed
    )
    return [f"unknown metric(s) {sorted(v)} in: {k}" for k, v in bad.items()]
