"""(c)-(f) The real pipeline: worker processes on the real broker, measured from outside.

Everything is observed the way an operator would: records go into `articles.raw` of a
fresh topic prefix, the worker's own `/metrics` says what it consumed, and the output
topics say when results arrived (record timestamps, one clock: this machine).
"""

from __future__ import annotations

import asyncio
import re
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from frontline import security, topics
from frontline.settings import Settings
from frontline_dev.bench.kafkaio import (
    Collected,
    assigned_consumer,
    collect,
    new_producer,
    produce_all,
    produce_at_rate,
)
from frontline_dev.bench.procstats import CpuMeter, cpu_seconds
from frontline_dev.bench.report import percentiles
from frontline_dev.procs import WorkerProcess
from frontline_dev.waiting import await_until, wait_until

# Done with an article: counted by outcome, or dead-lettered because extract() raised.
_CONSUMED = re.compile(
    rb"^(?:frontline_articles_consumed_total\{[^}]*\}"
    rb"|frontline_dlq_records_total\{reason=\"extraction_error\"\})\s+([0-9.eE+-]+)",
    re.M,
)
_EXTRACT_ERRORS = re.compile(
    rb"^frontline_dlq_records_total\{reason=\"extraction_error\"\}\s+([0-9.eE+-]+)", re.M
)
Records = Sequence[tuple[bytes | None, bytes]]


def bench_settings(bootstrap: str, data_dir: Path, partitions: int = 4, tag: str = "") -> Settings:
    """Settings for one isolated measurement: own prefix, consumer group and data dir."""
    tag = tag or f"b{int(time.time())}{uuid.uuid4().hex[:6]}"
    s = Settings(
        broker=f"kafka://{bootstrap}",
        topic_prefix=f"{tag}.",
        app_id=f"frontline-bench-{tag}",
        data_dir=data_dir / tag,
        partitions=partitions,
        store="memory://",
        log_level="warn",
    )
    topics.ensure_topics(
        s.bootstrap_servers,
        s.topic_prefix,
        s.partitions,
        s.replication_factor,
        security.client_kwargs(s),
    )
    return s


def consumed(workers: Sequence[WorkerProcess]) -> float:
    """Articles the workers are done with (ok, invalid, duplicate, extraction error)."""
    total = 0.0
    for w in workers:
        total += sum(float(v) for v in _CONSUMED.findall(w.get("/metrics")))
    return total


def extraction_errors(workers: Sequence[WorkerProcess]) -> int:
    """Articles whose extract() raised in the worker (dead-lettered), from /metrics."""
    return int(sum(float(v) for w in workers for v in _EXTRACT_ERRORS.findall(w.get("/metrics"))))


@dataclass
class ColdStart:
    ready_s: float
    first_event_s: float | None
    t_start: float


def start_worker(
    s: Settings, log_path: Path, probe: tuple[bytes, bytes] | None = None, timeout: float = 90.0
) -> tuple[WorkerProcess, ColdStart]:
    """Start a worker; time process start -> ready and, with a probe article already
    waiting in articles.raw, process start -> its first event on events.territorial."""
    if probe is not None:
        asyncio.run(_produce(s, [probe]))
    w = WorkerProcess(s, log_path=log_path)
    t0 = time.time()
    w.start(timeout=timeout)
    ready = time.time() - t0
    first: float | None = None
    if probe is not None:
        got = asyncio.run(_wait_events(s, 1, timeout=30.0))
        if got.items:
            first = min(ts for ts, _, _ in got.items) - t0
    return w, ColdStart(ready, first, t0)


async def _produce(s: Settings, records: Records) -> None:
    p = new_producer(s.bootstrap_servers)
    await p.start()
    try:
        await produce_all(
            p, topics.topic_name(topics.ARTICLES_RAW, s.topic_prefix), records, desc="probe"
        )
    finally:
        await p.stop()


async def _wait_events(s: Settings, n: int, timeout: float) -> Collected:
    c = await assigned_consumer(
        s.bootstrap_servers, topics.topic_name(topics.EVENTS_TERRITORIAL, s.topic_prefix)
    )
    out, stop = Collected(), asyncio.Event()
    task = asyncio.create_task(collect(c, out, stop))
    await await_until(lambda: len(out.items) >= n, timeout, interval=0.02)
    stop.set()
    await task
    await c.stop()
    return out


async def _poll_consumed(
    workers: Sequence[WorkerProcess], target: float, interval: float = 0.2
) -> float:
    """Wall time at which the workers' consumed counters first reach `target`."""
    while True:
        n = await asyncio.to_thread(consumed, workers)
        if n >= target:
            return time.time()
        await asyncio.sleep(interval)


@dataclass
class Throughput:
    workers: int
    articles: int
    bytes: int
    seconds: float
    produce_seconds: float
    events: int
    events_expected: int
    timed_out: bool = False
    worker_cpu_s: float = 0.0
    cores: dict[str, float] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)

    @property
    def articles_per_s(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "workers": self.workers,
            "articles": self.articles,
            "seconds": round(self.seconds, 3),
            "articles_per_s": round(self.articles_per_s, 1),
            "mb_per_s": round(self.bytes / self.seconds / 1e6, 3) if self.seconds else 0.0,
            "producer_seconds": round(self.produce_seconds, 3),
            "events": self.events,
            "events_expected": self.events_expected,
            "missing_events": self.missing[:5],
            "unexpected_events": self.unexpected[:5],
            "timed_out": self.timed_out,
            "worker_cpu_s": round(self.worker_cpu_s, 2),
            "cores_used": self.cores,
            "worker_cpu_ms_per_article": round(1000 * self.worker_cpu_s / self.articles, 2)
            if self.articles
            else None,
        }


def run_throughput(
    s: Settings,
    workers: Sequence[WorkerProcess],
    records: Records,
    expected: dict[str, str],
    timeout: float,
    broker_pid: int | None = None,
) -> Throughput:
    """`expected`: event id -> description of every event offline extraction found."""
    cpu0 = sum(cpu_seconds(w.proc.pid) for w in workers if w.proc)
    meter = CpuMeter(workers, broker_pid)
    out = asyncio.run(_throughput(s, workers, records, expected, timeout))
    out.cores = meter.cores()
    out.worker_cpu_s = sum(cpu_seconds(w.proc.pid) for w in workers if w.proc) - cpu0
    return out


async def _throughput(
    s: Settings,
    workers: Sequence[WorkerProcess],
    records: Records,
    expected: dict[str, str],
    timeout: float,
) -> Throughput:
    """Produce all records as fast as possible; done when every article is consumed and
    every expected event is on events.territorial."""
    base = await asyncio.to_thread(consumed, workers)
    ev = await assigned_consumer(
        s.bootstrap_servers,
        topics.topic_name(topics.EVENTS_TERRITORIAL, s.topic_prefix),
        from_end=True,
    )
    got, stop = Collected(), asyncio.Event()
    task = asyncio.create_task(collect(ev, got, stop))
    p = new_producer(s.bootstrap_servers)
    await p.start()
    timed_out = False
    try:
        poll = asyncio.create_task(_poll_consumed(workers, base + len(records)))
        t0, t_acked, _ = await produce_all(
            p,
            topics.topic_name(topics.ARTICLES_RAW, s.topic_prefix),
            records,
            desc=f"pipeline x{len(workers)}",
        )
        try:
            t_done = await asyncio.wait_for(poll, timeout)
        except TimeoutError:
            t_done, timed_out = time.time(), True
        await await_until(lambda: len(got.items) >= len(expected), 10.0)
    finally:
        stop.set()
        await task
        await ev.stop()
        await p.stop()
    last_event = max((ts for ts, _, _ in got.items), default=t_done)
    end = max(t_done, last_event)
    ids = {}
    for _, _, raw in got.items:
        e = orjson.loads(raw)
        ids[e["event_id"]] = f"{e['article_id']}: {e['type']} {e['actor']['name']} @ " + str(
            e["location"]["name"]
        )
    return Throughput(
        workers=len(workers),
        articles=len(records),
        bytes=sum(len(v) for _, v in records),
        seconds=end - t0,
        produce_seconds=t_acked - t0,
        events=len(ids),  # unique: a redelivery after a rebalance is not a new event
        events_expected=len(expected),
        timed_out=timed_out,
        missing=sorted(v for k, v in expected.items() if k not in ids),
        unexpected=sorted(v for k, v in ids.items() if k not in expected) if expected else [],
    )


@dataclass
class Latency:
    rate: float
    articles: int
    produce_seconds: float
    event_ms: list[float] = field(default_factory=list)
    event_seen_ms: list[float] = field(default_factory=list)
    alert_ms: list[float] = field(default_factory=list)
    events_expected: int = 0
    alerts_expected: int = 0
    alerts_other: int = 0
    unmatched: list[dict[str, Any]] = field(default_factory=list)
    by_quarter: list[float | None] = field(default_factory=list)
    worker_cpu_s: float = 0.0
    cores: dict[str, float] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "rate": self.rate,
            "articles": self.articles,
            "achieved_rate": round(self.articles / (self.produce_seconds or 1e-9), 1),
            "events": len(self.event_ms),
            "events_expected": self.events_expected,
            "event_ms": percentiles(self.event_ms),
            "event_observed_ms": percentiles(self.event_seen_ms),
            "event_p50_ms_by_quarter": self.by_quarter,
            "worker_cpu_ms_per_article": round(1000 * self.worker_cpu_s / self.articles, 2)
            if self.articles
            else None,
            "cores_used": self.cores,
            "alerts": len(self.alert_ms),
            "alerts_expected": self.alerts_expected,
            "alert_ms": percentiles(self.alert_ms),
            "other_alerts": self.alerts_other,
            "unmatched_capital_alerts": self.unmatched[:5],
        }


def run_latency(
    s: Settings,
    records: Records,
    rate: float,
    events_by_article: dict[str, int],
    alert_keys: dict[tuple[str, str, str], str],
    settle: float = 10.0,
    worker: WorkerProcess | None = None,
    broker_pid: int | None = None,
) -> Latency:
    pid = worker.proc.pid if worker and worker.proc else None
    cpu0 = cpu_seconds(pid) if pid else 0.0
    meter = CpuMeter([worker] if worker else [], broker_pid)
    out = asyncio.run(_latency(s, records, rate, events_by_article, alert_keys, settle))
    out.cores = meter.cores()
    out.worker_cpu_s = cpu_seconds(pid) - cpu0 if pid else 0.0
    return out


async def _latency(
    s: Settings,
    records: Records,
    rate: float,
    events_by_article: dict[str, int],
    alert_keys: dict[tuple[str, str, str], str],
    settle: float,
) -> Latency:
    """Fixed-rate produce; per event: its record time on events.territorial minus its
    article's produce time; per capital alert the same on alerts.momentum."""
    ev = await assigned_consumer(
        s.bootstrap_servers,
        topics.topic_name(topics.EVENTS_TERRITORIAL, s.topic_prefix),
        from_end=True,
    )
    al = await assigned_consumer(
        s.bootstrap_servers,
        topics.topic_name(topics.ALERTS_MOMENTUM, s.topic_prefix),
        from_end=True,
    )
    events, alerts, stop = Collected(), Collected(), asyncio.Event()
    tasks = [
        asyncio.create_task(collect(ev, events, stop)),
        asyncio.create_task(collect(al, alerts, stop)),
    ]
    want_events = sum(events_by_article.values())
    p = new_producer(s.bootstrap_servers)
    await p.start()
    try:
        t0, t1, sent = await produce_at_rate(
            p, topics.topic_name(topics.ARTICLES_RAW, s.topic_prefix), records, rate
        )
        await await_until(
            lambda: (
                len(events.items) >= want_events
                and sum(b"capital_changed_hands" in v for _, _, v in alerts.items)
                >= len(alert_keys)
            ),
            settle,
        )
    finally:
        stop.set()
        await asyncio.gather(*tasks)
        await ev.stop()
        await al.stop()
        await p.stop()
    out = Latency(
        rate=rate,
        articles=len(records),
        produce_seconds=t1 - t0,
        events_expected=want_events,
        alerts_expected=len(alert_keys),
    )
    quarters: list[list[float]] = [[], [], [], []]
    span = max(t1 - t0, 1e-9)
    for ts, seen, raw in events.items:
        aid = orjson.loads(raw)["article_id"].encode()
        if aid in sent:
            ms = (ts - sent[aid]) * 1000
            out.event_ms.append(ms)
            out.event_seen_ms.append((seen - sent[aid]) * 1000)
            quarters[min(3, int(4 * (sent[aid] - t0) / span))].append(ms)
    # Growing from quarter to quarter = a backlog: the rate is above what the worker sustains.
    out.by_quarter = [percentiles(q)["p50"] for q in quarters]
    for ts, _, raw in alerts.items:
        a = orjson.loads(raw)
        loc = a.get("location") or {}
        key = (_loc_key(loc), str(a.get("at")), str(a.get("actor")))
        aid = alert_keys.get(key)
        if a.get("rule") == "capital_changed_hands" and aid and aid.encode() in sent:
            out.alert_ms.append((ts - sent[aid.encode()]) * 1000)
        else:
            out.alerts_other += 1
            if a.get("rule") == "capital_changed_hands":
                out.unmatched.append({"key": list(key), "summary": a.get("summary")})
    return out


def _loc_key(loc: dict[str, Any]) -> str:
    from frontline.models import Location

    try:
        return Location.model_validate(loc).key
    except ValueError:
        return ""


def wait_balanced(workers: Sequence[WorkerProcess], timeout: float = 60.0) -> None:
    """Until every worker owns partitions (the group finished rebalancing)."""
    balanced = wait_until(
        lambda: all(orjson.loads(w.get("/health"))["partitions"] for w in workers),
        timeout,
        interval=0.2,
        retry_on=(OSError,),
    )
    if not balanced:
        raise TimeoutError("workers did not balance the partitions")
