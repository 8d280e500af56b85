"""Produce articles to `articles.raw` from a file (JSONL or plain `date YYYY-MM-DD text`)."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from pathlib import Path

import orjson
from tqdm import tqdm

from frontline import topics
from frontline.articles import parse_line
from frontline.settings import Settings


def records(path: Path) -> Iterator[tuple[bytes | None, bytes]]:
    """(key, value) per line; unreadable lines are passed through raw so the DLQ keeps them."""
    with path.open("rb") as f:
        for lineno, raw in enumerate(f, 1):
            line = raw.decode("utf-8", "replace")
            try:
                data = parse_line(line, lineno)
            except ValueError:
                yield None, raw.rstrip(b"\n")
                continue
            if data is None:
                continue
            key = str(data.get("id", "")).encode() or None
            yield key, orjson.dumps(data)


def ingest_file(settings: Settings, path: Path, rate: float = 0.0) -> tuple[int, int]:
    from kafka import KafkaProducer

    from frontline import security

    producer = KafkaProducer(
        bootstrap_servers=settings.bootstrap_servers,
        linger_ms=5,
        acks="all",
        retries=5,
        **security.checked_kwargs(settings),
    )
    name = topics.topic_name(topics.ARTICLES_RAW, settings.topic_prefix)
    n = bad = 0
    t0 = time.monotonic()
    recs = list(records(path))
    for key, value in tqdm(recs, unit="art", disable=not sys.stderr.isatty(), desc="ingest"):
        producer.send(name, key=key, value=value)
        n += 1
        bad += key is None
        if rate > 0:
            delay = t0 + n / rate - time.monotonic()
            if delay > 0:
                time.sleep(delay)
    producer.flush()
    producer.close()
    return n, bad
