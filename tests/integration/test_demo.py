"""`frontline run` (what `make run` calls) shows live events and Ctrl-C stops everything."""

from __future__ import annotations

import os
import selectors
import signal
import subprocess
import sys
import time

import pytest

from frontline.kafka_local import free_port, port_open

pytestmark = pytest.mark.integration


def test_run_shows_events_then_ctrl_c_stops_all(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "FRONTLINE_STATE_DIR": str(tmp_path),
        "FRONTLINE_BROKER": f"kafka://127.0.0.1:{port}",
        "PYTHONUNBUFFERED": "1",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "frontline.cli", "run", "--rate", "20"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    lines: list[str] = []
    t0 = time.monotonic()
    try:
        sel = selectors.DefaultSelector()
        sel.register(proc.stdout, selectors.EVENT_READ)
        while time.monotonic() - t0 < 90 and sum("EVENT" in x for x in lines) < 5:
            if sel.select(timeout=1):
                line = proc.stdout.readline().decode()
                if not line:
                    break
                lines.append(line)
        first_events_s = time.monotonic() - t0
        assert sum("EVENT" in x for x in lines) >= 5, "".join(lines)[-2000:]
        assert first_events_s < 60, f"events took {first_events_s:.0f}s"
        os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C sends to the terminal's process group
        out = proc.communicate(timeout=40)[0].decode()
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 0, out[-2000:]
    assert "stopping worker" in out and "stopping Kafka" in out
    assert not port_open(port), "Kafka still listening after Ctrl-C"
    assert not (tmp_path / "kafka" / "broker.json").exists()
