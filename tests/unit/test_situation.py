"""The situation read model folds events with the control rule and keeps evidence per change."""

from __future__ import annotations

from frontline.revisions import retraction_of
from frontline.situation.model import Situation

from .factories import HTS, SAA, TOWN, event


def test_history_keeps_status_quo_then_changes_with_their_evidence():
    m = Situation()
    m.apply(event("holds", actor=SAA, day="2024-11-20", article="a0"))
    m.apply(event("withdrawal", actor=SAA, day="2024-11-30", article="a1"))
    m.apply(event("capture", day="2024-11-30", article="a2"))
    m.apply(event("capture", day="2024-11-30", article="a3"))  # repeat: evidence, no change
    snap = m.snapshot()
    (aleppo,) = snap["places"]
    assert (aleppo["controller"]["name"], aleppo["since"]) == (HTS.name, "2024-11-30")
    steps = [
        (h["since"], (h["previous"] or {}).get("name"), (h["controller"] or {}).get("name"))
        for h in aleppo["history"]
    ]
    assert steps == [
        ("2024-11-20", None, SAA.name),
        ("2024-11-30", SAA.name, None),
        ("2024-11-30", None, HTS.name),
    ]
    assert aleppo["history"][0]["change_id"] is None  # status quo, not a change
    cited = {snap["events"][i]["article_id"] for i in aleppo["history"][-1]["event_ids"]}
    assert "a2" in cited
    assert (snap["first_date"], snap["last_date"]) == ("2024-11-20", "2024-11-30")


def test_filters_and_places_without_a_controller_are_left_out():
    m = Situation()
    m.apply(event("capture", day="2024-12-01", article="b1"))
    m.apply(event("battle", loc=TOWN, day="2024-12-02", article="b2"))  # no control change
    assert [p["key"] for p in m.snapshot()["places"]] == ["gn:170063"]
    assert m.snapshot(country="UA")["count"] == 0
    assert m.snapshot(place="gn:170063")["count"] == 1
    assert m.snapshot()["places"][0]["display_name"] == "Aleppo"
    assert m.snapshot(name="aleppo")["count"] == 1
    assert m.snapshot(name="Saraqib")["count"] == 0


def test_name_filter_accepts_english_and_geonames_spellings():
    hama = TOWN.model_copy(update={"name": "Ḩamāh", "geonameid": 170017, "mention": "Hama"})
    m = Situation()
    m.apply(event("capture", loc=hama, day="2024-12-05", article="h1"))
    for name in ("Hama", "Ḩamāh", "hamah", "HAMA"):
        assert [p["display_name"] for p in m.snapshot(name=name)["places"]] == ["Hama"], name


def test_low_confidence_and_denied_reports_change_nothing():
    m = Situation(min_confidence=0.5)
    m.apply(event("capture", confidence=0.3, article="c1"))
    m.apply(event("capture", status="denied", article="c2"))
    assert m.snapshot()["count"] == 0
    assert m.applied == 2


def test_a_retraction_recomputes_the_place_and_keeps_the_superseded_entry():
    m = Situation()
    m.apply(event("holds", actor=SAA, day="2024-11-20", article="a0"))
    cap = event("capture", day="2024-11-30", article="a2")
    m.apply(cap)
    m.apply(retraction_of(cap))
    m.apply(retraction_of(cap))  # twice: once
    snap = m.snapshot()
    (aleppo,) = snap["places"]
    assert aleppo["controller"]["name"] == SAA.name
    captured, recomputed = aleppo["history"][-2:]
    assert len(aleppo["history"]) == 3
    assert recomputed["revision"] == "recomputed"
    assert recomputed["supersedes"] == captured["change_id"]
    assert (recomputed["controller"]["name"], recomputed["previous"]["name"]) == (
        SAA.name,
        HTS.name,
    )
    assert snap["events"][cap.event_id]["retracted"] is True  # cited by the superseded entry
