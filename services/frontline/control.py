"""Who controls each place now: a pure state transition per event.

Rule (documented in docs/aggregation.md):
- denied events and events below `min_confidence` never change control;
- `capture` by A makes A the controller; `withdrawal` by the current (or unknown)
  controller A leaves the place with no known controller;
- a `claimed` change needs corroboration by a second, distinct article;
- `holds` and `reinforcement` only set the controller of a place not seen before
  (they state the status quo, they are not a change);
- an event dated before the current state never overrides it (late, older news);
- repeated reports of the same change publish nothing: the controller is already A;
- an event id already applied to the place is never applied again (a redelivered or
  re-extracted event), so replaying a place's events from any point is idempotent.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from frontline.models import Actor, ControlChange, ControlState, Event, EventType, Status

MAX_EVIDENCE = 20
MAX_APPLIED = 2000
CORROBORATION = 2


def change_id(location_key: str, prev: Actor | None, new: Actor | None, since: dt.date) -> str:
    raw = "\x1f".join(
        (location_key, prev.name if prev else "-", new.name if new else "-", since.isoformat())
    )
    return hashlib.blake2b(raw.encode(), digest_size=12).hexdigest()


def _event_date(ev: Event) -> dt.date:
    return ev.date or ev.published.date()


def _with_evidence(state: ControlState, ev: Event) -> ControlState:
    if ev.event_id in state.event_ids:
        return state
    ids = [*state.event_ids, ev.event_id][-MAX_EVIDENCE:]
    return state.model_copy(update={"event_ids": ids})


def apply_event(
    prev: ControlState | None, ev: Event, min_confidence: float = 0.5
) -> tuple[ControlState | None, ControlChange | None]:
    """Return the new table row (or `prev` unchanged) and the change to publish, if any.

    An event already applied to this place returns `prev` and no change: after a crash the
    worker sees events again (redelivered offsets, re-extracted articles), and re-applying
    e.g. an earlier capture on top of a later one would flip the controller back.
    """
    if prev is not None and ev.event_id in prev.applied:
        return prev, None
    new, change = _apply(prev, ev, min_confidence)
    if new is None:
        return new, change
    return _remember(new, prev, ev), change


def _remember(new: ControlState, prev: ControlState | None, ev: Event) -> ControlState:
    """Record the event id; ids dated before `since` can go (the rule ignores older events)."""
    when = _event_date(ev)
    if when < new.since:
        return new
    cut = new.since.isoformat()
    old = prev.applied if prev is not None else {}
    applied = {k: d for k, d in old.items() if d >= cut}
    applied[ev.event_id] = when.isoformat()
    if len(applied) > MAX_APPLIED:
        applied = dict(sorted(applied.items(), key=lambda kv: kv[1])[-MAX_APPLIED:])
    return new.model_copy(update={"applied": applied})


def _apply(
    prev: ControlState | None, ev: Event, min_confidence: float
) -> tuple[ControlState | None, ControlChange | None]:
    if ev.status is Status.denied or ev.confidence < min_confidence:
        return prev, None
    when = _event_date(ev)
    if prev is not None and when < prev.since:
        return prev, None
    if ev.type in (EventType.holds, EventType.reinforcement):
        return _presence(prev, ev, when), None
    if ev.type is EventType.capture and prev is not None and _held_by(prev, ev.actor):
        return _with_evidence(prev, ev), None
    move = _move(prev, ev)
    if move is None:
        return prev, None
    new_controller, previous = move
    article_ids = [ev.article_id]
    if ev.status is Status.claimed:
        waiting, article_ids = _corroboration(prev, ev, when)
        if waiting is not None:
            return waiting, None
    return _changed(prev, ev, when, new_controller, previous, article_ids)


def _held_by(prev: ControlState, actor: Actor) -> bool:
    return prev.controller is not None and prev.controller.name == actor.name


def _presence(prev: ControlState | None, ev: Event, when: dt.date) -> ControlState:
    """Holds/reinforcement: the first report sets the holder; the holder's report adds evidence."""
    if prev is None:
        return _new_state(ev, ev.actor, when)
    return _with_evidence(prev, ev) if _held_by(prev, ev.actor) else prev


def _move(prev: ControlState | None, ev: Event) -> tuple[Actor | None, Actor | None] | None:
    """(new controller, previous) of a capture, or of a withdrawal by the holder; else None."""
    if ev.type is EventType.capture:
        return ev.actor, (prev.controller if prev else None)
    if ev.type is EventType.withdrawal and (prev is None or _held_by(prev, ev.actor)):
        return None, ev.actor
    return None


def _corroboration(
    prev: ControlState | None, ev: Event, when: dt.date
) -> tuple[ControlState | None, list[str]]:
    """A claim waits for a second article: (the row with the claim pending, []) until then,
    (None, the corroborating articles) when it makes the change."""
    pending = dict(prev.pending) if prev else {}
    key = f"{ev.type.value}:{ev.actor.name}"
    articles = pending.get(key, [])
    if ev.article_id not in articles:
        articles = [*articles, ev.article_id]
    pending[key] = articles
    if len(articles) < CORROBORATION:
        base = prev or _new_state(ev, None, when)
        return base.model_copy(update={"pending": pending}), []
    return None, articles


def _changed(
    prev: ControlState | None,
    ev: Event,
    when: dt.date,
    new_controller: Actor | None,
    previous: Actor | None,
    article_ids: list[str],
) -> tuple[ControlState, ControlChange]:
    state = ControlState(
        location=ev.location,
        controller=new_controller,
        since=when,
        event_ids=[ev.event_id],
        confidence=ev.confidence,
        importance=ev.importance,
        changes=(prev.changes if prev else 0) + 1,
    )
    change = ControlChange(
        change_id=change_id(ev.location.key, previous, new_controller, when),
        location=ev.location,
        previous_controller=previous,
        controller=new_controller,
        since=when,
        cause=ev.type,
        event_ids=[ev.event_id],
        confidence=ev.confidence,
        importance=ev.importance,
        article_ids=article_ids,
    )
    return state, change


def _new_state(ev: Event, controller: Actor | None, when: dt.date) -> ControlState:
    return ControlState(
        location=ev.location,
        controller=controller,
        since=when,
        event_ids=[ev.event_id],
        confidence=ev.confidence,
        importance=ev.importance,
    )
