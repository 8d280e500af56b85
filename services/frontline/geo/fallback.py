"""Fallbacks when a name has no good gazetteer reading: the smallest area the article pins it
to (its admin1 or country), demonyms as countries, and 'southern Syria' as a region."""

from __future__ import annotations

import re

from frontline.geo.gazetteer import FLAG_BITS, KIND_COUNTRY, Gazetteer
from frontline.geo.matcher import Match
from frontline.geo.normalize import Token
from frontline.geo.reading import Context, Resolved, haversine, place_of
from frontline.geo.words import DIRECTIONS

CONVERTED = r"(?:\s*\([^()]{1,24}\))?"  # "130 km (80 miles)": the conversion in brackets
# "300 kilometres (190 miles) north of the capital, Bamako", "46 km from Gubio": measured from
_FAR_OF = re.compile(
    r"(?P<km>\d+(?:\.\d+)?)\s*(?P<unit>km|kilomet(?:er|re)s?|miles?)" + CONVERTED + r"\s+"
    r"(?:(?:to\s+the\s+)?(?:north|south|east|west)[\w-]*\s+of|from)\s+"
    r"(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:capital,?\s+)?$",
    re.I,
)
FAR_REFERENCE_KM = 50.0  # measured from a place this far or more: not in its province


# a bracketed locator after a place: "Bulo Burte (Hiraan) by ...", "X (Hiraan) to ..."
LOCATOR_AFTER = r"(?:\s*\([^()\n]{1,60}\))?"
# a place inside a bracketed locator after a name: "Bara (North Kordofan)", "Mahaday
# village (Jowhar, Middle Shabelle)" -- the text before the place
_LOCATOR_OPEN = re.compile(r"[\w'’.)-]\s*\((?:[^()\n,]{1,40},\s*)?$")


def in_locator(text: str, start: int) -> bool:
    """The place starting at `start` locates the name before its bracket (ACLED's
    "(District, Admin1)"): a division it lies in, not a place of its own."""
    return _LOCATOR_OPEN.search(text, max(0, start - 48), start) is not None


def far_reference(text: str, start: int) -> bool:
    """Is the place at `start` one the text measures a distance of 50 km or more from? Then
    it is not the province of a name the text does not attach to it."""
    m = _FAR_OF.search(text, max(0, start - 70), start)
    return m is not None and km_of(m) >= FAR_REFERENCE_KM


def km_of(m: re.Match[str]) -> float:
    """The distance a match's `km` and `unit` groups give, in km."""
    return float(m.group("km")) * (1.609 if m.group("unit").lower().startswith("mi") else 1.0)


def area(
    g: Gazetteer,
    start: int,
    end: int,
    ctx: Context,
    conf: float,
    cc: str | None = None,
    admin1: str | None = None,
    places: list[Resolved] | None = None,
) -> Resolved | None:
    """The smallest area the article pins an unknown name to.

    Explicit anchor (admin1/cc) first; else the admin1 of the nearest resolved place in the
    article's main country ("X village in southern Idleb"); else that country.
    """
    if admin1 is None and cc is None:
        cc, admin1 = _implied_area(start, end, ctx, places)
        if cc is None:
            return None
    if admin1 and admin1 in g.admin1_rec:
        r = g.admin1_rec[admin1]
        return Resolved(
            start,
            end,
            None,
            "admin1",
            round(conf, 3),
            g.cc[r],
            admin1,
            g.lat[r],
            g.lon[r],
            g.name[r],
        )
    if cc and cc in g.country_rec:
        r = g.country_rec[cc]
        return Resolved(
            start, end, None, "country", round(conf, 3), cc, None, g.lat[r], g.lon[r], g.name[r]
        )
    return None


def _implied_area(
    start: int, end: int, ctx: Context, places: list[Resolved] | None
) -> tuple[str | None, str | None]:
    """(country, admin1) of the article around a span: its main country, else the nearest
    resolved place's; the admin1 of the nearest place there, else the one the article leans to."""
    near = sorted(
        (p for p in places or () if p.rec is not None and p.admin1 and p.cc),
        key=lambda p: abs(p.start - end) if p.start >= end else 3 * abs(start - p.end),
    )
    cc = ctx.top() or (near[0].cc if near else None)
    if cc is None:
        return None, None
    near = [p for p in near if p.cc == cc]
    if near:
        return cc, near[0].admin1
    a1s = sorted(((n, a) for a, n in ctx.admin1.items() if a.startswith(cc + ".")), reverse=True)
    if len(a1s) == 1 or (a1s and a1s[0][0] > a1s[1][0]):
        return cc, a1s[0][1]
    return cc, None


def fallback(
    g: Gazetteer, m: Match, ctx: Context, conf: float, places: list[Resolved] | None = None
) -> Resolved | None:
    """Country or admin1 of the article for a place missing from the gazetteer."""
    return area(g, m.start, m.end, ctx, conf, places=places)


def demonym_place(g: Gazetteer, m: Match) -> Resolved | None:
    """'Syrian' as the country it names."""
    for p in m.entries:
        r = p >> FLAG_BITS
        if g.kind[r] == KIND_COUNTRY:
            return place_of(g, m, r, 0.5)
    return None


def directional(
    g: Gazetteer, toks: list[Token], matches: list[Match], places: list[Resolved]
) -> None:
    """'southern Syria' -> a region-level place at the country's point (edits places)."""
    by_start = {p.start: p for p in places}
    for m in matches:
        if m.t0 == 0:
            continue
        prev = toks[m.t0 - 1]
        if prev.folded not in DIRECTIONS or toks[m.t0].brk_before:
            continue
        p = by_start.get(m.start)
        if p is None or p.level != "country":
            continue
        p.start = prev.start
        p.level = "region"
        p.name = f"{prev.folded} {g.name[p.rec]}" if p.rec is not None else p.name


VILLAGE_POP = 5000  # below this a reading is a village: namesakes abound
FAR_KM = 100.0  # from the named admin1's point: a neighbouring province's edge is closer


def outside_named_admin1(g: Gazetteer, places: list[Resolved], ctx: Context) -> None:
    """A village read in another province than the one the article names (edits places).

    "In the Yemen province of Jawf, ... recaptured Salabah valley": when an article names
    one admin1 of a country explicitly, a village of that country (under VILLAGE_POP) that
    lies in another admin1, more than FAR_KM from the named one, with no other place of the
    article in its admin1, is a namesake: the name stays, located at the named admin1.
    """
    named: dict[str, set[str]] = {}
    for p in places:
        if p.rec is not None and p.level == "admin1" and p.admin1:
            named.setdefault(p.cc, set()).add(p.admin1)
    if not named:
        return
    cities = {(p.admin1, p.rec) for p in places if p.rec is not None and p.level == "city"}
    per_admin1: dict[str | None, int] = {}
    for a1, _rec in cities:
        per_admin1[a1] = per_admin1.get(a1, 0) + 1
    for i, p in enumerate(places):
        a1s = named.get(p.cc)
        if p.rec is None or p.level != "city" or not a1s or len(a1s) != 1 or p.admin1 in a1s:
            continue
        if g.pop[p.rec] >= VILLAGE_POP or per_admin1.get(p.admin1, 0) > 1:
            continue
        (a1,) = a1s
        r = g.admin1_rec.get(a1)
        if r is None or haversine(p.lat, p.lon, g.lat[r], g.lon[r]) <= FAR_KM:
            continue
        found = area(g, p.start, p.end, ctx, 0.3, p.cc, a1)
        if found is not None:
            places[i] = found
