"""Issue 10, round 7: far namesakes, districts, hyphenated names, battles located by the side
attacked, control told with no place, and the eval's false-positive breakdown. Sentences
written for these tests (none from the evaluation sets)."""

from __future__ import annotations

import pytest

from frontline.extraction import extract
from frontline.geo.parser import Geoparser
from frontline.models import Article
from frontline_dev.evaluate.extraction import evaluate, is_check


@pytest.fixture(scope="module")
def real() -> Geoparser:
    return Geoparser.default()


def _events(geo: Geoparser, text: str) -> list[tuple[str, str, str, str | None]]:
    evs = extract(Article(id="r7", published="2020-03-01", text=text), geo)
    return sorted((e.type.value, e.location.level, e.location.country_code, e.location.admin1)
                  for e in evs)  # fmt: skip


@pytest.mark.gazetteer
def test_a_far_namesake_of_a_village_is_located_where_its_group_fights(real: Geoparser) -> None:
    # cities500 has Moro in Sindh (Pakistan, 142,000 people), 2,500 km from Somalia
    text = "Al Shabaab fighters took control of Moro on Tuesday after government troops withdrew."
    assert real.parse(text)[0].country_code == "PK"
    got = _events(real, text)
    assert got and all(cc == "SO" for _t, _lvl, cc, _a1 in got)
    assert {lvl for _t, lvl, _cc, _a1 in got} <= {"admin1", "country"}


@pytest.mark.gazetteer
def test_a_far_place_stays_when_the_text_names_its_country_or_a_third_one(
    real: Geoparser,
) -> None:
    # the note names Pakistan: Moro is meant
    text = "Al Shabaab sympathisers in Pakistan took control of Moro, police in Sindh said."
    assert all(cc != "SO" for _t, _l, cc, _a in _events(real, text))
    # "known locally as al-Shabaab" in Mozambique: not moved to Somalia, whatever Palma is read as
    text = (
        "Insurgents known locally as al-Shabaab stormed the town of Palma in Cabo Delgado "
        "province, days after Mozambican troops left Mocimboa da Praia."
    )
    assert all(cc != "SO" for _t, _l, cc, _a in _events(real, text))


@pytest.mark.gazetteer
def test_an_unknown_name_marked_as_a_district_is_read_as_its_admin1(real: Geoparser) -> None:
    # Nihm is a GeoNames ADM2 of Sanaa governorate (YE.16); cities500 has no Nihm
    for text in (
        "Tribal fighters clashed in Nihm district on Friday.",
        "Tribal fighters clashed in Nihm District on Friday.",
        "Tribal fighters clashed in the district of Nihm on Friday.",
    ):
        got = {p.mention: (p.level, p.admin1) for p in real.parse(text)}
        assert got["Nihm"] == ("admin1", "YE.16"), text
    # without the district word the bare name is not a place of its own
    assert "Nihm" not in {p.mention for p in real.parse("Nihm said on Friday he would stay.")}
    text = "Government troops took control over Maysara front in Nihm district after clashes."
    assert _events(real, text) == [("capture", "admin1", "YE", "YE.16")]


@pytest.mark.gazetteer
def test_a_name_hyphenated_to_a_lower_case_word_goes_on(real: Geoparser) -> None:
    mentions = {p.mention for p in real.parse("Fighters clashed in Mooro-erri on Sunday.")}
    assert "Mooro" not in mentions  # Moro, Pakistan, is not in "Mooro-erri"
    # "-led", "-based", "-administered": the place is still named
    assert "Misrata" in {p.mention for p in real.parse("Misrata-led forces entered Sirte.")}
    got = {p.mention for p in real.parse("A man in Pakistan-administered Kashmir fell ill.")}
    assert "Pakistan" in got


@pytest.mark.gazetteer
def test_a_battle_whose_object_is_the_other_side_is_located_by_the_place_after_it(
    real: Geoparser,
) -> None:
    assert _events(real, "SNA forces attacked al Shabaab in Baidoa.") == [
        ("battle", "city", "SO", "SO.04")
    ]
    assert _events(real, "Al Shabaab attacked Kenyan tourists in Lamu.") == []
    assert _events(real, "Gunmen attacked a wedding party in Kabul.") == []


@pytest.mark.gazetteer
def test_control_told_with_no_place_takes_the_place_in_focus(real: Geoparser) -> None:
    text = (
        "Clashes between the military and SPLM-N in Kadugli. "
        "The army regained control after the fighting."
    )
    assert ("capture", "city", "SD", "SD.50") in _events(real, text)  # Kadugli, South Kordofan
    # "moved in April to dissolve": a movement word is not control, nothing is taken
    text = (
        "Troops fought rebels in Kadugli. "
        "The government moved in April to dissolve the regional forces."
    )
    assert all(t != "capture" for t, _l, _cc, _a in _events(real, text))


def test_eval_reports_false_positives_by_level_and_article() -> None:
    tune = [f"a{i}" for i in range(40) if not is_check(f"a{i}")][:2]
    hama = {"name": "Hama", "geonameid": 1, "country": "SY", "admin1": "SY.10",
            "lat": 35.13, "lon": 36.75, "level": "city"}  # fmt: skip
    ev = {"type": "capture", "actor_kind": "state", "place": hama, "date": "2024-12-06"}
    gold = [
        {"id": tune[0], "published": "2024-12-06", "text": "x", "events": [ev],
         "optional": [], "historical": []},
        {"id": tune[1], "published": "2024-12-06", "text": "x", "events": [],
         "optional": [], "historical": []},
    ]  # fmt: skip

    def pred(aid: str, lat: float, level: str) -> dict:
        loc = {"lat": lat, "lon": 36.75, "country_code": "SY", "admin1": None, "level": level}
        return {"article_id": aid, "type": "capture", "actor": {"kind": "state"},
                "location": loc, "date": "2024-12-06", "status": "reported"}  # fmt: skip

    preds = [pred(tune[0], 35.13, "city"), pred(tune[0], 33.5, "admin1"),
             pred(tune[1], 35.13, "city")]  # fmt: skip
    where = evaluate(gold, preds)["tune"][0]["fp_161km_where"]
    assert where == {"admin1/events": 1, "city/negative": 1}


@pytest.mark.gazetteer
def test_the_article_context_of_a_parse_is_reused_not_recomputed(real: Geoparser) -> None:
    """`leaning_admin1` after a whole-article parse reads the context that parse computed
    (it tokenised the article again for every far namesake: 3 % of extraction time)."""
    text = "Al Shabaab fighters took control of Moro after clashes near Baidoa on Sunday."
    real.parse(text, context_text=text)
    resolver = real._resolver
    assert text in resolver._ctx_cache
    first = resolver.article_context(text)
    first.countries["XX"] += 5  # a caller's copy: the cached context is not changed
    assert "XX" not in resolver.article_context(text).countries


@pytest.mark.gazetteer
def test_as_and_at_between_two_names_are_english_not_an_arabic_article(real: Geoparser) -> None:
    text = "Rebels withdrew from Saraqib as Turkish forces advanced."
    assert [p.mention for p in real.parse(text, context_text=text)] == ["Saraqib"]
    text = "Shelling hit Homs at Christmas, residents said."
    assert "Homs" in [p.mention for p in real.parse(text, context_text=text)]
    # hyphen-joined they are still the article of the name
    assert [p.name for p in real.parse("Fighting near as-Suwayda.")] == ["As-Suwayda"]
