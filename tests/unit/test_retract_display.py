"""`watch` and `tail` tell a revision from an original (contract 1.2)."""

from __future__ import annotations

import orjson

from frontline import watch
from frontline.control import fold, retract
from frontline.revisions import retraction_of

from .factories import HTS, SAA, event


def _json(model) -> dict:
    return orjson.loads(model.model_dump_json())


def test_retractions_and_recomputed_changes_are_marked_originals_are_not():
    cap = event("capture")
    assert not watch.describe("events.territorial", _json(cap)).startswith("RETRACTED")
    line = watch.describe("events.territorial", _json(retraction_of(cap)))
    assert line.startswith("RETRACTED ") and HTS.name in line
    state, _ = fold([event("holds", actor=SAA, day="2024-11-01"), cap], 0.5)
    change = _json(retract(state, cap.event_id).change)
    assert watch.describe("events.control", change).startswith("RECOMPUTED ")
    assert watch.row("events.control", change)[-1] == f"RECOMPUTED {HTS.name} ⇒ {SAA.name}"
    assert watch.row("events.territorial", _json(retraction_of(cap)))[-1].startswith("RETRACTED")


def test_a_recomputed_withdrawal_is_printed_at_once_not_held_for_a_capture():
    state, _ = fold([event("capture")], 0.5)
    change = _json(retract(state, event("capture").event_id).change)
    assert change["cause"] == "withdrawal" and change["controller"] is None
    assert watch.ControlMerger(clock=lambda: 0.0).feed(change) == [change]


def test_an_alert_row_says_why_it_resolved():
    alert = {"alert_id": "abc", "rule": "offensive_momentum", "state": "resolved",
             "severity": "warning", "actor": HTS.name, "country_code": "SY", "summary": "s",
             "value": 0.0, "at": "2024-12-01", "reason": "retraction"}  # fmt: skip
    assert watch.row("alerts.momentum", alert)[-1].startswith("resolved (retraction) warning")


def test_explain_strikes_out_retracted_evidence_and_names_the_superseding_change():
    from frontline import explain
    from frontline.models import Event

    from .factories import TOWN
    from .test_retract_flow import Pipeline

    p = Pipeline()
    holds = event("holds", actor=SAA, loc=TOWN, day="2024-11-01")
    cap = event("capture", loc=TOWN, day="2024-11-30", article="a1")
    back = retraction_of(cap)
    for e in (holds, cap, back):
        p.event(e)
    firing, resolved = (_json(a) for a in p.alerts)
    events: list[Event] = [holds, cap, back]
    chain = explain.build(
        [firing, resolved], [_json(c) for c in p.changes], [_json(e) for e in events], {}
    )
    (town,) = chain["places"]
    assert [(e["event_id"], e["retracted"]) for e in town["events"]] == [(cap.event_id, True)]
    assert town["superseded_by"]["revision"] == "recomputed"
    assert town["also_reported"] == []  # the retraction event is no second report
    text = explain.render(chain)
    assert f"event RETRACTED {cap.event_id}" in text and "~~“" in text
    assert f"SUPERSEDED by {p.changes[-1].change_id} after a retraction: now {SAA.name}" in text


def test_the_control_views_leave_the_event_log_out():
    from frontline import ledger

    state, _ = fold([event("capture")], 0.5)
    raw = ledger.join(state.model_dump(mode="json"), ledger.Ledger())
    assert state.log and "log" not in ledger.public(raw) and "controller" in ledger.public(raw)
