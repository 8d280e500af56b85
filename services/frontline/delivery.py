"""Delivery-order watch: the ledger (ledger.py) takes a record at or below a row's last
offset for one already applied, so it relies on each partition's records arriving in offset
order. A record delivered out of that order is logged, so a failing reliability run shows it."""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger(__name__)


class OrderWatch:
    """The last offset seen per source partition since the last rebalance."""

    def __init__(self) -> None:
        self.last: dict[Any, int] = {}
        self.backwards = 0

    def see(self, tp: Any, offset: int) -> None:
        prev = self.last.get(tp)
        if prev is None:
            log.info("first after rebalance: %s[%d] %d", tp.topic, tp.partition, offset)
        elif offset <= prev:
            self.backwards += 1
            log.warning("delivered out of order: %s[%d] %d after %d", tp.topic, tp.partition,
                        offset, prev)  # fmt: skip
        elif offset > prev + 1:
            log.info("offsets skipped: %s[%d] %d after %d", tp.topic, tp.partition, offset, prev)
        self.last[tp] = offset

    async def reset(self, *_: Any, **__: Any) -> None:
        """A rebalance seeks every partition to its committed offset: order starts again."""
        self.last.clear()
