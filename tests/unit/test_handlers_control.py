"""The control handler with a plain dict as the control table: each event applied once,
a redelivered one replays what it published, and ticks follow the event-time clock."""

from __future__ import annotations

import copy
import datetime as dt
import json

from frontline import ledger
from frontline.handlers import Record
from frontline.handlers import control as h
from frontline.metrics import inc

from .factories import ALEPPO, HTS, SAA, TOWN, event

TICKS = 4  # momentum.input partitions


def _handle(table, clocks, e, offset, committed=None):
    return h.handle(table, clocks, e, Record("events", 0, offset, committed=committed), 0.5, TICKS)


def _ticks(outs):
    return [(o[2], o[3]) for o in outs if o[1] is None]


def test_a_capture_publishes_the_change_and_both_sides_contributions():
    table, clocks = {}, {}
    _handle(table, clocks, event("holds", actor=SAA), offset=1)
    res = _handle(table, clocks, event("capture", actor=HTS, day="2024-12-01"), offset=2)
    kinds = [(o[0], o[1]) for o in res.outs if o[1] is not None]
    assert kinds == [
        ("control_changes", ALEPPO.key),
        ("momentum_input", f"{HTS.name}|SY"),
        ("momentum_input", f"{SAA.name}|SY"),
    ]
    change = json.loads(res.outs[0][2])
    assert change["controller"]["name"] == HTS.name
    assert change["previous_controller"]["name"] == SAA.name
    gained = {json.loads(o[2])["actor"]: json.loads(o[2])["gained"] for o in res.outs[1:3]}
    assert gained == {HTS.name: True, SAA.name: False}
    # Aleppo is an admin1 capital (PPLA): counted for the taker only
    assert res.marks == [
        inc("control_changes", "SY", "capture"),
        inc("capital_changes", "SY", "admin1", HTS.name),
    ]
    row, led = ledger.split(table[ALEPPO.key])
    assert row is not None and row["controller"]["name"] == HTS.name
    assert led.offset == 2 and led.replay(2) == res.outs[:3]


def test_a_redelivered_event_replays_its_messages_and_changes_nothing():
    table, clocks = {}, {}
    _handle(table, clocks, event("holds", actor=SAA), offset=1)
    first = _handle(table, clocks, event("capture", actor=HTS, day="2024-12-01"), offset=2)
    before = copy.deepcopy(table)
    again = _handle(table, clocks, event("capture", actor=HTS, day="2024-12-01"), offset=2)
    assert again.outs == [o for o in first.outs if o[1] is not None]  # no tick: clock is there
    assert again.marks == []  # counted once
    assert table == before


def test_the_same_capture_at_a_new_offset_is_no_second_change():
    table, clocks = {}, {}
    _handle(table, clocks, event("holds", actor=SAA), offset=1)
    _handle(table, clocks, event("capture", actor=HTS), offset=2)
    res = _handle(table, clocks, event("capture", actor=HTS, article="a2"), offset=3)
    assert res.outs == [] and res.marks == []
    assert ledger.split(table[ALEPPO.key])[1].offset == 3


def test_committed_offsets_prune_the_outbox():
    table, clocks = {}, {}
    _handle(table, clocks, event("holds", actor=SAA), offset=1)
    _handle(table, clocks, event("capture", actor=HTS), offset=2)
    _handle(table, clocks, event("capture", actor=SAA, day="2024-12-02"), offset=3, committed=3)
    assert list(ledger.split(table[ALEPPO.key])[1].outbox) == ["3"]


def test_ticks_go_to_every_momentum_partition_when_event_time_moves_forward():
    table, clocks = {}, {}
    res = _handle(table, clocks, event("holds", actor=SAA, loc=TOWN, day="2024-11-30"), offset=1)
    tick = json.loads(res.outs[0][2])
    assert tick["kind"] == "tick" and tick["date"] == "2024-11-30"
    assert [p for _, p in _ticks(res.outs)] == list(range(TICKS))
    same_day = _handle(table, clocks, event("holds", actor=SAA, day="2024-11-30"), offset=2)
    assert _ticks(same_day.outs) == []
    older = _handle(table, clocks, event("holds", actor=HTS, day="2024-11-02"), offset=3)
    assert _ticks(older.outs) == []
    later = _handle(table, clocks, event("holds", actor=HTS, day="2024-12-05"), offset=4)
    assert {json.loads(v)["date"] for v, _ in _ticks(later.outs)} == {"2024-12-05"}
    assert clocks == {0: dt.date(2024, 12, 5)}


def test_a_low_confidence_event_changes_nothing_but_still_moves_the_clock():
    table, clocks = {}, {}
    res = _handle(table, clocks, event("capture", confidence=0.1), offset=1)
    assert [o for o in res.outs if o[1] is not None] == [] and res.marks == []
    assert len(_ticks(res.outs)) == TICKS
