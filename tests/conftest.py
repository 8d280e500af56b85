"""Shared fixtures: a real Kafka broker for the session, unique topics per test."""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from frontline import topics
from frontline.settings import Settings
from frontline_dev import kafka_local

FIXTURES = Path(__file__).parent / "fixtures"
_counter = itertools.count()


@pytest.fixture(scope="session")
def kafka_broker() -> Iterator[kafka_local.BrokerInfo]:
    """A real KRaft broker on free ports; always stopped, its state removed."""
    cache = Path(os.environ.get("FRONTLINE_CACHE_DIR", Path.home() / ".cache" / "frontline"))
    state = Path(tempfile.mkdtemp(prefix="frontline-kafka-"))
    info = kafka_local.start(state, cache, partitions=4, heap="-Xms256m -Xmx512m")
    try:
        yield info
    finally:
        kafka_local.stop(state)
        assert not kafka_local.port_open(info.port), "broker port still open after stop"
        shutil.rmtree(state, ignore_errors=True)


@pytest.fixture
def stream_settings(kafka_broker: kafka_local.BrokerInfo, tmp_path: Path) -> Settings:
    """Settings isolating one test: its own topic prefix, consumer group and data dir."""
    tag = f"t{int(time.time())}{next(_counter)}{uuid.uuid4().hex[:6]}"
    s = Settings(
        broker=f"kafka://{kafka_broker.bootstrap}",
        topic_prefix=f"{tag}.",
        app_id=f"frontline-{tag}",
        data_dir=tmp_path / "worker",
        partitions=4,
        store="memory://",
        log_level="info",
    )
    topics.ensure_topics(s.bootstrap_servers, s.topic_prefix, s.partitions, s.replication_factor)
    return s


def _live_children() -> list[str]:
    """Processes this test run started that are still running (brokers, workers, Prometheus)."""
    me, out = os.getpid(), []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmd = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode()[:120]
        except OSError:
            continue
        if int(fields[1]) == me and fields[0] != "Z":
            out.append(f"{stat.parent.name}: {cmd}")
    return out


@pytest.fixture(scope="session", autouse=True)
def _nothing_left_running() -> Iterator[None]:
    yield
    deadline = time.monotonic() + 10
    while (left := _live_children()) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not left, f"tests left processes running: {left}"
