"""No silent drop: a capture of a place the gazetteer lacks keeps its event and its name."""

from __future__ import annotations

from frontline.extraction import StaticGeoparser, extract
from frontline.extraction.fallback import unknown_names
from frontline.models import Article

GAZ = {
    "Jalalaqsi": {"country_code": "SO", "admin1": "SO.07", "lat": 3.38, "lon": 45.6,
                  "geonameid": 1, "level": "city"},
    "Hiraan": {"country_code": "SO", "admin1": "SO.07", "lat": 4.06, "lon": 45.4,
               "geonameid": 2, "level": "admin1"},
    "Somalia": {"country_code": "SO", "lat": 6.0, "lon": 47.0, "geonameid": 3,
                "level": "country"},
    "Aleppo": {"country_code": "SY", "admin1": "SY.09", "lat": 36.2, "lon": 37.16,
               "geonameid": 4, "level": "city"},
}  # fmt: skip
GEO = StaticGeoparser(GAZ)


def _events(text: str) -> list:
    return extract(Article(id="t", published="2025-07-12", text=text), GEO)


def test_unknown_village_falls_back_to_its_admin1_with_its_name():
    evs = _events(
        "Al Shabaab fighters took control of Tarda village (Jalalaqsi, Hiraan) on Saturday "
        "after government troops fled."
    )
    caps = [e for e in evs if e.type.value == "capture"]
    assert len(caps) == 1
    loc = caps[0].location
    assert (loc.level, loc.admin1, loc.mention) == ("admin1", "SO.07", "Tarda")
    assert caps[0].actor.kind.value == "non_state"


def test_unknown_village_without_admin1_falls_back_to_the_country():
    evs = _events("Fighting continues in Somalia. Al Shabaab seized Dhariyo village on Friday.")
    caps = [e for e in evs if e.type.value == "capture"]
    assert [(e.location.level, e.location.country_code, e.location.mention) for e in caps] == [
        ("country", "SO", "Dhariyo")
    ]


def test_a_name_with_no_place_anywhere_is_not_invented():
    assert _events("Al Shabaab seized Dhariyo village on Friday.") == []


def test_unknown_name_stage_reads_place_phrases_only():
    text = (
        "Rebels took Al-Katiba and Al-Mahjura villages, the village of Tal Sultan and "
        "several Kurdish villages near the Sheikh Maqsoud neighborhood in Aleppo city."
    )
    known = GEO.parse(text)
    taken = [(p.start, p.end) for p in known]
    names = [text[a:b] for a, b in unknown_names(text, 0, len(text), taken, known)]
    assert names == ["Al-Katiba", "Al-Mahjura", "Tal Sultan"]


def test_a_place_attached_to_the_name_locates_it_not_a_speaker_elsewhere():
    gaz = dict(GAZ)
    gaz["Ukraine"] = {"country_code": "UA", "lat": 49.0, "lon": 32.0, "geonameid": 5,
                      "level": "country"}  # fmt: skip
    gaz["Mogadishu"] = {"country_code": "SO", "admin1": "SO.13", "lat": 2.04, "lon": 45.34,
                        "geonameid": 6, "level": "city"}  # fmt: skip
    evs = extract(
        Article(
            id="t",
            published="2025-07-12",
            text="Al Shabaab seized Dhariyo village in Hiraan, officials in Mogadishu said.",
        ),
        StaticGeoparser(gaz),
    )
    assert [(e.location.admin1, e.location.mention) for e in evs] == [("SO.07", "Dhariyo")]


def test_a_namesake_in_another_province_yields_to_the_container_the_text_gives():
    gaz = dict(GAZ)
    gaz["Heorhiivka"] = {"country_code": "UA", "admin1": "UA.14", "lat": 47.0, "lon": 33.0,
                         "geonameid": 7, "level": "city"}  # fmt: skip
    gaz["Donetsk Oblast"] = {"country_code": "UA", "admin1": "UA.05", "lat": 48.0, "lon": 37.8,
                             "geonameid": 8, "level": "admin1"}  # fmt: skip
    gaz["Pokrovsk"] = {"country_code": "UA", "admin1": "UA.05", "lat": 48.3, "lon": 37.2,
                       "geonameid": 9, "level": "city"}  # fmt: skip
    geo = StaticGeoparser(gaz)

    def locs(text: str) -> list:
        evs = extract(Article(id="t", published="2024-03-30", text=text), geo)
        return [(e.location.level, e.location.admin1, e.location.mention) for e in evs]

    assert locs("Russian forces captured Heorhiivka, Donetsk Oblast, on Saturday.") == [
        ("admin1", "UA.05", "Heorhiivka")
    ]
    # a list is not a container
    assert locs("Russian forces captured Heorhiivka, Pokrovsk and Kupiansk.")[:2] == [
        ("city", "UA.14", "Heorhiivka"),
        ("city", "UA.05", "Pokrovsk"),
    ]


def test_a_fallback_province_event_does_not_duplicate_a_city_event_there():
    evs = _events("Al Shabaab seized Jalalaqsi and Tarda village (Jalalaqsi, Hiraan) on Saturday.")
    assert [(e.type.value, e.location.level) for e in evs] == [("capture", "city")]
    # a province named as such is a change of its own
    evs = _events("Al Shabaab seized Jalalaqsi and Hiraan on Saturday.")
    assert sorted(e.location.level for e in evs) == ["admin1", "city"]


def test_unknown_village_takes_the_point_of_the_town_the_text_gives():
    # the province stays (level, admin1, name) but the point is the town's: the best estimate
    evs = _events(
        "Al Shabaab fighters took control of Tarda village (Jalalaqsi, Hiraan) on Saturday."
    )
    loc = next(e.location for e in evs if e.type.value == "capture")
    assert (loc.level, loc.admin1, loc.mention) == ("admin1", "SO.07", "Tarda")
    assert (loc.lat, loc.lon) == (GAZ["Jalalaqsi"]["lat"], GAZ["Jalalaqsi"]["lon"])
