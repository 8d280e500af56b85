"""Round 8 speed-ups give exactly what the plain computations give (speed itself is measured
by `scripts/ab-extract.py` / `frontline bench`, never asserted here):

- `ScoreMemo.nearest` measures each distinct anchor point once: same (km, index) pairs;
- `Scorer.evidence` with a memo (nearest anchor from its cache) == without (every anchor);
- `Resolver.context` (a name's readings evidence cached per entries) == the uncached rule;
- `sentences.last_word` == the plain last-word regex on the whole chunk;
- `wordindex.first_letter_groups` matches where the flat alternation does;
- `MultiIndex.matches` with short (open) prefixes == every regex tried at every word start.
"""

from __future__ import annotations

import random
import re

import pytest

from frontline.extraction.sentences import last_word
from frontline.extraction.wordindex import Doc, MultiIndex, WordRegex, first_letter_groups
from frontline.geo import Geoparser
from frontline.geo.fasttok import tokenize
from frontline.geo.gazetteer import (
    F_COMMON,
    F_DEMONYM,
    F_PRIMARY,
    FLAG_BITS,
    KIND_ADMIN1,
    KIND_CITY,
    KIND_COUNTRY,
)
from frontline.geo.matcher import Match, find
from frontline.geo.reading import Context, Weights, haversine
from frontline.geo.scoring import ScoreMemo
from frontline_dev.bench.extraction import EVENT_SENTENCES, articles


def _nearest_reference(anchors, la, lo):  # type: ignore[no-untyped-def]
    """One pass over the anchors in order, as before distinct points were shared."""
    best, second = (9999.0, -1), (9999.0, -1)
    for j, (a, b) in enumerate(anchors):
        if abs(a - la) < 8.0:
            d = haversine(la, lo, a, b)
            if d < best[0]:
                best, second = (d, j), best
            elif d < second[0]:
                second = (d, j)
    return best, second


def test_nearest_with_repeated_anchors_equals_one_pass_over_all() -> None:
    rnd = random.Random(8)
    for _ in range(3000):
        points = [(rnd.uniform(30, 40), rnd.uniform(30, 40)) for _ in range(rnd.randint(1, 4))]
        anchors = [rnd.choice(points) for _ in range(rnd.randint(0, 14))]
        la, lo = rnd.choice([*points, (rnd.uniform(25, 45), rnd.uniform(25, 45))])
        assert ScoreMemo(anchors).nearest(la, lo) == _nearest_reference(anchors, la, lo)


@pytest.fixture(scope="module")
def gp() -> Geoparser:
    return Geoparser.default()


@pytest.mark.gazetteer
def test_evidence_from_the_memo_equals_evidence_from_all_anchors(gp: Geoparser) -> None:
    scorer, g = gp._resolver.scorer, gp.index.gaz
    rnd = random.Random(9)
    cities = [r for r in range(0, len(g.name), 97) if g.kind[r] == KIND_CITY][:300]
    for r in cities:
        ctx = Context(countries=Weights({g.cc[r]: 2.0}))
        near = [(g.lat[r] + rnd.uniform(-2, 2), g.lon[r] + rnd.uniform(-2, 2)) for _ in range(3)]
        anchors = [rnd.choice(near) for _ in range(rnd.randint(1, 6))]
        memo = ScoreMemo(anchors)
        for excl in range(-1, len(anchors) + 1):
            own = [a for j, a in enumerate(anchors) if j != excl]
            want = scorer.evidence(r, ctx, None, own)
            assert scorer.evidence(r, ctx, None, own, memo, excl) == want


def _context_reference(gp: Geoparser, matches: list[Match], toks) -> Context:  # type: ignore[no-untyped-def]
    """`Resolver.context` with the per-name rule written out, uncached."""
    res, g = gp._resolver, gp.index.gaz
    weight = res.scorer.weight
    ctx = Context()
    for m in matches:
        from frontline.geo.persons import glued
        from frontline.geo.words import small_settlement

        if small_settlement(toks, m) or (not m.demonym_only and glued(toks, m)):
            continue
        recs = [(p >> FLAG_BITS, p) for p in m.entries]
        if m.demonym_only:
            for r, _ in recs:
                ctx.countries[g.cc[r]] += 1.0
                if g.kind[r] == KIND_ADMIN1:
                    ctx.admin1[g.admin1[r]] += 1.0
            continue
        countries = [r for r, p in recs if g.kind[r] == KIND_COUNTRY and not p & F_DEMONYM]
        if countries:
            other = any(g.kind[r] == KIND_ADMIN1 and g.pop[r] >= 1_000_000 for r, _ in recs)
            ctx.countries[g.cc[countries[0]]] += 0.2 if other else 2.0
            continue
        big = sorted((r for r, p in recs if not p & F_DEMONYM), key=lambda r: -weight(r))
        if not big:
            continue
        top = big[0]
        ccs = {g.cc[r] for r in big[:5] if weight(r) > 0.35 * weight(top)}
        unique = (
            len(big) == 1
            and recs[0][1] & F_PRIMARY
            and not recs[0][1] & F_COMMON
            and (g.pop[top] >= 5000 or m.t1 - m.t0 > 1)
        )
        if len(ccs) == 1 and (g.pop[top] >= 20000 or g.kind[top] != KIND_CITY or unique):
            ctx.countries[g.cc[top]] += 1.0
            if g.kind[top] == KIND_ADMIN1:
                ctx.admin1[g.admin1[top]] += 1.0
        elif g.fcode[top] == "PPLC" or g.pop[top] >= 1_000_000:
            ctx.countries[g.cc[top]] += 0.5
    return ctx


@pytest.mark.gazetteer
def test_cached_context_equals_the_uncached_rule(gp: Geoparser) -> None:
    texts = [*EVENT_SENTENCES, *(a.text for a in articles(30))]
    for _ in range(2):  # the second round reads the cache
        for text in texts:
            toks = tokenize(text)
            matches = find(gp.index, text, toks)
            got = gp._resolver.context(matches, toks)
            want = _context_reference(gp, matches, toks)
            assert list(got.countries.items()) == list(want.countries.items()), text
            assert list(got.admin1.items()) == list(want.admin1.items()), text


def test_last_word_equals_the_plain_regex() -> None:
    plain = re.compile(r"([\w.]+)\.$")
    rnd = random.Random(10)
    alphabet = ["a", "B", ".", ". ", "\n", "\n\n", "é", "_", "1", " ", "..", "U.S", ")", "(", "\t"]
    for _ in range(30000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 15)))
        m = plain.search(text)
        assert last_word(text) == (m[1] if m else None), repr(text)


def test_first_letter_groups_match_where_the_flat_alternation_does() -> None:
    rnd = random.Random(11)
    letters = "abcre- "
    for _ in range(500):
        words = list({"".join(rnd.choice(letters) for _ in range(rnd.randint(1, 4))).strip() or "a"
                      for _ in range(rnd.randint(1, 8))})  # fmt: skip
        flat = re.compile(r"\b(?:" + "|".join(sorted(words)) + ")", re.I)
        grouped = re.compile(r"\b(?:" + first_letter_groups(words) + ")", re.I)
        for _ in range(20):
            text = "".join(rnd.choice("abcreAB- .x") for _ in range(rnd.randint(0, 20)))
            a, b = flat.search(text), grouped.search(text)
            assert (a and a.start()) == (b and b.start()), (words, text)
    assert first_letter_groups(["ab(c)", "d"]) == "ab(c)|d"  # not literal: left flat


def test_multi_index_with_short_prefixes_equals_every_regex_at_every_word() -> None:
    fragments = [["hit", "hits"], ["won", "wont"], ["capture[sd]?", "took"], ["go on", "gone"]]
    regexes = [WordRegex.of_words(f, re.I) for f in fragments]
    index = MultiIndex(regexes)
    rnd = random.Random(12)
    vocab = ["hit", "Hits", "won", "wont", "captured", "took", "go", "on", "gone", "x", "-", ","]
    for _ in range(2000):
        text = " ".join(rnd.choice(vocab) for _ in range(rnd.randint(0, 12)))
        doc = Doc(text)
        lo = rnd.randint(0, len(text))
        got = sorted((i, m.span()) for i, m in index.matches(doc, lo, len(text)))
        want = sorted(
            (i, m.span())
            for s in doc.starts
            if s >= lo
            for i, wr in enumerate(regexes)
            if (m := wr.regex.match(text, s, len(text))) is not None and m.end() > m.start()
        )
        assert got == want, text


@pytest.mark.gazetteer
def test_find_without_lower_case_words_equals_find_over_every_word(gp: Geoparser) -> None:
    """`fasttok.Tokens` lets the matcher leave all-lower-case non-inner words out of its
    search string; a plain token list (every word searched) must give the same matches."""
    rnd = random.Random(13)
    vocab = [
        "Homs", "homs", "Bosnia", "and", "Herzegovina", "of", "province", "Idlib", "the",
        "army", "Deir", "ez", "Zor", "U.S.", "US", "al", "Bab", "-", ",", ".", "Kyiv",
        "oblast", "Donetsk", "Saint", "Petersburg", "St.", "new", "New", "York", "2024",
        "iPhone", "KY", "Ky.", "took", "Rostov-on-Don", "Rafah", "Aleppo's",
    ]  # fmt: skip
    texts = [a.text for a in articles(10)]
    texts += [" ".join(rnd.choice(vocab) for _ in range(rnd.randint(1, 25))) for _ in range(500)]
    for text in texts:
        toks = tokenize(text)
        assert toks.lower == [text[t.start : t.end].islower() for t in toks]
        assert find(gp.index, text, toks) == find(gp.index, text, list(toks)), text
