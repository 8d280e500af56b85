"""Records reach the agents in offset order, from the offset the consumer seeked to.

The ledger (ledger.py) takes a record at or below a row's last applied offset for one
already applied (a redelivery). That holds only if each partition's records are applied in
offset order without holes. Faust does not guarantee it: around a rebalance its fetch loop
and streams drop records they fetched (flow stopped, generation changed; faust-streaming 0.15,
`Consumer.getmany`, `Stream._py_aiter`) without seeking back, and the agent goes on with the
next one. Measured in the join/leave test (docs/reliability.md): the first record after the
post-recovery seek dropped, so an article was never validated and Faust's commit, which
tolerates a hole of one record at the head, moved past it; with a longer hole the commit
stalled for good; and a dropped record redelivered after a later rebalance counted as
applied, so its event never reached the control row.

`Sequencer` admits a record only if it is the next one expected (or an earlier one: a
rewind, which the ledger handles as a redelivery). At a hole it skips the record without
acking it and seeks the partition back to the expected offset; offsets that stay missing
after `SEEKS` seeks that each brought the same next record (transaction markers,
compaction) are accepted as a gap. A record of a
partition whose start is not known (delivered before the consumer's seek) is skipped too.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Mapping
from typing import Any

log = logging.getLogger(__name__)
FIRST = -1  # next offset of a partition with nothing committed: the first record
SEEKS = 3  # seeks back to a hole before its offsets are taken as nonexistent
SEEK_WAIT_S = 5.0  # time for a seek to deliver before the next one


def _all_acked(acked: Mapping[Any, Iterable[int]] | None, tp: Any, start: int, end: int) -> bool:
    """Does Faust hold the acks of offsets start..end-1 of tp (so its commit can pass them)?"""
    if start >= end:
        return True
    if acked is None:
        return False
    have = set(acked.get(tp) or ())
    return all(o in have for o in range(start, end))


class Sequencer:
    """The next offset expected per source partition; none until the consumer seeked."""

    def __init__(self, app: Any, enabled: bool = True, counter: Any = None) -> None:
        self.app = app  # its consumer seeks and records gaps
        self.enabled = enabled
        # frontline_records_resequenced_total{topic, outcome}: how often order was restored
        self.counter = counter
        self.next: dict[Any, int] = {}
        self.holes: dict[Any, tuple[int, int, int, float]] = {}  # tp -> (want, first, seeks, t)
        self.early: dict[Any, int] = {}  # tp -> lowest offset skipped before the seek
        self.asked = 0.0  # when the consumer was last asked to seek to the committed offsets

    async def reset(self, *_: Any, **__: Any) -> None:
        """Partitions revoked: until the next seek no record's position is known."""
        self.next.clear()
        self.holes.clear()
        self.early.clear()

    def seeked(
        self,
        offsets: Mapping[Any, int],
        assigned: Iterable[Any],
        acked: Mapping[Any, Iterable[int]] | None = None,
    ) -> None:
        """The consumer positioned `assigned` partitions at their committed `offsets` (one
        absent there has none: it starts at the lowest record skipped before this seek, or
        else at the first record that comes; no broker call here, this runs inside Faust's
        recovery). A partition already read in order from an earlier seek keeps its position
        while Faust still holds the acks of everything read since the committed offset (what
        the seek brings again is a rewind, what was fetched before it comes next in order);
        when it no longer does (`acked`: Faust's acked offsets per partition), those records
        must be read and acked again, or its commit waits for them for good."""
        for tp in assigned:
            now = self.next.get(tp)
            early = self.early.pop(tp, None)
            if tp not in offsets:  # nothing committed: aiokafka did not move the position
                if now is None:
                    self.next[tp] = FIRST if early is None else early
            elif now is None or offsets[tp] > now or not _all_acked(acked, tp, offsets[tp], now):
                if now is not None and offsets[tp] < now:
                    log.info("acks of %s[%d] %d..%d gone at the seek: reading them again",
                             tp.topic, tp.partition, offsets[tp], now - 1)  # fmt: skip
                self.next[tp] = offsets[tp]
                self.holes.pop(tp, None)

    async def admit(self, message: Any) -> bool:
        """True: process the record. False: skipped (not acked, so never committed)."""
        if not self.enabled:
            return True
        tp, offset = message.tp, message.offset
        want = self.next.get(tp)
        if want is None:  # fetched before the seek (or from before the rebalance)
            self.early[tp] = min(self.early.get(tp, offset), offset)
            return await self._skip(message, self._seek_committed())
        if want == FIRST:  # a partition nothing was committed for starts where it starts
            want = offset
        if offset > want and not await self._hole(tp, want, offset):
            return await self._skip(message, None)
        if offset < want:
            log.info("rewound: %s[%d] %d, expected %d", tp.topic, tp.partition, offset, want)
        self.next[tp] = offset + 1
        return True

    async def _skip(self, message: Any, then: Any) -> bool:
        message.acked = True  # the stream's ack is then a no-op: nothing to commit
        unacked = getattr(self.app.consumer, "_unacked_messages", None)
        if unacked is not None:  # Faust waits for unacked messages at a rebalance
            unacked.discard(message)
        self._count(message.tp, "skipped")
        if then is not None:
            await then
        return False

    def _count(self, tp: Any, outcome: str) -> None:
        if self.counter is not None:
            self.counter.labels(tp.topic, outcome).inc()

    async def _seek_committed(self) -> None:
        """Ask the consumer to seek every partition to its committed offset (which reports
        the offsets here); at most once per `SEEK_WAIT_S`."""
        now = time.monotonic()
        if now - self.asked < SEEK_WAIT_S:
            return
        self.asked = now
        try:
            await self.app.consumer.perform_seek()
        except Exception as exc:  # mid-rebalance: Faust's recovery seeks when it ends
            log.warning("seek to the committed offsets failed: %r", exc)

    async def _hole(self, tp: Any, want: int, offset: int) -> bool:
        """Records `want..offset-1` did not come: seek back for them. True once they are
        taken as nonexistent: `SEEKS` seeks each brought the same first record again."""
        at, first, seeks, last = self.holes.get(tp, (want, offset, 0, 0.0))
        if at != want:
            first, seeks, last = offset, 0, 0.0
        now = time.monotonic()
        if seeks and offset != first and now - last < SEEK_WAIT_S:
            return False  # fetched before the seek: skipped, the seek brings it again
        if seeks >= SEEKS and offset == first:
            log.warning("offsets %s[%d] %d..%d do not exist: taken as a gap",
                        tp.topic, tp.partition, want, offset - 1)  # fmt: skip
            self.holes.pop(tp, None)
            self._count(tp, "gap")
            await self.app.consumer._add_gap(tp, want, offset - 1)
            return True
        log.warning("records %s[%d] %d..%d did not reach the agent in order: seeking back",
                    tp.topic, tp.partition, want, offset - 1)  # fmt: skip
        self.holes[tp] = (want, first, seeks + (offset == first), now)
        try:  # in the consumer's thread: Faust's `seek` runs aiokafka's from this one
            await self.app.consumer.seek_wait({tp: want})
        except Exception as exc:  # revoked meanwhile: the next rebalance seeks anyway
            log.warning("seek of %s[%d] to %d failed: %r", tp.topic, tp.partition, want, exc)
        return False
