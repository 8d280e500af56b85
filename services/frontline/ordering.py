"""The order in which the events of one article are applied to the control table.

"X withdrew and Y took the town": the holder leaves before the taker arrives, so within
one article holds and reinforcements come first, then withdrawals, then captures.
"""

from __future__ import annotations

from collections.abc import Iterable

from frontline.models import Event

APPLY_ORDER = {"holds": 0, "reinforcement": 1, "withdrawal": 2, "capture": 3}
_LAST = len(APPLY_ORDER)  # an event type added later is applied after the known ones


def in_apply_order(events: Iterable[Event]) -> list[Event]:
    """`events` sorted by type rank; the sort is stable, so equal types keep their order."""
    return sorted(events, key=lambda e: APPLY_ORDER.get(e.type.value, _LAST))
