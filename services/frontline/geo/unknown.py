"""Names the gazetteer lacks: a capitalised name in a settlement or locative frame ('the
village of X', 'X area', 'in X') still places an event, at the admin1 or country around it."""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate

from frontline.geo.fallback import area, far_reference
from frontline.geo.gazetteer import FLAG_BITS, KIND_COUNTRY, Gazetteer
from frontline.geo.matcher import Match
from frontline.geo.normalize import Token, fold_token
from frontline.geo.reading import Context, Resolved
from frontline.geo.spelling import Speller, respelled
from frontline.geo.words import (
    COMMON,
    COMMON_SPELLED,
    DISTRICT_WORDS,
    EVENT_VERBS,
    FROM_VERBS,
    LEVEL_WORDS,
    LOCATIVE,
    TITLES,
)


def unknown(
    g: Gazetteer,
    toks: list[Token],
    matches: list[Match],
    places: list[Resolved],
    ctx: Context,
    speller: Speller | None = None,
    text: str = "",
    demonyms: dict[int, str] | None = None,
) -> list[Resolved]:
    """Capitalised names the gazetteer lacks, in settlement/locative frames -> admin1/country.

    Frames: "the village(s) of X", "X village/town/area", "in/near/at X". The area comes from
    an anchor right after the name ("X, Donetsk", "X (Afgooye, Lower Shabelle)", "X in Masisi")
    or from the nearest resolved place of the article's country. With a `speller` (and the
    `text`), a name spelled otherwise than the gazetteer's is read first: an admin1 or big
    city of the article's country ("in eastern Dier-ez-Zor", `spelling.respelled`), or a town
    of its anchor's admin1 ("Heish village in Idlib" -> Ḩīsh).
    """
    runs = _runs(toks, _covered(matches, places), text)
    out: list[Resolved] = []
    if speller is not None and text and runs:
        out, runs = respelled(speller, text, toks, runs, ctx)
        places = places + out
    if speller is not None and text and "(" in text:
        seats = district_seats(speller, text, places)
        if seats:
            out += seats
            places = places + seats
            runs = [(i, j) for i, j in runs if not any(
                s.start < toks[j - 1].end and toks[i].start < s.end for s in seats)]  # fmt: skip
    place_at = {p.start: p for p in places}
    if demonyms is None:  # `demonym_ends(g, matches)`, unless the caller has it already
        demonyms = demonym_ends(g, matches)
    for i, j in runs:
        found = _unknown_at(g, toks, i, j, place_at, places, ctx, speller, text, demonyms)
        if found is not None:
            out.append(found)
    return out


def _runs(toks: list[Token], covered: set[int], text: str = "") -> list[tuple[int, int]]:
    """Runs of capitalised words outside the names already read that may be a place name at
    all: up to 3 words, not all capitals, no common English word ('The', 'He' open most runs).
    (first, end) token indexes. Only the capitalised tokens are visited: this runs on every
    article."""
    runs: list[tuple[int, int]] = []
    caps = [i for i, t in enumerate(toks) if t.cap]
    k, n = 0, len(caps)
    while k < n:
        i = caps[k]
        k += 1
        t = toks[i]
        if i in covered or (t.upper and len(t.folded) < 4):
            continue
        j = i + 1
        while k < n and caps[k] == j and j not in covered and not toks[j].brk_before:
            j += 1
            k += 1
        if j - i > 1 and toks[j - 1].folded in DISTRICT_WORDS:
            j -= 1  # "Nihm District": the name, then the word that says what it is
        while j - i > 1 and toks[i].folded in COMMON and toks[i].brk_before:
            i += 1  # "In Kilgo town ...": a capitalised first word of the sentence, then the name
            t = toks[i]
        if j - i == 1:
            if not t.upper and not _common(t, text):
                runs.append((i, j))
        elif j - i <= 3:
            run = toks[i:j]
            if not all(x.upper for x in run) and not any(x.folded in COMMON for x in run):
                runs.append((i, j))
    return runs


def _common(t: Token, text: str) -> bool:
    """A common English word, as spelled (folding makes "Leego" "lego")."""
    if t.folded not in COMMON:
        return False
    return not text or text[t.start : t.end].lower().strip("'’") in COMMON_SPELLED


def _covered(matches: list[Match], places: list[Resolved]) -> set[int]:
    """Tokens of names already read (places, demonyms, names inside a place's span)."""
    spans = sorted((p.start, p.end) for p in places)
    starts = [a for a, _ in spans]
    reach = list(accumulate((b for _, b in spans), max))  # furthest end so far
    covered: set[int] = set()
    for m in matches:
        k = bisect_right(starts, m.start) - 1  # some place starts at or before m and ends after
        if m.demonym_only or (k >= 0 and reach[k] > m.start):
            covered.update(range(m.t0, m.t1))
    return covered


def _unknown_at(
    g: Gazetteer,
    toks: list[Token],
    i: int,
    j: int,
    place_at: dict[int, Resolved],
    places: list[Resolved],
    ctx: Context,
    speller: Speller | None = None,
    text: str = "",
    demonyms: dict[int, str] | None = None,
) -> Resolved | None:
    """The area of the capitalised run toks[i:j], if it stands in a place frame."""
    if any(x.folded in TITLES for x in toks[i:j]):
        return None
    noun, loc = _frames(toks, i, j)
    if not (noun or loc):
        return None
    anc = anchor(toks, j, place_at, text)
    told = told_country(toks, i, demonyms or {})
    if told is not None and (anc is None or anc.cc != told):
        # "the Lebanese village of Kfar Kila, across from the Israeli town of Metula": the
        # article's own inference when it lands in that country, else the country itself
        implied = area(g, toks[i].start, toks[j - 1].end, ctx, 0.3, None, None, places)
        if implied is not None and implied.cc == told:
            return implied
        return area(g, toks[i].start, toks[j - 1].end, ctx, 0.3, told, None, places)
    if loc and not noun and anc is None and not ctx.countries:
        return None
    cc = anc.cc if anc else None
    a1 = anc.admin1 if anc else None
    if a1 is None and (district := district_admin1(g, toks, i, j, ctx, cc)) is not None:
        found = area(g, toks[i].start, toks[j - 1].end, ctx, 0.3, district[:2], district, places)
        return _at_seat(speller, toks, i, j, found)
    if speller is not None:
        found = _spelled(speller, toks, i, j, ctx, cc, a1)
        if found is not None:
            return found
    if text:  # "the town ... 300 km north of the capital, Bamako": not in Bamako's province
        end = toks[j - 1].end
        clause = _CLAUSE_AFTER.match(text, end) is not None
        places = [
            p
            for p in places
            if not far_reference(text, p.start) and not (clause and _in_clause(text, end, p))
        ]
    found = area(g, toks[i].start, toks[j - 1].end, ctx, 0.3, cc, a1, places)
    return _in_district(toks, j, place_at, text, _at_seat(speller, toks, i, j, found))


def demonym_ends(g: Gazetteer, matches: list[Match]) -> dict[int, str]:
    """Token index just past each demonym of one country ("Lebanese" -> LB)."""
    out: dict[int, str] = {}
    for m in matches:
        if not m.demonym_only:
            continue
        ccs = {g.cc[p >> FLAG_BITS] for p in m.entries if g.kind[p >> FLAG_BITS] == KIND_COUNTRY}
        if len(ccs) == 1:
            out[m.t1] = ccs.pop()
    return out


_SETTLEMENT_NOUNS = frozenset(
    fold_token(w) for w in ("village", "town", "city", "hamlet", "settlement", "port", "hub")
)


def told_country(toks: list[Token], i: int, demonyms: dict[int, str]) -> str | None:
    """The country a demonym gives the settlement noun before the name: "the Lebanese village
    of X", "the Malian border town of X" (one modifier may stand between)."""
    if not demonyms or i < 3 or toks[i - 1].folded != "of" or toks[i - 1].brk_before:
        return None
    k = i - 2
    if toks[k].folded not in _SETTLEMENT_NOUNS:
        return None
    for end in (k, k - 1):  # "Lebanese village", "Malian border town"
        if end in demonyms:
            return demonyms[end]
    return None


def _in_district(
    toks: list[Token], j: int, place_at: dict[int, Resolved], text: str, found: Resolved | None
) -> Resolved | None:
    """ "Umm Sumeima (Bara, North Kordofan)": a village placed at its admin1 stands at the
    point of the district town its locator names first, a few km away, not at the middle of
    the province (still an area: level admin1, no id)."""
    if found is None or found.level != "admin1" or not found.admin1:
        return found
    k = j + 1 if j < len(toks) and LEVEL_WORDS.get(toks[j].folded) == "city" else j
    if k >= len(toks) or text[toks[k - 1].end : toks[k].start].strip() != "(":
        return found
    town = place_at.get(toks[k].start)
    if town is None or town.level != "city" or town.admin1 != found.admin1:
        return found
    found.lat, found.lon = town.lat, town.lon
    return found


def _at_seat(
    sp: Speller | None, toks: list[Token], i: int, j: int, found: Resolved | None
) -> Resolved | None:
    """ "Tuhayat district" placed at its admin1: at the point of the district's seat town
    when one of the admin1's towns is clearly named so (`Speller.seat`); still an area."""
    if sp is None or found is None or found.level != "admin1" or not found.admin1:
        return found
    if not _district(toks, i, j):
        return found
    rec = sp.seat(" ".join(t.folded for t in toks[i:j]), found.cc, found.admin1)
    if rec is None:
        return found
    found.lat, found.lon = sp.g.lat[rec], sp.g.lon[rec]
    return found


def district_seats(sp: Speller, text: str, places: list[Resolved]) -> list[Resolved]:
    """ "X village (Ceel Dheer, Galgaduud)": a name before ", <admin1>)" inside brackets
    names a district, and a district is named after its seat: that town of the admin1
    (`Speller.seat`). Names already read are left alone."""
    out: list[Resolved] = []
    g = sp.g
    for reg in places:
        if reg.level == "admin1" and reg.rec is not None and reg.admin1:
            code = reg.admin1
        elif reg.level == "city" and reg.rec is not None and g.fcode[reg.rec] in SEATS:
            code = g.admin1[reg.rec]  # "(As Sawadiyah, Al Bayda)": the province's seat
        else:
            continue
        if not code or not text.startswith(")", reg.end):
            continue
        m = _BEFORE_REGION.search(text, max(0, reg.start - 48), reg.start)
        if m is None or any(p.start < m.end(1) and m.start(1) < p.end for p in places):
            continue
        rec = sp.seat(m.group(1), reg.cc, code)
        if rec is not None:
            a1 = g.admin1[rec] or None
            out.append(Resolved(m.start(1), m.end(1), rec, "city", SPELLED_CONFIDENCE, g.cc[rec],
                                a1, g.lat[rec], g.lon[rec], g.name[rec]))  # fmt: skip
    return out


SEATS = ("PPLA", "PPLC")
_SENTENCE_END = re.compile(r"[.!?;]")
_BEFORE_REGION = re.compile(r"\(\s*((?-i:[A-Z])[\w'’-]*(?:[ -](?-i:[A-Z])[\w'’-]*){0,3})\s*,\s*$")


def district_admin1(
    g: Gazetteer, toks: list[Token], i: int, j: int, ctx: Context, cc: str | None
) -> str | None:
    """The admin1 of the district named by toks[i:j] ("Nihm district", "the district of
    Nihm", "Nihm District"), when the article's country (or the anchor's) leaves one."""
    if not _district(toks, i, j):
        return None
    codes = g.districts.get(" ".join(t.folded for t in toks[i:j]), ())
    countries = {cc} if cc else set(ctx.countries) if ctx.countries else None
    if countries is not None:
        codes = tuple(c for c in codes if c[:2] in countries)
    return codes[0] if len(codes) == 1 else None


def _district(toks: list[Token], i: int, j: int) -> bool:
    """toks[i:j] is named as a district: "Nihm district", "the district of Nihm"."""
    return (j < len(toks) and not toks[j].brk_before and toks[j].folded in DISTRICT_WORDS) or (
        i > 1 and toks[i - 1].folded == "of" and toks[i - 2].folded in DISTRICT_WORDS
    )


def _spelled(
    sp: Speller,
    toks: list[Token],
    i: int,
    j: int,
    ctx: Context,
    cc: str | None,
    a1: str | None,
) -> Resolved | None:
    """The city the run spells in its anchor's admin1 (near misses too), else in the
    article's main country (same spelling key only)."""
    if cc is None or a1 is None:
        return None
    name = " ".join(t.folded for t in toks[i:j])
    rec = sp.lookup(name, cc, a1, fuzzy=a1 is not None)
    if rec is None:
        return None
    g = sp.g
    return Resolved(toks[i].start, toks[j - 1].end, rec, "city", SPELLED_CONFIDENCE, g.cc[rec],
                    g.admin1[rec] or None, g.lat[rec], g.lon[rec], g.name[rec])  # fmt: skip


SPELLED_CONFIDENCE = 0.5


_AREA_NOUNS = frozenset({"area", "areas", "front", "frontline", "axis", "sector"})
# "the vicinity of Qaycad", "the outskirts of Qaycad": around a place
_AREA_OF = frozenset({"area", "vicinity", "outskirts", "outskirt", "surroundings", "environs"})


def _frames(toks: list[Token], i: int, j: int) -> tuple[bool, bool]:
    """(settlement-noun frame, locative frame) around the run toks[i:j]."""
    n = len(toks)
    prev = toks[i - 1] if i > 0 and not toks[i].brk_before else None
    prev2 = toks[i - 2] if i > 1 and prev is not None and not prev.brk_before else None
    nxt = toks[j] if j < n else None
    noun = False
    if nxt is not None and not nxt.brk_before and LEVEL_WORDS.get(nxt.folded) == "city":
        noun = True
    if nxt is not None and not nxt.brk_before and nxt.folded in _AREA_NOUNS:
        noun = True  # "Qaycad area", "the Kabani front", "the Sirwah axis"
    if prev is not None and prev.folded == "of" and prev2 is not None:
        noun = noun or LEVEL_WORDS.get(prev2.folded) == "city" or prev2.folded in _AREA_OF
    loc = prev is not None and (
        prev.folded in LOCATIVE
        or prev.folded in EVENT_VERBS
        or (prev.folded in ("of", "over") and prev2 is not None and prev2.folded in EVENT_VERBS)
        # "withdrew from X", "pulled out of X" (not "seized from Moammar Gadhafi forces")
        or (prev.folded in ("from", "of") and prev2 is not None and prev2.folded in FROM_VERBS)
    )
    return noun, loc


_CLAUSE_AFTER = re.compile(r"\s*,\s*(?:where|which|who|whose|when|while)\b", re.I)


def _in_clause(text: str, end: int, p: Resolved) -> bool:
    """p sits in the relative clause opened right after the name (ending at `end`): "the port
    town of Kyaukphyu, where China is building a port" does not put Kyaukphyu in China."""
    return p.start >= end and not _SENTENCE_END.search(text, end, p.start)


_CLAUSE_OPENERS = frozenset(
    fold_token(w)
    for w in ("where", "which", "who", "whose", "when", "while", "after", "before", "since", "as")
)


def anchor(
    toks: list[Token], j: int, place_at: dict[int, Resolved], text: str = ""
) -> Resolved | None:
    """A resolved place right after an unknown name: ', P', '(P', 'in P', 'village (P'.

    Not across a sentence end: "... the border town of Zalambessa. Asmara, which ..." does
    not put Zalambessa in Asmara's province (a full stop is no comma)."""
    k = j
    if k < len(toks) and toks[k].folded in LEVEL_WORDS and not toks[k].brk_before:
        k += 1  # "X village (Afgooye, ...)"
    if k < len(toks) and toks[k].folded == "in" and not toks[k].brk_before:
        k += 1
    elif k >= len(toks) or not toks[k].brk_before:
        return None
    if text and _SENTENCE_END.search(text, toks[j - 1].end, toks[k].start):
        return None
    if toks[k].folded in _CLAUSE_OPENERS:
        return None  # "the port town of Kyaukphyu, where China is building a port": no container
    found = [
        p
        for kk in range(k, min(k + 5, len(toks)))
        if (p := _starting_at(toks, kk, place_at)) is not None
        and p.level in ("city", "admin1", "country")
    ]
    for lvl in ("admin1", "city", "country"):  # "(Adan Yabaal, Middle Shabelle)": the admin1
        for p in found:
            if p.level == lvl:
                return p
    return None


def _starting_at(toks: list[Token], kk: int, place_at: dict[int, Resolved]) -> Resolved | None:
    """The place read at token kk: starting with it, or in the gap just before it ("(Al
    Bayda)": the place starts at its article, which is no token of its own)."""
    t = toks[kk]
    for at in range(t.start, toks[kk - 1].end - 1, -1):
        p = place_at.get(at)
        if p is not None and p.end > t.start:
            return p
    return None
