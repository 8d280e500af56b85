"""Event-time windowed offensive momentum per actor and conflict country.

Faust's windowed tables expire by wall clock and have no grace period or close
event (docs/aggregation.md), so windows here run on stream time: the latest event
date seen. A table row keeps daily buckets per actor/country; a hopping window of
`w` days ending at stream time T covers [T-w+1, T]; contributions older than
T - grace are late and dropped; a window ending at day d is final once T > d + grace
and is then published once with `closed=true`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import orjson
from pydantic import BaseModel, Field, PrivateAttr

from frontline.geo.display import display_name
from frontline.models import (
    MAX_PLACES,
    ActorKind,
    ControlChange,
    MomentumInput,
    MomentumUpdate,
    PlaceMove,
)

Bucket = list[float]  # [gained_n, lost_n, gained_w, lost_w]


class AlertState(BaseModel):
    firing: bool = False
    alert_id: str | None = None
    since: dt.date | None = None


class MomentumState(BaseModel):
    """One row of the momentum table (actor|country)."""

    actor: str
    actor_kind: ActorKind
    country_code: str
    buckets: dict[str, Bucket] = Field(default_factory=dict)
    seen: dict[str, str] = Field(default_factory=dict, description="contribution id -> day")
    last: dict[str, Bucket] = Field(default_factory=dict, description="window -> last published")
    closed_through: dt.date | None = None
    alert: AlertState = Field(default_factory=AlertState)
    moves_json: str = Field(
        "{}",
        description="contribution id -> the place behind it (PlaceMove as JSON), a day's top "
        "MAX_PLACES, pruned with the buckets. Kept as JSON text, not a nested field: the row is "
        "loaded and saved for every record, and pydantic walks a nested field place by place "
        "(about 1 ms a record for 100 places, measured); see `moves`.",
    )
    _moves: dict[str, Any] | None = PrivateAttr(None)

    @property
    def moves(self) -> dict[str, Any]:
        """The places, parsed once per loaded row; changes are written back by `save_moves`."""
        if self._moves is None:
            self._moves = orjson.loads(self.moves_json)
        return self._moves

    def save_moves(self) -> None:
        # Sorted: equal places give equal rows whatever order they arrived in.
        self.moves_json = orjson.dumps(self.moves, option=orjson.OPT_SORT_KEYS).decode()


def state_key(actor: str, country: str) -> str:
    return f"{actor}|{country}"


def contributions(change: ControlChange) -> list[MomentumInput]:
    """A change of control is a gain for the new controller and a loss for the previous."""
    out = []
    for actor, gained in ((change.controller, True), (change.previous_controller, False)):
        if actor is None:
            continue
        cid = hashlib.blake2b(
            f"{change.change_id}:{int(gained)}".encode(), digest_size=12
        ).hexdigest()
        out.append(
            MomentumInput(
                kind="contribution",
                date=change.since,
                contribution_id=cid,
                actor=actor.name,
                actor_kind=actor.kind,
                country_code=change.location.country_code,
                gained=gained,
                weight=change.importance,
                location=change.location,
                change_id=change.change_id,
                event_ids=list(change.event_ids),
                article_ids=list(change.article_ids),
            )
        )
    return out


def place_move(c: MomentumInput) -> PlaceMove | None:
    """The place a contribution gained or lost, with the ids that explain it."""
    if c.location is None:
        return None
    return PlaceMove(
        place_key=c.location.key,
        location=c.location,
        display_name=display_name(c.location.name, c.location.geonameid),
        gained=c.gained,
        date=c.date,
        weight=c.weight,
        change_id=c.change_id,
        event_ids=c.event_ids,
        article_ids=c.article_ids,
    )


def window_places(
    state: MomentumState, end: dt.date, days: int, limit: int = MAX_PLACES
) -> list[PlaceMove]:
    """Places gained and lost in the window ending at `end`: heaviest first, then newest."""
    start = end - dt.timedelta(days=days - 1)
    lo, hi = start.isoformat(), end.isoformat()
    inside = [(cid, m) for cid, m in state.moves.items() if lo <= m["date"] <= hi]
    inside.sort(key=lambda cm: _rank(cm[1]))
    return [_model(cid, m) for cid, m in inside[:limit]]


_MODELS: dict[str, PlaceMove] = {}  # contribution id -> validated move (moves never change)


def _model(cid: str, m: dict[str, Any]) -> PlaceMove:
    """The move as a model; validated once per process (rows are reloaded for every record)."""
    got = _MODELS.get(cid)
    if got is None or got.event_ids != m["event_ids"] or got.place_key != m["place_key"]:
        if len(_MODELS) >= 20_000:
            _MODELS.clear()
        got = _MODELS[cid] = PlaceMove.model_validate(m)
    return got


def take_back(state: MomentumState, c: MomentumInput) -> bool:
    """Subtract a counted contribution once (`c.retract`); False if never counted (late, or
    already pruned) or already taken back. Its id stays seen: a redelivered original is not
    counted again."""
    cid = c.contribution_id
    if cid is None or cid not in state.seen or f"-{cid}" in state.seen:
        return False
    day = state.seen[cid]
    b = state.buckets.get(day)
    if b is not None:
        i = 0 if c.gained else 1
        b[i] = max(0.0, b[i] - 1)
        b[i + 2] = max(0.0, round(b[i + 2] - c.weight, 9))
    state.seen[f"-{cid}"] = day
    if state.moves.pop(cid, None) is not None:
        state.save_moves()
    return True


def add(state: MomentumState, c: MomentumInput, stream_time: dt.date, grace_days: int) -> bool:
    """Add a contribution once (ids make redelivery and repeats harmless); False if late/dup.
    A `retract` contribution is taken back instead (`take_back`)."""
    if c.retract:
        return take_back(state, c)
    if c.contribution_id is None or c.contribution_id in state.seen:
        return False
    if c.date < stream_time - dt.timedelta(days=grace_days):
        return False
    day = c.date.isoformat()
    b = state.buckets.setdefault(day, [0.0, 0.0, 0.0, 0.0])
    if c.gained:
        b[0] += 1
        b[2] += c.weight
    else:
        b[1] += 1
        b[3] += c.weight
    state.seen[c.contribution_id] = day
    move = place_move(c)
    if move is not None:
        state.moves[c.contribution_id] = move.model_dump(mode="json")
        _bound_day(state, move.date.isoformat())
        state.save_moves()
    return True


def _rank(m: dict[str, Any]) -> tuple[float, int, bool, str]:  # m: a PlaceMove as JSON
    """Most important first: heaviest, then newest, gains before losses, then by key."""
    when = -int(m["date"].replace("-", ""))  # ISO date as a number: newer is larger
    return (-m["weight"], when, not m["gained"], m["place_key"])


def _bound_day(state: MomentumState, day: str) -> None:
    """Keep a day's `MAX_PLACES` highest-ranked moves: any window's top list is still exact
    (it is drawn from its days' top lists) and a row holds at most windows × MAX_PLACES."""
    same = [k for k, m in state.moves.items() if m["date"] == day]
    if len(same) > MAX_PLACES:
        worst = max(same, key=lambda k: _rank(state.moves[k]))
        del state.moves[worst]


def window_sum(state: MomentumState, end: dt.date, days: int) -> Bucket:
    start = end - dt.timedelta(days=days - 1)
    total = [0.0, 0.0, 0.0, 0.0]
    for day, b in state.buckets.items():
        if start.isoformat() <= day <= end.isoformat():
            for i in range(4):
                total[i] += b[i]
    return total


def _update(
    state: MomentumState, end: dt.date, days: int, s: Bucket, closed: bool, t: dt.date
) -> MomentumUpdate:
    return MomentumUpdate(
        actor=state.actor,
        actor_kind=state.actor_kind,
        country_code=state.country_code,
        window_days=days,
        window_start=end - dt.timedelta(days=days - 1),
        window_end=end,
        places_gained=int(s[0]),
        places_lost=int(s[1]),
        weight_gained=round(s[2], 3),
        weight_lost=round(s[3], 3),
        net_momentum=round(s[2] - s[3], 3),
        closed=closed,
        stream_time=t,
        places=window_places(state, end, days),
    )


def evaluate(
    state: MomentumState, stream_time: dt.date, windows: tuple[int, ...], grace_days: int
) -> list[MomentumUpdate]:
    """Updates to publish: current windows that changed, then newly closed windows."""
    out: list[MomentumUpdate] = []
    for days in windows:
        s = window_sum(state, stream_time, days)
        label = f"{days}d"
        if state.last.get(label) != s:
            state.last[label] = s
            out.append(_update(state, stream_time, days, s, False, stream_time))
    final_through = stream_time - dt.timedelta(days=grace_days + 1)
    if state.buckets:
        first = dt.date.fromisoformat(min(state.buckets))
        start = max(first, (state.closed_through or first - dt.timedelta(days=1)) + _DAY)
        day = start
        while day <= final_through:
            for days in windows:
                s = window_sum(state, day, days)
                if any(s):
                    out.append(_update(state, day, days, s, True, stream_time))
            day += _DAY
        if state.closed_through is None or final_through > state.closed_through:
            state.closed_through = final_through
    _prune(state, stream_time - dt.timedelta(days=max(windows) + grace_days + 1))
    return out


_DAY = dt.timedelta(days=1)


def _prune(state: MomentumState, before: dt.date) -> None:
    cut = before.isoformat()
    for day in [d for d in state.buckets if d < cut]:
        del state.buckets[day]
    for cid in [c for c, d in state.seen.items() if d < cut]:
        del state.seen[cid]
    old = [c for c, m in state.moves.items() if m["date"] < cut]
    for cid in old:
        del state.moves[cid]
    if old:
        state.save_moves()


def net(state: MomentumState, stream_time: dt.date, days: int) -> float:
    s = window_sum(state, stream_time, days)
    return round(s[2] - s[3], 3)
