"""Small builders for events in unit tests."""

from __future__ import annotations

import datetime as dt

from frontline.extraction import GeoparserLike, extract
from frontline.models import Actor, Article, Event, Location, make_event_id

HTS = Actor(name="Hayat Tahrir al-Sham", kind="non_state")
SAA = Actor(name="Syrian Arab Army", kind="state", country="SY")
ALEPPO = Location(
    name="Aleppo",
    geonameid=170063,
    country_code="SY",
    admin1="SY.09",
    lat=36.20124,
    lon=37.16117,
    level="city",
    mention="Aleppo",
    feature_code="PPLA",
)
TOWN = Location(
    name="Saraqib",
    geonameid=163806,
    country_code="SY",
    admin1="SY.12",
    lat=35.86,
    lon=36.80,
    level="city",
    mention="Saraqib",
    feature_code="PPL",
)


def event(
    type_: str,
    actor: Actor = HTS,
    loc: Location = ALEPPO,
    day: str = "2024-11-30",
    article: str = "a1",
    status: str = "reported",
    confidence: float = 0.9,
    importance: float = 3.0,
) -> Event:
    d = dt.date.fromisoformat(day)
    return Event(
        event_id=make_event_id(article, type_, actor.name, loc.key),
        article_id=article,
        type=type_,
        actor=actor,
        location=loc,
        date=d,
        status=status,
        confidence=confidence,
        evidence="…",
        published=dt.datetime.combine(d, dt.time(12), tzinfo=dt.UTC),
        importance=importance,
    )


def extracted(geo: GeoparserLike, text: str, published: str, status: bool = False) -> list[tuple]:
    """What extraction finds in `text`, sorted: (type, actor kind, place[, status])."""
    evs = extract(Article(id="t", published=published, text=text), geo)
    return sorted(
        (e.type.value, e.actor.kind.value, e.location.name, *([e.status.value] if status else []))
        for e in evs
    )
