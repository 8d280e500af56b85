"""Article-level precision rules: history is not news, and one change is one event.

Run once per article on the events its sentences produced. Wire reports retell earlier
captures ("which fell in 2022", "a year after it fell to ...") and tell the news twice (the
lead, then a quote or a later sentence, sometimes with the actor read from the wrong side).
These rules use only what the events themselves say (type, place, date, actor kind), so they
hold whatever the wording was.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from frontline.extraction.state import place_id
from frontline.geo.reading import haversine
from frontline.models import Event, EventType

# An event dated more than this before publication is background (the shared scorer uses the
# same 30 days): emitted with its own date, and never allowed to stand for the news.
HISTORY_DAYS = 30
# An event dated after publication is a plan or a deadline, not a change that happened.
FUTURE_DAYS = 1
# Two mentions of one change: same type, places this close, dates this close.
SAME_PLACE_KM = 15.0
SAME_DAYS = 1


def is_history(ev: Event, pub: date) -> bool:
    """Dated long before publication: background, right only with its own date."""
    if ev.date is None or ev.type == EventType.holds:
        return False  # "has held Khartoum since April": the date says since when, the state is now
    return ev.date < pub - timedelta(days=HISTORY_DAYS)


def is_future(ev: Event, pub: date) -> bool:
    """Dated after publication: a plan or a deadline, not a change that happened."""
    return ev.date is not None and ev.date > pub + timedelta(days=FUTURE_DAYS)


def _same_place(a: Event, b: Event) -> bool:
    if place_id(a) == place_id(b):
        return True
    la, lb = a.location, b.location
    if la.level != "city" or lb.level != "city":
        return False
    return haversine(la.lat, la.lon, lb.lat, lb.lon) <= SAME_PLACE_KM


def _same_time(a: Event, b: Event) -> bool:
    if a.date is None or b.date is None:
        return True
    return abs((a.date - b.date).days) <= SAME_DAYS


def retold(
    events: list[Event], background: list[Event], undated: dict[int, Event], text: str
) -> set[int]:
    """Object ids (`id()`) of undated mentions of a change the article told before with an
    older date of its own ("recaptured Kidal on Nov. 14, 2023 ... called the recapture of
    Kidal a turning point"): the same change again, not a new one dated to the article. A
    lead told before the background stays."""
    if not background or not undated:
        return set()
    at = {id(ev): text.find(ev.evidence) for ev in [*events, *background]}
    out = set()
    for ev in events:
        if id(ev) not in undated or ev.date is None:
            continue
        if any(
            b.type == ev.type
            and b.date is not None
            and b.date < ev.date
            and at[id(b)] < at[id(ev)]
            and _same_place(b, ev)
            for b in background
        ):
            out.add(id(ev))
    return out


# words that tell a change after another one: "the army retook it the next day"
_SEQUENCE = re.compile(
    r"\b(?:re-?took|re-?take[ns]?|retaking|recaptur\w*|regain\w*|back|again|later|then|"
    r"afterwards|subsequently|next day|following day|since)\b",
    re.I,
)


def undated_other_takers(events: list[Event], undated: dict[int, Event], text: str) -> set[int]:
    """Object ids (`id()`) of undated captures of a place that the article, earlier, told
    another side taking with a date of its own: "Iraqi forces entered Tikrit on Monday. The
    city fell to Islamic State during the militants' sweep through the north." The second is
    how the place was lost, retold; a retaking ("the militants retook it the next day") is
    news and says so."""
    if not undated:
        return set()
    captures = [ev for ev in events if ev.type == EventType.capture and ev.evidence]
    at = {id(ev): text.find(ev.evidence) for ev in captures}  # each evidence found once
    dated = [ev for ev in captures if id(ev) not in undated]
    return {
        id(ev)
        for ev in captures
        if id(ev) in undated
        and not _SEQUENCE.search(ev.evidence)
        and any(
            d.actor.name != ev.actor.name and _same_place(d, ev) and 0 <= at[id(d)] < at[id(ev)]
            for d in dated
        )
    }


def contradictions(events: list[Event]) -> set[int]:
    """Object ids (`id()`) of captures another event of the article rules out: when a place is
    taken by two kinds of actor at the same time, the side reported leaving it is not one of
    the takers (a quote such as '"Our forces have liberated the city," the group said' read
    with the other side as actor). Two takers with no leaver stay: places do change hands
    twice in a day ("briefly occupied the airport ... troops later regained control")."""
    leavers = [ev for ev in events if ev.type == EventType.withdrawal]
    if not leavers:
        return set()
    takers = [ev for ev in events if ev.type == EventType.capture]
    return {
        id(ev)
        for ev in takers
        if _left(ev, leavers)
        and any(
            o.actor.kind != ev.actor.kind and _same_place(o, ev) and _same_time(o, ev)
            for o in takers
        )
    }


def _left(ev: Event, leavers: list[Event]) -> bool:
    """A capture by an actor reported leaving the place at the same time."""
    return ev.type == EventType.capture and any(
        w.actor.name == ev.actor.name and _same_place(w, ev) and _same_time(w, ev) for w in leavers
    )
