"""Faults other than kill -9: broker restart, workers joining/leaving, lost local state,
graceful stop. Each run is checked exactly by the oracle in `reliability.py`."""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from frontline import topics
from frontline_dev import kafka_local
from frontline_dev.procs import WorkerProcess

from .helpers import produce
from .reliability import (
    BAD,
    check,
    expected_event_ids,
    explained,
    group_lag,
    wait_drained,
    workload,
)
from .test_reliability_kill import consumed, kill_when

pytestmark = pytest.mark.integration

N_SMALL = 800


def wait_consumed(w: WorkerProcess, n: float, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while consumed(w) < n:
        assert time.monotonic() < deadline, f"worker consumed only {consumed(w)} of {n}"
        time.sleep(0.2)


def test_worker_joins_and_another_leaves_mid_stream(stream_settings, tmp_path):
    s = stream_settings  # memory store: moved partitions come back from the changelog only
    records = workload(N_SMALL, seed=12, flips=60, revisions=N_SMALL // 50)
    want = expected_event_ids(records, s.partitions)
    w1 = WorkerProcess(s, log_path=tmp_path / "w1.log").start()
    w2 = WorkerProcess(
        s.model_copy(update={"data_dir": tmp_path / "w2"}), log_path=tmp_path / "w2.log"
    )
    half, logs = len(records) // 2, [tmp_path / "w1.log", tmp_path / "w2.log"]
    try:
        produce(s, records[:half])
        wait_consumed(w1, 0.25 * len(records))
        w2.start()  # joins: partitions move while w1 is busy
        produce(s, records[half:])  # so that both have work after the rebalance
        wait_consumed(w2, 0.10 * len(records))
        w1.stop()  # leaves gracefully: w2 takes everything
        wait_drained(s, logs=logs)
    finally:
        w2.stop()
        w1.stop()
    with explained(logs):
        report = check(s, records, want)  # exact, momentum too (docs/reliability.md, Limits)
    print(f"\nRELIABILITY join+leave (memory store): {report.line()}")


def test_worker_recovers_after_its_state_dir_is_deleted(stream_settings, tmp_path):
    s = stream_settings.model_copy(update={"store": "rocksdb://"})
    records = workload(N_SMALL, seed=13, flips=60)
    want = expected_event_ids(records, s.partitions)
    w = WorkerProcess(s, log_path=tmp_path / "w.log").start()
    try:
        produce(s, records)
        kill_when(w, 0.4 * len(records))
        assert any(s.data_dir.rglob("*")), "no local state was written"
        shutil.rmtree(s.data_dir)
        w.start()  # rebuilds every table from its changelog
        wait_drained(s)
    finally:
        w.stop()
    report = check(s, records, want)
    print(f"\nRELIABILITY kill-9 + state dir deleted (rocksdb): {report.line()}")


@pytest.fixture
def own_broker() -> Iterator[tuple[kafka_local.BrokerInfo, Path]]:
    """A broker this test may restart (the session broker is shared)."""
    cache = Path(os.environ.get("FRONTLINE_CACHE_DIR", Path.home() / ".cache" / "frontline"))
    state = Path(tempfile.mkdtemp(prefix="frontline-kafka-restart-"))
    info = kafka_local.start(state, cache, partitions=4, heap="-Xms256m -Xmx512m")
    try:
        yield info, cache
    finally:
        kafka_local.stop(state)
        shutil.rmtree(state, ignore_errors=True)


def test_broker_restarted_mid_stream(own_broker, stream_settings, tmp_path):
    info, cache = own_broker
    s = stream_settings.model_copy(
        update={"broker": f"kafka://127.0.0.1:{info.port}", "store": "rocksdb://"}
    )
    topics.ensure_topics(s.bootstrap_servers, s.topic_prefix, s.partitions, s.replication_factor)
    records = workload(N_SMALL, seed=14, flips=60)
    want = expected_event_ids(records, s.partitions)
    w = WorkerProcess(s, log_path=tmp_path / "w.log").start()
    try:
        produce(s, records)
        wait_consumed(w, 0.3 * len(records))
        kafka_local.stop(Path(info.state_dir))
        time.sleep(3)
        kafka_local.start(Path(info.state_dir), cache, port=info.port, partitions=4)
        wait_drained(s)
        assert w.proc is not None and w.proc.poll() is None, "the worker died with the broker"
    finally:
        w.stop()
    report = check(s, records, want)
    print(f"\nRELIABILITY broker restart (rocksdb): {report.line()}")


def test_graceful_stop_commits_what_it_processed(stream_settings, tmp_path):
    # A commit interval far longer than the run: only the stop itself can commit.
    s = stream_settings.model_copy(update={"commit_interval_s": 120.0})
    records = workload(300, seed=15)
    want = expected_event_ids(records, s.partitions)
    w = WorkerProcess(s, log_path=tmp_path / "w.log").start()
    try:
        produce(s, records)
        wait_consumed(w, sum(v not in BAD for _, v in records))
        time.sleep(3)
        assert w.proc is not None
        t0 = time.monotonic()
        os.killpg(w.proc.pid, signal.SIGTERM)
        w.proc.wait(30)
        stopped = time.monotonic() - t0
    finally:
        w.stop()
    lag = group_lag(s)
    print(f"\nRELIABILITY graceful stop: exit in {stopped:.1f}s, uncommitted records {lag}")
    assert lag == 0
    check(s, records, want)
