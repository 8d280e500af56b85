"""Commits wait for table writes: the producer buffer's flush drains completely."""

from __future__ import annotations

import asyncio
import contextlib
from types import SimpleNamespace
from typing import Any

import faust
import pytest
from faust.transport.producer import ProducerBuffer

from frontline.flushing import DrainingProducerBuffer


class SlowChannel:
    """Hands messages to 'Kafka' slowly, as a busy event loop or a metadata wait does."""

    def __init__(self, delay: float) -> None:
        self.delay, self.sent = delay, 0

    async def publish_message(self, fut: object, wait: bool = False) -> None:
        await asyncio.sleep(self.delay)
        self.sent += 1


def _buffer(cls: type[ProducerBuffer]) -> ProducerBuffer:
    buf = cls()
    buf.app = SimpleNamespace(conf=SimpleNamespace(producer_threaded=False))  # type: ignore[assignment]
    return buf


def _put(buf: ProducerBuffer, channel: SlowChannel, n: int) -> None:
    for _ in range(n):
        buf.put(SimpleNamespace(message=SimpleNamespace(channel=channel)))  # type: ignore[arg-type]


async def _flush_with(cls: type[ProducerBuffer], n: int, delay: float) -> tuple[int, int]:
    """(writes handed over, writes still queued) when flush() returns."""
    buf, channel = _buffer(cls), SlowChannel(delay)
    await buf.start()
    try:
        _put(buf, channel, n)
        await buf.flush()
        return channel.sent, buf.size
    finally:
        with contextlib.suppress(RuntimeError):  # the stock buffer raises at stop, see below
            await buf.stop()


async def _stop_with(cls: type[ProducerBuffer], n: int) -> int:
    """Writes handed over when a buffer with `n` queued writes is stopped."""
    buf, channel = _buffer(cls), SlowChannel(0.0)
    _put(buf, channel, n)
    await buf.start()
    await buf.stop()
    return channel.sent


def test_stock_buffer_returns_from_flush_with_writes_still_queued() -> None:
    """Why the subclass exists: Faust's flush gives up after 0.1 s without a send."""
    sent, left = asyncio.run(_flush_with(ProducerBuffer, 3, 0.25))
    assert sent < 3 and left > 0


def test_draining_buffer_flush_returns_only_when_every_write_was_handed_over() -> None:
    sent, left = asyncio.run(_flush_with(DrainingProducerBuffer, 3, 0.25))
    assert (sent, left) == (3, 0)


def test_stopping_hands_over_every_queued_write() -> None:
    with pytest.raises(RuntimeError, match="not Running"):  # Faust's: the writes are lost
        asyncio.run(_stop_with(ProducerBuffer, 5))
    assert asyncio.run(_stop_with(DrainingProducerBuffer, 5)) == 5


def test_draining_buffer_counts_the_message_in_flight() -> None:
    async def run() -> tuple[int, int]:
        buf, channel = _buffer(DrainingProducerBuffer), SlowChannel(0.3)
        await buf.start()
        _put(buf, channel, 1)
        await asyncio.sleep(0.05)  # taken off the queue, not yet handed over
        size = buf.size
        await buf.stop()
        return size, channel.sent

    assert asyncio.run(run()) == (1, 1)


def test_a_gap_over_acked_records_makes_faust_commit_one_record_at_a_time() -> None:
    """Why the read-offset filter is off: the gaps it records around a rebalance can cover
    records that are also acked, and Faust's commit then crawls (CI: minutes behind)."""
    from collections import defaultdict

    from faust.transport.consumer import Consumer
    from faust.types import TP
    from intervaltree import IntervalTree  # type: ignore[import-untyped]

    new_offset: Any = Consumer._new_offset  # called on a bare namespace of its state
    tp, acked = TP("articles.raw", 1), list(range(134, 216))
    gap = IntervalTree()
    gap.addi(135, 200)
    state = SimpleNamespace(
        _acked={tp: acked},
        _gap={tp: gap},
        _committed_offset={tp: 134},
        _acked_index=defaultdict(set, {tp: set(acked)}),
    )
    commits = []
    for _ in range(4):
        commits.append(new_offset(state, tp))
        state._committed_offset[tp] = commits[-1]
    assert commits == [136, 137, 138, 139]  # all 82 records were acked: 216 was due at once
    assert (
        new_offset(
            SimpleNamespace(
                _acked={tp: list(range(134, 216))},
                _gap={tp: IntervalTree()},
                _committed_offset={tp: 134},
                _acked_index=defaultdict(set),
            ),
            tp,
        )
        == 216
    )


def test_the_app_consumer_never_sees_a_read_offset() -> None:
    """Faust's fetch loop drops records below a known read offset and records gaps above
    it; with every read offset unknown it does neither (a re-fetched record is processed)."""
    from frontline.flushing import NoReadOffsets

    offsets = NoReadOffsets()
    offsets["articles.valid-0"] = 168  # what Faust's seek and fetch loop write
    assert offsets["articles.valid-0"] is None
    del offsets["articles.valid-0"]  # Faust's revoke and seek delete entries
    assert "articles.valid-0" not in offsets


def test_the_frontline_app_uses_both_fixes() -> None:
    from frontline.flushing import App, NoReadOffsets

    app = App("flushing-test", broker="kafka://127.0.0.1:9", autodiscover=False)
    producer: Any = app.producer
    consumer: Any = app.consumer
    assert isinstance(producer.buffer, DrainingProducerBuffer)
    assert isinstance(consumer._read_offset, NoReadOffsets)


TP2 = ("events.territorial", 2)


def _refusing_consumer(cls: type[faust.App], takes: bool = False) -> Any:
    """An app's real consumer (never started) whose broker refuses every offset commit, as
    aiokafka does in a rebalance (`CommitFailedError`, which Faust returns as False), or
    with `takes` accepts every one."""
    from faust.types import TP

    app = cls("commit-test", broker="kafka://127.0.0.1:9", autodiscover=False)
    c: Any = app.consumer
    tp = TP(*TP2)

    async def refused(offsets: Any) -> bool:
        return takes

    async def flushed() -> None:
        return None

    c._commit, c.assignment = refused, lambda: {tp}
    app.producer.flush = flushed  # type: ignore[method-assign]
    app.topics.acks_enabled_for = lambda topic: True  # type: ignore[method-assign]
    c._committed_offset[tp] = 100  # the group's offset on the broker
    return c


def _after_refused_commit_then_redelivery(cls: type[faust.App]) -> tuple[Any, Any, Any]:
    """(offset the consumer holds as committed, the monitor's, what the next commit would
    commit) after a refused commit of 100..129 and the redelivery and ack of those records."""
    from faust.types import TP, Message

    c = _refusing_consumer(cls)
    tp = TP(*TP2)
    asyncio.run(c._commit_offsets({tp: 130}))
    for o in range(100, 130):  # the rebalance's seek to 100 delivers them again
        c.ack(Message(tp.topic, tp.partition, o, 0.0, 0, None, None, b"", None, tp=tp))
    return c._committed_offset[tp], c.app.monitor.tp_committed_offsets.get(tp), c._new_offset(tp)


def test_faust_records_a_refused_commit_as_done_and_then_never_commits_again() -> None:
    """The join/leave drain stall: the redelivered records are below the offset Faust wrongly
    holds as committed, so their acks are ignored and the group's offset stays at 100; the
    ledger prunes its outbox from the monitor's 130 (docs/reliability.md)."""
    assert _after_refused_commit_then_redelivery(faust.App) == (130, 130, None)


def test_the_app_consumer_records_only_commits_the_broker_took() -> None:
    from frontline.flushing import App

    assert _after_refused_commit_then_redelivery(App) == (100, None, 130)
    c = _refusing_consumer(App, takes=True)
    asyncio.run(c._commit_offsets({c.assignment().pop(): 130}))
    assert list(c._committed_offset.values()) == [130]
    assert list(c.app.monitor.tp_committed_offsets.values()) == [130]
