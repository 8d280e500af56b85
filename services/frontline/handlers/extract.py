"""articles.valid -> events.territorial: de-duplicate, extract, order, count; what a version
produced also goes to articles.versions (keyed by article id) for the revise agent."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, MutableMapping
from typing import Any

from frontline import dedup, revisions
from frontline.articles import InvalidArticle, dead_letter
from frontline.handlers import Record, Result
from frontline.metrics import inc, observe
from frontline.models import Article, ArticleVersion, Event, ValidArticle
from frontline.ordering import in_apply_order

log = logging.getLogger(__name__)
Extractor = Callable[[Article], list[Event]]


def handle(
    seen: MutableMapping[str, Any],
    va: ValidArticle,
    rec: Record,
    n: int,
    ttl_days: float,
    partitions: int,
    extractor: Extractor,
    now: Callable[[], float] = time.time,
    timer: Callable[[], float] = time.perf_counter,
) -> Result:
    """The events of a first-seen article in apply order; `n` counts the stream's records."""
    if dedup.expiry_due(n):
        dedup.expire(seen, rec.partition, partitions, now() - ttl_days * 86400)
    first = dedup.admit(seen, va.fingerprint, rec.partition, rec.offset, now())
    if not first and va.revises is None:  # a revision is never a duplicate (A, B, A again)
        return Result(marks=[inc("articles", "duplicate")])
    t0 = timer()
    try:
        events, withdrawn = revisions.revised(va.article, va.revises, extractor)
    except Exception as exc:  # never let one article crash the worker
        log.exception("extraction failed for %s", va.article.id)
        err = InvalidArticle("extraction_error", repr(exc)[:500])
        dl = dead_letter(va.article.model_dump_json().encode(), err, rec.topic)
        return Result(
            [["dlq", va.article.id, dl.model_dump_json(), None]], [inc("dlq", err.reason)]
        )
    res = Result(marks=[observe("latency", timer() - t0, "extract")])
    if va.revises is None and not va.article.retracted:  # validate counted the revision
        res.marks.append(inc("articles", "ok"))
    events = in_apply_order(events)
    for e in events:
        res.outs.append(["events", e.location.key, e.model_dump_json(), None])
        res.marks.append(inc("events", e.type.value, e.actor.kind.value, e.location.country_code))
    for e in withdrawn:
        res.outs.append(["events", e.location.key, e.model_dump_json(), None])
        res.marks.append(inc("events", "retracted", e.actor.kind.value, e.location.country_code))
    if events or va.revises is not None or va.article.retracted:
        # After the events: the revise agent may retract them once a newer version is seen.
        v = ArticleVersion(
            article_id=va.article.id, fingerprint=va.fingerprint, seq=va.seq,
            retracted=va.article.retracted, events=events,
        )  # fmt: skip
        res.outs.append(["article_versions", va.article.id, v.model_dump_json(), None])
    if events or withdrawn:
        res.marks.append(observe("latency", max(0.0, now() - va.received_ts), "e2e"))
    return res
