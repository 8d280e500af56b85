"""Tables survive a worker restart (RocksDB store + changelog): no change is published twice."""

from __future__ import annotations

import json
import time

import pytest

from frontline import topics
from frontline_dev.procs import WorkerProcess

from .helpers import article, consume_until, produce

pytestmark = pytest.mark.integration
ALEPPO = "gn:170063"


def test_restart_keeps_control_and_dedup_state(stream_settings, tmp_path):
    s = stream_settings.model_copy(update={"store": "rocksdb://"})
    first = article(
        "rc-1", "2024-11-30T20:00:00Z", "Hayat Tahrir al-Sham fighters captured Aleppo on Saturday."
    )
    with WorkerProcess(s, log_path=tmp_path / "w1.log").start():
        produce(s, [first])
        consume_until(s, topics.EVENTS_CONTROL, lambda m: len(m) >= 1, settle=2)
    assert list((s.data_dir).rglob("*control*")), "RocksDB files were not written"

    with WorkerProcess(s, log_path=tmp_path / "w2.log").start() as w:
        # The same article again (redelivery) and a new report of the same capture.
        produce(
            s,
            [
                first,
                article(
                    "rc-2",
                    "2024-12-01T08:00:00Z",
                    "Aleppo fell to Hayat Tahrir al-Sham on Saturday.",
                ),
            ],
        )
        # The re-sent copy is a duplicate; rc-2 is new. (If the first worker's last offsets
        # were not committed, the original record is also redelivered and processed again:
        # same event ids, so the control row and the change id do not change.)
        deadline = time.monotonic() + 30
        row: dict = {}
        while time.monotonic() < deadline:
            metrics = w.get("/metrics").decode()
            row = json.loads(w.get("/control/" + ALEPPO.replace(":", "%3A")))
            if (
                'frontline_articles_consumed_total{outcome="duplicate"} 1.0' in metrics
                and len(row["event_ids"]) == 2
            ):
                break
            time.sleep(0.5)
    changes = consume_until(s, topics.EVENTS_CONTROL, lambda m: False, timeout=3)
    assert 'frontline_articles_consumed_total{outcome="duplicate"} 1.0' in metrics
    assert len({c["change_id"] for c in changes}) == 1, changes
    assert row["controller"]["name"] == "Hayat Tahrir al-Sham"
    assert len(row["event_ids"]) == 2
