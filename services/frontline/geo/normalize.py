"""Transliteration folding and tokenisation shared by the index builder and the matcher.

Both sides must fold identically, otherwise a gazetteer key can never meet the text: folding
drops diacritics and apostrophes, turns hyphens into spaces, collapses doubled letters
(Ma'arrat / Maarat) and removes Arabic-style articles (al-, an-, as-, ad-, ar-, ...).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Articles that disappear from keys: "Ar Raqqah" == "Raqqa",
# "Maarat al-Numan" == "Ma'arrat an Nu'man".
ARTICLES = frozenset(
    [
        "al",
        "el",
        "an",
        "as",
        "ad",
        "ar",
        "at",
        "ash",
        "az",
        "ath",
        "ad",
        "ed",
        "es",
        "et",
        "er",
        "ez",
        "ul",
        "il",
        "ud",
        "ut",
        "us",
        "ur",
    ]
)
# In running text only these are safe to drop when free-standing; the others ("as", "at", "an")
# are English words and are dropped only when hyphen-joined to the name ("as-Suwayda").
TEXT_FREE_ARTICLES = frozenset({"al", "el"})
# ...and these two are English words too often between two capitalised words ("withdrew from
# Saraqib as Turkish forces advanced", "Homs at Easter") to be read as "Ra's as Sidr": they
# are dropped only when hyphen-joined.
HYPHEN_ONLY_ARTICLES = frozenset({"as", "at"})
# A period after these does not end a phrase ("St. Petersburg").
ABBREV_DOTS = frozenset({"st", "mt", "ft", "pt", "ste", "n", "s", "e", "w"})

_SPECIAL = str.maketrans(
    {
        "ı": "i",
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "þ": "th",
        "ð": "d",
        "ʿ": "",
        "ʾ": "",
        "ʼ": "",
        "ʻ": "",
        "'": "",
        "’": "",
        "‘": "",
        "`": "",
        "´": "",
    }
)
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_DOUBLE = re.compile(r"([a-z])\1+")
_TOKEN = re.compile(r"[^\W_]+(?:['’ʼʻ`´][^\W_]+)*")
_POSSESSIVE = re.compile(r"['’ʼ]s$", re.IGNORECASE)


@lru_cache(maxsize=200_000)
def fold_token(tok: str) -> str:
    """Fold one word: ASCII, lower case, no apostrophes, doubled letters collapsed."""
    tok = tok.translate(_SPECIAL)
    tok = unicodedata.normalize("NFKD", tok)
    tok = "".join(c for c in tok if not unicodedata.combining(c)).lower()
    tok = _NON_ALNUM.sub("", tok)
    return _final_h(_DOUBLE.sub(r"\1", tok))


def fold(name: str) -> str:
    """Fold a gazetteer name into a lookup key ('' when nothing Latin is left)."""
    name = name.translate(_SPECIAL)
    name = unicodedata.normalize("NFKD", name)
    name = "".join(c for c in name if not unicodedata.combining(c)).lower()
    toks = [_final_h(_DOUBLE.sub(r"\1", t)) for t in _NON_ALNUM.split(name) if t]
    if len(toks) > 1:
        toks = [t for i, t in enumerate(toks) if not (t in ARTICLES and i < len(toks) - 1)]
    return " ".join(toks)


def _final_h(tok: str) -> str:
    """Arabic taa marbuta is written with or without h: Raqqah/Raqqa, Hamah/Hama."""
    return tok[:-1] if len(tok) > 4 and tok.endswith("ah") else tok


def is_latin(name: str) -> bool:
    """True when the name is written in Latin script (other scripts never match English text)."""
    return all(not (c.isalpha() and "LATIN" not in unicodedata.name(c, "")) for c in name)


@dataclass(slots=True)
class Token:
    """One word of the text: original span, folded form and case cues."""

    start: int
    end: int
    folded: str
    cap: bool
    upper: bool
    brk_before: bool  # punctuation (not a hyphen/abbreviation dot) separates it from the previous
    lead: int = -1  # start of a dropped article before it ("As-" of "As-Suwayda"), else -1


def tokenize(text: str) -> list[Token]:
    """Split text into words, dropping articles and possessive 's, marking phrase breaks."""
    out: list[Token] = []
    prev_end = 0
    pending_article_break = False
    pending_lead = -1
    for m in _TOKEN.finditer(text):
        s, e = m.start(), m.end()
        word = m.group()
        pm = _POSSESSIVE.search(word)
        if pm and len(word) > 2:
            e -= 2
            word = word[:-2]
        gap = text[prev_end:s]
        brk = "\n" in gap or (
            bool(gap.strip()) and gap.strip() not in ("-", "–") and not _abbrev_gap(gap, out)
        )
        if not out:
            brk = True
        folded = fold_token(word)
        nxt = text[e : e + 1]
        low = word.lower()
        if (
            low in TEXT_FREE_ARTICLES
            or (low in ARTICLES and nxt in ("-", "‑"))
            or (
                low in ARTICLES
                and low not in HYPHEN_ONLY_ARTICLES
                and word.islower()
                and out
                and out[-1].cap
                and _next_cap(text, e)
            )
        ):
            # article: drop it but remember a break that preceded it
            pending_article_break = pending_article_break or brk
            if pending_lead < 0:
                pending_lead = s
            prev_end = e
            continue
        if not folded:
            prev_end = e
            continue
        # "d'Ivoire", "l'Aquila": the capital after an elided article counts
        cap = word[:1].isupper() or (word[1:2] in "'’" and word[2:3].isupper())
        upper = word.isupper()
        out.append(Token(s, e, folded, cap, upper, brk or pending_article_break, pending_lead))
        pending_article_break = False
        pending_lead = -1
        prev_end = m.end()
    return out


def _next_cap(text: str, pos: int) -> bool:
    """The next word starts with a capital ("Ma'arrat an Nu'man", "Deir ez Zor")."""
    rest = text[pos : pos + 3].lstrip(" ")
    return bool(rest) and rest[0].isupper()


def _abbrev_gap(gap: str, toks: list[Token]) -> bool:
    """A '.' directly inside an abbreviation (U.S., W.Va.) or after St./Mt. is not a break."""
    g = gap.strip()
    if g != ".":
        return False
    if not gap.startswith("."):
        return False
    if gap == ".":
        return True  # "U.S": no space after the dot
    return bool(toks) and toks[-1].folded in ABBREV_DOTS
