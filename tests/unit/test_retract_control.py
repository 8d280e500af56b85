"""Retracting an event re-folds the place's remaining log (contract 1.2)."""

from frontline.control import MAX_LOG, apply_event, fold, retract
from frontline.revisions import retraction_of

from .factories import HTS, SAA, event


def _fold(*events):
    state, changes = fold(list(events), 0.5)
    return state, changes


def test_log_keeps_decisive_events_once_and_bounded():
    s, _ = _fold(
        event("holds", actor=SAA, day="2024-11-01"),
        event("capture", article="a1", day="2024-11-30"),
        event("capture", actor=SAA, status="denied", article="a9", day="2024-12-01"),
        event("capture", actor=SAA, confidence=0.2, article="a8", day="2024-12-01"),
    )
    assert len(s.log) == 2  # denied and low-confidence events can never decide control
    s2, _ = apply_event(s, event("capture", article="a1", day="2024-11-30"))
    assert len(s2.log) == 2
    for i in range(MAX_LOG + 5):
        s, _ = apply_event(s, event("capture", article=f"b{i}", day="2024-12-02"))
    assert len(s.log) == MAX_LOG


def test_retracting_the_capture_restores_the_holder_and_supersedes_the_change():
    holds = event("holds", actor=SAA, day="2024-11-01")
    cap = event("capture", article="a1", day="2024-11-30")
    s, changes = _fold(holds, cap)
    assert s.controller == HTS and s.change_id == changes[0].change_id
    r = retract(s, cap.event_id)
    assert r.state.controller == SAA and r.state.since.isoformat() == "2024-11-01"
    assert r.change is not None and r.change.revision == "recomputed"
    assert r.change.supersedes == changes[0].change_id
    assert r.change.previous_controller == HTS and r.change.controller == SAA
    assert [c.change_id for c in r.superseded] == [changes[0].change_id] and r.added == []
    assert cap.event_id in r.state.retracted and r.state.change_id == r.change.change_id
    # the retracted event, redelivered, is never applied again; a retraction twice is a no-op
    again, c = apply_event(r.state, cap)
    assert c is None and again.controller == SAA
    assert retract(r.state, cap.event_id) == (r.state, None, [], [])


def test_retracting_one_of_two_reports_keeps_control_and_publishes_nothing():
    a1 = event("capture", article="a1", day="2024-11-30")
    a2 = event("capture", article="a2", day="2024-11-30")
    s, _ = _fold(a1, a2)
    r = retract(s, a2.event_id)
    assert r.state.controller == HTS and r.change is None
    assert r.superseded == [] and r.added == []


def test_retracting_the_first_capture_of_a_chain_moves_the_change_not_the_controller():
    first = event("capture", article="a1", day="2024-11-29")
    later = event("capture", actor=SAA, article="a2", day="2024-11-30")
    s, changes = _fold(first, later)
    r = retract(s, first.event_id)
    assert r.change is None and r.state.controller == SAA
    # momentum: both old changes go, the re-fold's own change (nobody -> SAA) comes
    assert {c.change_id for c in r.superseded} == {c.change_id for c in changes}
    assert len(r.added) == 1 and r.added[0].previous_controller is None
    assert r.added[0].controller == SAA


def test_older_news_ignored_at_first_wins_once_the_later_event_is_retracted():
    cap = event("capture", article="a1", day="2024-12-03")
    late = event("capture", actor=SAA, article="a2", day="2024-12-01")
    s, _ = _fold(cap, late)
    assert s.controller == HTS
    r = retract(s, cap.event_id)
    assert r.state.controller == SAA and r.change.controller == SAA


def test_retracting_the_only_evidence_leaves_no_known_controller():
    cap = event("capture", article="a1")
    s, _ = _fold(cap)
    r = retract(s, cap.event_id)
    assert r.state is not None and r.state.controller is None and r.state.log == []
    assert r.change.controller is None and r.change.cause == "withdrawal"


def test_unknown_or_unlogged_event_only_records_the_retraction():
    assert retract(None, "x") == (None, None, [], [])
    s, _ = _fold(event("capture"))
    r = retract(s, "not-here")
    assert r.state.controller == HTS and r.change is None and r.state.retracted == ["not-here"]


def test_a_retraction_before_its_original_keeps_the_original_out():
    cap = event("capture", article="a1")
    r = retract(None, cap.event_id, 0.5, retraction_of(cap))
    assert r.state is not None and r.state.controller is None and r.change is None
    s, c = apply_event(r.state, cap)
    assert c is None and s.controller is None  # the late original is not applied
    s, c = apply_event(s, event("capture", actor=SAA, article="a2"))
    assert c is not None and c.previous_controller is None and s.controller == SAA
    assert s.retracted == [cap.event_id]


def test_a_place_whose_evidence_was_all_retracted_starts_afresh():
    cap = event("capture", article="a1")
    s, _ = _fold(cap)
    blank = retract(s, cap.event_id).state
    s2, c = apply_event(blank, event("holds", actor=SAA, article="a2", day="2024-12-01"))
    assert c is None and s2.controller == SAA  # the status quo, as on a new place
