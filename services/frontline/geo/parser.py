"""Geoparser facade: recognition + resolution over the cached index."""

from __future__ import annotations

import statistics
import threading
from array import array
from dataclasses import replace

from frontline.geo import borders, parts
from frontline.geo.gazetteer import FLAG_BITS, KIND_COUNTRY, LEVELS, Gazetteer
from frontline.geo.index import GeoIndex, load_or_build
from frontline.geo.matcher import find
from frontline.geo.place import Place
from frontline.geo.reading import haversine
from frontline.geo.resolve import Resolved, Resolver
from frontline.geo.unknown import SPELLED_CONFIDENCE

_LOCK = threading.Lock()
_DEFAULT: Geoparser | None = None


class Geoparser:
    """Finds and resolves place names in news text. Thread-safe for reads."""

    def __init__(self, index: GeoIndex) -> None:
        self.index = index
        self._resolver = Resolver(index)
        self._spread: dict[str, float | None] = {}
        self._points: dict[str, list[tuple[float, float]]] = {}
        self._cities: dict[str, array[int]] | None = None
        self._towns: dict[str, tuple[array[float], array[float]]] = {}  # cc -> (lats, lons)

    @classmethod
    def default(cls) -> Geoparser:
        """Process-wide instance over the prebuilt index (built on first use if missing)."""
        global _DEFAULT
        if _DEFAULT is None:
            with _LOCK:
                if _DEFAULT is None:
                    _DEFAULT = cls(load_or_build())
        return _DEFAULT

    def parse(
        self,
        text: str,
        context_text: str | None = None,
        include_demonyms: bool = False,
        *,
        country_hint: str | None = None,
    ) -> list[Place]:
        """Places in text, in order. context_text (the whole article) only adds country context.

        include_demonyms also emits adjectives ("Syrian") as country places, for corpora that
        annotate them; event extraction should leave it off. country_hint is a country the
        caller knows the text is about (event extraction: the one its armed actors agree on);
        it weighs as one town of that country named in the text.
        """
        res = self._resolver.resolve(text, context_text, include_demonyms, country_hint)
        return [self._to_place(text, r) for r in res]

    def _to_place(self, text: str, r: Resolved) -> Place:
        g = self.index.gaz
        if r.rec is None:
            fcode = "ADM1" if r.level == "admin1" else "PCLI" if r.level == "country" else ""
            return Place(
                text[r.start : r.end],
                r.start,
                r.end,
                r.name,
                None,
                r.cc,
                r.admin1,
                r.lat,
                r.lon,
                r.level,
                r.confidence,
                fcode,
                0,
                _imp(g, r),
            )
        rec = r.rec
        gid = int(g.gid[rec]) or None
        return Place(
            text[r.start : r.end],
            r.start,
            r.end,
            r.name,
            gid,
            r.cc,
            r.admin1,
            r.lat,
            r.lon,
            r.level,
            r.confidence,
            g.fcode[rec],
            int(g.pop[rec]),
            float(round(g.imp[rec], 3)),
        )

    def lookup_country(self, cc: str) -> Place | None:
        """The country-level Place for an ISO code."""
        g = self.index.gaz
        rec = g.country_rec.get(cc.upper())
        return None if rec is None else self._record_place(rec)

    def country_spread_km(self, cc: str) -> float | None:
        """Median distance from a country's point to its provinces' points: how far the
        country-level point may lie from a place in that country (a fallback's honesty)."""
        cc = cc.upper()
        if cc not in self._spread:
            g = self.index.gaz
            rec = g.country_rec.get(cc)
            dists = [
                haversine(g.lat[rec], g.lon[rec], g.lat[r], g.lon[r])
                for code, r in g.admin1_rec.items()
                if code.startswith(cc + ".")
            ] if rec is not None else []  # fmt: skip
            self._spread[cc] = statistics.median(dists) if dists else None
        return self._spread[cc]

    def km_from_country(self, lat: float, lon: float, cc: str) -> float | None:
        """Distance from a point to the nearest of a country's own and its provinces' points."""
        pts = self._points.get(cc.upper())
        if pts is None:
            g = self.index.gaz
            recs = [r for code, r in g.admin1_rec.items() if code.startswith(cc.upper() + ".")]
            if (rec := g.country_rec.get(cc.upper())) is not None:
                recs.append(rec)
            pts = self._points[cc.upper()] = [(g.lat[r], g.lon[r]) for r in recs]
        return min((haversine(lat, lon, a, b) for a, b in pts), default=None)

    def leaning_admin1(self, text: str, cc: str) -> str | None:
        """The admin1 of country cc that the article's context points to, when one leads:
        groups tied to one province ("Boko Haram" -> Borno, "HTS" -> Idlib) and its places.
        What an unknown village falls back to when the text names no place at all."""
        ctx = self._resolver.article_context(text)
        prefix = cc.upper() + "."
        a1s = sorted(((n, a) for a, n in ctx.admin1.items() if a.startswith(prefix)), reverse=True)
        if len(a1s) == 1 or (a1s and a1s[0][0] > a1s[1][0]):
            return a1s[0][1]
        return None

    def respell(self, name: str, cc: str, admin1: str) -> Place | None:
        """The city of admin1 that `name` spells otherwise ("Heish" -> Ḩīsh), else None
        (`spelling.Speller.lookup`: same spelling key, or a near miss on it)."""
        rec = self._resolver.speller.lookup(name, cc, admin1)
        if rec is None:
            return None
        return replace(self._record_place(rec), confidence=SPELLED_CONFIDENCE)

    def named_countries(self, text: str) -> frozenset[str]:
        """Countries the text names or calls by demonym ("Chad", "Chadian"): a reading in
        one of them has a reason in the text (`extraction.fallback.namesake_countries`)."""
        g = self.index.gaz
        return frozenset(
            g.cc[p >> FLAG_BITS]
            for m in find(self.index, text)
            for p in m.entries
            if g.kind[p >> FLAG_BITS] == KIND_COUNTRY
        )

    def namesake_in(self, name: str, cc: str, level: str) -> Place | None:
        """The place of country cc named like `name` ("Northern Region" -> Ghana's Northern,
        "Moyale" -> the Ethiopian town): where a reading across a border belongs when the
        note points to cc (`borders.namesake`)."""
        res = self._resolver
        if res._cores is None:
            res._cores = borders.admin1_cores(self.index.gaz)
        rec = borders.namesake(self.index.gaz, res.speller, res._cores, name, cc.upper(), level)
        return None if rec is None else self._record_place(rec)

    def km_from_towns(self, lat: float, lon: float, cc: str) -> float | None:
        """Distance from a point to the nearest town of country cc (None when it has none,
        or none within `borders.NEAR_DEGREES`): whether a town read abroad lies on cc's
        border."""
        pts = self._towns.get(cc.upper())
        if pts is None:
            if self._cities is None:
                self._cities = parts.cities_by_admin1(self.index.gaz)
            g, prefix = self.index.gaz, cc.upper() + "."
            rows = [r for code, rs in self._cities.items() if code.startswith(prefix) for r in rs]
            # packed: 16 bytes a town, not a tuple of two floats (~100): all countries ~4 MB
            pts = self._towns[cc.upper()] = (
                array("d", (g.lat[r] for r in rows)),
                array("d", (g.lon[r] for r in rows)),
            )
        near = borders.NEAR_DEGREES
        return min(
            (
                haversine(lat, lon, a, b)
                for a, b in zip(*pts, strict=True)
                if abs(a - lat) <= near and abs(b - lon) <= near
            ),
            default=None,
        )

    def admin1_part(self, code: str, words: str) -> tuple[float, float] | None:
        """The point of the part of admin1 `code` that direction `words` name ("northern",
        "north/western"): where an unknown village said to lie there is best put."""
        way = parts.bearing(words)
        if way is None:
            return None
        if self._cities is None:
            self._cities = parts.cities_by_admin1(self.index.gaz)
        return parts.part_point(self.index.gaz, self._cities, code, way)

    def lookup_admin1(self, code: str) -> Place | None:
        """The admin1-level Place for a GeoNames admin1 code like 'SY.06'."""
        rec = self.index.gaz.admin1_rec.get(code)
        return None if rec is None else self._record_place(rec)

    def _record_place(self, rec: int) -> Place:
        g = self.index.gaz
        return Place(
            g.name[rec],
            0,
            0,
            g.name[rec],
            int(g.gid[rec]) or None,
            g.cc[rec],
            g.admin1[rec] or None,
            g.lat[rec],
            g.lon[rec],
            LEVELS[g.kind[rec]],
            1.0,
            g.fcode[rec],
            int(g.pop[rec]),
            float(round(g.imp[rec], 3)),
        )


def _imp(g: Gazetteer, r: Resolved) -> float:
    """Importance of a fallback place: that of its admin1 or country."""
    rec = g.admin1_rec.get(r.admin1 or "") if r.level == "admin1" else g.country_rec.get(r.cc)
    return float(round(g.imp[rec], 3)) if rec is not None else 0.2
