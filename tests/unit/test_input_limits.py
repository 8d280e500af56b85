"""A 21.6 MB line is rejected by its size without being read whole: time and memory bounded."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

# The child reports its own peak RSS after running the command (in a fresh interpreter,
# so the figure is the command's, not this test session's).
RUNNER = """
import resource, runpy, sys
sys.argv = ["frontline", *sys.argv[1:]]
try:
    runpy.run_module("frontline.cli", run_name="__main__")
except SystemExit as exc:
    code = exc.code or 0
else:
    code = 0
sys.stderr.write(f"\\nPEAK_RSS_KB {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n")
sys.exit(code)
"""
GOOD = {"id": "g1", "published": "2024-11-30", "text": "Rebels captured Aleppo."}


def _run(cmd: str, path: Path, timeout: float) -> tuple[subprocess.CompletedProcess, float, int]:
    t0 = time.monotonic()
    p = subprocess.run(
        [sys.executable, "-c", RUNNER, cmd, "--input", str(path), "--output", "-"],
        capture_output=True,
        timeout=timeout,
    )
    rss = int(p.stderr.decode().rsplit("PEAK_RSS_KB", 1)[1].split()[0])
    return p, time.monotonic() - t0, rss // 1024


@pytest.mark.external
@pytest.mark.parametrize("cmd", ["geoparse", "extract"])
def test_a_21mb_line_is_rejected_in_bounded_time_and_memory(cmd: str, tmp_path: Path) -> None:
    small = tmp_path / "small.jsonl"
    small.write_text(json.dumps(GOOD) + "\n")
    big = tmp_path / "big.jsonl"
    huge = {**GOOD, "id": "huge", "text": "Rebels captured Aleppo, then Hama. " * 617_000}
    with big.open("w") as f:
        f.write(json.dumps(GOOD) + "\n" + json.dumps(huge) + "\n" + json.dumps(GOOD) + "\n")
    size = big.stat().st_size
    assert size > 21_000_000

    base, _, base_rss = _run(cmd, small, timeout=120)
    assert base.returncode == 0, base.stderr.decode()[-2000:]
    p, seconds, rss = _run(cmd, big, timeout=120)
    err = p.stderr.decode()
    assert p.returncode == 0, err[-2000:]
    assert "Traceback" not in err
    assert "line 2: too_large:" in err and "> 1000000" in err
    assert "2 valid, 1 bad" in err
    # Never read whole: the 21 MB line adds far less than its own size to the peak RSS.
    assert rss - base_rss < 15, f"peak RSS {rss} MB vs {base_rss} MB for a one-line input"
    print(f"{cmd}: {size / 1e6:.1f} MB input in {seconds:.1f}s, peak RSS {rss} MB")
