"""Issue 10: lists of places the gazetteer lacks ("A, B and C villages").

Every name of the list is kept (none dropped silently); names standing at one fallback point
are one event whose mention is the whole list; a fallback's event id carries the unknown name
it stands for, a known place's id is unchanged. Sentences written for these tests.
"""

from __future__ import annotations

from frontline.extraction import StaticGeoparser, extract
from frontline.extraction.emission import one_point_lists
from frontline.extraction.placephrases import PlaceStage
from frontline.extraction.state import PlaceRef
from frontline.geo.place import Place
from frontline.models import Article, make_event_id

GAZ = {
    "Jalalaqsi": {"country_code": "SO", "admin1": "SO.07", "lat": 3.38, "lon": 45.6,
                  "geonameid": 1, "level": "city"},
    "Hiraan": {"country_code": "SO", "admin1": "SO.07", "lat": 4.06, "lon": 45.4,
               "geonameid": 2, "level": "admin1"},
}  # fmt: skip
GEO = StaticGeoparser(GAZ)


def _captures(text: str, article_id: str = "t") -> list:
    evs = extract(Article(id=article_id, published="2025-07-12", text=text), GEO)
    return [e for e in evs if e.type.value == "capture"]


def test_a_comma_list_of_unknown_villages_keeps_every_name():
    caps = _captures(
        "Government troops took control of Karvo, Dembel and Uskari villages in Hiraan on Monday."
    )
    assert [(e.location.level, e.location.admin1, e.location.mention) for e in caps] == [
        ("admin1", "SO.07", "Karvo, Dembel and Uskari")
    ]


def test_the_villages_of_a_list_and_an_and_list_keep_every_name():
    caps = _captures(
        "Government troops took control of the villages of Karvo, Dembel and Uskari in "
        "Hiraan on Monday."
    )
    assert [e.location.mention for e in caps] == ["Karvo, Dembel and Uskari"]
    caps = _captures("Government troops took control of Karvo and Dembel areas in Hiraan.")
    assert [e.location.mention for e in caps] == ["Karvo and Dembel"]


def test_an_unknown_name_that_says_it_is_a_district_still_contains_the_village():
    caps = _captures("Government troops took control of Karvo, Bardaale district, in Hiraan.")
    assert [e.location.mention for e in caps] == ["Karvo"]


def test_two_unknown_villages_at_one_admin1_have_distinct_ids():
    karvo = _captures("Al Shabaab took Karvo village in Hiraan on Monday.")
    dembel = _captures("Al Shabaab took Dembel village in Hiraan on Monday.")
    assert len(karvo) == len(dembel) == 1
    assert karvo[0].location.key == dembel[0].location.key == "gn:2"
    assert karvo[0].event_id != dembel[0].event_id


def test_a_known_place_keeps_its_id():
    (ev,) = _captures("Al Shabaab took Jalalaqsi in Hiraan on Monday.")
    assert ev.event_id == make_event_id("t", "capture", ev.actor.name, "gn:1")


def test_the_village_is_the_same_change_as_the_named_village():
    named = _captures("Al Shabaab fighters took control of Karvo village (Jalalaqsi, Hiraan).")
    both = _captures(
        "Al Shabaab fighters took control of Karvo village (Jalalaqsi, Hiraan) on Monday. "
        "The militants looted the village after troops left. Al Shabaab took control of "
        "the village."
    )
    assert len(named) == len(both) == 1
    assert both[0].event_id == named[0].event_id
    assert both[0].location.mention == "Karvo"


def _ref(start: int, end: int, name: str, lat: float, site: str = "") -> PlaceRef:
    place = Place(mention=name, start=start, end=end, name=name, geonameid=2,
                  country_code="SO", admin1="SO.07", lat=lat, lon=45.4, level="admin1",
                  confidence=0.4)  # fmt: skip
    return PlaceRef(start, end, place, name, fallback=bool(site), site=site)


def test_one_point_lists_merges_only_adjacent_unknown_names_at_one_point():
    text = "took Karvo, Dembel and Hiraan"
    karvo, dembel = _ref(5, 10, "Hiraan", 4.06, "karvo"), _ref(12, 18, "Hiraan", 4.06, "dembel")
    hiraan = _ref(23, 29, "Hiraan", 4.06)  # the province itself: not merged
    got = one_point_lists([karvo, dembel, hiraan], text)
    assert [(r.mention, r.site, r.start, r.end) for r in got] == [
        ("Karvo, Dembel", "karvo", 5, 18),
        ("Hiraan", "", 23, 29),
    ]
    elsewhere = _ref(12, 18, "Hiraan", 3.38, "dembel")  # placed at another town's point
    assert len(one_point_lists([karvo, elsewhere], text)) == 2


def test_an_unknown_name_after_a_bare_comma_is_a_list_item_not_a_container():
    text = "Karvo, Dembel and Uskari; Karvo, Bardaale district"
    karvo, dembel = _ref(0, 5, "Hiraan", 4.06, "karvo"), _ref(7, 13, "Hiraan", 4.06, "dembel")
    assert not PlaceStage._container(karvo, dembel, ", ", text)
    bardaale = _ref(33, 41, "Hiraan", 4.06, "bardaale")
    assert PlaceStage._container(karvo, bardaale, ", ", text)
