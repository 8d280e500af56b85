"""Which momentum series this worker exports, so a rebalance never leaves two workers
exporting the same one: series are set for rows of owned partitions, restored from the
recovered rows of partitions taken over, and removed for partitions revoked."""

from __future__ import annotations

from collections.abc import Iterable, MutableMapping
from typing import Any

from frontline import clock, ledger, momentum
from frontline.metrics import Mark, remove, set_to
from frontline.partitioning import key_partition

Labels = tuple[str, str, str]  # actor, country, window
Exported = MutableMapping[str, set[Labels]]  # momentum row key -> its exported series
SERIES = ("momentum_net", "momentum_gained", "momentum_lost")


def series(exported: Exported, actor: str, country: str, window: str, b: list[float]) -> list[Mark]:
    """Export one window's bucket [gained_n, lost_n, gained_w, lost_w] of a row."""
    labels = (actor, country, window)
    exported.setdefault(momentum.state_key(actor, country), set()).add(labels)
    return [
        set_to("momentum_net", round(b[2] - b[3], 3), *labels),
        set_to("momentum_gained", b[0], *labels),
        set_to("momentum_lost", b[1], *labels),
    ]


def restore(
    exported: Exported, rows: Iterable[tuple[str, Any]], mine: set[int], partitions: int
) -> list[Mark]:
    """Series of the rows of the partitions owned now, from the last published buckets.
    A memory store keeps rows of revoked partitions, hence the ownership filter."""
    marks: list[Mark] = []
    for key, raw in rows:
        if raw and not clock.is_clock_key(key) and key_partition(key, partitions) in mine:
            row, _ = ledger.split(raw)
            st = momentum.MomentumState.model_validate(row)
            for window, b in st.last.items():
                marks += series(exported, st.actor, st.country_code, window, b)
    return marks


def drop(exported: Exported, revoked: set[int], partitions: int) -> list[Mark]:
    """Remove the series of rows whose partition was revoked."""
    marks: list[Mark] = []
    for key in list(exported):
        if key_partition(key, partitions) in revoked:
            for labels in exported.pop(key):
                marks += [remove(g, *labels) for g in SERIES]
    return marks
