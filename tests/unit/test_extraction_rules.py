"""Rules that generalise: frames, place phrases and actor sides, each on a short text."""

from __future__ import annotations

import pytest

from frontline.extraction import StaticGeoparser, extract
from frontline.models import Article

GAZ = {
    "Kadugli": {"country_code": "SD", "admin1": "SD.50", "lat": 11.01, "lon": 29.72,
                "geonameid": 10, "level": "city"},
    "Rutshuru": {"country_code": "CD", "admin1": "CD.11", "lat": -1.18, "lon": 29.45,
                 "geonameid": 11, "level": "city"},
    "Beledweyne": {"country_code": "SO", "admin1": "SO.07", "lat": 4.74, "lon": 45.2,
                   "geonameid": 12, "level": "city"},
    "Kabul": {"country_code": "AF", "admin1": "AF.13", "lat": 34.53, "lon": 69.17,
              "geonameid": 13, "level": "city"},
    "Balkh province": {"name": "Balkh", "country_code": "AF", "admin1": "AF.30", "lat": 36.7,
                       "lon": 67.1, "geonameid": 14, "level": "admin1"},
    "Borno": {"country_code": "NG", "admin1": "NG.27", "lat": 11.5, "lon": 13.0,
              "geonameid": 15, "level": "admin1"},
}  # fmt: skip
GEO = StaticGeoparser(GAZ)


def _events(text: str) -> set[tuple[str, str, str]]:
    evs = extract(Article(id="r", published="2024-12-08", text=text), GEO)
    return {(e.type.value, e.location.name, e.actor.kind.value) for e in evs}


@pytest.mark.parametrize(
    "text",
    [
        "Government troops withdrew from Kadugli on Sunday. The town fell on Monday.",
        "Kadugli was captured on Monday after government troops withdrew.",
        "Kadugli fell after the withdrawal of government troops.",
    ],
)
def test_the_taker_is_the_other_side_of_who_left(text):
    assert ("capture", "Kadugli", "non_state") in _events(text)


def test_who_left_non_state_makes_the_taker_the_state():
    evs = _events("Al Shabaab withdrew from Beledweyne overnight. The town was retaken on Monday.")
    assert ("capture", "Beledweyne", "state") in evs
    assert ("withdrawal", "Beledweyne", "non_state") in evs


def test_control_of_the_militants_is_a_non_state_capture():
    evs = _events(
        "The army withdrew from Rutshuru on Monday and the town is now under the control of "
        "the militants."
    )
    assert evs == {("withdrawal", "Rutshuru", "state"), ("capture", "Rutshuru", "non_state")}


def test_came_under_rebel_control_is_a_capture():
    assert ("capture", "Rutshuru", "non_state") in _events(
        "The town of Rutshuru came under rebel control on Tuesday."
    )


def test_still_holds_is_not_a_capture():
    evs = _events("Government troops still hold Kadugli despite heavy attacks by the rebels.")
    assert all(t != "capture" for t, _, _ in evs)


def test_people_taken_are_not_a_place():
    evs = _events("Soldiers cleared Boko Haram from Bolunga village in Borno, killed five and "
                  "captured one.")  # fmt: skip
    assert {k for t, _, k in evs if t == "capture"} == {"state"}


def test_a_noun_phrase_is_not_a_coreference():
    evs = _events(
        "The Taliban took Kabul in 2021. Taliban fighters seized the district centre of Zari in "
        "Balkh province."
    )
    assert ("capture", "Balkh", "non_state") in evs  # Zari: unknown, located at its province


def test_vague_movement_is_not_an_advance():
    assert _events("Rebel units were seen moving near Kadugli, residents said.") == set()


def test_undated_relative_clause_is_background():
    assert _events("Al Shabaab, which captured Kadugli, is now advancing on Beledweyne.") == {
        ("advance", "Beledweyne", "non_state")
    }
    dated = extract(
        Article(
            id="r",
            published="2024-12-08",
            text="The rebels, who seized Kadugli on Sunday, are pushing on towards Rutshuru.",
        ),
        GEO,
    )
    assert [(e.type.value, str(e.date)) for e in dated if e.location.name == "Kadugli"] == [
        ("capture", "2024-12-08")
    ]


def test_transfer_frame_gives_a_withdrawal_and_the_recipients_capture():
    evs = _events("Government troops ceded Kadugli to the rebels on Saturday.")
    assert evs == {("withdrawal", "Kadugli", "state"), ("capture", "Kadugli", "non_state")}
    assert _events("Al Shabaab handed over control of Beledweyne to government forces.") == {
        ("withdrawal", "Beledweyne", "non_state"),
        ("capture", "Beledweyne", "state"),
    }


def test_verb_families_inflect_from_lemmas():
    from frontline.extraction.lexicon import expand

    assert expand("take~ back") == "(?:take|takes|took|taken|taking) back"
    assert expand("overrun~") == "(?:overrun|overruns|overran|overrunning)"
    assert expand("mop~ up") == "(?:mop|mops|mopped|mopping) up"
    assert _events("The army won back Kadugli on Sunday.") == {("capture", "Kadugli", "state")}
    assert _events("Russian forces gained a foothold in Rutshuru.") == {
        ("advance", "Rutshuru", "foreign_state")
    }


def test_unnamed_places_taken_in_the_province_in_focus():
    evs = _events(
        "Government forces clashed with rebels in Balkh province on Sunday. The forces took "
        "control of several villages after the fighting."
    )
    assert ("capture", "Balkh", "state") in evs
    # an unnamed village near a city is not the city
    evs = _events("Rebels attacked Kadugli. The rebels then took control of a village.")
    assert all(t != "capture" for t, _, _ in evs)


def test_victims_of_a_coordinated_verb_are_not_the_taker():
    evs = _events(
        "Al Shabaab claimed to have killed 8 soldiers, injured 12 others, and taken control of "
        "Beledweyne."
    )
    assert evs == {("capture", "Beledweyne", "non_state")}


def test_forced_to_retreat_and_lists_after_the_villages_of():
    assert _events("Government forces forced the rebels to retreat from Rutshuru.") == {
        ("capture", "Rutshuru", "state")
    }
    from frontline.extraction.fallback import unknown_names

    text = "Rebels occupied the villages of Kibati, Munigi and Kanyaruchinya near Goma."
    assert [text[a:b] for a, b in unknown_names(text, 0, len(text), [])] == [
        "Kibati",
        "Munigi",
        "Kanyaruchinya",
    ]


def test_a_date_before_a_coordinated_verb_belongs_to_the_first_verb():
    evs = extract(
        Article(
            id="r",
            published="2024-12-08",
            text="The rebels seized Kadugli last week and took Rutshuru on Thursday.",
        ),
        GEO,
    )
    assert {e.location.name: str(e.date) for e in evs} == {
        "Kadugli": "2024-12-01",
        "Rutshuru": "2024-12-05",
    }


@pytest.mark.parametrize(
    "text",
    [
        "After the fall of Kadugli, the rebels moved quickly to consolidate power.",
        "It was the first time the rebels had held a provincial capital since they took Kadugli.",
        "Government forces had retaken Kadugli months earlier, but on Sunday the rebels attacked.",
    ],
)
def test_background_events_are_not_news(text):
    assert all(t != "capture" for t, _, _ in _events(text))


def test_a_background_phrase_with_its_own_date_and_a_relative_clause_subject():
    evs = extract(
        Article(
            id="r",
            published="2024-12-08",
            text="Following the capture of Kadugli by the rebels on Monday, the army withdrew "
            "from Rutshuru. Beledweyne, which Al Shabaab seized a year ago, was retaken by the "
            "army on Saturday. The RSF has since pushed towards Kadugli.",
        ),
        GEO,
    )
    got = {(e.type.value, e.location.name, str(e.date)) for e in evs}
    assert ("capture", "Kadugli", "2024-12-02") in got
    assert ("capture", "Beledweyne", "2024-12-07") in got
    assert ("advance", "Kadugli", "2024-12-08") in got


def test_a_capital_speaking_is_not_the_city_referred_to():
    gaz = dict(GAZ)
    gaz["Moscow"] = {"country_code": "RU", "admin1": "RU.48", "lat": 55.75, "lon": 37.6,
                     "geonameid": 20, "level": "city"}  # fmt: skip
    gaz["Kherson"] = {"country_code": "UA", "admin1": "UA.08", "lat": 46.6, "lon": 32.6,
                      "geonameid": 21, "level": "city"}  # fmt: skip
    evs = extract(
        Article(
            id="r",
            published="2024-12-08",
            text="Russian forces withdrew from Kherson. Moscow said the troops had pulled out of "
            "the city in good order.",
        ),
        StaticGeoparser(gaz),
    )
    assert {e.location.name for e in evs} == {"Kherson"}
