"""Issue 10, round 12 (lead): the country a note's armed groups belong to is context for its
places, as it is for a reader ("ISWAP fighters took control of Gaya" is Nigeria's Gaya, not
Niger's), and an unknown name the geoparser placed at an admin1 is treated like any other
unknown name there. Sentences written for these tests (none from the evaluation sets); the
real gazetteer, because the rules are about namesakes in it."""

from __future__ import annotations

import pytest

from frontline.actors import ActorDictionary
from frontline.extraction import fallback
from frontline.geo.parser import Geoparser
from tests.unit.notes import note_events


def _events(geo: Geoparser, text: str, published: str = "2023-03-06") -> list:
    return note_events(geo, text, published, "r12")


# -- geo: a country the caller knows weighs like one town of it
@pytest.mark.parametrize("cc", ["UA", "RU"])
def test_a_country_hint_picks_the_namesake_in_that_country(real: Geoparser, cc: str) -> None:
    # Pokrovka is a village name in Ukraine and in Russia; the sentence names no country
    text = "Fighting was reported in Pokrovka on Monday."
    got = real.parse(text, context_text=text, country_hint=cc)
    assert [(p.mention, p.country_code) for p in got] == [("Pokrovka", cc)]


def test_a_country_hint_does_not_outweigh_two_places_named_elsewhere(real: Geoparser) -> None:
    text = "Fighting was reported in Pokrovka, near Belgorod and Kursk, on Monday."
    got = real.parse(text, context_text=text, country_hint="UA")
    assert {p.country_code for p in got} == {"RU"}


def test_the_hint_leaves_the_remembered_article_context_alone(real: Geoparser) -> None:
    text = "Shelling hit Pokrovka overnight."
    plain = real.parse(text, context_text=text)
    hinted = real.parse(text, context_text=text, country_hint="UA")
    assert [p.country_code for p in hinted] == ["UA"]
    assert real.parse(text, context_text=text) == plain  # the cached context took no hint


# -- which actors tell the note's country
def test_a_named_group_tells_the_country_a_state_army_alone_does_not() -> None:
    actors = ActorDictionary.default()
    assert fallback.groups_country(actors.find("ISWAP fighters attacked the town.")) == "NG"
    assert fallback.groups_country(actors.find("Al Shabaab militants took the town.")) == "SO"
    # armies fight abroad: "Russian forces took Pokrovka" is read in Ukraine by the text
    assert fallback.groups_country(actors.find("Russian forces captured the village.")) is None


def test_a_groups_home_country_decides_a_close_namesake(real: Geoparser) -> None:
    # Gaya is a town in Nigeria and in Niger: ISWAP is Nigeria's
    got = _events(real, "On 4 March 2023, ISWAP fighters took control of Gaya after clashes.")
    assert [(e.type.value, e.location.level, e.location.country_code) for e in got] == [
        ("capture", "city", "NG")
    ]
    assert got[0].location.name == "Gaya"


# -- an unknown name the geoparser placed at an admin1 is an unknown name like the others
def test_a_name_read_elsewhere_stands_where_an_unknown_village_of_the_same_frame_does(
    real: Geoparser,
) -> None:
    # "Nasr" matches places abroad and the geoparser fell back to Hama's admin1 with more
    # confidence than an unknown name gets; "Qaryat Zulfa" matches nothing. Both stand in the
    # northern part the text names, not at the province's middle.
    def point(name: str) -> tuple[str, float, float]:
        (ev,) = _events(
            real,
            f"On 4 March 2023, government troops took control of {name} village in northern Hama.",
        )
        return ev.location.level, ev.location.lat, ev.location.lon

    unknown, read_elsewhere = point("Qaryat Zulfa"), point("Nasr")
    assert unknown[0] == read_elsewhere[0] == "admin1"
    assert read_elsewhere == unknown
    hama = real.lookup_admin1("SY.10")
    assert hama is not None and unknown[1] > hama.lat  # north of the province's own point


def test_a_hint_gives_no_country_wide_stand_in_the_text_does_not_lead_to(
    real: Geoparser,
) -> None:
    # "Al Shabaab" (Somalia) and "Coast Province" (Kenya) tie: the hint may not make the
    # unknown village Somalia as a whole; the extraction places it in the region it names
    text = "Al Shabaab militants took control of Kolbio village in Coast Province."
    got = real.parse(text, context_text=text, country_hint="SO")
    assert [(p.mention, p.level) for p in got] == [("Coast Province", "region")]


# -- a side arriving where the other side has just left takes the place
@pytest.mark.parametrize(
    ("text", "taker"),
    [
        ("On 4 March 2023, SNA troops deployed to Jalalaqsi after Al Shabaab militants "
         "vacated the town.", "Somali National Army"),
        ("On 4 March 2023, SNA troops arrived in Jalalaqsi, which Al Shabaab had vacated.",
         "Somali National Army"),
        ("On 4 March 2023, Al Shabaab militants returned to Jalalaqsi after ENDF troops left "
         "the town.", "Al-Shabaab"),
        ("On 4 March 2023, Al Shabaab militants were stationed in Jalalaqsi after the SNA left.",
         "Al-Shabaab"),
        ("On 4 March 2023, the Nigerian army reestablished its presence in Marte after ISWAP "
         "fighters fled.", "Nigerian Armed Forces"),
    ],
)  # fmt: skip
def test_arriving_where_the_other_side_left_is_a_capture(
    real: Geoparser, text: str, taker: str
) -> None:
    got = {(e.type.value, e.actor.name) for e in _events(real, text)}
    assert ("capture", taker) in got


@pytest.mark.parametrize(
    "text",
    [
        # the same side left somewhere else first: no capture of the place it reached
        "On 4 March 2023, SNA troops arrived in Jalalaqsi after withdrawing from Bulo Burte.",
        # nobody left: a deployment after an attack is no change of hands
        "On 4 March 2023, SNA troops deployed to Jalalaqsi after Al Shabaab attacked the town.",
        # not a place right after the verb
        "On 4 March 2023, AMISOM troops returned to their base in Baidoa after the militants fled.",
        # civilians coming home take nothing
        "On 4 March 2023, displaced families returned to Jalalaqsi after Al Shabaab militants "
        "withdrew.",
    ],
)
def test_arriving_without_the_other_side_leaving_is_no_capture(real: Geoparser, text: str) -> None:
    assert "capture" not in {e.type.value for e in _events(real, text)}


# -- villages read across a border nothing in the note points to are namesakes
_SUDAN = (
    "On 4 March 2023, the Sudanese army clashed with RSF in Abdi, Haraze, Wad Ashana and "
    "Um Sumeima villages"
)


def test_villages_read_in_a_country_nothing_points_to_are_not_placed_there(
    real: Geoparser,
) -> None:
    # Abdi and Haraze are villages of Chad in the gazetteer, and the unknown names were placed
    # beside them in Chad's Salamat; every actor is Sudan's and the text never names Chad
    got = _events(real, _SUDAN + ".")
    assert "TD" not in {e.location.country_code for e in got}


def test_a_country_the_text_names_keeps_its_readings(real: Geoparser) -> None:
    got = _events(real, _SUDAN + ", Chadian officials said.")
    assert {e.location.country_code for e in got} == {"TD"}


def _place(name: str, cc: str, level: str = "city", pop: int = 2000, gid: int | None = 1) -> object:
    from frontline.geo.place import Place

    return Place(name, 0, len(name), name, gid, cc, None, 0.0, 0.0, level, 1.0, "PPL", pop)


@pytest.mark.parametrize(
    ("extra_place", "text", "abroad"),
    [
        (None, "Sudanese army clashed with RSF.", {"TD"}),
        # a border crossing told: the reading abroad has its reason
        (None, "RSF crossed the border and clashed with the Sudanese army.", set()),
        # a city of its own there: the note is also about Chad
        (("Abeche", "TD", "city", 80_000), "Sudanese army clashed with RSF.", set()),
        # a province seat read there
        (("Am Timan", "TD", "city", 30_000, "PPLA"), "Sudanese army clashed with RSF.", set()),
    ],
)
def test_namesake_countries(real: Geoparser, extra_place, text: str, abroad: set) -> None:
    from dataclasses import replace

    places = [_place("Abdi", "TD"), _place("Haraze", "TD"), _place("Nyala", "SD", pop=500_000)]
    if extra_place is not None:
        name, cc, level, pop, *code = extra_place
        p = _place(name, cc, level, pop)
        places.append(replace(p, feature_code=code[0]) if code else p)
    mentions = ActorDictionary.default().find(text)
    note = fallback.Support.of(places, mentions)
    home, found = fallback.namesake_countries(places, mentions, note, text, real)
    assert home == "SD"
    assert found == abroad


# -- battles told with an object the frames missed
@pytest.mark.parametrize(
    "text",
    [
        "On 4 March 2023, SNA troops came under attack from Al Shabaab in Jowhar.",
        "On 4 March 2023, SNA troops engaged Al Shabaab fighters in Jowhar.",
        "On 4 March 2023, SNA forces battled Al Shabaab in Jowhar.",
        "On 4 March 2023, in Jowhar, SNA forces and Al Shabaab militants clashed.",
    ],
)
def test_battle_frames(real: Geoparser, text: str) -> None:
    got = [(e.type.value, e.location.name) for e in _events(real, text)]
    assert got == [("battle", "Jawhar")]


# -- one change, one event: the fight at an unknown village for a town of its province
def test_a_battle_at_an_unknown_village_before_a_capture_in_its_province_is_that_capture(
    real: Geoparser,
) -> None:
    text = (
        "On 4 March 2023, SNA forces clashed with Al Shabaab militants near Dhagaxle village in "
        "Middle Shabelle. The SNA later retook Mahaddayweyne."
    )
    got = [(e.type.value, e.location.name) for e in _events(real, text)]
    assert got == [("capture", "Mahaddayweyne")]


def test_a_battle_in_another_province_than_the_capture_stays(real: Geoparser) -> None:
    text = (
        "On 4 March 2023, SNA forces clashed with Al Shabaab militants near Dhagaxle village in "
        "Hiraan. The SNA later retook Mahaddayweyne."
    )
    got = {(e.type.value, e.location.level) for e in _events(real, text)}
    assert got == {("battle", "admin1"), ("capture", "city")}


@pytest.mark.parametrize(
    ("text", "types"),
    [
        (
            "On 4 March 2023, SNA deployed troops to Jalalaqsi after Al Shabaab withdrew from "
            "the town.",
            {"capture", "withdrawal"},
        ),
        (
            "On 4 March 2023, Al Shabaab moved fighters into Jalalaqsi after ENDF troops left the "
            "town.",
            {"capture", "withdrawal"},
        ),
        # nobody left: troops sent to hold a place are a reinforcement
        (
            "On 4 March 2023, the SNA deployed troops to Jalalaqsi to defend the town against "
            "Al Shabaab.",
            {"reinforcement"},
        ),
    ],
)
def test_forces_sent_where_the_other_side_left_take_it(
    real: Geoparser, text: str, types: set
) -> None:
    assert {e.type.value for e in _events(real, text)} == types


def test_communal_fighters_named_as_acled_names_them_are_a_side(real: Geoparser) -> None:
    text = (
        "On 4 March 2023, armed youth from the Dinka community clashed with Nuer youth in "
        "Bor, Jonglei."
    )
    got = [(e.type.value, e.location.country_code, e.actor.kind.value) for e in _events(real, text)]
    assert got == [("battle", "SS", "non_state")]


# -- "X Y region": a province named with its own level word after an unknown town
def test_a_province_named_with_its_level_word_after_an_unknown_town_is_read(
    real: Geoparser,
) -> None:
    text = "Al Shabaab fighters took Garsaale Hiraan region overnight."
    got = [(p.mention, p.level, p.country_code) for p in real.parse(text, context_text=text)]
    assert ("Hiraan region", "admin1", "SO") in got
    evs = _events(real, "On 4 March 2023, " + text)
    assert [(e.type.value, e.location.level, e.location.admin1) for e in evs] == [
        ("capture", "admin1", "SO.07")
    ]


# -- "abandoned X to Y": a withdrawal and the capture by the side it was left to
@pytest.mark.parametrize(
    ("text", "got"),
    [
        (
            "On 4 March 2023, the army abandoned Jalalaqsi to Al Shabaab militants.",
            {("withdrawal", "state"), ("capture", "non_state")},
        ),
        (
            "On 4 March 2023, the rebels abandoned the town of Jalalaqsi to the advancing army.",
            {("withdrawal", "non_state"), ("capture", "state")},
        ),
        # a purpose, not a recipient
        (
            "On 4 March 2023, the army abandoned Jalalaqsi to preserve the lives of its soldiers.",
            {("withdrawal", "state")},
        ),
    ],
)
def test_abandoned_to_is_a_transfer(real: Geoparser, text: str, got: set) -> None:
    assert {(e.type.value, e.actor.kind.value) for e in _events(real, text)} == got
