"""Grafana provisioning: no drift from the generator, sound structure, only known metrics."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from click.testing import CliRunner

from frontline.cli import main
from frontline.metrics import METRIC_NAMES
from frontline_dev.grafana import common, promql, render

# the generator's names the tests use, in one place
gen = SimpleNamespace(
    DASHBOARD_UID=common.DASHBOARD_UID,
    MOMENTUM_WARNING=common.MOMENTUM_WARNING,
    MOMENTUM_CRITICAL=common.MOMENTUM_CRITICAL,
    alert_expressions=promql.alert_expressions,
    dashboard_expressions=promql.dashboard_expressions,
    prometheus_rule_expressions=promql.prometheus_rule_expressions,
    promql_metric_names=promql.promql_metric_names,
    recording_rule_names=promql.recording_rule_names,
    unknown_metric_names=promql.unknown_metric_names,
    render=render.render,
)

ROOT = Path(__file__).resolve().parents[2]
GRAFANA = ROOT / "deploy" / "grafana"
PROVISIONING = GRAFANA / "provisioning"
RULES_FILE = ROOT / "deploy" / "prometheus" / "rules" / "frontline.rules.yml"
BUILTIN_DS_UIDS = {"__expr__", "-- Grafana --"}


def _generate(*args: str) -> int:
    """Exit status of `frontline generate grafana ARGS`."""
    return CliRunner().invoke(main, ["generate", "grafana", *args]).exit_code


@pytest.fixture(scope="module")
def dash() -> dict:
    return json.loads((PROVISIONING / "dashboards" / "frontline.json").read_text())


@pytest.fixture(scope="module")
def alerting() -> dict:
    return yaml.safe_load((PROVISIONING / "alerting" / "frontline-alerts.yml").read_text())


@pytest.fixture(scope="module")
def datasource_uids() -> set[str]:
    doc = yaml.safe_load((PROVISIONING / "datasources" / "prometheus.yml").read_text())
    assert doc["apiVersion"] == 1
    return {d["uid"] for d in doc["datasources"]}


@pytest.fixture(scope="module")
def allowed_names() -> set[str]:
    return set(METRIC_NAMES) | gen.recording_rule_names(RULES_FILE)


# ------------------------------------------------------------------------------------ drift


@pytest.mark.parametrize("rel", sorted(str(p) for p in gen.render()))
def test_committed_file_matches_generator(rel: str) -> None:
    expected = gen.render()[Path(rel)]
    path = PROVISIONING / rel
    assert path.exists(), f"{path} missing: run frontline generate grafana"
    assert path.read_text() == expected, f"{path} drifted: run frontline generate grafana"


def test_check_mode_detects_drift(tmp_path: Path) -> None:
    assert _generate("--out", str(tmp_path)) == 0
    assert _generate("--check", "--out", str(tmp_path)) == 0
    target = tmp_path / "dashboards" / "frontline.json"
    target.write_text(target.read_text().replace('"Frontline"', '"Edited by hand"', 1))
    assert _generate("--check", "--out", str(tmp_path)) == 1


# -------------------------------------------------------------------------------- structure


def _rects_overlap(a: dict, b: dict) -> bool:
    return (
        a["x"] < b["x"] + b["w"]
        and b["x"] < a["x"] + a["w"]
        and a["y"] < b["y"] + b["h"]
        and b["y"] < a["y"] + a["h"]
    )


def test_dashboard_panels_have_unique_ids_and_sane_grid(dash: dict) -> None:
    panels = dash["panels"]
    ids = [p["id"] for p in panels]
    assert len(ids) == len(set(ids)), f"duplicate panel ids: {ids}"
    for p in panels:
        g = p["gridPos"]
        assert {"x", "y", "w", "h"} <= g.keys(), p["title"]
        assert all(isinstance(g[k], int) and g[k] >= 0 for k in "xywh"), p["title"]
        assert g["w"] >= 1 and g["h"] >= 1 and g["x"] + g["w"] <= 24, p["title"]
    for i, a in enumerate(panels):
        for b in panels[i + 1 :]:
            assert not _rects_overlap(a["gridPos"], b["gridPos"]), (a["title"], b["title"])


def test_dashboard_covers_required_views(dash: dict) -> None:
    types = {p["type"] for p in dash["panels"]}
    assert {"timeseries", "geomap", "table", "stat", "row"} <= types
    exprs = " ".join(gen.dashboard_expressions(dash))
    for name in (
        "frontline_momentum_net",
        "frontline_control_changes_total",
        "frontline_events_total",
        "frontline_articles_consumed_total",
        "frontline_dlq_records_total",
        "frontline_processing_latency_seconds_bucket",
        "frontline_consumer_lag_messages",
    ):
        assert name in exprs, f"no panel queries {name}"
    assert dash["uid"] and len(dash["uid"]) <= 40


def _datasource_refs(obj: object) -> list[str]:
    """Every datasource uid referenced anywhere in a JSON/YAML document."""
    found = []
    if isinstance(obj, dict):
        ds = obj.get("datasource")
        if isinstance(ds, dict) and "uid" in ds:
            found.append(ds["uid"])
        if "datasourceUid" in obj:
            found.append(obj["datasourceUid"])
        for v in obj.values():
            found += _datasource_refs(v)
    elif isinstance(obj, list):
        for v in obj:
            found += _datasource_refs(v)
    return found


def test_dashboard_datasources_are_provisioned(dash: dict, datasource_uids: set[str]) -> None:
    refs = _datasource_refs(dash)
    assert refs
    assert set(refs) <= datasource_uids | BUILTIN_DS_UIDS


def test_alert_rules_structure(alerting: dict, datasource_uids: set[str]) -> None:
    assert alerting["apiVersion"] == 1
    rules = [r for g in alerting["groups"] for r in g["rules"]]
    uids = [r["uid"] for r in rules]
    assert len(uids) == len(set(uids))
    assert any("momentum" in u for u in uids)
    for g in alerting["groups"]:
        assert g["folder"] and g["name"] and g["interval"]
    for r in rules:
        assert len(r["uid"]) <= 40
        refs = {d["refId"] for d in r["data"]}
        assert r["condition"] in refs, r["uid"]
        assert r["labels"]["severity"] in {"warning", "critical"}
        assert {"summary", "description", "runbook_url"} <= r["annotations"].keys()
        assert r["noDataState"] in {"OK", "NoData", "Alerting", "KeepLast"}
        assert r["execErrState"] in {"OK", "Error", "Alerting", "KeepLast"}
        assert set(_datasource_refs(r)) <= datasource_uids | BUILTIN_DS_UIDS
        assert r.get("dashboardUid") in (None, gen.DASHBOARD_UID)


def test_alert_thresholds_match_prometheus_rules(alerting: dict) -> None:
    maths = {
        d["model"]["expression"]
        for g in alerting["groups"]
        for r in g["rules"]
        for d in r["data"]
        if d["model"].get("type") == "math"
    }
    rules_text = RULES_FILE.read_text()
    assert f"$B >= {gen.MOMENTUM_WARNING}" in maths
    assert f"$B >= {gen.MOMENTUM_CRITICAL}" in maths
    assert f"frontline:momentum_net:max7d >= {gen.MOMENTUM_WARNING}\n" in rules_text
    assert f"frontline:momentum_net:max7d >= {gen.MOMENTUM_CRITICAL}\n" in rules_text


def test_provider_points_at_dashboard_mount() -> None:
    doc = yaml.safe_load((PROVISIONING / "dashboards" / "dashboards.yml").read_text())
    (provider,) = doc["providers"]
    assert provider["type"] == "file"
    assert provider["options"]["path"] == "/etc/grafana/provisioning/dashboards"


# ---------------------------------------------------------------------------- metric names


def test_extractor_finds_metrics_not_labels_or_functions() -> None:
    names = gen.promql_metric_names(
        'histogram_quantile(0.99, sum by (le, stage) (rate(foo_bucket{stage="e2e"}[5m]))) '
        "/ on (stage) group_left bar_total offset 1h or vector(0) "
        '+ ignoring(x) baz:rec:rate5m{a=~"$country"} and time() - quux'
    )
    assert names == {"foo_bucket", "bar_total", "baz:rec:rate5m", "quux"}
    assert gen.promql_metric_names('label_values(frontline_momentum_net{a="b"}, actor)') == {
        "frontline_momentum_net"
    }
    assert gen.promql_metric_names('count(up{job="frontline"} == 0) or vector(0)') == {"up"}


def test_unknown_metric_is_reported(allowed_names: set[str]) -> None:
    bad = gen.unknown_metric_names(
        ["sum(rate(frontline_articles_consumed_total[5m]))", "rate(frontline_bogus_total[5m])"],
        allowed_names,
    )
    assert bad == {"rate(frontline_bogus_total[5m])": {"frontline_bogus_total"}}


def test_dashboard_uses_only_known_metrics(dash: dict, allowed_names: set[str]) -> None:
    exprs = gen.dashboard_expressions(dash)
    assert len(exprs) >= 15
    assert gen.unknown_metric_names(exprs, allowed_names) == {}


def test_grafana_alerts_use_only_known_metrics(alerting: dict, allowed_names: set[str]) -> None:
    exprs = gen.alert_expressions(alerting)
    assert exprs
    assert gen.unknown_metric_names(exprs, allowed_names) == {}


def test_prometheus_rules_use_only_known_metrics(allowed_names: set[str]) -> None:
    exprs = gen.prometheus_rule_expressions(RULES_FILE)
    assert len(exprs) >= 15
    assert gen.unknown_metric_names(exprs, allowed_names) == {}
    # Recording rules may only build on raw metrics or on rules defined earlier in the file.
    doc = yaml.safe_load(RULES_FILE.read_text())
    seen: set[str] = set()
    for group in doc["groups"]:
        for rule in group["rules"]:
            assert gen.promql_metric_names(rule["expr"]) <= set(METRIC_NAMES) | seen, rule
            if "record" in rule:
                seen.add(rule["record"])
