"""`frontline run`: local Kafka, a worker and the sample feed, with live output.

Ctrl-C (or SIGTERM) stops what this run started, however often it is pressed: once cleanup
has begun, further interrupts only say that it is under way, so the broker is never left
orphaned. A broker this run did not start is used only after saying so, and left running;
one orphaned by an earlier run that died is adopted (said too) and stopped at the end. The
run's topics are deleted at the end, so disk use does not grow run after run.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from importlib import resources
from pathlib import Path

import click

from frontline import topics
from frontline.settings import Settings
from frontline_dev import kafka_local
from frontline_dev.waiting import wait_until

DEMO_TOPIC_PREFIX = "demo-"
DEMO_APP_PREFIX = "frontline-demo-"


def sample_feed() -> Path:
    return Path(str(resources.files("frontline") / "data" / "sample_feed.jsonl"))


def _say(msg: str, **style: object) -> None:
    click.secho(msg, bold=True, err=True, **style)  # type: ignore[arg-type]


class _Interrupts:
    """First Ctrl-C/SIGTERM raises KeyboardInterrupt; during cleanup they are only noted."""

    def __init__(self) -> None:
        self.cleaning = False
        self.prev = {s: signal.signal(s, self._on) for s in (signal.SIGINT, signal.SIGTERM)}

    def _on(self, signum: int, frame: object) -> None:
        if not self.cleaning:
            raise KeyboardInterrupt
        _say("▶ still stopping what this run started (broker included) — please wait…")

    def restore(self) -> None:
        for sig, handler in self.prev.items():
            signal.signal(sig, handler)


def _broker(s: Settings, state: Path, port: int) -> tuple[kafka_local.BrokerInfo, bool]:
    """The broker to use and whether this run must stop it at the end."""
    current, info = kafka_local.status(state)
    if current == "running" and info is not None:
        orphan = info.owner_pid is not None and not kafka_local.pid_alive(info.owner_pid)
        if orphan:
            _say(
                f"▶ adopting the Kafka broker left running by an earlier `frontline run` "
                f"(pid {info.pid}, {info.bootstrap}); this run stops it at the end"
            )
            return info, True
        _say(
            f"▶ using the Kafka broker already running at {info.bootstrap} (pid {info.pid}), "
            "not started by this run: it stays running (`frontline kafka stop` stops it)"
        )
        return info, False
    _say(f"▶ Kafka {s.kafka_version} (KRaft, local)…")
    info = kafka_local.start(
        state, s.cache_dir, s.kafka_version, port, s.kafka_heap, s.partitions, owner_pid=os.getpid()
    )
    return info, True


def run_demo(s: Settings, feed: Path | None, rate: float, exit_after: float) -> int:
    from frontline.ingest import ingest_file
    from frontline.runreport import FeedProgress
    from frontline.watch import watch
    from frontline_dev.procs import WorkerProcess

    state = s.state_dir / "kafka"
    port = int(s.bootstrap_servers.split(",")[0].rsplit(":", 1)[1])
    signals = _Interrupts()
    owned = False
    worker: WorkerProcess | None = None
    watcher: threading.Thread | None = None
    stop = threading.Event()
    # A fresh topic prefix and group per run, so the demo always shows its events anew.
    run_id = time.strftime("%Y%m%d%H%M%S")
    prefixes = (f"{DEMO_TOPIC_PREFIX}{run_id}.", f"{DEMO_APP_PREFIX}{run_id}")
    code = 0
    info: kafka_local.BrokerInfo | None = None
    try:
        try:
            info, owned = _broker(s, state, port)
        except kafka_local.KafkaError as exc:
            raise click.ClickException(str(exc)) from exc
        if owned:  # nobody else uses a broker this run owns: earlier runs' topics can go
            _delete_topics(info, (DEMO_TOPIC_PREFIX, DEMO_APP_PREFIX), wait_dirs=False)
        s = s.model_copy(
            update={
                "broker": f"kafka://{info.bootstrap}",
                "topic_prefix": prefixes[0],
                "app_id": prefixes[1],
                "data_dir": s.state_dir / "demo" / run_id,
            }
        )
        topics.ensure_topics(
            s.bootstrap_servers, s.topic_prefix, s.partitions, s.replication_factor
        )
        log = s.state_dir / "worker.log"
        _say(f"▶ worker (log: {log})…")
        worker = WorkerProcess(s, log_path=log)
        watcher = threading.Thread(
            target=watch, args=(s,), kwargs={"from_beginning": True, "stop": stop}, daemon=True
        )
        worker.start(timeout=90)
        _say(f"▶ worker ready at {worker.url} (/map /situation /control /momentum /metrics)")
        _say(
            "▶ in another terminal: `frontline tail --place Hama`, `frontline explain` "
            "(they find this run's topics)"
        )
        watcher.start()
        feed = feed or sample_feed()
        _say(f"▶ feeding {feed.name} at {rate:g} articles/s — Ctrl-C to stop")
        n, report = ingest_file(s, feed, rate)
        report.finish(f"; produced {n} records")
        progress: FeedProgress | None = FeedProgress(f"{worker.url}/metrics", n)
        t0 = time.monotonic()
        while not exit_after or time.monotonic() - t0 < exit_after:
            if progress is not None and (done := progress.check()):
                _say(f"▶ {done}")
                progress = None
            if worker.proc is not None and worker.proc.poll() is not None:
                _say("worker exited; see its log", fg="red")
                code = 1
                break
            time.sleep(0.2)
    except KeyboardInterrupt:
        pass
    finally:
        signals.cleaning = True
        stop.set()
        if worker is not None:
            _say("\n▶ stopping worker…")
            worker.stop()
        if watcher is not None and watcher.is_alive():
            watcher.join(timeout=3)
        if info is not None:
            _say("▶ deleting this run's topics…")
            _delete_topics(info, prefixes, wait_dirs=owned)
        if owned or _started_here(state):  # also when interrupted while it was starting
            _say("▶ stopping Kafka…")
            kafka_local.stop(state)
        signals.restore()
    return code


def _started_here(state: Path) -> bool:
    info = kafka_local.read_info(state.resolve())
    return info is not None and info.owner_pid == os.getpid()


def _delete_topics(
    info: kafka_local.BrokerInfo, prefixes: tuple[str, ...], wait_dirs: bool
) -> None:
    """Best effort: a broker that already went away has nothing left to delete."""
    from kafka.errors import KafkaError

    try:
        names = topics.delete_topics(info.bootstrap, prefixes)
    except (KafkaError, OSError) as exc:
        _say(f"▶ could not delete the run's topics ({exc.__class__.__name__})", fg="yellow")
        return
    data = Path(info.state_dir) / "data"
    if wait_dirs and names:
        # the broker renames a deleted partition to `<topic>-<n>.<id>-delete`, then removes it
        wait_until(lambda: not any(d.name.startswith(prefixes) for d in data.iterdir()), 15)
