"""Event types when a fight ends in a change of control (issue 10, round 8): the capture
reading of a fight, the winner's side when the text names the loser or a generic. One test
per linguistic category, own sentences (never a dev note), each with a guard. Static
gazetteer: the rules, not the geography.
"""

from __future__ import annotations

import pytest

from frontline.extraction import StaticGeoparser, extract
from frontline.models import Article

from .factories import extracted

GAZ = {
    "Afgooye": {"country_code": "SO", "admin1": "SO.14", "lat": 2.14, "lon": 45.12,
                "geonameid": 60, "level": "city"},
    "Qoryoley": {"country_code": "SO", "admin1": "SO.14", "lat": 1.79, "lon": 44.53,
                 "geonameid": 62, "level": "city"},
    "Lower Shabelle": {"country_code": "SO", "admin1": "SO.14", "lat": 1.9, "lon": 44.6,
                       "geonameid": 61, "level": "admin1"},
    "Saraqib": {"country_code": "SY", "admin1": "SY.12", "lat": 35.86, "lon": 36.8,
                "geonameid": 14, "level": "city"},
}  # fmt: skip
GEO = StaticGeoparser(GAZ)


def _events(text: str, published: str = "2024-03-09") -> list[tuple]:
    return extracted(GEO, text, published)


# -- the object of a fighting verb is the loser, not the subject of the capture that follows
@pytest.mark.parametrize("verb", ["fought", "battled", "overwhelmed", "overpowered"])
def test_object_of_a_fighting_verb_is_not_the_taker(verb):
    text = f"On Monday, al Shabaab {verb} SNA forces in Afgooye and captured the town."
    assert _events(text) == [("capture", "non_state", "Afgooye")]


def test_subject_of_fought_with_stays_the_taker():
    text = "On Monday, SNA forces fought al Shabaab in Afgooye and captured the town."
    assert _events(text) == [("capture", "state", "Afgooye")]


# -- a site of the place in focus (police station, camp, positions) is that place
@pytest.mark.parametrize(
    "site",
    [
        "the police station",
        "the military camp",
        "the army base",
        "SNA positions",
        "their positions",
        "the district headquarters",
        "an army outpost",
        "the town hall",
    ],
)
def test_site_taken_after_a_fight_is_a_capture_of_the_place_in_focus(site):
    text = f"On Monday, al Shabaab clashed with SNA forces in Afgooye. The militants took {site}."
    text = text.replace("took ", "took control of ")
    assert _events(text) == [("capture", "non_state", "Afgooye")]


@pytest.mark.parametrize("obj", ["the main road", "the bridge", "the mountain"])
def test_road_bridge_near_a_town_are_not_the_town(obj):
    text = f"On Monday, al Shabaab clashed with SNA forces in Afgooye. The militants took {obj}."
    text = text.replace("took ", "took control of ")
    assert _events(text) == [("battle", "non_state", "Afgooye")]


def test_villages_near_a_town_are_taken_in_its_province_not_the_town():
    # round 11: unnamed villages taken after a fight at a town are a capture in the town's
    # province (not the town itself), and the fight is the fight for them
    text = (
        "On Monday, al Shabaab clashed with SNA forces in Afgooye. "
        "The militants took control of two villages."
    )
    assert _events(text) == [("capture", "non_state", "Lower Shabelle")]


def test_battle_beside_a_fallback_capture_in_the_next_sentence_is_one_change():
    text = (
        "On Monday, al Shabaab clashed with SNA forces in Afgooye (Lower Shabelle). The "
        "militants took control of Qarbi Dheere village."
    )
    evs = _events(text)
    assert [e[0] for e in evs] == ["capture"], evs


# -- what one side lost, the other took: "lost (control of) X" with or without "to Y"
@pytest.mark.parametrize(
    "text",
    [
        "On Monday, SNA forces lost control of Afgooye to al Shabaab.",
        "On Monday, SNA forces lost Afgooye after clashes with al Shabaab.",
        "On Monday, al Shabaab attacked SNA positions in Afgooye. SNA forces lost control of "
        "the town.",
    ],
)
def test_a_loss_is_the_other_sides_capture(text):
    assert _events(text) == [
        ("capture", "non_state", "Afgooye"),
        ("withdrawal", "state", "Afgooye"),
    ]


def test_a_loss_with_no_side_named_is_a_capture_by_the_other_side_unnamed():
    evs = extract(Article(id="t", published="2024-03-09", text="On Monday, the army lost "
                          "control of Afgooye."), GEO)  # fmt: skip
    assert sorted((e.type.value, e.actor.kind.value, e.actor.name) for e in evs)[0][:2] == (
        "capture",
        "non_state",
    )


def test_lost_without_a_place_is_nothing():
    assert _events("On Monday, SNA forces lost five soldiers in clashes with al Shabaab.") == []


# -- the destination of the taker's own move is what it took
@pytest.mark.parametrize("verb", ["advanced to", "moved to", "marched into", "returned to"])
def test_destination_of_the_move_is_the_place_taken(verb):
    text = f"On Monday, al Shabaab {verb} Afgooye and took control."
    assert _events(text) == [("capture", "non_state", "Afgooye")]


def test_withdrawal_to_a_town_is_not_its_capture():
    text = "On Monday, SNA forces withdrew to Afgooye and took control."
    assert ("capture", "state", "Afgooye") not in _events(text)


# -- a withdrawal from "their positions" after a fight is a withdrawal from the town in focus
def test_withdrawal_from_positions_is_from_the_place_in_focus():
    text = (
        "On Monday, al Shabaab clashed with SNA forces in Afgooye. SNA forces retreated "
        "from their positions."
    )
    assert ("withdrawal", "state", "Afgooye") in _events(text)


# -- an advance into a place the other side left is its capture
def test_advance_into_a_place_the_other_side_left_is_a_capture():
    text = "On Monday, al Shabaab advanced into Afgooye after SNA forces withdrew."
    assert ("capture", "non_state", "Afgooye") in _events(text)
    assert ("advance", "non_state", "Afgooye") not in _events(text)


def test_advance_into_the_outskirts_stays_an_advance():
    text = "On Monday, al Shabaab advanced into the outskirts of Afgooye after SNA forces withdrew."
    assert ("advance", "non_state", "Afgooye") in _events(text)


# -- "forced X to flee (the town)": the forcer takes the place; fleeing "to" a place does not
@pytest.mark.parametrize("obj", ["them", "the militants"])
def test_forced_to_flee_the_town_is_the_forcers_capture(obj):
    text = (
        f"On Monday, SNA forces clashed with al Shabaab in Afgooye, forcing {obj} to flee the town."
    )
    assert _events(text) == [("capture", "state", "Afgooye")]


def test_forced_to_flee_to_a_town_is_no_capture_of_it():
    text = "On Monday, the attack forced the governor to flee to Afgooye."
    assert _events(text) == []


# -- a side's name as a site's modifier ("the police station", "an army base") is no subject
def test_site_modifier_is_not_the_taker():
    text = "On Monday, al Shabaab stormed the police station in Afgooye and took control of it."
    assert _events(text) == [("capture", "non_state", "Afgooye")]


# -- a fight that ends with the other side leaving is that withdrawal, not a battle too
@pytest.mark.parametrize(
    "tail",
    ["The militants fled the town.", "Al Shabaab withdrew from the town."],
)
def test_fight_ended_by_the_other_sides_flight_is_one_change(tail):
    text = f"On Monday, SNA forces clashed with al Shabaab in Afgooye. {tail}"
    assert _events(text) == [("withdrawal", "non_state", "Afgooye")]


def test_attackers_who_withdraw_after_the_fight_leave_the_battle():
    text = (
        "On Monday, al Shabaab fighters attacked SNA positions in Afgooye. The attackers "
        "withdrew from the town in the afternoon."
    )
    assert ("battle", "non_state", "Afgooye") in _events(text)


# -- surrendered / ceded / driven out by: the loser's withdrawal and the other side's capture
def test_surrender_without_a_recipient_is_the_besiegers_capture():
    text = "On Monday, the garrison surrendered Afgooye after a three-day siege by al Shabaab."
    assert ("capture", "non_state", "Afgooye") in _events(text)


def test_passive_expulsion_with_an_agent_is_the_agents_capture():
    text = "On Monday, al Shabaab fighters were driven from Afgooye by SNA forces."
    assert _events(text) == [
        ("capture", "state", "Afgooye"),
        ("withdrawal", "non_state", "Afgooye"),
    ]


def test_passive_expulsion_without_an_agent_names_no_taker():
    text = "On Monday, al Shabaab was dislodged from Afgooye."
    assert _events(text) == [("withdrawal", "non_state", "Afgooye")]


# -- control told as restored: "is back under government control", "declared X free of Y"
@pytest.mark.parametrize(
    "text",
    [
        "On Monday, Afgooye was back under government control after clashes.",
        "On Monday, the army declared Afgooye free of al Shabaab after a two-day battle.",
    ],
)
def test_control_restored_is_a_capture(text):
    assert _events(text) == [("capture", "state", "Afgooye")]


def test_side_named_before_holdouts_is_not_the_taker():
    text = "On Monday, SNA troops combed Afgooye for al Shabaab holdouts after retaking the town."
    assert _events(text) == [("capture", "state", "Afgooye")]


def test_site_taken_in_the_sentence_that_named_the_town():
    text = "On Monday, al Shabaab raided Afgooye and took over the military base."
    assert _events(text) == [("capture", "non_state", "Afgooye")]


# -- background in a later clause is the place's, not the change's
@pytest.mark.parametrize(
    "tail",
    [
        "took control of the town, which had been under SNA control since 2019.",
        "retook the town, previously held by SNA forces.",
        "re-took control of the town.",
    ],
)
def test_background_after_the_change_does_not_make_it_history(tail):
    text = f"On Monday, al Shabaab clashed with SNA forces in Afgooye. The militants {tail}"
    assert _events(text) == [("capture", "non_state", "Afgooye")]


def test_history_cue_in_the_changes_own_clause_still_blocks_it():
    text = "Al Shabaab took control of Afgooye years ago and has held it since."
    assert ("capture", "non_state", "Afgooye") not in _events(text)


# -- one fight between two towns, one of which is taken that day, is the fight for it
def test_battle_between_two_towns_one_taken_is_the_fight_for_it():
    text = (
        "On Monday, al Shabaab clashed with SNA forces between Qoryoley and Afgooye. The "
        "militants took control of Qoryoley."
    )
    assert _events(text) == [("capture", "non_state", "Qoryoley")]


def test_battle_at_a_second_town_attacked_stays():
    text = (
        "On Monday, al Shabaab attacked SNA forces in Afgooye and Qoryoley. The militants took "
        "control of Afgooye."
    )
    assert ("battle", "non_state", "Qoryoley") in _events(text)


# -- "them" after a capture verb: neighbourhoods and districts are places
def test_them_after_neighbourhoods_is_a_place():
    text = (
        "On Monday, regime forces advanced into Saraqib's eastern neighbourhoods and took "
        "control of them."
    )
    assert ("capture", "state", "Saraqib") in _events(text)


# -- a fight told with its result: "leaving / ending with the militants in control of X"
@pytest.mark.parametrize("lead", ["leaving", "ending with"])
def test_fight_that_leaves_a_side_in_control_is_its_capture(lead):
    tail = f"{lead} the militants in control of the town."
    text = f"On Monday, SNA forces clashed with al Shabaab in Afgooye, {tail}"
    assert _events(text) == [("capture", "non_state", "Afgooye")]


@pytest.mark.parametrize(
    "text",
    [
        "On Monday, the militants in control of Afgooye imposed taxes.",
        "On Monday, SNA forces clashed with the militants in control of Afgooye.",
    ],
)
def test_a_side_described_as_in_control_is_no_capture(text):
    assert all(e[0] != "capture" for e in _events(text))


# -- an agentless change after a side's operation is that side's
def test_agentless_recapture_after_an_operation_is_the_operators():
    text = (
        "On Monday, SNA forces launched an operation against al Shabaab in Afgooye. The town "
        "was recaptured."
    )
    assert _events(text) == [("capture", "state", "Afgooye")]


# -- a long fight for a place that ends in its capture is that capture (annotated optional)
def test_weeks_of_fighting_for_a_town_then_taken_is_the_capture():
    text = (
        "Al Shabaab fighters have battled SNA forces in Afgooye for weeks. On Friday, the "
        "militants took control of Afgooye, a local elder said."
    )
    assert _events(text) == [("capture", "non_state", "Afgooye")]


# -- ... but fighting today at a place taken years ago is a battle of its own
@pytest.mark.parametrize(
    "history",
    [
        "African Union troops took control of Afgooye from the militants in 2012.",
        "In August 2012, African Union troops captured Afgooye from the militants.",
    ],
)
def test_fighting_at_a_town_captured_years_ago_stays_a_battle(history):
    text = f"On Friday, al Shabaab clashed with SNA forces in Afgooye, residents said. {history}"
    assert ("battle", "non_state", "Afgooye") in _events(text)
