"""Recall on terse notes (issue 10, round 3): one test per linguistic category, own sentences.

Static gazetteer for the rules (deterministic, fast); the real geoparser only where the rule
reads the real gazetteer (how spread out a country is).
"""

from __future__ import annotations

import pytest

from frontline.actors import ActorDictionary
from frontline.extraction import StaticGeoparser, extract
from frontline.extraction.fallback import COMPACT_COUNTRY_KM, actor_country
from frontline.extraction.lexicon import expand
from frontline.models import Article

GAZ = {
    "Syria": {"country_code": "SY", "lat": 35.0, "lon": 38.0, "geonameid": 10,
              "level": "country"},
    "Idlib Governorate": {"country_code": "SY", "admin1": "SY.12", "lat": 35.8, "lon": 36.6,
                          "geonameid": 11, "level": "admin1"},
    "Homs Governorate": {"country_code": "SY", "admin1": "SY.11", "lat": 34.5, "lon": 37.9,
                         "geonameid": 12, "level": "admin1"},
    "Hasakah Governorate": {"country_code": "SY", "admin1": "SY.01", "lat": 36.4, "lon": 40.8,
                            "geonameid": 13, "level": "admin1"},
    "Saraqib": {"country_code": "SY", "admin1": "SY.12", "lat": 35.86, "lon": 36.8,
                "geonameid": 14, "level": "city"},
    "Sudan": {"country_code": "SD", "lat": 15.0, "lon": 30.0, "geonameid": 20,
              "level": "country"},
    "South Kordofan": {"country_code": "SD", "admin1": "SD.50", "lat": 11.0, "lon": 30.0,
                       "geonameid": 21, "level": "admin1"},
    "North Darfur": {"country_code": "SD", "admin1": "SD.55", "lat": 17.0, "lon": 24.0,
                     "geonameid": 22, "level": "admin1"},
    "Red Sea": {"country_code": "SD", "admin1": "SD.36", "lat": 19.0, "lon": 36.0,
                "geonameid": 23, "level": "admin1"},
    "Kadugli": {"country_code": "SD", "admin1": "SD.50", "lat": 11.01, "lon": 29.72,
                "geonameid": 24, "level": "city"},
    "Sa'dah": {"country_code": "YE", "admin1": "YE.15", "lat": 16.94, "lon": 43.76,
               "geonameid": 30, "level": "city"},
    "Sirte": {"country_code": "LY", "admin1": "LY.76", "lat": 31.2, "lon": 16.59,
              "geonameid": 40, "level": "city"},
    "Misrata": {"country_code": "LY", "admin1": "LY.72", "lat": 32.38, "lon": 15.09,
                "geonameid": 41, "level": "city"},
}  # fmt: skip
GEO = StaticGeoparser(GAZ)


def _events(text: str, geo: StaticGeoparser = GEO) -> list[tuple]:
    evs = extract(Article(id="t", published="2024-03-09", text=text), geo)
    return [
        (e.type.value, e.actor.name, e.actor.kind.value, e.location.name, e.location.level,
         e.location.mention)
        for e in evs
    ]  # fmt: skip


def _mentions(text: str) -> list:
    return ActorDictionary.default().find(text)


# ------------------------------------------------------------ actors imply the country
@pytest.mark.parametrize(
    ("text", "cc"),
    [
        ("Al Shabaab fighters overran a base held by AMISOM troops.", "SO"),  # group, not AU
        ("Hayat Tahrir al-Sham and Ahrar al-Sham fought over a hill.", "SY"),  # groups agree
        ("Sudanese troops repelled an attack on a garrison.", "SD"),  # one state, no group
        ("Houthi fighters clashed with HTS.", None),  # two countries: nothing implied
        ("Gunmen attacked a checkpoint.", None),  # no named actor
    ],
)
def test_actor_country_is_the_one_country_the_actors_agree_on(text, cc):
    assert actor_country(_mentions(text)) == cc


def test_unknown_village_in_a_compact_country_is_located_at_that_country():
    evs = _events("HTS fighters seized the village of Tal Qarah after an overnight assault.")
    assert evs == [
        ("capture", "Hayat Tahrir al-Sham", "non_state", "Syria", "country", "Tal Qarah")
    ]


def test_unknown_village_in_a_large_country_is_not_pinned_to_its_distant_centre():
    # Sudan's provinces lie far from its point: a country-level event would say nothing (the
    # RSF fights across Sudan: no province of its own stands in; SPLM-N's does, round 15)
    assert _events("RSF fighters seized the village of Um Dalam after heavy fighting.") == []


def test_static_spread_is_the_median_province_distance():
    assert GEO.country_spread_km("SY") < COMPACT_COUNTRY_KM < GEO.country_spread_km("SD")
    assert GEO.country_spread_km("LY") is None  # no provinces known: no estimate


@pytest.mark.gazetteer
def test_real_gazetteer_spread_separates_compact_from_large_countries():
    from frontline.geo import Geoparser

    geo = Geoparser.default()
    for cc in ("SY", "LB", "IL"):
        assert geo.country_spread_km(cc) <= COMPACT_COUNTRY_KM, cc
    for cc in ("SD", "SO", "YE", "LY", "CD", "NG"):
        assert geo.country_spread_km(cc) > COMPACT_COUNTRY_KM, cc


def test_a_known_place_in_the_note_still_wins_over_the_actors_country():
    evs = _events("HTS fighters seized the village of Tal Qarah near Saraqib.")
    assert [(t, lvl, m) for t, _a, _k, _n, lvl, m in evs] == [("capture", "admin1", "Tal Qarah")]


# ------------------------------------------------------------ verb families
@pytest.mark.parametrize("verb", ["expel", "compel"])
def test_verbs_ending_in_a_stressed_l_double_it(verb):
    forms = expand(f"{verb}~")
    assert f"{verb}led" in forms and f"{verb}ling" in forms and f"{verb}s" in forms


@pytest.mark.parametrize("verb", ["expelled", "expels", "expelling"])
def test_expel_from_is_a_capture_by_the_subject(verb):
    evs = _events(f"Regime troops {verb} the insurgents from Saraqib.")
    assert [(t, k, n) for t, _a, k, n, _l, _m in evs] == [("capture", "state", "Saraqib")]


# ------------------------------------------------------------ actor phrases
def test_pro_group_army_is_that_groups_side_not_the_states_army():
    evs = _events("The pro-Houthi army took control over Sa'dah after heavy clashes.")
    assert [(t, a, k) for t, a, k, *_ in evs] == [("capture", "Houthis", "non_state")]


def test_pro_prefix_does_not_turn_a_state_alias_into_a_group():
    found = [(m.text, m.entry.category) for m in _mentions("pro-government forces advanced")]
    assert found and found[0][0] == "pro-government forces" and found[0][1] != "group"


@pytest.mark.parametrize("noun", ["rebel coalition", "rebel alliance", "faction fighters"])
def test_generic_rebel_groupings_are_non_state_actors(noun):
    evs = _events(f"A {noun} drove government troops out of Saraqib.")
    assert [(t, k, n) for t, _a, k, n, _l, _m in evs] == [("capture", "non_state", "Saraqib")]


# ------------------------------------------------------------ place phrases
def test_a_named_facility_with_no_place_of_its_own_is_the_place_in_focus():
    evs = _events(
        "Government troops fought Islamic State fighters in Sirte on Tuesday. "
        "The militants counterattacked and retook the Zafaran cement plant and the Zafaran "
        "factory."
    )
    assert ("capture", "Islamic State", "non_state", "Sirte", "city", "the Zafaran factory") in evs


def test_a_named_facility_in_another_town_is_that_town():
    evs = _events(
        "Government troops fought Islamic State fighters in Sirte on Tuesday. "
        "The militants retook the Zafaran factory in Misrata."
    )
    caps = [(n, m) for t, _a, _k, n, _l, m in evs if t == "capture"]
    assert caps == [("Misrata", "Misrata")]


@pytest.mark.parametrize("noun", ["town", "village"])
def test_control_of_a_bare_noun_refers_back(noun):
    evs = _events(
        f"Clashes between the army and SPLM-N in Kadugli. Rebels retake control of {noun}."
    )
    assert [(t, k, n) for t, _a, k, n, _l, _m in evs] == [("capture", "non_state", "Kadugli")]


def test_control_of_a_bare_noun_with_nothing_before_is_nothing():
    assert _events("Rebels retake control of town.") == []


def test_unnamed_villages_taken_where_an_area_is_named_are_located_at_that_area():
    evs = _events(
        "Fighting raged between regime forces and HTS in the Saraqib countryside, where regime "
        "forces took control of two villages."
    )
    assert [(t, n) for t, _a, _k, n, _l, _m in evs] == [("capture", "Saraqib")]


def test_unnamed_villages_near_a_town_are_not_that_town():
    evs = _events(
        "Regime forces were redeployed to the hills near Saraqib, where they took control of "
        "two villages."
    )
    assert [(t, n) for t, _a, _k, n, _l, _m in evs if t == "capture"] == []


def test_a_present_tense_verb_ends_the_actor_phrase():
    # terse notes write "Military forces clear X from Y": "clear" is the verb, not a name
    found = [m.text for m in _mentions("Military forces clear Boko Haram from the area.")]
    assert found == ["Military forces", "Boko Haram"]


# ------------------------------------------------------------ control idioms (terse notes)
@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("The army regains control of Kadugli.", "state"),
        ("Rebels retake control over Kadugli.", "non_state"),
        ("The army imposes its control over Kadugli.", "state"),
        ("SPLM-N fighters establish control of Kadugli.", "non_state"),
        ("The army took control over Kadugli.", "state"),
        ("Rebels take over Kadugli.", "non_state"),
        ("The army expelled SPLM-N fighters from Kadugli.", "state"),
        ("The army entered Kadugli after a reconciliation agreement with local elders.", "state"),
        ("The army forced the SPLM-N to retreat from Kadugli.", "state"),
        ("Rebels seized Kadugli on Monday. The army recaptured the town on Tuesday.", "state"),
    ],
)
def test_control_idioms_are_captures_by_their_subject(sentence, kind):
    evs = _events(sentence)
    assert ("capture", kind, "Kadugli") in [(t, k, n) for t, _a, k, n, _l, _m in evs]


def test_handing_over_control_is_a_withdrawal_and_a_capture_by_the_recipient():
    evs = _events("SPLM-N fighters handed over control of Kadugli to the army.")
    assert sorted((t, k) for t, _a, k, *_ in evs) == [
        ("capture", "state"),
        ("withdrawal", "non_state"),
    ]


def test_abandoning_a_town_is_a_withdrawal():
    evs = _events("SPLM-N fighters abandoned Kadugli.")
    assert [(t, k, n) for t, _a, k, n, _l, _m in evs] == [("withdrawal", "non_state", "Kadugli")]
