"""Word-anchored regex matching: try a big alternation only where it can start.

Python's `re` tries every alternative at every position, so a lexicon of a few hundred
phrasings costs ~50 µs per sentence per regex. Every trigger and cue starts at a word,
and the first three letters of that word are known from the pattern itself, so the
possible prefixes are read once from the parsed pattern and each regex is only tried at
word starts whose prefix can begin a match: a dictionary lookup per word.
"""

from __future__ import annotations

import re
import re._constants as C
import re._parser as P
from bisect import bisect_left
from collections.abc import Iterator

K = 3
WORD_START = re.compile(r"(?<![\w-])\w")


def _prefixes(items: list, prefix: str = "") -> set[str]:
    """Lower-cased first K characters any match can start with ('' = unknown)."""
    if len(prefix) >= K or not items:
        return {prefix[:K]}
    op, av = items[0]
    rest = items[1:]
    if op is C.LITERAL:
        return _prefixes(rest, prefix + chr(av).lower())
    if op is C.IN:
        if all(o is C.LITERAL for o, _ in av):
            out: set[str] = set()
            for _, ch in av:
                out |= _prefixes(rest, prefix + chr(ch).lower())
            return out
        return {prefix}
    if op is C.BRANCH:
        out = set()
        for alt in av[1]:
            out |= _prefixes(list(alt) + rest, prefix)
        return out
    if op is C.SUBPATTERN:
        return _prefixes(list(av[-1]) + rest, prefix)
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)):
        lo, hi, item = av
        body = list(item)
        out = _prefixes(body + rest, prefix)
        if lo == 0:
            out |= _prefixes(rest, prefix)
        if hi is C.MAXREPEAT or hi > 1:
            out |= _prefixes(body + body + rest, prefix)
        return out
    if op in (C.ASSERT, C.ASSERT_NOT, C.AT):
        return _prefixes(rest, prefix)
    return {prefix}


class WordRegex:
    """A compiled regex plus the word prefixes at which it can match."""

    __slots__ = ("anywhere", "by_prefix", "open_prefixes", "regex")

    def __init__(self, regex: re.Pattern[str]) -> None:
        self.regex = regex
        prefixes = _prefixes(list(P.parse(regex.pattern, regex.flags)))
        self.by_prefix = frozenset(p for p in prefixes if len(p) == K)
        self.open_prefixes = tuple(sorted(p for p in prefixes if len(p) < K))
        # an unknown first letter ('' prefix): every word start is a candidate
        self.anywhere = "" in self.open_prefixes

    def can_start(self, key: str) -> bool:
        if key in self.by_prefix:
            return True
        return bool(self.open_prefixes) and any(key.startswith(p) for p in self.open_prefixes)

    def finditer(
        self, doc: Doc, pos: int = 0, endpos: int | None = None
    ) -> Iterator[re.Match[str]]:
        """Non-overlapping matches starting at word starts in [pos, endpos)."""
        text, starts, keys = doc.text, doc.starts, doc.keys
        end = len(text) if endpos is None else endpos
        i = bisect_left(starts, pos)
        n = len(starts)
        last_end = -1
        by_prefix = self.by_prefix
        anywhere = self.anywhere
        while i < n and starts[i] < end:
            s = starts[i]
            key = keys[i]
            i += 1
            if s < last_end or not (
                anywhere or key in by_prefix or (self.open_prefixes and self.can_start(key))
            ):
                continue
            m = self.regex.match(text, s, end)
            if m is not None and m.end() > m.start():
                last_end = m.end()
                yield m

    def search(self, doc: Doc, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        """The first match of `finditer` (same loop, without a generator per call)."""
        text, starts, keys = doc.text, doc.starts, doc.keys
        end = len(text) if endpos is None else endpos
        i = bisect_left(starts, pos)
        n = len(starts)
        by_prefix = self.by_prefix
        anywhere = self.anywhere
        regex = self.regex
        while i < n and starts[i] < end:
            s = starts[i]
            key = keys[i]
            i += 1
            if not (anywhere or key in by_prefix or (self.open_prefixes and self.can_start(key))):
                continue
            m = regex.match(text, s, end)
            if m is not None and m.end() > m.start():
                return m
        return None


class Doc:
    """A text with its word starts and their lower-cased K-letter keys, computed once."""

    __slots__ = ("keys", "starts", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        lower = text.lower()
        if len(lower) != len(text):
            lower = text
        self.starts = [m.start() for m in WORD_START.finditer(text)]
        self.keys = [lower[s : s + K] for s in self.starts]


class MultiIndex:
    """Dispatch many WordRegexes from one dictionary lookup per word."""

    def __init__(self, regexes: list[WordRegex]) -> None:
        self.regexes = regexes
        table: dict[str, list[int]] = {}
        self.open: list[tuple[str, int]] = []
        for idx, wr in enumerate(regexes):
            for p in wr.by_prefix:
                table.setdefault(p, []).append(idx)
            self.open.extend((p, idx) for p in wr.open_prefixes)
        self.table = {k: tuple(v) for k, v in table.items()}

    def matches(self, doc: Doc, pos: int, endpos: int) -> Iterator[tuple[int, re.Match[str]]]:
        """(regex index, match) for every word start in [pos, endpos) where one matches."""
        text, starts, keys = doc.text, doc.starts, doc.keys
        i = bisect_left(starts, pos)
        n = len(starts)
        table, opened = self.table, self.open
        while i < n and starts[i] < endpos:
            s, key = starts[i], keys[i]
            i += 1
            cands = table.get(key, ())
            if opened:
                cands = (*cands, *(idx for p, idx in opened if key.startswith(p)))
            for idx in cands:
                m = self.regexes[idx].regex.match(text, s, endpos)
                if m is not None and m.end() > m.start():
                    yield idx, m
