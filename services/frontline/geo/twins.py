"""Namesakes across a border told apart by spelling (issue 10, "twins").

"SDF fighters withdrew from Ras al-Ain in Hasakah province": "Ras al Ain" is an alternate name
of Ceylanpınar (TR, 31,000 people) and of the Syrian town across the border, which cities500
lists as "Ra's al 'Ayn" with population 0. The population prior and the Turkish reading's own
weight as country evidence keep the Turkish town ahead even when the text names Syria or
Hasakah. So, after scoring: a city read through a foreign alternate name, in a country that
is not the article's leading one, or outside the admin1/country named right after it ("X in
Hasakah province", "X, Hasakah", "X in Syria"; also another province of the same country),
gives way to the city of that country (admin1) with the same spelling key
(`spelling.Speller.lookup`, exact key, no near miss); when only the leading country points to
it, that city must lie within TWIN_KM. The checks run cheapest first: the key lookup runs only
for the few readings that pass (82 key lookups over the 3,000 articles of the throughput
corpus).
"""

from __future__ import annotations

import re

from frontline.geo.gazetteer import F_CURATED, F_PRIMARY, FLAG_BITS, LEVELS
from frontline.geo.matcher import Match
from frontline.geo.reading import Context, Resolved, haversine
from frontline.geo.spelling import Speller

# The most one place name adds to its own country's evidence (`Resolver._add_evidence`): a
# country with more was named elsewhere in the article and its reading is not overturned.
OWN_WEIGHT = 1.0
# Without a container named in the text, only a namesake this close counts (a twin across the
# border, as `Scorer._twins` pairs same-name places): "Russian forces took Avdiivka" must not
# move a Ukrainian town to a same-key Russian village far away.
TWIN_KM = 50.0
# Text between a name and the place containing it: "X in (the) Y"; "X, Y" / "X (Y" only when
# Y is a division or town ("Avdeevka, Russia said" names who spoke, not where the town lies)
_IN = re.compile(r"\s+in\s+(?:the\s+)?")
_APPOSED = re.compile(r"\s*,\s*|\s*\(\s*")


def container(text: str, out: list[Resolved | None], i: int) -> tuple[str, str | None] | None:
    """(cc, admin1) of the place named right after out[i] ("X in Hasakah province")."""
    p = out[i]
    nxt = next((out[k] for k in range(i + 1, len(out)) if out[k] is not None), None)
    if p is None or nxt is None or nxt.rec is None or not nxt.cc:
        return None
    gap = text[p.end : nxt.start]
    if _IN.fullmatch(gap):
        if nxt.level == "country":
            return nxt.cc, None
    elif not _APPOSED.fullmatch(gap) or text.startswith(("'s", "’s"), nxt.end):
        return None
    return (nxt.cc, nxt.admin1) if nxt.level in ("admin1", "city") and nxt.admin1 else None


def twins(
    sp: Speller, text: str, matches: list[Match], out: list[Resolved | None], ctx: Context
) -> None:
    """Replace a city read abroad by its same-spelling namesake in the article's country or in
    the place named right after it (edits out; out[i] is the reading of matches[i])."""
    g = sp.g
    top = ctx.top()
    for i, r in enumerate(out):
        if r is None or r.rec is None or r.level != "city" or g.fcode[r.rec] == "PPLC":
            continue
        packed = next((p for p in matches[i].entries if p >> FLAG_BITS == r.rec), F_PRIMARY)
        if packed & (F_CURATED | F_PRIMARY):
            continue  # the city's own name or a curated alias: no namesake question
        named = container(text, out, i)
        near = named is None
        if named is None:
            # the article's leading country, when nothing but this name points to the other
            if top is None or top == r.cc or ctx.countries[r.cc] > OWN_WEIGHT:
                continue
            cc, admin1 = top, None
        else:
            cc, admin1 = named
            if cc == r.cc and admin1 in (None, r.admin1):
                continue  # the text puts it where the reading lies
        found = sp.lookup(text[r.start : r.end], cc, admin1, fuzzy=False)
        if (
            found is not None
            and near
            and haversine(r.lat, r.lon, g.lat[found], g.lon[found]) > TWIN_KM
        ):
            found = None
        if found is not None:
            out[i] = Resolved(r.start, r.end, found, LEVELS[g.kind[found]], r.confidence,
                              g.cc[found], g.admin1[found] or None, g.lat[found], g.lon[found],
                              g.name[found])  # fmt: skip
