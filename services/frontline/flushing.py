"""A Faust app whose commits wait until every table write has really left the process.

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
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import faust
from faust.transport.producer import ProducerBuffer
from faust.types import ProducerT

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


class App(faust.App):
    """faust.App with the draining producer buffer (the only difference)."""

    def _new_producer(self) -> ProducerT:
        producer = super()._new_producer()
        buffer = DrainingProducerBuffer(loop=producer.loop, beacon=producer.beacon)
        buffer.app = self
        producer.buffer = buffer
        return producer
