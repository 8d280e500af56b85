"""Second lookup by spelling key (geo/spelling.py, data/geo/spellings.tsv): a name the text
spells otherwise than the gazetteer is found in the country/admin1 the article points to, and
never as a namesake abroad. Fixture gazetteer plus a few invented or GeoNames-like records."""

from __future__ import annotations

import pytest

from frontline.extraction import extract
from frontline.geo.gazetteer import F_PRIMARY, KIND_ADMIN1, KIND_CITY, Gazetteer, _importance
from frontline.geo.index import index_of
from frontline.geo.normalize import fold
from frontline.geo.parser import Geoparser
from frontline.geo.spelling import Speller, rules, spelling_key
from frontline.models import Article
from tests.unit.geo_fixture import fixture_gazetteer

# (kind, name, geonameid, cc, admin1, lat, lon, population)
EXTRA = [
    (KIND_CITY, "Ḩīsh", 169563, "SY", "SY.12", 35.55, 36.64, 12000),
    (KIND_ADMIN1, "Deir ez-Zor Governorate", 170792, "SY", "SY.07", 35.0, 40.5, 1_200_000),
    (KIND_CITY, "Xuddur", 49747, "SO", "SO.01", 4.12, 43.89, 18000),
    (KIND_ADMIN1, "Muhafazat Hadramaout", 70935, "YE", "YE.04", 16.0, 49.0, 1_000_000),
    (KIND_CITY, "Novobakhmutivka", 9100004, "UA", "UA.05", 48.2, 37.8, 900),
    # same spelling key as Ḩīsh, in Turkey: a namesake abroad the lookup must never return
    (KIND_CITY, "Hesh", 9100001, "TR", "TR.31", 36.9, 36.2, 3000),
    # two far-apart Syrian villages sharing one key: ambiguous, no guess
    (KIND_CITY, "Tall Qarmid", 9100002, "SY", "SY.11", 34.9, 36.9, 800),
    (KIND_CITY, "Tell Qarmeed", 9100003, "SY", "SY.13", 33.3, 36.1, 700),
]


def _gazetteer() -> Gazetteer:
    g = fixture_gazetteer()
    for kind, name, gid, cc, a1, lat, lon, pop in EXTRA:
        rec = g.add(kind, name, gid, cc, a1, lat, lon, "PPL" if kind == KIND_CITY else "ADM1", pop)
        g.gid_rec[gid] = rec
        g.key(fold(name), rec, F_PRIMARY)
        if kind == KIND_ADMIN1:
            g.admin1_rec[a1] = rec
    _importance(g)
    return g


@pytest.fixture(scope="module")
def gp() -> Geoparser:
    return Geoparser(index_of(_gazetteer()))


@pytest.mark.parametrize(
    "text, gazetteer",
    [
        ("Dier-ez-Zor", "Deir ez-Zor"),  # ie/ei, article assimilation
        ("Deir ez-Zor", "Dayr az Zawr"),  # aw ~ o
        ("Heish", "Ḩīsh"),  # ei ~ i, diacritics
        ("Idleb", "Idlib"),  # e ~ i
        ("Xuddur", "Hudur"),  # Somali x ~ h, doubled consonant
        ("Dhuusamareeb", "Dusa Marreb"),  # double vowels, dh ~ d, word break
        ("Ceel Dheer", "El Dher"),  # Somali Ceel ~ El
        ("Kfar Nabl", "Kafr Nabl"),  # Kfar ~ Kafr
        ("Tell Rifaat", "Tal Rifat"),  # Tell ~ Tal
        ("Jebel Zawiya", "Jabal az Zawiyah"),  # Jebel ~ Jabal, final -ah
        ("Salamiyeh", "Salamiyah"),  # -iyeh ~ -iyah
        ("Khan Sheikhoun", "Khan Shaykhun"),  # Sheikh ~ Shaykh, ou ~ u
        ("Kafrsajna", "Kafr Sajna"),  # joined ~ two words
        ("Hadhramawt", "Hadramaout"),  # dh ~ d, aw ~ aou
        ("Umm Serdiba", "Um Sirdiba"),  # Umm ~ Um
    ],
)
def test_spellings_share_a_key(text: str, gazetteer: str) -> None:
    assert spelling_key(text) and spelling_key(text) == spelling_key(gazetteer)


@pytest.mark.parametrize(
    "a, b", [("Kirumbu", "Kirumba"), ("Hama", "Homs"), ("Amara", "Amur"), ("Mindanao", "Mandaon")]
)
def test_different_names_keep_different_keys(a: str, b: str) -> None:
    assert spelling_key(a) != spelling_key(b)


def test_short_names_have_no_key() -> None:
    assert spelling_key("Has") == "" and spelling_key("Al Has") == ""


def test_rules_come_from_the_data_file() -> None:
    r = rules()
    assert r.words["kfar"] == "kafr" and "cel" in r.drop and r.subs and r.ends


def test_lookup_stays_in_the_country_and_admin1() -> None:
    sp = Speller(_gazetteer())
    g = sp.g
    rec = sp.lookup("Heish", "SY", "SY.12")
    assert rec is not None and g.name[rec] == "Ḩīsh"
    assert sp.lookup("Heish", "SY", "SY.10") is None  # not in Hama province
    hesh = sp.lookup("Heish", "TR", "TR.31")
    assert hesh is not None and g.name[hesh] == "Hesh"  # each country its own
    assert sp.lookup("Heish", "SD", None) is None


def test_far_apart_namesakes_are_no_answer() -> None:
    sp = Speller(_gazetteer())
    assert sp.lookup("Tal Qarmid", "SY", None) is None
    rec = sp.lookup("Tal Qarmid", "SY", "SY.11")
    assert rec is not None and sp.g.name[rec] == "Tall Qarmid"


def test_near_miss_needs_an_admin1_and_a_long_key() -> None:
    sp = Speller(_gazetteer())
    # Russian -ovka for Ukrainian -ivka: one letter in a 13-letter key
    rec = sp.lookup("Novobakhmutovka", "UA", "UA.05")
    assert rec is not None and sp.g.name[rec] == "Novobakhmutivka"
    assert sp.lookup("Novobakhmutovka", "UA", "UA.05", fuzzy=False) is None
    assert sp.lookup("Hisho", "SY", "SY.12") is None  # one letter off, but too short to guess


def test_village_spelled_otherwise_resolves_to_its_record(gp: Geoparser) -> None:
    places = gp.parse("Regime forces seized Heish village in Idlib province on Monday.")
    heish = next(p for p in places if p.mention == "Heish")
    assert (heish.name, heish.geonameid, heish.level) == ("Ḩīsh", 169563, "city")


def test_no_namesake_abroad(gp: Geoparser) -> None:
    # Hesh (Turkey) has Heish's key; the sentence points to Hama province: province fallback
    places = gp.parse("Regime forces seized Heish village in Hama province on Monday.")
    heish = next(p for p in places if p.mention == "Heish")
    assert (heish.level, heish.admin1, heish.geonameid) == ("admin1", "SY.10", None)


def test_admin1_spelled_otherwise_anchors_a_village(gp: Geoparser) -> None:
    text = "Clashes took place in Gharanij town in eastern Dier-ez-Zor, Syria."
    places = {p.mention: p for p in gp.parse(text)}
    assert places["Dier-ez-Zor"].level == "admin1" and places["Dier-ez-Zor"].admin1 == "SY.07"
    assert places["Gharanij"].admin1 == "SY.07"  # the village falls back to that province


def test_a_bare_name_outside_a_frame_is_left_alone(gp: Geoparser) -> None:
    assert [p.mention for p in gp.parse("Heish said the talks in Syria would go on.")] == ["Syria"]


def test_extraction_locates_the_capture_at_the_respelled_village(gp: Geoparser) -> None:
    art = Article(
        id="s1",
        published="2024-03-09",
        text="Hayat Tahrir al-Sham fighters captured Heish village in Idlib province.",
    )
    locs = [(e.type.value, e.location.name, e.location.geonameid, e.location.mention)
            for e in extract(art, gp)]  # fmt: skip
    assert ("capture", "Ḩīsh", 169563, "Heish") in locs


def test_unknown_village_still_falls_back_with_its_mention(gp: Geoparser) -> None:
    art = Article(
        id="s2",
        published="2024-03-09",
        text="Hayat Tahrir al-Sham fighters captured Zzyqarvo village in Idlib province.",
    )
    locs = [(e.location.level, e.location.admin1, e.location.mention) for e in extract(art, gp)]
    assert ("admin1", "SY.12", "Zzyqarvo") in locs


def test_lost_possessive_apostrophe(gp: Geoparser) -> None:
    places = {p.mention: p for p in gp.parse("Shelling hit villages in Idlibs countryside, Syria.")}
    assert places["Idlibs"].admin1 == "SY.12"  # the apostrophe of "Idlib's" lost


def test_world_unique_long_key_without_a_named_country(gp: Geoparser) -> None:
    # no country named: the key of 8+ letters is one admin1 in the world
    places = {p.mention: p for p in gp.parse("Forces cleared the western areas of Hadhramawt.")}
    assert places["Hadhramawt"].admin1 == "YE.04"
    # a shorter key is looked up in the article's country only
    assert [p.mention for p in gp.parse("Forces cleared the western areas of Dier-ez-Zor.")] == []
