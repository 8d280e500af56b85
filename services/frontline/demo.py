"""`frontline run`: local Kafka, a worker and the sample feed, with live output."""

from __future__ import annotations

import signal
import threading
import time
from importlib import resources
from pathlib import Path

import click

from frontline import kafka_local, topics
from frontline.settings import Settings


def sample_feed() -> Path:
    return Path(str(resources.files("frontline") / "data" / "sample_feed.jsonl"))


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def run_demo(s: Settings, feed: Path | None, rate: float, exit_after: float) -> int:
    from frontline.ingest import ingest_file
    from frontline.procs import WorkerProcess
    from frontline.watch import watch

    state = s.state_dir / "kafka"
    was_running = kafka_local.status(state)[0] == "running"
    port = int(s.bootstrap_servers.split(",")[0].rsplit(":", 1)[1])
    click.secho(f"▶ Kafka {s.kafka_version} (KRaft, local)…", bold=True, err=True)
    try:
        info = kafka_local.start(
            state, s.cache_dir, s.kafka_version, port, s.kafka_heap, s.partitions
        )
    except kafka_local.KafkaError as exc:
        raise click.ClickException(str(exc)) from exc
    # A fresh topic prefix and group per run, so the demo always shows its events anew.
    run_id = time.strftime("%Y%m%d%H%M%S")
    s = s.model_copy(
        update={
            "broker": f"kafka://{info.bootstrap}",
            "topic_prefix": f"demo-{run_id}.",
            "app_id": f"frontline-demo-{run_id}",
            "data_dir": s.state_dir / "demo" / run_id,
        }
    )
    topics.ensure_topics(s.bootstrap_servers, s.topic_prefix, s.partitions, s.replication_factor)
    log = s.state_dir / "worker.log"
    click.secho(f"▶ worker (log: {log})…", bold=True, err=True)
    worker = WorkerProcess(s, log_path=log)
    stop = threading.Event()
    # Ctrl-C and SIGTERM both end the demo cleanly, even where a parent shell ignored SIGINT.
    prev = {sig: signal.signal(sig, _interrupt) for sig in (signal.SIGINT, signal.SIGTERM)}
    watcher = threading.Thread(
        target=watch, args=(s,), kwargs={"from_beginning": True, "stop": stop}, daemon=True
    )
    try:
        worker.start(timeout=90)
        click.secho(
            f"▶ worker ready at {worker.url} (/metrics /control /momentum)", bold=True, err=True
        )
        watcher.start()
        feed = feed or sample_feed()
        click.secho(
            f"▶ feeding {feed.name} at {rate:g} articles/s — Ctrl-C to stop", bold=True, err=True
        )
        ingest_file(s, feed, rate)
        t0 = time.monotonic()
        while not stop.is_set() and (not exit_after or time.monotonic() - t0 < exit_after):
            if worker.proc is not None and worker.proc.poll() is not None:
                click.secho("worker exited; see its log", fg="red", err=True)
                return 1
            time.sleep(0.2)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        click.secho("\n▶ stopping worker…", bold=True, err=True)
        worker.stop()
        watcher.join(timeout=3)
        if not was_running:
            click.secho("▶ stopping Kafka…", bold=True, err=True)
            kafka_local.stop(state)
        for sig, handler in prev.items():
            signal.signal(sig, handler)
    return 0
