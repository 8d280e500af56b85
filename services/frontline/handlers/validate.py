"""articles.raw -> articles.valid: parse and fingerprint, or dead-letter; a re-sent id with a
new text or `retracted: true` carries the fingerprint it revises (`frontline.revisions`)."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from frontline import dedup, revisions
from frontline.articles import InvalidArticle, fingerprint, parse_record
from frontline.handlers import Record, Result, dead_lettered
from frontline.metrics import inc
from frontline.models import ValidArticle


def handle(
    value: bytes | None,
    rec: Record,
    max_bytes: int,
    now: float,
    versions: MutableMapping[str, Any] | None = None,
    n: int = 0,
    ttl_days: float = 0.0,
    partitions: int = 1,
) -> Result:
    """A valid article keyed by its fingerprint, stamped with its produce time (or `now`).

    `versions` (article id -> last fingerprint, no text; a table co-partitioned with
    articles.raw, which is keyed by article id) turns a re-sent id into a revision; None keeps
    no memory. Versions
    older than `ttl_days` are forgotten on the `seen` schedule (`n` counts the stream's records):
    a correction after that is taken as a new article.
    """
    if versions is not None and n > 0 and ttl_days > 0 and dedup.expiry_due(n):
        dedup.expire(versions, rec.partition, partitions, now - ttl_days * 86400)
    try:
        article = parse_record(value, max_bytes)
    except InvalidArticle as err:
        res = dead_lettered(value, err, rec)
        res.marks.insert(0, inc("articles", "invalid"))
        return res
    fp = fingerprint(article)
    revises = None
    if versions is not None:
        revises = revisions.remember(versions, article.id, fp, rec.partition, rec.offset, now)
    va = ValidArticle(
        fingerprint=fp,
        received_ts=rec.timestamp or now,
        article=article,
        revises=revises,
        seq=rec.offset,
    )
    res = Result([["valid", fp, va.model_dump_json(), None]])
    if revises is not None or article.retracted:
        res.marks.append(inc("articles", "retracted" if article.retracted else "corrected"))
    return res
