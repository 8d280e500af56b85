#!/usr/bin/env python3
"""Measure worker start -> /readyz 200 with N rows waiting in the control table's changelog.

    .venv/bin/python scripts/measure-recovery.py 0 100000 300000

Sizes the startup probe (docs/operations.md#probes): a broker of its own on free ports, one
fresh app id per N, memory store (so every row is replayed from the changelog), always stopped.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from kafka import KafkaProducer

from frontline import topics
from frontline.settings import Settings
from frontline_dev import kafka_local
from frontline_dev.procs import WorkerProcess

ROW = {
    "location": {"country_code": "SY", "name": "x" * 20},
    "controller": {"name": "x" * 40},
    "event_ids": ["e" * 40] * 3,
    "since": "2024-01-01",
}


def fill_changelog(s: Settings, rows: int) -> None:
    p = KafkaProducer(bootstrap_servers=s.bootstrap_servers, linger_ms=50, batch_size=1 << 18)
    name = f"{s.app_id}-{s.topic_prefix}control-changelog"
    value = json.dumps(ROW).encode()
    for i in range(rows):
        p.send(name, key=f"gn:{i}".encode(), value=value, partition=i % s.partitions)
    p.flush()
    p.close()


def ready_after(s: Settings, log: Path) -> tuple[float, dict]:
    w = WorkerProcess(s, log_path=log)
    t0 = time.monotonic()
    w.start(timeout=900)
    try:
        while True:
            try:
                with urllib.request.urlopen(w.url + "/readyz", timeout=3) as r:
                    return time.monotonic() - t0, json.loads(r.read())
            except (urllib.error.HTTPError, OSError):
                time.sleep(0.2)
    finally:
        w.stop()


def main(counts: list[int]) -> None:
    cache = Path.home() / ".cache" / "frontline"
    state = Path(tempfile.mkdtemp(prefix="frontline-recovery-"))
    info = kafka_local.start(state, cache, partitions=4, heap="-Xms256m -Xmx512m")
    try:
        for n in counts:
            s = Settings(
                broker=f"kafka://{info.bootstrap}",
                topic_prefix=f"rec{n}.",
                app_id=f"frontline-rec{n}",
                data_dir=state / f"rec{n}",
                partitions=4,
                store="memory://",
            )
            topics.ensure_topics(s.bootstrap_servers, s.topic_prefix, s.partitions, 1)
            if n:
                fill_changelog(s, n)
            secs, body = ready_after(s, state / f"rec{n}.log")
            print(f"rows={n} ready_after_s={secs:.1f} last_recovery_s={body['last_recovery_s']}")
    finally:
        kafka_local.stop(state)
        shutil.rmtree(state, ignore_errors=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [0, 100000])
