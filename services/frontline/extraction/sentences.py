"""Sentence splitting with character offsets.

A regex splitter is enough for wire copy and is orders of magnitude faster than a
statistical one; offsets are kept so that place spans from the geoparser (relative to
the whole article) can be assigned to sentences without re-parsing.
"""

from __future__ import annotations

import re

# Abbreviations that end with a dot but do not end a sentence.
_ABBREV_WORDS = (
    "mr mrs ms dr prof gen lt col maj capt sgt cpl pvt adm cmdr gov sen rep st mt ft jr sr "
    "no nos vs etc approx est dept govt univ inc ltd co corp fig jan feb mar apr jun jul aug "
    "sep sept oct nov dec u.s u.k u.n e.g i.e a.m p.m"
)
_ABBREV = frozenset(_ABBREV_WORDS.split())
_CANDIDATE = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])|\n\s*\n")
# The lookbehind only skips starts inside a word (where the search would fail after a
# quadratic backtrack); the match found is the same as with r"([\w.]+)\.$".
_LAST_WORD = re.compile(r"(?<![\w.])([\w.]+)\.$")


def last_word(chunk: str) -> str | None:
    """`_LAST_WORD.search(chunk)[1]`, None for no match: the word before a final dot. The
    regex alone is tried at every position of the chunk (most of a sentence split's time);
    its match can only lie after the last space, so it is run on that tail only."""
    if chunk.endswith("\n"):
        chunk = chunk[:-1]  # `$` also matches before a final newline
    if not chunk.endswith("."):
        return None
    w = _LAST_WORD.search(chunk, chunk.rfind(" ") + 1)
    return None if w is None else w[1]


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return (start, end) spans of sentences in `text`, whitespace-trimmed."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _CANDIDATE.finditer(text):
        end = m.end()
        chunk = text[max(start, end - 40) : end]  # only the last word matters
        word = last_word(chunk.rstrip("\"'”’)]"))
        if word is not None and (word.lower() in _ABBREV or len(word) == 1):
            continue
        spans.append((start, end))
        start = end
    spans.append((start, len(text)))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out
