"""Second lookup for names the exact matcher missed because the text spells them otherwise.

"Dier-ez-Zor" / Deir ez-Zor, "Heish" / Ḩīsh, "Xuddur" / Hudur, "Kfar Nabl" / Kafr Nabl: news and
ACLED notes transliterate Arabic, Somali, Hausa and Burmese names in many ways and cities500
holds only some of them. A spelling key (the equivalences of `data/geo/spellings.tsv`: vowel
runs, kh/x/h, q/k, dh/d, Somali c, Kfar/Kafr, Tell/Tal...) is compared first; a near miss on
that key (rapidfuzz, within one admin1) second. Both look only among the places of the country
(and admin1) the article already points to, for names of 4+ letters, so a spelling does not
invent a namesake abroad; the one exception is a long key that a single country's admin1 or
big city has ("areas of Hadhramawt" in a note that names no country). The key of every
record is computed once when the index is built (`record_keys`, stored in the index), so the
per-country tables built on first use only group records: no key is computed in the hot path.
"""

from __future__ import annotations

import re
import sys
import threading
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process

from frontline.geo import data
from frontline.geo.gazetteer import KIND_ADMIN1, KIND_CITY, LEVELS, Gazetteer
from frontline.geo.normalize import Token, fold
from frontline.geo.reading import Context, Resolved, haversine
from frontline.geo.words import COMMON, DIRECTIONS, EVENT_VERBS, LEVEL_WORDS, LOCATIVE

MIN_NAME = 4  # letters in the folded name; shorter names are too ambiguous to respell
MIN_FUZZY = 8  # letters in the spelling key before a near miss is tried
FUZZY_CUTOFF = 90.0  # rapidfuzz ratio on keys: one letter in 10+ ("namhkam" / "namkham" is 92)
SAME_PLACE_KM = 30.0  # candidates this close are one place written twice
MIN_ANYWHERE = 8  # key letters before a name outside the article's countries is respelled
BIG_CITY = 100_000  # a name outside a settlement frame may only respell a city this large
SEAT_CUTOFF = 70.0  # a district's seat among its admin1's towns: "bulo burto" / "buulobarde" 71
SEAT_MARGIN = 15.0  # ahead of the next town by this much, or no seat is read


@dataclass(frozen=True)
class Rules:
    """The equivalences of spellings.tsv, compiled."""

    words: dict[str, str]
    drop: frozenset[str]
    subs: tuple[tuple[re.Pattern[str], str], ...]
    ends: tuple[tuple[re.Pattern[str], str], ...]


@lru_cache(maxsize=1)
def rules() -> Rules:
    """Read data/geo/spellings.tsv once."""
    words: dict[str, str] = {}
    drop: set[str] = set()
    subs: list[tuple[re.Pattern[str], str]] = []
    ends: list[tuple[re.Pattern[str], str]] = []
    for row in data.rows("spellings.tsv"):
        kind, src = row[0], row[1]
        dst = row[2] if len(row) > 2 else ""
        if kind == "word":
            words[src] = dst
        elif kind == "drop":
            drop.add(src)
        elif kind == "sub":
            subs.append((re.compile(src), dst))
        elif kind == "end":
            ends.append((re.compile(src), dst))
        else:
            raise ValueError(f"spellings.tsv: unknown kind {kind!r}")
    return Rules(words, frozenset(drop), tuple(subs), tuple(ends))


@lru_cache(maxsize=50_000)
def spelling_key(name: str) -> str:
    """The spelling key of a name ('' when too short to compare safely)."""
    r = rules()
    toks = fold(name).split()
    if len(toks) > 1:
        toks = [t for t in toks if t not in r.drop] or toks
    if sum(map(len, toks)) < MIN_NAME:
        return ""
    key = "".join(_rewrite(_word(t, r.words), r.subs) for t in toks)
    return _rewrite(key, r.ends) if len(key) >= 3 else ""


def _rewrite(s: str, subs: tuple[tuple[re.Pattern[str], str], ...]) -> str:
    for pat, dst in subs:
        s = pat.sub(dst, s)
    return s


def _word(tok: str, words: dict[str, str]) -> str:
    """A whole word, or the first word of a joined name ('kfarnabl'), to its canonical form."""
    if tok in words:
        return words[tok]
    for n in (5, 4, 3):
        head = tok[:n]
        if head in words and len(tok) - n >= 3 and len(head) >= 3:
            return words[head] + tok[n:]
    return tok


@dataclass
class _Table:
    """Spelling keys of a set of places (one country, or its big places only). A key of one
    place holds its record as an int, of several a tuple: most keys name one place, and a
    list per key cost ~70 bytes more (8 MB for the countries a day of news reads)."""

    exact: dict[str, int | tuple[int, ...]] = field(default_factory=dict)

    def add(self, key: str, r: int) -> None:
        if key:
            cur = self.exact.get(key)
            self.exact[key] = r if cur is None else (*_recs(cur), r)

    def get(self, key: str) -> tuple[int, ...]:
        cur = self.exact.get(key)
        return () if cur is None else _recs(cur)

    def items(self) -> Iterator[tuple[str, tuple[int, ...]]]:
        return ((k, _recs(v)) for k, v in self.exact.items())


def _recs(v: int | tuple[int, ...]) -> tuple[int, ...]:
    return (v,) if isinstance(v, int) else v


class Speller:
    """Per-country spelling keys of a gazetteer, built on first use.

    `big` (admin1 divisions and cities of BIG_CITY+ people) serves names outside a settlement
    frame ("in eastern Dier-ez-Zor"); `lookup` serves names in one, over every place.
    """

    def __init__(self, g: Gazetteer, keys: list[str] | None = None) -> None:
        self.g = g
        self._keys = keys  # spelling key per record (the index's), else computed on first use
        self._all: dict[str, _Table] = {}
        self._big: dict[str, _Table] | None = None
        self._anywhere: dict[str, list[int]] = {}
        self._fuzzy: dict[str, tuple[list[str], list[list[int]]]] = {}
        self._recs_by_cc: dict[str, array[int]] | None = None
        self._lock = threading.Lock()

    def _record_keys(self) -> list[str]:
        if self._keys is None or len(self._keys) != len(self.g.name):
            self._keys = record_keys(self.g)
        return self._keys

    def _split(self) -> dict[str, array[int]]:
        """City and admin1 records per country (one pass over the gazetteer; packed ints:
        4 bytes a record, not ~36 in a list, so the whole split costs ~1 MB)."""
        if self._recs_by_cc is None:
            by: dict[str, array[int]] = {}
            g = self.g
            for r, code in enumerate(g.cc):
                if g.kind[r] in (KIND_CITY, KIND_ADMIN1):
                    by.setdefault(code, array("i")).append(r)
            self._recs_by_cc = by
        return self._recs_by_cc

    def _country(self, cc: str) -> _Table:
        got = self._all.get(cc)
        if got is None:
            with self._lock:
                t = _Table()
                keys = self._record_keys()
                for r in self._split().get(cc, ()):
                    t.add(keys[r], r)
                got = self._all[cc] = t
        return got

    def _big_table(self, cc: str) -> _Table | None:
        if self._big is None:
            with self._lock:
                big: dict[str, _Table] = {}
                g = self.g
                keys = self._record_keys()
                for code, recs in self._split().items():
                    t = big[code] = _Table()
                    for r in recs:
                        if g.kind[r] == KIND_ADMIN1 or g.pop[r] >= BIG_CITY:
                            t.add(keys[r], r)
                anywhere: dict[str, list[int]] = {}
                for t in big.values():
                    for k, rs in t.items():
                        anywhere.setdefault(k, []).extend(rs)
                self._anywhere = anywhere
                self._big = big
        return self._big.get(cc)

    def lookup_big(self, name: str, cc: str) -> int | None:
        """An admin1 or big city of cc that `name` spells (exact spelling key only)."""
        key = spelling_key(name)
        t = self._big_table(cc) if len(key) >= MIN_NAME and cc else None
        return self._pick(t.get(key), None) if t is not None else None

    def lookup_big_anywhere(self, name: str) -> int | None:
        """The one admin1 or big city in the world a long name (MIN_ANYWHERE+ letters of
        key) spells; None when two countries have one ("areas of Hadhramawt", no country named)."""
        key = spelling_key(name)
        if len(key) < MIN_ANYWHERE:
            return None
        self._big_table("")
        found = self._anywhere.get(key, [])
        if len({self.g.cc[r] for r in found}) != 1:
            return None
        return self._pick(found, None)

    def lookup(
        self, name: str, cc: str, admin1: str | None = None, fuzzy: bool = True
    ) -> int | None:
        """The city `name` spells in country cc (within admin1 when given), else None."""
        key = spelling_key(name)
        if not key or not cc:
            return None
        c = self._country(cc)
        found = self._pick(c.get(key), admin1, city=True)
        if found is not None or not fuzzy or not admin1 or len(key) < MIN_FUZZY:
            return found
        keys, recs = self._admin1_keys(c, admin1)
        hits = process.extract(key, keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=5)
        if not hits:
            return None
        best = max(score for _, score, _ in hits)
        return self._pick([r for _, sc, i in hits if sc == best for r in recs[i]], admin1, True)

    def seat(self, name: str, cc: str, admin1: str) -> int | None:
        """The town of admin1 that a district named `name` is named after ("(Ceel Dheer,
        Galgaduud)" -> Ceeldheer, "(Bulo Burto, Hiraan)" -> Buulobarde): ACLED's "(District,
        Region)". The best of the admin1's few towns by spelling, when it clearly leads."""
        key, flat = spelling_key(name), _flat(name)
        if not key or not cc:
            return None
        keys, recs = self._admin1_keys(self._country(cc), admin1)
        scored = sorted(
            (
                (max(fuzz.ratio(key, k), fuzz.ratio(flat, _flat(self.g.name[r]))), r)
                for k, rs in zip(keys, recs, strict=True)
                for r in rs
            ),
            reverse=True,
        )
        if not scored or scored[0][0] < SEAT_CUTOFF:
            return None
        if len(scored) > 1 and scored[1][0] > scored[0][0] - SEAT_MARGIN:
            return None
        return scored[0][1]

    def _admin1_keys(self, c: _Table, admin1: str) -> tuple[list[str], list[list[int]]]:
        """The keys of one admin1's cities (near misses are only looked for there)."""
        got = self._fuzzy.get(admin1)
        if got is None:
            g = self.g
            keys, recs = [], []
            for k, rs in c.items():
                mine = [r for r in rs if g.admin1[r] == admin1 and g.kind[r] == KIND_CITY]
                if mine:
                    keys.append(k)
                    recs.append(mine)
            got = self._fuzzy[admin1] = (keys, recs)
        return got

    def _pick(self, recs: Sequence[int], admin1: str | None, city: bool = False) -> int | None:
        """One place among same-key records (inside admin1 if given): an admin1 division,
        else the most populous city when the others lie within SAME_PLACE_KM of it."""
        g = self.g
        if city:
            recs = [r for r in recs if g.kind[r] == KIND_CITY]
        if admin1:
            recs = [r for r in recs if g.admin1[r] == admin1]
        if not recs:
            return None
        top = max(recs, key=lambda r: (g.kind[r] == KIND_ADMIN1, g.pop[r]))
        if g.kind[top] == KIND_ADMIN1:
            return top
        far = [
            r for r in recs if haversine(g.lat[r], g.lon[r], g.lat[top], g.lon[top]) > SAME_PLACE_KM
        ]
        return None if far else top


def _flat(name: str) -> str:
    """Folded letters only: "Ceel Dheer" and "Ceeldheer" are one spelling."""
    return "".join(ch for ch in fold(name) if ch.isalnum())


def record_keys(g: Gazetteer) -> list[str]:
    """The spelling key of every city and admin1 record ('' for the others), in record order:
    computed at index build time (`index.index_of`) and pickled with the index."""
    keep = (KIND_CITY, KIND_ADMIN1)
    return [
        sys.intern(spelling_key.__wrapped__(_bare(g, r))) if g.kind[r] in keep else ""
        for r in range(len(g.name))
    ]


def _bare(g: Gazetteer, r: int) -> str:
    """A record's name without an admin type word ('Homs Governorate' -> 'Homs')."""
    name = g.name[r]
    if g.kind[r] == KIND_ADMIN1:
        words = name.split()
        if len(words) > 1 and words[-1].lower() in _ADMIN_WORDS:
            words = words[:-1]
        if len(words) > 1 and words[0].lower() in _ADMIN_PREFIXES:
            words = words[1:]
        return " ".join(words)
    return name


_ADMIN_PREFIXES = frozenset(
    {"muhafazat", "muhafazah", "wilayat", "provincia", "province", "region"}
)
_ADMIN_WORDS = frozenset(
    {"governorate", "province", "region", "state", "oblast", "district", "muhafazah"}
)


def respelled(
    sp: Speller,
    text: str,
    toks: list[Token],
    runs: list[tuple[int, int]],
    ctx: Context,
) -> tuple[list[Resolved], list[tuple[int, int]]]:
    """Capitalised runs the matcher missed (toks[i:j]) that spell an admin1 or big city of the
    article's main country, in a place frame: after in/near/of/a direction/a capture verb,
    before an admin1 word, or in apposition ("Gharanij town in eastern Dier-ez-Zor",
    "Idleb's countryside"). Returns those places and the runs (or rests of runs) still unread.
    """
    top = ctx.top()
    countries = [top] if top else []
    out: list[Resolved] = []
    rest: list[tuple[int, int]] = []
    g = sp.g
    for i, j in runs:
        found = None
        if (
            j - i <= 3
            and not toks[i].upper
            and _framed(text, toks, i, j)
            and not any(x.folded in COMMON for x in toks[i:j])
        ):
            found = _spelled_big(sp, text, toks, i, j, countries)
        if found is None:
            rest.append((i, j))
            continue
        k, rec = found
        out.append(Resolved(toks[i].start, toks[k - 1].end, rec, LEVELS[g.kind[rec]],
                            RESPELL_CONFIDENCE, g.cc[rec], g.admin1[rec] or None,
                            g.lat[rec], g.lon[rec], g.name[rec]))  # fmt: skip
        if k < j:
            rest.append((k, j))
    return out, rest


def _spelled_big(
    sp: Speller, text: str, toks: list[Token], i: int, j: int, countries: list[str]
) -> tuple[int, int] | None:
    """(end token, record) for the run toks[i:j] or its first word, a lost possessive
    apostrophe allowed ("Tripolis Salahadeen district" -> Tripoli)."""
    for k in (j, i + 1) if j > i + 1 else (j,):
        name = text[toks[i].start : toks[k - 1].end]
        variants = [name] if k == j else []
        if name.endswith("s") and len(name) > 5:
            variants.append(name[:-1])
        for v in variants:
            for cc in countries:
                rec = sp.lookup_big(v, cc)
                if rec is not None:
                    return k, rec
            rec = sp.lookup_big_anywhere(v)
            if rec is not None:
                return k, rec
    return None


def _framed(text: str, toks: list[Token], i: int, j: int) -> bool:
    """The run toks[i:j] stands where a place name stands."""
    if j < len(toks) and not toks[j].brk_before and toks[j].folded in LEVEL_WORDS:
        level = LEVEL_WORDS[toks[j].folded]
        if level != "facility":
            return level == "admin1"  # "X village" is no big place; "X countryside" may be
    if i == 0:
        return False
    prev = toks[i - 1]
    if prev.folded == "of" and i > 1 and toks[i - 2].folded in _SMALL_PLACE_NOUNS:
        return False  # "the village of Kabindi" is no respelled city of 200,000
    if toks[i].brk_before:
        gap = text[prev.end : toks[i].start]
        return "(" in gap or ("," in gap and "." not in gap and prev.cap)
    return prev.folded in _FRAME_WORDS or prev.folded in DIRECTIONS


RESPELL_CONFIDENCE = 0.6
_SMALL_PLACE_NOUNS = frozenset(
    fold(w) for w in ("village", "villages", "hamlet", "hamlets", "settlement", "locality")
)
_FRAME_WORDS = LOCATIVE | EVENT_VERBS | {"of", "from", "across", "throughout"}
