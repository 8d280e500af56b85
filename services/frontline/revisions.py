"""Corrections and retractions: which events a new version of an article takes back.

An article re-sent with its id and a new text (a correction) or with `retracted: true`
revises what its previous version produced. The validate handler remembers each id's last
version (`remember`); the extract handler extracts both and publishes, for every event of the
old version the new one lacks, a retraction (`retraction_of`) keyed like the original so it
follows it on its partition (docs/consumers.md, contract 1.2).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, MutableMapping
from typing import Any

from frontline.models import Article, Event

Extractor = Callable[[Article], list[Event]]


def remember(
    versions: MutableMapping[str, Any],
    article: Article,
    fp: str,
    partition: int,
    offset: int,
    now: float,
) -> Article | None:
    """Record `article` as its id's latest version; return the version it revises, if any.

    A redelivered record (same partition and offset) gets the answer it got the first time;
    the same text again is no revision.
    """
    entry = versions.get(article.id)
    if entry is not None and (entry.get("p"), entry.get("o")) == (partition, offset):
        prev = entry.get("previous")
        return Article.model_validate(prev) if prev else None
    if entry is not None and entry.get("fp") == fp:
        return None
    previous = Article.model_validate(entry["article"]) if entry is not None else None
    versions[article.id] = {
        "fp": fp,
        "t": now,
        "p": partition,
        "o": offset,
        "article": article.model_dump(mode="json"),
        "previous": previous.model_dump(mode="json") if previous is not None else None,
    }
    return previous


def retraction_of(e: Event) -> Event:
    """The event that takes `e` back: same place (key) and content, its own id."""
    rid = hashlib.blake2b(f"retracts:{e.event_id}".encode(), digest_size=12).hexdigest()
    return e.model_copy(update={"event_id": rid, "revision": "retracted", "retracts": e.event_id})


def revised(
    article: Article, previous: Article | None, extractor: Extractor
) -> tuple[list[Event], list[Event]]:
    """(retractions, events) of a version: nothing of a retracted one, and the retractions of
    the old version's events it lacks. A retraction with no known previous version withdraws
    what its own text gives (publishers often re-send the text with the flag)."""
    events = [] if article.retracted else extractor(article)
    if previous is None and not article.retracted:
        return [], events
    old = previous or article.model_copy(update={"retracted": False})
    before = [] if old.retracted or not old.text else extractor(old)
    keep = {e.event_id for e in events}
    return [retraction_of(e) for e in before if e.event_id not in keep], events
