"""A retraction through the control and momentum handlers (plain dicts as tables): the
recomputed change, the superseded contributions taken back once, and the alert resolving."""

from __future__ import annotations

import json

from frontline import ledger, momentum
from frontline.handlers import Record
from frontline.handlers import control as ch
from frontline.handlers import momentum as mh
from frontline.models import Alert, ControlChange, ControlState, Event, MomentumInput
from frontline.partitioning import key_partition
from frontline.revisions import retraction_of

from .factories import HTS, SAA, TOWN, event

N = 4
W = mh.Windows(windows_days=(7,), grace_days=3, alert_threshold=2.0, resolve_threshold=0.5,
               partitions=N)  # fmt: skip


class Pipeline:
    """Control then momentum handlers, records routed by key as Kafka would."""

    def __init__(self) -> None:
        self.control: dict = {}
        self.clocks: dict = {}
        self.momentum: dict = {}
        self.times: dict = {}
        self.exported: dict = {}
        self.offsets = {"events": 0, "momentum": 0}
        self.changes: list[ControlChange] = []
        self.alerts: list[Alert] = []
        self.inputs: list[MomentumInput] = []

    def event(self, e: Event) -> None:
        self.offsets["events"] += 1
        rec = Record("events", 0, self.offsets["events"])
        res = ch.handle(self.control, self.clocks, e, rec, 0.5, N)
        for dest, key, value, _ in res.outs:
            if dest == "control_changes":
                self.changes.append(ControlChange.model_validate_json(value))
            elif key is not None:  # contributions; ticks (key None) are not needed here
                self.contribution(key, MomentumInput.model_validate_json(value))

    def contribution(self, key: str, mi: MomentumInput) -> None:
        self.inputs.append(mi)
        self.offsets["momentum"] += 1
        rec = Record("momentum.input", key_partition(key, N), self.offsets["momentum"])
        res = mh.handle(self.momentum, self.times, self.exported, mi, rec, W)
        self.alerts += [Alert.model_validate_json(o[2]) for o in res.outs if o[0] == "alerts"]

    def net(self, actor: str) -> float:
        row = momentum.MomentumState.model_validate(self.momentum[f"{actor}|SY"])
        return momentum.net(row, max(self.times.values()), 7)


def test_retracting_the_capture_recomputes_control_and_resolves_the_alert():
    p = Pipeline()
    p.event(event("holds", actor=SAA, loc=TOWN, day="2024-11-01"))
    cap = event("capture", loc=TOWN, day="2024-11-30", article="a1")
    p.event(cap)
    [change] = p.changes
    [firing] = p.alerts
    assert firing.state == "firing" and firing.actor == HTS.name and p.net(HTS.name) == 3.0
    p.event(retraction_of(cap))
    recomputed = p.changes[-1]
    assert recomputed.revision == "recomputed" and recomputed.supersedes == change.change_id
    assert recomputed.controller == SAA and recomputed.previous_controller == HTS
    back = [mi for mi in p.inputs if mi.retract]
    assert {mi.contribution_id for mi in back} == {
        mi.contribution_id for mi in p.inputs if not mi.retract
    }
    assert p.net(HTS.name) == 0.0 and p.net(SAA.name) == 0.0
    resolved = p.alerts[-1]
    assert resolved.state == "resolved" and resolved.alert_id == firing.alert_id
    assert resolved.reason == "retraction"
    row, _ = ledger.split(p.control[TOWN.key])
    assert ControlState.model_validate(row).controller == SAA


def test_a_retraction_redelivered_or_repeated_takes_back_once():
    p = Pipeline()
    p.event(event("holds", actor=SAA, loc=TOWN, day="2024-11-01"))
    cap = event("capture", loc=TOWN, day="2024-11-30")
    p.event(cap)
    p.event(retraction_of(cap))
    n_changes, n_alerts = len(p.changes), len(p.alerts)
    p.event(retraction_of(cap))  # the article retracted twice
    assert (len(p.changes), len(p.alerts)) == (n_changes, n_alerts)
    for mi in [mi for mi in p.inputs if mi.retract]:  # removals delivered again
        p.contribution(momentum.state_key(mi.actor, "SY"), mi)
    assert p.net(HTS.name) == 0.0 and p.net(SAA.name) == 0.0
    p.event(cap)  # the original event again: never re-applied
    assert len(p.changes) == n_changes


def test_control_handler_replays_a_redelivered_retraction():
    table, clocks = {}, {}
    cap = event("capture", loc=TOWN)
    ch.handle(table, clocks, cap, Record("events", 0, 1), 0.5, N)
    r = retraction_of(cap)
    first = ch.handle(table, clocks, r, Record("events", 0, 2), 0.5, N)
    again = ch.handle(table, clocks, r, Record("events", 0, 2), 0.5, N)
    assert first.outs and again.outs == first.outs
    gone = [json.loads(o[2]) for o in first.outs if o[0] == "momentum_input" and o[1]]
    assert gone and all(g["retract"] for g in gone)


def test_a_capital_alert_resolves_when_its_capture_is_retracted():
    p = Pipeline()
    p.event(event("holds", actor=SAA, day="2024-11-01"))  # Aleppo, an admin1 capital
    cap = event("capture", day="2024-11-30")
    p.event(cap)
    firing = [a for a in p.alerts if a.rule == "capital_changed_hands"]
    assert [a.state for a in firing] == ["firing"]
    p.event(retraction_of(cap))
    capital = [a for a in p.alerts if a.rule == "capital_changed_hands"]
    assert [(a.state, a.reason) for a in capital] == [("firing", None), ("resolved", "retraction")]
    assert capital[0].alert_id == capital[1].alert_id


def test_a_recomputed_change_counts_no_capital_gain():
    table, clocks = {}, {}
    first = event("capture", actor=SAA, day="2024-11-01")
    ch.handle(table, clocks, first, Record("e", 0, 1), 0.5, N)
    cap = event("capture", day="2024-11-30")
    ch.handle(table, clocks, cap, Record("e", 0, 2), 0.5, N)
    res = ch.handle(table, clocks, retraction_of(cap), Record("e", 0, 3), 0.5, N)
    assert [m.metric for m in res.marks] == ["control_changes"]
