"""Coreference of "the town", "the city", "its outskirts" (issue 10, round 5).

One rule per test, on our own sentences and a small static gazetteer so that the rule, not
the geoparser, is what is tested. The negative cases fail on 87292a6 (the branch point): the
antecedent was the last place targeted by an event anywhere before, even a background one
("two weeks after they seized X") or one older than the sentence's own subject. The
positive cases guard against a rule that blocks too much.
"""

from __future__ import annotations

from frontline.extraction import StaticGeoparser, extract
from frontline.models import Article, Event

GAZ = {
    "Kassala": {"country_code": "SD", "admin1": "SD.05", "lat": 15.45, "lon": 36.4,
                "geonameid": 201, "level": "city"},
    "Gedaref": {"country_code": "SD", "admin1": "SD.06", "lat": 14.03, "lon": 35.38,
                "geonameid": 202, "level": "city"},
    "Pokrovsk": {"country_code": "UA", "admin1": "UA.05", "lat": 48.28, "lon": 37.18,
                 "geonameid": 203, "level": "city"},
    "Kurakhove": {"country_code": "UA", "admin1": "UA.05", "lat": 47.98, "lon": 37.28,
                  "geonameid": 204, "level": "city"},
    "Sirte": {"country_code": "LY", "admin1": "LY.62", "lat": 31.2, "lon": 16.59,
              "geonameid": 205, "level": "city"},
    "Bani Walid": {"country_code": "LY", "admin1": "LY.70", "lat": 31.76, "lon": 13.99,
                   "geonameid": 206, "level": "city"},
    "Mansi": {"country_code": "MM", "admin1": "MM.04", "lat": 24.05, "lon": 97.5,
              "geonameid": 207, "level": "city"},
    "Bhamo": {"country_code": "MM", "admin1": "MM.04", "lat": 24.26, "lon": 97.23,
              "geonameid": 208, "level": "city"},
    "Timbuktu": {"country_code": "ML", "admin1": "ML.06", "lat": 16.77, "lon": -3.01,
                 "geonameid": 209, "level": "city"},
    "Gao": {"country_code": "ML", "admin1": "ML.09", "lat": 16.27, "lon": -0.04,
            "geonameid": 210, "level": "city"},
}  # fmt: skip
GEO = StaticGeoparser(GAZ)
PUB = "2025-07-12"  # a Saturday


def _events(text: str) -> list[Event]:
    # history kept: these tests also check how the past is dated
    return extract(Article(id="coref", published=PUB, text=text), GEO, history=True)


def _got(text: str) -> list[tuple[str, str]]:
    return [(e.type.value, e.location.name) for e in _events(text)]


def test_same_sentence_place_before_a_labelled_one_earlier() -> None:
    # "the town" names Gedaref (same sentence), not Kassala ("the town of Kassala" earlier)
    got = _got(
        "Traders said the town of Kassala was calm on Friday. Rebels entered Gedaref on "
        "Saturday, hours after soldiers had abandoned the town."
    )
    assert ("withdrawal", "Gedaref") in got
    assert all(name != "Kassala" for _, name in got)


def test_labelled_antecedent_still_wins_across_sentences() -> None:
    got = _got(
        "Militants attacked Mansi village on Monday, 20 km south of Bhamo. "
        "On Tuesday they took control of the village."
    )
    assert ("capture", "Mansi") in got
    assert ("capture", "Bhamo") not in got


def test_place_opening_a_later_sentence_is_the_new_topic() -> None:
    # the last event targets Pokrovsk; "Kurakhove has fallen before" makes Kurakhove the topic
    evs = _events(
        "Russian forces captured Pokrovsk on Saturday, the defence ministry said. "
        "Kurakhove has fallen before. In May 2014 separatists seized the city for a week."
    )
    old = [(e.type.value, e.location.name) for e in evs if e.date.year == 2014]
    assert old == [("capture", "Kurakhove")]


def test_topic_needs_no_later_place_in_between() -> None:
    # Kurakhove opens a sentence, but Pokrovsk is targeted after it: the last target stays
    got = _got(
        "Kurakhove is quiet, officials said. Russian forces captured Pokrovsk on Saturday. "
        "Ukrainian troops had withdrawn from the city on Friday."
    )
    assert ("withdrawal", "Pokrovsk") in got
    assert ("withdrawal", "Kurakhove") not in got


def test_background_target_is_no_antecedent() -> None:
    # "two weeks after they seized Bani Walid" is background; the city in focus is Sirte
    got = _got(
        "Rebels entered Sirte on Saturday, two weeks after they seized Bani Walid. "
        "The army had withdrawn from the city on Friday, residents said."
    )
    assert ("withdrawal", "Sirte") in got
    assert ("withdrawal", "Bani Walid") not in got


def test_background_target_alone_is_still_an_antecedent() -> None:
    # no other fitting place: the background target is the best there is
    got = _got(
        "The army said on Saturday, a week after rebels seized Gao, that it had withdrawn "
        "from the city in good order."
    )
    assert ("withdrawal", "Gao") in got


def test_the_area_keeps_the_last_target() -> None:
    # "the area" may be wider than a town: no sentence topic, the last target
    got = _got(
        "Jihadists captured Timbuktu on Saturday. Gao was calm. "
        "The army withdrew from the area on Friday."
    )
    assert ("withdrawal", "Timbuktu") in got


GEO_KIVU = StaticGeoparser(
    {
        "Bukavu": {"country_code": "CD", "admin1": "CD.12", "lat": -2.49, "lon": 28.84,
                   "geonameid": 211, "level": "city"},
        "South Kivu": {"country_code": "CD", "admin1": "CD.12", "lat": -3.0, "lon": 28.3,
                       "geonameid": 212, "level": "admin1"},
    }
)  # fmt: skip


def test_a_facility_is_no_antecedent_of_the_city() -> None:
    # "Rubare camp" (unknown, located at its province) is a facility, not "the city"
    text = (
        "Rebels overran Rubare camp in South Kivu, 30 km north of Bukavu, on Friday. "
        "On Saturday rebel units reached the city's northern outskirts."
    )
    evs = extract(Article(id="coref", published=PUB, text=text), GEO_KIVU)
    got = [(e.type.value, e.location.name, e.location.mention) for e in evs]
    assert ("advance", "Bukavu", "the city's") in got, got
