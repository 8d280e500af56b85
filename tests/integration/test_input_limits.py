"""The validate agent enforces the same article size limit as ingest/extract/geoparse."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from frontline import topics
from frontline.settings import Settings
from frontline_dev.procs import WorkerProcess
from tests.integration.helpers import article, consume_until, produce

pytestmark = pytest.mark.integration


def test_worker_dead_letters_an_oversized_record_with_the_reason(
    stream_settings: Settings, tmp_path: Path
) -> None:
    s = stream_settings.model_copy(update={"max_article_bytes": 2000})
    big = orjson.dumps(
        {"id": "big", "published": "2024-11-30", "text": "Rebels captured Homs. " * 200}
    )
    assert 2000 < len(big) < 1_000_000  # the broker takes it; the article limit does not
    with WorkerProcess(s, log_path=tmp_path / "worker.log") as w:
        w.start()
        produce(s, [(b"big", big), article("ok", "2024-11-30", "Rebels captured Aleppo.")])
        dlq = consume_until(s, topics.ARTICLES_DLQ, lambda m: len(m) >= 1, timeout=90)
        events = consume_until(s, topics.EVENTS_TERRITORIAL, lambda m: len(m) >= 1, timeout=90)
    assert [(d["reason"], d["error"]) for d in dlq] == [("too_large", f"{len(big)} bytes > 2000")]
    assert dlq[0]["original"].encode() == big  # kept whole, not truncated
    assert {e["article_id"] for e in events} == {"ok"}
