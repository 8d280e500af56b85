"""Toponym recognition: Aho-Corasick over folded tokens with word boundaries and case cues."""

from __future__ import annotations

import re
from dataclasses import dataclass

from frontline.geo import data
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
from frontline.geo.normalize import Token, fold_token, tokenize

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


@dataclass(slots=True)
class Match:
    """A recognised name: token range, text span and the packed candidate entries."""

    t0: int  # first token index (inclusive)
    t1: int  # last token index (exclusive)
    start: int
    end: int
    entries: tuple[int, ...]
    demonym_only: bool


def find(index: GeoIndex, text: str, tokens: list[Token] | None = None) -> list[Match]:
    """Leftmost-longest, non-overlapping gazetteer matches in text."""
    toks = tokens if tokens is not None else tokenize(text)
    if not toks:
        return []
    parts: list[str] = [" "]
    starts: dict[int, int] = {}
    ends: dict[int, int] = {}
    pos = 1
    for i, t in enumerate(toks):
        if t.brk_before and i:
            parts.append("| ")
            pos += 2
        starts[pos] = i
        parts.append(t.folded)
        pos += len(t.folded)
        ends[pos] = i
        parts.append(" ")
        pos += 1
    s = "".join(parts)
    raw: list[tuple[int, int, int]] = []
    for auto in index.automata or ():
        for end_idx, vi in auto.iter(s):
            # key is " k " : end_idx points at the trailing space
            t_last = ends.get(end_idx)
            t_first = starts.get(end_idx - index.klen[vi])
            if t_last is None or t_first is None:
                continue
            raw.append((t_first, t_last + 1, vi))
    raw.sort(key=lambda r: (r[0], -(r[1] - r[0])))
    out: list[Match] = []
    taken_until = 0
    for t0, t1, vi in raw:
        if t0 < taken_until:
            continue
        entries = _case_filter(index.entries(vi), toks, t0, t1, text)
        if not entries:
            continue
        if any(p & F_DEMONYM for p in entries) and not any(
            p & F_PRIMARY and index.gaz.kind[p >> FLAG_BITS] == KIND_COUNTRY for p in entries
        ):
            # "German", "Syrian": an adjective here, whatever else the word names
            entries = tuple(p for p in entries if p & F_DEMONYM)
        demonym_only = all(p & F_DEMONYM for p in entries)
        start, end = toks[t0].start, toks[t1 - 1].end
        if toks[t0].lead >= 0 and (text[toks[t0].lead].isupper() or t1 - t0 == 1):
            start = toks[t0].lead  # "As-Suwayda", "al-Bab": the article is part of the name
        if text[end : end + 1] == "." and "." in text[start:end]:
            end += 1  # keep the final dot of "U.S."
        out.append(Match(t0, t1, start, end, entries, demonym_only))
        taken_until = t1
    return out


def _case_filter(
    entries: tuple[int, ...], toks: list[Token], t0: int, t1: int, text: str
) -> tuple[int, ...]:
    """Apply capitalisation cues: names need an initial capital, abbreviations their exact case."""
    first = toks[t0]
    surface = text[first.start : toks[t1 - 1].end]
    if any(not t.cap and t.folded not in _INNER_LOWER for t in toks[t0 + 1 : t1]):
        return ()  # "The village": a lower-case word inside is prose, not a name
    keep = []
    acronym = surface.isupper() and len(surface.replace(".", "")) <= 4
    dotted = text[toks[t1 - 1].end : toks[t1 - 1].end + 1] == "."
    for p in entries:
        if p & F_DOT and not (dotted and first.cap):
            continue
        if acronym and not p & (F_EXACT | F_CURATED):
            continue  # "CIA", "BA": acronyms, not places
        if p & F_EXACT:
            if not surface.isupper():
                continue
        elif not first.cap:
            continue
        keep.append(p)
    if keep and all(p & F_EXACT for p in keep) and not surface.isupper():
        return ()
    # all-caps words that are not abbreviations (headlines) are fine; nothing else to do
    return tuple(keep)


def rec_of(packed: int) -> int:
    """Record id of a packed key entry."""
    return packed >> FLAG_BITS


def is_curated(packed: int) -> bool:
    """Entry came from a curated data file."""
    return bool(packed & F_CURATED)
