"""Grafana-managed alert rules (momentum warning/critical, capital changed hands)."""

from __future__ import annotations

from frontline_dev.grafana.common import (
    DASHBOARD_UID,
    DS,
    DS_UID,
    EXPR_DS_UID,
    FOLDER,
    MOMENTUM_CRITICAL,
    MOMENTUM_WARNING,
    RUNBOOK,
    Json,
)


def _prom_query(expr: str) -> Json:
    return {
        "refId": "A",
        "relativeTimeRange": {"from": 600, "to": 0},
        "datasourceUid": DS_UID,
        "model": {
            "datasource": DS,
            "editorMode": "code",
            "expr": expr,
            "instant": True,
            "intervalMs": 1000,
            "maxDataPoints": 43200,
            "range": False,
            "refId": "A",
        },
    }


def _expr(ref: str, model: Json) -> Json:
    return {
        "refId": ref,
        "relativeTimeRange": {"from": 0, "to": 0},
        "datasourceUid": EXPR_DS_UID,
        "model": {"datasource": {"type": "__expr__", "uid": EXPR_DS_UID}, "refId": ref, **model},
    }


def _rule(
    uid: str,
    title: str,
    expr: str,
    condition_math: str,
    *,
    for_: str,
    severity: str,
    summary: str,
    description: str,
    anchor: str,
    panel_id: int,
) -> Json:
    return {
        "uid": uid,
        "title": title,
        "condition": "C",
        "data": [
            _prom_query(expr),
            _expr("B", {"type": "reduce", "expression": "A", "reducer": "last"}),
            _expr("C", {"type": "math", "expression": condition_math}),
        ],
        "dashboardUid": DASHBOARD_UID,
        "panelId": panel_id,
        "noDataState": "OK",
        "execErrState": "Error",
        "for": for_,
        "annotations": {
            "summary": summary,
            "description": description,
            "runbook_url": f"{RUNBOOK}#{anchor}",
        },
        "labels": {"severity": severity, "team": "frontline", "source": "grafana"},
        "isPaused": False,
    }


MOMENTUM_EXPR = 'max by (actor, country) (frontline_momentum_net{window="7d"})'
CAPITAL_EXPR = (
    "sum by (country, level, actor) ("
    "(increase(frontline_capital_changes_total[1h]) > 0)"
    " or (frontline_capital_changes_total unless frontline_capital_changes_total offset 1h))"
)


def alert_rules() -> Json:
    value = "{{ $values.B.Value }}"
    rules = [
        _rule(
            "frontline-momentum-warning",
            "Frontline offensive momentum (warning)",
            MOMENTUM_EXPR,
            f"$B >= {MOMENTUM_WARNING}",
            for_="10m",
            severity="warning",
            summary="{{ $labels.actor }} is gaining ground in {{ $labels.country }}",
            description=(
                "Net 7-day momentum of {{ $labels.actor }} in {{ $labels.country }} is "
                f"{value} (warning at {MOMENTUM_WARNING}, critical at {MOMENTUM_CRITICAL})."
            ),
            anchor="frontlineoffensivemomentum",
            panel_id=1,
        ),
        _rule(
            "frontline-momentum-critical",
            "Frontline offensive momentum (critical)",
            MOMENTUM_EXPR,
            f"$B >= {MOMENTUM_CRITICAL}",
            for_="10m",
            severity="critical",
            summary="{{ $labels.actor }} offensive in {{ $labels.country }} (critical)",
            description=(
                "Net 7-day momentum of {{ $labels.actor }} in {{ $labels.country }} is "
                f"{value}, at or above {MOMENTUM_CRITICAL}."
            ),
            anchor="frontlineoffensivemomentum",
            panel_id=1,
        ),
        _rule(
            "frontline-capital-changed-hands",
            "Frontline capital changed hands",
            CAPITAL_EXPR,
            "$B > 0",
            for_="0s",
            severity="critical",
            summary="A {{ $labels.level }} capital in {{ $labels.country }} changed hands",
            description=(
                "{{ $labels.actor }} took a {{ $labels.level }} capital in {{ $labels.country }} "
                "within the last hour."
            ),
            anchor="frontlinecapitalchangedhands",
            panel_id=6,
        ),
    ]
    return {
        "apiVersion": 1,
        "groups": [
            {
                "orgId": 1,
                "name": "frontline-momentum",
                "folder": FOLDER,
                "interval": "1m",
                "rules": rules,
            }
        ],
    }
