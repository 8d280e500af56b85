"""examples/consumer.py, as a user runs it, against the real broker and a real worker."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest

from frontline import topics
from frontline_dev.procs import WorkerProcess

from .helpers import consume_until, produce

pytestmark = pytest.mark.integration
ROOT = Path(__file__).parents[2]
TIMELINE = ROOT / "tests" / "fixtures" / "offensive_timeline.jsonl"


def test_example_consumer_prints_each_event_once(stream_settings, tmp_path):
    s = stream_settings
    with WorkerProcess(s, log_path=tmp_path / "worker.log").start():
        for line in TIMELINE.read_text().splitlines():
            produce(s, [(json.loads(line)["id"].encode(), line.encode())])
            time.sleep(0.3)
        alerts = consume_until(s, topics.ALERTS_MOMENTUM, lambda m: len(m) >= 1, settle=3)
        changes = consume_until(s, topics.EVENTS_CONTROL, lambda m: len(m) >= 9, settle=1)
    events = consume_until(s, topics.EVENTS_TERRITORIAL, lambda m: True, settle=1)
    # A redelivery, as after a worker restart: the same event and change arrive a second time.
    produce(s, [(b"dup", orjson.dumps(events[0]))], topics.EVENTS_TERRITORIAL)
    produce(s, [(b"dup", orjson.dumps(changes[0]))], topics.EVENTS_CONTROL)

    out = subprocess.run(
        [
            sys.executable,
            str(ROOT / "examples" / "consumer.py"),
            "--bootstrap",
            s.bootstrap_servers,
            "--prefix",
            s.topic_prefix,
            "--from-beginning",
            "--idle-timeout",
            "4",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout.splitlines()

    printed = [ln for ln in out if ln.startswith("EVENT ")]
    assert len(printed) == len({e["event_id"] for e in events}) == len(events) >= 15
    control = [ln for ln in out if ln.startswith("CONTROL ")]
    assert len(control) == len({c["change_id"] for c in changes}) == len(changes)
    assert len([ln for ln in out if ln.startswith("ALERT ")]) == len(alerts)
    assert any("capture by Hayat Tahrir al-Sham at Damascus, SY" in ln for ln in printed), out
    assert any("Damascus: - -> Hayat Tahrir al-Sham (capture)" in ln for ln in control), out
    assert any("firing offensive_momentum" in ln for ln in out), out
