"""In-stream alert rules: offensive momentum (with hysteresis) and capitals changing hands."""

from __future__ import annotations

import datetime as dt
import hashlib

from frontline.models import Alert, MomentumInput, PlaceMove
from frontline.momentum import AlertState, MomentumState, place_move, window_places

CAPITAL_CODES = {"PPLC": "national", "PPLA": "admin1", "PPLG": "national"}


def _id(*parts: str) -> str:
    return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=12).hexdigest()


def momentum_alert(
    state: MomentumState,
    net_momentum: float,
    at: dt.date,
    fire_at: float,
    resolve_below: float,
    window_days: int = 7,
    reason: str | None = None,
) -> Alert | None:
    """Fire once when net momentum reaches `fire_at`; resolve once when it drops below."""
    a = state.alert
    if not a.firing and net_momentum >= fire_at:
        alert_id = _id("momentum", state.actor, state.country_code, at.isoformat())
        state.alert = AlertState(firing=True, alert_id=alert_id, since=at)
        places = window_places(state, at, window_days)
        return Alert(
            alert_id=alert_id,
            rule="offensive_momentum",
            state="firing",
            severity="critical" if net_momentum >= 2 * fire_at else "warning",
            actor=state.actor,
            country_code=state.country_code,
            summary=(
                f"{state.actor} gained {net_momentum:g} weighted places net in "
                f"{state.country_code} over {window_days} days{_named(places)}"
            ),
            value=net_momentum,
            threshold=fire_at,
            at=at,
            places=places,
        )
    if a.firing and net_momentum < resolve_below:
        state.alert = AlertState()
        return Alert(
            alert_id=a.alert_id or _id("momentum", state.actor, state.country_code),
            rule="offensive_momentum",
            state="resolved",
            severity="warning",
            actor=state.actor,
            country_code=state.country_code,
            summary=f"{state.actor} momentum in {state.country_code} fell to {net_momentum:g}",
            value=net_momentum,
            threshold=resolve_below,
            at=at,
            places=window_places(state, at, window_days),
            reason=reason,
        )
    return None


def _named(places: list[PlaceMove], most: int = 3) -> str:
    """ ": Hama, Homs, Rastan (+2 more)" for the places gained, heaviest first."""
    names = list(dict.fromkeys(p.display_name for p in places if p.gained))
    if not names:
        return ""
    more = f" (+{len(names) - most} more)" if len(names) > most else ""
    return ": " + ", ".join(names[:most]) + more


def capital_level(c: MomentumInput) -> str | None:
    if c.location is None or c.location.level != "city":
        return None
    return CAPITAL_CODES.get(c.location.feature_code or "")


def capital_alert(c: MomentumInput) -> Alert | None:
    """A national or admin1 capital gained by an actor: one alert per change; the gain taken
    back (a retraction superseded the change) resolves it, same id."""
    level = capital_level(c)
    if level is None or not c.gained or c.location is None or c.actor is None:
        return None
    move = place_move(c)
    name = move.display_name if move else c.location.name
    summary, value = (
        (f": change to {c.actor} retracted", 0.0)
        if c.retract
        else (f" changed hands to {c.actor}", c.weight)
    )
    return Alert(
        alert_id=_id("capital", c.contribution_id or ""),
        rule="capital_changed_hands",
        state="resolved" if c.retract else "firing",
        severity="critical" if level == "national" else "warning",
        actor=c.actor,
        country_code=c.country_code or c.location.country_code,
        summary=f"{level} capital {name}{summary}",
        value=value,
        threshold=0.0,
        at=c.date,
        location=c.location,
        places=[move] if move is not None else [],
        reason="retraction" if c.retract else None,
    )
