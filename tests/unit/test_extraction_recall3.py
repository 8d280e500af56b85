"""Recall on notes that yielded no event (issue 10, round 6): one test per category, own
sentences (never a dev note), each with a guard that the new wording does not fire on a
hypothetical, a denial or background. Static gazetteer: the rules, not the geography.
"""

from __future__ import annotations

import pytest

from frontline.extraction import StaticGeoparser, extract
from frontline.models import Article

GAZ = {
    "Libya": {"country_code": "LY", "lat": 26.0, "lon": 17.0, "geonameid": 1,
              "level": "country"},
    "Misrata": {"country_code": "LY", "admin1": "LY.72", "lat": 32.38, "lon": 15.09,
                "geonameid": 41, "level": "city"},
    "Sirte": {"country_code": "LY", "admin1": "LY.76", "lat": 31.2, "lon": 16.59,
              "geonameid": 40, "level": "city"},
    "Marib": {"country_code": "YE", "admin1": "YE.14", "lat": 15.46, "lon": 45.32,
              "geonameid": 30, "level": "city"},
    "Saraqib": {"country_code": "SY", "admin1": "SY.12", "lat": 35.86, "lon": 36.8,
                "geonameid": 14, "level": "city"},
}  # fmt: skip
GEO = StaticGeoparser(GAZ)


def _events(text: str, published: str = "2024-03-09") -> list[tuple]:
    evs = extract(Article(id="t", published=published, text=text), GEO)
    return sorted((e.type.value, e.actor.kind.value, e.location.name, e.status.value) for e in evs)


# -- a battle told as a report: "a clash between X and Y, <insertion>, was reported in Z"
def test_clash_between_sides_with_an_insertion_reported_in_a_place_is_a_battle():
    text = (
        "On Tuesday, an armed clash between GNA and LNA forces, involving heavy machine "
        "guns, was reported in Sirte. No casualties were reported."
    )
    assert [e[:3] for e in _events(text)] == [("battle", "state", "Sirte")]


def test_clash_between_sides_reported_only_as_feared_is_no_battle():
    text = (
        "Residents said a clash between GNA and LNA forces, if talks fail, would be "
        "reported in Sirte within days."
    )
    assert _events(text) == []


# -- a sentence that opens with the fighting names its sides after "between"
def test_fighting_around_a_place_between_two_sides_is_a_battle():
    text = (
        "Fighting around Marib between Houthi forces and government troops intensified on Monday."
    )
    assert [e[:3] for e in _events(text)] == [("battle", "non_state", "Marib")]


def test_fighting_around_a_place_with_no_side_named_is_no_battle():
    assert _events("Fighting around Marib intensified on Monday, residents said.") == []


# -- a passive with an adverb: "has been formally handed over to X"
@pytest.mark.parametrize("adverb", ["formally", "officially", "peacefully"])
def test_handed_over_to_with_an_adverb_is_a_capture_by_the_recipient(adverb):
    text = f"The airport of Misrata has been {adverb} handed over to the Libyan National Army."
    assert ("capture", "state", "Misrata", "reported") in _events(text)


def test_handed_over_to_denied_is_no_capture():
    text = (
        "The Libyan National Army denied that the airport of Misrata had been formally "
        "handed over to its forces."
    )
    assert [e for e in _events(text) if e[3] != "denied"] == []
