"""Scoring the readings of a mention: a prior (kind, population, admin seat, importance, curated
source) plus article evidence (country and admin1 weights, level hints, containment, proximity
to the article's other places), with the per-call caches that keep it fast."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from typing import overload

from frontline.geo.gazetteer import (
    F_COMMON,
    F_CURATED,
    F_DEMONYM,
    F_PRIMARY,
    FLAG_BITS,
    KIND_ADMIN1,
    KIND_CITY,
    KIND_COUNTRY,
    KIND_REGION,
    LEVELS,
    Gazetteer,
)
from frontline.geo.matcher import Match
from frontline.geo.normalize import Token
from frontline.geo.reading import Context, haversine

# scored readings best first, the best record, its confidence (None: no reading)
Ranking = tuple[list[tuple[float, int]], int, float]
# (entries, hint, first word after a break, containment, excluded anchor)
RankKey = tuple[tuple[int, ...], str | None, bool, frozenset[str] | None, int]


Point = tuple[float, float]


class AnchorsWithout(Sequence[Point]):
    """`[a for j, a in enumerate(items) if j != excl]`, built only if iterated.

    Most mentions hit a cached ranking and never look at their anchors; copying the list per
    mention made a place-dense text quadratic (8,000 mentions: 2.4 s; a 1 MB article: minutes).
    """

    __slots__ = ("_excl", "_items")

    def __init__(self, items: list[Point], excl: int) -> None:
        self._items, self._excl = items, excl

    def __len__(self) -> int:
        return len(self._items) - (0 <= self._excl < len(self._items))

    @overload
    def __getitem__(self, k: int) -> Point: ...
    @overload
    def __getitem__(self, k: slice) -> list[Point]: ...
    def __getitem__(self, k: int | slice) -> Point | list[Point]:
        return list(self)[k]

    def __iter__(self) -> Iterator[Point]:
        for j, a in enumerate(self._items):
            if j != self._excl:
                yield a


class ScoreMemo:
    """Per-`resolve`-call caches for `Scorer.score_memo` (never shared between calls)."""

    __slots__ = ("_prepared", "anchors", "deps", "near", "prior", "ranked", "shared")

    def __init__(self, anchors: list[tuple[float, float]]) -> None:
        self.anchors = anchors
        self.prior: dict[tuple[int, str | None], float] = {}
        self.near: dict[int, tuple[tuple[float, int], tuple[float, int]]] = {}
        # (entries, hint, first word after a break, containment, excluded anchor) -> `rank`
        self.ranked: dict[RankKey, Ranking | None] = {}
        # the same for mentions whose readings ignore anchors (set to one dict for both passes)
        self.shared: dict[RankKey, Ranking | None] = {}
        # entries -> indexes of the anchors nearest to one of their readings ({-2}: all)
        self.deps: dict[tuple[int, ...], frozenset[int]] = {}
        # (lat, lon, lat in radians, cos of it, its anchor indexes): the anchor half of
        # `haversine`, done once per distinct point (a town named five times is five anchors)
        self._prepared = _distinct_points(anchors)

    def nearest(self, la: float, lo: float) -> tuple[tuple[float, int], tuple[float, int]]:
        """The two smallest (haversine km, anchor index) within 8 degrees of latitude.

        Same operations as `haversine(la, lo, a, b)`, so the distances are bit-identical;
        (9999.0, -1) pads missing entries (the `default` of the reference `min`). Ties go
        to the lower index, as in one pass over the anchors in order; a point shared by
        several anchors is measured once and offers its two lowest indexes.
        """
        sin, radians = math.sin, math.radians
        p1 = radians(la)
        c1 = math.cos(p1)
        best = (9999.0, -1)
        second = (9999.0, -1)
        for a, b, p2, c2, js in self._prepared:
            if abs(a - la) < 8.0:
                dp = p2 - p1
                dl = radians(b - lo)
                h = sin(dp / 2) ** 2 + c1 * c2 * sin(dl / 2) ** 2
                d = 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))
                for j in js:
                    if (d, j) < best:
                        best, second = (d, j), best
                    elif (d, j) < second:
                        second = (d, j)
        return best, second


def _distinct_points(
    anchors: list[Point],
) -> list[tuple[float, float, float, float, tuple[int, ...]]]:
    """Each distinct anchor point once, in order of first use, with its first two indexes
    (only the two nearest anchors are ever asked for)."""
    where: dict[Point, list[int]] = {}
    for j, point in enumerate(anchors):
        where.setdefault(point, []).append(j)
    return [
        (a, b, math.radians(a), math.cos(math.radians(a)), tuple(js[:2]))
        for (a, b), js in where.items()
    ]


def _proximity(d: float) -> float:
    """Bonus for a reading d km from the nearest other place of the article."""
    return 2.0 if d < 100 else 1.2 if d < 300 else 0.5 if d < 800 else 0.0


class Scorer:
    """Scores readings against one gazetteer; its caches are pure, so threads may share it."""

    def __init__(self, g: Gazetteer) -> None:
        self.g = g
        self._wcache: dict[int, float] = {}  # record -> weight (pure; racing writers agree)
        # entries -> no reading is a city/admin1 or common word (anchors cannot change a score)
        self._anchor_free: dict[tuple[int, ...], bool] = {}
        self._own: dict[int, float] = {}  # packed entry -> `_own_prior` (pure)

    def weight(self, r: int) -> float:
        """How much a record counts as evidence for its country (population, capital)."""
        w = self._wcache.get(r)
        if w is None:
            if len(self._wcache) >= 100_000:
                self._wcache.clear()
            w = self._wcache[r] = self._weight_of(r)
        return w

    def _weight_of(self, r: int) -> float:
        g = self.g
        if g.kind[r] == KIND_CITY:
            return max(g.pop[r], 1) * (3.0 if g.fcode[r] in ("PPLC", "PPLA") else 1.0)
        return 5_000_000.0 if g.kind[r] == KIND_COUNTRY else max(float(g.pop[r]), 100_000.0)

    def score(
        self,
        r: int,
        packed: int,
        ctx: Context,
        hint: str | None,
        anchors: Sequence[Point],
    ) -> float:
        """Prior + evidence for reading a mention as record r."""
        s = self.prior(r, packed, ctx, hint)
        if anchors and self.g.kind[r] in (KIND_CITY, KIND_ADMIN1):
            la, lo = self.g.lat[r], self.g.lon[r]
            d = min(
                (haversine(la, lo, a, b) for a, b in anchors if abs(a - la) < 8.0),
                default=9999.0,
            )
            s += _proximity(d)
        return s

    def prior(self, r: int, packed: int, ctx: Context, hint: str | None) -> float:
        """`score` without the proximity term (added last, so the float sums are unchanged)."""
        g = self.g
        kind = g.kind[r]
        s = self._own.get(packed)
        if s is None:
            s = self._own_prior(r, packed)
        if ctx.countries:
            sh = ctx.share(g.cc[r])
            s += 4.0 * sh + (1.0 if sh > 0 else -0.5)
            if g.admin1[r] and ctx.admin1.get(g.admin1[r]):
                s += 1.5
        if hint == "admin1":
            s += 4.0 if kind == KIND_ADMIN1 else (-2.0 if kind == KIND_CITY else 0.0)
        elif hint == "city":
            s += 1.0 if kind == KIND_CITY else (-2.0 if kind == KIND_ADMIN1 else 0.0)
        return s

    def _own_prior(self, r: int, packed: int) -> float:
        """The part of `prior` the reading alone gives (kind, size, own name, curated), summed
        in `prior`'s order and kept per packed entry: the same in every article."""
        g = self.g
        kind = g.kind[r]
        s = 0.0
        if kind == KIND_COUNTRY:
            s += 5.0 + (1.0 if packed & F_PRIMARY else 0.0)  # "Mexico" the country, not the city
        elif kind == KIND_REGION:
            s += 5.0
        elif kind == KIND_ADMIN1:
            s += 2.2 + math.log10(g.pop[r] + 10) * 0.15
        else:
            s += math.log10(g.pop[r] + 10) * 0.55 + g.imp[r] * 1.5
        if packed & F_PRIMARY:
            s += 0.3
        if packed & F_CURATED:
            s += 1.5
        if len(self._own) >= 200_000:
            self._own.clear()
        self._own[packed] = s
        return s

    def score_memo(
        self, r: int, packed: int, ctx: Context, hint: str | None, memo: ScoreMemo, excl: int
    ) -> float:
        """`score(r, packed, ctx, hint, [a for j, a in enumerate(memo.anchors) if j != excl])`.

        Within one `resolve` call ctx is fixed, so the prior is cached per (entry, hint) and the
        distances from a record to the anchors are computed once per record, not per mention.
        """
        key = (packed, hint)
        s = memo.prior.get(key)
        if s is None:
            s = memo.prior[key] = self.prior(r, packed, ctx, hint)
        n = len(memo.anchors)
        if n - (0 <= excl < n) > 0 and self.g.kind[r] in (KIND_CITY, KIND_ADMIN1):
            near = memo.near.get(r)
            if near is None:
                near = memo.near[r] = memo.nearest(self.g.lat[r], self.g.lon[r])
            (d1, j1), (d2, _j2) = near
            d = d2 if j1 == excl else d1
            s += _proximity(d)
        return s

    def ranking(
        self,
        toks: list[Token],
        m: Match,
        ctx: Context,
        hint: str | None,
        anchors: Sequence[Point],
        contain: set[str] | None,
        memo: ScoreMemo | None,
        excl: int,
    ) -> Ranking | None:
        """`rank`, cached in memo. With memo, anchors must equal
        [a for j, a in enumerate(memo.anchors) if j != excl]."""
        if memo is None:
            return self.rank(toks, m, ctx, hint, anchors, contain, None, excl)
        # everything up to the best reading depends only on this key within one pass
        free = self._anchor_free.get(m.entries)
        if free is None:
            if len(self._anchor_free) >= 50_000:
                self._anchor_free.clear()
            free = self._anchor_free[m.entries] = not any(
                not p & F_DEMONYM
                and (p & F_COMMON or self.g.kind[p >> FLAG_BITS] in (KIND_CITY, KIND_ADMIN1))
                for p in m.entries
            )
        n = len(memo.anchors)
        ck: RankKey = (
            m.entries,
            hint,
            toks[m.t0].brk_before,
            frozenset(contain) if contain else None,
            -1 if free or not 0 <= excl < n or not self._uses(m.entries, memo, excl) else excl,
        )
        # countries and regions ignore anchors: their rankings serve both passes
        cache = memo.shared if free else memo.ranked
        if ck in cache:
            return cache[ck]
        ranked = cache[ck] = self.rank(toks, m, ctx, hint, anchors, contain, memo, excl)
        return ranked

    def _uses(self, entries: tuple[int, ...], memo: ScoreMemo, excl: int) -> bool:
        """Whether dropping anchor excl can change the ranking of these entries: it is the
        nearest anchor of a city/admin1 reading, or a common-word reading needs evidence."""
        deps = memo.deps.get(entries)
        if deps is None:
            g = self.g
            found: set[int] = set()
            for p in entries:
                if p & F_DEMONYM:
                    continue
                if p & F_COMMON:
                    found = {-2}  # `evidence` looks at every anchor
                    break
                r = p >> FLAG_BITS
                if g.kind[r] in (KIND_CITY, KIND_ADMIN1):
                    near = memo.near.get(r)
                    if near is None:
                        near = memo.near[r] = memo.nearest(g.lat[r], g.lon[r])
                    found.add(near[0][1])
            deps = memo.deps[entries] = frozenset(found)
        return -2 in deps or excl in deps

    def rank(
        self,
        toks: list[Token],
        m: Match,
        ctx: Context,
        hint: str | None,
        anchors: Sequence[Point],
        contain: set[str] | None,
        memo: ScoreMemo | None,
        excl: int,
    ) -> Ranking | None:
        """Scored readings of a mention, best first, with the best record and its confidence."""
        g = self.g
        cands: list[tuple[float, int]] = []
        for p in m.entries:
            if p & F_DEMONYM:
                continue
            r = p >> FLAG_BITS
            # "Pama, Burkina Faso", "(Pama, Est)": the division after it is the evidence
            inside = contain is not None and (g.admin1[r] in contain or g.cc[r] in contain)
            if (
                p & F_COMMON
                and not inside
                and (toks[m.t0].brk_before or not self.evidence(r, ctx, hint, anchors, memo, excl))
            ):
                continue
            if memo is None:
                s = self.score(r, p, ctx, hint, anchors)
            else:
                s = self.score_memo(r, p, ctx, hint, memo, excl)
            if contain and (g.admin1[r] in contain or g.cc[r] in contain):
                s += 3.0
            cands.append((s, r))
        if not cands:
            return None
        cands = self._twins(cands)
        cands.sort(reverse=True)
        best_s, best = cands[0]
        second = cands[1][0] if len(cands) > 1 else best_s - 4.0
        # softmax probability of the best reading among the top few
        z = sum(math.exp(s - best_s) for s, _ in cands[:20])
        conf = 1.0 / z
        conf = 0.5 * conf + 0.5 * min(1.0, max(0.0, (best_s - second) / 4.0 + 0.5))
        return cands, best, conf

    def _twins(self, cands: list[tuple[float, int]]) -> list[tuple[float, int]]:
        """Same-name places within 50 km (Rafah PS/EG): the smaller never outranks the larger."""
        g = self.g
        if len(cands) < 2 or len(cands) > 30:
            return cands
        cands = sorted(cands, reverse=True)
        rest = cands[8:]  # only the leading readings can matter as twins
        cands = cands[:8]
        kind, pop, lat, lon = g.kind, g.pop, g.lat, g.lon
        out = []
        for s, r in cands:
            if kind[r] == KIND_CITY:  # only cities have twins: skip the pair loop otherwise
                pr, la = pop[r], lat[r]
                for s2, r2 in cands:
                    if (
                        r2 != r
                        and kind[r2] == KIND_CITY
                        and pop[r2] > 2 * pr
                        and abs(la - lat[r2]) < 0.5
                        and haversine(la, lon[r], lat[r2], lon[r2]) < 50
                    ):
                        s = min(s, s2 - 0.1)
            out.append((s, r))
        return out + rest

    def far(self, r: int, ctx: Context, anchors: Sequence[Point]) -> bool:
        """Farther than 1,500 km from every context country point and resolved place."""
        g = self.g
        pts = list(anchors)
        for cc in ctx.countries:
            rec = g.country_rec.get(cc)
            if rec is not None:
                pts.append((g.lat[rec], g.lon[rec]))
        return all(haversine(g.lat[r], g.lon[r], a, b) > 1500 for a, b in pts)

    def evidence(
        self,
        r: int,
        ctx: Context,
        hint: str | None,
        anchors: Sequence[Point],
        memo: ScoreMemo | None = None,
        excl: int = -1,
    ) -> bool:
        """A common-word name ('Muse', 'Police') is a place only inside the article's geography.

        With memo (anchors are then memo's without excl) the nearest anchor comes from its
        cached distances: an anchor under 150 km is within the 8 degrees of latitude it keeps.
        """
        g = self.g
        if ctx.share(g.cc[r]) == 0:
            return False
        if hint == LEVELS[g.kind[r]] or (g.admin1[r] and ctx.admin1.get(g.admin1[r])):
            return True
        if memo is not None:
            near = memo.near.get(r)
            if near is None:
                near = memo.near[r] = memo.nearest(g.lat[r], g.lon[r])
            (d1, j1), (d2, _j2) = near
            return (d2 if j1 == excl else d1) < 150
        return any(haversine(g.lat[r], g.lon[r], a, b) < 150 for a, b in anchors)
