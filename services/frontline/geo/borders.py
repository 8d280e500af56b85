"""The namesake of a place in another country (issue 10, round 8: "countries").

A note about Ghana's army in "Northern region" resolves to Uganda's Northern Region (the only
division keyed with the word "Region"). Extraction asks here for the place of the same name
in the country the rest of the note points to: a city with the same spelling key
(`spelling.Speller.lookup`, exact key) and a nearly equal folded name (the key alone puts
"Moyale" at Mīlē, 800 km away), or an admin1 division whose name is the same once
level words ("Region", "Province", "State") are dropped and direction adjectives are read as
their direction ("Northern" = "North"). Names made only of direction words ("Central
Region", "North-East") are generic: many countries have one, so such a reading says nothing
about the country by itself (`generic_admin1`); the geoparser gives such a reading to the
article's leading country when nothing else points to its own (`generic_twins`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz

from frontline.geo.gazetteer import KIND_ADMIN1, KIND_CITY, LEVELS, Gazetteer
from frontline.geo.normalize import fold
from frontline.geo.reading import Context, Resolved
from frontline.geo.spelling import Speller
from frontline.geo.words import DIRECTIONS, LEVEL_WORDS

# `Geoparser.km_from_towns` looks this many degrees around a point (a border lies closer)
NEAR_DEGREES = 3.0
SAME_NAME = 85  # rapidfuzz ratio of the folded names for a city namesake
# words of a division's name that only say it is a division
_LEVEL = frozenset(w for w, lvl in LEVEL_WORDS.items() if lvl == "admin1") | {"regional", "the"}


def _direction(word: str) -> str:
    """'northern' -> 'north', 'central' -> 'centre': one form per direction."""
    if word in ("central", "centre", "center", "centro", "centrale", "centrala"):
        return "centre"
    return word[:-3] if word.endswith("ern") and word in DIRECTIONS else word


@lru_cache(maxsize=4096)
def core(name: str) -> tuple[str, ...]:
    """The words that name a division, level words dropped and directions normalised."""
    return tuple(_direction(w) for w in fold(name.replace("-", " ")).split() if w not in _LEVEL)


def generic_admin1(name: str) -> bool:
    """A division named only by directions ("Northern Region", "Central", "North-East")."""
    words = core(name)
    return bool(words) and all(w in DIRECTIONS or w == "centre" for w in words)


Cores = dict[str, dict[tuple[str, ...], list[int]]]


def admin1_cores(g: Gazetteer) -> Cores:
    """Per country, the admin1 records by the core of their name (the caller keeps it)."""
    out: dict[str, dict[tuple[str, ...], list[int]]] = {}
    for rec in g.admin1_rec.values():
        out.setdefault(g.cc[rec], {}).setdefault(core(g.name[rec]), []).append(rec)
    return out


def namesake(
    g: Gazetteer, sp: Speller | None, cores: Cores, name: str, cc: str, level: str
) -> int | None:
    """The record of country cc named like `name` at that level, when exactly one is."""
    if level == "admin1":
        found = cores.get(cc, {}).get(core(name), [])
        return found[0] if len(found) == 1 else None
    if level == "city" and sp is not None:
        rec = sp.lookup(name, cc, None, fuzzy=False)
        if rec is None or g.kind[rec] != KIND_CITY:
            return None
        # the key is lossy (vowel classes: "Moyale" and Mīlē share one): the name itself
        # must be spelled nearly alike
        return rec if fuzz.ratio(fold(name), fold(g.name[rec])) >= SAME_NAME else None
    return None


# Words by which a text says why a place lies across a border from its other places.
_ACROSS = re.compile(
    r"\b(?:borders?|bordering|cross(?:ed|es|ing)?|cross-border|frontier|neighbou?ring|"
    r"incursions?|abroad)\b",
    re.I,
)


def crossing(text: str, lo: int = 0, hi: int | None = None) -> bool:
    """text[lo:hi] says a border is crossed or near ("crossed into", "the border town")."""
    return _ACROSS.search(text, lo, len(text) if hi is None else hi) is not None


def sentence_of(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the sentence around text[start:end] (full stops and newlines)."""
    lo = max(text.rfind(".", 0, start), text.rfind("\n", 0, start)) + 1
    hi = text.find(".", end)
    return lo, hi if hi >= 0 else len(text)


# The most one name adds to its own country's evidence (`Resolver._add_evidence`).
OWN_WEIGHT = 1.0


def generic_twins(
    g: Gazetteer, cores: Cores, text: str, out: list[Resolved | None], ctx: Context
) -> None:
    """A division named only by directions ("Northern Region") read in a country nothing
    else in the article points to gives way to the same-named division of the article's
    leading country (Uganda's Northern Region -> Ghana's Northern in a Ghanaian story),
    unless its sentence speaks of a border."""
    top = ctx.top()
    if top is None:
        return
    for i, r in enumerate(out):
        if r is None or r.rec is None or g.kind[r.rec] != KIND_ADMIN1 or r.cc == top:
            continue
        if ctx.countries[r.cc] > OWN_WEIGHT or not generic_admin1(g.name[r.rec]):
            continue
        if crossing(text, *sentence_of(text, r.start, r.end)):
            continue  # "crossed the border into the Northern Region": abroad on purpose
        found = namesake(g, None, cores, g.name[r.rec], top, "admin1")
        if found is not None:
            out[i] = Resolved(r.start, r.end, found, LEVELS[g.kind[found]], r.confidence,
                              g.cc[found], g.admin1[found] or None, g.lat[found], g.lon[found],
                              g.name[found])  # fmt: skip
