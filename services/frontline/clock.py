"""Event time and stream time.

The control agent keeps an event-time clock per source partition and, when it moves
forward, sends a tick to every momentum partition so quiet actors' windows slide. The
momentum agent keeps a stream time per partition, persisted in its table under `CLOCK`
keys: a restarted worker must judge late contributions as the uninterrupted one did.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, MutableMapping
from typing import Any

from frontline.models import Event

CLOCK = "~clock|"  # momentum table key prefix of a partition's persisted stream time
_DAY = dt.timedelta(days=1)


def event_time(e: Event) -> dt.date:
    """The event's date, bounded by publication so a misdated event cannot run the clock ahead."""
    published = e.published.date()
    return min(e.date or published, published + _DAY)


def advance(clocks: MutableMapping[int, dt.date], partition: int, when: dt.date) -> bool:
    """Move the partition's clock to `when`; True when it moved forward (a tick is due)."""
    if when > clocks.get(partition, dt.date.min):
        clocks[partition] = when
        return True
    return False


def is_clock_key(key: str) -> bool:
    return key.startswith(CLOCK)


def stream_time(
    table: Mapping[str, Any], times: Mapping[int, dt.date], partition: int
) -> tuple[dt.date | None, int]:
    """Stream time of a momentum partition and the last offset that moved it (-1: none)."""
    raw = table.get(f"{CLOCK}{partition}")
    if not raw:
        return times.get(partition), -1
    t = dt.date.fromisoformat(raw["t"])
    return max(t, times.get(partition, t)), int(raw["offset"])


def set_stream_time(
    table: MutableMapping[str, Any],
    times: MutableMapping[int, dt.date],
    partition: int,
    t: dt.date,
    offset: int,
) -> None:
    """Written after the rows a record changed: a crash between leaves the clock behind,
    and the redelivered record then finishes the rows it had not reached."""
    times[partition] = t
    table[f"{CLOCK}{partition}"] = {"t": t.isoformat(), "offset": offset}


def epoch(d: dt.date) -> float:
    """Unix seconds of midnight UTC of `d` (what the stream-time gauge exports)."""
    return float(dt.datetime.combine(d, dt.time(0), tzinfo=dt.UTC).timestamp())
