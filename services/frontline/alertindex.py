"""Where each alert's records are on `alerts.momentum`, so `/alerts/{id}/explain` reads two.

The route used to read the whole alerts topic on every request. The worker now keeps, per
alert id, the (partition, offset) of its records (firing, resolved): a few dozen bytes per
record instead of the records themselves, so memory stays small for a year of alerts. A
request first reads what is new on the topic (nothing, usually), then fetches the alert's
records by offset. Entries of the oldest alerts are dropped past `MAX_ALERTS`; a dropped or
expired (retention) alert answers "no alert", as it would on the topic.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import click
import orjson

from frontline import security
from frontline.settings import Settings

MAX_ALERTS = 200_000  # alert ids indexed (~100 B each); the oldest go first
MAX_LISTED = 10  # ids named when a prefix is ambiguous
FETCH_BYTES = 16 * 1024  # per fetch by offset (the broker still sends a whole first batch)


class AlertIndex:
    """alert id → [(partition, offset)] of topic `name`; thread-safe, lazy, incremental."""

    def __init__(self, settings: Settings, name: str, max_alerts: int = MAX_ALERTS) -> None:
        self.settings, self.name, self.max_alerts = settings, name, max_alerts
        self.where: dict[str, list[tuple[int, int]]] = {}
        self.lock = threading.Lock()
        self._tail: Any = None  # follows the topic (every partition, no group)
        self._fetch: Any = None  # reads records by offset

    def _consumer(self, **extra: Any) -> Any:
        from kafka import KafkaConsumer

        return KafkaConsumer(
            bootstrap_servers=self.settings.bootstrap_servers,
            group_id=None,
            enable_auto_commit=False,
            client_id="frontline-alert-index",
            **security.client_kwargs(self.settings),
            **extra,
        )

    def refresh(self, budget: float = 10.0) -> None:
        """Index the records written since the last call, up to the topic's current end."""
        from kafka import TopicPartition

        with self.lock:
            if self._tail is None:
                c = self._consumer()
                parts = c.partitions_for_topic(self.name) or set()
                if not parts:
                    c.close()
                    return  # no topic yet: try again on the next request
                tps = [TopicPartition(self.name, p) for p in sorted(parts)]
                c.assign(tps)
                c.seek_to_beginning(*tps)
                self._tail = c
            c = self._tail
            tps = list(c.assignment())
            ends = c.end_offsets(tps)
            deadline = time.monotonic() + budget
            while any(c.position(tp) < ends[tp] for tp in tps) and time.monotonic() < deadline:
                for tp, msgs in c.poll(timeout_ms=200, max_records=5000).items():
                    for m in msgs:
                        self._add(_alert_id(m.key, m.value), tp.partition, m.offset)

    def _add(self, alert_id: str | None, partition: int, offset: int) -> None:
        if not alert_id:
            return
        self.where.setdefault(alert_id, []).append((partition, offset))
        while len(self.where) > self.max_alerts:
            del self.where[next(iter(self.where))]  # dicts keep insertion order: the oldest

    def match(self, alert_id: str) -> str | None:
        """The one indexed id equal to `alert_id` or starting with it; ClickException if several."""
        with self.lock:
            if alert_id in self.where:
                return alert_id
            ids = sorted(i for i in self.where if i.startswith(alert_id))
        if len(ids) > 1:
            shown = ids[:MAX_LISTED] + (["…"] if len(ids) > MAX_LISTED else [])
            raise click.ClickException(f"{alert_id!r} matches {len(ids)} alerts: {shown}")
        return ids[0] if ids else None

    def records(self, alert_id: str, timeout: float = 10.0) -> list[dict[str, Any]]:
        """The records of one indexed alert, in topic order (read by offset)."""
        from kafka import TopicPartition

        out: list[dict[str, Any]] = []
        with self.lock:
            if self._fetch is None:
                # one record is wanted: a small fetch, not 1 MB of others to decode
                self._fetch = self._consumer(
                    max_partition_fetch_bytes=FETCH_BYTES,
                    auto_offset_reset="earliest",  # an offset retention removed: the next one
                )
            c = self._fetch
            for partition, offset in self.where.get(alert_id, []):
                tp = TopicPartition(self.name, partition)
                c.assign([tp])
                c.seek(tp, offset)
                deadline = time.monotonic() + timeout
                found = None
                while found is None and time.monotonic() < deadline:
                    for m in c.poll(timeout_ms=200, max_records=1).get(tp, []):
                        if m.offset >= offset:
                            found = m
                if found is None or found.offset != offset:
                    continue  # deleted by retention meanwhile
                try:
                    value = orjson.loads(found.value)
                except orjson.JSONDecodeError:
                    continue
                if isinstance(value, dict) and value.get("alert_id") == alert_id:
                    out.append(value)
        return out

    def find(self, alert_id: str) -> list[dict[str, Any]]:
        """Refresh, then the records of the alert `alert_id` names (an id or a unique prefix)."""
        self.refresh()
        full = self.match(alert_id)
        records = self.records(full) if full else []
        if not records:
            raise click.ClickException(f"no alert {alert_id!r} on {self.name}")
        return records

    def close(self) -> None:
        with self.lock:
            for c in (self._tail, self._fetch):
                if c is not None:
                    c.close()
            self._tail = self._fetch = None


def _alert_id(key: bytes | None, value: bytes | None) -> str | None:
    """Alerts are keyed by their id; an unkeyed record is read for its `alert_id`."""
    if key:
        return key.decode("utf-8", "replace")
    try:
        v = orjson.loads(value or b"")
    except orjson.JSONDecodeError:
        return None
    return v.get("alert_id") if isinstance(v, dict) else None
