"""Toponym resolution in the spirit of Mordecai / CLIFF-CLAVIN.

Each recognised name has candidate records (cities, admin1 divisions, countries, regions). A
candidate's score (`scoring`) combines a prior (feature class, population, admin-seat status,
importance) with article evidence: the countries the article is about (country names, capitals,
demonyms, armed-group terms, unambiguous places), level words next to the name ("X province",
"the provinces of X and Y", "the town of X"), containment ("Avdiivka, Donetsk") and proximity to
the other places resolved in the same article. Weak readings are dropped rather than guessed: a
small town abroad is never preferred over silence when the article is about another country.
Names inside person names are dropped (`persons`); names the gazetteer lacks fall back to the
area around them (`fallback`, `unknown`). This module gathers the evidence and decides.
"""

from __future__ import annotations

import threading
from bisect import bisect_left
from collections.abc import Sequence

from frontline.geo import borders
from frontline.geo.fallback import (
    area,
    demonym_place,
    directional,
    fallback,
    in_locator,
    outside_named_admin1,
)
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
)
from frontline.geo.index import GeoIndex
from frontline.geo.matcher import Match, find
from frontline.geo.normalize import Token
from frontline.geo.persons import country_first_names, glued, persons
from frontline.geo.reading import Context, Resolved, Weights, haversine, place_of
from frontline.geo.scoring import AnchorsWithout, Point, Ranking, RankKey, ScoreMemo, Scorer
from frontline.geo.spelling import Speller
from frontline.geo.twins import twins
from frontline.geo.unknown import anchor, demonym_ends, told_country, unknown
from frontline.geo.words import (
    COORD,
    LEVEL_WORDS,
    NAME_HEADS,
    PLURAL_LEVEL,
    STATE_NOUNS,
    TITLES,
    name_key,
    small_settlement,
)

# A country known from outside the gazetteer (the note's armed actors) weighs as one town
# whose name is certain (`_readings_evidence`): it tips a close reading, never outweighs
# two places the text names in another country.
HINT_WEIGHT = 1.0

__all__ = ["Context", "Resolved", "Resolver", "ScoreMemo", "haversine"]


class Resolver:
    """Stateless per call; holds the index."""

    def __init__(self, index: GeoIndex) -> None:
        self.ix = index
        self.g = index.gaz
        self.scorer = Scorer(index.gaz)
        # (entries, several words) -> what a name that is no country adds to the context
        self._evidence: dict[tuple[tuple[int, ...], bool], tuple[tuple[bool, str, float], ...]] = {}
        self._divisions: dict[tuple[int, ...], dict[str, str]] = {}
        self.speller = Speller(index.gaz, index.skeys)
        self._ctx_cache: dict[str, Context] = {}
        self._ctx_lock = threading.Lock()
        self._cores: borders.Cores | None = None  # admin1 records by name core, on first use

    # ------------------------------------------------------------------ context
    def context(self, matches: list[Match], toks: list[Token] | None = None) -> Context:
        """Country/admin1 evidence from names whose reading is (nearly) certain."""
        ctx = Context()
        shared: list[tuple[Match, dict[str, str]]] = []
        for m in matches:
            if toks is not None and small_settlement(toks, m):
                continue  # "Dooxa village": a village says nothing about the country
            if toks is not None and not m.demonym_only and glued(toks, m):
                continue  # "Lakmat al Qalah": part of an unknown longer name
            if toks is not None and _beyond(toks, m):
                continue  # "near the border with Uganda": the other side, not the article's
            ccs = self._division_countries(m)
            if len(ccs) > 1:
                shared.append((m, ccs))
                continue
            self._add_evidence(ctx, m, toks is not None and _state_of(toks, m))
        for m, ccs in shared:
            # "Al Jawf" (a Saudi region, a Yemeni governorate) in a note about the Houthis:
            # the country the other names told picks the division, not the bigger reading
            told = [cc for cc in ccs if ctx.countries[cc]]
            if len(told) == 1:
                ctx.countries[told[0]] += 1.0
                ctx.admin1[ccs[told[0]]] += 1.0
            else:
                self._add_evidence(ctx, m, toks is not None and _state_of(toks, m))
        return ctx

    def _division_countries(self, m: Match) -> dict[str, str]:
        """Country -> admin1 code of the first-level divisions of this name (one per country);
        kept per entries, like `_readings_evidence`: the context pass runs on every text."""
        out = self._divisions.get(m.entries)
        if out is None:
            if len(self._divisions) >= 50_000:
                self._divisions.clear()
            g = self.g
            out = self._divisions[m.entries] = {}
            for p in m.entries:
                r = p >> FLAG_BITS
                if not p & F_DEMONYM and g.kind[r] == KIND_ADMIN1:
                    out.setdefault(g.cc[r], g.admin1[r])
        return out

    def _add_evidence(self, ctx: Context, m: Match, state: bool = False) -> None:
        """What one name says about the article's countries and admin1 divisions."""
        g = self.g
        recs = [(p >> FLAG_BITS, p) for p in m.entries]
        if m.demonym_only:
            for r, _ in recs:
                ctx.countries[g.cc[r]] += 1.0
                if g.kind[r] == KIND_ADMIN1:
                    ctx.admin1[g.admin1[r]] += 1.0
            return
        countries = [r for r, p in recs if g.kind[r] == KIND_COUNTRY and not p & F_DEMONYM]
        if countries:
            # "Georgia" is also a US state: weak evidence only
            other = not state and any(
                g.kind[r] == KIND_ADMIN1 and g.pop[r] >= 1_000_000 for r, _ in recs
            )
            ctx.countries[g.cc[countries[0]]] += 0.2 if other else 2.0
            return
        key = (m.entries, m.t1 - m.t0 > 1)
        adds = self._evidence.get(key)
        if adds is None:
            if len(self._evidence) >= 50_000:
                self._evidence.clear()
            adds = self._evidence[key] = self._readings_evidence(m)
        for country, code, w in adds:
            (ctx.countries if country else ctx.admin1)[code] += w

    def _readings_evidence(self, m: Match) -> tuple[tuple[bool, str, float], ...]:
        """What a name that is no country adds, as (to countries, else admin1; code, weight)
        in order: it depends only on its readings, so `_add_evidence` keeps it per entries
        (the sort by weight was most of the cost of an article's context)."""
        g, weight = self.g, self.scorer.weight
        recs = [(p >> FLAG_BITS, p) for p in m.entries]
        big = sorted((r for r, p in recs if not p & F_DEMONYM), key=lambda r: -weight(r))
        if not big:
            return ()
        top = big[0]
        ccs = {g.cc[r] for r in big[:5] if weight(r) > 0.35 * weight(top)}
        unique = (
            len(big) == 1
            and recs[0][1] & F_PRIMARY
            and not recs[0][1] & F_COMMON
            and (g.pop[top] >= 5000 or m.t1 - m.t0 > 1)
        )
        if len(ccs) == 1 and (g.pop[top] >= 20000 or g.kind[top] != KIND_CITY or unique):
            if g.kind[top] == KIND_ADMIN1:
                return ((True, g.cc[top], 1.0), (False, g.admin1[top], 1.0))
            return ((True, g.cc[top], 1.0),)
        if g.fcode[top] == "PPLC" or g.pop[top] >= 1_000_000:
            return ((True, g.cc[top], 0.5),)
        return ()

    def article_context(self, context_text: str) -> Context:
        """Country and admin1 evidence of a whole article (a copy of the cached one)."""
        return self._article_context(context_text)

    def _article_context(self, context_text: str) -> Context:
        """Context of a whole article, cached: callers parse it sentence by sentence."""
        cached = self._ctx_cache.get(context_text)
        if cached is None:
            ctoks = tokenize(context_text)
            cached = self.context(find(self.ix, context_text, ctoks), ctoks)
            self._remember(context_text, cached)
        return Context(Weights(cached.countries), Weights(cached.admin1))

    def _remember(self, context_text: str, ctx: Context) -> None:
        """Keep an article's context (a copy: resolution adds to the one it works with)."""
        with self._ctx_lock:  # the process-wide parser may be shared by threads
            while len(self._ctx_cache) >= 64:
                self._ctx_cache.pop(next(iter(self._ctx_cache)))
            self._ctx_cache[context_text] = Context(Weights(ctx.countries), Weights(ctx.admin1))

    # ------------------------------------------------------------------ hints
    def hints(self, text: str, toks: list[Token], matches: list[Match]) -> list[str | None]:
        """Level hints from words around each name, spread over coordinated lists."""
        hints = [_own_hint(toks, m) or _locator_tail(text, m) for m in matches]
        # chains "X, Y and Z provinces" / "provinces of X and Y"
        for ch in self._chains(text, toks, matches):
            if len(ch) < 2:
                continue
            lvl = _chain_hint(toks, matches[ch[0]], matches[ch[-1]])
            if lvl:
                for i in ch:
                    hints[i] = lvl
        return hints

    def _chains(self, text: str, toks: list[Token], matches: list[Match]) -> list[list[int]]:
        """Runs of coordinated names ("X, Y and Z"), as lists of match indexes."""
        chains: list[list[int]] = []
        for i, m in enumerate(matches):
            if chains and self._coordinated(text, toks, matches[chains[-1][-1]], m):
                chains[-1].append(i)
            else:
                chains.append([i])
        return chains

    def _list_hints(
        self,
        text: str,
        toks: list[Token],
        matches: list[Match],
        hints: list[str | None],
        first: list[Resolved | None],
    ) -> list[str | None]:
        """In a list of 3+ names ("Ohio, Oregon, Utah"), members follow the majority level."""
        out = list(hints)
        for chain in self._chains(text, toks, matches):
            if len(chain) >= 3:
                levels = [r.level for r in (first[k] for k in chain) if r is not None]
                if levels.count("admin1") * 2 > len(chain):
                    for k in chain:
                        out[k] = out[k] or "admin1"
        return out

    @staticmethod
    def _coordinated(text: str, toks: list[Token], a: Match, b: Match) -> bool:
        if b.t0 == a.t1:  # "X, Y"; not "X (Y, Z)", a place and where it lies
            return text[toks[a.t1 - 1].end : toks[b.t0].start].strip() == ","
        if b.t0 == a.t1 + 1:
            return toks[a.t1].folded in COORD
        return False

    # ------------------------------------------------------------------ resolution
    def resolve(
        self,
        text: str,
        context_text: str | None = None,
        include_demonyms: bool = False,
        country_hint: str | None = None,
    ) -> list[Resolved]:
        """Recognise and resolve the places of text (context_text adds country evidence;
        country_hint, the country the caller knows the text is about from outside the
        gazetteer, counts as much as one certain town of it)."""
        toks = tokenize(text)
        matches = find(self.ix, text, toks)
        ctx = self.context(matches, toks)
        contain = self._containment(text, toks, matches)
        _contained_evidence(ctx, contain)
        if context_text == text:  # the whole article: later `article_context` calls reuse it
            self._remember(text, ctx)
        elif context_text:
            cx = self._article_context(context_text)
            if text in context_text:
                ctx = cx  # the sentence is part of the article: count it once
            else:
                ctx.countries.add_all(cx.countries)
                ctx.admin1.add_all(cx.admin1)
        # the text alone leads there, or names no country at all (the hint is all there is)
        told = bool(country_hint) and (ctx.top() == country_hint or not ctx.countries)
        if country_hint:  # a copy: the remembered article context stays the text's own
            ctx = Context(Weights(ctx.countries), Weights(ctx.admin1))
            ctx.countries[country_hint] += HINT_WEIGHT
        out = self._two_passes(text, toks, matches, ctx, contain, include_demonyms)
        _locator_mismatch(text, matches, out)
        twins(self.speller, text, matches, out, ctx)
        if self._cores is None:
            self._cores = borders.admin1_cores(self.g)
        borders.generic_twins(self.g, self._cores, text, out, ctx)
        places = [r for r in out if r is not None]
        coarse = [i for i, r in enumerate(places) if r.rec is None and r.level == "country"]
        demonyms = demonym_ends(self.g, matches)  # once: the fallbacks below and `unknown` use it
        if coarse:  # refine fallbacks with the article's places
            place_at = {p.start: p for p in places}
            starts = [t.start for t in toks]
        for i in coarse:
            r = places[i]
            told_place = self._told_reading(toks, starts, matches, r, demonyms)
            if told_place is not None:
                places[i] = told_place  # "the Lebanese village of Kfar Kila": Lebanon's
                continue
            # "Mangai villages (Lamu East, Lamu)": the locator after the name first
            j = bisect_left(starts, r.end)
            anc = anchor(toks, j, place_at, text) if j < len(toks) else None
            cc, a1 = (anc.cc, anc.admin1) if anc is not None else (None, None)
            places[i] = area(self.g, r.start, r.end, ctx, r.confidence, cc, a1, places) or r
        outside_named_admin1(self.g, places, ctx)
        directional(self.g, toks, matches, places)
        places += unknown(self.g, toks, matches, places, ctx, self.speller, text, demonyms)
        if country_hint and not told:
            places = _untold_country(places, country_hint)
        places.sort(key=lambda r: r.start)
        return places

    def _told_reading(
        self,
        toks: list,
        starts: list[int],
        matches: list[Match],
        r: Resolved,
        demonyms: dict[int, str],
    ) -> Resolved | None:
        """The reading in the country a demonym gives the settlement noun before the name
        ("the Lebanese village of Kfar Kila"), when the scorer put it at another country."""
        t = bisect_left(starts, r.start)
        cc = told_country(toks, t, demonyms) if t < len(toks) else None
        if cc is None or cc == r.cc:
            return None
        g = self.g
        for m in matches:
            if m.start == r.start and m.end == r.end:
                recs = [p >> FLAG_BITS for p in m.entries]
                recs = [x for x in recs if g.cc[x] == cc and g.kind[x] == KIND_CITY]
                if recs:
                    return place_of(g, m, max(recs, key=lambda x: g.pop[x]), r.confidence)
        return area(g, r.start, r.end, Context(Weights(), Weights()), r.confidence, cc)

    def _two_passes(
        self,
        text: str,
        toks: list[Token],
        matches: list[Match],
        ctx: Context,
        contain: dict[int, set[str]],
        include_demonyms: bool,
    ) -> list[Resolved | None]:
        """Pass 1 without proximity, pass 2 with anchors from confident pass-1 city readings."""
        hints = self.hints(text, toks, matches)
        names = _Names(
            persons(toks, matches, hints), country_first_names(self.g, toks, matches, self.context)
        )
        out: list[Resolved | None] = [None] * len(matches)
        anchors: list[tuple[float, float]] = []
        prior: dict[tuple[int, str | None], float] = {}
        shared: dict[RankKey, Ranking | None] = {}
        memo = ScoreMemo([])  # replaced at the start of pass 1
        for pas in (1, 2):
            if pas == 1 or anchors:  # no anchors: pass 2 scores exactly like pass 1
                memo = ScoreMemo(anchors if pas == 2 else [])
                memo.prior = prior  # ctx is the same in both passes
                memo.shared = shared
            for i, m in enumerate(matches):
                if m.demonym_only:
                    if include_demonyms and pas == 2:
                        out[i] = demonym_place(self.g, m)
                    continue
                own: Sequence[Point] = AnchorsWithout(anchors, i) if pas == 2 else []
                ranked = self.scorer.ranking(toks, m, ctx, hints[i], own, contain.get(i), memo, i)
                out[i] = self._decide(toks, m, ctx, hints[i], own, names, ranked)
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
                hints = self._list_hints(text, toks, matches, hints, out)
        return out

    def _containment(
        self, text: str, toks: list[Token], matches: list[Match]
    ) -> dict[int, set[str]]:
        """'A, B' / 'A (B)' with B a country/admin1 containing A: each constrains the other."""
        g = self.g
        out: dict[int, set[str]] = {}
        for i in range(len(matches) - 1):
            a, b = matches[i], matches[i + 1]
            if (
                b.t0 != a.t1
                or text[a.end : b.start].strip() not in (",", "(")
                or a.entries == b.entries  # "Beni (Beni, ...)": a town and its namesake district
            ):
                continue
            a_recs = [p >> FLAG_BITS for p in a.entries if not p & F_DEMONYM]
            if any(g.kind[r] == KIND_COUNTRY for r in a_recs):
                continue  # "Georgia, Iraq, Iran": a list of countries, none inside the next
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
        # one sense per text: "Beni (Beni, North Kivu)" is the Beni the locator places
        by_name: dict[tuple[int, ...], set[str]] = {}
        for k, codes in out.items():
            by_name.setdefault(matches[k].entries, set()).update(codes)
        for j, m in enumerate(matches):
            if j not in out and m.entries in by_name:
                out[j] = by_name[m.entries]
        return out

    def _decide(
        self,
        toks: list[Token],
        m: Match,
        ctx: Context,
        hint: str | None,
        anchors: Sequence[Point],
        names: _Names,
        ranked: Ranking | None,
    ) -> Resolved | None:
        """The place a mention names given its best reading: that reading, the division around
        it, the article's area instead, or nothing (part of a person's name, too weak)."""
        if ranked is None:
            return None
        cands, best, conf = ranked
        g = self.g
        kind = g.kind[best]
        promoted = self._city_as_admin1(m, best, hint, conf)
        if promoted is not None:
            return promoted
        packed = next(p for p in m.entries if p >> FLAG_BITS == best)
        if self._part_of_name(toks, m, ctx, hint, best, packed, names):
            return None
        if (
            kind == KIND_CITY
            and ctx.countries
            and ctx.share(g.cc[best]) == 0
            and small_settlement(toks, m)
        ):
            # "Dooxa village" in a Somali article is not Doha: the article's area instead
            return fallback(g, m, ctx, conf * 0.5)
        if self._strong(best, packed, hint, ctx):
            return place_of(g, m, best, conf)
        if kind == KIND_ADMIN1 and ctx.countries:
            return None  # a small division abroad ("Michael", Isle of Man) is a name, not a place
        return self._weak(toks, m, ctx, hint, anchors, len(cands), best, conf)

    def _city_as_admin1(
        self, m: Match, best: int, hint: str | None, conf: float
    ) -> Resolved | None:
        """'Kursk region': the division around the named city."""
        g = self.g
        if (
            hint == "admin1"
            and g.kind[best] == KIND_CITY
            and g.admin1[best] in g.admin1_rec
            and (g.fcode[best] in ("PPLA", "PPLC") or g.pop[best] >= 50_000)
        ):
            return place_of(g, m, g.admin1_rec[g.admin1[best]], conf)
        return None

    def _part_of_name(
        self,
        toks: list[Token],
        m: Match,
        ctx: Context,
        hint: str | None,
        best: int,
        packed: int,
        names: _Names,
    ) -> bool:
        """The best reading is a word of another name: a person, a disease, an organisation."""
        g = self.g
        kind = g.kind[best]
        abroad = bool(ctx.countries) and ctx.share(g.cc[best]) == 0
        if kind == KIND_COUNTRY:
            return name_key(toks, m) in names.first  # "Georgia Stevens ... Georgia began skating"
        if kind == KIND_ADMIN1:
            # "Danube Delta", "Michael Jordan", "the town of Adan Yabaal": part of another
            # name (a town's name, when a town is what the text says it is)
            return (
                not packed & F_CURATED
                and hint in (None, "city")
                and glued(toks, m)
                and (abroad or g.pop[best] < 1_000_000)
            )
        if kind != KIND_CITY:
            return False
        if hint == "nonplace":
            return True  # "Marburg virus", "Lassa fever"
        if m.t0 > 0 and not toks[m.t0].brk_before and toks[m.t0 - 1].folded in NAME_HEADS:
            return toks[m.t0 - 1].cap  # "Bir Basra area": a longer name, not Basra
        if _article_tail(toks, m) and g.fcode[best] != "PPLC" and g.pop[best] < 1_000_000:
            return True  # "the Bab al-Hawa crossing": a longer name, not Al Bab
        if packed & F_CURATED:
            return False
        if abroad and hint is None and glued(toks, m):
            return True  # "Adan Yabaal" in a Somali text is not Aden
        if g.fcode[best] == "PPLC":
            return False
        # "Andrei Karlov", "Toronto Star", "Abu Ajwa": part of a longer proper name;
        # and a name seen as a person once is that person everywhere in the article
        if m.t0 > 0 and toks[m.t0 - 1].folded in TITLES:
            return True
        weak_city = g.pop[best] < 100_000 and g.fcode[best] not in ("PPLA", "PPLC")
        return weak_city and (name_key(toks, m) in names.persons or glued(toks, m))

    def _strong(self, best: int, packed: int, hint: str | None, ctx: Context) -> bool:
        """A reading trusted without more evidence (country, curated, big city, admin1 here)."""
        g = self.g
        kind = g.kind[best]
        return bool(
            kind in (KIND_COUNTRY, KIND_REGION)
            or packed & F_CURATED
            or (kind == KIND_CITY and g.pop[best] >= 100_000)
            or (
                kind == KIND_ADMIN1
                and (g.pop[best] >= 500_000 or hint == "admin1" or ctx.share(g.cc[best]) > 0)
            )
        )

    def _weak(
        self,
        toks: list[Token],
        m: Match,
        ctx: Context,
        hint: str | None,
        anchors: Sequence[Point],
        n_cands: int,
        best: int,
        conf: float,
    ) -> Resolved | None:
        """A weak reading stands only inside the article's geography and not as a lone word."""
        g = self.g
        top = ctx.top()
        abroad = bool(ctx.countries) and ctx.share(g.cc[best]) == 0
        if (
            abroad
            and self.scorer.far(best, ctx, anchors)
            and (g.pop[best] < 50_000 or hint != "city")
        ):
            # only readings far from the article's geography: a small namesake on another
            # continent is worse than the article's country (or nothing)
            return fallback(g, m, ctx, conf * 0.5) if hint == "city" else None
        unique_multiword = n_cands == 1 and m.t1 - m.t0 > 1
        if not ctx.countries and g.pop[best] < 5000 and top is None and not unique_multiword:
            return None
        initial = toks[m.t0].brk_before and m.t1 - m.t0 == 1
        if initial and g.pop[best] < 2000 and ctx.share(g.cc[best]) < 0.3:
            return None  # a capitalised sentence start, most likely a word
        return place_of(g, m, best, conf)


class _Names:
    """Names the article uses for people: surnames and country names used as first names."""

    __slots__ = ("first", "persons")

    def __init__(self, persons: set[str], first: set[str]) -> None:
        self.persons = persons
        self.first = first


def _untold_country(places: list[Resolved], cc: str) -> list[Resolved]:
    """Without the country-level stand-ins of a hinted country the text leads away from: the
    hint may say which province an unknown name lies in, but "Kolbio village in Coast
    Province" with Al Shabaab named is not Somalia as a whole. (A text that names no country
    keeps them: "Faylaq al-Rahman fighters retreated from Hazzeh" is in Syria.)"""
    return [r for r in places if not (r.rec is None and r.level == "country" and r.cc == cc)]


def _contained_evidence(ctx: Context, contain: dict[int, set[str]]) -> None:
    """ "Pama, Burkina Faso", "(Pama, Est)": a name inside the division named after it is
    near-certain evidence of that country and division (once per pair)."""
    for code in {c for codes in contain.values() for c in codes}:
        ctx.countries[code.split(".")[0]] += 1.0
        if "." in code:
            ctx.admin1[code] += 1.0


def _locator_tail(text: str, m: Match) -> str | None:
    """'Bodhei village (Lamu East, Lamu)', 'Jowhar (Middle Shabelle)': the last part of a
    bracketed locator after a name is the first-order division it lies in."""
    return "admin1" if text.startswith(")", m.end) and in_locator(text, m.start) else None


def _locator_mismatch(text: str, matches: list[Match], out: list[Resolved | None]) -> None:
    """'Kaiga village (Kaya, Lac)', 'in Kaya (Lac)': a bracketed locator ends with the
    division the place lies in. A town reading outside that division is a namesake (Kaya in
    Burkina Faso); the name is a district the gazetteer lacks, left to the division."""
    for i in range(len(matches) - 1):
        ra, rb = out[i], out[i + 1]
        if (
            ra is None
            or rb is None
            or ra.level != "city"
            or rb.level not in ("admin1", "country")
            or rb.rec is None
            or (rb.admin1 == ra.admin1 if rb.level == "admin1" else rb.cc == ra.cc)
        ):
            continue
        a, b = matches[i], matches[i + 1]
        gap = text[a.end : b.start].strip()
        close = text[b.end : b.end + 2].lstrip()[:1] == ")"
        opened = text[max(0, a.start - 2) : a.start].rstrip()[-1:] == "("
        if close and (gap == "(" or (gap == "," and opened)):
            out[i] = None


def _beyond(toks: list[Token], m: Match) -> bool:
    """'near the border with Uganda', 'fleeing into neighbouring Uganda': the country on the
    other side, not the one the article is in."""
    if m.t0 >= 2 and toks[m.t0 - 1].folded == "with":
        return toks[m.t0 - 2].folded in ("border", "borders", "frontier", "boundary")
    return m.t0 >= 1 and toks[m.t0 - 1].folded in ("neighbouring", "neighboring")


def _state_of(toks: list[Token], m: Match) -> bool:
    """'Military Forces of Niger', 'Republic of Georgia': the name is the state, not a
    namesake division (Niger State, Georgia)."""
    return (
        m.t0 >= 2
        and toks[m.t0 - 1].folded == "of"
        and not toks[m.t0 - 1].brk_before
        and toks[m.t0 - 2].folded in STATE_NOUNS
    )


def _own_hint(toks: list[Token], m: Match) -> str | None:
    """Level from the word after ('X province') or 'province of X' before a name."""
    hint = None
    nxt = toks[m.t1] if m.t1 < len(toks) else None
    if (
        nxt is not None
        and not nxt.brk_before
        and LEVEL_WORDS.get(nxt.folded, "facility") != "facility"
    ):
        hint = LEVEL_WORDS[nxt.folded]
    if m.t0 >= 2 and toks[m.t0 - 1].folded == "of" and not toks[m.t0 - 1].brk_before:
        w = toks[m.t0 - 2].folded
        if w in LEVEL_WORDS and LEVEL_WORDS[w] != "facility":
            hint = LEVEL_WORDS[w]
    return hint


def _chain_hint(toks: list[Token], head: Match, tail: Match) -> str | None:
    """Plural level word around a list: 'provinces of X and Y', 'X and Y provinces'."""
    lvl = None
    if head.t0 >= 2 and toks[head.t0 - 1].folded == "of":
        w = toks[head.t0 - 2].folded
        if w in PLURAL_LEVEL:
            lvl = LEVEL_WORDS[w]
    if tail.t1 < len(toks) and toks[tail.t1].folded in PLURAL_LEVEL:
        lvl = LEVEL_WORDS[toks[tail.t1].folded]
    return lvl


def _article_tail(toks: list[Token], m: Match) -> bool:
    """The match goes on with an Arabic article and a capitalised word ("Bab al-Hawa", "Tal
    al-Karama"): the head of a longer name the gazetteer lacks (a name it has whole, "Ras
    al-Ain", "Deir ez-Zor", is matched whole before this is asked)."""
    if m.t1 >= len(toks):
        return False
    nxt = toks[m.t1]
    return not nxt.brk_before and nxt.cap and nxt.lead >= 0
