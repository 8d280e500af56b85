"""Toponym recognition: Aho-Corasick over folded tokens with word boundaries and case cues."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from operator import sub

from frontline.geo import data
from frontline.geo.fasttok import tokenize
from frontline.geo.gazetteer import (
    F_CURATED,
    F_DEMONYM,
    F_DOT,
    F_EXACT,
    F_PRIMARY,
    FLAG_BITS,
    KIND_COUNTRY,
)
from frontline.geo.index import GeoIndex
from frontline.geo.normalize import Token, fold_token

_PUNCT = re.compile(r"[^\w]+")
# lower-case words allowed inside a multi-word name ("Bosnia and Herzegovina", "Donetsk oblast")
_INNER_LOWER = {fold_token(w) for w, lvl in data.rows("level_words.tsv") if lvl == "admin1"} | {
    fold_token(w)
    for w in [
        "and",
        "of",
        "au",
        "aux",
        "les",
        "sous",
        "op",
        "aan",
        "de",
        "la",
        "le",
        "les",
        "el",
        "du",
        "des",
        "der",
        "den",
        "on",
        "upon",
        "am",
        "im",
        "an",
        "al",
        "y",
        "e",
        "i",
        "sur",
        "en",
        "di",
        "da",
        "do",
        "dos",
        "das",
        "del",
        "della",
        "bei",
        "ob",
        "the",
        "ez",
        "es",
        "ed",
        "er",
        "ul",
    ]
}
# lower-case words a name may be hyphenated to and stay itself ("Misrata-led")
_HYPHEN_OK = {fold_token(w) for w in data.words("hyphen_words.txt")}


@dataclass(slots=True)
class Match:
    """A recognised name: token range, text span and the packed candidate entries."""

    t0: int  # first token index (inclusive)
    t1: int  # last token index (exclusive)
    start: int
    end: int
    entries: tuple[int, ...]
    demonym_only: bool


# Per index: (key id, case cues) -> (entries, demonym_only) or None, computed once per process.
_Cache = dict[tuple[int, bool, bool, bool, bool], tuple[tuple[int, ...], bool] | None]
_CACHES: dict[int, tuple[GeoIndex, _Cache]] = {}  # id(index) -> (index, cache)
_MAX_CACHE = 200_000


def _cache_for(index: GeoIndex) -> _Cache:
    hit = _CACHES.get(id(index))
    if hit is None or hit[0] is not index or len(hit[1]) >= _MAX_CACHE:
        if len(_CACHES) >= 4:  # tests build small indexes; workers use one
            _CACHES.clear()
        hit = _CACHES[id(index)] = (index, {})
    return hit[1]


def find(index: GeoIndex, text: str, tokens: list[Token] | None = None) -> list[Match]:
    """Leftmost-longest, non-overlapping gazetteer matches in text.

    The per-match work (`_match`) is written out in the loop and its case filter read from
    a per-index dict: this runs for every candidate of every article (51,000 per 3,000 bench
    articles), where a call and an `lru_cache` lookup each cost measurably.
    """
    toks = tokens if tokens is not None else tokenize(text)
    if not toks:
        return []
    cache = _cache_for(index)
    inner_lower = _INNER_LOWER
    out: list[Match] = []
    taken_until = 0
    for t0, _minus_len, t1, vi in _raw_matches(index, toks):
        if t0 < taken_until:
            continue
        first = toks[t0]
        last = toks[t1 - 1]
        inner = toks[t0 + 1 : t1]
        if inner and any(not t.cap and t.folded not in inner_lower for t in inner):
            continue  # "The village": a lower-case word inside is prose, not a name
        surface = text[first.start : last.end]
        sup = surface.isupper()
        acronym = sup and len(surface.replace(".", "")) <= 4
        dotted = text[last.end : last.end + 1] == "."
        key = (vi, first.cap, sup, acronym, dotted)
        hit = cache.get(key, False)
        if hit is False:
            hit = cache[key] = _entries(index, vi, first.cap, sup, acronym, dotted)
        if hit is None or hit is True:  # (True never occurs: it only narrows the type)
            continue
        entries, demonym_only = hit
        start, end = first.start, last.end
        if first.lead >= 0 and (text[first.lead].isupper() or t1 - t0 == 1):
            start = first.lead  # "As-Suwayda", "al-Bab": the article is part of the name
        if (
            text[end : end + 1] == "-"
            and t1 < len(toks)
            and not toks[t1].cap
            and toks[t1].start == end + 1
            and toks[t1].folded not in _HYPHEN_OK
        ):
            continue  # "Mooro-erri": the name goes on past the hyphen
        if text[end : end + 1] == "." and "." in text[start:end]:
            end += 1  # keep the final dot of "U.S."
        out.append(Match(t0, t1, start, end, entries, demonym_only))
        taken_until = t1
    return out


def _raw_matches(index: GeoIndex, toks: list[Token]) -> list[tuple[int, int, int, int]]:
    """Key occurrences that can name a place, as (first token, -(token count), end token, key
    id): plain tuple order is leftmost then longest first.

    `find` keeps no reading of an occurrence that begins with a word with no capital at all
    (its surface is neither capitalised nor all upper case) or that holds a lower-case word
    other than an inner one ("of", "province"). So one-word occurrences on such words are
    left out here, and so are all-lower-case words that are no inner word when `toks` says
    which they are (`fasttok.Tokens`, three words in four of news prose): a break stands in
    their place, and the search string is a quarter as long.
    """
    lower = getattr(toks, "lower", None)
    live: Sequence[int] = (
        range(len(toks))
        if lower is None
        else [
            i
            for i, (t, low) in enumerate(zip(toks, lower, strict=True))
            if not low or t.folded in _INNER_LOWER
        ]
    )
    # " w1 w2 | w3 ": phrase breaks (and left-out words) as "|" so no key spans them; a key
    # " k " can only match from the space before a word to the space after one.
    words: list[str] = []
    pieces: list[str] = []
    prev = -1
    for i in live:
        t = toks[i]
        words.append(t.folded)
        brk = i and (t.brk_before or prev != i - 1)
        pieces.append(("| " + t.folded + " ") if brk else (t.folded + " "))
        prev = i
    s = " " + "".join(pieces)
    # offsets by accumulate/map (C speed); an occurrence's words are found by bisection
    trail = list(accumulate(map(len, pieces)))  # offset of the space after word k
    first = list(map(sub, trail, map(len, words)))  # offset of word k's first letter
    n = len(words)
    raw: list[tuple[int, int, int, int]] = []
    klen = index.klen
    for auto in index.automata or ():
        for end_idx, vi in auto.iter(s):
            # key is " k " : end_idx points at the trailing space
            k = bisect_left(trail, end_idx)
            if k == n or trail[k] != end_idx:
                continue
            start = end_idx - klen[vi]
            if first[k] == start:  # one word
                tok = toks[live[k]]
                if tok.cap or tok.upper:
                    raw.append((live[k], -1, live[k] + 1, vi))
                continue
            k0 = bisect_left(first, start, 0, k)
            if first[k0] == start:  # words k0..k, consecutive tokens (no break between)
                raw.append((live[k0], k0 - k - 1, live[k] + 1, vi))
    raw.sort()
    return raw


def _entries(
    index: GeoIndex, vi: int, cap: bool, sup: bool, acronym: bool, dotted: bool
) -> tuple[tuple[int, ...], bool] | None:
    """`_case_filter` for one key and case cues, then the demonym rule (None: no reading)."""
    entries = _filter_entries(index.entries(vi), cap, sup, acronym, dotted)
    if not entries:
        return None
    if any(p & F_DEMONYM for p in entries) and not any(
        p & F_PRIMARY and index.gaz.kind[p >> FLAG_BITS] == KIND_COUNTRY for p in entries
    ):
        # "German", "Syrian": an adjective here, whatever else the word names
        entries = tuple(p for p in entries if p & F_DEMONYM)
    return entries, all(p & F_DEMONYM for p in entries)


def _filter_entries(
    entries: tuple[int, ...], cap: bool, sup: bool, acronym: bool, dotted: bool
) -> tuple[int, ...]:
    """The entry part of `_case_filter` (after its lower-case-inner-word check)."""
    keep = []
    for p in entries:
        if p & F_DOT and not (dotted and cap):
            continue
        if acronym and not p & (F_EXACT | F_CURATED):
            continue  # "CIA", "BA": acronyms, not places
        if p & F_EXACT:
            if not sup:
                continue
        elif not cap:
            continue
        keep.append(p)
    if keep and all(p & F_EXACT for p in keep) and not sup:
        return ()
    return tuple(keep)


def _case_filter(
    entries: tuple[int, ...], toks: list[Token], t0: int, t1: int, text: str
) -> tuple[int, ...]:
    """Apply capitalisation cues: names need an initial capital, abbreviations their exact case."""
    first = toks[t0]
    surface = text[first.start : toks[t1 - 1].end]
    if any(not t.cap and t.folded not in _INNER_LOWER for t in toks[t0 + 1 : t1]):
        return ()  # "The village": a lower-case word inside is prose, not a name
    sup = surface.isupper()
    acronym = sup and len(surface.replace(".", "")) <= 4
    dotted = text[toks[t1 - 1].end : toks[t1 - 1].end + 1] == "."
    # all-caps words that are not abbreviations (headlines) are fine; nothing else to do
    return _filter_entries(entries, first.cap, sup, acronym, dotted)
