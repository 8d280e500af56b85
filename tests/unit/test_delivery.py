"""Records reach the agents in offset order from the consumer's seek (delivery.py)."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

from faust.types import TP

from frontline.delivery import SEEKS, Sequencer

P = TP("events.territorial", 2)


class Consumer:
    """What the sequencer asks of Faust's consumer, recorded."""

    def __init__(self) -> None:
        self.seeks: list[tuple[TP, int]] = []
        self.gaps: list[tuple[TP, int, int]] = []
        self.committed_seeks = 0

    async def seek_wait(self, partitions: dict[TP, int]) -> None:
        self.seeks.extend(partitions.items())

    async def _add_gap(self, tp: TP, first: int, last: int) -> None:
        self.gaps.append((tp, first, last))

    async def perform_seek(self) -> None:
        self.committed_seeks += 1


def _sequencer(start: int | None = 107) -> tuple[Sequencer, Consumer]:
    consumer = Consumer()
    seq = Sequencer(SimpleNamespace(consumer=consumer))
    if start is not None:
        seq.seeked({P: start}, [P])
    return seq, consumer


def _admit(seq: Sequencer, *offsets: int) -> list[tuple[bool, bool]]:
    """(admitted, marked acked) per record."""
    out = []
    for o in offsets:
        msg: Any = SimpleNamespace(tp=P, offset=o, acked=False)
        out.append((asyncio.run(seq.admit(msg)), msg.acked))
    return out


def test_records_in_order_from_the_seek_are_admitted() -> None:
    seq, consumer = _sequencer()
    assert _admit(seq, 107, 108, 109) == [(True, False)] * 3
    assert consumer.seeks == []


def test_a_record_after_a_hole_is_skipped_and_the_partition_sought_back() -> None:
    """The join/leave run that lost an article: the record at the committed offset (107) never
    reached the agent and 108 came first. Processing 108 would let Faust commit past 107."""
    seq, consumer = _sequencer()
    assert _admit(seq, 108, 109) == [(False, True), (False, True)]  # never acked
    assert consumer.seeks == [(P, 107)]  # once: 109 was fetched before the seek
    assert _admit(seq, 107, 108, 109) == [(True, False)] * 3


def test_an_earlier_record_is_admitted_as_a_redelivery() -> None:
    """A rewind (Faust's own seek to the committed offset): the ledger replays what those
    records published."""
    seq, _ = _sequencer()
    assert _admit(seq, 107, 108, 109, 107, 108, 110) == [(True, False)] * 5 + [(False, True)]


def test_before_the_consumer_seeked_records_are_skipped_and_a_seek_is_asked_for() -> None:
    seq, consumer = _sequencer(start=None)
    assert _admit(seq, 300, 301) == [(False, True), (False, True)]
    assert consumer.committed_seeks == 1  # at most once per SEEK_WAIT_S
    seq.seeked({P: 290}, [P])
    assert _admit(seq, 290) == [(True, False)]


def test_a_revocation_forgets_every_position() -> None:
    seq, _ = _sequencer()
    asyncio.run(seq.reset())
    assert _admit(seq, 107) == [(False, True)]


def test_offsets_that_never_come_are_taken_as_a_gap_after_repeated_seeks() -> None:
    """Transaction markers or compaction: each seek back brings the same next record."""
    seq, consumer = _sequencer(start=10)
    assert _admit(seq, *[12] * SEEKS) == [(False, True)] * SEEKS
    assert consumer.seeks == [(P, 10)] * SEEKS
    assert _admit(seq, 12, 13) == [(True, False)] * 2
    assert consumer.gaps == [(P, 10, 11)]


def test_skips_and_gaps_are_counted_for_operators() -> None:
    """frontline_records_resequenced_total: how often a worker restored the order."""
    from prometheus_client import CollectorRegistry

    from frontline.metrics import create

    registry = CollectorRegistry()
    consumer = Consumer()
    seq = Sequencer(SimpleNamespace(consumer=consumer), counter=create(registry).resequenced)
    seq.seeked({P: 10}, [P])
    _admit(seq, *[12] * SEEKS, 12, 13)
    labels = {"topic": P.topic}
    value = registry.get_sample_value
    assert value("frontline_records_resequenced_total", {**labels, "outcome": "skipped"}) == SEEKS
    assert value("frontline_records_resequenced_total", {**labels, "outcome": "gap"}) == 1


def test_off_under_exactly_once() -> None:
    seq = Sequencer(SimpleNamespace(consumer=Consumer()), enabled=False)
    assert _admit(seq, 5, 3, 9) == [(True, False)] * 3


def _faust_commit_offset(committed: int, acked: list[int]) -> int | None:
    """What Faust's commit would commit for a partition (its `_new_offset`)."""
    from collections import defaultdict

    from faust.transport.consumer import Consumer
    from intervaltree import IntervalTree  # type: ignore[import-untyped]

    state = SimpleNamespace(
        _acked={P: list(acked)},
        _gap={P: IntervalTree()},
        _committed_offset={P: committed},
        _acked_index=defaultdict(set, {P: set(acked)}),
    )
    new_offset: Any = Consumer._new_offset  # called on a bare namespace of its state
    return new_offset(state, P)


def test_why_holes_must_not_reach_the_agent() -> None:
    """Faust's commit moves past a missing record at the head of a partition (the lost
    article) and, with two or more missing, commits nothing until the next rebalance (the
    drain stall): the sequencer keeps such records from being processed and acked."""
    assert _faust_commit_offset(107, [108, 109]) == 110  # 107 never processed
    assert _faust_commit_offset(29, [31, 32, 33]) is None  # for good: 29 and 30 never come
    assert _faust_commit_offset(107, [107, 108]) == 109


def test_a_second_seek_in_the_same_generation_keeps_the_position_reached() -> None:
    """Faust seeks to the committed offsets more than once after a rebalance; records read in
    order since the first seek stay read: no hole where the fetch simply continues."""
    seq, consumer = _sequencer()
    assert _admit(seq, 107, 108) == [(True, False)] * 2
    seq.seeked({P: 107}, [P], acked={P: [107, 108]})
    assert _admit(seq, 109, 107, 108, 109, 110) == [(True, False)] * 5
    assert consumer.seeks == []


def test_a_second_seek_after_faust_dropped_the_acks_reads_from_the_committed_offset() -> None:
    """The join/leave drain stall of one fresh-clone run: records 152..161 were read and acked
    after a seek, Faust sought to the committed 152 again and no longer held their acks. The
    sequencer kept its position (162) and sought back to 162 on a hole, so 152..161 never came
    again and the commit waited for them for good. They must be read again."""
    seq, consumer = _sequencer(start=152)
    assert _admit(seq, *range(152, 162)) == [(True, False)] * 10
    seq.seeked({P: 152}, [P], acked={P: [161]})
    assert _admit(seq, 163) == [(False, True)]  # fetched before: skipped, sought back to 152
    assert consumer.seeks == [(P, 152)]
    assert _admit(seq, *range(152, 164)) == [(True, False)] * 12


def test_a_partition_with_nothing_committed_starts_at_its_first_record() -> None:
    """A new group: no committed offset, aiokafka reads from the log start; no broker call
    is made in the seek (it runs inside Faust's recovery), the first record sets the order."""
    seq, consumer = _sequencer(None)
    seq.seeked({}, [P])
    assert _admit(seq, 5, 6) == [(True, False), (True, False)]
    assert _admit(seq, 8) == [(False, True)] and consumer.seeks == [(P, 7)]
    seq.seeked({}, [P])  # Faust seeks again: the position reached is kept
    assert _admit(seq, 7) == [(True, False)]


def test_records_skipped_before_the_seek_of_a_partition_with_nothing_committed_come_again():
    """The worker restarted with nothing committed: Faust resumed the flow before its seek,
    the first fetch (the whole partition) arrived before it and was skipped; aiokafka does
    not move a partition with no committed offset, so the sequencer seeks back to them."""
    seq, consumer = _sequencer(None)
    assert _admit(seq, 0, 1, 2) == [(False, True)] * 3
    seq.seeked({}, [P])
    assert _admit(seq, 3) == [(False, True)] and consumer.seeks == [(P, 0)]
    assert _admit(seq, 0, 1, 2, 3) == [(True, False)] * 4
