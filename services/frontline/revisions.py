"""Corrections and retractions: which events a new version of an article takes back.

An article re-sent with its id and a new text (a correction) or with `retracted: true`
revises what its previous version produced. Three small steps, each on a table keyed like its
source topic (docs/consumers.md, contract 1.2):

- validate (`remember`, articles.raw keyed by article id): article id -> last fingerprint, so a
  new text is a revision (never dropped as a duplicate) and carries its order (`seq`);
- extract (`revised`): the events of the version, and an `ArticleVersion` record of them sent on
  `articles.versions`, keyed by article id;
- revise (`supersede`): article id -> the events of the newest version seen; the events a
  newer version lacks are retracted (`retraction_of`), keyed like the original so the retraction
  follows it on its partition; those a later version gives again are re-asserted under a new id
  (`reassertion_of`), because a retracted id stays retracted. No text is kept and no old text
  is re-extracted.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, MutableMapping
from typing import Any

from frontline.models import Article, ArticleVersion, Event

Extractor = Callable[[Article], list[Event]]


def remember(
    versions: MutableMapping[str, Any],
    article_id: str,
    fp: str,
    partition: int,
    offset: int,
    now: float,
) -> str | None:
    """Record `fp` as the id's latest version; return the fingerprint it revises, if any.

    A redelivered record (same partition and offset) gets the answer it got the first time;
    the same text again is no revision. The entry holds no text: [fp, revises, p, o, t].
    """
    entry = versions.get(article_id)
    if entry is not None and (entry["p"], entry["o"]) == (partition, offset):
        return entry.get("rv")
    if entry is not None and entry["fp"] == fp:
        return None
    rv = entry["fp"] if entry is not None else None
    versions[article_id] = {"fp": fp, "rv": rv, "p": partition, "o": offset, "t": now}
    return rv


def retraction_of(e: Event) -> Event:
    """The event that takes `e` back: same place (key) and content, its own id."""
    rid = hashlib.blake2b(f"retracts:{e.event_id}".encode(), digest_size=12).hexdigest()
    return e.model_copy(update={"event_id": rid, "revision": "retracted", "retracts": e.event_id})


def revised(
    article: Article, revises: str | None, extractor: Extractor
) -> tuple[list[Event], list[Event]]:
    """(events, withdrawn) of a version: a retracted one gives no events. A retraction of an
    unknown version withdraws what its own text gives (publishers often re-send the text with
    the flag); the events of a known version are withdrawn by `supersede`."""
    if not article.retracted:
        return extractor(article), []
    if revises is not None or not article.text:
        return [], []
    own = extractor(article.model_copy(update={"retracted": False}))
    return [], [retraction_of(e) for e in own]


def reassertion_of(e: Event, seq: int) -> Event:
    """`e` published again after it was retracted: a new id, since a retracted id stays
    retracted for every consumer (control skips it as a late original)."""
    rid = hashlib.blake2b(f"reasserts:{e.event_id}:{seq}".encode(), digest_size=12).hexdigest()
    return e.model_copy(update={"event_id": rid})


def supersede(
    table: MutableMapping[str, Any], v: ArticleVersion, partition: int, offset: int, now: float
) -> list[Event]:
    """Keep the newest version's events per article id; return what to publish for it.

    A newer version retracts the stored events it lacks, and re-asserts under a new id those
    it gives again after an earlier version retracted them (A, B, A); a late older one
    (versions of an id are extracted on different partitions) retracts its own events the
    stored one lacks; the same version again sends nothing. A redelivered record sends again
    what it sent. Entry: {"fp", "seq", "t", "p", "o", "events": [live event JSON],
    "sent": [event JSON], "gone": [retracted ids], "alias": {extracted id: live id}}.
    """
    entry = table.get(v.article_id)
    if entry is not None and (entry["p"], entry["o"]) == (partition, offset):
        return [Event.model_validate_json(j) for j in entry.get("sent", [])]
    alias: dict[str, str] = dict(entry.get("alias", {})) if entry is not None else {}
    old = [Event.model_validate_json(j) for j in entry["events"]] if entry is not None else []
    live = {e.event_id for e in old}
    new = {e.event_id: e for e in v.events}
    if entry is not None and v.seq <= entry["seq"]:
        if v.seq == entry["seq"]:
            return []
        return [retraction_of(e) for i, e in new.items() if alias.get(i, i) not in live]
    gone_ids = set(entry.get("gone", [])) if entry is not None else set()
    events, again = _live_events(new, live, alias, gone_ids, v.seq)
    kept = {e.event_id for e in events}
    gone = [retraction_of(e) for e in old if e.event_id not in kept]
    gone_ids |= {e.event_id for e in old if e.event_id not in kept}
    sent = gone + again
    table[v.article_id] = {
        "fp": v.fingerprint,
        "seq": v.seq,
        "t": now,
        "p": partition,
        "o": offset,
        "events": [e.model_dump_json() for e in events],
        **({"sent": [e.model_dump_json() for e in sent]} if sent else {}),
        **({"gone": sorted(gone_ids)} if gone_ids else {}),
        **({"alias": alias} if alias else {}),
    }
    return sent


def _live_events(
    new: dict[str, Event], live: set[str], alias: dict[str, str], gone: set[str], seq: int
) -> tuple[list[Event], list[Event]]:
    """(the version's events under the ids consumers hold live, the re-assertions among them);
    `alias` learns the new id of each re-assertion."""
    events: list[Event] = []
    again: list[Event] = []
    for i, e in new.items():
        lid = alias.get(i, i)
        if lid in live:
            events.append(e if lid == i else e.model_copy(update={"event_id": lid}))
        elif i in gone:
            r = reassertion_of(e, seq)
            alias[i] = r.event_id
            events.append(r)
            again.append(r)
        else:
            events.append(e)
    return events, again
