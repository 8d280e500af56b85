"""Time a secured local broker's start and how fast each CLI command reports a bad login.

Usage: .venv/bin/python scripts/security_timings.py   (starts and stops its own broker;
figures quoted in docs/reliability.md, "Security").
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from frontline_dev import kafka_local


def cli(env: dict[str, str], *args: str) -> tuple[int, float, str]:
    t0 = time.monotonic()
    run = subprocess.run(
        [sys.executable, "-m", "frontline.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    lines = (run.stdout + run.stderr).strip().splitlines() or [""]
    return run.returncode, time.monotonic() - t0, lines[-1][:110]


def main() -> None:
    cache = Path(os.environ.get("FRONTLINE_CACHE_DIR", Path.home() / ".cache" / "frontline"))
    state = Path(tempfile.mkdtemp(prefix="frontline-sec-timings-"))
    password = secrets.token_urlsafe(18)
    try:
        t0 = time.monotonic()
        kafka_local.make_tls_material(state / "probe-tls")
        print(f"keytool CA + broker keystore: {time.monotonic() - t0:.1f} s")
        t0 = time.monotonic()
        sec = kafka_local.LocalSecurity("timings", password, tls=True)
        info = kafka_local.start(state / "kafka", cache, security=sec)
        print(f"secured broker start (keytool included): {time.monotonic() - t0:.1f} s")
        feed = state / "feed.jsonl"
        feed.write_text('{"id": "a", "published": "2024-01-01", "text": "x"}\n')
        env = {
            **os.environ,
            "FRONTLINE_BROKER": f"kafka://{info.bootstrap}",
            "FRONTLINE_TOPIC_PREFIX": "timings.",
            "FRONTLINE_SECURITY_PROTOCOL": "SASL_PLAINTEXT",
            "FRONTLINE_SASL_USERNAME": "timings",
            "FRONTLINE_SASL_PASSWORD": "wrong-" + secrets.token_urlsafe(8),
        }
        for args in (("topics",), ("ingest", str(feed)), ("watch", "--timeout", "1"), ("worker",)):
            rc, took, last = cli(env, *args)
            print(f"wrong password, {args[0]:7}: exit {rc} in {took:4.1f} s | {last}")
        rc, took, _ = cli({**env, "FRONTLINE_SASL_PASSWORD": password}, "topics")
        print(f"right password, topics : exit {rc} in {took:4.1f} s")
        rc, took, last = cli({**env, "FRONTLINE_SECURITY_PROTOCOL": "PLAINTEXT"}, "topics")
        print(f"no login (PLAINTEXT), topics: exit {rc} in {took:4.1f} s | {last}")
    finally:
        kafka_local.stop(state / "kafka")
        shutil.rmtree(state, ignore_errors=True)


if __name__ == "__main__":
    main()
