"""Probes and lag in seconds against a real broker and a real `frontline worker`.

The readiness test starts a broker of its own (the session broker must not be stopped) on
free ports, stops it under a running worker and starts it again on the same port.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from aiokafka import TopicPartition
from aiokafka.errors import GroupCoordinatorNotAvailableError
from kafka import KafkaConsumer, KafkaProducer
from kafka.structs import OffsetAndMetadata
from kafka.structs import TopicPartition as KTP

from frontline import topics
from frontline.lag import oldest_unprocessed_age
from frontline.settings import Settings
from frontline_dev import kafka_local
from frontline_dev.procs import WorkerProcess

from .helpers import article, produce

pytestmark = pytest.mark.integration


def _probe(w: WorkerProcess, path: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(w.url + path, timeout=3) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def _wait(w: WorkerProcess, path: str, status: int, timeout: float) -> tuple[float, dict]:
    start = time.monotonic()
    body: dict = {}
    while time.monotonic() - start < timeout:
        try:
            code, body = _probe(w, path)
            if code == status:
                return time.monotonic() - start, body
        except (OSError, ValueError):
            pass
        time.sleep(0.5)
    raise AssertionError(f"{path} never answered {status} within {timeout}s; last: {body}")


@pytest.fixture
def own_broker():
    cache = Path(os.environ.get("FRONTLINE_CACHE_DIR", Path.home() / ".cache" / "frontline"))
    state = Path(tempfile.mkdtemp(prefix="frontline-probe-kafka-"))
    info = kafka_local.start(state, cache, partitions=4, heap="-Xms128m -Xmx384m")
    handle = {"info": info, "state": state, "cache": cache}
    try:
        yield handle
    finally:
        kafka_local.stop(state)
        shutil.rmtree(state, ignore_errors=True)


def test_readiness_follows_the_broker(own_broker, tmp_path):
    info = own_broker["info"]
    s = Settings(
        broker=f"kafka://{info.bootstrap}",
        topic_prefix="probe.",
        app_id="frontline-probe",
        data_dir=tmp_path / "worker",
        partitions=4,
        store="memory://",
    )
    topics.ensure_topics(s.bootstrap_servers, s.topic_prefix, s.partitions, s.replication_factor)
    w = WorkerProcess(s, log_path=tmp_path / "worker.log")
    t0 = time.monotonic()
    with w.start(timeout=90):
        _, body = _wait(w, "/readyz", 200, 60)
        print(f"ready {time.monotonic() - t0:.1f}s after start: {body}")
        assert body["ready"] and body["broker_reachable"] and body["recovered"]
        assert sorted(body["partitions"]) == [0, 1, 2, 3]
        assert _probe(w, "/livez")[0] == 200

        kafka_local.stop(own_broker["state"])
        gone_after, body = _wait(w, "/readyz", 503, 30)
        print(f"not ready {gone_after:.1f}s after the broker stopped: {body}")
        assert not body["ready"] and not body["broker_reachable"] and body["broker_error"]
        code, live = _probe(w, "/livez")
        assert code == 200, live  # a broker outage must not restart the worker
        assert "frontline_ready 0.0" in w.get("/metrics").decode()

        kafka_local.start(
            own_broker["state"], own_broker["cache"], port=info.port, heap="-Xms128m -Xmx384m"
        )
        back_after, body = _wait(w, "/readyz", 200, 120)
        print(f"ready again {back_after:.1f}s after the broker restarted: {body}")
        assert body["ready"] and body["broker_reachable"]
        assert "frontline_ready 1.0" in w.get("/metrics").decode()


def test_lag_seconds_is_the_age_of_the_oldest_unprocessed_record(stream_settings):
    s = stream_settings
    name = topics.topic_name(topics.ARTICLES_RAW, s.topic_prefix)
    now_ms = int(time.time() * 1000)
    p = KafkaProducer(bootstrap_servers=s.bootstrap_servers, acks="all")
    for age_s in (3600, 60):
        p.send(name, key=b"k", value=b"{}", partition=0, timestamp_ms=now_ms - age_s * 1000)
    p.flush()
    p.close()
    tps = [TopicPartition(name, 0), TopicPartition(name, 1)]
    group = s.app_id

    def ages() -> dict[int, float]:
        for _ in range(40):  # a fresh broker creates its group coordinator on first use
            try:
                got = asyncio.run(oldest_unprocessed_age(s.bootstrap_servers, group, tps))
                return {tp.partition: v for tp, v in got.items()}
            except GroupCoordinatorNotAvailableError:
                time.sleep(0.5)
        raise AssertionError("no group coordinator")

    first = ages()  # nothing committed: the oldest record waits
    assert 3590 < first[0] < 3700 and first[1] == 0.0, first

    c = KafkaConsumer(bootstrap_servers=s.bootstrap_servers, group_id=group)
    for committed, expect in ((1, (50, 200)), (2, (0, 0))):
        c.commit({KTP(name, 0): OffsetAndMetadata(committed, "", -1)})
        age = ages()[0]
        assert expect[0] <= age <= expect[1], (committed, age)
    c.close()


def test_worker_exports_lag_seconds_and_catches_up(stream_settings, tmp_path):
    s = stream_settings
    produce(s, [article("lag-1", "2024-11-30T20:00:00Z", "Rebels captured Aleppo on Saturday.")])
    with WorkerProcess(s, log_path=tmp_path / "w.log").start() as w:
        raw = topics.topic_name(topics.ARTICLES_RAW, s.topic_prefix)
        deadline = time.monotonic() + 60
        lines: list[str] = []
        while time.monotonic() < deadline:
            lines = [
                line
                for line in w.get("/metrics").decode().splitlines()
                if line.startswith("frontline_consumer_lag_seconds{") and f'topic="{raw}"' in line
            ]
            if len(lines) == 4 and all(line.endswith(" 0.0") for line in lines):
                break
            time.sleep(1)
        assert len(lines) == 4 and all(line.endswith(" 0.0") for line in lines), lines
