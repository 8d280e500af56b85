"""`frontline ingest-feed` through the real broker and worker; a re-run with state sends nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from frontline import feeds, topics
from frontline_dev.procs import WorkerProcess, settings_env

from .helpers import consume_until

pytestmark = pytest.mark.integration
FEEDS = Path(__file__).parents[1] / "fixtures" / "feeds"


PLACES = {"Saraqib", "Damascus", "Homs", "Ar Rastan"}


def _ingest(s, *args: str) -> str:
    env = {**os.environ, **settings_env(s)}
    cmd = [sys.executable, "-m", "frontline.cli", "ingest-feed", *args]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120, check=True)
    return done.stderr


def test_feeds_files_and_directories_become_events(stream_settings, tmp_path):
    s = stream_settings
    state = tmp_path / "feed-state.json"
    ids = {i.article.id for i in feeds.collect([str(FEEDS)]) if i.article}
    with WorkerProcess(s, log_path=tmp_path / "worker.log").start():
        first = _ingest(s, str(FEEDS), "--state", str(state), "--rate", "50")
        events = consume_until(  # events are keyed by place: wait for every one expected
            s,
            topics.EVENTS_TERRITORIAL,
            lambda m: (
                {e["article_id"] for e in m} >= ids and {e["location"]["name"] for e in m} >= PLACES
            ),
            timeout=90,
        )
        again = _ingest(s, str(FEEDS), "--state", str(state))
        raw = consume_until(s, topics.ARTICLES_RAW, lambda m: len(m) >= len(ids), settle=2)

    assert f"6 produced to {s.topic_prefix}articles.raw (6 new, 0 changed)" in first, first
    assert "2 failed" in first and "unreadable line" in first
    assert "0 produced" in again and "6 unchanged" in again, again
    assert len(raw) == len(ids) == 6  # the re-run sent nothing
    by_article = {(e["article_id"], e["location"]["name"]) for e in events}
    places = {name for _, name in by_article}
    assert places >= PLACES, by_article
    assert {e["article_id"] for e in events} >= ids
