"""Prometheus rules and scrape config: labels, annotations, runbook anchors, settings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from frontline.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
PROM = ROOT / "deploy" / "prometheus"
RULES_FILE = PROM / "rules" / "frontline.rules.yml"
ALERTING_DOC = ROOT / "docs" / "operations.md"  # the runbook
GRAFANA_ALERTS = ROOT / "deploy" / "grafana" / "provisioning" / "alerting" / "frontline-alerts.yml"

REQUIRED_ALERTS = {
    "FrontlineOffensiveMomentum",
    "FrontlineCapitalChangedHands",
    "FrontlineWorkerDown",
    "FrontlineConsumerLagHigh",
    "FrontlineConsumerLagSecondsHigh",
    "FrontlineWorkerNotReady",
    "FrontlineDLQGrowth",
}


def _rules() -> list[dict]:
    doc = yaml.safe_load(RULES_FILE.read_text())
    return [r for g in doc["groups"] for r in g["rules"]]


def _alerts() -> list[dict]:
    return [r for r in _rules() if "alert" in r]


def github_anchor(heading: str) -> str:
    """GitHub's heading slug: lower case, punctuation dropped, spaces to dashes."""
    slug = heading.strip().lower()
    slug = re.sub(r"[^\w\- ]", "", slug)
    return slug.replace(" ", "-")


def doc_anchors(path: Path = ALERTING_DOC) -> set[str]:
    return {
        github_anchor(m.group(1))
        for m in re.finditer(r"^#{1,6}\s+(.+?)\s*#*\s*$", path.read_text(), re.MULTILINE)
    }


def test_required_alerts_present() -> None:
    assert {a["alert"] for a in _alerts()} >= REQUIRED_ALERTS


def test_recording_rule_names_follow_convention() -> None:
    for r in _rules():
        if "record" in r:
            assert re.fullmatch(r"[a-z_]+:[a-z0-9_]+:[a-z0-9_]+", r["record"]), r["record"]


@pytest.mark.parametrize(
    "alert", _alerts(), ids=lambda a: f"{a['alert']}-{a['labels']['severity']}"
)
def test_alert_has_labels_and_annotations(alert: dict) -> None:
    assert alert["labels"]["severity"] in {"warning", "critical"}
    assert alert["labels"]["team"] == "frontline"
    ann = alert["annotations"]
    assert {"summary", "description", "runbook_url"} <= ann.keys()
    assert ann["runbook_url"].startswith("docs/operations.md#")


def test_runbook_anchors_exist_in_docs() -> None:
    anchors = doc_anchors()
    urls = {a["annotations"]["runbook_url"] for a in _alerts()}
    grafana = yaml.safe_load(GRAFANA_ALERTS.read_text())
    urls |= {r["annotations"]["runbook_url"] for g in grafana["groups"] for r in g["rules"]}
    missing = {u for u in urls if u.split("#", 1)[1] not in anchors}
    assert not missing, f"runbook anchors missing from docs/operations.md: {sorted(missing)}"


def test_anchor_helper_can_fail() -> None:
    assert github_anchor("FrontlineDLQGrowth") == "frontlinedlqgrowth"
    assert github_anchor("Geomap: country lookup") == "geomap-country-lookup"
    assert "frontlinenosuchalert" not in doc_anchors()


def test_momentum_warning_threshold_matches_worker_setting() -> None:
    default = Settings.model_fields["momentum_alert_threshold"].default
    warning = [
        a
        for a in _alerts()
        if a["alert"] == "FrontlineOffensiveMomentum" and a["labels"]["severity"] == "warning"
    ]
    assert len(warning) == 1
    threshold = float(warning[0]["expr"].rsplit(">=", 1)[1])
    assert threshold == default


def test_scrape_job_is_frontline_and_loads_rules() -> None:
    cfg = yaml.safe_load((PROM / "prometheus.yml").read_text())
    jobs = {j["job_name"]: j for j in cfg["scrape_configs"]}
    assert "frontline" in jobs
    assert jobs["frontline"].get("metrics_path", "/metrics") == "/metrics"
    targets = [t for sc in jobs["frontline"]["static_configs"] for t in sc["targets"]]
    assert targets and all(t.endswith(":6066") for t in targets)
    rule_globs = cfg["rule_files"]
    matched = [p for g in rule_globs for p in PROM.glob(g)]
    assert RULES_FILE in matched
