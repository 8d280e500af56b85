"""Trigger retyping (`extraction/retyping.py`) and the place filters
(`extraction/placefilters.py`) on their own: a hand-built trigger in a sentence, hand-built
places (no text pipeline, no gazetteer). Each rule has a guard case it must leave alone."""

from __future__ import annotations

from frontline.extraction.placefilters import speaking_capitals, without_dateline
from frontline.extraction.retyping import retype
from frontline.extraction.state import Candidate
from frontline.geo.place import Place


def _retype(sentence: str, word: str, type_: str, frame: str = "active") -> Candidate | None:
    start = sentence.index(word)
    return retype(
        Candidate(type_, frame, start, start + len(word)), sentence, sentence, len(sentence)
    )


def test_control_that_names_who_holds_a_place_is_no_trigger():
    assert (
        _retype("The militants in control of Afgooye imposed taxes.", "in control", "holds") is None
    )
    # guard: control as the result of the fighting is told
    got = _retype(
        "Fighting ended, leaving the militants in control of Afgooye.", "in control", "holds"
    )
    assert got is not None and got.type == "holds"


def test_an_attempt_met_by_fighting_is_a_battle():
    got = _retype("Al Shabaab tried to take Afgooye, sparking heavy clashes.", "take", "capture")
    assert got is not None and (got.type, got.attempt) == ("battle", True)
    # guard: an attempt with no fighting told is left to the cues (a capture, not a battle)
    got = _retype("Al Shabaab tried to take Afgooye.", "take", "capture")
    assert got is not None and got.type == "capture"


def test_control_told_with_its_cause_is_a_capture():
    got = _retype("Al Shabaab controls Afgooye after SNA forces withdrew.", "controls", "holds")
    assert got is not None and got.type == "capture"
    # guard: "still controls ... after" is a standing claim
    got = _retype(
        "Al Shabaab still controls Afgooye after SNA forces withdrew.", "controls", "holds"
    )
    assert got is not None and got.type == "holds"


def test_an_advance_into_a_place_the_other_side_left_is_a_capture():
    got = _retype(
        "Al Shabaab advanced into Afgooye after SNA forces withdrew.", "advanced into", "advance"
    )
    assert got is not None and got.type == "capture"
    # guards: with no side leaving, and into the outskirts only (the trigger's own span, as
    # triggers.yaml reads it), an advance stays one
    sentence = "Al Shabaab advanced into Afgooye after heavy rain."
    got = _retype(sentence, "advanced into", "advance")
    assert got is not None and got.type == "advance"
    sentence = "Al Shabaab advanced into the outskirts of Afgooye after SNA forces withdrew."
    got = _retype(sentence, "advanced into the outskirts of", "advance")
    assert got is not None and got.type == "advance"


def test_a_capture_but_repelled_is_a_battle():
    got = _retype(
        "Al Shabaab stormed positions in Afgooye but were repelled.", "stormed", "capture"
    )
    assert got is not None and (got.type, got.attempt) == ("battle", False)
    # guard: a capture with no repulse stays
    got = _retype("Al Shabaab stormed positions in Afgooye and held them.", "stormed", "capture")
    assert got is not None and got.type == "capture"


def _place(text: str, name: str, feature_code: str = "PPL") -> Place:
    start = text.index(name)
    return Place(
        mention=name, start=start, end=start + len(name), name=name, geonameid=None,
        country_code="UA", admin1=None, lat=0.0, lon=0.0, level="city", confidence=1.0,
        feature_code=feature_code,
    )  # fmt: skip


def test_places_named_in_passing_are_no_places_of_the_story():
    cases = [
        ("Kyiv says its troops took Bakhmut.", "Kyiv", "PPLC"),  # a capital that speaks
        ("Misrata-led forces took Sirte.", "Misrata", "PPL"),  # a compound adjective
        ("Troops moved along the Kherson axis.", "Kherson", "PPL"),  # a front's name
        ("Rebels took Kyaukme, a town south-west of Lashio.", "Lashio", "PPL"),  # a landmark
        ("Rebels took a town on the road to Mandalay.", "Mandalay", "PPL"),  # a road's end
    ]
    for text, name, code in cases:
        assert speaking_capitals([_place(text, name, code)], text) == [], text
    # guards: the same names as places of the story
    for text, name, code in [
        ("Russian troops shelled Kyiv on Monday.", "Kyiv", "PPLC"),
        ("Forces took Misrata.", "Misrata", "PPL"),
        ("Rebels took Lashio.", "Lashio", "PPL"),
    ]:
        place = _place(text, name, code)
        assert speaking_capitals([place], text) == [place], text


def test_the_dateline_is_blanked_with_its_offsets_kept():
    text = "YANGON, Dec 9 - Rebels took Lashio."
    body = without_dateline(text)
    assert body == " " * len("YANGON, Dec 9 - ") + "Rebels took Lashio."
    assert len(body) == len(text)
    # guard: a text with no dateline is unchanged
    assert (
        without_dateline("Rebels took Lashio - a spokesman said.")
        == "Rebels took Lashio - a spokesman said."
    )
