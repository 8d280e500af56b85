"""Produce articles to `articles.raw` from a file (JSONL or plain `date YYYY-MM-DD text`).

Lines are read and checked exactly as `frontline extract` reads them (`frontline.inputs`):
a line over the size limit is reported by number and not sent (the broker would refuse it);
any other bad line is reported and sent as-is, so the validate agent dead-letters it with its
reason and the original bytes.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from pathlib import Path

import orjson
from tqdm import tqdm

from frontline import topics
from frontline.articles import InvalidArticle, check_size, read_input_line
from frontline.inputs import Report, read_lines
from frontline.settings import Settings

BROKER_MAX_REQUEST = 1_048_576  # Kafka's default message.max.bytes / max.request.size


def records(path: Path, max_bytes: int, report: Report) -> Iterator[tuple[bytes | None, bytes]]:
    """(key, value) per line to send; every bad line is reported with its number."""
    with path.open("rb") as f:
        for line in read_lines(f, max_bytes):
            report.lines += 1
            try:
                if line.data is None:
                    check_size(line.size, max_bytes)
                got = read_input_line(line.data or b"", max_bytes)
                if got is None:
                    continue
                key = str(got[0].get("id", "")).encode() or None
                value = orjson.dumps(got[0])
                check_size(len(value), max_bytes)  # a plain line grows a little as JSON
            except InvalidArticle as exc:
                if exc.reason == "too_large":
                    report.reject(line.number, exc, " (not sent)")
                    continue
                report.reject(line.number, exc, " (sent as-is: dead-lettered by the worker)")
                yield None, line.data or b""
                continue
            report.valid += 1
            yield key, value


def ingest_file(
    settings: Settings, path: Path, rate: float = 0.0, report: Report | None = None
) -> tuple[int, Report]:
    """Send every line of path (paced at `rate`/s when > 0); (records produced, report)."""
    from kafka import KafkaProducer

    from frontline import security

    report = report or Report("ingest")
    producer = KafkaProducer(
        bootstrap_servers=settings.bootstrap_servers,
        linger_ms=5,
        acks="all",
        retries=5,
        **security.checked_kwargs(settings),
        max_request_size=max(BROKER_MAX_REQUEST, settings.max_article_bytes + 65_536),
    )
    name = topics.topic_name(topics.ARTICLES_RAW, settings.topic_prefix)
    n = 0
    t0 = time.monotonic()
    try:
        recs = records(path, settings.max_article_bytes, report)
        for key, value in tqdm(recs, unit="art", disable=not sys.stderr.isatty(), desc="ingest"):
            producer.send(name, key=key, value=value)
            n += 1
            if rate > 0:
                delay = t0 + n / rate - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
        producer.flush()
    finally:
        producer.close()
    return n, report
