"""articles.versions -> events.territorial: the retractions of the events a newer version of
an article (a correction or a retraction) no longer gives, and the re-assertions of those a
later version gives again (`frontline.revisions.supersede`)."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from frontline import dedup, revisions
from frontline.handlers import Record, Result
from frontline.metrics import inc
from frontline.models import ArticleVersion


def handle(
    table: MutableMapping[str, Any],
    v: ArticleVersion,
    rec: Record,
    now: float,
    n: int = 0,
    ttl_days: float = 0.0,
    partitions: int = 1,
) -> Result:
    """Retractions and re-assertions keyed like their originals. `table`: article id ->
    newest version's events (co-partitioned with articles.versions, keyed by article id);
    entries older than `ttl_days` are forgotten on the `seen` schedule (`n` counts the
    stream's records)."""
    if n > 0 and ttl_days > 0 and dedup.expiry_due(n):
        dedup.expire(table, rec.partition, partitions, now - ttl_days * 86400)
    res = Result()
    for e in revisions.supersede(table, v, rec.partition, rec.offset, now):
        res.outs.append(["events", e.location.key, e.model_dump_json(), None])
        what = "retracted" if e.revision == "retracted" else e.type.value
        res.marks.append(inc("events", what, e.actor.kind.value, e.location.country_code))
    return res
