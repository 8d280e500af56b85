"""articles.raw -> articles.valid: parse and fingerprint, or dead-letter."""

from __future__ import annotations

from frontline.articles import InvalidArticle, fingerprint, parse_record
from frontline.handlers import Record, Result, dead_lettered
from frontline.metrics import inc
from frontline.models import ValidArticle


def handle(value: bytes | None, rec: Record, max_bytes: int, now: float) -> Result:
    """A valid article keyed by its fingerprint, stamped with its produce time (or `now`)."""
    try:
        article = parse_record(value, max_bytes)
    except InvalidArticle as err:
        res = dead_lettered(value, err, rec)
        res.marks.insert(0, inc("articles", "invalid"))
        return res
    fp = fingerprint(article)
    va = ValidArticle(fingerprint=fp, received_ts=rec.timestamp or now, article=article)
    return Result([["valid", fp, va.model_dump_json(), None]])
