"""A Faust app whose commits are only as far as the work done (two fixes to faust-streaming).

1. Commits wait until every table write has really left the process.

Faust commits offsets after `producer.flush()`, but `ProducerBuffer.flush` (the queue that
table changelog writes go through) gives up as soon as 0.1 s pass without a message sent, and
does not count the message being handed to the Kafka client at that moment
(faust-streaming 0.15, `faust/transport/producer.py` `flush_atmost`). On a busy worker the
offsets of a record were then committed while the table rows it changed were still queued: a
crash lost those rows, and a graceful hand-over let the next owner recover the partition
without them, while the committed record was never redelivered to redo the change
(docs/reliability.md, "late changelog writes"). This buffer drains completely and counts the
message in flight, so `flush()` returns only when the Kafka client holds every write; the
client's own flush then waits for the broker's acknowledgement.

2. No record is dropped as "already read" after a rebalance. Faust's fetch loop drops a
record whose offset is below the partition's last read offset and records a "gap" when offsets
jump. Around a rebalance the read offset can be set from a fetch of the previous generation,
after the seek to the committed offset: one join/leave run dropped 295 re-fetched records
(a rebalance also clears the agents' queues, so some may never have been processed). The commit then
stalled below them (CI: 7 records behind for 240 s), crawled one record per commit where a gap
covered records that were also acked, or, where a gap covered a dropped record, skipped it
unprocessed (the likely cause of the one lost event seen in these runs).
At-least-once processing here is idempotent for redelivered records (docs/reliability.md), so
the read-offset filter is turned off: a re-fetched record is processed again.

3. An offset commit the broker refused is not recorded as done. Faust's `_commit_offsets`
records the offsets as committed (its own `_committed_offset` and the monitor's, from which
the ledger prunes its outbox) whether or not the commit succeeded; a commit refused in a
rebalance (`CommitFailedError`, returned as False) then made the consumer ignore the acks of the
redelivered records below that offset, and when no newer record came the group's offset stayed
behind for good.

4. Each seek to the committed offsets is reported to the app's `sequencer` (delivery.py), which
lets the agents take a partition's records only in order from there.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from typing import Any

import faust
from faust.transport.producer import ProducerBuffer
from faust.types import TP, ConsumerT, ProducerT, TransportT

log = logging.getLogger(__name__)
_WARN_EVERY_S = 10.0


class DrainingProducerBuffer(ProducerBuffer):
    """`flush_atmost` that waits for the queue to be empty (no early return on a slow send)."""

    _inflight = 0

    async def _send_pending(self, fut: Any) -> None:
        self._inflight += 1
        try:
            await super()._send_pending(fut)
        finally:
            self._inflight -= 1

    @property
    def size(self) -> int:
        return super().size + self._inflight

    async def flush_atmost(self, max_messages: int | None) -> int:
        flushed, waited = 0, 0.0
        while self.size and (max_messages is None or flushed < max_messages):
            if self.should_stop:
                return flushed + await self._hand_over_the_rest()
            self.message_sent.clear()
            try:
                await asyncio.wait_for(self.message_sent.wait(), timeout=1.0)
                flushed, waited = flushed + 1, 0.0
            except TimeoutError:
                waited += 1.0
                if waited % _WARN_EVERY_S == 0:
                    log.warning("table writes still queued after %.0f s: %d", waited, self.size)
        return flushed

    async def _hand_over_the_rest(self) -> int:
        """Stopping: the sending task ends with the service (Faust's own flush raises here
        and the queued writes are lost), so what is left is handed over from here."""
        n = 0
        while not self.pending.empty():
            await self._send_pending(self.pending.get_nowait())
            n += 1
        while self._inflight:
            await asyncio.sleep(0.01)
        return n


class NoReadOffsets(dict[Any, int | None]):
    """Read offsets Faust's fetch loop always sees as unknown: nothing dropped, no gaps."""

    def __getitem__(self, key: Any) -> None:
        return None


class RecordsOnlyDoneCommits:
    """Consumer mixin: Faust's `_commit_offsets`, recording offsets only when committed."""

    async def _commit_offsets(
        self, offsets: Mapping[TP, int], start_new_transaction: bool = True
    ) -> bool:
        me: Any = self
        assignment = me.assignment()
        mine = {tp: o for tp, o in offsets.items() if tp in assignment}
        if len(mine) < len(offsets):
            log.info("commit discarded for revoked partitions: %r", set(offsets) - set(mine))
        if not mine:
            return False
        if me.in_transaction:
            done = await me.transactions.commit(mine, start_new_transaction=start_new_transaction)
        else:
            await me.app.producer.flush()
            done = await me._commit(mine)
        if not done:
            log.warning("offset commit refused, left uncommitted: %s", _fmt(mine))
            return False
        me.app.tables.on_commit(mine)
        assignment = me.assignment()  # a rebalance during the commit reset what it revoked
        kept = {tp: o for tp, o in mine.items() if tp in assignment}
        me._committed_offset.update(kept)
        me.app.monitor.on_tp_commit(kept)
        return True

    async def perform_seek(self) -> None:
        """Faust's seek to the committed offsets; then tells the app's sequencer
        (delivery.py) where each partition starts: the committed offset, or, with none
        committed, the log start (the first record that comes). No broker call here: this
        runs inside Faust's recovery and fetch loop."""
        me: Any = self
        await super().perform_seek()  # type: ignore[misc]
        assigned = {tp for tp in me.assignment() if not me._is_changelog_tp(tp)}
        offsets = {tp: o for tp in assigned if (o := me._committed_offset.get(tp)) is not None}
        if fresh := assigned - set(offsets):
            # Nothing committed: aiokafka leaves the position where the last fetch left it,
            # so records Faust dropped while the flow was stopped would never come again.
            # Offset 0 is a local seek (no broker round trip inside Faust's recovery); a log
            # whose start moved past it is reset to its earliest offset by aiokafka.
            try:
                await me.seek_wait(dict.fromkeys(fresh, 0))
            except Exception as exc:
                log.warning("seek to the start of %d partitions failed: %r", len(fresh), exc)
        log.info("seek to committed: %s", _fmt(offsets) or "none committed")
        sequencer = getattr(me.app, "sequencer", None)
        if sequencer is not None:
            sequencer.seeked(offsets, assigned, me._acked)


def _fmt(offsets: Mapping[TP, int]) -> str:
    items = sorted(offsets.items(), key=lambda x: (x[0].topic, x[0].partition))
    return ", ".join(f"{tp.topic}[{tp.partition}]={o}" for tp, o in items)


_CLASSES: dict[type, type] = {}


def _consumer_class(base: type) -> type:
    """The transport's consumer class with `RecordsOnlyDoneCommits` in front (one per base)."""
    name, ns = f"Frontline{base.__name__}", {"__module__": __name__}
    return _CLASSES.setdefault(base, type(name, (RecordsOnlyDoneCommits, base), ns))


def commit_state(consumer: Any) -> str:
    """Per assigned partition with work not yet committed: the offset Faust holds as committed,
    the acked offsets waiting for a commit (first..last, count) and gaps; for diagnosing a
    stuck commit from a worker's log."""
    parts = []
    for tp in sorted(consumer.assignment()):
        acked, gap = consumer._acked.get(tp) or [], consumer._gap.get(tp)
        if acked or gap:
            span = f"{min(acked)}..{max(acked)}({len(acked)})" if acked else "-"
            gaps = f" gaps {sorted((i.begin, i.end) for i in gap)[:3]}" if gap else ""
            c = consumer._committed_offset.get(tp)
            parts.append(f"{tp.topic}[{tp.partition}] committed {c} acked {span}{gaps}")
    parts.append(f"unacked {len(consumer._unacked_messages)}")
    return "; ".join(parts)


class App(faust.App):
    """faust.App with the draining producer buffer, no read-offset filter, commits
    recorded only when the broker took them, and seeks reported to `sequencer`."""

    sequencer: Any = None  # delivery.Sequencer, set by the agents' wiring

    def _new_transport(self) -> TransportT:
        transport = super()._new_transport()
        transport.Consumer = _consumer_class(transport.Consumer)  # type: ignore[misc]
        return transport

    def _new_consumer(self) -> ConsumerT:
        consumer = super()._new_consumer()
        consumer._read_offset = NoReadOffsets()  # type: ignore[attr-defined]
        return consumer

    def _new_producer(self) -> ProducerT:
        producer = super()._new_producer()
        buffer = DrainingProducerBuffer(loop=producer.loop, beacon=producer.beacon)
        buffer.app = self
        producer.buffer = buffer
        return producer
