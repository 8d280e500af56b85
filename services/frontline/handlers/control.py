"""events.territorial -> events.control and momentum.input: apply one event to the
location's control row exactly once, and tick the momentum partitions when event time moves.
A retraction event re-folds the row (`control.retract`): a recomputed change when the
controller differs, and the superseded changes' contributions taken back."""

from __future__ import annotations

import datetime as dt
from collections.abc import MutableMapping
from typing import Any

from frontline import alerts, clock, control, ledger, momentum
from frontline.handlers import Record, Result
from frontline.metrics import Mark, inc
from frontline.models import ControlChange, ControlState, Event, MomentumInput


def handle(
    table: MutableMapping[str, Any],
    clocks: MutableMapping[int, dt.date],
    e: Event,
    rec: Record,
    min_confidence: float,
    tick_partitions: int,
) -> Result:
    """What applying `e` publishes, then the ticks its event time calls for."""
    res = apply(table, e, rec, min_confidence)
    when = clock.event_time(e)
    if clock.advance(clocks, rec.partition, when):
        tick = MomentumInput(kind="tick", date=when).model_dump_json()
        res.outs += [["momentum_input", None, tick, p] for p in range(tick_partitions)]
    return res


def apply(table: MutableMapping[str, Any], e: Event, rec: Record, min_confidence: float) -> Result:
    """Apply `e` to its row, or replay what it published when the row already holds it."""
    key, o = e.location.key, rec.offset
    row, led = ledger.split(table.get(key))
    if led.applied(o):
        # Redelivered after a crash: already in the row; publish again what it did.
        table[key] = ledger.join(row, led)
        return Result(led.replay(o))
    prev = ControlState.model_validate(row) if row else None
    new, change, outs = rule(prev, e, min_confidence)
    if e.revision == "retracted":
        # a recomputed change publishes no contributions of its own: no capital counted
        marks = [] if change is None else change_marks(change)[:1]
    else:
        marks = change_marks(change)
    if new is not None:
        led.record(o, outs, rec.committed)
        table[key] = ledger.join(new.model_dump(mode="json"), led)
    return Result(outs, marks)


def rule(
    prev: ControlState | None, e: Event, min_confidence: float
) -> tuple[ControlState | None, ControlChange | None, list[ledger.Out]]:
    """The row after `e`, the change it makes and what it publishes (no table, no ledger):
    the agent's rule, which the reliability oracle replays too."""
    key = e.location.key
    if e.revision == "retracted":
        r = control.retract(prev, e.retracts or "", min_confidence, e)
        return r.state, r.change, retraction_outputs(key, r)
    new, change = control.apply_event(prev, e, min_confidence)
    return new, change, outputs(key, change)


def outputs(key: str, change: ControlChange | None) -> list[ledger.Out]:
    """A change of control and the momentum contributions it makes."""
    if change is None:
        return []
    outs: list[ledger.Out] = [["control_changes", key, change.model_dump_json(), None]]
    for c in momentum.contributions(change):
        mk = momentum.state_key(c.actor or "", c.country_code or "")
        outs.append(["momentum_input", mk, c.model_dump_json(), None])
    return outs


def retraction_outputs(key: str, r: control.Retraction) -> list[ledger.Out]:
    """The recomputed change, then the superseded changes' contributions taken back (same ids,
    so momentum subtracts each once) and the contributions of changes the re-fold made."""
    outs: list[ledger.Out] = []
    if r.change is not None:
        outs.append(["control_changes", key, r.change.model_dump_json(), None])
    for gone in r.superseded:
        for c in momentum.contributions(gone):
            back = c.model_copy(update={"retract": True})
            outs.append(["momentum_input", _mkey(back), back.model_dump_json(), None])
    for made in r.added:
        outs += outputs(key, made)[1:]  # its contributions; the change itself is `r.change`
    return outs


def _mkey(c: MomentumInput) -> str:
    return momentum.state_key(c.actor or "", c.country_code or "")


def change_marks(change: ControlChange | None) -> list[Mark]:
    """Changes of control counted by cause, and capitals gained by level."""
    if change is None:
        return []
    marks = [inc("control_changes", change.location.country_code, change.cause.value)]
    for c in momentum.contributions(change):
        level = alerts.capital_level(c)
        if level and c.gained:
            marks.append(inc("capital_changes", c.country_code or "", level, c.actor or ""))
    return marks
