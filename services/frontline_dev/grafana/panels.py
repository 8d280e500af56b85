"""The Frontline dashboard: panel builders, the panels in their grid, template variables."""

from __future__ import annotations

from frontline_dev.grafana.common import (
    DASHBOARD_UID,
    DS,
    MOMENTUM_CRITICAL,
    MOMENTUM_WARNING,
    Json,
)


def target(expr: str, legend: str = "", ref: str = "A", *, instant: bool = False) -> Json:
    t: Json = {"datasource": DS, "editorMode": "code", "expr": expr, "refId": ref}
    if instant:
        t.update({"format": "table", "instant": True, "range": False})
    else:
        t.update({"legendFormat": legend or "__auto", "range": True})
    return t


def increase_by(metric: str, by: str, window: str) -> str:
    """Counter increase over `window` summed by labels, on the dashboard's selection."""
    return f"sum by ({by}) (increase({metric}{{{SEL}}}[{window}]))"


def rate_by(metric: str, by: str) -> str:
    """Per-second counter rate summed by labels."""
    return f"sum by ({by}) (rate({metric}[$__rate_interval]))"


def grid(x: int, y: int, w: int, h: int) -> Json:
    return {"h": h, "w": w, "x": x, "y": y}


def row(pid: int, title: str, y: int) -> Json:
    return {
        "collapsed": False,
        "gridPos": grid(0, y, 24, 1),
        "id": pid,
        "panels": [],
        "title": title,
        "type": "row",
    }


def timeseries(
    pid: int,
    title: str,
    targets: list[Json],
    pos: Json,
    *,
    unit: str = "short",
    description: str = "",
    stack: bool = False,
    thresholds: list[tuple[str, float | None]] | None = None,
) -> Json:
    steps = [{"color": c, "value": v} for c, v in (thresholds or [("green", None)])]
    return {
        "datasource": DS,
        "description": description,
        "fieldConfig": {
            "defaults": {
                "custom": {
                    "drawStyle": "line",
                    "fillOpacity": 20 if stack else 0,
                    "lineWidth": 1,
                    "showPoints": "never",
                    "stacking": {"group": "A", "mode": "normal" if stack else "none"},
                    "thresholdsStyle": {"mode": "line" if thresholds else "off"},
                },
                "thresholds": {"mode": "absolute", "steps": steps},
                "unit": unit,
            },
            "overrides": [],
        },
        "gridPos": pos,
        "id": pid,
        "options": {
            "legend": {
                "calcs": ["lastNotNull", "max"],
                "displayMode": "table",
                "placement": "right",
            },
            "tooltip": {"mode": "multi", "sort": "desc"},
        },
        "targets": targets,
        "title": title,
        "type": "timeseries",
    }


def stat(
    pid: int,
    title: str,
    targets: list[Json],
    pos: Json,
    *,
    description: str = "",
    bad_when_positive: bool = True,
) -> Json:
    low, high = ("green", "red") if bad_when_positive else ("red", "green")
    return {
        "datasource": DS,
        "description": description,
        "fieldConfig": {
            "defaults": {
                "thresholds": {
                    "mode": "absolute",
                    "steps": [{"color": low, "value": None}, {"color": high, "value": 1}],
                },
                "unit": "short",
            },
            "overrides": [],
        },
        "gridPos": pos,
        "id": pid,
        "options": {
            "colorMode": "background",
            "graphMode": "none",
            "reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": False},
            "textMode": "value_and_name",
        },
        "targets": targets,
        "title": title,
        "type": "stat",
    }


def table(pid: int, title: str, targets: list[Json], pos: Json, *, description: str = "") -> Json:
    return {
        "datasource": DS,
        "description": description,
        "fieldConfig": {"defaults": {"unit": "short"}, "overrides": []},
        "gridPos": pos,
        "id": pid,
        "options": {"showHeader": True, "sortBy": [{"desc": True, "displayName": "Value"}]},
        "targets": targets,
        "title": title,
        "transformations": [
            {"id": "organize", "options": {"excludeByName": {"Time": True}}},
        ],
        "type": "table",
    }


def geomap(pid: int, title: str, targets: list[Json], pos: Json, *, description: str) -> Json:
    """Markers placed by country code through Grafana's built-in country gazetteer.

    The `country` label of the metrics is an ISO 3166-1 alpha-2 code, which the gazetteer
    resolves to a position: no lat/lon in the metrics and no datasource plugin needed.
    """
    return {
        "datasource": DS,
        "description": description,
        "fieldConfig": {
            "defaults": {
                "color": {"mode": "continuous-YlRd"},
                "thresholds": {"mode": "absolute", "steps": [{"color": "green", "value": None}]},
                "unit": "short",
            },
            "overrides": [],
        },
        "gridPos": pos,
        "id": pid,
        "options": {
            "basemap": {"config": {}, "name": "Basemap", "type": "default"},
            "controls": {"mouseWheelZoom": True, "showAttribution": True, "showZoom": True},
            "layers": [
                {
                    "config": {
                        "showLegend": True,
                        "style": {
                            "color": {"field": "Value", "fixed": "dark-red"},
                            "opacity": 0.6,
                            "size": {"field": "Value", "fixed": 5, "max": 40, "min": 6},
                            "symbol": {"fixed": "img/icons/marker/circle.svg", "mode": "fixed"},
                            "text": {"field": "country", "mode": "field"},
                            "textConfig": {"fontSize": 10, "offsetY": -14, "textAlign": "center"},
                        },
                    },
                    "location": {
                        "gazetteer": "public/gazetteer/countries.json",
                        "lookup": "country",
                        "mode": "lookup",
                    },
                    "name": "Control changes",
                    "tooltip": True,
                    "type": "markers",
                }
            ],
            "tooltip": {"mode": "details"},
            "view": {"allLayers": True, "id": "fit", "lat": 30, "lon": 30, "zoom": 2},
        },
        "targets": targets,
        "title": title,
        "type": "geomap",
    }


SEL = 'country=~"$country"'
SEL_ACTOR = 'country=~"$country", actor=~"$actor"'


def panels() -> list[Json]:
    p: list[Json] = []
    momentum_thresholds: list[tuple[str, float | None]] = [
        ("green", None),
        ("orange", MOMENTUM_WARNING),
        ("red", MOMENTUM_CRITICAL),
    ]
    p.append(row(100, "Offensive momentum", 0))
    p.append(
        timeseries(
            1,
            "Net momentum per actor (7-day window)",
            [
                target(
                    f'max by (actor, country) (frontline_momentum_net{{window="7d", {SEL_ACTOR}}})',
                    "{{actor}} ({{country}})",
                )
            ],
            grid(0, 1, 16, 10),
            description=(
                "Importance-weighted places gained minus lost in the 7-day event-time window "
                "(national capital 1, admin1 capital 0.8, city of 1M 0.7 ... town 0.2; "
                "services/frontline/data/geo/importance.tsv). Lines: warning "
                f"{MOMENTUM_WARNING}, critical {MOMENTUM_CRITICAL}."
            ),
            thresholds=momentum_thresholds,
        )
    )
    p.append(
        table(
            2,
            "In-stream alerts firing",
            [target("frontline_alerts_firing == 1", instant=True)],
            grid(16, 1, 8, 10),
            description="Alerts the worker itself raised on alerts.momentum and still firing.",
        )
    )
    p.append(
        timeseries(
            3,
            "Net momentum per actor (1-day window)",
            [
                target(
                    f'max by (actor, country) (frontline_momentum_net{{window="1d", {SEL_ACTOR}}})',
                    "{{actor}} ({{country}})",
                )
            ],
            grid(0, 11, 12, 8),
        )
    )
    p.append(
        timeseries(
            4,
            "Places gained and lost (7-day window)",
            [
                target(
                    "max by (actor, country) "
                    f'(frontline_momentum_places_gained{{window="7d", {SEL_ACTOR}}})',
                    "gained {{actor}} ({{country}})",
                    "A",
                ),
                target(
                    "-max by (actor, country) "
                    f'(frontline_momentum_places_lost{{window="7d", {SEL_ACTOR}}})',
                    "lost {{actor}} ({{country}})",
                    "B",
                ),
            ],
            grid(12, 11, 12, 8),
            description="Place counts (not weighted); losses drawn below zero.",
        )
    )

    p.append(row(101, "Territory", 19))
    p.append(
        geomap(
            5,
            "Control changes by country (dashboard range)",
            [
                target(
                    increase_by("frontline_control_changes_total", "country", "$__range") + " > 0",
                    instant=True,
                )
            ],
            grid(0, 20, 12, 12),
            description=(
                "Changes of controller in the selected time range, one marker per country "
                "(ISO alpha-2 `country` label looked up in Grafana's country gazetteer). "
                "Place-level positions are served as JSON by the worker at /control; see "
                "docs/alerting.md for the Infinity-datasource variant."
            ),
        )
    )
    p.append(
        table(
            6,
            "Capitals that changed hands (dashboard range)",
            [
                target(
                    increase_by(
                        "frontline_capital_changes_total", "country, level, actor", "$__range"
                    )
                    + " > 0",
                    instant=True,
                )
            ],
            grid(12, 20, 12, 12),
        )
    )
    p.append(
        timeseries(
            7,
            "Control changes per hour by country",
            [
                target(
                    increase_by("frontline_control_changes_total", "country", "1h"),
                    "{{country}}",
                )
            ],
            grid(0, 32, 12, 8),
            stack=True,
        )
    )
    p.append(
        timeseries(
            8,
            "Events per hour by type",
            [
                target(
                    increase_by("frontline_events_total", "type", "1h"),
                    "{{type}}",
                )
            ],
            grid(12, 32, 12, 8),
            stack=True,
        )
    )
    p.append(
        table(
            9,
            "Events by type and country (dashboard range)",
            [
                target(
                    increase_by("frontline_events_total", "type, country", "$__range") + " > 0",
                    instant=True,
                )
            ],
            grid(0, 40, 24, 8),
        )
    )

    p.append(row(102, "Pipeline health", 48))
    p.append(
        stat(
            10,
            "Workers down",
            [target('count(up{job="frontline"} == 0) or vector(0)', "down")],
            grid(0, 49, 4, 4),
        )
    )
    p.append(
        stat(
            11,
            "Workers up",
            [target('count(up{job="frontline"} == 1) or vector(0)', "up")],
            grid(0, 53, 4, 4),
            bad_when_positive=False,
        )
    )
    p.append(
        timeseries(
            12,
            "Articles consumed by outcome",
            [
                target(
                    rate_by("frontline_articles_consumed_total", "outcome"),
                    "{{outcome}}",
                )
            ],
            grid(4, 49, 10, 8),
            unit="reqps",
            stack=True,
        )
    )
    p.append(
        timeseries(
            13,
            "Dead-letter records by reason",
            [
                target(
                    rate_by("frontline_dlq_records_total", "reason"),
                    "{{reason}}",
                )
            ],
            grid(14, 49, 10, 8),
            unit="reqps",
        )
    )
    p.append(
        timeseries(
            14,
            "Processing latency p50 / p99",
            [
                target(
                    "histogram_quantile(0.5, sum by (le, stage) "
                    "(rate(frontline_processing_latency_seconds_bucket[$__rate_interval])))",
                    "p50 {{stage}}",
                    "A",
                ),
                target(
                    "histogram_quantile(0.99, sum by (le, stage) "
                    "(rate(frontline_processing_latency_seconds_bucket[$__rate_interval])))",
                    "p99 {{stage}}",
                    "B",
                ),
            ],
            grid(0, 57, 12, 8),
            unit="s",
        )
    )
    p.append(
        timeseries(
            15,
            "Consumer lag by topic",
            [target("sum by (topic) (frontline_consumer_lag_messages)", "{{topic}}")],
            grid(12, 57, 12, 8),
            thresholds=[("green", None), ("orange", 1000)],
        )
    )
    p.append(
        timeseries(
            16,
            "Event-time clock behind wall clock",
            [target("time() - max(frontline_stream_time_seconds)", "stream time lag")],
            grid(0, 65, 24, 6),
            unit="s",
            description=(
                "How far the momentum aggregation's event-time clock trails now. Large values "
                "are normal while backfilling old articles."
            ),
        )
    )
    p.append(
        timeseries(
            17,
            "Consumer lag in seconds by topic (oldest unprocessed record)",
            [
                target(
                    "max by (topic) (frontline_consumer_lag_seconds)",
                    "{{topic}}",
                )
            ],
            grid(0, 71, 24, 8),
            unit="s",
            description=(
                "Age of the oldest record not yet processed on any partition of the topic "
                "(frontline_consumer_lag_seconds, 0 when caught up): how late events, control "
                "changes and alerts are. Lines: FrontlineConsumerLagSecondsHigh warning 300 s, "
                "critical 1800 s (docs/operations.md)."
            ),
            thresholds=[("green", None), ("orange", 300), ("red", 1800)],
        )
    )
    return p


def variable(name: str, label: str, query: str) -> Json:
    return {
        "allValue": ".*",
        "current": {"selected": True, "text": ["All"], "value": ["$__all"]},
        "datasource": DS,
        "definition": query,
        "includeAll": True,
        "label": label,
        "multi": True,
        "name": name,
        "options": [],
        "query": {
            "qryType": 1,
            "query": query,
            "refId": "PrometheusVariableQueryEditor-VariableQuery",
        },
        "refresh": 2,
        "regex": "",
        "sort": 1,
        "type": "query",
    }


def dashboard() -> Json:
    return {
        "annotations": {
            "list": [
                {
                    "builtIn": 1,
                    "datasource": {"type": "grafana", "uid": "-- Grafana --"},
                    "enable": True,
                    "hide": True,
                    "iconColor": "rgba(0, 211, 255, 1)",
                    "name": "Annotations & Alerts",
                    "type": "dashboard",
                }
            ]
        },
        "description": "Frontline: territorial change and offensive momentum from conflict news. "
        "Generated by `frontline generate grafana`.",
        "editable": False,
        "graphTooltip": 1,
        "links": [],
        "panels": panels(),
        "refresh": "1m",
        "schemaVersion": 39,
        "tags": ["frontline"],
        "templating": {
            "list": [
                variable("country", "Country", "label_values(frontline_momentum_net, country)"),
                variable(
                    "actor",
                    "Actor",
                    'label_values(frontline_momentum_net{country=~"$country"}, actor)',
                ),
            ]
        },
        "time": {"from": "now-30d", "to": "now"},
        "timepicker": {},
        "timezone": "utc",
        "title": "Frontline",
        "uid": DASHBOARD_UID,
        "version": 1,
    }
