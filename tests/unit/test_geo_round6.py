"""Issue 10, round 6 (places): namesakes outside the province an article names, the admin1
an armed group points to when no place is known, and the spelling keys built with the index.
Sentences written for these tests (none from the evaluation sets)."""

from __future__ import annotations

import pytest

from frontline.extraction import extract
from frontline.geo.gazetteer import KIND_ADMIN1, KIND_CITY
from frontline.geo.index import index_of
from frontline.geo.matcher import find
from frontline.geo.parser import Geoparser
from frontline.geo.spelling import Speller, _bare, spelling_key
from frontline.geo.unknown import _covered, _runs
from frontline.models import Article
from tests.unit.geo_fixture import fixture_gazetteer


@pytest.fixture(scope="module")
def real() -> Geoparser:
    return Geoparser.default()


def _places(gp: Geoparser, text: str) -> dict[str, tuple[str, str | None]]:
    return {p.mention: (p.level, p.admin1) for p in gp.parse(text, context_text=text)}


@pytest.mark.gazetteer
def test_a_village_namesake_outside_the_named_province_is_located_at_that_province(
    real: Geoparser,
) -> None:
    # Salābah (GeoNames) is a village of Shabwah, 250 km from Al Jawf
    text = (
        "Fighting spread across the Yemeni province of Jawf on Friday, where Houthi units "
        "said they had overrun Salabah valley after a night of shelling."
    )
    assert _places(real, text)["Salabah"] == ("admin1", "YE.21")


@pytest.mark.gazetteer
def test_a_village_of_the_named_province_or_a_town_stays(real: Geoparser) -> None:
    text = "Houthi units in the Yemeni province of Jawf said they had taken Salabah and Ataq."
    got = _places(real, text)
    assert got["Salabah"] == ("city", "YE.05")  # Ataq, its province's capital, is named too
    text = "In the Kharkiv region, Russian troops shelled Kramatorsk on Sunday."
    assert _places(real, text)["Kramatorsk"][0] == "city"  # a city, not a village


@pytest.mark.gazetteer
def test_a_note_with_no_known_place_falls_back_to_the_admin1_its_group_points_to(
    real: Geoparser,
) -> None:
    text = "Government forces took back the village of Umm Tuwaynah from HTS on Monday."
    evs = extract(Article(id="r6", published="2019-05-06", text=text), real)
    assert [(e.location.level, e.location.admin1, e.location.mention) for e in evs] == [
        ("admin1", "SY.12", "Umm Tuwaynah")
    ]
    assert real.leaning_admin1(text, "SY") == "SY.12"
    assert real.leaning_admin1("Rebels took a village in Syria.", "SY") is None


def test_the_index_carries_every_records_spelling_key() -> None:
    g = fixture_gazetteer()
    idx = index_of(g)
    assert idx.skeys is not None and len(idx.skeys) == len(g.name)
    for r in range(len(g.name)):
        want = spelling_key(_bare(g, r)) if g.kind[r] in (KIND_CITY, KIND_ADMIN1) else ""
        assert idx.skeys[r] == want
    with_keys, computed = Speller(idx.gaz, idx.skeys), Speller(idx.gaz)
    for name, cc in [("Idleb", "SY"), ("Alepo", "SY"), ("Dhonetsk", "UA"), ("Homs", "SY")]:
        assert with_keys.lookup_big(name, cc) == computed.lookup_big(name, cc)


def _runs_reference(toks, covered):  # the loop before round 6: every token visited
    from frontline.geo.words import COMMON

    runs, i, n = [], 0, len(toks)
    while i < n:
        t = toks[i]
        if i in covered or not t.cap or (t.upper and len(t.folded) < 4):
            i += 1
            continue
        j = i + 1
        while j < n and j not in covered and toks[j].cap and not toks[j].brk_before:
            j += 1
        run = toks[i:j]
        if not (j - i > 3 or all(x.upper for x in run) or any(x.folded in COMMON for x in run)):
            runs.append((i, j))
        i = j
    return runs


def test_unknown_name_runs_equal_the_token_by_token_loop() -> None:
    from frontline.geo.fasttok import tokenize

    gp = Geoparser(index_of(fixture_gazetteer()))
    for text in [
        "The army took Kafr Zita, Al-Lataminah and the NATO base near Aleppo. He said so.",
        "UN officials in New York said ISIS fighters left Tal Abyad. The Red Cross agreed.",
        "Rebels seized Tarda Dheere Waa Weyn Village. ALL CAPS HEADLINE HERE. Homs fell.",
    ]:
        toks = tokenize(text)
        places = gp._resolver.resolve(text)
        covered = _covered(find(gp.index, text, toks), places)
        assert _runs(toks, covered) == _runs_reference(toks, covered)
