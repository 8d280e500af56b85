"""Metric names a PromQL expression selects, and the expressions of each provisioning file:
every name must be a Frontline metric or recording rule (generator self-check and tests)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from frontline_dev.grafana.common import EXPR_DS_UID, RULES_FILE, Json

_KEYWORDS = {
    "and", "or", "unless", "by", "without", "on", "ignoring", "group_left", "group_right",
    "offset", "bool", "inf", "nan", "atan2", "start", "end",
}  # fmt: skip
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|`[^`]*`')
_GROUPING = re.compile(
    r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^()]*\)", re.IGNORECASE
)
_IDENT = re.compile(r"(?<![\w.:$])([A-Za-z_:][A-Za-z0-9_:]*)")
_LABEL_VALUES = re.compile(r"^\s*label_values\(\s*(.*?)\s*(?:,\s*[A-Za-z_][A-Za-z0-9_]*\s*)?\)\s*$")


def promql_metric_names(expr: str) -> set[str]:
    """Names of the metrics (or recording rules) an expression selects.

    Handles the subset of PromQL this project writes: selectors, functions, aggregations with
    by/without, binary operators with on/ignoring, offsets, ranges, Grafana variables and
    `label_values(...)` variable queries. Function names are recognised by a following "(".
    """
    m = _LABEL_VALUES.match(expr)
    if m:
        expr = m.group(1)
    s = _STRING.sub('""', expr)
    s = re.sub(r"\$\{[^}]*\}|\$[A-Za-z_]\w*", "0", s)  # Grafana variables
    s = re.sub(r"\{[^{}]*\}", " ", s)  # label matchers
    s = re.sub(r"\[[^\[\]]*\]", " ", s)  # ranges and subqueries
    s = _GROUPING.sub(" ", s)
    s = re.sub(r"#.*", " ", s)  # comments
    names = set()
    for match in _IDENT.finditer(s):
        name = match.group(1)
        rest = s[match.end() :].lstrip()
        if rest.startswith("("):
            continue  # function or aggregation
        if name.lower() in _KEYWORDS:
            continue
        names.add(name)
    return names


def recording_rule_names(rules_file: Path = RULES_FILE) -> set[str]:
    doc = yaml.safe_load(rules_file.read_text())
    return {r["record"] for g in doc["groups"] for r in g["rules"] if "record" in r}


def dashboard_expressions(dash: Json) -> list[str]:
    exprs = []
    for panel in dash["panels"]:
        for t in panel.get("targets", []):
            if "expr" in t:
                exprs.append(t["expr"])
    for var in dash.get("templating", {}).get("list", []):
        q = var.get("query")
        exprs.append(q["query"] if isinstance(q, dict) else q)
    return exprs


def alert_expressions(alerting: Json) -> list[str]:
    exprs = []
    for group in alerting["groups"]:
        for rule in group["rules"]:
            for d in rule["data"]:
                if d["datasourceUid"] != EXPR_DS_UID:
                    exprs.append(d["model"]["expr"])
    return exprs


def prometheus_rule_expressions(rules_file: Path = RULES_FILE) -> list[str]:
    doc = yaml.safe_load(rules_file.read_text())
    return [r["expr"] for g in doc["groups"] for r in g["rules"]]


def unknown_metric_names(exprs: list[str], allowed: set[str]) -> dict[str, set[str]]:
    """{expression: names not in `allowed`} for every expression that names an unknown metric."""
    bad = {}
    for e in exprs:
        unknown = promql_metric_names(e) - allowed
        if unknown:
            bad[e] = unknown
    return bad
