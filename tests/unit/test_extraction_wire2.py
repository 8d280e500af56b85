"""Precision on real agency prose, round 2 (issue 10, helper wire2). One test per linguistic
category, on sentences written here (never a report's text), each with a guard that the
ordinary case still reads. Static gazetteer: the rules, not the geography.
"""

from __future__ import annotations

from datetime import date

import pytest

from frontline.extraction import StaticGeoparser, extract
from frontline.models import Article

from .factories import extracted

GAZ = {
    "Afgooye": {"country_code": "SO", "admin1": "SO.14", "lat": 2.14, "lon": 45.12,
                "geonameid": 60, "level": "city"},
    "Qoryoley": {"country_code": "SO", "admin1": "SO.14", "lat": 1.79, "lon": 44.53,
                 "geonameid": 62, "level": "city"},
}  # fmt: skip
GEO = StaticGeoparser(GAZ)
PUB = "2024-03-09"


def _dated(text: str) -> list[tuple]:
    evs = extract(Article(id="t", published=PUB, text=text), GEO, history=True)
    return sorted((e.type.value, e.location.name, e.date) for e in evs)


# -- a decade dates its clause: "in the early 1990s" is history, not today's news
@pytest.mark.parametrize(
    ("phrase", "year"),
    [("in the early 1990s", 1992), ("during the 1980s", 1985), ("in the late 2000s", 2007)],
)
def test_a_decade_dates_the_capture(phrase, year):
    text = f"Al Shabaab fighters occupied Afgooye {phrase}."
    assert _dated(text) == [("capture", "Afgooye", date(year, 7, 1))]


def test_capture_without_a_decade_is_dated_to_its_day():
    text = "Al Shabaab fighters occupied Afgooye on Thursday."
    assert _dated(text) == [("capture", "Afgooye", date(2024, 3, 7))]


# -- forces gathering for a move ("massing to seize", "pulling together to occupy") have not
# made it yet
@pytest.mark.parametrize(
    "lead",
    ["were massing to seize", "were pulling together to occupy", "regrouped to retake",
     "had gathered to capture", "are mobilising to take"],
)  # fmt: skip
def test_forces_gathering_to_take_a_place_is_no_capture(lead):
    text = f"Al Shabaab fighters {lead} Afgooye, residents said."
    assert extracted(GEO, text, PUB) == []


def test_forces_that_massed_and_then_seized_still_capture():
    text = "Al Shabaab fighters massed near Qoryoley and seized Afgooye on Thursday."
    assert ("capture", "non_state", "Afgooye") in extracted(GEO, text, PUB)


# -- "X fell completely to Y": a degree or manner adverb inside the passive frame
@pytest.mark.parametrize("adverb", ["completely", "quickly", "once again"])
def test_fell_with_an_adverb_to_a_side_is_a_capture(adverb):
    text = f"Afgooye fell {adverb} to al Shabaab on Thursday."
    assert extracted(GEO, text, PUB) == [("capture", "non_state", "Afgooye")]


def test_fell_back_is_still_no_capture():
    text = "Government troops fell back to Qoryoley on Thursday."
    assert ("capture", "non_state", "Qoryoley") not in extracted(GEO, text, PUB)


# -- a generic non-state noun followed by the group it belongs to: the group takes the place
@pytest.mark.parametrize(
    "agent",
    ["the militants of al Shabaab", "fighters from al Shabaab", "fighters loyal to al Shabaab"],
)
def test_recipient_generic_of_a_named_group_is_that_group(agent):
    evs = extract(Article(id="t", published=PUB, text=f"Afgooye fell to {agent} on Thursday."), GEO)
    assert [(e.type.value, e.actor.name) for e in evs] == [("capture", "Al-Shabaab")]


def test_recipient_generic_alone_stays_generic():
    evs = extract(
        Article(id="t", published=PUB, text="Afgooye fell to the militants on Thursday."), GEO
    )
    assert [(e.type.value, e.actor.kind.value) for e in evs] == [("capture", "non_state")]
    assert evs[0].actor.name != "Al-Shabaab"


# -- before a passive verb, the place is the head of its phrase, not the container after "in"
@pytest.mark.parametrize("link", ["district in", "in", "village in the"])
def test_passive_subject_is_the_head_not_its_container(link):
    text = f"Afgooye {link} Qoryoley was briefly captured by al Shabaab on Thursday."
    assert extracted(GEO, text, PUB) == [("capture", "non_state", "Afgooye")]


def test_passive_subject_coordination_keeps_both_places():
    text = "Afgooye and Qoryoley were captured by al Shabaab on Thursday."
    assert extracted(GEO, text, PUB) == [
        ("capture", "non_state", "Afgooye"),
        ("capture", "non_state", "Qoryoley"),
    ]


# -- a seat named as the government it hosts ("the Tripoli government") is a side, not the
# place of the story: "the town" goes back to the place the story is about
@pytest.mark.parametrize("seat", ["government", "administration", "authorities"])
def test_a_seat_naming_its_government_is_no_antecedent(seat):
    text = (
        "Al Shabaab fighters attacked Afgooye on Thursday. "
        f"On Friday, forces allied to the Qoryoley {seat} retook the town."
    )
    assert ("capture", "state", "Qoryoley") not in extracted(GEO, text, PUB)
    assert ("capture", "state", "Afgooye") in extracted(GEO, text, PUB)


def test_a_seat_that_is_the_object_stays_a_place():
    text = "On Friday, government forces retook Qoryoley, seat of the district administration."
    assert extracted(GEO, text, PUB) == [("capture", "state", "Qoryoley")]


# -- a side's demonym on "reinforcements" names that side (actors.yaml alias)
def test_tigrayan_reinforcements_are_the_tigrayan_side():
    evs = extract(
        Article(id="t", published=PUB, text="Tigrayan reinforcements reached Afgooye on Thursday."),
        GEO,
    )
    assert {e.actor.name for e in evs} == {"Tigray Defense Forces"}


# -- a city naming the side it hosts ("Qoryoley forces") is no place of a fight
def test_a_city_naming_its_forces_is_not_where_the_attack_was():
    text = "Al Shabaab repelled an attack by Qoryoley forces on Thursday."
    assert extracted(GEO, text, PUB) == []


def test_a_city_after_forces_is_still_a_place():
    text = "Al Shabaab forces repelled an attack on Qoryoley on Thursday."
    assert ("battle", "non_state", "Qoryoley") in extracted(GEO, text, PUB)


# -- past an unknown name, a direction's reference point is not the place held or taken
@pytest.mark.parametrize("relation", ["south-east of", "some 40 km north of the town of"])
def test_reference_point_of_a_direction_is_not_the_place_held(relation):
    text = f"Al Shabaab still holds Dhanaane {relation} Qoryoley, residents said."
    evs = extract(Article(id="t", published=PUB, text=text), GEO)
    assert not [
        e for e in evs if e.location.name == "Qoryoley" and e.location.level.value == "city"
    ]


def test_known_place_before_a_direction_is_still_held():
    text = "Al Shabaab still holds Afgooye south-east of Qoryoley, residents said."
    assert extracted(GEO, text, PUB) == [("holds", "non_state", "Afgooye")]


# -- the two ends of a span ("between X and Y") are not the place taken
@pytest.mark.parametrize(
    "obj",
    ["the villages between Afgooye and Qoryoley", "the border post between Afgooye and Qoryoley"],
)
def test_ends_of_a_span_are_not_captured(obj):
    assert extracted(GEO, f"Al Shabaab seized {obj} on Thursday.", PUB) == []


def test_a_place_before_between_is_still_captured():
    text = "Al Shabaab seized Afgooye, between Qoryoley and the coast, on Thursday."
    assert extracted(GEO, text, PUB) == [("capture", "non_state", "Afgooye")]
