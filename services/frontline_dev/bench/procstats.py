"""What the harness reads about processes: CPU time, peak memory, who used the cores.

Values are per process (psutil), so the worker, the broker and the harness itself can be
told apart on a shared 2-core box. Peak RSS is Linux's VmHWM, which psutil does not expose.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Sequence

import psutil

from frontline_dev.procs import WorkerProcess


def peak_rss_mb(pid: int) -> dict[str, float]:
    """VmHWM (peak resident set) and VmRSS of a process, in MB."""
    out: dict[str, float] = {}
    with open(f"/proc/{pid}/status") as f:  # VmHWM: no psutil equivalent for another process
        for line in f:
            if line.startswith("VmHWM:"):
                out["VmHWM"] = round(int(line.split()[1]) / 1024, 1)
    rss = psutil.Process(pid).memory_info().rss
    return {"peak_rss_mb": out.get("VmHWM", 0.0), "rss_mb": round(rss // 1024 / 1024, 1)}


def ensure_geo_index() -> float:
    """Build the gazetteer index for the current data if missing (seconds taken).

    The index is cached per data version; a worker that has to build it measures a
    first install, not a start. Runs in a child so it sees the data as it is now.
    """
    t0 = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "frontline.geo.index"],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.monotonic() - t0


def baseline_rss_mb() -> dict[str, float]:
    """Peak RSS of a bare interpreter with Faust + the app imported, then with the
    gazetteer loaded: splits the worker's memory into runtime and geo index."""
    code = (
        "import faust, frontline.app, frontline.extraction, resource\n"
        "def hwm():\n"
        "    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
        "a = hwm()\n"
        "from frontline.geo import Geoparser\n"
        "Geoparser.default()\n"
        "print(a, hwm())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    runtime, with_geo = (float(x) for x in out.stdout.split())
    return {"runtime_mb": round(runtime, 1), "geo_index_mb": round(with_geo - runtime, 1)}


def cpu_seconds(pid: int) -> float:
    """user + system CPU time of a process so far (0 once it is gone)."""
    try:
        t = psutil.Process(pid).cpu_times()
    except psutil.Error:
        return 0.0
    return t.user + t.system


def machine_busy_s() -> float:
    """CPU seconds all cores spent busy since boot (all but idle and iowait; guest time is
    already counted in user)."""
    t = psutil.cpu_times()
    return t.user + t.nice + t.system + t.irq + t.softirq + t.steal


class CpuMeter:
    """Who used the 2 cores during a phase: workers, broker, this process, everyone else."""

    def __init__(self, workers: Sequence[WorkerProcess], broker_pid: int | None) -> None:
        self.pids = [w.proc.pid for w in workers if w.proc]
        self.broker_pid = broker_pid
        self.t0 = time.monotonic()
        self.start = self._snap()

    def _snap(self) -> tuple[float, float, float, float]:
        return (
            sum(cpu_seconds(p) for p in self.pids),
            cpu_seconds(self.broker_pid) if self.broker_pid else 0.0,
            time.process_time(),
            machine_busy_s(),
        )

    def cores(self) -> dict[str, float]:
        """Average cores used per party since construction."""
        wall = max(time.monotonic() - self.t0, 1e-9)
        d = [b - a for a, b in zip(self.start, self._snap(), strict=True)]
        out = {"workers": d[0], "broker": d[1], "bench": d[2], "machine": d[3]}
        out["others"] = max(0.0, d[3] - d[0] - d[1] - d[2])
        return {k: round(v / wall, 2) for k, v in out.items()}
