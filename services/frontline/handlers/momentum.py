"""momentum.input -> aggregates.momentum and alerts.momentum: event-time windows per
actor and country, exactly once per record, on the partition's persisted stream time.

A tick moves stream time and re-evaluates every row of its partition; a contribution
adds a place gained or lost to one row. Each row's ledger remembers what a record
published, so a record redelivered after a crash publishes the same again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import MutableMapping
from dataclasses import dataclass
from typing import Any

from frontline import alerts, clock, gauges, ledger, momentum
from frontline.handlers import Record, Result
from frontline.metrics import Mark, inc, set_to
from frontline.models import ActorKind, MomentumInput
from frontline.partitioning import key_partition
from frontline.settings import Settings

Table = MutableMapping[str, Any]
Times = MutableMapping[int, dt.date]


@dataclass(frozen=True)
class Windows:
    """The momentum settings a handler needs."""

    windows_days: tuple[int, ...]
    grace_days: int
    alert_threshold: float
    resolve_threshold: float
    partitions: int

    @classmethod
    def of(cls, s: Settings) -> Windows:
        return cls(
            tuple(s.momentum_windows_days),
            s.momentum_grace_days,
            s.momentum_alert_threshold,
            s.momentum_resolve_threshold,
            s.partitions,
        )


def handle(
    table: Table,
    times: Times,
    exported: gauges.Exported,
    mi: MomentumInput,
    rec: Record,
    w: Windows,
) -> Result:
    """What one momentum.input record publishes; the partition's stream time moves with it."""
    if mi.kind == "tick":
        return tick(table, times, exported, mi.date, rec, w)
    return contribution(table, times, exported, mi, rec, w)


def tick(
    table: Table, times: Times, exported: gauges.Exported, date: dt.date, rec: Record, w: Windows
) -> Result:
    """Slide the windows of every row of the partition to the tick's date."""
    p, o = rec.partition, rec.offset
    t, clock_offset = clock.stream_time(table, times, p)
    redelivered = o <= clock_offset
    if not redelivered and t is not None and date <= t:
        return Result()
    t = t if redelivered and t is not None else date
    res = Result()
    for key in list(table.keys()):
        if clock.is_clock_key(key) or key_partition(key, w.partitions) != p:
            continue
        st, led = load(table, key)
        if st is None:
            continue
        if led.applied(o):
            res.outs += led.replay(o)
        elif redelivered:
            continue  # the tick left this row unchanged the first time
        else:
            step = publish(st, t, exported, w)
            res.extend(step)
            led.record(o, step.outs, rec.committed)
        save(table, key, st, led)
    # written again on a redelivered tick: the changelog may lack it
    res.marks.append(_set_time(table, times, p, t, max(o, clock_offset)))
    return res


def contribution(
    table: Table,
    times: Times,
    exported: gauges.Exported,
    mi: MomentumInput,
    rec: Record,
    w: Windows,
) -> Result:
    """Add a place gained or lost to its actor/country row, once; late ones are dropped."""
    p, o = rec.partition, rec.offset
    t0, clock_offset = clock.stream_time(table, times, p)
    key = momentum.state_key(mi.actor or "", mi.country_code or "")
    st, led = load(table, key)
    t = max(t0 or mi.date, mi.date)
    if led.applied(o):
        res = Result(led.replay(o))
        if st is not None:
            save(table, key, st, led)
        res.marks.append(_set_time(table, times, p, t, max(o, clock_offset)))
        return res
    st = st or momentum.MomentumState(
        actor=mi.actor or "",
        actor_kind=mi.actor_kind or ActorKind.unknown,
        country_code=mi.country_code or "",
    )
    if not momentum.add(st, mi, t, w.grace_days):
        moved = t != times.get(p)
        return Result(marks=[_set_time(table, times, p, t, max(o, clock_offset))] if moved else [])
    res = Result()
    cap = alerts.capital_alert(mi)  # firing, or resolved when `mi` takes a gain back
    if cap is not None:
        res.outs.append(["alerts", cap.alert_id, cap.model_dump_json(), None])
        res.marks.append(inc("alerts", cap.rule, cap.state))
    res.extend(publish(st, t, exported, w, "retraction" if mi.retract else None))
    led.record(o, res.outs, rec.committed)
    save(table, key, st, led)
    res.marks.append(_set_time(table, times, p, t, max(o, clock_offset)))
    return res


def publish(
    st: momentum.MomentumState,
    t: dt.date,
    exported: gauges.Exported,
    w: Windows,
    reason: str | None = None,
) -> Result:
    """Window updates and a momentum alert for one row at stream time `t`; `reason` says why
    an alert that resolves now resolved (`retraction`)."""
    res = Result()
    for u in momentum.evaluate(st, t, w.windows_days, w.grace_days):
        key = f"{u.actor}|{u.country_code}|{u.window_days}d"
        res.outs.append(["momentum_out", key, u.model_dump_json(), None])
        if not u.closed:
            b = [u.places_gained, u.places_lost, u.weight_gained, u.weight_lost]
            res.marks += gauges.series(exported, u.actor, u.country_code, f"{u.window_days}d", b)
    net = momentum.net(st, t, 7)
    a = alerts.momentum_alert(st, net, t, w.alert_threshold, w.resolve_threshold, reason=reason)
    if a is not None:
        res.outs.append(["alerts", a.alert_id, a.model_dump_json(), None])
        firing = 1 if a.state == "firing" else 0
        res.marks += [
            inc("alerts", a.rule, a.state),
            set_to("alerts_firing", firing, a.rule, a.actor, a.country_code),
        ]
    return res


def revoked(exported: gauges.Exported, times: Times, partitions: set[int], n: int) -> list[Mark]:
    """Forget the series and stream times of revoked partitions (another worker owns them)."""
    for p in partitions:
        times.pop(p, None)
    return gauges.drop(exported, partitions, n)


def load(table: Table, key: str) -> tuple[momentum.MomentumState | None, ledger.Ledger]:
    row, led = ledger.split(table.get(key))
    return (momentum.MomentumState.model_validate(row) if row else None), led


def save(table: Table, key: str, st: momentum.MomentumState, led: ledger.Ledger) -> None:
    table[key] = ledger.join(st.model_dump(mode="json"), led)


def _set_time(table: Table, times: Times, p: int, t: dt.date, offset: int) -> Mark:
    """Persist the partition's stream time; the gauge shows the latest of all partitions."""
    clock.set_stream_time(table, times, p, t, offset)
    return set_to("stream_time", clock.epoch(max(times.values())))
