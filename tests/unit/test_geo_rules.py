"""The resolver's rules on a fixture gazetteer (tests/fixtures/geo/gazetteer.tsv): each test
pins one rule with a sentence where it decides the outcome, next to a control sentence where
the same name resolves, so a test cannot pass by resolving nothing. Runs in well under a second;
test_geo.py checks the same behaviour on the real GeoNames index."""

from __future__ import annotations

import pytest

from frontline.geo.parser import Geoparser
from tests.unit.geo_fixture import fixture_geoparser


@pytest.fixture
def gp() -> Geoparser:
    return fixture_geoparser()


def read(
    gp: Geoparser, text: str, **kw: bool
) -> list[tuple[str, str, str | None, str, int | None]]:
    """(mention, country, admin1, level, geonameid) of every place found, in order."""
    return [
        (p.mention, p.country_code, p.admin1, p.level, p.geonameid) for p in gp.parse(text, **kw)
    ]


def test_level_word_before_a_name_makes_it_the_division(gp: Geoparser) -> None:
    """'the province of Hama' is the governorate; 'in Hama' is the city."""
    assert read(gp, "Fighting was reported in Hama on Sunday.") == [
        ("Hama", "SY", "SY.10", "city", 170017)
    ]
    assert read(gp, "The army pulled out of the province of Hama.") == [
        ("Hama", "SY", "SY.10", "admin1", 170015)
    ]


def test_plural_level_word_spreads_over_a_list(gp: Geoparser) -> None:
    """'the provinces of Idlib and Hama': both names are governorates, not only the first."""
    assert [r[3] for r in read(gp, "Insurgents advanced in the provinces of Idlib and Hama.")] == [
        "admin1",
        "admin1",
    ]


def test_a_surname_is_not_a_place_anywhere_in_the_article(gp: Geoparser) -> None:
    """'Andrei Karlov' makes 'Karlov' a person, also where it later stands alone."""
    assert read(gp, "Russian troops entered Karlov.") == [
        ("Karlov", "RU", "RU.00", "city", 9000001)
    ]
    text = "Ambassador Andrei Karlov was shot in Ankara, Turkey. Karlov died."
    assert [r[0] for r in read(gp, text)] == ["Ankara", "Turkey"]


def test_unknown_village_falls_back_to_the_province_named_after_it(gp: Geoparser) -> None:
    """A settlement frame around a name the gazetteer lacks still places it, at the admin1."""
    assert read(gp, "Rebels seized the village of Qaryat Zulfan in Idlib province.")[0] == (
        "Qaryat Zulfan",
        "SY",
        "SY.12",
        "admin1",
        None,
    )


def test_small_namesake_on_another_continent_is_not_chosen(gp: Geoparser) -> None:
    """Marfa (Texas, 1,733 people) is the only Marfa: in a Sudan article it is not that town."""
    assert ("Marfa", "US", "US.TX", "city", 5525775) in read(
        gp, "Texas police said the fire near Marfa was out."
    )
    sudan = read(gp, "Sudanese troops fought near Marfa in Blue Nile state, Sudan.")
    assert {r[1] for r in sudan} == {"SD"}
    assert sudan[0] == ("Marfa", "SD", "SD.42", "admin1", None)


def test_demonym_is_country_evidence_not_a_place(gp: Geoparser) -> None:
    """'Syrian' only counts as a place for corpora that annotate adjectives."""
    assert read(gp, "Syrian troops advanced.") == []
    assert read(gp, "Syrian troops advanced.", include_demonyms=True) == [
        ("Syrian", "SY", None, "country", 163843)
    ]


def test_direction_before_a_country_makes_a_region(gp: Geoparser) -> None:
    assert read(gp, "The army withdrew from much of southern Syria.") == [
        ("southern Syria", "SY", None, "region", 163843)
    ]


def test_common_word_needs_the_article_geography(gp: Geoparser) -> None:
    """'Many' names a Texas town (marked common): a place only next to Texas evidence."""
    assert read(gp, "Police said Of the dead, Many were children.") == []
    assert ("Many", "US", "US.TX", "city", 9000002) in read(
        gp, "Floods hit Texas. In Many, Texas, roads closed."
    )
