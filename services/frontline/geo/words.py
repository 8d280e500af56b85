"""Cue words around a name (level words, titles, directions, locatives), from the data files.

Shared by scoring, person-name filtering and unknown-name handling so each rule reads the same
vocabulary.
"""

from __future__ import annotations

from frontline.geo import data
from frontline.geo.matcher import Match
from frontline.geo.normalize import Token, fold_token

LEVEL_WORDS: dict[str, str] = {fold_token(w): lvl for w, lvl in data.rows("level_words.tsv")}
DIRECTIONS = {fold_token(w.replace("-", "")) for w in data.words("directions.txt")}
COORD = {"and", "or"}
LOCATIVE = {
    fold_token(w) for w in ("in", "near", "at", "outside", "around", "into", "towards", "toward")
}
PLURAL_LEVEL = {w for w, lvl in LEVEL_WORDS.items() if w.endswith("s") and lvl != "facility"}
STATE_NOUNS = {fold_token(w) for w in data.words("state_nouns.txt")}
TITLES = {fold_token(w) for w in data.words("person_titles.txt")}
STOP = {fold_token(w) for w in data.words("stoplist.txt")}
COMMON = {fold_token(w) for w in data.words("common_words.txt")} | STOP
# the words themselves, unfolded: "Leego" folds to "lego", a common word, and is no such word
COMMON_SPELLED = {w.lower() for w in data.words("common_words.txt")} | {
    w.lower() for w in data.words("stoplist.txt")
}
DISTRICT_WORDS = {fold_token(w) for w in data.words("district_words.txt")}
NAME_HEADS = {fold_token(w) for w in data.words("name_heads.txt")}
EVENT_VERBS = {fold_token(w) for w in data.words("event_verbs.txt")}
FROM_VERBS = {fold_token(w) for w in data.words("from_verbs.txt")}
SMALL_SETTLEMENT = {
    fold_token(w)
    for w in ("village", "villages", "hamlet", "neighbourhood", "neighborhood", "suburb")
}

SMALL_OF = {fold_token(w) for w in ("village", "villages", "hamlet")}


def name_key(toks: list[Token], m: Match) -> str:
    """The folded words of a mention: one person or place name across the article."""
    return " ".join(t.folded for t in toks[m.t0 : m.t1])


def small_settlement(toks: list[Token], m: Match) -> bool:
    """'X village', 'X area', 'the village of X': the name is a small place."""
    nxt = toks[m.t1] if m.t1 < len(toks) else None
    if nxt is not None and not nxt.brk_before and nxt.folded in SMALL_SETTLEMENT | {"area"}:
        return True
    # "the village of X", but not "the Sheikh Maqsoud neighbourhood of Aleppo" (a city's)
    return m.t0 >= 2 and toks[m.t0 - 1].folded == "of" and toks[m.t0 - 2].folded in SMALL_OF
