#!/usr/bin/env python3
"""Time `/alerts/{id}/explain`'s work with N alerts on the topic: whole-topic read vs the index.

    .venv/bin/python scripts/measure-explain.py --alerts 5000 --requests 30 [--events N] [--http]

A broker of its own on free ports (always stopped). The alerts, control change, event and
article are the examples of docs/consumers.md with fresh alert ids; `--events` adds other
places' events to events.territorial (read by both paths alike). "before" is `explain.gather`
with new consumers per read (what the route ran per request), "after" the index
(`alertindex`) plus `gather_records`;
`--http` also times the route of a real worker.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import orjson
from kafka import KafkaProducer

from frontline import explain, topics
from frontline.alertindex import AlertIndex
from frontline.models import Location
from frontline.settings import Settings
from frontline.topicread import close_readers
from frontline_dev import kafka_local
from frontline_dev.procs import WorkerProcess

DOC = Path(__file__).resolve().parents[1] / "docs" / "consumers.md"
EXAMPLE = re.compile(r"<!-- example: (\w+) -->\s*```json\n(.*?)```", re.S)


def fill(s: Settings, alerts: int, events: int) -> list[str]:
    ex = {k: orjson.loads(v) for k, v in EXAMPLE.findall(DOC.read_text())}
    # default 16 KB batches, as the worker's aiokafka producer writes them
    p = KafkaProducer(bootstrap_servers=s.bootstrap_servers, linger_ms=20)

    def send(spec: topics.TopicSpec, key: str, value: dict) -> None:
        p.send(topics.topic_name(spec, s.topic_prefix), key=key.encode(), value=orjson.dumps(value))

    place = Location.model_validate(ex["event"]["location"]).key
    send(topics.EVENTS_CONTROL, place, ex["control_change"])
    send(topics.EVENTS_TERRITORIAL, place, ex["event"])
    send(topics.ARTICLES_RAW, ex["event"]["article_id"], ex["article"])
    for i in range(events):
        e = {**ex["event"], "event_id": f"filler{i:018d}", "location": {**ex["event"]["location"]}}
        e["location"]["geonameid"] = 1_000_000 + i
        send(topics.EVENTS_TERRITORIAL, f"gn:{1_000_000 + i}", e)
    ids = []
    for i in range(alerts):
        aid = f"{i:08d}{random.getrandbits(64):016x}"
        ids.append(aid)
        send(topics.ALERTS_MOMENTUM, aid, {**ex["alert"], "alert_id": aid})
        if i % 2:
            send(topics.ALERTS_MOMENTUM, aid, {**ex["alert"], "alert_id": aid, "state": "resolved"})
    p.flush()
    p.close()
    return ids


def timed(fn: Callable[[str], object], ids: list[str]) -> list[float]:
    out = []
    for aid in ids:
        t0 = time.perf_counter()
        fn(aid)
        out.append((time.perf_counter() - t0) * 1000)
    return out


def show(label: str, ms: list[float]) -> None:
    q = statistics.quantiles(ms, n=20) if len(ms) > 1 else ms
    print(f"{label:38} median {statistics.median(ms):8.1f} ms   p95 {q[-1]:8.1f} ms   n={len(ms)}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--alerts", type=int, default=5000)
    ap.add_argument("--events", type=int, default=0)
    ap.add_argument("--requests", type=int, default=30)
    ap.add_argument("--http", action="store_true")
    a = ap.parse_args()
    cache = Path.home() / ".cache" / "frontline"
    state = Path(tempfile.mkdtemp(prefix="frontline-explain-"))
    info = kafka_local.start(state, cache, partitions=4, heap="-Xms256m -Xmx512m")
    try:
        s = Settings(
            broker=f"kafka://{info.bootstrap}",
            topic_prefix="m.",
            app_id="frontline-measure-explain",
            data_dir=state / "worker",
            store="memory://",
        )
        topics.ensure_topics(s.bootstrap_servers, s.topic_prefix, s.partitions, 1)
        ids = fill(s, a.alerts, a.events)
        ask = random.sample(ids, a.requests)
        print(f"{a.alerts} alerts ({a.alerts + a.alerts // 2} records), {a.events} other events")

        def before(i: str) -> object:
            close_readers()  # as before this change: new consumers for every read
            return explain.gather(s, i, "m.")

        show("before: gather, new readers", timed(before, ask))
        show("gather (whole topic), reused readers", timed(
            lambda i: explain.gather(s, i, "m."), ask))  # fmt: skip
        index = AlertIndex(s, topics.topic_name(topics.ALERTS_MOMENTUM, "m."))
        show("after: first request (builds index)", timed(index.find, ask[:1]))
        show("after: index + gather_records", timed(
            lambda i: explain.gather_records(s, index.find(i), "m."), ask))  # fmt: skip
        show("after: index lookup only", timed(index.find, ask))
        index.close()
        if a.http:
            with WorkerProcess(s, log_path=state / "worker.log").start() as w:
                w.get(f"/alerts/{ask[0]}/explain")  # builds the worker's index
                http = timed(lambda i: w.get(f"/alerts/{i}/explain"), ask)
                show("after: worker HTTP route", http)
    finally:
        kafka_local.stop(state)
        shutil.rmtree(state, ignore_errors=True)


if __name__ == "__main__":
    main()
