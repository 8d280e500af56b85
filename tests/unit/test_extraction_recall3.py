"""Recall on notes that yielded no event (issue 10, round 6): one test per category, own
sentences (never a dev note), each with a guard that the new wording does not fire on a
hypothetical, a denial or background. Static gazetteer: the rules, not the geography.
"""

from __future__ import annotations

import pytest

from frontline.extraction import StaticGeoparser, extract
from frontline.models import Article

from .factories import extracted

GAZ = {
    "Libya": {"country_code": "LY", "lat": 26.0, "lon": 17.0, "geonameid": 1,
              "level": "country"},
    "Misrata": {"country_code": "LY", "admin1": "LY.72", "lat": 32.38, "lon": 15.09,
                "geonameid": 41, "level": "city"},
    "Sirte": {"country_code": "LY", "admin1": "LY.76", "lat": 31.2, "lon": 16.59,
              "geonameid": 40, "level": "city"},
    "Bama": {"country_code": "NG", "admin1": "NG.27", "lat": 11.52, "lon": 13.69,
             "geonameid": 50, "level": "city"},
    "Afgooye": {"country_code": "SO", "admin1": "SO.14", "lat": 2.14, "lon": 45.12,
                "geonameid": 60, "level": "city"},
    "Rutshuru": {"country_code": "CD", "admin1": "CD.11", "lat": -1.19, "lon": 29.45,
                 "geonameid": 70, "level": "city"},
    "Kadugli": {"country_code": "SD", "admin1": "SD.50", "lat": 11.01, "lon": 29.72,
                "geonameid": 80, "level": "city"},
    "Avdiivka": {"country_code": "UA", "admin1": "UA.05", "lat": 48.14, "lon": 37.75,
                 "geonameid": 90, "level": "city"},
    "Marib": {"country_code": "YE", "admin1": "YE.14", "lat": 15.46, "lon": 45.32,
              "geonameid": 30, "level": "city"},
    "Saraqib": {"country_code": "SY", "admin1": "SY.12", "lat": 35.86, "lon": 36.8,
                "geonameid": 14, "level": "city"},
}  # fmt: skip
GEO = StaticGeoparser(GAZ)


def _events(text: str, published: str = "2024-03-09") -> list[tuple]:
    return extracted(GEO, text, published, status=True)


# -- a battle told as a report: "a clash between X and Y, <insertion>, was reported in Z"
def test_clash_between_sides_with_an_insertion_reported_in_a_place_is_a_battle():
    text = (
        "On Tuesday, an armed clash between GNA and LNA forces, involving heavy machine "
        "guns, was reported in Sirte. No casualties were reported."
    )
    assert [e[:3] for e in _events(text)] == [("battle", "state", "Sirte")]


def test_clash_between_sides_reported_only_as_feared_is_no_battle():
    text = (
        "Residents said a clash between GNA and LNA forces, if talks fail, would be "
        "reported in Sirte within days."
    )
    assert _events(text) == []


# -- a sentence that opens with the fighting names its sides after "between"
def test_fighting_around_a_place_between_two_sides_is_a_battle():
    text = (
        "Fighting around Marib between Houthi forces and government troops intensified on Monday."
    )
    assert [e[:3] for e in _events(text)] == [("battle", "non_state", "Marib")]


def test_fighting_around_a_place_with_no_side_named_is_no_battle():
    assert _events("Fighting around Marib intensified on Monday, residents said.") == []


# -- a passive with an adverb: "has been formally handed over to X"
@pytest.mark.parametrize("adverb", ["formally", "officially", "peacefully"])
def test_handed_over_to_with_an_adverb_is_a_capture_by_the_recipient(adverb):
    text = f"The airport of Misrata has been {adverb} handed over to the Libyan National Army."
    assert ("capture", "state", "Misrata", "reported") in _events(text)


def test_handed_over_to_denied_is_no_capture():
    text = (
        "The Libyan National Army denied that the airport of Misrata had been formally "
        "handed over to its forces."
    )
    assert [e for e in _events(text) if e[3] != "denied"] == []


# -- "encountered X" is a battle and X its object, not the subject of what follows
def test_encountered_fighters_is_a_battle_and_the_clearing_is_the_subjects():
    text = (
        "Army troops on patrol encountered Boko Haram fighters near Bama on Monday, killing "
        "12 and clearing several camps."
    )
    assert [e[:3] for e in _events(text)] == [("capture", "state", "Bama")]


def test_encountered_resistance_is_no_event():
    assert _events("Army troops encountered stiff resistance in Bama on Monday.") == []


# -- a clearance operation carried out at a place: the area is swept and held
@pytest.mark.parametrize(
    "verb", ["conducted a clearance operation", "carried out clearing operations",
             "completed a mop-up operation"],
)  # fmt: skip
def test_clearance_operation_carried_out_at_a_place_is_a_capture(verb):
    text = f"Nigerian troops {verb} against Boko Haram at Bama on Monday, killing 15."
    assert [e[:3] for e in _events(text)] == [("capture", "state", "Bama")]


@pytest.mark.parametrize(
    "text",
    [
        "The army plans a clearance operation in Bama next month.",
        "The army is preparing a clearance operation against Boko Haram in Bama.",
        "If the army conducts a clearance operation in Bama, residents will flee.",
        "The army denied that it had conducted a clearance operation in Bama.",
    ],
)
def test_clearance_operation_planned_hypothetical_or_denied_is_no_capture(text):
    assert [e for e in _events(text) if e[3] != "denied"] == []


# -- ACLED's spelling of a Syrian faction names it
def test_zinki_spelling_names_the_faction():
    text = "Nour al-Din al-Zinki Movement captured Saraqib from HTS on Monday."
    evs = extract(Article(id="t", published="2024-03-09", text=text), GEO)
    assert [(e.actor.name, e.location.name) for e in evs] == [
        ("National Liberation Front", "Saraqib")
    ]


# -- a named side as the object of an ambush or an encounter, with a place after it
@pytest.mark.parametrize("verb", ["ambushed", "encountered", "encounter"])
def test_named_side_ambushed_or_encountered_near_a_place_is_a_battle(verb):
    text = f"Nigerian troops {verb} Boko Haram near Bama, killing 12 militants."
    assert [e[:3] for e in _events(text)] == [("battle", "state", "Bama")]


@pytest.mark.parametrize(
    "text",
    [
        "Officials fear Boko Haram could ambush Nigerian troops near Bama.",
        "Nigerian troops did not encounter Boko Haram near Bama, the army said.",
    ],
)
def test_ambush_feared_or_negated_is_no_battle(text):
    assert _events(text) == []


# -- a verb family taken whole: re- forms, "recovered X", control re-established or extended
@pytest.mark.parametrize(
    "text",
    [
        "Somali troops recovered Afgooye from Al Shabaab on Monday.",
        "Al Shabaab militants reoccupied Afgooye on Monday.",
        "Al Shabaab militants re-took Afgooye on Monday.",
        "Al Shabaab militants re-entered Afgooye on Monday.",
        "The army re-established control over Rutshuru on Monday.",
        "The army restored control over Rutshuru after clashes with M23.",
        "Sudanese troops reasserted control over Kadugli on Monday.",
        "Houthi forces extended their control to Marib on Monday.",
    ],
)
def test_capture_verb_family_with_re_forms_and_control_phrases(text):
    assert [e[0] for e in _events(text)] == ["capture"]


@pytest.mark.parametrize(
    "text",
    [
        "The army vowed to re-establish control over Rutshuru.",
        "Al Shabaab could reoccupy Afgooye if the troops leave.",
        "Somali troops recovered the bodies of 12 soldiers near Afgooye.",
        "The army has not restored control over Rutshuru, residents said.",
    ],
)
def test_capture_verb_family_guards(text):
    assert _events(text) == []


# -- ground gained is an advance; fire exchanged in a place and a confrontation are battles
def test_gained_ground_in_a_place_is_an_advance():
    assert [e[:3] for e in _events("M23 rebels gained ground in Rutshuru on Monday.")] == [
        ("advance", "non_state", "Rutshuru")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Al Shabaab and Somali troops exchanged fire in Afgooye on Monday.",
        "An armed confrontation between Al Shabaab and Somali troops took place in Afgooye.",
    ],
)
def test_fire_exchanged_in_a_place_or_a_confrontation_there_is_a_battle(text):
    assert [e[0] for e in _events(text)] == ["battle"]


def test_confrontation_feared_is_no_battle():
    assert _events("Elders fear a confrontation between Al Shabaab and troops in Afgooye.") == []


# -- frames with a multiword name or an object between verb and particle
def test_came_under_a_named_sides_control_is_a_capture_by_it():
    assert [e[:3] for e in _events("Afgooye came under Al Shabaab control on Monday.")] == [
        ("capture", "non_state", "Afgooye")
    ]


def test_handed_a_place_over_to_a_side_is_a_withdrawal_and_its_capture():
    text = "Ethiopian troops handed Afgooye over to Somali forces on Monday."
    assert [e[:3] for e in _events(text)] == [
        ("capture", "state", "Afgooye"),
        ("withdrawal", "foreign_state", "Afgooye"),
    ]


def test_handed_a_place_over_only_as_a_demand_is_no_event():
    text = "Somali elders demanded that Ethiopian troops hand Afgooye over to Somali forces."
    assert _events(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Ethiopian troops left their base in Afgooye on Monday.",
        "Al Shabaab fighters were driven from Afgooye on Monday.",
        "Al Shabaab fighters were chased away from Afgooye on Monday.",
    ],
)
def test_leaving_a_base_in_a_place_or_being_driven_from_it_is_a_withdrawal(text):
    assert [e[0] for e in _events(text)] == ["withdrawal"]


def test_leaving_a_base_is_not_told_when_only_threatened():
    assert _events("Ethiopian troops threatened to leave their base in Afgooye.") == []


@pytest.mark.parametrize(
    "text",
    [
        "A gunfight between Al Shabaab and Somali troops erupted in Afgooye on Monday.",
        "Somali troops engaged Al Shabaab in Afgooye on Monday.",
    ],
)
def test_gunfight_in_a_place_and_a_named_side_engaged_there_are_battles(text):
    assert [e[0] for e in _events(text)] == ["battle"]


# -- a passive with the side it was taken from: the taker is the other side, or the agent
@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Afgooye was recaptured from Al Shabaab on Monday.", "state"),
        ("Afgooye was taken from government troops on Monday.", "non_state"),
        ("Afgooye was recaptured from Al Shabaab by Somali troops on Monday.", "state"),
        ("Afgooye was seized from Somali troops by Al Shabaab on Monday.", "non_state"),
    ],
)
def test_passive_capture_from_a_side_is_taken_by_the_other_side_or_the_agent(text, kind):
    assert [e[:3] for e in _events(text)] == [("capture", kind, "Afgooye")]


def test_passive_capture_from_a_side_hoped_for_is_no_event():
    text = "Elders hoped Afgooye would be recaptured from Al Shabaab soon."
    assert _events(text) == []


# -- unnamed and named non-state actors of terse notes
@pytest.mark.parametrize(
    "subject", ["Vigilantes", "Armed bandits", "Civilian JTF members", "Twirwaneho fighters"]
)
def test_vigilantes_bandits_and_local_groups_are_non_state_takers(subject):
    place = "Rutshuru" if subject.startswith("Twirwaneho") else "Bama"
    assert [e[:3] for e in _events(f"{subject} took control of {place} on Monday.")] == [
        ("capture", "non_state", place)
    ]


# -- the sentence's own place and side when the trigger has none
def test_militants_after_which_refers_to_the_group_named_as_the_object():
    text = (
        "Somali troops clashed with Al Shabaab in Afgooye on Monday, after which the "
        "militants took control of the town."
    )
    assert [e[:3] for e in _events(text)] == [("capture", "non_state", "Afgooye")]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Somali troops clashed with Al Shabaab in Afgooye on Monday, forcing the militants "
         "to withdraw.", "state"),
        ("Somali troops clashed with Al Shabaab in Afgooye on Monday, forcing the militants "
         "out of the town.", "state"),
    ],
)  # fmt: skip
def test_forcing_the_other_side_out_is_a_capture_of_the_sentences_place(text, kind):
    assert [e[:3] for e in _events(text)] == [("capture", kind, "Afgooye")]


def test_forcing_a_retreat_only_threatened_is_no_capture():
    text = (
        "Somali troops vowed to clash with Al Shabaab in Afgooye, forcing the militants "
        "to withdraw."
    )
    assert _events(text) == []


def test_fronted_place_frames_an_objectless_take_control():
    text = "In Afgooye, Al Shabaab militants took control after Somali troops withdrew on Monday."
    assert [e[:3] for e in _events(text)] == [
        ("capture", "non_state", "Afgooye"),
        ("withdrawal", "state", "Afgooye"),
    ]


def test_fronted_year_is_no_place():
    text = "In 2012, Al Shabaab militants took control after Somali troops withdrew."
    assert _events(text) == []


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("Afgooye is now under Al Shabaab control, residents said on Monday.", 1),
        ('"Afgooye is now under our control," a commander said on Monday.', 0),
    ],
)
def test_now_under_a_named_sides_control_is_a_capture_a_quoted_our_is_not_guessed(text, n):
    assert len(_events(text)) == n


# -- "clashes erupted between A and B after ... at Z": sides first, the place later
def test_clashes_erupted_between_sides_are_located_by_the_later_locative():
    text = (
        "Clashes reportedly erupted between Houthi fighters and Islah-affiliated government "
        "forces after the former fired RPGs at a checkpoint in Marib on Monday."
    )
    assert [e[:3] for e in _events(text)] == [("battle", "non_state", "Marib")]


def test_clashes_erupted_between_sides_named_after_places_take_no_side_as_place():
    text = "Clashes erupted between Misrata-based fighters and Sirte-based fighters on Monday."
    assert _events(text) == []


# -- "withdrew in (northern) X": the region the withdrawal took place in
def test_withdrew_in_a_named_region_is_a_withdrawal_there():
    text = "Troops moved into positions from which Al Shabaab withdrew in northern Afgooye."
    assert ("withdrawal", "non_state", "Afgooye", "reported") in _events(text)


@pytest.mark.parametrize(
    "text",
    [
        "Al Shabaab fighters withdrew in disarray on Monday, residents in Afgooye said.",
        "Al Shabaab fighters could have withdrawn in northern Afgooye.",
    ],
)
def test_withdrew_in_a_manner_or_hypothetically_is_no_withdrawal_there(text):
    assert [e for e in _events(text) if e[0] == "withdrawal" and e[2] == "Afgooye"] == []


# -- control returned, authority restored, a capture told with its end
@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Afgooye returned to government control on Monday.", "state"),
        ("Afgooye was returned to Al Shabaab control on Monday.", "non_state"),
        ("Somali troops restored state authority in Afgooye on Monday.", "state"),
        ("Al Shabaab militants briefly held Afgooye on Monday.", "non_state"),
    ],
)
def test_control_returned_authority_restored_or_a_place_briefly_held_is_a_capture(text, kind):
    assert [e[:3] for e in _events(text)] == [("capture", kind, "Afgooye")]


@pytest.mark.parametrize(
    "text",
    [
        "Elders hope Afgooye will return to government control soon.",
        "Somali troops vowed to restore state authority in Afgooye.",
        "Somali troops restored order in Afgooye on Monday.",
    ],
)
def test_control_hoped_for_or_order_restored_is_no_capture(text):
    assert [e for e in _events(text) if e[0] == "capture"] == []


# -- an unknown object located by its relative clause
def test_unknown_object_which_lies_in_a_place_is_taken_there():
    text = (
        "Nour al-Zenki fighters captured the Tell Hamra hill, which lies in the Saraqib "
        "countryside, from HTS on Monday."
    )
    assert [e[:3] for e in _events(text)] == [("capture", "non_state", "Saraqib")]


def test_relative_clause_that_only_describes_the_object_gives_no_place():
    text = "HTS fighters captured the Tell Hamra hill, which is strategic, on Monday."
    assert _events(text) == []


# -- fighting an armed object in a place; an assault that was repelled changed nothing
@pytest.mark.parametrize(
    "text",
    [
        "Al Shabaab militants fought Somali troops in Afgooye on Monday.",
        "Al Shabaab and Somali troops fought each other near Afgooye on Monday.",
        "Al Shabaab militants battled government forces around Afgooye on Monday.",
    ],
)
def test_fighting_an_armed_object_in_a_place_is_a_battle(text):
    assert [e[0] for e in _events(text)] == ["battle"]


def test_fighting_a_fire_in_a_place_is_no_battle():
    assert _events("Somali troops fought a fire in Afgooye on Monday.") == []


def test_storming_that_was_repelled_is_a_battle_not_a_capture():
    text = "Al Shabaab militants stormed army positions in Afgooye on Monday but were repelled."
    assert [e[:3] for e in _events(text)] == [("battle", "non_state", "Afgooye")]


# -- the other side's move told as a consequence: "allowing X to enter", "forced X to vacate"
def test_withdrawal_allowing_the_other_side_to_enter_is_its_capture():
    text = "Somali troops withdrew from Afgooye on Monday, allowing Al Shabaab to enter the town."
    assert [e[:3] for e in _events(text)] == [
        ("capture", "non_state", "Afgooye"),
        ("withdrawal", "state", "Afgooye"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Al Shabaab forced Somali troops to vacate Afgooye on Monday.",
        "Al Shabaab compelled Somali troops to abandon their positions in Afgooye on Monday.",
    ],
)
def test_forcing_a_side_to_vacate_a_place_is_a_capture_by_the_forcer(text):
    assert [e[:3] for e in _events(text)] == [("capture", "non_state", "Afgooye")]


def test_sending_troops_to_a_place_to_secure_it_stays_no_capture():
    text = "Somali troops were sent to Afgooye on Monday to secure the road."
    assert [e for e in _events(text) if e[0] == "capture"] == []


# -- a reduced relative: "positions vacated by X" - the agent after "by" is the actor
def test_positions_vacated_by_a_side_are_its_withdrawal_not_the_subjects():
    text = "Al Shabaab militants occupied positions vacated by Somali troops in Afgooye on Monday."
    assert [e[:3] for e in _events(text)] == [
        ("capture", "non_state", "Afgooye"),
        ("withdrawal", "state", "Afgooye"),
    ]


def test_captured_by_storm_is_still_no_event():
    assert _events("Al Shabaab militants captured Afgooye by storm, a poet wrote.") == []


# -- Ukraine-style reports: "advanced (by 2 km) near X"; the ministry as "MoD"
@pytest.mark.parametrize(
    "text",
    [
        "Russian forces advanced near Avdiivka on Monday.",
        "Russian forces advanced by 2 km in the direction of Avdiivka on Monday.",
    ],
)
def test_advanced_near_a_place_is_an_advance(text):
    assert [e[:3] for e in _events(text)] == [("advance", "foreign_state", "Avdiivka")]


@pytest.mark.parametrize(
    "text",
    [
        "Russian forces attempted to advance near Avdiivka on Monday.",
        "Russian forces have not advanced near Avdiivka since May.",
    ],
)
def test_an_attempted_or_negated_advance_near_a_place_is_none(text):
    assert _events(text) == []


def test_the_russian_mod_speaking_for_its_forces_is_a_claimed_capture():
    text = "The Russian MoD claimed on Monday that its forces took control of Avdiivka."
    assert _events(text) == [("capture", "foreign_state", "Avdiivka", "claimed")]


# -- control announced or declared by the side itself: a claimed capture
@pytest.mark.parametrize(
    "text",
    [
        "Al Shabaab announced its full control of Afgooye on Monday.",
        "Al Shabaab declared control of Afgooye on Monday.",
    ],
)
def test_control_announced_or_declared_is_a_capture(text):
    assert [e[:3] for e in _events(text)] == [("capture", "non_state", "Afgooye")]


def test_control_announced_only_as_a_plan_is_none():
    assert _events("Al Shabaab announced plans to take control of Afgooye.") == []


# -- "it" as the object of a capture: the city named before it in the sentence
@pytest.mark.parametrize(
    "text",
    [
        "Al Shabaab militants attacked Afgooye on Monday and captured it.",
        "Al Shabaab militants returned to Afgooye on Monday, taking it back under their control.",
        "Al Shabaab militants stormed Afgooye on Monday and took it over within hours.",
    ],
)
def test_it_as_the_object_of_a_capture_is_the_city_named_before(text):
    assert [e[:3] for e in _events(text)] == [("capture", "non_state", "Afgooye")]


@pytest.mark.parametrize(
    "text",
    [
        "Soldiers in Afgooye took it seriously on Monday.",
        "Soldiers in Afgooye captured it on camera on Monday.",
        "Al Shabaab militants near Afgooye vowed to capture it.",
    ],
)
def test_it_that_is_no_place_or_a_threat_is_no_capture(text):
    assert _events(text) == []


# -- the attacked side as subject, the place after: "came under attack in X", "were ambushed
# by Y near X"; remote means inside the phrase keep it no battle
@pytest.mark.parametrize(
    "text",
    [
        "Somali troops came under attack in Afgooye on Monday.",
        "Somali troops were ambushed by Al Shabaab near Afgooye on Monday.",
        "Somali troops were attacked by Al Shabaab militants in Afgooye on Monday.",
    ],
)
def test_attacked_side_as_subject_with_the_place_after_is_a_battle(text):
    assert [e[:3] for e in _events(text)] == [("battle", "state", "Afgooye")]


@pytest.mark.parametrize(
    "text",
    [
        "Somali troops were attacked by drones in Afgooye on Monday.",
        "Somali troops came under artillery fire in Afgooye on Monday.",
        "Somali troops could come under attack in Afgooye, officials warned.",
    ],
)
def test_remote_or_feared_attack_on_a_side_is_no_battle(text):
    assert _events(text) == []
