"""Issue 10, round 9 (places): anchors stay in their sentence, divisions the gazetteer lacks,
groups that fight in several countries. Sentences written for these tests (none from the
evaluation sets)."""

from __future__ import annotations

import pytest

from frontline.extraction import extract
from frontline.geo.parser import Geoparser
from frontline.models import Article


@pytest.fixture(scope="module")
def real() -> Geoparser:
    return Geoparser.default()


def _events(geo: Geoparser, text: str) -> list:
    art = Article.model_validate(
        {"id": "r9", "published": "2024-03-01", "source": "test", "title": "", "text": text}
    )
    return extract(art, geo)


def test_unknown_town_is_not_anchored_across_a_full_stop(real: Geoparser) -> None:
    text = (
        "ADIGRAT, Ethiopia - Shelling resumed in Ethiopia's Tigray region on Monday, residents "
        "of Adigrat and Shire said, and federal troops moved north from Mekelle. Officials in "
        "Ethiopia said Eritrean units still hold hills near the border town of Zalambessa. "
        "Asmara has made no comment."
    )
    (z,) = [p for p in real.parse(text) if p.mention == "Zalambessa"]
    assert z.country_code == "ET" and z.admin1 == "ET.53"
    # with a comma the place after the name does locate it
    same = "Fighting was reported near the village of Zalambessa, Asmara."
    (z,) = [p for p in real.parse(same) if p.mention == "Zalambessa"]
    assert z.admin1 == "ER.05"


@pytest.mark.parametrize(
    ("text", "mention", "cc"),
    [
        (
            "Clashes were reported in Kenya's North Eastern Province.",
            "North Eastern Province",
            "KE",
        ),
        ("Police reinforced posts across the Rift Valley of Kenya.", "Rift Valley", "KE"),
        ("Protests spread in Malawi's Northern Region on Monday.", "Northern Region", "MW"),
        ("Militias clashed again in Cyrenaica, Libya.", "Cyrenaica", "LY"),
        ("Rebels were active in Katanga in the Congo.", "Katanga", "CD"),
    ],
)
def test_divisions_the_gazetteer_lacks_are_regions_of_their_country(
    real: Geoparser, text: str, mention: str, cc: str
) -> None:
    (p,) = [p for p in real.parse(text) if p.mention == mention]
    assert (p.level, p.country_code) == ("region", cc)


def test_uganda_keeps_its_own_northern_region(real: Geoparser) -> None:
    text = "UPDF soldiers patrolled Gulu and Kitgum in Uganda's Northern Region."
    (p,) = [p for p in real.parse(text) if p.mention == "Northern Region"]
    assert (p.level, p.country_code, p.admin1) == ("admin1", "UG", "UG.N")


def test_unknown_village_in_a_former_province_is_located_there(real: Geoparser) -> None:
    (ev,) = _events(real, "Al Shabaab militants took control of Kolbio village in Coast Province.")
    loc = ev.location
    assert (loc.level, loc.name, loc.country_code, loc.mention) == (
        "region",
        "Coast Province",
        "KE",
        "Kolbio",
    )
    assert abs(loc.lat - -2.8) < 0.01 and abs(loc.lon - 39.6) < 0.01


def test_a_region_named_as_the_place_is_still_no_event(real: Geoparser) -> None:
    assert _events(real, "Rebel fighters took control of Darfur on Monday.") == []


def _where(evs: list) -> set[tuple[str, str | None]]:
    return {(e.location.country_code, e.location.admin1) for e in evs}


@pytest.mark.parametrize(
    ("text", "cc", "admin1"),
    [
        (
            "Military Forces of Niger regained control of Tarbouli village after clashes "
            "with Boko Haram.",
            "NE",
            "NE.02",
        ),
        (
            "Boko Haram fighters took control of Dambore village after Military Forces of "
            "Cameroon withdrew.",
            "CM",
            "CM.12",
        ),
        (
            "Military Forces of Chad regained control of Kaiga village after Boko Haram withdrew.",
            "TD",
            "TD.07",
        ),
    ],
)
def test_a_named_state_army_puts_a_cross_border_group_in_its_country(
    real: Geoparser, text: str, cc: str, admin1: str
) -> None:
    evs = _events(real, text)
    assert evs and _where(evs) == {(cc, admin1)}
    assert all(e.location.level == "admin1" and e.location.mention in text for e in evs)


def test_a_group_of_one_country_keeps_its_home_and_nigeria_keeps_borno(real: Geoparser) -> None:
    # Boko Haram in Nigeria: its Nigerian province, as before
    evs = _events(real, "Boko Haram fighters took control of Dambore village in Nigeria.")
    assert _where(evs) == {("NG", "NG.27")}


def test_theatres_come_from_the_actor_data() -> None:
    from frontline.actors import ActorDictionary
    from frontline.extraction import fallback

    ad = ActorDictionary.default()
    text = "Military Forces of Cameroon clashed with Boko Haram and Houthi fighters."
    mentions = ad.find(text)
    bh = next(m for m in mentions if m.entry.name == "Boko Haram")
    assert dict(bh.entry.countries)["CM"] == "CM.12"
    # a group of one country in the note: no common theatre, the groups decide as before
    assert fallback.theatres(mentions) == set()
    only = [m for m in mentions if m.entry.name != "Houthis"]
    assert fallback.theatres(only) == {"NG", "NE", "CM", "TD"}
    assert fallback.actor_country(only) == "CM"
    assert fallback.theatre_admin1(only, "TD") == "TD.07"


@pytest.mark.parametrize(
    ("text", "name", "cc"),
    [
        (
            "Military Forces of Malawi regained control of a village in Northern Region.",
            "Northern Region",
            "MW",
        ),
        (
            "Al Shabaab took control of a village in North Eastern Province.",
            "North Eastern Province",
            "KE",
        ),
    ],
)
def test_a_division_region_holds_an_unnamed_village_like_an_admin1(
    real: Geoparser, text: str, name: str, cc: str
) -> None:
    evs = _events(real, text)
    assert evs and {(e.location.level, e.location.name, e.location.country_code) for e in evs} == {
        ("region", name, cc)
    }
