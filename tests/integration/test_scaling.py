"""Two workers share the partitions; key lookups are routed to the owner; no double series."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse

import pytest

from frontline import topics
from frontline.partitioning import key_partition
from frontline_dev.procs import WorkerProcess

from .helpers import consume_until
from .test_timeline import HTS, replay

pytestmark = pytest.mark.integration


def _balanced(a: WorkerProcess, b: WorkerProcess, n: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pa = set(json.loads(a.get("/health"))["partitions"])
        pb = set(json.loads(b.get("/health"))["partitions"])
        if pa and pb and not pa & pb and len(pa | pb) == n:
            return
        time.sleep(0.5)
    raise AssertionError(f"partitions never split between workers: {pa} / {pb}")


def test_two_workers_split_partitions_and_route_lookups(stream_settings, tmp_path):
    s = stream_settings
    series = f'frontline_momentum_net{{actor="{HTS}",country="SY",window="7d"}}'
    owner_partition = key_partition(f"{HTS}|SY", s.partitions)
    with WorkerProcess(s, log_path=tmp_path / "w1.log").start() as w1:
        replay(s, pause=0.3, until="2024-12-10")
        consume_until(s, topics.EVENTS_CONTROL, lambda m: len(m) >= 9, settle=1)
        assert series in w1.get("/metrics").decode()
        with WorkerProcess(s, log_path=tmp_path / "w2.log").start() as w2:
            _balanced(w1, w2, s.partitions)
            time.sleep(3)  # recovery of the moved partitions
            _check_split(s, w1, w2, series, owner_partition)


def _lookup(w: WorkerProcess, key: str, timeout: float = 30) -> dict:
    """GET /control/{key}; a moved partition may still be recovering for a moment."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return json.loads(w.get("/control/" + urllib.parse.quote(key)))
        except urllib.error.HTTPError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def _check_split(s, w1, w2, series: str, owner_partition: int) -> None:
    """Places split across workers, lookups routed, momentum series only on its owner."""
    changes = consume_until(s, topics.EVENTS_CONTROL, lambda m: len(m) >= 9, settle=2)
    assert len(changes) == 9
    keys = {f"gn:{c['location']['geonameid']}" for c in changes}
    l1 = json.loads(w1.get("/control"))
    l2 = json.loads(w2.get("/control"))
    local1, local2 = {p["key"] for p in l1["places"]}, {p["key"] for p in l2["places"]}
    assert not local1 & local2 and keys <= local1 | local2
    assert local1 and local2, "one worker owns every place: nothing was scaled out"
    for key in keys:  # either worker answers for any key, routed to the owner
        a = _lookup(w1, key)
        b = _lookup(w2, key)
        assert a == b and a["controller"]["name"] == HTS
    # After the rebalance exactly the owner of the momentum key exports its gauges.
    exported = [w for w in (w1, w2) if series in w.get("/metrics").decode()]
    assert len(exported) == 1
    assert owner_partition in json.loads(exported[0].get("/health"))["partitions"]
