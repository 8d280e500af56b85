"""The optimised geo helpers give exactly what the straightforward computations give.

- `geo.fasttok.tokenize` (cached per word and gap) == `geo.normalize.tokenize` (reference);
- `ScoreMemo.nearest` (anchor radians precomputed) == min of `haversine`, bit for bit, and
  `haversine` agrees with an independent spherical-law-of-cosines reference;
- `Scorer.score_memo` (cached prior, shared distances) == `Scorer.score`;
- `matcher.find` (cached case filter per key) == the plain per-match `_case_filter` loop;
- the sentence splitter's last-word regex (with a lookbehind) == the plain one, and
  `WordRegex.search` == the first match of `WordRegex.finditer`;
Speed itself is measured by `frontline bench`, never asserted here (house rule).
"""

from __future__ import annotations

import math
import random
import re

import pytest

from frontline.extraction.lexicon import lexicon
from frontline.extraction.sentences import _LAST_WORD
from frontline.extraction.wordindex import Doc
from frontline.geo import Geoparser
from frontline.geo import matcher as matcher_mod
from frontline.geo.fasttok import tokenize as fast_tokenize
from frontline.geo.gazetteer import F_DEMONYM, F_PRIMARY, FLAG_BITS, KIND_COUNTRY
from frontline.geo.matcher import Match, _case_filter, find
from frontline.geo.normalize import tokenize as ref_tokenize
from frontline.geo.reading import Context, Weights, haversine
from frontline.geo.scoring import ScoreMemo
from frontline_dev.bench.extraction import EVENT_SENTENCES, articles

TRICKY = [
    "",
    "   ",
    "Rebels entered Homs.",
    "U.S. forces in St. Petersburg and Mt. Hood, W.Va., near St.  Louis",
    "As-Suwayda, al-Bab and ad-Dawr al Bab; Ma'arrat an Nu'man; Deir ez Zor",
    "Côte d’Ivoire’s capital, l'Aquila, d'Ivoire",
    "Syria's army took Raqqa's outskirts; it's. U.S. 's",
    "al's. Homs — Al's, Homs; x al's. Homs; x. al's Homs; St. al's Homs; U.S.al's.Homs",
    "_x_ y__z él-Bab İstanbul straße ß Łódź Ørsted",
    "Homs al\nBab\n\nHama. – Idlib - Aleppo – Daraa",
    "AN at As AS an ad-Damazin El Fasher el Obeid",
]


def test_fast_tokenize_equals_reference_on_tricky_strings() -> None:
    for text in TRICKY + EVENT_SENTENCES:
        assert fast_tokenize(text) == ref_tokenize(text), text


def test_fast_tokenize_equals_reference_on_random_strings() -> None:
    rnd = random.Random(1)
    words = "al Al el an as at s S St U x Homs Bab ' ’ ʼ - ‑ – . , _ é ß İ 3 A. ( ) 's ad AN"
    alphabet = [*words.split(" "), " ", "  ", "\n"]
    for _ in range(3000):
        text = "".join(
            rnd.choice(alphabet) + (" " if rnd.random() < 0.4 else "")
            for _ in range(rnd.randint(1, 14))
        )
        assert fast_tokenize(text) == ref_tokenize(text), repr(text)


def test_last_word_regex_equals_the_plain_one() -> None:
    plain = re.compile(r"([\w.]+)\.$")
    rnd = random.Random(5)
    alphabet = ["a", "B", ".", ". ", "\n", "é", "_", "1", " ", "..", "U.S", ")", '"', "!"]
    for _ in range(20000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 15)))
        a, b = plain.search(text), _LAST_WORD.search(text)
        assert (a and a.group(1)) == (b and b.group(1)), repr(text)


def test_word_regex_search_is_first_of_finditer() -> None:
    lex = lexicon()
    regexes = [t.regex for t in lex.triggers]
    regexes += [lex.hypothetical, lex.intention, lex.negation, lex.denial, lex.claim]
    regexes += [lex.claim_disputed, lex.history]
    rnd = random.Random(6)
    for art in articles(10):
        doc = Doc(art.text)
        for _ in range(30):
            lo = rnd.randrange(len(art.text))
            hi = rnd.choice([None, rnd.randrange(lo, len(art.text) + 1)])
            for wr in regexes:
                got, want = wr.search(doc, lo, hi), next(wr.finditer(doc, lo, hi), None)
                assert (got and got.span()) == (want and want.span())


def _haversine_reference(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Spherical law of cosines: a different formula for the same distance."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    c = math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(
        math.radians(lon2 - lon1)
    )
    return 6371.0 * math.acos(max(-1.0, min(1.0, c)))


def test_haversine_matches_reference() -> None:
    rnd = random.Random(2)
    for _ in range(2000):
        a = (rnd.uniform(-89, 89), rnd.uniform(-180, 180))
        b = (rnd.uniform(-89, 89), rnd.uniform(-180, 180))
        assert haversine(*a, *b) == pytest.approx(_haversine_reference(*a, *b), abs=0.5)
    assert haversine(34.73, 36.72, 34.73, 36.72) == 0.0
    assert haversine(0.0, 0.0, 0.0, 180.0) == pytest.approx(math.pi * 6371.0)


def test_nearest_is_bit_identical_to_min_of_haversine() -> None:
    rnd = random.Random(3)
    for _ in range(300):
        anchors = [(rnd.uniform(20, 50), rnd.uniform(20, 50)) for _ in range(rnd.randint(0, 8))]
        anchors += anchors[:1]  # a duplicate anchor: ties
        memo = ScoreMemo(anchors)
        la, lo = rnd.uniform(15, 55), rnd.uniform(15, 55)
        (d1, j1), (d2, _) = memo.nearest(la, lo)
        for excl in range(-1, len(anchors) + 1):
            own = [a for j, a in enumerate(anchors) if j != excl]
            want = min(
                (haversine(la, lo, a, b) for a, b in own if abs(a - la) < 8.0), default=9999.0
            )
            assert (d2 if j1 == excl else d1) == want


@pytest.fixture(scope="module")
def gp() -> Geoparser:
    return Geoparser.default()


@pytest.mark.gazetteer
def test_memoised_score_equals_score(gp: Geoparser) -> None:
    res, g = gp._resolver.scorer, gp.index.gaz
    rnd = random.Random(4)
    recs = [rnd.randrange(len(g.name)) for _ in range(400)]
    anchors = [(g.lat[r], g.lon[r]) for r in recs[:6]]
    contexts = [
        Context(),
        Context(countries=Weights({"SY": 3.0, "UA": 1.0})),
    ]
    for ctx in contexts:
        for hint in (None, "city", "admin1", "region"):
            memo = ScoreMemo(anchors)
            for r in recs:
                for packed in (r << FLAG_BITS, r << FLAG_BITS | F_PRIMARY):
                    for excl in (-1, 0, 3, 99):
                        own = [a for j, a in enumerate(anchors) if j != excl]
                        want = res.score(r, packed, ctx, hint, own)
                        assert res.score_memo(r, packed, ctx, hint, memo, excl) == want


def _find_reference(index, text: str) -> list[Match]:  # type: ignore[no-untyped-def]
    """The matcher's selection loop without its caches: `_case_filter` per raw match."""
    toks = ref_tokenize(text)
    parts, starts, ends, pos = [" "], {}, {}, 1
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
    raw = []
    for auto in index.automata:
        for end_idx, vi in auto.iter(s):
            t_last, t_first = ends.get(end_idx), starts.get(end_idx - index.klen[vi])
            if t_last is not None and t_first is not None:
                raw.append((t_first, t_last + 1, vi))
    raw.sort(key=lambda r: (r[0], -(r[1] - r[0])))
    out, taken = [], 0
    for t0, t1, vi in raw:
        if t0 < taken:
            continue
        entries = _case_filter(index.entries(vi), toks, t0, t1, text)
        if not entries:
            continue
        if any(p & F_DEMONYM for p in entries) and not any(
            p & F_PRIMARY and index.gaz.kind[p >> FLAG_BITS] == KIND_COUNTRY for p in entries
        ):
            entries = tuple(p for p in entries if p & F_DEMONYM)
        start, end = toks[t0].start, toks[t1 - 1].end
        if toks[t0].lead >= 0 and (text[toks[t0].lead].isupper() or t1 - t0 == 1):
            start = toks[t0].lead
        if text[end : end + 1] == "." and "." in text[start:end]:
            end += 1
        out.append(Match(t0, t1, start, end, entries, all(p & F_DEMONYM for p in entries)))
        taken = t1
    return out


@pytest.mark.gazetteer
def test_cached_find_equals_reference(gp: Geoparser) -> None:
    texts = [*TRICKY, *EVENT_SENTENCES, *(a.text for a in articles(20))]
    texts += ["US and U.S. and CIA in Ky. and KY, GEORGIA and Georgia, the village of Homs"]
    for _ in range(2):  # second round runs from the warm cache
        for text in texts:
            assert find(gp.index, text) == _find_reference(gp.index, text), text
    assert matcher_mod._cache_for(gp.index)  # the cache is in use
