"""Operational errors end in one clear line, quickly, with a non-zero exit (no tracebacks)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from frontline import topics
from frontline.settings import Settings
from frontline_dev.kafka_local import free_port
from tests.integration.helpers import consume_until

pytestmark = pytest.mark.integration

GOOD = {"id": "g1", "published": "2024-11-30", "text": "Rebels captured Aleppo."}


def _cli(args: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "frontline.cli", *args],
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def test_no_broker_is_one_line_within_seconds(tmp_path: Path) -> None:
    port = free_port()  # nothing listens here
    bootstrap = f"127.0.0.1:{port}"
    feed = tmp_path / "a.jsonl"
    feed.write_text(json.dumps(GOOD) + "\n")
    env = {"FRONTLINE_BROKER": f"kafka://{bootstrap}", "FRONTLINE_STATE_DIR": str(tmp_path)}
    commands = {
        "watch": ["watch"],
        "ingest": ["ingest", str(feed)],
        "topics": ["topics"],
        "worker": ["worker", "--web-port", str(free_port())],
    }
    t0 = time.monotonic()
    procs = {name: _cli(args, env) for name, args in commands.items()}  # side by side
    results = {}
    try:
        for name, p in procs.items():
            out, err = p.communicate(timeout=60)
            results[name] = (p.returncode, out, err, time.monotonic() - t0)
    finally:
        for p in procs.values():
            if p.poll() is None:
                os.killpg(p.pid, 9)
                p.wait()
    for name, (code, _out, err, seconds) in results.items():
        lines = [x for x in err.splitlines() if x.strip()]
        assert code != 0, f"{name}: exit 0"
        assert len(lines) == 1, f"{name}: {len(lines)} stderr lines:\n{err[-1500:]}"
        assert bootstrap in lines[0] and "frontline kafka start" in lines[0], lines[0]
        # four commands ran side by side on a busy machine; each waits at most ~5 s
        assert seconds < 30, f"{name} took {seconds:.0f}s"


def test_ingest_rejects_a_21mb_line_by_number_and_sends_the_rest(
    stream_settings: Settings, tmp_path: Path
) -> None:
    s = stream_settings
    feed = tmp_path / "feed.jsonl"
    huge = {**GOOD, "id": "huge", "text": "Rebels captured Aleppo, then Hama. " * 617_000}
    with feed.open("w") as f:
        for row in (GOOD, huge, {**GOOD, "id": "g3"}):
            f.write(json.dumps(row) + "\n")
        f.write("date 2024-11-30 Rebels captured Homs.\n")
    env = {"FRONTLINE_BROKER": s.broker, "FRONTLINE_TOPIC_PREFIX": s.topic_prefix}
    p = _cli(["ingest", str(feed)], env)
    _, err = p.communicate(timeout=120)
    assert p.returncode == 0, err[-2000:]
    assert "Traceback" not in err
    assert "line 2: too_large:" in err and "> 1000000" in err
    assert "3 valid, 1 bad" in err
    got = consume_until(s, topics.ARTICLES_RAW, lambda m: len(m) >= 3, timeout=30, settle=1)
    assert sorted(m["id"] for m in got)[:2] == ["g1", "g3"] and len(got) == 3


def test_ingest_of_nothing_valid_exits_non_zero(stream_settings: Settings, tmp_path) -> None:
    s = stream_settings
    feed = tmp_path / "bad.txt"
    feed.write_bytes(b"\xff\xfe binary\nyesterday rebels took Homs\n")
    env = {"FRONTLINE_BROKER": s.broker, "FRONTLINE_TOPIC_PREFIX": s.topic_prefix}
    p = _cli(["ingest", str(feed)], env)
    _, err = p.communicate(timeout=60)
    assert p.returncode == 1, err
    assert "line 1: not_utf8" in err and "line 2: not_json" in err
    assert "no valid article" in err
