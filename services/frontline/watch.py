"""Follow the output topics and print one line per message (the live view of `run`)."""

from __future__ import annotations

import threading
import time

import click
import orjson

from frontline import topics
from frontline.settings import Settings

STYLE = {
    "events.territorial": ("EVENT  ", "cyan"),
    "events.control": ("CONTROL", "yellow"),
    "aggregates.momentum": ("MOMENTUM", "blue"),
    "alerts.momentum": ("ALERT  ", "red"),
    "articles.dlq": ("DLQ    ", "magenta"),
}


def describe(base: str, v: dict) -> str | None:
    """A one-line human summary of a message; None to skip it."""
    if base == "events.territorial":
        loc = v["location"]
        return (
            f"{v.get('date') or '????-??-??'} {v['type']:<13} {v['actor']['name']} "
            f"({v['actor']['kind']}) → {loc['name']}, {loc['country_code']} "
            f"[{loc['level']}] {v['status']} conf={v['confidence']:.2f}"
        )
    if base == "events.control":
        prev = (v.get("previous_controller") or {}).get("name", "—")
        new = (v.get("controller") or {}).get("name", "nobody known")
        return f"{v['since']} {v['location']['name']}: {prev} ⇒ {new} ({v['cause']})"
    if base == "aggregates.momentum":
        if v.get("closed") or v["window_days"] != 7:
            return None
        return (
            f"{v['window_end']} {v['actor']} in {v['country_code']}: net {v['net_momentum']:+g} "
            f"(+{v['places_gained']}/-{v['places_lost']} over 7d)"
        )
    if base == "alerts.momentum":
        return f"{v['state'].upper()} {v['rule']} {v['severity']}: {v['summary']}"
    if base == "articles.dlq":
        return f"{v['reason']}: {v['error'][:80]}"
    return None


def watch(
    settings: Settings,
    from_beginning: bool = False,
    idle_timeout: float = 0.0,
    stop: threading.Event | None = None,
) -> int:
    from kafka import KafkaConsumer

    from frontline import security

    names = {
        topics.topic_name(spec, settings.topic_prefix): spec.name
        for spec in (
            topics.EVENTS_TERRITORIAL,
            topics.EVENTS_CONTROL,
            topics.AGGREGATES_MOMENTUM,
            topics.ALERTS_MOMENTUM,
            topics.ARTICLES_DLQ,
        )
    }
    consumer = KafkaConsumer(
        *names,
        bootstrap_servers=settings.bootstrap_servers,
        group_id=None,
        auto_offset_reset="earliest" if from_beginning else "latest",
        enable_auto_commit=False,
        **security.checked_kwargs(settings),
    )
    seen = 0
    last = time.monotonic()
    try:
        while not (stop and stop.is_set()):
            batch = consumer.poll(timeout_ms=300)
            for tp, msgs in batch.items():
                base = names[tp.topic]
                label, color = STYLE[base]
                for msg in msgs:
                    text = describe(base, orjson.loads(msg.value))
                    if text:
                        click.echo(click.style(label, fg=color, bold=True) + " " + text)
                        seen += 1
                    last = time.monotonic()
            if idle_timeout and time.monotonic() - last > idle_timeout:
                break
    finally:
        consumer.close()
    return seen
