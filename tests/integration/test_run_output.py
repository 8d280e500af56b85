"""What `frontline run` prints: a feed-done line counted by the worker, one control line per
change (a withdrawal-then-capture in one article is one line), DLQ lines naming the article."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from frontline_dev.kafka_local import free_port

from .test_demo import Run, _env

pytestmark = [pytest.mark.integration, pytest.mark.timeout(300)]
FEED = Path(__file__).parents[1] / "fixtures" / "run" / "feed.jsonl"
DONE = re.compile(r"feed done: 5 articles, (\d+) events, 1 dead letters")


def test_run_says_when_the_feed_is_done_and_prints_one_line_per_change(tmp_path: Path) -> None:
    run = Run(_env(tmp_path, free_port()), "--feed", str(FEED))
    try:
        ok = run.until(
            lambda ls: (
                any(DONE.search(x) for x in ls)
                and any("CONTROL" in x and "Damascus" in x for x in ls)
                and any("DLQ" in x for x in ls)
            ),
            180,
        )
        run.ctrl_c()
        out = run.finish()
    finally:
        run.kill()
    assert ok, out[-3000:]
    events = [x for x in out.splitlines() if x.startswith("EVENT")]
    assert int(DONE.search(out).group(1)) == len(events) >= 3, out[-3000:]
    # Three places change hands by withdrawal-then-capture, on different partitions whose
    # changes interleave: one line each.
    for place in ("Homs", "Aleppo", "Damascus"):
        lines = [x for x in out.splitlines() if x.startswith("CONTROL") and place in x]
        assert len(lines) == 1, (place, out[-3000:])
        assert "⇒ Hayat Tahrir al-Sham (withdrawal, capture)" in lines[0], lines
    assert len([x for x in out.splitlines() if x.startswith("CONTROL") and "Rastan" in x]) == 1
    dlq = [x for x in out.splitlines() if x.startswith("DLQ")]
    assert len(dlq) == 1 and 'article rf-bad "Broken dateline"' in dlq[0], dlq
