"""Every Prometheus metric the worker exports, built in one factory.

Names follow Prometheus conventions; deploy/prometheus and deploy/grafana must only
query names listed in `METRIC_NAMES` (a test checks this).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, Info

LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


@dataclass(frozen=True)
class Metrics:
    build: Info
    articles: Counter
    dlq: Counter
    events: Counter
    control_changes: Counter
    capital_changes: Counter
    momentum_net: Gauge
    momentum_gained: Gauge
    momentum_lost: Gauge
    alerts: Counter
    alerts_firing: Gauge
    latency: Histogram
    consumer_lag: Gauge
    stream_time: Gauge
    consumer_lag_seconds: Gauge
    ready: Gauge
    resequenced: Counter


def create(registry: CollectorRegistry) -> Metrics:
    """Build all metrics on `registry` (one registry per worker process or test)."""
    return Metrics(
        build=Info("frontline_build", "Frontline version and settings", registry=registry),
        articles=Counter(
            "frontline_articles_consumed_total",
            "Articles consumed from articles.raw, each once, by outcome "
            "(ok, invalid, duplicate, corrected, retracted)",
            ["outcome"],
            registry=registry,
        ),
        dlq=Counter(
            "frontline_dlq_records_total",
            "Records sent to the dead-letter topic by reason",
            ["reason"],
            registry=registry,
        ),
        events=Counter(
            "frontline_events_total",
            "Territorial-change events published by type, actor kind and country",
            ["type", "actor_kind", "country"],
            registry=registry,
        ),
        control_changes=Counter(
            "frontline_control_changes_total",
            "Changes of controller published to events.control",
            ["country", "cause"],
            registry=registry,
        ),
        capital_changes=Counter(
            "frontline_capital_changes_total",
            "National or admin1 capitals that changed hands",
            ["country", "level", "actor"],
            registry=registry,
        ),
        momentum_net=Gauge(
            "frontline_momentum_net",
            "Net importance-weighted places gained minus lost in the latest event-time window",
            ["actor", "country", "window"],
            registry=registry,
        ),
        momentum_gained=Gauge(
            "frontline_momentum_places_gained",
            "Places gained by the actor in the latest event-time window",
            ["actor", "country", "window"],
            registry=registry,
        ),
        momentum_lost=Gauge(
            "frontline_momentum_places_lost",
            "Places lost by the actor in the latest event-time window",
            ["actor", "country", "window"],
            registry=registry,
        ),
        alerts=Counter(
            "frontline_alerts_total",
            "Alert messages published to alerts.momentum by rule and state",
            ["rule", "state"],
            registry=registry,
        ),
        alerts_firing=Gauge(
            "frontline_alerts_firing",
            "1 while an in-stream alert is firing",
            ["rule", "actor", "country"],
            registry=registry,
        ),
        latency=Histogram(
            "frontline_processing_latency_seconds",
            "Processing latency by stage (extract: per article; e2e: produce to event)",
            ["stage"],
            buckets=LATENCY_BUCKETS,
            registry=registry,
        ),
        consumer_lag=Gauge(
            "frontline_consumer_lag_messages",
            "Messages behind the high-water mark per assigned partition",
            ["topic", "partition"],
            registry=registry,
        ),
        stream_time=Gauge(
            "frontline_stream_time_seconds",
            "Event-time clock of the momentum aggregation (latest event date seen, unix seconds)",
            registry=registry,
        ),
        consumer_lag_seconds=Gauge(
            "frontline_consumer_lag_seconds",
            "Age of the oldest record not yet processed (committed) per assigned partition; "
            "0 when caught up",
            ["topic", "partition"],
            registry=registry,
        ),
        ready=Gauge(
            "frontline_ready",
            "1 when /readyz last answered ready (partitions recovered, broker reachable)",
            registry=registry,
        ),
        resequenced=Counter(
            "frontline_records_resequenced_total",
            "Records an agent received out of offset order around a rebalance: skipped and "
            "sought back for (skipped), or missing offsets accepted as a gap after 3 seeks (gap)",
            ["topic", "outcome"],
            registry=registry,
        ),
    )


@dataclass(frozen=True)
class Mark:
    """One metric update as a plain value: pure handlers return these, `apply` performs them,
    so the rules that decide what to count or export are tested without a registry."""

    metric: str  # attribute of `Metrics`
    labels: tuple[str, ...] = ()
    op: Literal["inc", "set", "observe", "remove"] = "inc"
    value: float = 1.0


def inc(metric: str, *labels: str) -> Mark:
    return Mark(metric, labels)


def set_to(metric: str, value: float, *labels: str) -> Mark:
    return Mark(metric, labels, "set", value)


def observe(metric: str, value: float, *labels: str) -> Mark:
    return Mark(metric, labels, "observe", value)


def remove(metric: str, *labels: str) -> Mark:
    return Mark(metric, labels, "remove")


def apply(m: Metrics, marks: Iterable[Mark]) -> None:
    """Perform `marks` on the worker's metrics (removing a series never exported is no error)."""
    for mk in marks:
        metric = getattr(m, mk.metric)
        if mk.op == "remove":
            try:
                metric.remove(*mk.labels)
            except KeyError:
                pass
            continue
        child = metric.labels(*mk.labels) if mk.labels else metric
        if mk.op == "inc":
            child.inc(mk.value)
        elif mk.op == "set":
            child.set(mk.value)
        else:
            child.observe(mk.value)


METRIC_NAMES: frozenset[str] = frozenset(
    {
        "frontline_build_info",
        "frontline_articles_consumed_total",
        "frontline_dlq_records_total",
        "frontline_events_total",
        "frontline_control_changes_total",
        "frontline_capital_changes_total",
        "frontline_momentum_net",
        "frontline_momentum_places_gained",
        "frontline_momentum_places_lost",
        "frontline_alerts_total",
        "frontline_alerts_firing",
        "frontline_processing_latency_seconds_bucket",
        "frontline_processing_latency_seconds_count",
        "frontline_processing_latency_seconds_sum",
        "frontline_consumer_lag_messages",
        "frontline_stream_time_seconds",
        "frontline_consumer_lag_seconds",
        "frontline_ready",
        "up",
    }
)
