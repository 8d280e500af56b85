"""Toponym resolution in the spirit of Mordecai / CLIFF-CLAVIN.

Each recognised name has candidate records (cities, admin1 divisions, countries, regions). A
candidate's score combines a prior (feature class, population, admin-seat status, importance)
with article evidence: the countries the article is about (country names, capitals, demonyms,
armed-group terms, unambiguous places), level words next to the name ("X province", "the
provinces of X and Y", "the town of X"), containment ("Avdiivka, Donetsk") and proximity to the
other places resolved in the same article. Weak readings are dropped rather than guessed: a
small town abroad is never preferred over silence when the article is about another country.
"""

from __future__ import annotations

import math
import threading
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from frontline.geo import data
from frontline.geo.fasttok import tokenize
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
)
from frontline.geo.index import GeoIndex
from frontline.geo.matcher import Match, find
from frontline.geo.normalize import Token, fold_token

LEVEL_WORDS: dict[str, str] = {fold_token(w): lvl for w, lvl in data.rows("level_words.tsv")}
DIRECTIONS = {fold_token(w.replace("-", "")) for w in data.words("directions.txt")}
COORD = {"and", "or"}
LOCATIVE = {
    fold_token(w) for w in ("in", "near", "at", "outside", "around", "into", "towards", "toward")
}
PLURAL_LEVEL = {w for w, lvl in LEVEL_WORDS.items() if w.endswith("s") and lvl != "facility"}
TITLES = {fold_token(w) for w in data.words("person_titles.txt")}
STOP = {fold_token(w) for w in data.words("stoplist.txt")}
COMMON = {fold_token(w) for w in data.words("common_words.txt")} | STOP
EVENT_VERBS = {fold_token(w) for w in data.words("event_verbs.txt")}
SMALL_SETTLEMENT = {
    fold_token(w)
    for w in ("village", "villages", "hamlet", "neighbourhood", "neighborhood", "suburb")
}


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


@dataclass
class Context:
    """Article-level evidence: country and admin1 weights."""

    countries: Counter = field(default_factory=Counter)
    admin1: Counter = field(default_factory=Counter)

    def share(self, cc: str) -> float:
        tot = sum(self.countries.values())
        return self.countries[cc] / tot if tot else 0.0

    def top(self) -> str | None:
        if not self.countries:
            return None
        (cc, n), *rest = self.countries.most_common(2)
        if rest and rest[0][1] >= n * 0.8:
            return None
        return cc


def _key(toks: list[Token], m: Match) -> str:
    return " ".join(t.folded for t in toks[m.t0 : m.t1])


def _small_settlement(toks: list[Token], m: Match) -> bool:
    """'X village', 'X area', 'the village of X': the name is a small place."""
    nxt = toks[m.t1] if m.t1 < len(toks) else None
    if nxt is not None and not nxt.brk_before and nxt.folded in SMALL_SETTLEMENT | {"area"}:
        return True
    return m.t0 >= 2 and toks[m.t0 - 1].folded == "of" and toks[m.t0 - 2].folded in SMALL_SETTLEMENT


def haversine(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


class _Without(Sequence[tuple[float, float]]):
    """`[a for j, a in enumerate(items) if j != excl]`, built only if iterated.

    Most mentions hit a cached ranking and never look at their anchors; copying the list per
    mention made a place-dense text quadratic (8,000 mentions: 2.4 s; a 1 MB article: minutes).
    """

    __slots__ = ("_excl", "_items")

    def __init__(self, items: list[tuple[float, float]], excl: int) -> None:
        self._items, self._excl = items, excl

    def __len__(self) -> int:
        return len(self._items) - (0 <= self._excl < len(self._items))

    def __getitem__(self, k):  # type: ignore[no-untyped-def,override]
        return [a for j, a in enumerate(self._items) if j != self._excl][k]

    def __iter__(self) -> Iterator[tuple[float, float]]:
        for j, a in enumerate(self._items):
            if j != self._excl:
                yield a


class _ScoreMemo:
    """Per-`resolve`-call caches for `Resolver._score_memo` (never shared between calls)."""

    __slots__ = ("_prepared", "anchors", "deps", "near", "prior", "ranked", "shared")

    def __init__(self, anchors: list[tuple[float, float]]) -> None:
        self.anchors = anchors
        self.prior: dict[tuple[int, str | None], float] = {}
        self.near: dict[int, tuple[tuple[float, int], tuple[float, int]]] = {}
        # (entries, hint, first word after a break, containment, excluded anchor) -> `_rank`
        self.ranked: dict[tuple, tuple[list[tuple[float, int]], int, float] | None] = {}
        # the same for mentions whose readings ignore anchors (set to one dict for both passes)
        self.shared: dict[tuple, tuple[list[tuple[float, int]], int, float] | None] = {}
        # entries -> indexes of the anchors nearest to one of their readings ({-2}: all)
        self.deps: dict[tuple[int, ...], frozenset[int]] = {}
        # (lat, lon, lat in radians, cos of it): the anchor half of `haversine`, done once
        self._prepared = [(a, b, math.radians(a), math.cos(math.radians(a))) for a, b in anchors]

    def nearest(self, la: float, lo: float) -> tuple[tuple[float, int], tuple[float, int]]:
        """The two smallest (haversine km, anchor index) within 8 degrees of latitude.

        Same operations as `haversine(la, lo, a, b)`, so the distances are bit-identical;
        (9999.0, -1) pads missing entries (the `default` of the reference `min`).
        """
        sin, radians = math.sin, math.radians
        p1 = radians(la)
        c1 = math.cos(p1)
        best = (9999.0, -1)
        second = (9999.0, -1)
        for j, (a, b, p2, c2) in enumerate(self._prepared):
            if abs(a - la) < 8.0:
                dp = p2 - p1
                dl = radians(b - lo)
                h = sin(dp / 2) ** 2 + c1 * c2 * sin(dl / 2) ** 2
                d = 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))
                if d < best[0]:
                    best, second = (d, j), best
                elif d < second[0]:
                    second = (d, j)
        return best, second


class Resolver:
    """Stateless per call; holds the index."""

    def __init__(self, index: GeoIndex) -> None:
        self.ix = index
        self.g = index.gaz
        self._ctx_cache: dict[str, Context] = {}
        self._ctx_lock = threading.Lock()
        self._wcache: dict[int, float] = {}  # record -> _weight (pure; racing writers agree)
        # entries -> no reading is a city/admin1 or common word (anchors cannot change a score)
        self._anchor_free: dict[tuple[int, ...], bool] = {}

    # ------------------------------------------------------------------ context
    def context(self, matches: list[Match], toks: list[Token] | None = None) -> Context:
        """Country/admin1 evidence from names whose reading is (nearly) certain."""
        g = self.g
        ctx = Context()
        for m in matches:
            if toks is not None and _small_settlement(toks, m):
                continue  # "Dooxa village": a village says nothing about the country
            if (
                toks is not None
                and not m.demonym_only
                and (self._surname(toks, m, None) or self._looks_like_person(toks, m, None))
            ):
                continue  # "Lakmat al Qalah": part of an unknown longer name
            recs = [(p >> FLAG_BITS, p) for p in m.entries]
            if m.demonym_only:
                for r, _ in recs:
                    ctx.countries[g.cc[r]] += 1.0
                    if g.kind[r] == KIND_ADMIN1:
                        ctx.admin1[g.admin1[r]] += 1.0
                continue
            countries = [r for r, p in recs if g.kind[r] == KIND_COUNTRY and not p & F_DEMONYM]
            if countries:
                # "Georgia" is also a US state: weak evidence only
                other = any(g.kind[r] == KIND_ADMIN1 and g.pop[r] >= 1_000_000 for r, _ in recs)
                ctx.countries[g.cc[countries[0]]] += 0.2 if other else 2.0
                continue
            big = sorted(
                (r for r, p in recs if not p & F_DEMONYM),
                key=lambda r: -self._weight(r),
            )
            if not big:
                continue
            top = big[0]
            ccs = {g.cc[r] for r in big[:5] if self._weight(r) > 0.35 * self._weight(top)}
            unique = (
                len(big) == 1
                and recs[0][1] & F_PRIMARY
                and not recs[0][1] & F_COMMON
                and (g.pop[top] >= 5000 or m.t1 - m.t0 > 1)
            )
            if len(ccs) == 1 and (g.pop[top] >= 20000 or g.kind[top] != KIND_CITY or unique):
                ctx.countries[g.cc[top]] += 1.0
                if g.kind[top] == KIND_ADMIN1:
                    ctx.admin1[g.admin1[top]] += 1.0
            elif g.fcode[top] == "PPLC" or g.pop[top] >= 1_000_000:
                ctx.countries[g.cc[top]] += 0.5
        return ctx

    def _article_context(self, context_text: str) -> Context:
        """Context of a whole article, cached: callers parse it sentence by sentence."""
        cached = self._ctx_cache.get(context_text)
        if cached is None:
            ctoks = tokenize(context_text)
            cached = self.context(find(self.ix, context_text, ctoks), ctoks)
            with self._ctx_lock:  # the process-wide parser may be shared by threads
                while len(self._ctx_cache) >= 64:
                    self._ctx_cache.pop(next(iter(self._ctx_cache)))
                self._ctx_cache[context_text] = cached
        return Context(Counter(cached.countries), Counter(cached.admin1))

    def _weight(self, r: int) -> float:
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

    # ------------------------------------------------------------------ hints
    def hints(self, toks: list[Token], matches: list[Match]) -> list[str | None]:
        """Level hints from words around each name, spread over coordinated lists."""
        hints: list[str | None] = [None] * len(matches)
        for i, m in enumerate(matches):
            nxt = toks[m.t1] if m.t1 < len(toks) else None
            if (
                nxt is not None
                and not nxt.brk_before
                and LEVEL_WORDS.get(nxt.folded, "facility") != "facility"
            ):
                hints[i] = LEVEL_WORDS[nxt.folded]
            if m.t0 >= 2 and toks[m.t0 - 1].folded == "of" and not toks[m.t0 - 1].brk_before:
                w = toks[m.t0 - 2].folded
                if w in LEVEL_WORDS and LEVEL_WORDS[w] != "facility":
                    hints[i] = LEVEL_WORDS[w]
        # chains "X, Y and Z provinces" / "provinces of X and Y"
        chains: list[list[int]] = []
        for i, m in enumerate(matches):
            if chains and self._coordinated(toks, matches[chains[-1][-1]], m):
                chains[-1].append(i)
            else:
                chains.append([i])
        for ch in chains:
            if len(ch) < 2:
                continue
            head, tail = matches[ch[0]], matches[ch[-1]]
            lvl = None
            if head.t0 >= 2 and toks[head.t0 - 1].folded == "of":
                w = toks[head.t0 - 2].folded
                if w in PLURAL_LEVEL:
                    lvl = LEVEL_WORDS[w]
            if tail.t1 < len(toks) and toks[tail.t1].folded in PLURAL_LEVEL:
                lvl = LEVEL_WORDS[toks[tail.t1].folded]
            if lvl:
                for i in ch:
                    hints[i] = lvl
        return hints

    def _list_hints(
        self,
        toks: list[Token],
        matches: list[Match],
        hints: list[str | None],
        first: list[Resolved | None],
    ) -> list[str | None]:
        """In a list of 3+ names ("Ohio, Oregon, Utah"), members follow the majority level."""
        out = list(hints)
        chain: list[int] = []
        for i in range(len(matches) + 1):
            if (
                i < len(matches)
                and chain
                and self._coordinated(toks, matches[chain[-1]], matches[i])
            ):
                chain.append(i)
                continue
            if len(chain) >= 3:
                levels = [first[k].level for k in chain if first[k] is not None]
                if levels.count("admin1") * 2 > len(chain):
                    for k in chain:
                        out[k] = out[k] or "admin1"
            chain = [i]
        return out

    @staticmethod
    def _coordinated(toks: list[Token], a: Match, b: Match) -> bool:
        if b.t0 == a.t1:  # "X, Y"
            return toks[b.t0].brk_before
        if b.t0 == a.t1 + 1:
            return toks[a.t1].folded in COORD
        return False

    # ------------------------------------------------------------------ scoring
    def score(
        self,
        r: int,
        packed: int,
        ctx: Context,
        hint: str | None,
        anchors: list[tuple[float, float]],
    ) -> float:
        """Prior + evidence for reading a mention as record r."""
        s = self._prior(r, packed, ctx, hint)
        if anchors and self.g.kind[r] in (KIND_CITY, KIND_ADMIN1):
            la, lo = self.g.lat[r], self.g.lon[r]
            d = min(
                (haversine(la, lo, a, b) for a, b in anchors if abs(a - la) < 8.0),
                default=9999.0,
            )
            s += 2.0 if d < 100 else 1.2 if d < 300 else 0.5 if d < 800 else 0.0
        return s

    def _prior(self, r: int, packed: int, ctx: Context, hint: str | None) -> float:
        """`score` without the proximity term (added last, so the float sums are unchanged)."""
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

    def _score_memo(
        self, r: int, packed: int, ctx: Context, hint: str | None, memo: _ScoreMemo, excl: int
    ) -> float:
        """`score(r, packed, ctx, hint, [a for j, a in enumerate(memo.anchors) if j != excl])`.

        Within one `resolve` call ctx is fixed, so the prior is cached per (entry, hint) and the
        distances from a record to the anchors are computed once per record, not per mention.
        """
        key = (packed, hint)
        s = memo.prior.get(key)
        if s is None:
            s = memo.prior[key] = self._prior(r, packed, ctx, hint)
        n = len(memo.anchors)
        if n - (0 <= excl < n) > 0 and self.g.kind[r] in (KIND_CITY, KIND_ADMIN1):
            near = memo.near.get(r)
            if near is None:
                near = memo.near[r] = memo.nearest(self.g.lat[r], self.g.lon[r])
            (d1, j1), (d2, _j2) = near
            d = d2 if j1 == excl else d1
            s += 2.0 if d < 100 else 1.2 if d < 300 else 0.5 if d < 800 else 0.0
        return s

    def resolve(
        self,
        text: str,
        context_text: str | None = None,
        include_demonyms: bool = False,
    ) -> list[Resolved]:
        """Recognise and resolve the places of text (context_text adds country evidence)."""
        toks = tokenize(text)
        matches = find(self.ix, text, toks)
        ctx = self.context(matches, toks)
        if context_text and context_text != text:
            cx = self._article_context(context_text)
            if text in context_text:
                ctx = cx  # the sentence is part of the article: count it once
            else:
                ctx.countries.update(cx.countries)
                ctx.admin1.update(cx.admin1)
        hints = self.hints(toks, matches)
        contain = self._containment(toks, matches)
        persons = {
            _key(toks, m)
            for i, m in enumerate(matches)
            if not m.demonym_only and self._surname(toks, m, hints[i])
        }
        first_names = self._country_first_names(toks, matches)

        # pass 1 without proximity, pass 2 with anchors from confident pass-1 readings
        out: list[Resolved | None] = [None] * len(matches)
        anchors: list[tuple[float, float]] = []
        prior: dict[tuple[int, str | None], float] = {}
        shared: dict[tuple, tuple[list[tuple[float, int]], int, float] | None] = {}
        for pas in (1, 2):
            if pas == 1 or anchors:  # no anchors: pass 2 scores exactly like pass 1
                memo = _ScoreMemo(anchors if pas == 2 else [])
                memo.prior = prior  # ctx is the same in both passes
                memo.shared = shared
            for i, m in enumerate(matches):
                if m.demonym_only:
                    if include_demonyms and pas == 2:
                        out[i] = self._demonym_place(m)
                    continue
                own = _Without(anchors, i) if pas == 2 else []
                res = self._resolve_one(
                    toks, m, ctx, hints[i], own, contain.get(i), persons, first_names, memo, i
                )
                out[i] = res
            if pas == 1:
                # anchors: confident city readings (a state's centroid says little about a town)
                anchors = [
                    (r.lat, r.lon)
                    for r in out
                    if r is not None
                    and r.rec is not None
                    and r.confidence >= 0.6
                    and r.level == "city"
                ]
                hints = self._list_hints(toks, matches, hints, out)
        places = [r for r in out if r is not None]
        for i, r in enumerate(places):
            if r.rec is None and r.level == "country":  # refine fallbacks with the article's places
                places[i] = self._area(r.start, r.end, ctx, r.confidence, places=places) or r
        places += self._directional(toks, matches, places)
        places += self._unknown(text, toks, matches, places, ctx)
        places.sort(key=lambda r: r.start)
        return places

    def _containment(self, toks: list[Token], matches: list[Match]) -> dict[int, set[str]]:
        """'A, B' / 'A (B)' with B a country/admin1 containing A: each constrains the other."""
        g = self.g
        out: dict[int, set[str]] = {}
        for i in range(len(matches) - 1):
            a, b = matches[i], matches[i + 1]
            if b.t0 != a.t1 or not toks[b.t0].brk_before:
                continue
            a_recs = [p >> FLAG_BITS for p in a.entries if not p & F_DEMONYM]
            b_recs = [p >> FLAG_BITS for p in b.entries if not p & F_DEMONYM]
            codes = set()
            for rb in b_recs:
                if g.kind[rb] == KIND_ADMIN1 and any(g.admin1[ra] == g.admin1[rb] for ra in a_recs):
                    codes.add(g.admin1[rb])
                elif g.kind[rb] == KIND_COUNTRY and any(g.cc[ra] == g.cc[rb] for ra in a_recs):
                    codes.add(g.cc[rb])
            if codes:
                out.setdefault(i, set()).update(codes)
                out.setdefault(i + 1, set()).update(codes)
        return out

    def _resolve_one(
        self,
        toks: list[Token],
        m: Match,
        ctx: Context,
        hint: str | None,
        anchors: list[tuple[float, float]],
        contain: set[str] | None,
        persons: set[str] = frozenset(),  # type: ignore[assignment]
        first_names: set[str] = frozenset(),  # type: ignore[assignment]
        memo: _ScoreMemo | None = None,
        excl: int = -1,
    ) -> Resolved | None:
        """Best reading of one mention. With memo, anchors must equal
        [a for j, a in enumerate(memo.anchors) if j != excl] (scores are then cached)."""
        g = self.g
        if memo is None:
            ranked = self._rank(toks, m, ctx, hint, anchors, contain, None, excl)
        else:
            # everything up to the best reading depends only on this key within one pass
            free = self._anchor_free.get(m.entries)
            if free is None:
                if len(self._anchor_free) >= 50_000:
                    self._anchor_free.clear()
                free = self._anchor_free[m.entries] = not any(
                    not p & F_DEMONYM
                    and (p & F_COMMON or g.kind[p >> FLAG_BITS] in (KIND_CITY, KIND_ADMIN1))
                    for p in m.entries
                )
            n = len(memo.anchors)
            ck = (
                m.entries,
                hint,
                toks[m.t0].brk_before,
                frozenset(contain) if contain else None,
                -1 if free or not 0 <= excl < n or not self._uses(m.entries, memo, excl) else excl,
            )
            # countries and regions ignore anchors: their rankings serve both passes
            cache = memo.shared if free else memo.ranked
            ranked = cache.get(ck, False)
            if ranked is False:
                ranked = cache[ck] = self._rank(toks, m, ctx, hint, anchors, contain, memo, excl)
        if ranked is None:
            return None
        cands, best, conf = ranked
        kind = g.kind[best]
        if kind == KIND_COUNTRY and _key(toks, m) in first_names:
            return None  # "Georgia Stevens ... Georgia began skating"
        if hint == "nonplace" and kind == KIND_CITY:
            return None  # "Marburg virus", "Lassa fever"
        if (
            hint == "admin1"
            and kind == KIND_CITY
            and g.admin1[best] in g.admin1_rec
            and (g.fcode[best] in ("PPLA", "PPLC") or g.pop[best] >= 50_000)
        ):
            # "Kursk region": the division around the named city
            return self._place(m, g.admin1_rec[g.admin1[best]], conf)
        packed = next(p for p in m.entries if p >> FLAG_BITS == best)
        weak_city = g.pop[best] < 100_000 and g.fcode[best] not in ("PPLA", "PPLC")
        abroad = bool(ctx.countries) and ctx.share(g.cc[best]) == 0
        glued = self._surname(toks, m, None) or self._looks_like_person(toks, m, None)
        if kind == KIND_CITY and abroad and not packed & F_CURATED and hint is None and glued:
            return None  # "Adan Yabaal" in a Somali text is not Aden
        if kind == KIND_CITY and not packed & F_CURATED and g.fcode[best] != "PPLC":
            titled = m.t0 > 0 and toks[m.t0 - 1].folded in TITLES
            if titled or (
                weak_city
                and (
                    _key(toks, m) in persons
                    or self._surname(toks, m, None)
                    or self._looks_like_person(toks, m, None)
                )
            ):
                # "Andrei Karlov", "Toronto Star", "Abu Ajwa": part of a longer proper name;
                # and a name seen as a person once is that person everywhere in the article
                return None
        if (
            kind == KIND_CITY
            and ctx.countries
            and ctx.share(g.cc[best]) == 0
            and _small_settlement(toks, m)
        ):
            # "Dooxa village" in a Somali article is not Doha: the article's area instead
            return self._fallback(m, ctx, conf * 0.5)
        strong = (
            kind in (KIND_COUNTRY, KIND_REGION)
            or packed & F_CURATED
            or (kind == KIND_CITY and g.pop[best] >= 100_000)
            or (
                kind == KIND_ADMIN1
                and (g.pop[best] >= 500_000 or hint == "admin1" or ctx.share(g.cc[best]) > 0)
            )
        )
        if (
            kind == KIND_ADMIN1
            and not packed & F_CURATED
            and hint is None
            and glued
            and (abroad or g.pop[best] < 1_000_000)
        ):
            return None  # "Danube Delta", "Michael Jordan": part of another name
        if kind == KIND_ADMIN1 and not strong and ctx.countries:
            return None  # a small division abroad ("Michael", Isle of Man) is a name, not a place
        if not strong:
            top = ctx.top()
            if (
                abroad
                and self._far(best, ctx, anchors)
                and (g.pop[best] < 50_000 or hint != "city")
            ):
                # only readings far from the article's geography: a small namesake on another
                # continent is worse than the article's country (or nothing)
                return self._fallback(m, ctx, conf * 0.5) if hint == "city" else None
            unique_multiword = len(cands) == 1 and m.t1 - m.t0 > 1
            if not ctx.countries and g.pop[best] < 5000 and top is None and not unique_multiword:
                return None
            initial = toks[m.t0].brk_before and m.t1 - m.t0 == 1
            if initial and g.pop[best] < 2000 and ctx.share(g.cc[best]) < 0.3:
                return None  # a capitalised sentence start, most likely a word
        return self._place(m, best, conf)

    def _uses(self, entries: tuple[int, ...], memo: _ScoreMemo, excl: int) -> bool:
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
                    found = {-2}  # `_evidence` looks at every anchor
                    break
                r = p >> FLAG_BITS
                if g.kind[r] in (KIND_CITY, KIND_ADMIN1):
                    near = memo.near.get(r)
                    if near is None:
                        near = memo.near[r] = memo.nearest(g.lat[r], g.lon[r])
                    found.add(near[0][1])
            deps = memo.deps[entries] = frozenset(found)
        return -2 in deps or excl in deps

    def _rank(
        self,
        toks: list[Token],
        m: Match,
        ctx: Context,
        hint: str | None,
        anchors: list[tuple[float, float]],
        contain: set[str] | None,
        memo: _ScoreMemo | None,
        excl: int,
    ) -> tuple[list[tuple[float, int]], int, float] | None:
        """Scored readings of a mention, best first, with the best record and its confidence."""
        g = self.g
        cands: list[tuple[float, int]] = []
        for p in m.entries:
            if p & F_DEMONYM:
                continue
            r = p >> FLAG_BITS
            if p & F_COMMON and (
                toks[m.t0].brk_before or not self._evidence(r, ctx, hint, anchors)
            ):
                continue
            if memo is None:
                s = self.score(r, p, ctx, hint, anchors)
            else:
                s = self._score_memo(r, p, ctx, hint, memo, excl)
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

    def _far(self, r: int, ctx: Context, anchors: list[tuple[float, float]]) -> bool:
        """Farther than 1,500 km from every context country point and resolved place."""
        g = self.g
        pts = list(anchors)
        for cc in ctx.countries:
            rec = g.country_rec.get(cc)
            if rec is not None:
                pts.append((g.lat[rec], g.lon[rec]))
        return all(haversine(g.lat[r], g.lon[r], a, b) > 1500 for a, b in pts)

    def _evidence(
        self, r: int, ctx: Context, hint: str | None, anchors: list[tuple[float, float]]
    ) -> bool:
        """A common-word name ('Muse', 'Police') is a place only inside the article's geography."""
        g = self.g
        if ctx.share(g.cc[r]) == 0:
            return False
        if hint == LEVELS[g.kind[r]] or (g.admin1[r] and ctx.admin1.get(g.admin1[r])):
            return True
        return any(haversine(g.lat[r], g.lon[r], a, b) < 150 for a, b in anchors)

    def _country_first_names(self, toks: list[Token], matches: list[Match]) -> set[str]:
        """Country names used as first names ('Georgia Stevens') in an article that has no
        other evidence for that country: the name is a person everywhere in the article."""
        g = self.g
        out: set[str] = set()
        for m in matches:
            if m.demonym_only or not self._first_name(toks, m):
                continue
            k = _key(toks, m)
            ccs = {
                g.cc[p >> FLAG_BITS] for p in m.entries if g.kind[p >> FLAG_BITS] == KIND_COUNTRY
            }
            if not ccs or k in out:
                continue
            rest = self.context([x for x in matches if _key(toks, x) != k], toks)
            if not any(rest.countries.get(cc) for cc in ccs):
                out.add(k)
        return out

    def _surname(self, toks: list[Token], m: Match, hint: str | None) -> bool:
        """Last word of a capitalised run or after a title: 'Andrei Karlov', 'President Bush'."""
        if hint or m.t0 == 0 or toks[m.t0].brk_before:
            return False
        prv = toks[m.t0 - 1]
        if prv.folded in TITLES:
            return True
        return (
            prv.cap
            and (not prv.brk_before or prv.folded not in COMMON)  # "Nick Burton" opening a line
            and prv.folded not in DIRECTIONS
            and prv.folded not in LEVEL_WORDS
        )

    def _first_name(self, toks: list[Token], m: Match) -> bool:
        """First word of a capitalised run ('Georgia Stevens')."""
        nxt = toks[m.t1] if m.t1 < len(toks) else None
        return bool(
            nxt is not None
            and not nxt.brk_before
            and nxt.start - toks[m.t1 - 1].end <= 1  # not "Australia's Tanna"
            and nxt.cap
            and not nxt.upper
            and nxt.folded not in LEVEL_WORDS
            and nxt.folded not in STOP
            and not self._surname(toks, m, None)
        )

    def _looks_like_person(self, toks: list[Token], m: Match, hint: str | None) -> bool:
        """A name glued to other capitalised words ('Andrei Karlov') is a person or organisation."""
        if hint:
            return False
        if m.t0 > 0 and toks[m.t0 - 1].folded in TITLES and not toks[m.t0].brk_before:
            return True
        nxt = toks[m.t1] if m.t1 < len(toks) else None
        if (
            nxt is not None
            and not nxt.brk_before
            and nxt.cap
            and nxt.folded not in LEVEL_WORDS
            and nxt.folded not in DIRECTIONS  # "Lamu East": a part of Lamu
        ):
            return True
        prv = toks[m.t0 - 1] if m.t0 > 0 else None
        return bool(
            prv is not None
            and not toks[m.t0].brk_before
            and prv.cap
            and not prv.brk_before
            and prv.folded not in DIRECTIONS
        )

    def _place(self, m: Match, r: int, conf: float) -> Resolved:
        g = self.g
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

    def _fallback(
        self, m: Match, ctx: Context, conf: float, places: list[Resolved] | None = None
    ) -> Resolved | None:
        """Country or admin1 of the article for a place missing from the gazetteer."""
        return self._area(m.start, m.end, ctx, conf, places=places)

    def _area(
        self,
        start: int,
        end: int,
        ctx: Context,
        conf: float,
        cc: str | None = None,
        admin1: str | None = None,
        places: list[Resolved] | None = None,
    ) -> Resolved | None:
        """The smallest area the article pins an unknown name to.

        Explicit anchor (admin1/cc) first; else the admin1 of the nearest resolved place in the
        article's main country ("X village in southern Idleb"); else that country.
        """
        g = self.g
        if admin1 is None and cc is None:
            near = sorted(
                (p for p in places or () if p.rec is not None and p.admin1 and p.cc),
                key=lambda p: abs(p.start - end) if p.start >= end else 3 * abs(start - p.end),
            )
            cc = ctx.top() or (near[0].cc if near else None)
            if cc is None:
                return None
            near = [p for p in near if p.cc == cc]
            if near:
                admin1 = near[0].admin1
            else:
                a1s = sorted(
                    ((n, a) for a, n in ctx.admin1.items() if a.startswith(cc + ".")), reverse=True
                )
                if len(a1s) == 1 or (a1s and a1s[0][0] > a1s[1][0]):
                    admin1 = a1s[0][1]
        if admin1 and admin1 in g.admin1_rec:
            r = g.admin1_rec[admin1]
            return Resolved(
                start,
                end,
                None,
                "admin1",
                round(conf, 3),
                g.cc[r],
                admin1,
                g.lat[r],
                g.lon[r],
                g.name[r],
            )
        if cc and cc in g.country_rec:
            r = g.country_rec[cc]
            return Resolved(
                start, end, None, "country", round(conf, 3), cc, None, g.lat[r], g.lon[r], g.name[r]
            )
        return None

    def _demonym_place(self, m: Match) -> Resolved | None:
        g = self.g
        for p in m.entries:
            r = p >> FLAG_BITS
            if g.kind[r] == KIND_COUNTRY:
                return self._place(m, r, 0.5)
        return None

    def _directional(
        self, toks: list[Token], matches: list[Match], places: list[Resolved]
    ) -> list[Resolved]:
        """'southern Syria' -> a region-level place at the country's point."""
        g = self.g
        out = []
        by_start = {p.start: p for p in places}
        for m in matches:
            if m.t0 == 0:
                continue
            prev = toks[m.t0 - 1]
            if prev.folded not in DIRECTIONS or toks[m.t0].brk_before:
                continue
            p = by_start.get(m.start)
            if p is None or p.level != "country":
                continue
            p.start = prev.start
            p.level = "region"
            p.name = f"{prev.folded} {g.name[p.rec]}" if p.rec is not None else p.name
        return out

    def _unknown(
        self,
        text: str,
        toks: list[Token],
        matches: list[Match],
        places: list[Resolved],
        ctx: Context,
    ) -> list[Resolved]:
        """Capitalised names the gazetteer lacks, in settlement/locative frames -> admin1/country.

        Frames: "the village(s) of X", "X village/town/area", "in/near/at X". The area comes from
        an anchor right after the name ("X, Donetsk", "X (Afgooye, Lower Shabelle)", "X in Masisi")
        or from the nearest resolved place of the article's country.
        """
        produced = {(p.start, p.end) for p in places}
        covered: set[int] = set()
        for m in matches:
            if (
                m.demonym_only
                or (m.start, m.end) in produced
                or any(p.start <= m.start < p.end for p in places)
            ):
                covered.update(range(m.t0, m.t1))
        place_at = {p.start: p for p in places}
        out: list[Resolved] = []
        i, n = 0, len(toks)
        while i < n:
            t = toks[i]
            if i in covered or not t.cap or (t.upper and len(t.folded) < 4):
                i += 1
                continue
            j = i + 1
            while j < n and j not in covered and toks[j].cap and not toks[j].brk_before:
                j += 1
            run = toks[i:j]
            i_next = j
            if (
                j - i > 3
                or all(x.upper for x in run)
                or any(x.folded in COMMON or x.folded in TITLES for x in run)
            ):
                i = i_next
                continue
            prev = toks[i - 1] if i > 0 and not t.brk_before else None
            prev2 = toks[i - 2] if i > 1 and prev is not None and not prev.brk_before else None
            nxt = toks[j] if j < n else None
            noun = False
            if nxt is not None and not nxt.brk_before and LEVEL_WORDS.get(nxt.folded) == "city":
                noun = True
            if nxt is not None and not nxt.brk_before and nxt.folded in ("area", "areas"):
                noun = True
            if prev is not None and prev.folded == "of" and prev2 is not None:
                noun = noun or LEVEL_WORDS.get(prev2.folded) == "city" or prev2.folded == "area"
            loc = prev is not None and (
                prev.folded in LOCATIVE
                or prev.folded in EVENT_VERBS
                or (
                    prev.folded in ("of", "over")
                    and prev2 is not None
                    and prev2.folded in EVENT_VERBS
                )
            )
            if not (noun or loc):
                i = i_next
                continue
            anchor = self._anchor(toks, j, place_at)
            if loc and not noun and anchor is None and not ctx.countries:
                i = i_next
                continue
            cc = anchor.cc if anchor else None
            a1 = anchor.admin1 if anchor else None
            area = self._area(t.start, toks[j - 1].end, ctx, 0.3, cc, a1, places)
            if area is not None:
                out.append(area)
            i = i_next
        return out

    @staticmethod
    def _anchor(toks: list[Token], j: int, place_at: dict[int, Resolved]) -> Resolved | None:
        """A resolved place right after an unknown name: ', P', '(P', 'in P', 'village (P'."""
        k = j
        if k < len(toks) and toks[k].folded in LEVEL_WORDS and not toks[k].brk_before:
            k += 1  # "X village (Afgooye, ...)"
        if k < len(toks) and toks[k].folded == "in" and not toks[k].brk_before:
            k += 1
        elif k >= len(toks) or not toks[k].brk_before:
            return None
        found = [
            place_at[toks[kk].start]
            for kk in range(k, min(k + 5, len(toks)))
            if toks[kk].start in place_at
            and place_at[toks[kk].start].level in ("city", "admin1", "country")
        ]
        for lvl in ("admin1", "city", "country"):  # "(Adan Yabaal, Middle Shabelle)": the admin1
            for p in found:
                if p.level == lvl:
                    return p
        return None
