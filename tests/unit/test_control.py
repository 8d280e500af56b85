from frontline.control import apply_event

from .factories import ALEPPO, HTS, SAA, event


def test_capture_changes_control_once_however_many_reports():
    s1, c1 = apply_event(None, event("capture", article="a1"))
    assert c1 is not None and c1.controller == HTS and c1.previous_controller is None
    s2, c2 = apply_event(s1, event("capture", article="a2"))
    s3, c3 = apply_event(s2, event("capture", article="a3", day="2024-12-01"))
    assert c2 is None and c3 is None
    assert s3.controller == HTS and len(s3.event_ids) == 3


def test_holds_sets_status_quo_silently_then_capture_changes_it():
    s1, c1 = apply_event(None, event("holds", actor=SAA, day="2024-11-01"))
    assert c1 is None and s1.controller == SAA
    _, c2 = apply_event(s1, event("capture"))
    assert c2.previous_controller == SAA and c2.controller == HTS
    assert c2.change_id == apply_event(s1, event("capture", article="other"))[1].change_id


def test_withdrawal_by_holder_then_capture():
    s1, _ = apply_event(None, event("holds", actor=SAA, day="2024-11-01"))
    s2, c2 = apply_event(s1, event("withdrawal", actor=SAA, day="2024-11-29"))
    assert c2.previous_controller == SAA and c2.controller is None
    _, c3 = apply_event(s2, event("capture", day="2024-11-30"))
    assert c3.previous_controller is None and c3.controller == HTS


def test_withdrawal_of_someone_not_holding_changes_nothing():
    s1, _ = apply_event(None, event("capture"))
    s2, c2 = apply_event(s1, event("withdrawal", actor=SAA, day="2024-12-01"))
    assert c2 is None and s2.controller == HTS


def test_denied_low_confidence_and_older_news_do_not_change_control():
    s1, _ = apply_event(None, event("capture", day="2024-12-01"))
    for ev in (
        event("capture", actor=SAA, status="denied", day="2024-12-02"),
        event("capture", actor=SAA, confidence=0.2, day="2024-12-02"),
        event("capture", actor=SAA, day="2024-11-20"),
    ):
        s, c = apply_event(s1, ev)
        assert c is None and s.controller == HTS


def test_claim_needs_a_second_article():
    s1, c1 = apply_event(None, event("capture", status="claimed", article="a1"))
    assert c1 is None and s1.controller is None
    s2, c2 = apply_event(s1, event("capture", status="claimed", article="a1"))
    assert c2 is None
    _, c3 = apply_event(s2, event("capture", status="claimed", article="a2"))
    assert c3 is not None and c3.controller == HTS and c3.location == ALEPPO


def test_battle_and_advance_never_change_control():
    s1, _ = apply_event(None, event("capture"))
    for t in ("battle", "advance"):
        s, c = apply_event(s1, event(t, actor=SAA, day="2024-12-02"))
        assert c is None and s.controller == HTS


def test_a_redelivered_event_is_never_applied_again():
    """The issue's case: after a crash the worker re-read an earlier capture of the same day
    on top of the restored row and handed the place back (a control change nobody made)."""
    s1, c1 = apply_event(None, event("capture", actor=SAA, article="a1"))
    s2, c2 = apply_event(s1, event("capture", actor=HTS, article="a2"))
    assert c1 is not None and c2 is not None and s2.controller == HTS
    s3, c3 = apply_event(s2, event("capture", actor=SAA, article="a1"))  # redelivered
    assert c3 is None and s3 == s2


def test_a_redelivered_withdrawal_does_not_undo_a_later_capture():
    s1, _ = apply_event(None, event("holds", actor=SAA, day="2024-11-01"))
    w = event("withdrawal", actor=HTS, article="w1", day="2024-11-30")  # HTS does not hold it
    s2, c2 = apply_event(s1, w)
    assert c2 is None
    s3, c3 = apply_event(s2, event("capture", actor=HTS, article="c1", day="2024-11-30"))
    assert c3 is not None and s3.controller == HTS
    s4, c4 = apply_event(s3, w)  # the earlier withdrawal again, now by the holder
    assert c4 is None and s4.controller == HTS


def test_applied_ids_are_pruned_once_older_than_the_state():
    s1, _ = apply_event(None, event("capture", actor=SAA, article="a1", day="2024-11-01"))
    s2, _ = apply_event(s1, event("capture", actor=HTS, article="a2", day="2024-11-30"))
    assert list(s2.applied.values()) == ["2024-11-30"]
    s3, c3 = apply_event(s2, event("capture", actor=SAA, article="a1", day="2024-11-01"))
    assert c3 is None and s3.controller == HTS  # older than `since`: ignored anyway


def test_a_change_names_the_articles_behind_it():
    _, change = apply_event(None, event("capture", article="wire-7"))
    assert change.article_ids == ["wire-7"]
    first, none = apply_event(None, event("capture", status="claimed", article="c1"))
    assert none is None
    _, corroborated = apply_event(first, event("capture", status="claimed", article="c2"))
    assert corroborated.article_ids == ["c1", "c2"]
