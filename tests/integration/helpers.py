"""Produce to and read from the real broker in tests."""

from __future__ import annotations

import time
from collections.abc import Callable

import orjson
from kafka import KafkaConsumer, KafkaProducer

from frontline import security, topics
from frontline.settings import Settings


def produce(
    s: Settings,
    records: list[tuple[bytes | None, bytes]],
    spec: topics.TopicSpec = topics.ARTICLES_RAW,
) -> None:
    p = KafkaProducer(bootstrap_servers=s.bootstrap_servers, acks="all")
    name = topics.topic_name(spec, s.topic_prefix)
    for key, value in records:
        p.send(name, key=key, value=value)
    p.flush()
    p.close()


def article(id_: str, published: str, text: str) -> tuple[bytes, bytes]:
    return id_.encode(), orjson.dumps({"id": id_, "published": published, "text": text})


def consume_until(
    s: Settings,
    spec: topics.TopicSpec,
    done: Callable[[list[dict]], bool],
    timeout: float = 60.0,
    settle: float = 0.0,
) -> list[dict]:
    """Read a topic from the start until `done(messages)` holds, then `settle` more seconds."""
    c = KafkaConsumer(
        topics.topic_name(spec, s.topic_prefix),
        bootstrap_servers=s.bootstrap_servers,
        group_id=None,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        **security.client_kwargs(s),
    )
    out: list[dict] = []
    deadline = time.monotonic() + timeout
    settled_at: float | None = None
    try:
        while time.monotonic() < deadline:
            for msgs in c.poll(timeout_ms=200).values():
                out.extend(orjson.loads(m.value) for m in msgs)
            if settled_at is None and done(out):
                settled_at = time.monotonic()
            if settled_at is not None and time.monotonic() - settled_at >= settle:
                return out
        return out
    finally:
        c.close()
