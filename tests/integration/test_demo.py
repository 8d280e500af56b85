"""`frontline run` (what `make run` calls): live events; Ctrl-C, even twice, stops what it started;
a broker it did not start is announced and left running; no topics are left behind."""

from __future__ import annotations

import os
import selectors
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from frontline_dev import kafka_local
from frontline_dev.kafka_local import free_port, port_open

pytestmark = [pytest.mark.integration, pytest.mark.timeout(400)]


def _env(state: Path, port: int) -> dict[str, str]:
    return {
        **os.environ,
        "FRONTLINE_STATE_DIR": str(state),
        "FRONTLINE_BROKER": f"kafka://127.0.0.1:{port}",
        "PYTHONUNBUFFERED": "1",
    }


def _partition_dirs(state: Path) -> set[str]:
    data = state / "kafka" / "data"
    return {d.name for d in data.iterdir() if d.is_dir() and not d.name.startswith("__cluster")}


class Run:
    """One `frontline run` subprocess in its own session, read line by line."""

    def __init__(self, env: dict[str, str], *args: str) -> None:
        self.kafka_state = Path(env["FRONTLINE_STATE_DIR"]).resolve() / "kafka"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "frontline.cli", "run", "--rate", "20", *args],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.lines: list[str] = []
        self.sel = selectors.DefaultSelector()
        self.sel.register(self.proc.stdout, selectors.EVENT_READ)

    def until(self, pred, timeout: float) -> bool:  # type: ignore[no-untyped-def]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and not pred(self.lines):
            if self.sel.select(timeout=1):
                line = self.proc.stdout.readline().decode()
                if not line:
                    break
                self.lines.append(line)
        return pred(self.lines)

    def ctrl_c(self) -> None:
        os.killpg(self.proc.pid, signal.SIGINT)  # what Ctrl-C sends to the terminal's group

    def finish(self, timeout: float = 60) -> str:
        try:
            rest = self.proc.communicate(timeout=timeout)[0].decode()
        finally:
            self.kill()
        return "".join(self.lines) + rest

    def kill(self) -> None:
        """Kill the run if still there, and the broker it started if it could not stop it.

        The broker runs in a session of its own, so killing the run's group leaves it: a run
        killed in its clean-up (a slow machine, `finish` timing out) would leave a broker
        behind."""
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        info = kafka_local.read_info(self.kafka_state)
        if info is not None and info.owner_pid == self.proc.pid:
            kafka_local.stop(self.kafka_state)


def _events(n: int):  # type: ignore[no-untyped-def]
    return lambda lines: sum("EVENT" in x for x in lines) >= n


def test_ctrl_c_once_or_twice_stops_everything_and_leaves_no_topics(tmp_path: Path) -> None:
    port = free_port()
    env = _env(tmp_path, port)
    after: list[set[str]] = []
    for presses in (1, 2):
        run = Run(env)
        try:
            t0 = time.monotonic()
            assert run.until(_events(5), 120), "".join(run.lines)[-2000:]
            print(f"run {presses}: first events after {time.monotonic() - t0:.0f}s")
            run.ctrl_c()
            if presses == 2:  # the second Ctrl-C lands while the run is cleaning up
                assert run.until(lambda ls: any("stopping worker" in x for x in ls), 30)
                run.ctrl_c()
            out = run.finish()
        finally:
            run.kill()
        assert run.proc.returncode == 0, out[-2000:]
        assert "Aborted" not in out and "Traceback" not in out, out[-2000:]
        assert "stopping worker" in out and "stopping Kafka" in out
        assert not port_open(port), "Kafka still listening after Ctrl-C"
        assert not (tmp_path / "kafka" / "broker.json").exists()
        dirs = _partition_dirs(tmp_path)
        assert not [d for d in dirs if d.startswith(("demo-", "frontline-demo-"))], dirs
        after.append(dirs)
    assert after[1] == after[0], "partition folders grew from one run to the next"


def test_a_broker_the_run_did_not_start_is_announced_and_left_running(tmp_path: Path) -> None:
    port = free_port()
    env = _env(tmp_path, port)
    cli = [sys.executable, "-m", "frontline.cli", "kafka"]
    started = subprocess.run([*cli, "start"], env=env, capture_output=True, text=True, timeout=180)
    assert started.returncode == 0, started.stderr
    try:
        run = Run(env, "--exit-after", "1")
        out = run.finish(timeout=180)
        assert run.proc.returncode == 0, out[-2000:]
        assert f"already running at 127.0.0.1:{port}" in out and "not started by this run" in out
        assert "stopping Kafka" not in out
        assert port_open(port), "the run stopped a broker it did not start"
    finally:
        subprocess.run([*cli, "stop"], env=env, capture_output=True, timeout=60)
    assert not port_open(port)
