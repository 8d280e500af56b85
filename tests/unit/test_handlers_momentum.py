"""The momentum handler with a plain dict as the momentum table: contributions counted once
on the partition's stream time, ticks slide every row of their partition, a record redelivered
after a crash publishes what it published before, and exported series follow ownership."""

from __future__ import annotations

import copy
import datetime as dt
import json

from frontline import gauges, momentum
from frontline.handlers import Record
from frontline.handlers import momentum as h
from frontline.metrics import Mark, remove, set_to
from frontline.models import MomentumInput
from frontline.partitioning import key_partition

from .factories import ALEPPO, TOWN

N = 4
W = h.Windows(windows_days=(7, 1), grace_days=3, alert_threshold=2.0, resolve_threshold=0.5,
              partitions=N)  # fmt: skip
D = dt.date.fromisoformat


def _same_partition_actors(k: int) -> list[str]:
    """`k` actor names whose rows (actor|SY) live on one momentum partition."""
    names = [f"actor{i}" for i in range(64)]
    p = key_partition(momentum.state_key(names[0], "SY"), N)
    return [a for a in names if key_partition(momentum.state_key(a, "SY"), N) == p][:k]


def _contribution(actor: str, day: str, cid: str, gained: bool = True, loc=TOWN) -> MomentumInput:
    return MomentumInput(kind="contribution", date=D(day), contribution_id=cid, actor=actor,
                         actor_kind="non_state", country_code="SY", gained=gained, weight=3.0,
                         location=loc)  # fmt: skip


def _tick(day: str) -> MomentumInput:
    return MomentumInput(kind="tick", date=D(day))


def _rec(actor: str, offset: int) -> Record:
    return Record("momentum.input", key_partition(momentum.state_key(actor, "SY"), N), offset)


def _run(table, times, exported, mi, rec):
    return h.handle(table, times, exported, mi, rec, W)


def test_a_contribution_publishes_windows_alerts_gauges_and_moves_stream_time():
    table, times, exported = {}, {}, {}
    a = "actor0"
    res = _run(table, times, exported, _contribution(a, "2024-11-30", "c1", loc=ALEPPO), _rec(a, 5))
    dests = [(o[0], json.loads(o[2]).get("rule") or json.loads(o[2]).get("window_days"))
             for o in res.outs]  # fmt: skip
    assert dests == [("alerts", "capital_changed_hands"), ("momentum_out", 7),
                     ("momentum_out", 1), ("alerts", "offensive_momentum")]  # fmt: skip
    assert set_to("momentum_net", 3.0, a, "SY", "7d") in res.marks
    assert set_to("alerts_firing", 1, "offensive_momentum", a, "SY") in res.marks
    assert res.marks[-1] == set_to("stream_time", float(dt.datetime(2024, 11, 30, tzinfo=dt.UTC)
                                                        .timestamp()))  # fmt: skip
    p = _rec(a, 5).partition
    assert set(table) == {f"{a}|SY", f"~clock|{p}"} and times == {p: D("2024-11-30")}
    assert exported == {f"{a}|SY": {(a, "SY", "7d"), (a, "SY", "1d")}}


def test_a_contribution_redelivered_to_a_restarted_worker_replays_the_same_messages():
    table, a = {}, "actor0"
    mi = _contribution(a, "2024-11-30", "c1", loc=ALEPPO)
    first = _run(table, {}, {}, mi, _rec(a, 5))
    before = copy.deepcopy(table)
    again = _run(table, {}, {}, mi, _rec(a, 5))  # fresh memory: only the table survived
    assert again.outs == first.outs
    assert table == before


def test_a_repeated_or_late_contribution_adds_nothing():
    table, times, exported = {}, {}, {}
    a = "actor0"
    _run(table, times, exported, _contribution(a, "2024-11-30", "c1"), _rec(a, 1))
    row = copy.deepcopy(table[f"{a}|SY"])
    repeat = _run(table, times, exported, _contribution(a, "2024-11-30", "c1"), _rec(a, 2))
    late = _run(table, times, exported, _contribution(a, "2024-11-26", "c2"), _rec(a, 3))
    assert repeat.outs == late.outs == []
    assert table[f"{a}|SY"]["buckets"] == row["buckets"]
    within_grace = _run(table, times, exported, _contribution(a, "2024-11-27", "c3"), _rec(a, 4))
    assert within_grace.outs  # 3 days behind stream time: still counted


def test_a_contribution_ahead_moves_stream_time_for_the_partition():
    table, times, exported = {}, {}, {}
    a = "actor0"
    _run(table, times, exported, _contribution(a, "2024-11-30", "c1"), _rec(a, 1))
    _run(table, times, exported, _contribution(a, "2024-12-04", "c2"), _rec(a, 2))
    p = _rec(a, 1).partition
    assert times[p] == D("2024-12-04")
    assert table[f"~clock|{p}"] == {"t": "2024-12-04", "offset": 2}


def test_a_tick_slides_the_rows_of_its_own_partition_only():
    table, times, exported = {}, {}, {}
    a = "actor0"
    other = next(f"x{i}" for i in range(64) if _rec(f"x{i}", 0).partition != _rec(a, 0).partition)
    _run(table, times, exported, _contribution(a, "2024-11-30", "c1"), _rec(a, 1))
    _run(table, times, exported, _contribution(other, "2024-11-30", "c2"), _rec(other, 1))
    p = _rec(a, 0).partition
    assert _run(table, times, exported, _tick("2024-11-30"), Record("m", p, 2)).outs == []
    res = _run(table, times, exported, _tick("2024-12-09"), Record("m", p, 3))
    updates = [json.loads(o[2]) for o in res.outs if o[0] == "momentum_out"]
    assert {u["actor"] for u in updates} == {a}
    assert {(u["window_days"], u["closed"]) for u in updates} >= {(7, False), (7, True), (1, True)}
    assert [json.loads(o[2])["state"] for o in res.outs if o[0] == "alerts"] == ["resolved"]
    assert set_to("momentum_net", 0.0, a, "SY", "7d") in res.marks


def test_a_crash_between_rows_of_a_tick_is_finished_by_the_redelivered_tick():
    a, b = _same_partition_actors(2)
    table, times, exported = {}, {}, {}
    _run(table, times, exported, _contribution(a, "2024-11-30", "c1"), _rec(a, 1))
    _run(table, times, exported, _contribution(b, "2024-11-30", "c2"), _rec(b, 2))
    p, before = _rec(a, 0).partition, copy.deepcopy(table)
    whole = _run(table, times, exported, _tick("2024-12-09"), Record("m", p, 3))
    # the worker died after writing row a: row b and the clock still hold their old values
    crashed = {**before, f"{a}|SY": table[f"{a}|SY"]}
    again = _run(crashed, {}, {}, _tick("2024-12-09"), Record("m", p, 3))
    assert again.outs == whole.outs  # row a replays its outbox, row b is evaluated now
    assert crashed == table


def test_a_tick_redelivered_after_the_clock_was_written_replays_and_changes_nothing():
    a = "actor0"
    table = {}
    _run(table, {}, {}, _contribution(a, "2024-11-30", "c1"), _rec(a, 1))
    p = _rec(a, 0).partition
    whole = _run(table, {}, {}, _tick("2024-12-09"), Record("m", p, 3))
    after = copy.deepcopy(table)
    again = _run(table, {}, {}, _tick("2024-12-09"), Record("m", p, 3))
    assert again.outs == whole.outs and table == after


def test_revoked_partitions_lose_their_series_and_stream_time():
    table, times, exported = {}, {}, {}
    a = "actor0"
    other = next(f"x{i}" for i in range(64) if _rec(f"x{i}", 0).partition != _rec(a, 0).partition)
    for actor in (a, other):
        _run(table, times, exported, _contribution(actor, "2024-11-30", actor), _rec(actor, 1))
    p = _rec(a, 0).partition
    marks = h.revoked(exported, times, {p}, N)
    assert set(marks) == {remove(g, a, "SY", w) for g in gauges.SERIES for w in ("7d", "1d")}
    assert set(exported) == {f"{other}|SY"} and p not in times


def test_recovered_rows_of_owned_partitions_export_their_last_windows():
    table, a = {}, "actor0"
    other = next(f"x{i}" for i in range(64) if _rec(f"x{i}", 0).partition != _rec(a, 0).partition)
    for actor in (a, other):
        _run(table, {}, {}, _contribution(actor, "2024-11-30", actor), _rec(actor, 1))
    exported: dict = {}
    marks = gauges.restore(exported, table.items(), {_rec(a, 0).partition}, N)
    assert {m.labels for m in marks} == {(a, "SY", "7d"), (a, "SY", "1d")}
    assert all(isinstance(m, Mark) and m.op == "set" for m in marks)
    assert exported == {f"{a}|SY": {(a, "SY", "7d"), (a, "SY", "1d")}}


def test_windows_come_from_the_settings():
    from frontline.settings import Settings

    s = Settings(momentum_windows_days=(14, 7), momentum_grace_days=5, partitions=6)
    w = h.Windows.of(s)
    assert (w.windows_days, w.grace_days, w.partitions) == ((14, 7), 5, 6)
    assert (w.alert_threshold, w.resolve_threshold) == (
        s.momentum_alert_threshold,
        s.momentum_resolve_threshold,
    )
