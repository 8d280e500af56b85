"""Headless Chromium (Debian's package) for page tests: DOM dumps and screenshots."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from pathlib import Path

SCRIPT = Path(__file__).parents[2] / "scripts" / "ensure-chromium.sh"


def find() -> str | None:
    """The chromium binary, installing Debian's package first when it is missing."""
    if not shutil.which("chromium"):
        subprocess.run(["bash", str(SCRIPT)], check=False, timeout=600)
    return shutil.which("chromium")


def run(binary: str, url: str, profile: Path, *args: str, timeout: float = 90.0) -> bytes:
    """Load `url`, let its scripts run (virtual time), return stdout; the process group dies."""
    cmd = [
        binary,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
        "--no-first-run",
        f"--user-data-dir={profile}",
        "--window-size=1400,900",
        "--virtual-time-budget=20000",
        *args,
        url,
    ]
    p = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        out, _ = p.communicate(timeout=timeout)
    finally:
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait(5)
    return out
