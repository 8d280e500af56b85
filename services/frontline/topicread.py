"""Reading Frontline's topics as a consumer tool does: which prefix, and a topic up to its end.

The demo (`frontline run`) writes under a fresh prefix per run (`demo-<run id>.`); a command
run beside it with no `FRONTLINE_TOPIC_PREFIX` would read empty unprefixed topics and print
nothing (and `ingest` would feed topics no worker reads). So every command that takes topics
uses: the prefix given (`--prefix` or FRONTLINE_TOPIC_PREFIX), else the newest demo run's on
the broker, else none; and says on stderr which demo run it chose.
"""

from __future__ import annotations

import atexit
import hashlib
import re
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import click
import orjson
from kafka.partitioner.default import murmur2  # not aiokafka: see watch.py imports
from pydantic import SecretStr

from frontline import security
from frontline.settings import Settings

DEMO = re.compile(r"^(demo-\d{14}\.)")


@dataclass(frozen=True)
class PrefixChoice:
    """Which prefix a command uses for topic `base`, and what it saw on the broker."""

    prefix: str
    base: str
    configured: bool  # given by --prefix or FRONTLINE_TOPIC_PREFIX: nothing to say
    runs: tuple[str, ...] = ()  # demo run prefixes carrying `base`, oldest first
    unprefixed: bool = False  # `base` also exists with no prefix

    def message(self, verb: str = "reading") -> str | None:
        """One line naming the demo prefix chosen (and the others), None when configured."""
        if self.configured or not self.runs:
            return None
        text = f"▶ {verb} the demo's topics: {self.prefix}*"
        if len(self.runs) > 1:
            others = ", ".join(r for r in self.runs if r != self.prefix)
            text += f" (the newest of {len(self.runs)} demo runs; also {others})"
        if self.unprefixed:
            text += f"; {self.base} without prefix exists too"
        return text + "; --prefix chooses"


def demo_runs(names: Iterable[str], base: str) -> tuple[str, ...]:
    """Prefixes of the demo runs (`demo-<run id>.`) that have topic `base`, oldest first."""
    return tuple(sorted({m.group(1) for n in names if (m := DEMO.match(n)) and n == m[1] + base}))


def choose(names: Iterable[str], base: str, configured: str | None = None) -> PrefixChoice:
    """The configured prefix, else the newest demo run's that has topic `base`, else ""."""
    if configured is not None:
        return PrefixChoice(configured, base, configured=True)
    names = set(names)
    runs = demo_runs(names, base)
    return PrefixChoice(runs[-1] if runs else "", base, False, runs, base in names)


def choose_prefix(names: Iterable[str], base: str, configured: str | None = None) -> str:
    return choose(names, base, configured).prefix


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


def find_prefix(settings: Settings, base: str, flag: str | None = None) -> PrefixChoice:
    """The prefix to use for `base` (see the module doc); asks the broker only if needed."""
    chosen = configured_prefix(settings, flag)
    if chosen is not None:
        return PrefixChoice(chosen, base, configured=True)
    return choose(list_topics(settings), base)


def resolve_prefix(
    settings: Settings, base: str, flag: str | None = None, verb: str = "reading"
) -> str:
    """`find_prefix`, saying on stderr which demo run's topics are used when it chose one."""
    choice = find_prefix(settings, base, flag)
    if text := choice.message(verb):
        click.secho(text, err=True, bold=True)
    return choice.prefix


def with_prefix(
    settings: Settings, base: str, flag: str | None = None, verb: str = "reading"
) -> Settings:
    """`settings` with the resolved prefix set (as configured: later look-ups stay silent)."""
    return settings.model_copy(update={"topic_prefix": resolve_prefix(settings, base, flag, verb)})


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
    from kafka import TopicPartition

    c = _take(settings)
    done = False
    try:
        parts = c.partitions_for_topic(name)
        if not parts:
            done = True
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
        done = True
    finally:
        if done:
            _give(settings, c)  # reused: the next read skips the metadata round trip
        else:
            c.close()


# Idle readers by broker and credentials: a new kafka-python consumer spends ~100 ms on its
# first metadata request, which was most of an explain request's time (3 reads).
_POOL: dict[tuple[str, ...], list[Any]] = {}
_POOL_LOCK = threading.Lock()
POOL_IDLE = 4  # idle readers kept per broker


def _pool_key(s: Settings) -> tuple[str, ...]:
    parts = [s.bootstrap_servers]
    for name in sorted(type(s).model_fields):
        if name.startswith(("security_", "sasl_", "ssl_")):
            v = getattr(s, name)
            if isinstance(v, SecretStr):  # kept as a digest: never the secret itself
                v = hashlib.sha256(v.get_secret_value().encode()).hexdigest()
            parts.append(f"{name}={v}")
    return tuple(parts)


def _take(settings: Settings) -> Any:
    """An idle reader for this broker, else a new one (exclusive until `_give`)."""
    from kafka import KafkaConsumer

    with _POOL_LOCK:
        idle = _POOL.get(_pool_key(settings))
        if idle:
            return idle.pop()
    return KafkaConsumer(
        bootstrap_servers=settings.bootstrap_servers,
        group_id=None,
        enable_auto_commit=False,
        **_kwargs(settings),
    )


def _give(settings: Settings, c: Any) -> None:
    with _POOL_LOCK:
        idle = _POOL.setdefault(_pool_key(settings), [])
        if len(idle) < POOL_IDLE:
            idle.append(c)
            return
    c.close()


def close_readers() -> None:
    """Close every idle reader (a worker's shutdown; tests)."""
    with _POOL_LOCK:
        idle = [c for cs in _POOL.values() for c in cs]
        _POOL.clear()
    for c in idle:
        c.close()


atexit.register(close_readers)  # a command's readers leave the broker politely


def _kwargs(settings: Settings) -> dict[str, Any]:
    return security.client_kwargs(settings)
