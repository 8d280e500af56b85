"""Person-name filtering: a place name inside a longer proper name ('Andrei Karlov', 'Georgia
Stevens', 'President Bush') is part of that name, not a place."""

from __future__ import annotations

from collections.abc import Callable

from frontline.geo.gazetteer import FLAG_BITS, KIND_COUNTRY, Gazetteer
from frontline.geo.matcher import Match
from frontline.geo.normalize import Token
from frontline.geo.reading import Context
from frontline.geo.words import COMMON, DIRECTIONS, LEVEL_WORDS, STOP, TITLES, name_key


def surname(toks: list[Token], m: Match, hint: str | None) -> bool:
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


def first_name(toks: list[Token], m: Match) -> bool:
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
        and not surname(toks, m, None)
    )


def looks_like_person(toks: list[Token], m: Match, hint: str | None) -> bool:
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


def glued(toks: list[Token], m: Match) -> bool:
    """Part of a longer capitalised name on either side, whatever the level hint; not a name
    that ends with its own level word ("Elbur Galgadud region": a region, after a town)."""
    if m.t1 - m.t0 > 1 and LEVEL_WORDS.get(toks[m.t1 - 1].folded) in ("admin1", "region"):
        return False
    return surname(toks, m, None) or looks_like_person(toks, m, None)


def persons(toks: list[Token], matches: list[Match], hints: list[str | None]) -> set[str]:
    """Names used as a surname somewhere: that person everywhere in the article."""
    return {
        name_key(toks, m)
        for i, m in enumerate(matches)
        if not m.demonym_only and surname(toks, m, hints[i])
    }


def country_first_names(
    g: Gazetteer,
    toks: list[Token],
    matches: list[Match],
    context: Callable[[list[Match], list[Token]], Context],
) -> set[str]:
    """Country names used as first names ('Georgia Stevens') in an article that has no
    other evidence for that country: the name is a person everywhere in the article."""
    out: set[str] = set()
    for m in matches:
        if m.demonym_only or not first_name(toks, m):
            continue
        k = name_key(toks, m)
        ccs = {g.cc[p >> FLAG_BITS] for p in m.entries if g.kind[p >> FLAG_BITS] == KIND_COUNTRY}
        if not ccs or k in out:
            continue
        rest = context([x for x in matches if name_key(toks, x) != k], toks)
        if not any(rest.countries.get(cc) for cc in ccs):
            out.add(k)
    return out
