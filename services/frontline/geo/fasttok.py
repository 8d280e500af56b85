"""Fast `tokenize`: the same tokens as `normalize.tokenize`, with per-word and per-gap caches.

`normalize.tokenize` stays the reference (and is hashed into the index version, so it is left
untouched); this module gives identical `Token` lists (`tests/unit/test_perf_equivalence.py`)
but folds each distinct word once per process and classifies each distinct gap between words
once, instead of running the possessive regex, `fold_token`, `lower()` and `strip()` per token.
"""

from __future__ import annotations

import re

from frontline.geo.normalize import (
    _POSSESSIVE,
    _TOKEN,
    ABBREV_DOTS,
    ARTICLES,
    HYPHEN_ONLY_ARTICLES,
    TEXT_FREE_ARTICLES,
    Token,
    fold_token,
)

_MAX_CACHE = 100_000

# word -> (possessive trimmed, folded, article kind, cap, upper, islower)
# article kind: 0 not an article, 1 always dropped (al/el), 2 dropped in some contexts,
# 3 dropped only when hyphen-joined (as/at)
_WORDS: dict[str, tuple[bool, str, int, bool, bool, bool]] = {}
# gap between two words -> 0 no break, 1 break, 2 break unless the previous word is "St"/"Mt"...
_GAPS: dict[str, int] = {}


def _word_info(raw: str) -> tuple[bool, str, int, bool, bool, bool]:
    word = raw
    trim = False
    if _POSSESSIVE.search(word) and len(word) > 2:
        trim = True
        word = word[:-2]
    low = word.lower()
    art = (
        1
        if low in TEXT_FREE_ARTICLES
        else 3
        if low in HYPHEN_ONLY_ARTICLES
        else 2
        if low in ARTICLES
        else 0
    )
    cap = word[:1].isupper() or (word[1:2] in "'’" and word[2:3].isupper())
    info = (trim, fold_token(word), art, cap, word.isupper(), word.islower())
    if len(_WORDS) >= _MAX_CACHE:
        _WORDS.clear()
    _WORDS[raw] = info
    return info


def _gap_kind(gap: str) -> int:
    if "\n" in gap:
        kind = 1
    else:
        g = gap.strip()
        if not g or g in ("-", "–"):
            kind = 0
        elif g != "." or not gap.startswith("."):
            kind = 1
        elif gap == ".":
            kind = 0  # "U.S": no space after the dot
        else:
            kind = 2
    if len(_GAPS) >= _MAX_CACHE:
        _GAPS.clear()
    _GAPS[gap] = kind
    return kind


# (gap before the word, word): the gap is everything `_TOKEN.finditer` skips, i.e. [\W_]*.
# One findall, no match objects. It runs only up to the end of the last word: on a trailing
# run of punctuation with no word after it, findall would rescan the run from each of its
# positions (quadratic: 109 s for ". " * 40,000).
_GAP_TOKEN = re.compile(r"([\W_]*)(" + _TOKEN.pattern + ")")


def _words_end(text: str) -> int:
    r"""End of the last word character ([^\W_], i.e. str.isalnum) in text."""
    end = len(text)
    while end and not text[end - 1].isalnum():
        end -= 1
    return end


class Tokens(list[Token]):
    """What `tokenize` returns: the tokens, plus `lower`, per token whether its word is all
    lower case (`str.islower`). Such a word cannot begin a name, nor continue one unless it
    is an inner word ("of", "province"): `matcher` leaves it out of its search string."""

    __slots__ = ("lower",)

    def __init__(self) -> None:
        super().__init__()
        self.lower: list[bool] = []


def tokenize(text: str) -> Tokens:
    """Same result as `frontline.geo.normalize.tokenize` (see the module docstring)."""
    out = Tokens()
    append = out.append
    lowers = out.lower
    words = _WORDS
    gaps = _GAPS
    pos = 0  # end of the previous word
    carry = ""  # "'s" cut off a dropped word: part of the next gap
    pending_article_break = False
    pending_lead = -1
    last: Token | None = None
    for gap, raw in _GAP_TOKEN.findall(text, 0, _words_end(text)):
        s = pos + len(gap)
        pos = mend = s + len(raw)
        info = words.get(raw)
        if info is None:
            info = _word_info(raw)
        trim, folded, art, cap, upper, islower = info
        e = mend - 2 if trim else mend
        if carry:
            gap = carry + gap
            carry = ""
        if last is None:
            brk = True
        else:
            gk = gaps.get(gap)
            if gk is None:
                gk = _gap_kind(gap)
            brk = gk == 1 or (gk == 2 and last.folded not in ABBREV_DOTS)
        if art and (
            art == 1
            or text[e : e + 1] in ("-", "‑")
            or (art == 2 and islower and last is not None and last.cap and _next_cap(text, e))
        ):
            # article: drop it but remember a break that preceded it
            pending_article_break = pending_article_break or brk
            if pending_lead < 0:
                pending_lead = s
            if trim:
                carry = raw[-2:]
            continue
        if not folded:
            if trim:
                carry = raw[-2:]
            continue
        last = Token(s, e, folded, cap, upper, brk or pending_article_break, pending_lead)
        append(last)
        lowers.append(islower)
        pending_article_break = False
        pending_lead = -1
    return out


def _next_cap(text: str, pos: int) -> bool:
    """The next word starts with a capital ("Ma'arrat an Nu'man", "Deir ez Zor")."""
    rest = text[pos : pos + 3].lstrip(" ")
    return bool(rest) and rest[0].isupper()
