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

# Prefix length: with 4 letters the trigger lexicon still has no shorter (open) prefix and
# a word start tries about a third fewer regexes than with 3 (same matches either way).
K = 4
WORD_START = re.compile(r"(?<![\w-])\w")


def _prefixes(items: list, prefix: str = "") -> set[str]:  # noqa: C901 (one branch per regex opcode)
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


_LITERAL = re.compile(r"[\w' -]+")


def first_letter_groups(words: list[str]) -> str:
    """`"|".join(words)` for literal words, as one group per first letter ("a(?:bandon|dvanc)
    |b(?:...)"): `re` tries the alternatives one by one at every position of a search, so a
    first letter that picks one group makes an article-wide search several times cheaper.
    The alternation matches where the flat one does (not always the same alternative)."""
    if not all(_LITERAL.fullmatch(w) for w in words):
        return "|".join(words)
    groups: dict[str, list[str]] = {}
    for w in sorted(words):
        groups.setdefault(w[0], []).append(w[1:])
    return "|".join(f"{first}(?:{'|'.join(rest)})" for first, rest in groups.items())


_HEAD, _TAIL = r"(?<![\w-])(?:", r")(?![\w-])"


class WordRegex:
    """A compiled regex plus the word prefixes at which it can match.

    Built from alternatives (`fragments`), it also keeps, per word prefix, a regex of only
    the alternatives that can start with it: `re` tries alternatives one by one, so a
    lexicon of hundreds of phrasings costs a few at each word instead of all of them. The
    first alternative that matches is the same either way (the others could not match).
    """

    __slots__ = ("_alts", "anywhere", "by_key", "by_prefix", "open_prefixes", "regex")

    def __init__(self, regex: re.Pattern[str], fragments: list[str] | None = None) -> None:
        self.regex = regex
        prefixes = _prefixes(list(P.parse(regex.pattern, regex.flags)))
        self.by_prefix = frozenset(p for p in prefixes if len(p) == K)
        self.open_prefixes = tuple(sorted(p for p in prefixes if len(p) < K))
        # an unknown first letter ('' prefix): every word start is a candidate
        self.anywhere = "" in self.open_prefixes
        # key -> regex of the alternatives that can start there (filled on first use)
        self.by_key: dict[str, re.Pattern[str]] = {}
        self._alts: list[tuple[str, set[str]]] = []
        if fragments and len(fragments) > 1:
            for frag in fragments:
                one = P.parse(f"{_HEAD}{frag}{_TAIL}", regex.flags)
                self._alts.append((frag, _prefixes(list(one))))

    @classmethod
    def of_words(cls, fragments: list[str], flags: int) -> WordRegex:
        r"""Alternatives matched on word boundaries: (?<![\w-])(?:f1|f2|...)(?![\w-])."""
        body = "|".join(f"(?:{f})" for f in fragments)
        regex = re.compile(f"{_HEAD}{body}{_TAIL}", flags)
        return cls(regex, [f"(?:{f})" for f in fragments])

    def for_key(self, key: str) -> re.Pattern[str]:
        """The regex to try at a word whose K-letter key is `key`."""
        found = self.by_key.get(key)
        if found is None:
            found = self.by_key[key] = self._specialise(key)
        return found

    def _specialise(self, key: str) -> re.Pattern[str]:
        if not self._alts:
            return self.regex
        keep = [
            frag
            for frag, pre in self._alts
            if key in pre or any(len(p) < K and key.startswith(p) for p in pre)
        ]
        if len(keep) == len(self._alts):
            return self.regex
        return _compiled(f"{_HEAD}{'|'.join(keep)}{_TAIL}", self.regex.flags)

    def can_start(self, key: str) -> bool:
        if key in self.by_prefix:
            return True
        return bool(self.open_prefixes) and key.startswith(self.open_prefixes)  # any of them

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
            m = self.for_key(key).match(text, s, end)
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
        by_key = self.by_key
        while i < n and starts[i] < end:
            s = starts[i]
            key = keys[i]
            i += 1
            if not (anywhere or key in by_prefix or (self.open_prefixes and self.can_start(key))):
                continue
            regex = by_key.get(key) or self.for_key(key)
            m = regex.match(text, s, end)
            if m is not None and m.end() > m.start():
                return m
        return None


_COMPILED: dict[tuple[str, int], re.Pattern[str]] = {}


def _compiled(pattern: str, flags: int) -> re.Pattern[str]:
    """re.compile with an unbounded cache (re's own keeps only 512 patterns)."""
    found = _COMPILED.get((pattern, flags))
    if found is None:
        found = _COMPILED[(pattern, flags)] = re.compile(pattern, flags)
    return found


class Doc:
    """A text with its word starts and their lower-cased K-letter keys, computed once."""

    __slots__ = ("_hits", "keys", "starts", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._hits: dict[int, tuple[list[int], list[int]]] = {}
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
        # key -> ((regex index, regex specialised to the key), ...); other keys only when
        # some regex has an open (short) prefix
        self.plan = {key: self._plan(key) for key in self.table}
        # the open prefixes, for one str.startswith per word ('' among them: any word), and
        # the plans of the keys only they admit, made on first use
        self._open_starts = tuple(sorted({p for p, _ in self.open}))
        self._more: dict[str, tuple[tuple[int, re.Pattern[str]], ...]] = {}

    def _plan(self, key: str) -> tuple[tuple[int, re.Pattern[str]], ...]:
        cands = (*self.table.get(key, ()), *(i for p, i in self.open if key.startswith(p)))
        # once each: a regex may admit a key by a full prefix and by a short one ("wont", "won")
        return tuple((i, self.regexes[i].for_key(key)) for i in dict.fromkeys(cands))

    def _open_plan(self, key: str) -> tuple[tuple[int, re.Pattern[str]], ...]:
        """The plan of a key only open prefixes admit (kept: a text repeats its words)."""
        plan = self._more.get(key)
        if plan is None:
            if len(self._more) >= 20_000:
                self._more.clear()
            plan = self._more[key] = self._plan(key)
        return plan

    def _hits(self, doc: Doc) -> tuple[list[int], list[int]]:
        """(start, word index) of the words where some regex can start, once per text."""
        hits = doc._hits.get(id(self))
        if hits is None:
            plans, keys = self.plan, doc.keys
            opens = self._open_starts
            if not opens:
                idx = [i for i, k in enumerate(keys) if k in plans]
            elif "" in opens:
                idx = list(range(len(keys)))
            else:  # a short prefix ("hit"): the words that begin with it, not every word
                idx = [i for i, k in enumerate(keys) if k in plans or k.startswith(opens)]
            hits = doc._hits[id(self)] = ([doc.starts[i] for i in idx], idx)
        return hits

    def matches(self, doc: Doc, pos: int, endpos: int) -> Iterator[tuple[int, re.Match[str]]]:
        """(regex index, match) for every word start in [pos, endpos) where one matches."""
        text, keys = doc.text, doc.keys
        starts, idx = self._hits(doc)
        j = bisect_left(starts, pos)
        n = len(starts)
        plans = self.plan
        while j < n and starts[j] < endpos:
            s, key = starts[j], keys[idx[j]]
            j += 1
            plan = plans.get(key)
            if plan is None:
                plan = self._open_plan(key)
            for i, regex in plan:
                m = regex.match(text, s, endpos)
                if m is not None and m.end() > m.start():
                    yield i, m
