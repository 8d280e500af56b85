"""Rules that used to live in the agents' closures: article de-dup and its expiry, the
event-time clock, the persisted stream time and the apply order. Plain dicts stand for tables."""

from __future__ import annotations

import datetime as dt

from frontline import clock, dedup
from frontline.ordering import in_apply_order
from frontline.partitioning import key_partition

from .factories import ALEPPO, SAA, TOWN, event

D = dt.date.fromisoformat


def test_a_fingerprint_is_admitted_once_but_its_own_redelivery_passes():
    seen: dict = {}
    assert dedup.admit(seen, "fp", partition=1, offset=10, now=100.0)
    assert seen["fp"] == {"t": 100.0, "p": 1, "o": 10}
    assert dedup.admit(seen, "fp", partition=1, offset=10, now=200.0)  # redelivered record
    assert seen["fp"]["t"] == 100.0  # first sighting kept: expiry counts from it
    assert not dedup.admit(seen, "fp", partition=1, offset=11, now=200.0)  # a repost
    assert not dedup.admit(seen, "fp", partition=2, offset=10, now=200.0)


def test_an_entry_without_position_counts_as_another_record():
    seen: dict = {"fp": 5.0}  # a bare timestamp, as older rows hold
    assert not dedup.admit(seen, "fp", 0, 0, now=6.0)


def test_expiry_forgets_old_entries_of_its_own_partition_only():
    keys = [f"fp{i}" for i in range(40)]
    seen: dict = {k: {"t": 10.0 if i % 2 else 99.0, "p": 0, "o": i} for i, k in enumerate(keys)}
    gone = dedup.expire(seen, partition=1, partitions=4, cutoff=50.0)
    expected = {k for i, k in enumerate(keys) if i % 2 and key_partition(k, 4) == 1}
    assert expected and set(gone) == expected
    assert set(seen) == set(keys) - expected


def test_expiry_runs_every_n_records():
    assert [n for n in range(1, 3 * dedup.EXPIRE_EVERY + 1) if dedup.expiry_due(n)] == [
        dedup.EXPIRE_EVERY,
        2 * dedup.EXPIRE_EVERY,
        3 * dedup.EXPIRE_EVERY,
    ]


def test_event_time_is_bounded_by_publication():
    e = event("capture", day="2024-11-30")  # published 2024-11-30 12:00
    assert clock.event_time(e) == D("2024-11-30")
    misdated = e.model_copy(update={"date": D("2025-06-01")})
    assert clock.event_time(misdated) == D("2024-12-01")
    undated = e.model_copy(update={"date": None})
    assert clock.event_time(undated) == D("2024-11-30")
    older = e.model_copy(update={"date": D("2024-11-20")})
    assert clock.event_time(older) == D("2024-11-20")


def test_the_clock_of_a_partition_only_moves_forward():
    clocks: dict = {}
    assert clock.advance(clocks, 0, D("2024-11-30"))
    assert not clock.advance(clocks, 0, D("2024-11-30"))
    assert not clock.advance(clocks, 0, D("2024-11-01"))
    assert clock.advance(clocks, 1, D("2024-11-01"))  # partitions keep their own clock
    assert clocks == {0: D("2024-11-30"), 1: D("2024-11-01")}


def test_stream_time_is_persisted_and_survives_a_restart():
    table: dict = {}
    assert clock.stream_time(table, {}, 2) == (None, -1)
    clock.set_stream_time(table, times := {}, 2, D("2024-11-30"), offset=17)
    assert times == {2: D("2024-11-30")}
    assert clock.is_clock_key(next(iter(table)))
    assert clock.stream_time(table, {}, 2) == (D("2024-11-30"), 17)  # fresh worker memory
    # memory ahead of the table (a write not yet in the changelog): the later one wins
    assert clock.stream_time(table, {2: D("2024-12-03")}, 2) == (D("2024-12-03"), 17)
    assert clock.epoch(D("1970-01-02")) == 86400.0


def test_holders_leave_before_takers_arrive():
    evs = [
        event("capture", day="2024-11-30"),
        event("withdrawal", actor=SAA, day="2024-11-30"),
        event("holds", loc=TOWN),
        event("reinforcement", loc=ALEPPO),
    ]
    order = [e.type.value for e in in_apply_order(evs)]
    assert order == ["holds", "reinforcement", "withdrawal", "capture"]
    twice = [event("capture", loc=TOWN), event("withdrawal"), event("capture", loc=ALEPPO)]
    assert [e.location.name for e in in_apply_order(twice)] == ["Aleppo", "Saraqib", "Aleppo"]
