"""What the pipeline should emit for the bench inputs, computed offline with the same
pure functions the agents call (control, momentum, alerts), so the harness knows when
it has seen everything and can tell a lost alert from a slow one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from frontline import alerts, clock, control, momentum
from frontline.models import ControlState, Event
from frontline.ordering import in_apply_order
from frontline.settings import Settings

AlertKey = tuple[str, str, str]  # (location key, date, actor) of a capital_changed_hands alert


def events_per_article(by_article: dict[str, list[Event]]) -> dict[str, int]:
    return {k: len(v) for k, v in by_article.items()}


def alert_keys(
    before: Sequence[Sequence[Event]],
    during: Sequence[Sequence[Event]],
    settings: Settings | None = None,
) -> dict[AlertKey, str]:
    """Capital alerts the `during` articles should fire, after `before` was processed.

    Articles are replayed in produce order; the worker processes partitions
    concurrently, so on a busy machine a count can differ by one or two.
    """
    s = settings or Settings()
    state: dict[str, ControlState | None] = {}
    seen: set[str] = set()
    clocks: dict[int, dt.date] = {}  # one clock: articles are replayed in produce order
    grace = dt.timedelta(days=s.momentum_grace_days)
    out: dict[AlertKey, str] = {}
    for record, batch in ((False, before), (True, during)):
        for evs in batch:
            for e in in_apply_order(evs):
                k = e.location.key
                new, change = control.apply_event(state.get(k), e, s.control_min_confidence)
                state[k] = new
                if change is not None:
                    for c in momentum.contributions(change):
                        cid = c.contribution_id or ""
                        now = clocks.get(0)
                        late = now is not None and c.date < now - grace
                        if cid in seen or late:
                            continue
                        seen.add(cid)
                        if record and alerts.capital_alert(c) is not None and c.location:
                            out[(c.location.key, c.date.isoformat(), c.actor or "")] = e.article_id
                clock.advance(clocks, 0, clock.event_time(e))
    return out
