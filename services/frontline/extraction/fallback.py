"""No silent drop: places the gazetteer lacks still get an honest location.

Front lines run through villages GeoNames does not list. When the text marks a name as a
place ("Jana Cabdalle village", "the town of Tal Sultan", "Al-Katiba and Al-Mahjura
villages") or the geoparser found a toponym it could only place at country level, the event
is kept: located at the admin1 that the article's other places point to (nearest first), else
at the country, with `level` saying so and the surface name kept in `mention`.
Place nouns and name particles are data (`data/lexicon/places.yaml`).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources

import ahocorasick
import yaml

from frontline.geo import borders
from frontline.geo.fallback import CONVERTED, far_reference, km_of
from frontline.geo.parts import bearing
from frontline.geo.place import Place
from frontline.geo.words import LEVEL_WORDS

FALLBACK_CONFIDENCE = 0.45
GEO_FALLBACK_CONFIDENCE = 0.3  # what the geoparser gives a name it could only place by area
ACTOR_FALLBACK_CONFIDENCE = 0.25  # a country read off the actors alone, no place in the text
# A country's point stands in for an unknown village only in a compact country: one whose
# provinces lie on median within this distance of it (Syria 186 km, Iraq 194, Lebanon 53;
# Yemen 423, Sudan 529, Somalia 689: there the point says nothing a map can use).
COMPACT_COUNTRY_KM = 200.0
# A village this far from every province of the country its armed groups fight in, in a
# country the text names nowhere else, is a namesake of the one the note means.
FAR_FROM_HOME_KM = 400.0
LOCAL_POPULATION = 1_000_000  # a city this big is news in its own right, not a namesake
# words between an unknown name and the place that locates it
# ("X, which lies about 130 km (80 miles) to the northwest of Y", "X lies 20 km east of Y")
_LIES = (
    r"(?:(?:(?:which|that)\s+)?(?:lies|is|sits)\s+(?:located\s+|situated\s+)?"
    r"(?:(?:about|some|around|roughly|nearly|approximately)\s+)?)?"
)
_ATTACHED = re.compile(
    r"(?:\s+(?:village|town|area|district|hill|camp|villages|areas|(?:army\s+|military\s+)?"
    r"(?:base|camp|garrison|post|outpost|barracks)))?[\s,]*" + _LIES + r"(?:\(|"
    r"(?:(?:in|near|outside|of|close\s+to|"
    r"(?:\d+(?:\.\d+)?\s*(?:km|kilomet(?:er|re)s?|miles?)" + CONVERTED + r"\s+(?:to\s+the\s+)?)?"
    r"(?:north|south|east|west|[NSEW]{1,3})"
    r"(?:-?(?:east|west))?(?:ern)?\s+of)\s+(?:the\s+)?(?:(?:northern|southern|eastern|western|"
    r"central|rural)\s+)?))[^.;()]*$",
    re.I,
)
_KM_OF = re.compile(
    r"(?P<km>\d+(?:\.\d+)?)\s*(?P<unit>km|kilomet(?:er|re)s?|miles?)"
    + CONVERTED
    + r"\s+(?:to\s+the\s+)?"
    r"(?P<way>(?:north|south)(?:-?(?:east|west))?|east|west|[NSEW]{1,3})(?:ern)?\s+of\s+"
    r"(?:the\s+)?(?:capital,?\s+)?[^,;()]*$",
    re.I,
)
_COMPASS = re.compile(r"\b[NSEW]{1,3}\b")
_LETTERS = {
    k: " ".join({"N": "north", "S": "south", "E": "east", "W": "west"}[c] for c in k)
    for k in ("N", "S", "E", "W", "NE", "NW", "SE", "SW", "NNE", "NNW", "SSE", "SSW", "ENE",
              "ESE", "WNW", "WSW")
}  # fmt: skip
KM_PER_DEGREE = 111.2
MAX_OFFSET_KM = 300.0  # further than this the text is not placing X by Y
_CONTAINED = re.compile(
    r"(?:\s+(?:district\s+(?:center|centre)|district|town|village|city))?"
    r"(?:\s*,\s*|\s*\(\s*|\s+in\s+(?:the\s+)?(?:(?:northern|southern|eastern|western|central)\s+)?)$",
    re.I,
)
_ALL_IN = re.compile(
    r"(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?-i:[A-Z])[\w'’-]*(?:[\s-](?-i:[A-Z])[\w'’-]*){0,3}){0,6}"
    r"\s*,?\s+(?:all|both)\s+(?:in|of)\s+(?:the\s+)?",
    re.I,
)
VILLAGE_POP = 5000  # below this a reading is a village: namesakes abound
_LIST_BEFORE = re.compile(r"(?:,|\band|\bor)\s*$", re.I)
_LIST_AFTER = re.compile(r"\s*(?:,\s*(?-i:[A-Z])|\band\b|\bor\b)", re.I)
_CAP_BEFORE = re.compile(r"[A-Z][\w'’-]*\s+$")
_OF_CAP = re.compile(r"\s+of\s+(?:[a-z]+-)?[A-Z]")
_CONTAINER = re.compile(r"\s+(?:in|of)\s+(?:the\s+)?", re.I)
# a direction naming part of a province: "northern", "north-eastern", "north/western",
# "southern and eastern", before the name ("in the northern countryside of Aleppo") or
# after it ("Hama north eastern countryside")
_DIR = r"(?:(?:north|south)(?:[-/\s]?(?:east|west))?|east|west)(?:ern)?"
_PART_BEFORE = re.compile(
    rf"\b(?:(?P<d>{_DIR}(?:\s+and\s+{_DIR})?)\s+(?:(?:rural\s+)?(?:countryside|areas?|parts?|"
    rf"outskirts)\s+of\s+(?:the\s+)?)?|the\s+(?P<n>{_DIR})\s+of\s+(?:the\s+)?)$",
    re.I,
)  # "north of Hama" (no article) is beside the city, not a part of the province
_PART_AFTER = re.compile(rf"(?:['’]s)?\s+(?P<d>{_DIR})\s+(?:countryside|areas?|parts?)\b", re.I)


@cache
def _vocab() -> dict:
    path = resources.files("frontline").joinpath("data/lexicon/places.yaml")
    return yaml.safe_load(path.read_text("utf-8"))


def _name(words: int) -> str:
    """A capitalised place name of up to `words` words, particles included ("Umm Serdiba",
    "Deir ez-Zor")."""
    part = "|".join(_vocab()["name_particles"])
    word = r"(?-i:[A-Z])[\w'’]+(?:-[\w'’]+)*"
    lead = rf"(?:(?:{part})[-\s])"
    return rf"{lead}?{word}(?:[\s-](?:{lead})?{word}){{0,{words - 1}}}"


@cache
def unknown_name_regex() -> re.Pattern[str]:
    """A capitalised name marked as a place by a place noun next to it."""
    v = _vocab()
    nouns = "|".join(sorted(v["place_nouns"], key=len, reverse=True))
    part = "|".join(v["name_particles"])
    word = r"(?-i:[A-Z])[\w'’]+(?:-[\w'’]+)*"
    name = rf"(?:{_name(4)}|(?:{part})-{word})"
    names = rf"(?P<names>{name}(?:\s*(?:,|,?\s+and)\s+{name}){{0,4}})"
    return re.compile(
        rf"(?<![\w-])(?:{names}\s+(?P<noun_after>{nouns})\b"
        rf"|(?:the\s+)?(?P<noun_before>{nouns})\s+of\s+"
        rf"(?P<name_of>{name}(?:\s*(?:,|,?\s+and)\s+{name}){{0,4}}))"
        rf"(?![\w-])",
        re.I,
    )


@cache
def _noun_automaton() -> ahocorasick.Automaton:
    """Place nouns, lower-case, for one C-speed pass over an article."""
    auto = ahocorasick.Automaton()
    for noun in _vocab()["place_nouns"]:
        auto.add_word(noun, len(noun))
    auto.make_automaton()
    return auto


def _windows(
    text: str, s: int, e: int, starts: frozenset[int] = frozenset(), ends: dict | None = None
) -> list[tuple[int, int]]:
    """Spans around a place noun next to a capitalised word ("A and B villages", "village
    of X"): the only places where the full name regex is worth trying. A noun whose name is
    a known place ("the town of Maarat", "Maarat town") needs nothing more."""
    out: list[tuple[int, int]] = []
    stop = _not_names()
    lower = text.lower()
    if len(lower) != len(text):  # lower() changed offsets (rare scripts): search as written
        lower = text
    for last, size in _noun_automaton().iter(lower, s, e):
        a, b = last + 1 - size, last + 1
        if (a > 0 and (text[a - 1].isalnum() or text[a - 1] == "-")) or (
            b < len(text) and (text[b].isalnum() or text[b] == "-")
        ):
            continue  # inside a word: "areas" is found by its own entry, "farmers" is not one
        before = _CAP_BEFORE.search(text, max(0, a - 40), a)
        if before is not None and before.group(0).strip().casefold() in stop:
            before = None  # "The town", "Several villages"
        if before is not None and ends:
            known = ends.get(before.start() + len(text[before.start() : a].rstrip()))
            if known is not None and not _LIST_BEFORE.search(text, max(0, known - 8), known):
                before = None  # "Maarat town", not "A and Maarat towns"
        after = _OF_CAP.match(text, b, b + 24)
        if after is not None and after.end() - 1 in starts:
            after = None  # "the town of Maarat"
        if before is None and after is None:
            continue
        lo, hi = max(s, a - 120), min(e, b + 90)
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return out


@cache
def _name_split() -> re.Pattern[str]:
    return re.compile(r"\s*(?:,|,?\s+and)\s+")


@cache
def _not_names() -> frozenset[str]:
    return frozenset(_vocab()["not_names"].casefold().split())


def unknown_names(
    text: str,
    s: int,
    e: int,
    taken: list[tuple[int, int]],
    known: list | None = None,
) -> list[tuple[int, int]]:
    """Spans of place-marked names in text[s:e] that overlap no known place or actor.

    A neighbourhood of a known city ("Sheikh Maqsoud neighborhood in Aleppo city") is left
    to that city: the city is where it is, no fallback needed.
    """
    out: list[tuple[int, int]] = []
    stop = _not_names()
    starts = {p.start: p for p in known or () if p.level == "city"}
    windows = _windows(text, s, e, frozenset(a for a, _ in taken), {b: a for a, b in taken})
    matches = [m for a, b in windows for m in unknown_name_regex().finditer(text, a, b)]
    for m in matches:
        noun = (m.group("noun_after") or m.group("noun_before") or "").lower()
        if noun.startswith("neighbo"):
            tail = _CONTAINER.match(text, m.end(), m.end() + 12)
            if tail and tail.end() in starts:
                continue
        group = "name_of" if m.group("name_of") else "names"
        spans, pos = [], m.start(group)
        for part in _name_split().split(m.group(group)):
            start = text.index(part, pos)
            spans.append((start, start + len(part)))
            pos = start + len(part)
        for a, b in spans:
            words = text[a:b].split()
            if words[0].casefold() in stop or any(x < b and a < y for x, y in taken):
                continue
            if len(words) == 1 and words[0].casefold() in _demonyms():
                continue  # "a key Somali town": a nationality, not the town's name
            out.append((a, b))
    return out


@cache
def _demonyms() -> frozenset[str]:
    from frontline.actors import ActorDictionary

    return frozenset(ActorDictionary.default().demonyms)


@cache
def _control_of_regex() -> re.Pattern[str]:
    """ "took control of Garcad", "retake control over Umm Serdiba", "overran Bacadweyn": the
    object of a control phrase, or of a verb that takes ground, is a place even with no place
    noun next to it."""
    name = _name(3)
    return re.compile(
        r"\b(?:(?:took|take|takes|taken|taking|retook|retake|retakes|retaken|retaking|gain(?:s|ed|ing)?|"
        r"regain(?:s|ed|ing)?|seiz(?:e|es|ed|ing)|assum(?:e|es|ed|ing)|wrest(?:s|ed|ing)?)"
        r"\s+(?:full\s+|complete\s+|total\s+|back\s+)?control\s+(?:of|over)|"
        # verbs whose object is ground, never a person ("captured Abu Khalid, a commander" is
        # one): "overran Bacadweyn", "retook Atshan", "occupied Tal Tamr"
        r"overr[au]n(?:s|ning)?|retook|retak(?:e|es|en|ing)|occup(?:y|ies|ied|ying)|"
        r"storm(?:s|ed|ing)?)\s+"
        rf"(?P<name>{name})(?=\s*(?:[,.;)]|$|\s+(?:on|after|following|in|from|near|village|town|"
        r"area|district|late|early|overnight|without|and|as|when|with)\b))",
    )


# a word every match of `_control_of_regex` holds (it is case-sensitive): most articles hold
# none, and skip the regex
_CONTROL_WORDS = ("control", "overr", "retook", "retak", "occup", "storm")


def controlled_names(text: str, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans of unknown names that are the object of "took control of" or of a verb that
    takes ground ("overran Bacadweyn"), overlapping no known place or actor."""
    if not any(w in text for w in _CONTROL_WORDS):
        return []
    stop = _not_names()
    out = []
    for m in _control_of_regex().finditer(text):
        a, b = m.span("name")
        if text[a:b].split()[0].casefold() in stop or any(x < b and a < y for x, y in taken):
            continue
        out.append((a, b))
    return out


def _area_of(p: Place, geo: object) -> Place | None:
    lookup_a1 = getattr(geo, "lookup_admin1", None)
    lookup_cc = getattr(geo, "lookup_country", None)
    level = getattr(p, "level", "")
    if level == "admin1":
        return p
    if level == "city" and getattr(p, "admin1", None) and lookup_a1 is not None:
        return lookup_a1(p.admin1)
    if level == "region" and getattr(p, "feature_code", "") == "RGN" and p.country_code:
        # a curated division of one country the gazetteer lacks ("Coast Province" of Kenya,
        # Malawi's "Northern Region"): its own point, nearer than the country's
        return p
    if level in ("region", "country") and lookup_cc is not None:
        return lookup_cc(p.country_code)
    return None


def _with_point(area: Place | None, town: Place) -> Place | None:
    """The province `area` at the point of `town` when the town lies in it."""
    if area is None or town.level != "city" or area.admin1 != town.admin1:
        return area
    return replace(area, lat=town.lat, lon=town.lon)


def province_at(town: Place, geo: object) -> Place | None:
    """The province of `town` at the town's point: where an unnamed place near it lies."""
    area = _area_of(town, geo)
    return None if area is None or area is town else _with_point(area, town)


def attached(end: int, places: list, geo: object, text: str) -> Place | None:
    """The area of the place right after a name that locates it ("X in eastern Ukraine")."""
    for p in places:
        if p.start >= end:
            if p.start - end <= 90 and _ATTACHED.match(text, end, p.start):
                # "X village (Bulo Burto, Hiraan)", "X near Y": the province, but the point
                # of the town the text places X at (the best estimate we have)
                return _offset(_with_point(_area_of(p, geo), p), p, text[end : p.start])
            return None
    return None


def _offset(area: Place | None, town: Place, gap: str) -> Place | None:
    """ "X (60 km SE of Y)": the point that far from town Y that way."""
    m = _KM_OF.search(gap)
    at_town = area is not None and (area.lat, area.lon) == (town.lat, town.lon)
    if area is None or m is None or town.level != "city" or not at_town:
        return area
    way = bearing(_COMPASS.sub(lambda c: _LETTERS[c.group(0).upper()], m.group("way")))
    km = km_of(m)
    if way is None or km > MAX_OFFSET_KM:
        return area
    lat = town.lat + km * way[0] / KM_PER_DEGREE
    lon = town.lon + km * way[1] / (KM_PER_DEGREE * max(0.1, math.cos(math.radians(town.lat))))
    return replace(area, lat=round(lat, 5), lon=round(lon, 5))


def container(p: Place, places: list, geo: object, text: str) -> Place | None:
    """The area a text puts a resolved city in, when it is not the city's own.

    "Heorhiivka, Donetsk", "Zari (Balkh)", "Zari in Balkh province": a container right after
    the name whose admin1 (or country) differs from the city's says the geoparser picked a
    namesake elsewhere. A list ("Goma, Bukavu and Uvira") is not a container.
    """
    found = _list_container(p, places, geo, text)
    if found is not None:
        return found
    nxt = text[p.end : p.end + 12].lower()
    if not nxt.startswith((",", "(", " (", " in ", " district", " town", " village", " city")):
        return None  # fast path: nothing after the name that could contain it
    if _LIST_BEFORE.search(text, max(0, p.start - 12), p.start):
        return None
    for q in places:
        if q.start < p.end or q is p:
            continue
        m = _CONTAINED.match(text, p.end, q.start)
        if m is None or q.start - p.end > 30:
            return None
        if q.level == "city" and _LIST_AFTER.match(text, q.end):
            return None  # "Goma, Bukavu and Uvira"
        if q.level in ("region", "country"):
            return _area_of(q, geo) if q.country_code != p.country_code else None
        if q.admin1 and q.admin1 != p.admin1 and (q.level == "admin1" or m.group(0).strip()):
            return _with_point(_area_of(q, geo), q)
        return None
    return None


def _list_container(p: Place, places: list, geo: object, text: str) -> Place | None:
    """ "A, B and C, all in X district": the container of a whole list, when a small place
    of the list was read in another province than X's (a namesake)."""
    if p.level != "city" or p.population >= VILLAGE_POP:
        return None
    if not text.startswith((",", " and "), p.end):
        return None
    m = _ALL_IN.match(text, p.end, p.end + 160)
    if m is None:
        return None
    q = next((q for q in places if q.start == m.end()), None)
    if q is None or q.level not in ("city", "admin1") or not q.admin1 or q.admin1 == p.admin1:
        return None
    return _with_point(_area_of(q, geo), q)


def anchor(pos: int, places: list, geo: object, text: str = "", end: int = -1) -> Place | None:
    """The admin1 (else country) the text points an unknown name to.

    A place attached to the name wins ("X village (Bulo Burto, Hiraan)", "X in eastern
    Ukraine", "X near Pokrovsk"); else the nearest of the article's places with an admin1,
    else the article's most named country.
    """
    if text and end >= 0:
        found = attached(end, places, geo, text)
        if found is not None:
            return found
    lookup_a1 = getattr(geo, "lookup_admin1", None)
    lookup_cc = getattr(geo, "lookup_country", None)
    known = [
        p
        for p in places
        if getattr(p, "admin1", None)
        and p.level in ("city", "admin1")
        and not (text and far_reference(text, p.start))
    ]
    if known and lookup_a1 is not None:
        # after the name first ("X village (Bulo Burto, Hiraan)", "X town in northern Hama")
        near = min(known, key=lambda p: (p.start - pos) if p.start >= pos else 3 * (pos - p.end))
        found = near if near.level == "admin1" else _with_point(lookup_a1(near.admin1), near)
        if found is not None:
            return found
    countries = [p.country_code for p in places if getattr(p, "country_code", None)]
    if countries and lookup_cc is not None:
        cc = max(set(countries), key=lambda c: (countries.count(c), -countries.index(c)))
        return lookup_cc(cc)
    return None


def toward(area: Place, start: int, places: list, geo: object, text: str) -> Place:
    """`area` (an unknown place's admin1) at the point of the part of it the text names.

    "X town in northern Hama": the admin1 mention nearest to X (or its seat city standing
    for it, "the northern countryside of Aleppo") carries a direction; the fallback then
    stands at the centre of that part's cities (`Geoparser.admin1_part`), still at level
    admin1. A point already moved to a town the text ties X to stays.
    """
    part = getattr(geo, "admin1_part", None)
    if part is None or area.level != "admin1" or not area.admin1 or not text:
        return area
    own = [
        q
        for q in places
        if q.admin1 == area.admin1
        and (q.level == "admin1" or (q.level == "city" and q.feature_code in ("PPLA", "PPLC")))
        and q.confidence > GEO_FALLBACK_CONFIDENCE
        and q.geonameid is not None  # another unknown name placed there says nothing
    ]
    if not own:
        return area
    q = min(own, key=lambda q: abs(q.start - start))
    base = q if q.level == "city" else getattr(geo, "lookup_admin1", lambda _c: None)(area.admin1)
    if base is None or (area.lat, area.lon) != (base.lat, base.lon):
        return area  # placed at a town the text ties the name to
    m = _PART_BEFORE.search(text, max(0, q.start - 45), q.start) or _PART_AFTER.match(
        text, q.end, q.end + 40
    )
    if m is None:
        return area
    point = part(area.admin1, m.group("d") or m.group("n"))
    return area if point is None else replace(area, lat=point[0], lon=point[1])


def placed(p: Place, geo: object) -> bool:
    """An admin1 stand-in the geoparser set at a point of its own (a district's seat)."""
    lookup = getattr(geo, "lookup_admin1", None)
    own = lookup(p.admin1) if lookup is not None and p.admin1 else None
    return own is not None and (own.lat, own.lon) != (p.lat, p.lon)


def nearest_town(p: Place, places: list) -> Place | None:
    """The article's town nearest to `p` in the text that lies in p's province."""
    towns = [q for q in places if q.level == "city" and q.admin1 and q.admin1 == p.admin1]
    if not towns:
        return None
    return min(
        towns, key=lambda q: (q.start - p.end) if q.start >= p.end else 3 * (p.start - q.end)
    )


def in_region(loc: object) -> bool:
    """A name the gazetteer lacks located at a curated division (`data/geo/regions.tsv`):
    "Kolbio village in Coast Province" stands at Kenya's former province. Unlike a region
    named as the place ("southern Ukraine", "Darfur"), such an event is kept."""
    name = str(getattr(loc, "name", "") or "").casefold()
    mention = str(getattr(loc, "mention", "") or "").casefold()
    if not (
        getattr(loc, "level", "") == "region"
        and getattr(loc, "feature_code", "") == "RGN"
        and getattr(loc, "country_code", None)
        and mention
    ):
        return False
    if mention not in name and name not in mention:
        return True
    # a division by its name ("North Eastern Province", "Northern Region"): like an admin1
    return LEVEL_WORDS.get(name.rsplit(" ", 1)[-1]) == "admin1"


def located(area: Place, mention: str, start: int, end: int) -> Place:
    """`area` standing in for the unknown place named `mention`."""
    conf = min(FALLBACK_CONFIDENCE, float(area.confidence or 1.0))
    return replace(area, mention=mention, start=start, end=end, confidence=conf)


def actor_country(mentions: list) -> str | None:
    """The one country the article's armed actors belong to, when they agree.

    A note that names no place the gazetteer knows ("Al Shabaab gains control of Garcad")
    still says where it is through its actors. Named non-state groups decide (a foreign
    army fights abroad: "AMISOM-ENDF forces withdrew"); with none, one state's forces do.
    Two countries, or none, and nothing is implied.
    """
    groups = {m.entry.country for m in mentions if m.entry.category == "group" and m.entry.country}
    states = {
        m.entry.country
        for m in mentions
        if m.entry.category == "state" and m.entry.country and not m.entry.weak
    }
    if groups:
        if len(states) == 1 and states <= theatres(mentions):
            return states.pop()  # "Military Forces of Niger ... Boko Haram": Niger's front
        return groups.pop() if len(groups) == 1 else None
    return states.pop() if len(states) == 1 else None


def groups_country(mentions: list) -> str | None:
    """`actor_country` when the note names an armed group tied to a country: the country the
    geoparser is told the note is about. A state's forces alone say nothing of it: armies fight
    abroad ("Russian forces took Pokrovka" is in Ukraine, and Russia has a Pokrovka too)."""
    if not any(m.entry.category == "group" and m.entry.country for m in mentions):
        return None
    return actor_country(mentions)


def theatres(mentions: list) -> set[str]:
    """Countries every named group of the note fights in (`countries:` in actors.yaml; a
    group with none fights at home only)."""
    found: set[str] | None = None
    for m in mentions:
        if m.entry.category == "group" and m.entry.country:
            own = {cc for cc, _a1 in m.entry.countries} or {m.entry.country}
            found = own if found is None else found & own
    return found or set()


def theatre_admin1(mentions: list, cc: str) -> str | None:
    """The admin1 a multi-country group fights in within cc (Boko Haram in Niger: Diffa)."""
    a1s = {
        a1
        for m in mentions
        if m.entry.category == "group"
        for c, a1 in m.entry.countries
        if c == cc and a1
    }
    return a1s.pop() if len(a1s) == 1 else None


def home_countries(mentions: list) -> set[str]:
    """The countries of the named armed groups that fight at home (Al Shabaab: Somalia)."""
    home = {
        m.entry.country
        for m in mentions
        if m.entry.category == "group" and m.entry.country and not m.entry.abroad
    }
    return home | {
        cc for m in mentions if m.entry.category == "group" for cc, _a1 in m.entry.countries
    }


@dataclass(frozen=True)
class Support:
    """The countries a note's places and actors point to, counted once per article: the
    per-place tests below rescanning every place and actor cost O(n^2) on a long article
    (a megabyte of "Rebels captured Hama." ran out of its CPU budget)."""

    places: Counter[str]  # country -> places read there
    told: frozenset[str]  # countries named as such, or by a province of theirs
    mentions: Counter[tuple[str, str]]  # (country, folded mention) -> places
    names: Counter[tuple[str, str]]  # (country, name) -> places
    actors: frozenset[str]  # countries of any actor named
    armed: frozenset[str]  # countries of the armed actors named
    theatres: frozenset[str]  # countries armed actors belong to or fight in

    @classmethod
    def of(cls, resolved: list, mentions: list) -> Support:
        armed = [m.entry for m in mentions if m.entry.armed]
        return cls(
            Counter(q.country_code for q in resolved),
            frozenset(q.country_code for q in resolved if q.level in ("country", "admin1")),
            Counter((q.country_code, q.mention.casefold()) for q in resolved),
            Counter((q.country_code, q.name) for q in resolved),
            frozenset(m.entry.country for m in mentions if m.entry.country),
            frozenset(e.country for e in armed if e.country),
            frozenset(
                {e.country for e in armed if e.country} | {c for e in armed for c, _ in e.countries}
            ),
        )

    def named_besides(self, cc: str, key: str) -> set[str]:
        """Countries with a place of the note not mentioned as `key`."""
        return {c for c, n in self.places.items() if n > self.mentions[(c, key)]}


def far_namesake(p: Place, home: set[str], note: Support, geo: object) -> bool:
    """A small place read in a country the note names nowhere else, far from every country
    its groups fight in: "Al Shabaab took X" with X a namesake village on another continent.
    Capitals, provinces' seats and cities of a million people are never namesakes here."""
    km = getattr(geo, "km_from_country", None)
    if km is None or p.level != "city" or not home or p.country_code in home:
        return False
    if p.population >= LOCAL_POPULATION or p.feature_code in ("PPLC", "PPLA"):
        return False
    cc = p.country_code
    if note.places[cc] > note.names[(cc, p.name)] or cc in note.actors:
        return False
    elsewhere = set(note.places) - {cc}
    if elsewhere and not elsewhere & home:
        return False  # the article is about a third country ("known locally as al-Shabaab")
    return all((d := km(p.lat, p.lon, h)) is not None and d > FAR_FROM_HOME_KM for h in home)


NAMESAKE_POPULATION = 50_000  # a town this small read abroad may be a village's namesake


def stand_in(p: Place) -> bool:
    """The geoparser's admin1 for a name it could not read (no GeoNames id of its own)."""
    return p.level == "admin1" and p.geonameid is None


def small_reading(p: Place) -> bool:
    """A village or small town (no capital, no province seat), or the geoparser's stand-in
    for an unknown name (an admin1 without a GeoNames id): what a namesake looks like."""
    if p.level == "admin1":
        return stand_in(p)
    return (
        p.level == "city"
        and p.population < NAMESAKE_POPULATION
        and p.feature_code not in ("PPLC", "PPLA")
    )


def namesake_countries(
    resolved: list, mentions: list, note: Support, text: str, geo: object
) -> tuple[str | None, frozenset[str]]:
    """(the country the note's armed actors agree on, the countries its places are read in
    that nothing else points to). "The Sudanese army clashed with RSF in Abdi, Haraze, Wad
    Ashana and Um Sumeima villages": Abdi and Haraze are villages of Chad in the gazetteer and
    the unknown names are placed beside them, but no actor is Chad's, the text never names
    Chad or calls anyone Chadian, no bigger place there is read and no border is crossed: a
    reader takes them for Sudanese villages. Each place read there is relocated
    (`PlaceStage._at_home`); one such place alone is `other_country`'s case."""
    home = actor_country(mentions)
    if home is None:
        return None, frozenset()
    told = set(note.actors) | set(note.theatres) | {home}
    cands = {cc for cc in note.places if cc not in told}
    cands = {cc for cc in cands if all(small_reading(p) for p in resolved if p.country_code == cc)}
    if not cands or borders.crossing(text):
        return home, frozenset()
    named = getattr(geo, "named_countries", None)
    return home, frozenset(cands - named(text)) if named is not None else frozenset()


def other_country(p: Place, note: Support, text: str) -> str | None:
    """The one country the rest of the note points to, when p was read in a country nothing
    else in the note names (no other place there, no actor of it) and its sentence gives no
    reason to cross a border: "Military Forces of Ghana took control of a village in
    Northern region" read as Uganda's Northern Region. None when p's country has support."""
    if p.geonameid is None or p.level not in ("city", "admin1"):
        return None
    cc, key = p.country_code, p.mention.casefold()
    if note.places[cc] > note.mentions[(cc, key)]:
        return None  # most readings lie where another place of the note does
    if cc in note.theatres:
        return None  # an actor of that country, or a group that fights there too
    # a place named in the text first, then the actors' countries
    others = note.named_besides(cc, key) or set(note.armed)
    if len(others) != 1 or not _outweighs(next(iter(others)), note, note.mentions[(cc, key)]):
        return None
    if borders.crossing(text, *borders.sentence_of(text, p.start, p.end)):
        return None
    return next(iter(others))


def _outweighs(other: str, note: Support, lone: int) -> bool:
    """The other country has more for it than p's reading: its name or a province's, an
    actor of it, a group fighting there, or more places. Two lone towns in two countries
    point nowhere: each would be moved to the other's country ("attacked positions near
    Palmyra and took Arak": Palmyra read in Iran, Arak in Syria)."""
    return (
        other in note.told
        or other in note.theatres
        or other in note.actors
        or note.places[other] > lone
    )
