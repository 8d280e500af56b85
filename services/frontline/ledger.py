"""Delivery bookkeeping kept inside a table row, so at-least-once is exact after a crash.

Faust writes a table change to the local store and the changelog as soon as the agent
sets it, but commits the source offset only every `commit_interval_s`. A worker killed in
between restarts with a row that already holds the effect of records it will be given
again. The row therefore remembers the last source offset it applied and what each
not-yet-committed record published (its outbox): a redelivered record (offset <= the
row's offset; a table row is fed by one source partition) re-publishes those messages
instead of being applied twice. Consumers drop the repeats by their deterministic ids.

The outbox of offsets below the committed offset is pruned: they will never come back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

KEY = "_ledger"
MAX_OUTBOX = 500  # records of one row between two commits; beyond that the oldest go

Out = list[Any]  # [destination, key or None, value, partition or None]


@dataclass
class Ledger:
    offset: int = -1
    outbox: dict[str, list[Out]] = field(default_factory=dict)

    def applied(self, offset: int) -> bool:
        """True when the record at `offset` of this row's source partition is already in it."""
        return offset <= self.offset

    def replay(self, offset: int) -> list[Out]:
        return self.outbox.get(str(offset), [])

    def record(self, offset: int, outs: list[Out], committed: int | None) -> None:
        """The record at `offset` is applied and published `outs`."""
        self.offset = max(self.offset, offset)
        if committed is not None:
            self.outbox = {o: v for o, v in self.outbox.items() if int(o) >= committed}
        if outs:
            self.outbox[str(offset)] = list(outs)  # a copy: the caller may send more after
        if len(self.outbox) > MAX_OUTBOX:
            keep = sorted(self.outbox, key=int)[-MAX_OUTBOX:]
            self.outbox = {o: self.outbox[o] for o in keep}


def split(raw: dict[str, Any] | None) -> tuple[dict[str, Any] | None, Ledger]:
    """A table value as (the row without bookkeeping, its ledger)."""
    if not raw:
        return None, Ledger()
    row = dict(raw)
    led = row.pop(KEY, None) or {}
    return (row or None), Ledger(int(led.get("offset", -1)), dict(led.get("outbox", {})))


def join(row: dict[str, Any] | None, led: Ledger) -> dict[str, Any]:
    return {**(row or {}), KEY: {"offset": led.offset, "outbox": led.outbox}}


HIDDEN = frozenset((KEY, "log"))


def public(raw: dict[str, Any]) -> dict[str, Any]:
    """A table value without its bookkeeping (what the HTTP views show); a control row's event
    log (JSON kept for re-folding after a retraction) is bookkeeping too."""
    return {k: v for k, v in raw.items() if k not in HIDDEN}
