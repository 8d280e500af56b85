"""Issue 10, round 13 (lead): a country's foreign-language alternate name yields to a province
or a big city of that own name elsewhere ("Uman" is Oman in Arabic transliteration and a
Ukrainian city; "Sila" is Korea's Silla and a province of Chad). Sentences written for these
tests; the real gazetteer, because the rule is about names in it."""

from __future__ import annotations

import pytest

from frontline.geo.parser import Geoparser
from tests.unit.notes import note_events


def _events(geo: Geoparser, text: str, published: str) -> list:
    return note_events(geo, text, published, "r13")


def _read(geo: Geoparser, text: str) -> list[tuple[str, str | None]]:
    return [(p.mention, p.country_code) for p in geo.parse(text, context_text=text)]


def test_a_province_named_like_an_old_name_of_a_country_is_the_province(real: Geoparser) -> None:
    got = _read(real, "Herders and farmers clashed in Sila, eastern Chad, on Monday.")
    assert ("Sila", "TD") in got and all(cc != "KR" for _, cc in got)


def test_a_big_city_named_like_a_transliterated_country_is_the_city(real: Geoparser) -> None:
    got = _read(real, "A missile struck an apartment block in Uman, in Cherkasy region.")
    assert got[0] == ("Uman", "UA")
    assert all(cc != "OM" for _, cc in _read(real, "Uman was hit again on Friday."))


@pytest.mark.parametrize(
    ("text", "cc"),
    [
        ("Talks were held in Oman on Sunday.", "OM"),  # the country's own name stays
        ("Ferries to Macau were cancelled.", "MO"),  # the town in Brazil is too small to win
    ],
)
def test_countries_keep_their_own_and_common_names(real: Geoparser, text: str, cc: str) -> None:
    assert _read(real, text)[0][1] == cc


# -- divisions news names in a form the gazetteer lacked
@pytest.mark.parametrize(
    ("text", "name", "cc"),
    [
        ("Troops moved into Mon State on Monday.", "Mon", "MM"),
        ("Shelling hit villages in Karen State.", "Kayin State", "MM"),
        ("Clashes were reported in the SNNP region.", "Southern Nations", "ET"),
    ],
)
def test_divisions_by_the_names_news_uses(real: Geoparser, text: str, name: str, cc: str) -> None:
    got = real.parse(text, context_text=text)
    assert [(p.name.startswith(name), p.country_code) for p in got] == [(True, cc)]


def test_a_weekday_and_a_given_name_stay_words(real: Geoparser) -> None:
    assert _read(real, "Karen said on Mon. that the talks had failed.") == []


# -- an institution's name that is also a big city: a place only in that city's geography
def test_duma_is_douma_in_a_syrian_article(real: Geoparser) -> None:
    got = real.parse("Regime forces shelled Duma in Eastern Ghouta.", context_text="")
    assert (got[0].mention, got[0].country_code, got[0].level) == ("Duma", "SY", "city")


@pytest.mark.parametrize(
    "text",
    [
        "The State Duma voted on Tuesday, officials in Moscow said.",
        "Russia's Duma approved the bill.",
    ],
)
def test_the_duma_stays_a_parliament(real: Geoparser, text: str) -> None:
    assert all(p.mention != "Duma" for p in real.parse(text, context_text=text))


# -- "pro Hadi forces" written without the hyphen is still the other side of "clashed with"
def test_the_side_clashed_with_is_not_the_one_that_took_the_place(real: Geoparser) -> None:
    text = "On 3 May 2021, Houthi forces clashed with pro Hadi forces and took control of Sirwah."
    got = _events(real, text, "2021-05-03")
    assert [(e.type.value, e.actor.name, e.actor.kind.value) for e in got] == [
        ("capture", "Houthis", "non_state")
    ]


# -- a province whose name opens with an article ("Al Bayda") anchors the unknown name before it
@pytest.mark.parametrize(
    "locator", ["(Al Bayda)", "(Radman Al Awad, Al Bayda)", "(Al Bayda governorate)"]
)
def test_an_article_led_province_in_brackets_places_an_unknown_village(
    real: Geoparser, locator: str
) -> None:
    text = f"On 17 June 2020, pro-Hadi forces took control of positions in Qaniyah {locator}."
    got = _events(real, text, "2020-06-17")
    assert [(e.type.value, e.location.admin1, e.location.mention) for e in got] == [
        ("capture", "YE.20", "Qaniyah")
    ]


# -- "claimed to have killed 20" is a claim about this fight, not a cumulative toll
def test_a_claimed_death_toll_keeps_the_battle(real: Geoparser) -> None:
    text = (
        "On 5 March 2018, Al Shabaab attacked SNA troops in Jowhar and claimed to have killed 20."
    )
    got = _events(real, text, "2018-03-05")
    assert [(e.type.value, e.location.name) for e in got] == [("battle", "Jawhar")]


def test_a_toll_since_the_fighting_began_is_still_no_battle(real: Geoparser) -> None:
    text = "On 5 March 2018, officials said the fighting in Jowhar has killed more than 700 people."
    assert _events(real, text, "2018-03-05") == []


# -- the anti-balaka militias and the ex-Seleka factions they fight are two sides
def test_anti_balaka_is_not_seleka(real: Geoparser) -> None:
    text = (
        "On 2 May 2017, anti-balaka fighters took control of Bangassou after UPC fighters withdrew."
    )
    got = {(e.type.value, e.actor.name) for e in _events(real, text, "2017-05-02")}
    assert got == {("capture", "Anti-Balaka"), ("withdrawal", "Seleka")}


# -- "Bir Basra", "Kafr Aleppo": a town's name after the word that opens a longer name
@pytest.mark.parametrize(
    ("text", "mention", "admin1"),
    [
        ("Clashes in Bir Basra area (Al Bayda).", "Bir Basra", "YE.20"),
        ("Clashes erupted in Kafr Aleppo village (Idlib).", "Kafr Aleppo", "SY.12"),
    ],
)
def test_a_town_name_inside_a_longer_unknown_name_is_not_that_town(
    real: Geoparser, text: str, mention: str, admin1: str
) -> None:
    got = real.parse(text, context_text=text)
    assert (got[0].mention, got[0].level, got[0].admin1) == (mention, "admin1", admin1)


def test_a_name_the_gazetteer_has_whole_is_still_read(real: Geoparser) -> None:
    assert _read(real, "Kurdish forces took Tal Abyad.") == [("Tal Abyad", "SY")]


# -- "arrived in X to reinforce the garrison": the purpose makes the move a reinforcement
def test_arriving_to_reinforce_is_a_reinforcement(real: Geoparser) -> None:
    text = "On 9 March 2018, government troops arrived in Jowhar to reinforce the local garrison."
    got = _events(real, text, "2018-03-09")
    assert [(e.type.value, e.location.name) for e in got] == [("reinforcement", "Jawhar")]
    plain = "On 9 March 2018, government troops arrived in Jowhar after a long march."
    assert _events(real, plain, "2018-03-09") == []


# -- "a convoy between Afgooye and Mogadishu": one fight on the way, not one in each town
def test_a_fight_between_two_towns_is_one_event(real: Geoparser) -> None:
    text = "On 9 March 2018, Al Shabaab ambushed an AMISOM convoy between Afgooye and Mogadishu."
    got = _events(real, text, "2018-03-09")
    assert [(e.type.value, e.location.name) for e in got] == [("battle", "Afgooye")]
    both = "On 9 March 2018, Al Shabaab fighters captured Afgooye and Jowhar."
    assert len(_events(real, both, "2018-03-09")) == 2


# -- a division name two countries share: the country the other names told picks it
def test_a_shared_division_name_follows_the_country_the_note_told(real: Geoparser) -> None:
    houthi = "On 3 May 2020, pro-Houthi forces shelled a village in Al Jawf."
    assert _read(real, houthi) == [("Al Jawf", "YE")]
    saudi = "Saudi police arrested two men in Al Jawf."
    assert _read(real, saudi) == [("Al Jawf", "SA")]


# -- a note that names no country: the group's country is all there is, and stands in
def test_a_hint_stands_in_when_the_text_names_no_country(real: Geoparser) -> None:
    text = "On 9 March 2018, Faylaq al-Rahman fighters retreated from Hazzeh as the army advanced."
    got = _events(real, text, "2018-03-09")
    assert [(e.type.value, e.location.level, e.location.country_code, e.location.mention)
            for e in got] == [("withdrawal", "country", "SY", "Hazzeh")]  # fmt: skip


# -- what one side asks of another, and a counterfactual inversion, are not changes
@pytest.mark.parametrize(
    "text",
    [
        "On 6 December 2021, the government said it wants the rebels to withdraw from Dessie.",
        "On 6 December 2021, the army ordered its troops to withdraw from Kobo.",
    ],
)
def test_demands_are_no_events(real: Geoparser, text: str) -> None:
    assert _events(real, text, "2021-12-06") == []


def test_a_counterfactual_inversion_is_no_advance(real: Geoparser) -> None:
    text = (
        "Tigrayan forces advanced into Afar region last month. "
        "Had the rebels reached Mille, they could have cut the highway to Djibouti."
    )
    assert [e.location.mention for e in _events(real, text, "2021-12-06")] == ["Afar region"]


def test_a_withdrawal_told_is_still_one(real: Geoparser) -> None:
    text = "On 5 December 2021, Tigrayan forces withdrew from Dessie, the government said."
    assert [e.type.value for e in _events(real, text, "2021-12-06")] == ["withdrawal"]


# -- "the town of Adan Yabaal" is a Somali town, not Yemen's Aden Governorate
def test_a_province_name_opening_a_towns_longer_name_is_not_the_province(real: Geoparser) -> None:
    text = "Somali troops and clan militias captured the town of Adan Yabaal in Middle Shabelle."
    got = real.parse(text, context_text=text)
    assert (got[0].mention, got[0].country_code) == ("Adan Yabaal", "SO")


# -- "the Dnipro river" is the river, not the city of Dnipro
def test_a_name_followed_by_river_is_no_town(real: Geoparser) -> None:
    assert _read(real, "Fighting raged near the Dnipro river on Friday.") == []
    assert _read(real, "Shelling hit Dnipro city on Friday.") == [("Dnipro", "UA")]


# -- background is no news: a change dated long before publication is left out by default
def test_background_is_left_out_unless_asked_for(real: Geoparser) -> None:
    text = (
        "On 9 March 2018, Al Shabaab fighters captured Jowhar. "
        "Government troops had first taken the town from the militants on 8 December 2012."
    )
    news = _events(real, text, "2018-03-10")
    assert [(e.type.value, e.actor.name, str(e.date)) for e in news] == [
        ("capture", "Al-Shabaab", "2018-03-09")
    ]
    both = note_events(real, text, "2018-03-10", "r13", history=True)
    assert sorted(str(e.date) for e in both) == ["2012-12-08", "2018-03-09"]


# -- "the 2011 uprising", a comma away, dates the uprising, not the army's withdrawal
def test_a_year_modifying_a_noun_in_another_clause_does_not_date_the_trigger(
    real: Geoparser,
) -> None:
    text = (
        "On 6 December 2024, armed groups seized Daraa, the city where the 2011 uprising "
        "began, after the Syrian army withdrew from Daraa."
    )
    got = {(e.type.value, str(e.date)) for e in _events(real, text, "2024-12-07")}
    assert got == {("capture", "2024-12-06"), ("withdrawal", "2024-12-06")}


# -- ", whose troops fought in Tigray," is background, like ", which fought in Tigray,"
def test_a_whose_clause_is_background(real: Geoparser) -> None:
    text = (
        "On 6 December 2021, Uganda, whose soldiers fought alongside Congolese forces in "
        "Ituri, declined to comment."
    )
    assert _events(real, text, "2021-12-06") == []
    dated = "M23, whose fighters seized Goma on 5 December 2021, said it would hold talks."
    assert [e.type.value for e in _events(real, dated, "2021-12-06")] == ["capture"]


# -- "a thrust towards Mille ... was halted": the advance told with its failure
def test_a_halted_thrust_is_no_advance(real: Geoparser) -> None:
    text = (
        "Rebel forces took Kobo on Saturday and pushed south along the highway. "
        "A parallel thrust into Afar region towards the town of Mille was halted on Sunday."
    )
    assert [e for e in _events(real, text, "2021-12-06") if e.type.value == "advance"] == []
