"""Stage 5 on its own (`extraction/changes.py`): the article-level merge rules, one change one
event, on hand-built events (no text pipeline, no gazetteer). One test per rule, each with a
guard case the rule must leave alone."""

from __future__ import annotations

import datetime as dt

from frontline.extraction import changes
from frontline.extraction.changes import Key, keep, merge
from frontline.geo.place import Place
from frontline.models import Actor, Event, Location, make_event_id

PUB = dt.date(2024, 3, 9)
AS = Actor(name="Al Shabaab", kind="non_state")
SNA = Actor(name="Somali National Army", kind="state", country="SO")
NOBODY = Actor(name="unknown", kind="unknown")


def _loc(
    name: str,
    level: str,
    admin1: str | None,
    gid: int | None,
    at: tuple[float, float],
    mention: str = "",
) -> Location:
    return Location(
        name=name, geonameid=gid, country_code="SO", admin1=admin1, lat=at[0], lon=at[1],
        level=level, mention=mention or name,
    )  # fmt: skip


AFGOOYE = _loc("Afgooye", "city", "SO.14", 101, (2.14, 45.12))
QORYOLEY = _loc("Qoryoley", "city", "SO.14", 102, (1.79, 44.53))
JALALAQSI = _loc("Jalalaqsi", "city", "SO.07", 103, (3.38, 45.6))
LOWER_SHABELLE = _loc("Lower Shabelle", "admin1", "SO.14", 201, (1.9, 44.6))
# a village the gazetteer lacks, located at its province (Hiraan)
TARDA = _loc("Hiraan", "admin1", "SO.07", 202, (4.06, 45.4), mention="Tarda")
SOMALIA = _loc("Somalia", "country", None, 301, (6.0, 47.0))


def _ev(
    type_: str,
    loc: Location,
    actor: Actor = AS,
    evidence: str = "",
    day: dt.date | None = PUB,
    confidence: float = 0.8,
) -> Event:
    return Event(
        event_id=make_event_id("a", type_, actor.name, loc.key + loc.mention),
        article_id="a", type=type_, actor=actor, location=loc, date=day, confidence=confidence,
        evidence=evidence, published=dt.datetime.combine(PUB, dt.time(12), tzinfo=dt.UTC),
    )  # fmt: skip


def _told(*events: Event) -> dict[Key, Event]:
    out: dict[Key, Event] = {}
    for ev in events:
        keep(out, ev, PUB)
    return out


def _types(events: dict[Key, Event] | list[Event]) -> list[tuple[str, str, str]]:
    evs = events.values() if isinstance(events, dict) else events
    return sorted((e.type.value, e.location.mention, e.actor.kind.value) for e in evs)


# ---------------------------------------------------------------- keep: the article's events


def test_keep_holds_one_battle_per_place_and_the_more_confident_reading():
    weak = _ev("battle", AFGOOYE, SNA, confidence=0.5)
    strong = _ev("battle", AFGOOYE, AS, confidence=0.9)
    assert list(_told(weak, strong).values()) == [strong]  # both sides fight one battle
    assert list(_told(strong, weak).values()) == [strong]
    # guard: two kinds taking one place are two readings, history another change
    old = _ev("capture", AFGOOYE, AS, day=dt.date(2016, 5, 1))
    assert len(_told(_ev("capture", AFGOOYE, AS), _ev("capture", AFGOOYE, SNA), old)) == 3


# ---------------------------------------------------------------- 1 to 7: the events dict


def test_1_a_battle_at_a_taken_place_is_the_fight_for_it():
    battle, capture = _ev("battle", AFGOOYE, SNA), _ev("capture", AFGOOYE, AS)
    assert _types(changes.battles_at_taken_places(_told(battle, capture))) == _types([capture])
    # guard: a capture told as history ("retook the town in 2016") is another fight's end
    old = _ev("capture", AFGOOYE, AS, day=dt.date(2016, 5, 1))
    assert len(changes.battles_at_taken_places(_told(battle, old))) == 2
    # guard: a capture elsewhere
    assert len(changes.battles_at_taken_places(_told(battle, _ev("capture", QORYOLEY)))) == 2


FIGHT = "SNA forces clashed with Al Shabaab in Afgooye on Monday."
FLED = "The militants fled the town."


def test_2_a_fight_ended_by_the_other_side_leaving_is_that_withdrawal():
    text = f"{FIGHT} {FLED}"
    battle = _ev("battle", AFGOOYE, SNA, FIGHT)
    fled = _ev("withdrawal", AFGOOYE, AS, FLED)
    assert _types(changes.battles_ended_by_flight(_told(battle, fled), text)) == _types([fled])
    # guard: "the attackers withdrew", the battle's own side leaving, is a battle repelled
    back = _ev("withdrawal", AFGOOYE, SNA, FLED)
    assert len(changes.battles_ended_by_flight(_told(battle, back), text)) == 2
    # guard: a sentence between the fight and the flight
    far = f"{FIGHT} Aid workers said roads were closed. {FLED}"
    assert len(changes.battles_ended_by_flight(_told(battle, fled), far)) == 2
    # guard: a fight of months is not ended by one flight
    long = "SNA forces have fought Al Shabaab in Afgooye for months."
    lasting = _ev("battle", AFGOOYE, SNA, long)
    assert len(changes.battles_ended_by_flight(_told(lasting, fled), f"{long} {FLED}")) == 2


def test_3_fighting_beside_a_capture_of_an_unknown_village_is_the_fight_for_it():
    one = "Al Shabaab clashed with SNA forces in Jalalaqsi and took control of Tarda village."
    battle = _ev("battle", JALALAQSI, SNA, one)
    capture = _ev("capture", TARDA, AS, one)
    fallbacks = {capture.event_id}
    got = changes.battles_for_unknown_places(_told(battle, capture), fallbacks, one)
    assert _types(got) == _types([capture])
    # the sentence right before, the same day, counts too
    fight, took = "Al Shabaab clashed with SNA forces in Jalalaqsi.", "They took Tarda village."
    two = f"{fight} {took}"
    events = _told(_ev("battle", JALALAQSI, SNA, fight), _ev("capture", TARDA, AS, took))
    assert _types(changes.battles_for_unknown_places(events, fallbacks, two)) == _types([capture])
    # guard: a capture located at a place the gazetteer knows is no stand-in
    assert len(changes.battles_for_unknown_places(_told(battle, capture), set(), one)) == 2
    # guard: the capture told a day later ("On Tuesday, took ...") is a second event
    later = _ev("capture", TARDA, AS, took, day=PUB + dt.timedelta(days=1))
    events = _told(_ev("battle", JALALAQSI, SNA, fight, day=PUB - dt.timedelta(days=1)), later)
    assert len(changes.battles_for_unknown_places(events, {later.event_id}, two)) == 2


def test_4_a_battle_at_a_fallback_province_beside_a_capture_there_is_one_change():
    one = "Al Shabaab clashed with SNA forces in Tarda near Jalalaqsi and took the area."
    battle = _ev("battle", TARDA, SNA, one)
    capture = _ev("capture", JALALAQSI, AS, one)
    got = changes.battles_at_unknown_places(_told(battle, capture), {battle.event_id})
    assert _types(got) == _types([capture])
    # guard: a battle at a province named as such ("fighting in Hiraan") stays
    assert len(changes.battles_at_unknown_places(_told(battle, capture), set())) == 2
    # guard: the capture in another sentence
    other = _ev("capture", JALALAQSI, AS, "They later took Jalalaqsi.")
    assert len(changes.battles_at_unknown_places(_told(battle, other), {battle.event_id})) == 2


BETWEEN = "Al Shabaab clashed with SNA forces between Qoryoley and Afgooye."


def test_5_a_fight_between_two_towns_one_taken_is_no_battle_at_the_other():
    battle = _ev("battle", AFGOOYE, SNA, BETWEEN)
    capture = _ev("capture", QORYOLEY, AS, "The militants took control of Qoryoley.")
    assert _types(changes.battles_between_taken(_told(battle, capture))) == _types([capture])
    # guard: a capture on another day is another change
    later = capture.model_copy(update={"date": PUB + dt.timedelta(days=5)})
    assert len(changes.battles_between_taken(_told(battle, later))) == 2
    # guard: a battle at a town the "between" does not name
    elsewhere = _ev("battle", JALALAQSI, SNA, BETWEEN)
    assert len(changes.battles_between_taken(_told(elsewhere, capture))) == 2


def test_6_a_province_event_repeats_a_city_event_of_that_province():
    city = _ev("capture", AFGOOYE, AS, "Al Shabaab captured Afgooye.")
    province = _ev("capture", LOWER_SHABELLE, AS, "Fighting spread across Lower Shabelle.")
    got = changes.without_province_duplicates(_told(city, province), set())
    assert _types(got) == _types([city])
    # guard: a province coordinated with the city in one sentence is a change of its own
    both = "Al Shabaab captured Afgooye and parts of Lower Shabelle."
    city2, prov2 = (_ev("capture", loc, AS, both) for loc in (AFGOOYE, LOWER_SHABELLE))
    assert len(changes.without_province_duplicates(_told(city2, prov2), set())) == 2
    # ... unless it only stands in for a village the gazetteer lacks
    got = changes.without_province_duplicates(_told(city2, prov2), {prov2.event_id})
    assert _types(got) == _types([city2])
    # guard: another side's capture in the province is another change
    other = _ev("capture", LOWER_SHABELLE, SNA, "The army captured Lower Shabelle villages.")
    assert len(changes.without_province_duplicates(_told(city, other), set())) == 2


def test_7_a_change_read_with_no_side_repeats_the_one_with_its_side():
    named = _ev("capture", AFGOOYE, AS)
    copy = _ev("capture", AFGOOYE, NOBODY)
    assert _types(changes.without_unknown_actor_copies(_told(named, copy))) == _types([named])
    # guard: an unknown side's change at another place, or of another type, stays
    elsewhere = _ev("capture", QORYOLEY, NOBODY)
    left = _ev("withdrawal", AFGOOYE, NOBODY)
    assert len(changes.without_unknown_actor_copies(_told(named, elsewhere, left))) == 3


# ---------------------------------------------------------------- 8 to 10: the events in order


def _place(name: str, cc: str) -> Place:
    return Place(
        mention=name, start=0, end=len(name), name=name, geonameid=None, country_code=cc,
        admin1=None, lat=0.0, lon=0.0, level="city", confidence=1.0,
    )  # fmt: skip


def test_8_a_lone_place_abroad_in_a_report_on_another_country_is_a_namesake():
    palma = _loc("Palma", "city", None, 401, (39.57, 2.65)).model_copy(
        update={"country_code": "ES"}
    )
    abroad, home = _ev("capture", palma), _ev("capture", AFGOOYE)
    places = [_place(n, "SO") for n in ("Afgooye", "Qoryoley", "Marka")] + [_place("Palma", "ES")]
    assert changes.namesakes([abroad, home], places) == {abroad.event_id}
    # guard: an article that names fewer than three places in one country has no home
    assert changes.namesakes([abroad, home], places[1:]) == set()
    # guard: two places in the other country make it a country the article tells of
    places.append(_place("Palma de Mallorca", "ES"))
    assert changes.namesakes([abroad, home], places) == set()


def test_9_news_only_drops_plans_regions_and_retold_history():
    lead = _ev("capture", AFGOOYE, AS, "Al Shabaab recaptured Afgooye on Nov. 14, 2023.",
               day=dt.date(2023, 11, 14))  # fmt: skip
    again = _ev("capture", AFGOOYE, AS, "The recapture of Afgooye was a turning point.")
    text = f"{lead.evidence} {again.evidence}"
    # an undated telling of a change dated earlier is that change again
    assert changes.news_only([lead, again], {id(again)}, text, PUB) == [lead]
    # guard: a second telling dated to the article is news of its own (and, the same side
    # taking the same place, one event id: the news keeps it, the history goes)
    assert changes.news_only([lead, again], {}, text, PUB) == [again]
    elsewhere = _ev("capture", QORYOLEY, AS, again.evidence)
    assert changes.news_only([lead, elsewhere], {id(elsewhere)}, text, PUB) == [lead, elsewhere]
    # a date after publication is a plan; a region is the container of the places
    plan = _ev("capture", QORYOLEY, AS, day=PUB + dt.timedelta(days=10))
    south = _loc("southern Somalia", "region", None, None, (2.0, 44.0))
    region = _ev("capture", south, AS)
    today = _ev("capture", QORYOLEY, AS)
    assert changes.news_only([plan, region, today], {}, "", PUB) == [today]


NOBODY_TOOK = "Residents said the village was left empty."


def test_10_one_change_a_withdrawal_the_other_sides_capture_explains_is_that_capture():
    one = "Al Shabaab took control of Tarda village after government forces withdrew."
    capture = _ev("capture", TARDA, AS, one)
    left = _ev("withdrawal", TARDA, SNA, one)
    assert changes.one_change([capture, left], {left.event_id}, one) == [capture]
    # guard: the text says nobody took the place
    text = f"{one} {NOBODY_TOOK}"
    assert changes.one_change([capture, left], {left.event_id}, text) == [capture, left]
    # guard: a withdrawal from a named town stays beside the capture
    town = _ev("withdrawal", AFGOOYE, SNA, one)
    took = _ev("capture", AFGOOYE, AS, one)
    assert changes.one_change([took, town], set(), one) == [took, town]


def test_10_one_change_a_country_event_repeats_a_city_event_in_it():
    city = _ev("capture", AFGOOYE, AS, "Al Shabaab took Afgooye.")
    country = _ev("capture", SOMALIA, AS, "Al Shabaab seized a village in Somalia.")
    assert changes.one_change([city, country], set(), "") == [city]
    # guard: another kind of actor in the country
    army = _ev("capture", SOMALIA, SNA, "The army seized a village in Somalia.")
    assert changes.one_change([city, army], set(), "") == [city, army]


def test_10_one_change_one_side_under_two_kinds_is_one_event():
    ev = _ev("withdrawal", AFGOOYE, SNA, confidence=0.9)
    twin = ev.model_copy(
        update={"actor": SNA.model_copy(update={"kind": "foreign_state"}), "confidence": 0.5}
    )
    assert changes.one_change([ev, twin], set(), "") == [ev]
    assert changes.one_change([twin, ev], set(), "") == [ev]  # the more confident one stays
    # guard: another day is another change
    later = twin.model_copy(update={"date": PUB - dt.timedelta(days=3)})
    assert changes.one_change([ev, later], set(), "") == [ev, later]


# ---------------------------------------------------------------- merge: the stage


def test_11_an_advance_beside_a_capture_of_an_unknown_village_is_its_approach():
    one = "Al Shabaab advanced in Jalalaqsi and took control of Tarda village."
    advance = _ev("advance", JALALAQSI, AS, one)
    capture = _ev("capture", TARDA, AS, one)
    fallbacks = {capture.event_id}
    assert changes.advances_to_unknown_places([advance, capture], fallbacks, one) == [capture]
    # the sentence right before, the same day
    went, took = "Al Shabaab advanced in Jalalaqsi.", "The militants took Tarda village."
    events = [_ev("advance", JALALAQSI, AS, went), _ev("capture", TARDA, AS, took)]
    got = changes.advances_to_unknown_places(events, fallbacks, f"{went} {took}")
    assert _types(got) == _types([capture])
    # guard: the other side's advance is news of its own
    army = _ev("advance", JALALAQSI, SNA, one)
    assert len(changes.advances_to_unknown_places([army, capture], fallbacks, one)) == 2
    # guard: a capture of a town the gazetteer knows leaves the advance on another town
    town = _ev("capture", AFGOOYE, AS, one)
    assert len(changes.advances_to_unknown_places([advance, town], set(), one)) == 2
    # guard: a sentence between them
    far = f"{went} Roads were closed. {took}"
    assert len(changes.advances_to_unknown_places(events, fallbacks, far)) == 2


def test_merge_makes_one_event_of_a_change_told_four_ways_in_text_order():
    s1 = "SNA forces clashed with Al Shabaab in Qoryoley."
    s2 = "Al Shabaab took control of Afgooye on Saturday."
    s3 = "Fighting was reported across Lower Shabelle."
    s4 = "Afgooye was captured, residents said."
    text = " ".join((s1, s2, s3, s4))
    events = _told(
        _ev("capture", LOWER_SHABELLE, AS, s3),  # 6: the province repeats the city
        _ev("capture", AFGOOYE, NOBODY, s4),  # 7: the unknown-actor copy
        _ev("battle", AFGOOYE, SNA, s1),  # 1: the fight for a taken place
        _ev("capture", AFGOOYE, AS, s2),
        _ev("battle", QORYOLEY, SNA, s1),  # guard: a battle elsewhere stays
    )
    got = merge(events, text, PUB, places=[], fallbacks=set(), undated={})
    assert [(e.type.value, e.location.name, e.evidence) for e in got] == [
        ("battle", "Qoryoley", s1),
        ("capture", "Afgooye", s2),
    ]
