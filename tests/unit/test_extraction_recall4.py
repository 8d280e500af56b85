"""Frames and types (issue 10, round 7): a capture whose reading was lost to a battle, the
actor of a gerund, battles behind an attempt. One test per category, own sentences (never
a dev note), each with a guard. Static gazetteer: the rules, not the geography.
"""

from __future__ import annotations

import pytest

from frontline.extraction import StaticGeoparser

from .factories import extracted

GAZ = {
    "Afgooye": {"country_code": "SO", "admin1": "SO.14", "lat": 2.14, "lon": 45.12,
                "geonameid": 60, "level": "city"},
    "Saraqib": {"country_code": "SY", "admin1": "SY.12", "lat": 35.86, "lon": 36.8,
                "geonameid": 14, "level": "city"},
    "Marib": {"country_code": "YE", "admin1": "YE.14", "lat": 15.46, "lon": 45.32,
              "geonameid": 30, "level": "city"},
    "Jalalaqsi": {"country_code": "SO", "admin1": "SO.07", "lat": 3.38, "lon": 45.6,
                  "geonameid": 1, "level": "city"},
    "Hiraan": {"country_code": "SO", "admin1": "SO.07", "lat": 4.06, "lon": 45.4,
               "geonameid": 2, "level": "admin1"},
}  # fmt: skip
GEO = StaticGeoparser(GAZ)


def _events(text: str, published: str = "2024-03-09") -> list[tuple]:
    return extracted(GEO, text, published)


# -- the noun right before a gerund is its subject, whatever preposition governs the pair
@pytest.mark.parametrize(
    "tail",
    [
        "with the militants capturing the town",
        "resulting in the militants taking control of the town",
    ],
)
def test_gerund_subject_after_with_is_the_taker(tail):
    text = f"On Monday, SNA forces and al Shabaab clashed in Afgooye, {tail}."
    assert _events(text) == [("capture", "non_state", "Afgooye")]


def test_regime_after_ended_with_is_the_taker_not_the_object():
    text = (
        "On Monday, clashes between regime forces and HTS in Saraqib ended with the regime "
        "taking control of the town."
    )
    assert _events(text) == [("capture", "state", "Saraqib")]


def test_object_of_with_not_before_a_gerund_stays_an_object():
    text = "On Monday, regime forces clashed with HTS in Saraqib and took control of the town."
    assert _events(text) == [("capture", "state", "Saraqib")]


# -- "them" after a capture verb: places when the last plural noun names places
@pytest.mark.parametrize(
    "verb", ["took control of them", "overran them", "captured them", "took them over"]
)
def test_them_after_positions_is_a_capture_of_the_sentence_place(verb):
    text = f"On Monday, al Shabaab attacked SNA positions in Afgooye and {verb}."
    assert _events(text) == [("capture", "non_state", "Afgooye")]


def test_them_after_soldiers_is_people_not_a_place():
    text = "On Monday, HTS attacked regime soldiers in Saraqib and captured them."
    assert [e[0] for e in _events(text)] == ["battle"]


# -- expulsion verbs: the object is the side that leaves, the place is the sentence's
def test_expelled_them_after_a_clash_is_a_capture():
    text = "On Monday, HTS clashed with regime forces in Saraqib and expelled them."
    assert _events(text) == [("capture", "non_state", "Saraqib")]


def test_drove_them_back_is_a_battle_not_a_capture():
    text = "On Monday, HTS clashed with regime forces in Saraqib and drove them back."
    assert _events(text) == [("battle", "non_state", "Saraqib")]


# -- an attempt governs only its own verb: the fighting it led to is a battle
@pytest.mark.parametrize(
    "text",
    [
        "On Monday, the Houthis tried to take Marib but were repelled by government forces.",
        "On Monday, the Houthis attempted to overrun Marib, sparking clashes with the army.",
        "On Monday, the Houthis attempted to storm Marib and clashed with government forces.",
    ],
)
def test_attempted_capture_met_by_fighting_is_a_battle(text):
    assert _events(text) == [("battle", "non_state", "Marib")]


@pytest.mark.parametrize(
    "text",
    [
        "On Monday, the Houthis attempted to overrun Marib.",
        "On Monday, the Houthis vowed to try to storm Marib, sparking fears of clashes.",
        "On Monday, the Houthis threatened to attempt to take Marib, despite the clashes.",
        "On Monday, the Houthis did not try to take Marib, avoiding clashes with the army.",
    ],
)
def test_attempt_without_fighting_or_under_a_threat_is_no_event(text):
    assert _events(text) == []


# -- an objectless capture or withdrawal: the town the sentence named before it
@pytest.mark.parametrize(
    "tail",
    ["forcing government forces to withdraw", "and gained control", "and took control"],
)
def test_objectless_change_takes_the_town_named_before_it(tail):
    text = f"On Monday, the Houthis attacked Marib, {tail}."
    assert _events(text) == [("capture", "non_state", "Marib")]


def test_objectless_change_after_a_town_of_origin_is_no_event():
    text = "On Monday, Houthi fighters from Marib gained control."
    assert _events(text) == []


# -- a passive capture with no agent and no side in memory: the change, its taker unknown
def test_agentless_passive_capture_after_clashes_is_a_capture_by_an_unknown_side():
    text = "On Monday, Marib was captured after clashes between government forces and Houthis."
    assert _events(text) == [("capture", "unknown", "Marib")]


def test_agentless_passive_capture_under_a_hypothetical_is_no_event():
    text = "Officials warned on Monday that Marib could be captured after clashes."
    assert _events(text) == []


# -- "clashed in P and took control of V", V unknown to the gazetteer (at P's province): the
# fighting in P is the fight for V, one change
def test_battle_beside_a_fallback_capture_in_its_province_is_that_capture():
    text = (
        "On Monday, SNA forces clashed with al Shabaab in Jalalaqsi (Hiraan) and took "
        "control of Tarda village."
    )
    assert [(e[0], e[2]) for e in _events(text)] == [("capture", "Hiraan")]


def test_battle_told_in_another_sentence_than_the_fallback_capture_stays():
    text = (
        "On Monday, SNA forces clashed with al Shabaab in Jalalaqsi (Hiraan). On Tuesday, "
        "al Shabaab fighters took control of Tarda village (Hiraan) after the troops left."
    )
    assert sorted(e[0] for e in _events(text)) == ["battle", "capture"]


# -- a leader's name stands for his side's forces with any force noun (actors.yaml `leaders`)
@pytest.mark.parametrize("subject", ["Pro-Hadi commanders said their troops", "Hadi loyalists"])
def test_leader_name_with_a_force_noun_is_the_state_side(subject):
    text = f"On Monday, {subject} took control of Marib after clashes with the Houthis."
    assert _events(text) == [("capture", "state", "Marib")]


def test_leader_name_alone_is_no_actor():
    from frontline.actors import ActorDictionary

    assert ActorDictionary.default().find("Hadi spoke to reporters on Monday.") == []


# -- "loyalist militia" fights for the regime: the state side, not a non-state militia
@pytest.mark.parametrize(
    "subject", ["Regime and loyalist militia forces", "Loyalist militia Tiger Forces"]
)
def test_loyalist_militia_is_the_state_side(subject):
    from frontline.actors import ActorDictionary

    found = ActorDictionary.default().find(f"On Monday, {subject} took control of Saraqib.")
    assert {(m.entry.name, m.entry.category) for m in found} == {("Syrian Armed Forces", "state")}
    text = f"On Monday, {subject} took control of Saraqib after clashes with HTS."
    assert _events(text) == [("capture", "state", "Saraqib")]


# -- "was forced to withdraw.": the base form after a verb of compulsion is a withdrawal
def test_forced_to_withdraw_base_form_is_a_withdrawal_from_the_place_in_focus():
    text = (
        "On Monday, SNA forces clashed with al Shabaab in Afgooye. The militants were forced "
        "to withdraw."
    )
    assert ("withdrawal", "non_state", "Afgooye") in _events(text)


def test_ordered_to_withdraw_is_no_withdrawal():
    text = (
        "On Monday, SNA forces clashed with al Shabaab in Afgooye. The militants were ordered "
        "to withdraw."
    )
    assert [e[0] for e in _events(text)] == ["battle"]


# -- a sentence-final ", which they captured": the place the relative pronoun stands for
@pytest.mark.parametrize(
    "tail", ["which they captured", "which they then took over", "which was captured"]
)
def test_sentence_final_relative_clause_captures_its_antecedent(tail):
    text = f"On Monday, HTS fighters clashed with regime forces in Saraqib, {tail}."
    assert [(e[0], e[2]) for e in _events(text)] == [("capture", "Saraqib")]


def test_relative_clause_inside_the_sentence_stays_background():
    text = "On Monday, HTS, which captured Saraqib, clashed with regime forces in Afgooye."
    assert [(e[0], e[2]) for e in _events(text)] == [("battle", "Afgooye")]


# -- verb families: invade, free ... from, evict, chase/kick ... out of; desert, move out of
@pytest.mark.parametrize(
    "clause",
    [
        "SNA forces invaded Afgooye",
        "SNA forces freed Afgooye from Al Shabaab",
        "SNA forces evicted Al Shabaab from Afgooye",
        "SNA forces chased Al Shabaab out of Afgooye",
        "SNA forces clashed with Al Shabaab in Afgooye and pushed the militants out",
    ],
)
def test_capture_verb_families(clause):
    assert _events(f"On Monday, {clause}.") == [("capture", "state", "Afgooye")]


@pytest.mark.parametrize(
    "clause", ["Al Shabaab deserted Afgooye", "Al Shabaab moved out of Afgooye"]
)
def test_withdrawal_verb_families(clause):
    assert _events(f"On Monday, {clause}.") == [("withdrawal", "non_state", "Afgooye")]


@pytest.mark.parametrize(
    "text",
    [
        "On Monday, SNA forces freed 20 hostages held by Al Shabaab in Afgooye.",
        "On Monday, residents said the streets of Afgooye were deserted as Al Shabaab fighters "
        "patrolled.",
        "On Monday, SNA forces clashed with Al Shabaab in Afgooye and pushed them back out.",
        "On Monday, SNA forces threatened to invade Afgooye.",
    ],
)
def test_verb_family_guards(text):
    assert "capture" not in [e[0] for e in _events(text)]
    assert "withdrawal" not in [e[0] for e in _events(text)]


# -- the attacker is not the state whose base it attacked ("attacked an SNA base ... and took")
def test_actor_inside_an_attacked_object_is_not_the_taker():
    text = "On Monday, Al Shabaab attacked an SNA base in Afgooye and captured it."
    assert _events(text) == [("capture", "non_state", "Afgooye")]


def test_passive_in_a_sentence_final_relative_clause_is_news():
    text = (
        "On Monday, SNA forces clashed with Al Shabaab in Afgooye, which is now under "
        "Al Shabaab control."
    )
    assert ("capture", "non_state", "Afgooye") in _events(text)


# -- a note that opens with the fighting: "Clashes in X after ...", the sides untold
def test_note_opening_with_clashes_in_a_place_is_a_battle_even_after_an_attempt():
    text = "Clashes in Afgooye after Al Shabaab attempted to overrun the town."
    assert [(e[0], e[2]) for e in _events(text)] == [("battle", "Afgooye")]


def test_clashes_after_a_named_civilian_subject_stay_no_battle():
    text = "On Monday, residents clashed in Afgooye with Al Shabaab collectors over taxes."
    assert _events(text) == []


# -- an attempt defeated (in the sentence or the next one) or met by fighting: a battle
@pytest.mark.parametrize(
    "text",
    [
        "On Monday, Al Shabaab attempted to storm Afgooye. SNA forces repelled the attack.",
        "On Monday, Al Shabaab tried to seize Afgooye. The attack was repelled.",
        "On Monday, SNA forces foiled an Al Shabaab attempt to seize Afgooye.",
        "On Monday, SNA forces thwarted an Al Shabaab attack on Afgooye after heavy clashes.",
    ],
)
def test_defeated_or_failed_attempt_is_a_battle(text):
    assert [(e[0], e[2]) for e in _events(text)] == [("battle", "Afgooye")]


@pytest.mark.parametrize(
    "text",
    [
        "On Monday, Al Shabaab tried to seize Afgooye. The town remains calm.",
        "On Monday, Al Shabaab failed to take Afgooye.",
        # a failure is a negation (fixture x-negation-failed), even after fighting
        "On Monday, Al Shabaab failed to take Afgooye after heavy clashes with SNA forces.",
        "On Monday, SNA forces prevented Al Shabaab from entering Afgooye.",
    ],
)
def test_attempt_with_no_fighting_told_is_no_event(text):
    assert _events(text) == []


# -- "Clashes in X. The militants took over.": an objectless "took over" takes the place in focus
def test_objectless_took_over_after_a_battle_is_a_capture_there():
    text = "On Monday, HTS clashed with regime forces in Saraqib. HTS took over."
    assert _events(text) == [("capture", "non_state", "Saraqib")]


def test_objectless_took_over_by_a_person_is_no_capture():
    text = "On Monday, HTS clashed with regime forces in Saraqib. A new commander took over."
    assert [e[0] for e in _events(text)] == ["battle"]


# -- "are now in control of": control newly told is a capture; "still in control" holds
def test_now_in_control_of_is_a_capture():
    text = "On Monday, the Houthis attacked Marib. The Houthis are now in control of the city."
    assert _events(text) == [("capture", "non_state", "Marib")]


@pytest.mark.parametrize("phrase", ["are still in control of", "are now in control of most of"])
def test_still_in_control_or_a_share_is_no_capture(phrase):
    text = f"On Monday, the Houthis {phrase} Marib."
    assert [e[0] for e in _events(text)] == ["holds"]


# -- a long battle phrase ("fighting ... in") does not swallow a change of control inside it
@pytest.mark.parametrize(
    "text",
    [
        "On Monday, clashes erupted as HTS took control of regime positions near Saraqib.",
        "On Monday, heavy fighting as HTS captured regime checkpoints in Saraqib.",
    ],
)
def test_capture_inside_a_battle_phrase_is_told(text):
    assert _events(text) == [("capture", "non_state", "Saraqib")]


def test_capture_in_a_since_clause_inside_a_battle_phrase_stays_background():
    text = "HTS has been fighting regime forces since it seized Saraqib in Idlib."
    assert "capture" not in [e[0] for e in _events(text)]


# -- control told with the event that gave it ("controls X after ... withdrew") is the change
def test_controls_after_a_withdrawal_is_a_capture():
    text = "On Monday, Al Shabaab controls Afgooye after SNA forces withdrew."
    assert ("capture", "non_state", "Afgooye") in _events(text)


@pytest.mark.parametrize(
    "text",
    [
        "On Monday, Al Shabaab still controls Afgooye after the clashes.",
        "On Monday, Al Shabaab controls Afgooye after years of fighting.",
        "On Monday, Al Shabaab controls Afgooye.",
    ],
)
def test_standing_control_stays_holds(text):
    assert [e[0] for e in _events(text)] == ["holds"]
