"""Issue 10, round 7 (places): an unknown village said to lie in a named part of a province
("X village in southern Idlib") is placed at that part, not at the province's centre.
Sentences written for these tests (none from the evaluation sets)."""

from __future__ import annotations

import math

import pytest

from frontline.extraction import extract
from frontline.geo import parts
from frontline.geo.parser import Geoparser
from frontline.models import Article


@pytest.fixture(scope="module")
def real() -> Geoparser:
    return Geoparser.default()


def test_direction_words_read_as_bearings() -> None:
    assert parts.bearing("northern") == (1.0, 0.0)
    assert parts.bearing("West") == (0.0, -1.0)
    n, e = parts.bearing("north-eastern") or (0, 0)
    assert math.isclose(n, e) and n > 0
    assert parts.bearing("north/western") == parts.bearing("northwest")
    assert parts.bearing("southern and eastern") == parts.bearing("south-east")
    assert parts.bearing("central") is None
    assert parts.bearing("north and south") is None  # cancels out: no part named


def _one(real: Geoparser, text: str):
    evs = extract(Article(id="r7", published="2019-05-06", text=text), real)
    assert len(evs) == 1, evs
    return evs[0].location


@pytest.mark.gazetteer
def test_the_part_of_a_province_moves_an_unknown_village_there(real: Geoparser) -> None:
    idlib = real.lookup_admin1("SY.12")
    assert idlib is not None
    south = real.admin1_part("SY.12", "southern")
    north = real.admin1_part("SY.12", "northern")
    assert south is not None and north is not None
    assert south[0] < idlib.lat < north[0]
    loc = _one(
        real,
        "Government forces took control of Umm Khurba village in the southern countryside "
        "of Idlib on Monday after clashes with rebel factions.",
    )
    assert (loc.level, loc.admin1, loc.mention) == ("admin1", "SY.12", "Umm Khurba")
    assert (loc.lat, loc.lon) == south
    loc = _one(
        real,
        "Government forces took control of Umm Khurba village in Idlib north western "
        "countryside on Monday after clashes with rebel factions.",
    )
    assert (loc.lat, loc.lon) == real.admin1_part("SY.12", "northwest")
    loc = _one(
        real,
        "Government forces took control of Umm Khurba village in the north of Idlib on "
        "Monday after clashes with rebel factions.",
    )
    assert (loc.lat, loc.lon) == north
    # "north of Idlib" is beside the city, not the province's northern part
    loc = _one(
        real,
        "Government forces took control of Umm Khurba village north of Idlib on Monday "
        "after clashes with rebel factions.",
    )
    assert (loc.lat, loc.lon) != north


@pytest.mark.gazetteer
def test_no_direction_keeps_the_point_the_text_gives(real: Geoparser) -> None:
    text = (
        "Government forces took control of Umm Khurba village in Idlib on Monday after "
        "clashes with rebel factions."
    )
    idlib = next(p for p in real.parse(text) if p.mention == "Idlib")
    loc = _one(real, text)
    assert (loc.level, loc.admin1, loc.mention) == ("admin1", "SY.12", "Umm Khurba")
    assert (loc.lat, loc.lon) == (idlib.lat, idlib.lon)
    # a town of the province named next to the village wins over a direction further away
    text = (
        "In southern Idlib, government forces took control of Umm Khurba village near "
        "Maarat al-Numan on Monday after clashes with rebel factions."
    )
    town = next(p for p in real.parse(text) if p.mention == "Maarat al-Numan")
    loc = _one(real, text)
    assert (loc.lat, loc.lon) == (town.lat, town.lon)


@pytest.mark.gazetteer
def test_a_province_with_few_cities_has_no_parts(real: Geoparser) -> None:
    g = real.index.gaz
    cities = parts.cities_by_admin1(g)
    small = next(c for c, recs in cities.items() if 0 < len(recs) < parts.MIN_CITIES)
    assert parts.part_point(g, cities, small, (1.0, 0.0)) is None


@pytest.mark.gazetteer
def test_a_list_all_in_one_district_is_located_there(real: Geoparser) -> None:
    # Az Zāhir (GeoNames) is a village of Al Jawf; Bāqim as Sūq lies in Saada
    text = (
        "Government troops said on Sunday they had retaken the hills of Al-Zahir, Qarwan "
        "and Dhahyan, all in Baqim district, after a week of fighting with Houthi units."
    )
    baqim = next(p for p in real.parse(text) if p.mention == "Baqim")
    evs = extract(Article(id="r7b", published="2019-05-06", text=text), real)
    got = {e.location.mention: e.location for e in evs}
    assert got["Al-Zahir"].admin1 == baqim.admin1 == "YE.15"
    assert (got["Al-Zahir"].lat, got["Al-Zahir"].lon) == (baqim.lat, baqim.lon)
    # without "all in", a list is not contained by the next place
    text = text.replace(", all in Baqim district,", " and Baqim,")
    evs = extract(Article(id="r7c", published="2019-05-06", text=text), real)
    assert all(e.location.admin1 != "YE.15" or e.location.mention != "Al-Zahir" for e in evs)


@pytest.mark.gazetteer
def test_a_district_in_brackets_is_read_as_its_seat_town(real: Geoparser) -> None:
    sp = real._resolver.speller
    g = real.index.gaz
    assert g.name[sp.seat("Ceel Dheer", "SO", "SO.05")] == "Ceeldheer"
    assert g.name[sp.seat("Bulo Burto", "SO", "SO.07")] == "Buulobarde"
    assert sp.seat("Qoryoley", "SO", "SO.07") is None  # no town of Hiraan is spelled so
    got = {p.mention: p for p in real.parse("Fighting in Dhuure village (Ceel Dheer, Galgaduud).")}
    assert (got["Ceel Dheer"].level, got["Ceel Dheer"].name) == ("city", "Ceeldheer")
    # outside brackets, or before something that is not a province, nothing is read
    got = {p.mention for p in real.parse("Fighting in Dhuure village near Ceel Dheer, Galgaduud.")}
    assert "Ceel Dheer" not in got


@pytest.mark.gazetteer
def test_an_unknown_village_in_a_bracketed_district_lands_at_its_seat(real: Geoparser) -> None:
    text = (
        "On 3 March, militants took control of Dhuure Gaab village (Ceel Dheer, Galgaduud) "
        "after government forces withdrew. No casualties were reported."
    )
    seat = next(p for p in real.parse(text) if p.mention == "Ceel Dheer")
    evs = [e for e in extract(Article(id="r7d", published="2025-03-04", text=text), real)
           if e.type.value == "capture"]  # fmt: skip
    assert [(e.location.level, e.location.admin1, e.location.mention) for e in evs] == [
        ("admin1", "SO.05", "Dhuure Gaab")
    ]
    assert (evs[0].location.lat, evs[0].location.lon) == (seat.lat, seat.lon)


@pytest.mark.gazetteer
def test_a_distance_and_bearing_from_a_town_move_the_point(real: Geoparser) -> None:
    town = next(p for p in real.parse("Kismaayo") if p.level == "city")

    def at(where: str) -> tuple[float, float]:
        text = f"Jubaland forces took over Jana Gaab village {where} without resistance on Tuesday."
        (loc,) = [e.location for e in extract(Article(id="r7e", published="2025-01-01", text=text),
                                              real)]  # fmt: skip
        assert (loc.level, loc.mention) == ("admin1", "Jana Gaab")
        return loc.lat, loc.lon

    assert at("near Kismaayo") == (town.lat, town.lon)
    lat, lon = at("(60km SE of Kismaayo)")
    assert lat < town.lat and lon > town.lon
    assert 55 < math.dist((lat, lon), (town.lat, town.lon)) * 111.2 < 65
    lat, lon = at(", 20 kilometres north of Kismaayo,")
    assert lon == town.lon and 19 < (lat - town.lat) * 111.2 < 21


@pytest.mark.gazetteer
def test_a_named_neighbourhood_of_a_city_leaves_the_city(real: Geoparser) -> None:
    got = {p.mention: p for p in real.parse("Clashes in the Qusour neighbourhood of Dar'a city.")}
    assert (got["Dar'a"].level, got["Dar'a"].admin1) == ("city", "SY.06")
    got = {p.mention: p.level for p in real.parse("Clashes in the village of Qusour in Daraa.")}
    assert got.get("Qusour") != "city"


@pytest.mark.gazetteer
def test_an_unknown_district_stands_at_its_seat_town(real: Geoparser) -> None:
    got = {p.mention: p for p in real.parse("Clashes in Tuhayat district (Al Hudaydah) on Monday.")}
    g = real.index.gaz
    seat = real._resolver.speller.seat("Tuhayat", "YE", "YE.08")
    assert seat is not None and g.name[seat].startswith("At Tu")
    # round 13: "(Al Hudaydah)" now anchors the name (its article hid it), and a district
    # named after its seat and anchored to the seat's province reads as that town, as
    # "Jowhar district (Middle Shabelle)" always did
    assert (got["Tuhayat"].level, got["Tuhayat"].admin1) == ("city", "YE.08")
    assert (got["Tuhayat"].lat, got["Tuhayat"].lon) == (g.lat[seat], g.lon[seat])
    # with no province after it, the district (GeoNames' ADM2 names) is an area at its seat
    text = "Houthi fighters clashed with troops in Tuhayat district on Monday."
    got = {p.mention: p for p in real.parse(text)}
    assert (got["Tuhayat"].level, got["Tuhayat"].admin1) == ("admin1", "YE.08")
    assert (got["Tuhayat"].lat, got["Tuhayat"].lon) == (g.lat[seat], g.lon[seat])
    hudaydah = real.lookup_admin1("YE.08")
    got = {p.mention: p for p in real.parse("Clashes in Qarwan area (Al Hudaydah) on Monday.")}
    assert hudaydah is not None
    assert (got["Qarwan"].lat, got["Qarwan"].lon) == (hudaydah.lat, hudaydah.lon)  # no district
