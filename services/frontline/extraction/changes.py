"""Stage 5, one change, one event: the article-level rules that merge what the sentences read.

Each sentence is read on its own, so one change told twice (the lead and a quote, a town and
its province, a fight and its end) comes out as several events. `merge` takes the article's
events (keyed by `keep`) and applies these rules, in this order; each reads only the events,
their evidence sentences, the article text and (rule 8) its places, never the lexicon or the
gazetteer:

1. `battles_at_taken_places`: a battle where the article tells a capture is the fight for it
   (and so is the loser's reinforcement or advance told in the capture's sentence);
   `holds_at_taken_places`: the taker's control of the place it took, or its advance there,
   restates the capture.
2. `battles_ended_by_flight`: a fight ended by the other side leaving is that withdrawal.
3. `battles_for_unknown_places`: fighting at P beside a capture of a village P's province
   stands in for is the fight for that village.
4. `battles_at_unknown_places`: a battle at a fallback province beside a capture there in
   the same sentence is the fight for the capture.
5. `battles_between_taken`: a fight "between A and B" when A is taken is not a battle at B.
6. `without_province_duplicates`: a province event repeats a city event of that province.
7. `without_unknown_actor_copies`: a change read with no side repeats the one with its side.
8. `namesakes`: a lone place in a country the article does not tell of is a namesake abroad.
9. `news_only`: retold history, plans, regions and readings another event rules out go.
10. `one_change`: a withdrawal the other side's capture explains, one side under two kinds,
    a country repeating a city or province: each is one event.
11. `advances_to_unknown_places`: a side's advance in P beside its capture of a village P's
    province stands in for is its approach to that village.
12. `holds_given_up`: a side's hold on a place it is reported leaving the same day or the
    next is overtaken by that withdrawal.
13. `denied_next`: a change the next sentence denies ("... had taken control of the town of
    Hays. The government's military spokesman denied the report") is denied.

Rules 8 to 13 see the events in text order (the order of their evidence sentences).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import Any

from frontline.extraction.fallback import in_region
from frontline.extraction.history import (
    contradictions,
    is_future,
    is_history,
    retold,
    undated_other_takers,
)
from frontline.extraction.state import place_id
from frontline.models import Event, EventType, Status

# (type, place key, actor kind, told as history): the article's events before merging
Key = tuple[str, str, str, bool]


def keep(events: dict[Key, Event], ev: Event, pub: date) -> None:
    """Add a sentence's event to the article's: the more confident of two readings of one key
    stays."""
    # one battle per place: both sides fight the same battle
    kind = "" if ev.type == EventType.battle else ev.actor.kind.value
    # a change told as history is another change than the news at that place
    key = (ev.type.value, ev.location.key, kind, is_history(ev, pub))
    old = events.get(key)
    if old is None or ev.confidence > old.confidence:
        events[key] = ev


def merge(
    events: dict[Key, Event],
    text: str,
    pub: date,
    *,
    places: Sequence[Any],
    fallbacks: set[str],
    undated: dict[int, Event],
) -> list[Event]:
    """The article's events, one per change, in text order. `places`: the article's places
    (geoparser output), `fallbacks`: ids of fallback-located events, `undated`: events of
    sentences with no date of their own, by `id()`."""
    events = battles_at_taken_places(events)
    events = holds_at_taken_places(events, undated)
    events = battles_ended_by_flight(events, text)
    events = battles_for_unknown_places(events, fallbacks, text)
    events = battles_at_unknown_places(events, fallbacks)
    events = battles_between_taken(events)
    events = without_province_duplicates(events, fallbacks)
    events = without_unknown_actor_copies(events)
    told = sorted(events.values(), key=lambda ev: ev.evidence and text.find(ev.evidence))
    abroad = namesakes(told, places)
    told = [ev for ev in told if ev.event_id not in abroad]
    told = one_change(news_only(told, undated, text, pub), fallbacks, text)
    told = holds_given_up(advances_to_unknown_places(told, fallbacks, text))
    return denied_next(told, text)


def battles_at_taken_places(events: dict) -> dict:
    """A battle is fighting with no change of control: "clashed with X in Dooxa village. The
    forces took control of the village" is one capture, not a battle and a capture. So is a
    long fight for the place ("fought for months around Bakhmut ... took the town"): every
    annotated set here marks such a battle optional, never as an event. (A capture told as
    history, "retook the city in 2016", is another fight's end.)"""
    taken = {
        place_id(ev)
        for k, ev in events.items()
        if k[0] == "capture" and not k[3] and ev.status != Status.denied
    }  # (a capture the text denies ended no fight: "denied that troops had entered X")
    if not taken:
        return events
    return {
        k: ev
        for k, ev in events.items()
        if not (k[0] == "battle" and place_id(ev) in taken) and not _lost_move(ev, events)
    }


def _lost_move(ev: Event, events: dict) -> bool:
    """The losing side's reinforcement or advance told in the sentence of the other side's
    capture there ("seized X after government forces sent reinforcements to the area") is
    the fight for the place, not news of its own. Only a place captured by its name: "a day
    after seizing several towns north of the city, as the government rushed troops" takes
    the towns near Hama, not Hama."""
    return ev.type in (EventType.reinforcement, EventType.advance) and any(
        k[0] == "capture"
        and not k[3]
        and c.status != Status.denied
        and c.evidence == ev.evidence
        and place_id(c) == place_id(ev)
        and c.actor.kind != ev.actor.kind
        and c.location.mention[:1].isupper()
        for k, c in events.items()
    )


_POSSESSIVE = ("'s", "’s")


def holds_at_taken_places(events: dict, undated: dict[int, Event] | None = None) -> dict:
    """A side's capture restated as its control ("took Adan Yabaal ... the town is now fully
    under the control of the government"), or the advance that ended in it ("advanced on X
    and took control of the town"), is one change: the capture stays. A hold or an advance
    told for a later day than the capture is news of its own ("consolidated their grip on
    Ramadi on Tuesday after routing the army over the weekend", "reached the centre of Rafah,
    three weeks after first entering the city"); an undated one ("the town is now under the
    control of the government") restates it. `undated`: events of sentences with no date of
    their own, by `id()`."""
    loose = undated or {}
    taken: dict[tuple[str, str], list[date | None]] = {}
    for k, ev in events.items():
        if (
            k[0] == "capture"
            and not k[3]
            and ev.status != Status.denied
            and not ev.location.mention.endswith(_POSSESSIVE)
            and not any(f"{ev.location.mention}{p}" in (ev.evidence or "") for p in _POSSESSIVE)
        ):  # ("seized the city's airport", "Sittwe's outskirts": a part of it, not the place)
            taken.setdefault((place_id(ev), ev.actor.name), []).append(ev.date)
    if not taken:
        return events

    def restated(ev: Event) -> bool:
        days = taken.get((place_id(ev), ev.actor.name))
        return days is not None and (
            id(ev) in loose or any(d is None or ev.date is None or d >= ev.date for d in days)
        )

    return {
        k: ev for k, ev in events.items() if k[0] not in ("holds", "advance") or not restated(ev)
    }


_DURATION = re.compile(r"\bfor (?:\w+ )?(?:days|weeks|months|years)\b|\bsince\b", re.I)


def battles_ended_by_flight(events: dict, text: str) -> dict:
    """One change, one event: "clashed with Al Shabaab in X. The militants fled the town."
    The fight ended with the other side than the battle's subject leaving, in its sentence or
    the next one, the same day: the withdrawal is the event ("the attackers withdrew": a
    battle repelled; "have never left X. ... fighting in X": a battle of its own)."""
    left = [ev for k, ev in events.items() if k[0] == "withdrawal" and ev.evidence]
    if not left:
        return events

    def ended(ev: Event) -> bool:
        if not ev.evidence or (at := text.find(ev.evidence)) < 0 or _DURATION.search(ev.evidence):
            return False
        end = at + len(ev.evidence)
        for w in left:
            if (
                place_id(w) != place_id(ev)
                or w.date not in (ev.date, w.published.date())
                or w.actor.kind == ev.actor.kind  # "the attackers withdrew": repelled
            ):
                continue
            if w.evidence == ev.evidence or _right_after(text, end, w.evidence):
                return True
        return False

    return {k: ev for k, ev in events.items() if k[0] != "battle" or not ended(ev)}


def _right_after(text: str, end: int, evidence: str | None) -> bool:
    """`evidence` is the sentence told right after the one ending at `end`."""
    if not evidence:
        return False
    nxt = text.find(evidence, end)
    return nxt >= end and not text[end:nxt].strip()


def battles_for_unknown_places(events: dict, fallbacks: set[str], text: str) -> dict:
    """One change, one event: "clashed with X in P and took control of V", V a village the
    gazetteer lacks (located at its province): the fighting in P is the fight for V, and a
    battle at P beside a capture at P's province in the same sentence, or in the sentence
    right before it ("clashed with X in P. The militants took control of V."), counts one
    change twice. So does the mirror case: a battle at an unknown village (located at its
    province) beside the capture of a town of that province ("clashed near Dhagaxle village
    in Middle Shabelle. The SNA later retook Mahaddayweyne.")."""
    unknown = [
        ev
        for k, ev in events.items()
        if k[0] == "capture" and ev.event_id in fallbacks and ev.location.level == "admin1"
    ]
    towns = [
        ev
        for k, ev in events.items()
        if k[0] == "capture" and ev.location.level == "city" and ev.location.admin1
    ]
    if not unknown and not towns:
        return events

    def fight_for(ev: Event, captures: list[Event]) -> bool:
        if any(
            (c.location.admin1, c.evidence) == (ev.location.admin1, ev.evidence) for c in captures
        ):
            return True
        if not ev.evidence or (at := text.find(ev.evidence)) < 0:
            return False
        end = at + len(ev.evidence)
        # the next sentence, on the same day or with no date of its own ("clashed ... on
        # Monday. On Tuesday, took ...": two events)
        return any(
            cap.location.admin1 == ev.location.admin1
            and cap.date in (ev.date, cap.published.date())
            and _right_after(text, end, cap.evidence)
            for cap in captures
        )

    def fought_for(ev: Event) -> bool:
        if ev.location.level == "city":
            return fight_for(ev, unknown)
        return (
            ev.location.level == "admin1"
            and ev.event_id in fallbacks
            and fight_for(ev, unknown + towns)
        )

    return {k: ev for k, ev in events.items() if not (k[0] == "battle" and fought_for(ev))}


def battles_at_unknown_places(events: dict, fallbacks: set[str]) -> dict:
    """One change, one event: "clashed with X in V near P and took control of the area", V a
    village the gazetteer lacks: the battle at V's province and the capture read at P (both
    at P's point) in one sentence are the fight for V and its end."""
    taken = {
        (ev.location.admin1, ev.evidence)
        for k, ev in events.items()
        if k[0] == "capture" and ev.location.admin1
    }
    return {
        k: ev
        for k, ev in events.items()
        if not (
            k[0] == "battle"
            and ev.location.level == "admin1"
            and ev.event_id in fallbacks
            and (ev.location.admin1, ev.evidence) in taken
        )
    }


# "clashed on the road between Qoryoley and Afgooye": one fight located at two towns
_BETWEEN_PLACES = re.compile(
    r"\bbetween\s+(?:the\s+)?(?:(?:towns?|villages?|cities|areas?)\s+of\s+)?"
    r"(?P<a>(?-i:[A-Z])[\w'’-]*(?:\s+(?-i:[A-Z])[\w'’-]*){0,2})\s+and\s+(?:the\s+)?"
    r"(?P<b>(?-i:[A-Z])[\w'’-]*(?:\s+(?-i:[A-Z])[\w'’-]*){0,2})\b",
    re.I,
)


def battles_between_taken(events: dict) -> dict:
    """One change, one event: "clashed with SNA forces between Qoryoley and Afgooye. The
    militants took control of Qoryoley.": the fight between two towns, one of which the
    same day's capture names, is the fight for it, not a battle at the other town."""
    taken = {(ev.location.mention, ev.date) for k, ev in events.items() if k[0] == "capture"}
    if not taken:
        return events

    def for_the_other(ev: Event) -> bool:
        m = _BETWEEN_PLACES.search(ev.evidence or "")
        if m is None or ev.location.mention not in (m["a"], m["b"]):
            return False
        other = m["b"] if ev.location.mention == m["a"] else m["a"]
        return any(name == other and when in (ev.date, ev.published.date()) for name, when in taken)

    return {k: ev for k, ev in events.items() if k[0] != "battle" or not for_the_other(ev)}


def without_province_duplicates(events: dict, fallbacks: set[str]) -> dict:
    """One change, one event: an admin1-level event is dropped when a city event of the same
    type (and, except battles, the same actor kind) lies in that province. Either it locates
    an unknown place at its province, or it names the province in another sentence than the
    city ("captured Judaydah, south of Marib ... reports of fighting in Marib governorate").
    A province coordinated with the city in one sentence is a change of its own. So is the
    province itself beside an unknown place of it told in another sentence. News and retold
    history are apart: "occupied Goma in 2012" repeats no capture of a village of the province
    today."""
    cities: dict[tuple, set[str]] = {}
    sites: dict[tuple, set[str]] = {}  # unknown places standing at their admin1
    for k, ev in events.items():
        if ev.location.level == "city" and ev.location.admin1:
            cities.setdefault((k[0], k[2], ev.location.admin1, k[3]), set()).add(ev.evidence)
        elif ev.location.level == "admin1" and ev.event_id in fallbacks:
            sites.setdefault((k[0], k[2], ev.location.admin1, k[3]), set()).add(ev.evidence)
    if not cities and not sites:
        return events
    out = {}
    for k, ev in events.items():
        told = cities.get((k[0], k[2], ev.location.admin1, k[3]))
        if (
            ev.location.level == "admin1"
            and told is not None
            and (ev.event_id in fallbacks or ev.evidence not in told)
        ):
            continue
        there = sites.get((k[0], k[2], ev.location.admin1, k[3]))
        if (
            ev.location.level == "admin1"
            and ev.event_id not in fallbacks
            and there is not None
            and ev.evidence not in there
        ):
            continue  # "pulled out of their base there" ... "left Moqokori": one withdrawal
        out[k] = ev
    return out


def without_unknown_actor_copies(events: dict) -> dict:
    """One change, one event: a change read with an unknown actor (a telling that names no
    side) repeats the same change at the same place read with its actor."""
    known = {(k[0], place_id(ev)) for k, ev in events.items() if k[2] not in ("unknown", "")}
    return {
        k: ev for k, ev in events.items() if k[2] != "unknown" or (k[0], place_id(ev)) not in known
    }


def namesakes(events: list[Event], places: Sequence[Any]) -> set[str]:
    """Ids of events at a namesake abroad: a place in a country the article names nowhere else
    (no other place there, not the country itself) while it names three or more places in
    another ("Palma" read as Palma de Mallorca in a report on Cabo Delgado)."""
    per_country = Counter(cc for cc, _name in {(p.country_code, p.name) for p in places})
    if not per_country or per_country.most_common(1)[0][1] < 3:
        return set()
    return {
        ev.event_id
        for ev in events
        if ev.location.level == "city" and per_country[ev.location.country_code] <= 1
    }


def news_only(events: list[Event], undated: dict[int, Event], text: str, pub: date) -> list[Event]:
    """One change is one event (`history.py`): an undated retelling of a change the article
    dated earlier goes, and so does a reading another event rules out; a date after
    publication is a plan, not a change. A region ("northern Afghanistan", "southern
    Ukraine") is the container of the places that change hands, never one of them."""
    background = [ev for ev in events if is_history(ev, pub)]
    again = retold(events, background, undated, text) | undated_other_takers(events, undated, text)
    kept = [
        ev
        for ev in events
        if id(ev) not in again
        and (ev.location.level != "region" or in_region(ev.location))
        and not is_future(ev, pub)
    ]
    ruled_out = contradictions(kept)
    kept = [ev for ev in kept if id(ev) not in ruled_out]
    # the same actor taking the same place then and now: one event id, the news keeps it
    news = {ev.event_id for ev in kept if not is_history(ev, pub)}
    return [ev for ev in kept if not (is_history(ev, pub) and ev.event_id in news)]


# "nobody has taken the town", "left it a no-man's land": a withdrawal that no capture undoes
_NOBODY_TOOK = re.compile(
    r"\b(?:no[- ]man'?s[- ]land|(?:nobody|no\s+one|no\s+side|neither\s+side|no\s+forces?)\s+"
    r"(?:(?:has|had|have)\s+)?(?:yet\s+)?(?:taken|took|entered|occupied|moved\s+in|controls?)|"
    r"(?:left|remains?|remained|lies|lay|stood|stands)\s+(?:it\s+)?(?:empty|deserted|"
    r"unoccupied|abandoned|contested))\b",
    re.I,
)


def one_change(events: list[Event], fallbacks: set[str], text: str) -> list[Event]:
    """One change is one event, across the article (after the history rules):

    * a withdrawal from a place the gazetteer lacks (located at the admin1 or country that
      stands in for it), told in the sentence where another side captures that same
      stand-in ("took control of X village after Y withdrew"), is the capture seen from the
      losing side: the capture is kept, unless the text says nobody took the place. A
      withdrawal from a named place, or told in another sentence, stays an event of its own
      (dev.jsonl annotates both; on acled-dev's check half the wider rule lost a match);
    * the same side leaving (or taking) the same place on the same day under two actor
      kinds ("state" in one sentence, "foreign_state" in another) is one event;
    * a country-level event whose country holds an event of the same type and actor kind
      at a city or admin1 repeats it when it is a fallback or told in another sentence
      (the admin1 case is `without_province_duplicates`).
    """
    if len(events) < 2:
        return events
    captures = [ev for ev in events if ev.type == EventType.capture]
    # places that stand in for a name the gazetteer lacks ("the village" refers to one too)
    stand_in = {ev.location.key for ev in events if ev.event_id in fallbacks}
    seen: dict[tuple, Event] = {}
    out: list[Event] = []
    for ev in events:
        if (
            ev.type == EventType.withdrawal
            and (
                ev.event_id in fallbacks
                or (ev.location.key in stand_in and ev.location.mention[:1].islower())
            )
            and any(
                c.actor.name != ev.actor.name
                and c.location.key == ev.location.key
                and c.evidence == ev.evidence
                for c in captures
            )
            and not _NOBODY_TOOK.search(text)  # last: the only check that reads the text
        ):
            continue
        if ev.location.level == "country" and any(
            o.type == ev.type
            and o.actor.kind == ev.actor.kind
            and o.location.level in ("city", "admin1")
            and o.location.country_code == ev.location.country_code
            and (ev.event_id in fallbacks or o.evidence != ev.evidence)
            for o in events
        ):
            continue
        key = (ev.type, ev.location.key, ev.actor.name, ev.date)
        old = seen.get(key)
        if old is not None:
            if ev.confidence > old.confidence:
                out[out.index(old)] = seen[key] = ev
            continue
        seen[key] = ev
        out.append(ev)
    return out


def advances_to_unknown_places(events: list[Event], fallbacks: set[str], text: str) -> list[Event]:
    """One change, one event: "made advances in the countryside of P and took control of V"
    or "advanced in P. The forces took V.", V a village the gazetteer lacks (located at P's
    province): the advance is the taker's approach to V, not news of its own. Run on the
    events that survive the history rules, so that a capture told as done before ("closing
    in on K. The group has already taken the nearby town of N") takes nothing with it. An
    advance towards a town of the province told after the capture is a move of its own
    ("took Leego; the militants later advanced towards Buurhakaba"), and so is an advance on
    a town the gazetteer knows beside a capture of another ("advanced towards Bama and
    retook Gwoza")."""
    villages = [
        ev
        for ev in events
        if ev.type == EventType.capture
        and ev.event_id in fallbacks
        and ev.location.level == "admin1"
        and ev.evidence
    ]
    if not villages:
        return events

    def approach(ev: Event) -> bool:
        if not ev.evidence or (at := text.find(ev.evidence)) < 0:
            return False
        end = at + len(ev.evidence)
        for c in villages:
            if (c.actor.name, c.location.admin1) != (ev.actor.name, ev.location.admin1):
                continue
            if c.evidence == ev.evidence:
                # "advanced towards T and took V": the approach; "took Leego; the militants
                # later advanced towards Buurhakaba": a move of its own, unless in V's province
                if _in_province(ev, c) or _told_before(ev, c):
                    return True
                continue
            if c.date == ev.date and _right_after(text, end, c.evidence):
                return True
        return False

    return [ev for ev in events if ev.type != EventType.advance or not approach(ev)]


def _told_before(ev: Event, other: Event) -> bool:
    """In one sentence, ev's place is named before other's."""
    told = ev.evidence or ""
    at, there = told.find(ev.location.mention), told.find(other.location.mention)
    return 0 <= at < there


def _in_province(ev: Event, village: Event) -> bool:
    """The advance is told in the village's province, not towards a town of it: located at
    the province, or named by the province's name ("advances in the countryside of Hama",
    "Hama" read as the city, "Hama Governorate" the province)."""
    if ev.location.level == "admin1":
        return True
    head = ev.location.mention.casefold().removeprefix("al-").removeprefix("al ")
    return bool(head) and village.location.name.casefold().startswith(head)


def holds_given_up(events: list[Event]) -> list[Event]:
    """One change, one event: "the town remained in government hands, a spokesman said ...
    Ukrainian forces withdrew from Debaltseve on Wednesday": a side's hold on a place it is
    reported leaving on the same day or the next (or with no day of its own) is overtaken by
    its withdrawal. Another side's capture does not overtake it: a hold is how a side answers a
    claim ("Kupiansk is under the control of the Defence Forces of Ukraine"), and a claim
    read as reported would erase the answer."""
    left = [ev for ev in events if ev.type == EventType.withdrawal and ev.status == Status.reported]
    if not left:
        return events

    def overtaken(h: Event) -> bool:
        return any(
            place_id(w) == place_id(h)
            and w.actor.name == h.actor.name
            # the same day or the day after: a hold told for long before ("had held the
            # eastern half of Aleppo since 2012") is history of its own
            and (w.date is None or h.date is None or 0 <= (w.date - h.date).days <= 1)
            for w in left
        )

    return [ev for ev in events if ev.type != EventType.holds or not overtaken(ev)]


# "The government's military spokesman denied the report, saying ...": a denial of the
# sentence before, by its object
_DENIES_BEFORE = re.compile(
    r"^[^.;]{0,80}?\b(?:denied|denies|rejected|rejects|dismissed|dismisses)\s+"
    r"(?:the|this|that|those|these|such)\s+(?:reports?|claims?|accounts?|assertions?)\b",
    re.I,
)


def denied_next(events: list[Event], text: str) -> list[Event]:
    """A capture or withdrawal whose sentence the next one denies ("Al-Masirah reported that
    the group's fighters had taken control of the town of Hays. The government's military
    spokesman denied the report, saying ...") is a claim the text reports as denied."""
    out = []
    for ev in events:
        if (
            ev.type in (EventType.capture, EventType.withdrawal)
            and ev.status != Status.denied
            and ev.evidence
            and (at := text.find(ev.evidence)) >= 0
            and _DENIES_BEFORE.match(text[at + len(ev.evidence) :].lstrip())
        ):
            ev = ev.model_copy(update={"status": Status.denied})
        out.append(ev)
    return out
