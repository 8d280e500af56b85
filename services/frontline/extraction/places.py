"""The seam to the geoparser, and place references that are not names.

Extraction depends only on the `GeoparserLike` protocol (what `frontline.geo.Geoparser`
provides), so tests inject a small static gazetteer and the stream injects the real one.
Cross-sentence references ("the town", "its outskirts", "the city's airport") are not
toponyms, so they are found here and resolved to the most recent fitting place.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from typing import Protocol

from frontline.geo.place import Place
from frontline.geo.reading import haversine


class GeoparserLike(Protocol):
    def parse(
        self, text: str, context_text: str | None = None, *, country_hint: str | None = None
    ) -> list: ...

    # optional: lookup_admin1(code), lookup_country(cc), country_spread_km(cc) (fallback.py)

    def __hash__(self) -> int: ...  # by identity: `extract` caches an extractor per geoparser


@dataclass(eq=False)  # hashed by identity: extract() caches one extractor per geoparser
class StaticGeoparser:
    """Finds exact names from a small dictionary; deterministic, for tests."""

    gazetteer: dict[str, dict] = field(default_factory=dict)
    _regex: re.Pattern[str] | None = None

    def __post_init__(self) -> None:
        names = sorted(self.gazetteer, key=len, reverse=True)
        if names:
            alt = "|".join(re.escape(n) for n in names)
            self._regex = re.compile(rf"(?<![\w-])(?:{alt})(?![\w-])")

    def lookup_admin1(self, code: str) -> Place | None:
        """The admin1-level entry with this code (what the fallback locates at)."""
        for name, g in self.gazetteer.items():
            if g.get("level") == "admin1" and g.get("admin1") == code:
                return self._place(name, g, 0, 0)
        return None

    def country_spread_km(self, cc: str) -> float | None:
        """Median distance from the country entry to its admin1 entries (as Geoparser)."""
        country = self.lookup_country(cc)
        dists = [
            haversine(country.lat, country.lon, g["lat"], g["lon"])
            for g in self.gazetteer.values()
            if g.get("level") == "admin1" and g["country_code"] == cc
        ] if country is not None else []  # fmt: skip
        return statistics.median(dists) if dists else None

    def lookup_country(self, cc: str) -> Place | None:
        for name, g in self.gazetteer.items():
            if g.get("level") == "country" and g["country_code"] == cc:
                return self._place(name, g, 0, 0)
        return None

    @staticmethod
    def _place(mention: str, g: dict, start: int, end: int) -> Place:
        return Place(
            mention=mention,
            start=start,
            end=end,
            name=g.get("name", mention),
            geonameid=g.get("geonameid"),
            country_code=g["country_code"],
            admin1=g.get("admin1"),
            lat=g["lat"],
            lon=g["lon"],
            level=g.get("level", "city"),
            confidence=1.0,
            importance=g.get("importance", 1.0),
        )

    def parse(
        self, text: str, context_text: str | None = None, *, country_hint: str | None = None
    ) -> list[Place]:
        """Every listed name, where the list puts it (a fixed reading: no hint needed)."""
        if self._regex is None:
            return []
        out = []
        for m in self._regex.finditer(text):
            out.append(self._place(m.group(0), self.gazetteer[m.group(0)], m.start(), m.end()))
        return out


# "the town", "the city's", "its outskirts", "the area": references to an earlier place.
COREF = re.compile(
    r"(?<=\s)(?P<there>there)(?=[\s.,])(?!\s+(?:was|were|is|are|have|has|had|will|would|may|might|could|should|seemed|appears?)\b)"
    r"|\b(?:(?P<its>its|their)\s+(?P<part>outskirts|suburbs|centre|center|outskirt|environs|"
    r"perimeter|gates|edges?|approaches|streets|districts|neighbou?rhoods)"
    # "withdrew from X, ceding a strategic hub to the rebels": an epithet after a verb of loss
    r"|(?:the|(?:(?<=ceding )|(?<=ceded )|(?<=cede )|(?<=cedes )|(?<=surrendering )|"
    r"(?<=surrendered )|(?<=abandoning )|(?<=abandoned )|(?<=losing )|(?<=lost ))a)"
    r"\s+(?:(?:strategic|key|vital|important|major|besieged|embattled|frontline|front-line|eastern|western|"
    r"northern|southern|central|provincial|port|border|historic|coastal|garrison|mining|"
    r"industrial|small|large|nearby|same|two|three|several)\s+)?(?P<noun>towns?|city|villages?|"
    # "the area around Kaga-Bandoro": described by the place after it, no reference back
    r"areas?(?!\s+(?:around|near|surrounding|outside)\s)|"
    r"settlements?|locality|district|hub|stronghold|enclave|provincial capital|"
    r"regional capital|capital|airport|port|base|camp|checkpoint|gate|barracks|garrison|"
    r"airbase|air base|hill|factory|refinery|fort|headquarters|compound)"
    r"(?P<poss>'s|’s)?"
    # a facility with its own name and no place of its own: "retook the Pepsi factory"
    r"|the\s+(?:(?-i:[A-Z])[\w'’-]+\s+){1,2}(?P<facility>factory|refinery|fort|"
    r"headquarters|compound|barracks|base|airport|checkpoint)"
    r"(?!\s+(?:in|at|near|outside|of|on)\s)"
    # a bare noun as the object of control: "retake control of town"
    r"|(?:(?<=\sof\s)|(?<=\sover\s))(?P<bare>town|village|city)(?=[\s.,;]))"
    r"(?![\w-])(?!\s+(?:[\w-]+\s+)?(?:of|called|known|named)\b)(?!,?\s+(?-i:[A-Z]))"
    # "the town administration building in Debaltseve": a site the place after it locates
    r"(?!(?:\s+(?-i:[a-z][\w-]*)){1,3}\s+in\s+(?-i:[A-Z]))",
    re.I,
)

CITY_NOUNS = frozenset(
    [
        *("town", "city", "village", "settlement", "locality", "hub", "stronghold", "enclave"),
        *("towns", "villages", "settlements"),
        *("provincial capital", "regional capital", "capital"),
    ]
)
