"""Issue 10, round 10 (actors): sides named as conflict reporting names them resolve to a
name and a kind; a force noun after a name the dictionary lacks is that group, not the army
of the place's country; single-theatre groups carry their province. Sentences written for
these tests (none from the evaluation sets)."""

from __future__ import annotations

import pytest

from frontline.actors import ActorDictionary
from frontline.extraction import StaticGeoparser, extract
from frontline.geo.parser import Geoparser
from frontline.models import Article

from .factories import extracted


@pytest.fixture(scope="module")
def actors() -> ActorDictionary:
    return ActorDictionary.default()


def _armed(actors: ActorDictionary, text: str) -> list[tuple[str, str, str]]:
    """(surface, name, kind in a place of its own country) of each armed mention."""
    out = []
    for m in actors.find(text):
        if m.entry.armed:
            actor = actors.resolve(m.entry, m.entry.country or "XX")
            out.append((m.text, actor.name, actor.kind.value))
    return out


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        ("SPLM/A-IO fighters overran the barracks.", "SPLA-IO", "non_state"),
        ("NAS said its men entered the village.", "National Salvation Front", "non_state"),
        ("KIO troops moved into the valley.", "Kachin Independence Army", "non_state"),
        ("Amba Boys blocked the road.", "Ambazonian separatists", "non_state"),
        ("ANSF units pushed into the district.", "Afghan National Defense and Security Forces",
         "state"),
        ("ISKP gunmen struck the checkpoint.", "Islamic State Khorasan", "non_state"),
        ("ISS militants raided the hamlet.", "Islamic State Somalia", "non_state"),
        ("Katiba Macina fighters surrounded the market.", "Katiba Macina", "non_state"),
        ("Yan Sakai vigilantes chased the herders.", "Yan Sakai", "non_state"),
        ("BIR soldiers swept the quarter.", "government forces (XX)", "state"),
        ("Macawisley militiamen held the wells.", "Macawisley", "non_state"),
        ("Darawiish forces secured the airstrip.", "Somali National Army", "state"),
        ("National Resistance forces advanced on the coast.", "National Resistance Forces",
         "non_state"),
        ("Police Forces of Mexico (2018-) arrived.", "Mexican Armed Forces", "state"),
    ],
)  # fmt: skip
def test_names_of_conflict_reporting_resolve_to_a_name_and_a_kind(actors, text, name, kind):
    found = _armed(actors, text)
    assert found and found[0][1:] == (name, kind), found


def test_the_two_ahlu_sunna_are_told_apart_by_spelling(actors):
    somali = actors.find("Ahlu Sunna Wal Jamaa fighters left the town.")[0].entry
    mozambican = actors.find("Ahlu Sunnah Wa-Jama'a fighters left the town.")[0].entry
    assert (somali.name, somali.country) == ("Ahlu Sunna Wal Jamaa", "SO")
    assert (mozambican.name, mozambican.country) == ("Ahlu Sunnah wal Jamaa", "MZ")
    shared = actors.find("ASWJ fighters left the town.")[0].entry
    assert shared.country is None and {cc for cc, _a1 in shared.countries} == {"SO", "MZ"}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # an acronym the dictionary lacks, before a force noun: a group named by it
        ("QRZA troops seized the ridge.", "QRZA"),
        ("The fighting ended when KPLF-N forces entered the town.", "KPLF-N"),
        # a capitalised force noun after capitalised words: the whole name
        ("On Monday the Kawthoolei Liberation Army took the hill.", "Kawthoolei Liberation Army"),
        ("Residents said Mountain Lion Defence Forces held the pass.",
         "Mountain Lion Defence Forces"),
    ],
)  # fmt: skip
def test_a_force_noun_ending_an_unknown_name_is_a_non_state_group(actors, text, name):
    found = _armed(actors, text)
    assert found[0][1:] == (name, "non_state"), found


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("UN troops patrolled the camp.", "state"),  # a peace operation: as before
        ("The Afghan National Army retook the bridge.", "state"),  # a state's own name
        ("Indonesian Army units landed.", "state"),  # a country the dictionary lacks
        ("The city is held by the Defence Forces of Ukraine.", "state"),  # the name goes on
        ("Then Army troops entered the town.", "state"),  # one sentence-initial word
        ("Sudan People's Liberation Army forces crossed the river.", "state"),
        ("The 2nd Army took the town.", "state"),  # a numbered unit
        ("FDS troops retook the town.", "state"),  # a state unit's acronym in several countries
        ("UN-backed government forces retook the port.", "state"),  # a side suffix, not a name
        ("It was retaken by Zintan Special Forces.", "state"),  # a state's unit after a name
        ("Russia's 58th Army took the town.", "state"),  # a state's possessive
    ],
)
def test_a_force_noun_after_a_state_or_a_non_name_keeps_its_state_reading(actors, text, kind):
    found = _armed(actors, text)
    assert found and found[0][2] == kind, found
    assert all(m.entry.category != "group" for m in actors.find(text)), text


def test_a_groups_led_or_backed_side_is_that_group(actors):
    for text in ("Houthi-led forces entered the port.", "RSF-aligned militias held the road."):
        entry = actors.find(text)[0].entry
        assert entry.category == "group", text


def test_an_acled_bracketed_qualifier_belongs_to_the_actor_before_it(actors):
    found = actors.find("Unidentified Armed Group (Libya) took the depot.")
    assert [(m.text, m.entry.category) for m in found] == [
        ("Armed Group (Libya)", "generic_non_state")
    ]
    found = actors.find("Rebels (M23) took the depot.")
    assert [(m.text, m.entry.name) for m in found] == [("Rebels (M23)", "M23")]


GAZ = {
    "Yei": {"country_code": "SS", "admin1": "SS.01", "lat": 4.09, "lon": 30.68,
            "geonameid": 91, "level": "city"},
    "Mong La": {"country_code": "MM", "admin1": "MM.11", "lat": 21.68, "lon": 100.09,
                "geonameid": 92, "level": "city"},
    "Gharyan": {"country_code": "LY", "admin1": "LY.80", "lat": 32.17, "lon": 13.02,
                "geonameid": 93, "level": "city"},
}  # fmt: skip
GEO = StaticGeoparser(GAZ)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # the prefix defect: "SPLA" / "forces" inside a longer name read as the state's army
        ("SPLA-IO forces captured Yei on Tuesday.", ("capture", "non_state", "Yei")),
        ("UWSA troops took control of Mong La on Tuesday.",
         ("capture", "non_state", "Mong La")),
        ("Unidentified Armed Group (Libya) took control of Gharyan on Tuesday.",
         ("capture", "non_state", "Gharyan")),
        ("Government troops recaptured Yei on Tuesday.", ("capture", "state", "Yei")),
    ],
)  # fmt: skip
def test_the_side_that_takes_the_town_has_its_kind(text, want):
    assert extracted(GEO, text, "2023-05-02") == [want]


@pytest.mark.gazetteer
def test_every_theatre_admin1_is_a_gazetteer_province_of_its_country(actors):
    real = Geoparser.default()
    seen = 0
    for m in actors.find(
        "M23, CODECO, MNDAA, TNLA, Arakan Army, KIA, KNLA, Fano, OLA, TPLF, Ansaru, "
        "Ahlu Sunna Wal Jamaa, ISWAP, IS Sahel, NAS, UWSA, KNDF, CNF, Rada, TTP"
    ):
        for cc, a1 in m.entry.countries:
            if a1 is None:
                continue
            area = real.lookup_admin1(a1)
            assert area is not None and area.country_code == cc, (m.entry.name, a1)
            seen += 1
    assert seen >= 20


@pytest.mark.gazetteer
def test_a_single_theatre_group_places_an_unknown_town_in_its_province():
    real = Geoparser.default()
    evs = extract(
        Article(id="r10a", published="2024-02-01", text="M23 rebels took control of Walikale."),
        real,
    )
    assert [(e.actor.kind.value, e.location.level, e.location.admin1) for e in evs] == [
        ("non_state", "admin1", "CD.11")
    ]
