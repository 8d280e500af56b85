"""py-spy on the saturated worker: where its CPU goes, by function, component and agent."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any


class PySpy:
    """py-spy sampling the worker while it is saturated (optional: needs py-spy)."""

    def __init__(self, pid: int, out: Path, rate: int = 200) -> None:
        here = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
        self.exe = shutil.which("py-spy", path=here)
        self.out, self.pid, self.rate = out, pid, rate
        self.proc: subprocess.Popen[bytes] | None = None
        self.t0 = self.seconds = 0.0

    @property
    def available(self) -> bool:
        return self.exe is not None

    def __enter__(self) -> PySpy:
        if self.available:
            self.t0 = time.time()
            self.proc = subprocess.Popen(
                [
                    str(self.exe),
                    "record",
                    "--pid",
                    str(self.pid),
                    "--rate",
                    str(self.rate),
                    "--format",
                    "raw",
                    "--function",
                    "--nonblocking",
                    "--output",
                    str(self.out),
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        return self

    def __exit__(self, *exc: object) -> None:
        if self.proc is None:
            return
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)
        self.seconds = time.time() - self.t0

    def summary(self, top: int = 15) -> dict[str, Any] | None:
        if not self.out.exists():
            return None
        return summarize_collapsed(self.out.read_text(), self.rate, self.seconds, top)


COMPONENTS = (
    ("extraction", ("frontline/extraction/",)),
    ("geo", ("frontline/geo/",)),
    ("frontline agents/models", ("frontline/",)),
    ("pydantic", ("pydantic",)),
    ("json (orjson/json)", ("orjson", "json/")),
    ("faust/mode", ("faust/", "mode/")),
    ("aiokafka/kafka", ("aiokafka/", "kafka/")),
    ("prometheus", ("prometheus_client",)),
    ("asyncio/uvloop", ("asyncio/", "uvloop")),
    ("regex", ("re/", "sre_", "_parser.py", "_compiler.py")),
)


def _component(frame: str) -> str:
    for name, needles in COMPONENTS:
        if any(n in frame for n in needles):
            return name
    return "other"


def summarize_collapsed(text: str, rate: int, seconds: float, top: int = 15) -> dict[str, Any]:
    """Self and inclusive time per function and self time per component from py-spy raw."""
    self_n: dict[str, int] = {}
    incl_n: dict[str, int] = {}
    comp_n: dict[str, int] = {}
    total = 0
    for line in text.splitlines():
        stack, _, n = line.rpartition(" ")
        if not stack or not n.isdigit():
            continue
        k = int(n)
        total += k
        frames = stack.split(";")
        leaf = frames[-1]
        self_n[leaf] = self_n.get(leaf, 0) + k
        comp_n[_component(leaf)] = comp_n.get(_component(leaf), 0) + k
        for f in set(frames):
            incl_n[f] = incl_n.get(f, 0) + k
    # A stack frame with the "(frontline/...)" path is ours; the top ones say where time goes.
    ours = {
        f: v
        for f, v in incl_n.items()
        if "frontline/" in f and "cli.py" not in f and "worker.py" not in f
    }

    def rows(d: dict[str, int]) -> list[dict[str, Any]]:
        return [
            {"frame": f, "samples": v, "share": round(v / (total or 1), 3)}
            for f, v in sorted(d.items(), key=lambda kv: -kv[1])[:top]
        ]

    from frontline.agents import AGENTS  # the agent functions, by name

    agents = {
        f.split(" ", 1)[0]: round(v / (total or 1), 3)
        for f, v in incl_n.items()
        if "frontline/agents.py" in f and f.split(" ", 1)[0] in AGENTS
    }
    return {
        "tool": "py-spy",
        "by_agent": dict(sorted(agents.items(), key=lambda kv: -kv[1])),
        "samples": total,
        "seconds": round(seconds, 2),
        "busy_share": round(total / (rate * seconds), 3) if seconds else None,
        "by_component": {
            k: round(v / (total or 1), 3) for k, v in sorted(comp_n.items(), key=lambda kv: -kv[1])
        },
        "top_self": rows(self_n),
        "top_inclusive_frontline": rows(ours),
    }
