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
  re-extracted event), so replaying a place's events from any point is idempotent;
- a retracted event is taken out of the place's log and the log re-folded with these same
  rules (`retract`): control is what the remaining evidence says.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import NamedTuple

from frontline.models import Actor, ControlChange, ControlState, Event, EventType, Status

MAX_EVIDENCE = 20
MAX_APPLIED = 2000
MAX_LOG = 32  # events kept per place for re-folding after a retraction
MAX_RETRACTED = 200
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
    if prev is not None and (ev.event_id in prev.applied or ev.event_id in prev.retracted):
        return prev, None
    base = None if prev is not None and _blank(prev) else prev
    new, change = _apply(base, ev, min_confidence)
    if new is None:
        return prev, change
    return _logged(_remember(new, base, ev), prev, ev, min_confidence), change


def _blank(state: ControlState) -> bool:
    """A row with no evidence left (all retracted, or a retraction came first): the place is
    as unknown as before its first event, only its retracted ids remain."""
    return not state.log and not state.event_ids and not state.pending


def _logged(
    new: ControlState, prev: ControlState | None, ev: Event, min_confidence: float
) -> ControlState:
    """Carry the log and retracted ids over (a change builds a fresh row) and log `ev` if it
    can decide control: older news counts too, it may win once a later event is retracted."""
    log = prev.log if prev is not None else []
    retracted = prev.retracted if prev is not None else []
    if _decisive(ev, min_confidence) and not any(ev.event_id in line for line in log):
        log = [*log, ev.model_dump_json()][-MAX_LOG:]
    if log is new.log and retracted is new.retracted:
        return new
    return new.model_copy(update={"log": log, "retracted": retracted})


def _decisive(ev: Event, min_confidence: float) -> bool:
    return ev.status is not Status.denied and ev.confidence >= min_confidence


class Retraction(NamedTuple):
    """What retracting an event does to a place: the new row, the recomputed change to publish
    (None when the controller stays), and the changes of the re-fold that disappeared
    (`superseded`: their momentum is taken back) or appeared (`added`: counted anew)."""

    state: ControlState | None
    change: ControlChange | None
    superseded: list[ControlChange]
    added: list[ControlChange]


def retract(
    prev: ControlState | None,
    event_id: str,
    min_confidence: float = 0.5,
    retraction: Event | None = None,
) -> Retraction:
    """Take `event_id` out of the place's log and re-fold the rest with `apply_event`.

    With no row yet, the `retraction` event makes a blank one that remembers the id: the
    original may still come (two versions of an article are extracted on different partitions).
    """
    if prev is None:
        if retraction is None:
            return Retraction(None, None, [], [])
        prev = _blank_row(retraction)
    if event_id in prev.retracted:
        return Retraction(prev, None, [], [])
    retracted = [*prev.retracted, event_id][-MAX_RETRACTED:]
    events = [Event.model_validate_json(line) for line in prev.log]
    if all(e.event_id != event_id for e in events):
        return Retraction(prev.model_copy(update={"retracted": retracted}), None, [], [])
    _, before = fold(events, min_confidence)
    after, changes = fold([e for e in events if e.event_id != event_id], min_confidence)
    if after is None:  # no evidence left: nobody known to hold the place
        after = prev.model_copy(
            update={"controller": None, "event_ids": [], "confidence": 0.0, "log": [],
                    "applied": {}, "pending": {}, "change_id": None}
        )  # fmt: skip
    after = after.model_copy(update={"retracted": retracted, "changes": prev.changes})
    old_ids = {c.change_id for c in before}
    new_ids = {c.change_id for c in changes}
    superseded = [c for c in before if c.change_id not in new_ids]
    added = [c for c in changes if c.change_id not in old_ids]
    change = None
    if _name(after.controller) != _name(prev.controller):
        change = _recomputed(prev, after, event_id, changes, events)
        after = after.model_copy(
            update={"change_id": change.change_id, "changes": prev.changes + 1}
        )
    return Retraction(after, change, superseded, added)


def _blank_row(ev: Event) -> ControlState:
    return ControlState(
        location=ev.location, controller=None, since=_event_date(ev), event_ids=[],
        confidence=0.0, importance=ev.importance,
    )  # fmt: skip


def fold(
    events: list[Event], min_confidence: float
) -> tuple[ControlState | None, list[ControlChange]]:
    """The row and the changes that applying `events` in order to an unknown place gives."""
    state: ControlState | None = None
    changes: list[ControlChange] = []
    for e in events:
        state, c = apply_event(state, e, min_confidence)
        if c is not None:
            changes.append(c)
    return state, changes


def _name(actor: Actor | None) -> str | None:
    return actor.name if actor is not None else None


def _recomputed(
    prev: ControlState,
    after: ControlState,
    event_id: str,
    changes: list[ControlChange],
    events: list[Event],
) -> ControlChange:
    """The change from the published controller to the re-folded one, superseding the last."""
    raw = "\x1f".join(("recomputed", prev.location.key, prev.change_id or "-", event_id))
    if changes:
        cause = changes[-1].cause
    else:
        cause = EventType.withdrawal if after.controller is None else EventType.holds
    kept = set(after.event_ids)
    return ControlChange(
        change_id=hashlib.blake2b(raw.encode(), digest_size=12).hexdigest(),
        location=prev.location,
        previous_controller=prev.controller,
        controller=after.controller,
        since=after.since,
        cause=cause,
        event_ids=list(after.event_ids),
        confidence=after.confidence,
        importance=prev.importance,
        article_ids=list(dict.fromkeys(e.article_id for e in events if e.event_id in kept)),
        revision="recomputed",
        supersedes=prev.change_id,
    )


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
        change_id=change_id(ev.location.key, previous, new_controller, when),
    )
    change = ControlChange(
        change_id=state.change_id or "",
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
