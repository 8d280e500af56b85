"""The bench's process readings (psutil): they must measure the process asked about, so the
worker, the broker and the harness can be told apart on a shared machine."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from frontline_dev.bench import procstats


def test_cpu_seconds_of_this_process_match_its_own_clock() -> None:
    t0 = time.process_time()
    while time.process_time() - t0 < 0.2:
        pass
    own, mine = procstats.cpu_seconds(os.getpid()), time.process_time()
    assert abs(own - mine) < 0.05, (own, mine)


def test_a_busy_child_is_measured_and_a_gone_one_reads_zero() -> None:
    code = (
        "import time\n"
        "t = time.process_time()\n"
        "while time.process_time() - t < 0.3: pass\n"
        "x = b'x' * (64 << 20)\n"  # written, so resident
        "time.sleep(5)\n"
    )
    child = subprocess.Popen([sys.executable, "-c", code])
    try:
        deadline = time.monotonic() + 10
        while procstats.peak_rss_mb(child.pid)["peak_rss_mb"] < 64 and time.monotonic() < deadline:
            time.sleep(0.05)
        mem = procstats.peak_rss_mb(child.pid)
        assert mem["peak_rss_mb"] >= 64 and 0 < mem["rss_mb"] <= mem["peak_rss_mb"] + 1
        assert procstats.cpu_seconds(child.pid) >= 0.25
    finally:
        child.kill()
        child.wait()
    assert procstats.cpu_seconds(child.pid) == 0.0


def test_machine_busy_time_grows_with_our_work() -> None:
    before = procstats.machine_busy_s()
    t0 = time.process_time()
    while time.process_time() - t0 < 0.2:
        pass
    assert procstats.machine_busy_s() - before >= 0.15
