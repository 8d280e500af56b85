"""What resolution produces per mention (`Resolved`) and the article evidence it reads
(`Context`), plus the great-circle distance every proximity rule uses."""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass, field
from operator import itemgetter

from frontline.geo.gazetteer import LEVELS, Gazetteer
from frontline.geo.matcher import Match


@dataclass(slots=True)
class Resolved:
    """Outcome for one mention (record None = unresolved fallback to `fallback_*`)."""

    start: int
    end: int
    rec: int | None
    level: str
    confidence: float
    cc: str = ""
    admin1: str | None = None
    lat: float = 0.0
    lon: float = 0.0
    name: str = ""


class Weights(dict[str, float]):
    """Evidence weight per country or admin1 code: `collections.Counter` with float counts
    (0.0 for a missing code, which is not inserted; same tie order in `most_common`)."""

    def __missing__(self, key: str) -> float:
        return 0.0

    def add_all(self, other: dict[str, float]) -> None:
        """Add other's weights to these (Counter.update)."""
        for k, w in other.items():
            self[k] = w + self.get(k, 0.0)

    def most_common(self, n: int) -> list[tuple[str, float]]:
        """The n heaviest codes, first-inserted first among equals."""
        return heapq.nlargest(n, self.items(), key=itemgetter(1))


@dataclass
class Context:
    """Article-level evidence: country and admin1 weights."""

    countries: Weights = field(default_factory=Weights)
    admin1: Weights = field(default_factory=Weights)

    def share(self, cc: str) -> float:
        """The country's fraction of all country evidence (0 when there is none)."""
        tot = sum(self.countries.values())
        return self.countries[cc] / tot if tot else 0.0

    def top(self) -> str | None:
        """The article's main country, unless a second one is nearly as strong."""
        if not self.countries:
            return None
        (cc, n), *rest = self.countries.most_common(2)
        if rest and rest[0][1] >= n * 0.8:
            return None
        return cc


def haversine(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def place_of(g: Gazetteer, m: Match, r: int, conf: float) -> Resolved:
    """A mention read as gazetteer record r."""
    lvl = LEVELS[g.kind[r]]
    return Resolved(
        m.start,
        m.end,
        r,
        lvl,
        round(min(1.0, max(0.05, conf)), 3),
        g.cc[r],
        g.admin1[r] or None,
        g.lat[r],
        g.lon[r],
        g.name[r],
    )
