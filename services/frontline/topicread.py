"""Reading Frontline's topics as a consumer tool does: which prefix, and a topic up to its end.

The demo (`frontline run`) writes under a fresh prefix per run (`demo-<run id>.`); a command
run beside it with no `FRONTLINE_TOPIC_PREFIX` would read empty unprefixed topics and print
nothing. So the prefix is: the one given (flag or variable), else the newest demo run's on
the broker, else none.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Iterator
from typing import Any

import orjson
from kafka.partitioner.default import murmur2  # not aiokafka: see watch.py imports

from frontline import security
from frontline.settings import Settings

DEMO = re.compile(r"^(demo-\d{14}\.)")


def choose_prefix(names: Iterable[str], base: str, configured: str | None = None) -> str:
    """The configured prefix, else the newest demo run's that has topic `base`, else ""."""
    if configured is not None:
        return configured
    demo = sorted({m.group(1) for n in names if (m := DEMO.match(n)) and n == m.group(1) + base})
    return demo[-1] if demo else ""


def configured_prefix(settings: Settings, flag: str | None = None) -> str | None:
    """A prefix the user chose (flag, or FRONTLINE_TOPIC_PREFIX / settings), else None."""
    if flag is not None:
        return flag
    return settings.topic_prefix if "topic_prefix" in settings.model_fields_set else None


def list_topics(settings: Settings) -> set[str]:
    from kafka import KafkaConsumer

    c = KafkaConsumer(bootstrap_servers=settings.bootstrap_servers, **_kwargs(settings))
    try:
        return set(c.topics())
    finally:
        c.close()


def resolve_prefix(settings: Settings, base: str, flag: str | None = None) -> str:
    """The prefix to read `base` under (see the module doc); asks the broker only if needed."""
    chosen = configured_prefix(settings, flag)
    if chosen is not None:
        return chosen
    return choose_prefix(list_topics(settings), base)


def key_partition(key: str, partitions: int) -> int:
    """The partition Kafka's default partitioner gives `key` (murmur2, as the Java client)."""
    return (murmur2(key.encode()) & 0x7FFFFFFF) % partitions


def read_topic(
    settings: Settings,
    name: str,
    keys: set[str] | None = None,
    timeout: float = 30.0,
) -> Iterator[tuple[str | None, dict[str, Any]]]:
    """(key, JSON value) of every record of `name` up to its current end.

    With `keys`, only the partitions those keys hash to are read and other keys are skipped
    (every Frontline topic is keyed by what a consumer looks up). Unreadable values are skipped.
    """
    from kafka import KafkaConsumer, TopicPartition

    c = KafkaConsumer(
        bootstrap_servers=settings.bootstrap_servers,
        group_id=None,
        enable_auto_commit=False,
        **_kwargs(settings),
    )
    try:
        parts = c.partitions_for_topic(name)
        if not parts:
            return
        wanted = sorted(parts)
        if keys is not None:
            wanted = sorted({key_partition(k, len(parts)) for k in keys})
        tps = [TopicPartition(name, p) for p in wanted]
        c.assign(tps)
        c.seek_to_beginning(*tps)
        ends = c.end_offsets(tps)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and any(c.position(tp) < ends[tp] for tp in tps):
            for msgs in c.poll(timeout_ms=200, max_records=5000).values():
                for m in msgs:
                    key = m.key.decode("utf-8", "replace") if m.key is not None else None
                    if keys is not None and key not in keys:
                        continue
                    try:
                        value = orjson.loads(m.value)
                    except orjson.JSONDecodeError:
                        continue
                    if isinstance(value, dict):
                        yield key, value
    finally:
        c.close()


def _kwargs(settings: Settings) -> dict[str, Any]:
    return security.client_kwargs(settings)
