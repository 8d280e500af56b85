"""Stage 2, place phrases.

The places a frame points at: the first toponym after (or before) the trigger within a short,
boundary-free gap, then coordinated ones ("Aleppo and Hama", "A, B and C villages");
appositives, possessive countries, destinations of a withdrawal and containers are not
targets. "the town" refers back to the place last introduced as a town. Names the gazetteer
lacks are located at their admin1 or country (`fallback.py`), never dropped silently.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import replace
from itertools import chain

from frontline.actors import ActorMention
from frontline.extraction import fallback
from frontline.extraction.places import CITY_NOUNS, COREF
from frontline.extraction.stagebase import StageBase
from frontline.extraction.state import Candidate, PlaceRef, State
from frontline.extraction.wordindex import Doc
from frontline.geo.borders import generic_admin1
from frontline.geo.fallback import far_reference, in_locator
from frontline.geo.place import Place

# A town abroad this close to a town of the note's country stays where it is: the place the
# note means is just across the border, nearer than that country's province or centre.
BORDER_KM = 161.0

# Words between a trigger and its first place: short, and no clause boundary.
_FIRST_GAP = re.compile(r"^[\"”’]?[^;.!?()\"“”]{0,90}$")


# a short quoted name inside the gap ("the "neutral zone" in X"), not a quotation
_QUOTED = re.compile(r"[\"“]([^\"“”,;.]{1,30})[\"”]")
_FIRST_GAP_STOP = re.compile(
    r"(?:^|\s)(?:which|who|where|when|while|after|before|but|because|as|said|says|since|"
    r"whose|until|despite|amid|following|killing|leaving|bringing)(?:\s|$)"
    r"|,(?!\d)(?!\s*(?:including|such as|notably)\b)",
    re.I,
)


# "holds Tarhouna south-east of Tripoli" with Tarhouna unknown: Tripoli is the reference
# point of a direction, not the place held or taken
_REFERENCE_POINT = re.compile(
    r"(?-i:[A-Z])[\w'’-]+\s+(?:(?:some\s+|about\s+)?\d[\d.,]*\s*(?:km|kilometres|kilometers|miles)\s+)?"
    r"(?:north|south|east|west)(?:-?(?:north|south|east|west))?(?:ern)?\s+of\s+(?:the\s+)?"
    r"(?:(?:city|town|capital|province|region)\s+(?:of\s+)?)?$",
    re.I,
)
# "the Rafah crossing between Gaza and Egypt": the ends of a span are not the place taken
_BETWEEN_ENDS = re.compile(
    r"\bbetween\s+(?:the\s+)?(?:(?-i:[A-Z])[\w'’-]*\s+){0,3}?(?:and\s+(?:the\s+)?)?$", re.I
)
_DESTINATION = re.compile(
    r"(?:\bto|\btowards?|\binto|\bfor|\bat)\s+(?:the\s+)?(?:\w+\s+){0,3}$", re.I
)


_ORIGIN = re.compile(r"\bfrom\s+(?:the\s+)?(?:\w+\s+){0,3}$", re.I)


_ADJ = (
    r"(?:nearby|neighbou?ring|northern|southern|eastern|western|central|key|strategic|"
    r"besieged|provincial|coastal|border|port|frontline|historic|small|large|major|"
    r"north|south|east|west|rural|eastern|town|city|village|of|the)"
)


_NOUN_OF = (
    r"(?:(?:[\w'’-]+\s+){0,3}?(?:towns?|cities|city|villages?|provinces?|regions?|districts?|"
    r"areas?|settlements?|capitals?|hubs?|ports?|governorates?|states?|oblasts?|"
    r"localities|locality|neighbou?rhoods?|suburbs?|outskirts)\s+of\s+)"
)


_COORD = re.compile(
    rf"^\s*(?:,\s*(?![^,;.]*\b(?:which|who|where|when|after|said|is|was|are|were)\b)"
    rf"[^,;.()]{{1,60}}?,\s*)?(?:,\s*)?(?:and|or|as\s+well\s+as|along\s+with|plus|&|"
    rf"(?P<incl>including|such\s+as|namely|among\s+them))\s+"
    rf"(?:{_ADJ}\s+){{0,3}}{_NOUN_OF}?$"
    r"|^\s*[,—–]\s*$",
    re.I,
)


# A toponym used as a modifier is not the place taken: "the Gaza side of the crossing".
_MODIFIER_USE = re.compile(
    r"^\s+(side|border|crossing|frontier|road|highway|river|sea|coast|front|line|axis)\b", re.I
)
_FRONT_WORDS = frozenset({"front", "axis"})


# "Khan Abad district in Kunduz was captured": the place before the passive verb is the head
# of its phrase, not the container that locates it ("in Kunduz", "district of Wardak")
_CONTAINER_GAP = re.compile(
    r"^\s+(?:(?:district|sub-?district|town|village|city|area|locality|county|neighbou?rhood|"
    r"suburb|camp|base)\s+(?:in|of)|in)\s+(?:the\s+)?(?:[\w-]+ern\s+|central\s+)?$",
    re.I,
)
_APPOSITIVE = re.compile(r"^\s*,[^;.()]{3,140},\s*(?:\w+\s+){0,2}$")


_LIST_INTRO = re.compile(
    r"\b(?:cities|towns|capitals|villages|areas|provinces|districts|settlements|regions)\b[^,]*$"
    # an appositive head: "still holds the state capital, Sittwe"
    r"|\bthe\s+(?:[\w-]+\s+){0,2}?(?:capital|town|city|village|hub|stronghold|port)\s*$",
    re.I,
)


# "Bardaale district", "(Jalalaqsi, Hiraan)": an unknown name that is an area, not a village
_AREA_WORD = re.compile(
    r"\s*(?:district|province|region|governorate|state|county|oblast|prefecture|department)s?\b"
    r"|\s*\)",
    re.I,
)


_UNNAMED_NEAR = re.compile(
    r"\ban?\s+(?:[\w-]+\s+)?(?:city|town|village|base|area|district)\s+"
    r"(?:near|outside|close\s+to|(?:north|south|east|west)\s+of)\s+$",
    re.I,
)
# people and things taken, not places: "took 20 prisoners near Bakhmut", "seized a cache of
# arms in Kismayo", "captured a Russian tank near Avdiivka"
_SEIZED_OBJECT = re.compile(
    r"\s*(?:(?:a|an|the|some|several|many|dozens\s+of|scores\s+of|hundreds\s+of|large|small|"
    r"huge|\d+|one|two|three|four|five|six|seven|eight|nine|ten|twenty|[a-z]+)\s+){0,3}?"
    r"(?:prisoners?|hostages?|captives?|soldiers|militants|fighters|troops|rebels|insurgents|"
    r"jihadists|gunmen|combatants|members|commanders?|officers|suspects?|civilians|people|men|"
    r"weapons|arms|ammunition|munitions|explosives|caches?|tanks?|vehicles?|trucks?|pick-?ups|"
    r"equipment|drones?|rifles|guns|drugs|cocaine|heroin|cash|documents)\b(?!['’])",
    re.I,
)
# "capturing additional ground that stretches eastward toward Khartoum": ground on the way
_GROUND_TOWARD = re.compile(
    r"\b(?:ground|territory|territories|land|lands)\b[^.;]{0,40}?\btowards?\s+(?:the\s+)?$",
    re.I,
)


# "Moscow said", "Kyiv's forces": a capital or country speaking or acting, not a place
_METONYM = re.compile(
    r"\s+(?:said|says|claimed|claims|announced|denied|denies|insisted|warned|told|reported|"
    r"accused|admitted|confirmed|stated)\b|['’]s\s+(?:forces|troops|army|military|defen[cs]e|"
    r"government|officials|claims?|offensive)\b",
    re.I,
)
_METONYM_START = frozenset({" sa", " cl", " an", " de", " in", " wa", " to", " re", " ac", " ad",
                            " co", " st", "'s ", "’s "})  # fmt: skip
_EXPEL = re.compile(r"(?:clear|expel|drove|driv|oust|dislodg|flush|rout|evict)", re.I)


# Coreference cues. A fallback-located name followed by a facility noun is a facility.
_FACILITY_AFTER = re.compile(
    r"[^,.;]*?\s+(?:airport|air\s?base|base|camp|barracks|checkpoint)\b"
    # "the al-Manzar district ... the city": a district is no antecedent of a town either
    r"|\S+\s+(?:district|neighbou?rhood|quarter)\b",
    re.I,
)
# A place opening its sentence is that sentence's topic (subject); quotes may precede it.
_OPENS_SENTENCE = re.compile(r"(?:^|[.!?][\"'”’]?\s+)[\"“]?$")
_SENTENCE_END = re.compile(r"[.!?][\"'”’]?\s+[\"“]?[A-Z]")
# A target inside a background clause: "three weeks after it seized Goma".
_BACKGROUND_BEFORE = re.compile(r"\b(?:after|since|before)\s+(?:\w+\s+){0,3}$", re.I)


def one_sense_per_article(places: list[Place], text: str = "") -> dict[int, Place]:
    """Same toponym, same place within an article: the first resolution of a name wins.

    The geoparser resolves each mention on its own, so "the provinces of Daraa" (province)
    and later "in Daraa" (city) can become two places and two events for one referent.
    Only mentions resolved within the same country are unified. A province named with its
    level word ("the Kharkiv region") does not make a later bare "Kharkiv" the province:
    the word said which of the two that mention was.
    """
    first: dict[str, Place] = {}
    canon: dict[int, Place] = {}
    for p in places:
        key = p.mention.casefold()
        seen = first.get(key)
        if seen is None:
            first[key] = p
        elif (
            seen is not p
            and getattr(seen, "country_code", None) == p.country_code
            and not (
                p.level == "city" and seen.level == "admin1" and _LEVEL_AFTER.match(text, seen.end)
            )
        ):
            canon[id(p)] = seen
    return canon


_LEVEL_AFTER = re.compile(r"\s+(?:region|province|oblast|governorate|state)\b", re.I)


def bracket_before(text: str, ref: PlaceRef, gap: str) -> int | None:
    """Where the bracketed locator holding `ref` opens, when the gap after it closes it
    ("Bulo Burte (Hiraan) was retaken", "X (Afgooye, Lower Shabelle) fell")."""
    if not gap.lstrip().startswith(")") or ")" in gap.lstrip()[1:]:
        return None
    opened = text.rfind("(", max(0, ref.start - 60), ref.start)
    if opened < 0 or ")" in text[opened : ref.start]:
        return None
    return opened


def _site(mention: str) -> str:
    """An unknown place's name folded: "Tarda" and "TARDA" are one site."""
    return " ".join(mention.casefold().split())


def _standing_for(found: Place, p: Place) -> Place:
    """A namesake found elsewhere standing for the mention `p` (its span, its confidence)."""
    conf = min(p.confidence, found.confidence)
    return replace(found, mention=p.mention, start=p.start, end=p.end, confidence=conf)


class PlaceStage(StageBase):
    """Place phrases: toponyms, fallbacks, coreference and the place slots of a frame."""

    def _with_fallbacks(
        self, text: str, places: list, mentions: list[ActorMention], doc: Doc | None = None
    ) -> tuple[list, set[int]]:
        """Geoparsed places plus names the gazetteer lacks, located at admin1 or country."""
        resolved = [p for p in places if not self._unresolved(p)]
        countries = {p.country_code for p in resolved}
        # no place the gazetteer knows: the country the actors agree on stands in
        implied = None if countries else self._implied_country(mentions, text)
        home = fallback.home_countries(mentions)
        note = fallback.Support.of(resolved, mentions)
        at_home = fallback.namesake_countries(resolved, mentions, note, text, self.geo)
        out: list = []
        ids: set[int] = set()
        for p in places:
            q = self._at_home(p, at_home, text) or self._located(
                p, text, resolved, countries, implied, home, note
            )
            if q is not None:
                p = q
                ids.add(id(p))
            out.append(p)
        taken = [(p.start, p.end) for p in places] + [(m.start, m.end) for m in mentions]
        if at_home[1]:  # unknown names are not placed beside a namesake's reading abroad
            resolved = [p for p in out if not self._unresolved(p)]
        for p in self._unknown_named(text, taken, resolved, implied):
            ids.add(id(p))
            out.append(p)
        for i, p in enumerate(out):
            if id(p) in ids and p.level == "country":
                q = self._theatre(p, mentions)
                if q is not p:
                    ids.discard(id(p))
                    ids.add(id(q))
                    out[i] = p = q
            if id(p) in ids and p.level == "admin1":
                # "X town in northern Hama": the named part of the province
                q = fallback.toward(p, p.start, resolved, self.geo, text)
                if q is not p:
                    ids.discard(id(p))
                    ids.add(id(q))
                    out[i] = q
        out.sort(key=lambda p: p.start)
        return out, ids

    def _located(
        self,
        p: Place,
        text: str,
        resolved: list,
        countries: set[str],
        implied: Place | None,
        home: set[str],
        note: fallback.Support,
    ) -> Place | None:
        """The fallback that stands in for `p`, or None when the geoparser's reading stays."""
        if p.level == "admin1" and (
            p.confidence <= fallback.GEO_FALLBACK_CONFIDENCE or fallback.stand_in(p)
        ):
            # the geoparser placed an unknown name at an admin1; a place the text
            # attaches to the name ("X in eastern Ukraine") overrides its guess
            area = fallback.attached(p.end, resolved, self.geo, text)
            if area is not None and (
                area.country_code != p.country_code
                or (area.level == "admin1" and area.admin1 != p.admin1)
                or (area.admin1 == p.admin1 and (area.lat, area.lon) != (p.lat, p.lon))
            ):
                return fallback.located(area, p.mention, p.start, p.end)
            town = fallback.nearest_town(p, resolved) if area is None else None
            if town is not None and fallback.placed(p, self.geo):
                return p  # the geoparser put it at its district's seat ("Tuhayat district")
            # the point of the nearest town in that province
            return p if town is None else replace(p, lat=town.lat, lon=town.lon)
        if self._unresolved(p) and p.country_code in countries:
            # the geoparser's country guess for a bare name is kept only when the
            # article's resolved places point to that country too
            area = fallback.anchor(p.start, resolved, self.geo, text, p.end)
            if area is None or area.country_code != p.country_code:
                area = p
            return fallback.located(area, p.mention, p.start, p.end)
        if implied is not None and self._unresolved(p):
            return fallback.located(implied, p.mention, p.start, p.end)
        across = self._across_border(p, text, note)
        if across is not None:
            return across
        if fallback.far_namesake(p, home, note, self.geo):
            area = self._home_area(home, text)
            return None if area is None else fallback.located(area, p.mention, p.start, p.end)
        if p.level == "city":
            area = fallback.container(p, resolved, self.geo, text)
            # "Heorhiivka, Donetsk" resolved to a namesake in another province: the
            # container the text gives wins, the name is located at it
            return None if area is None else fallback.located(area, p.mention, p.start, p.end)
        return None

    def _at_home(
        self, p: Place, at_home: tuple[str | None, frozenset[str]], text: str
    ) -> Place | None:
        """A small reading in a country nothing in the note points to, placed in the
        country its actors agree on (`fallback.namesake_countries`): its namesake there,
        else the province the article leans to, else that country."""
        home, abroad = at_home
        if home is None or p.country_code not in abroad or not fallback.small_reading(p):
            return None
        namesake = getattr(self.geo, "namesake_in", None)
        found = namesake(p.mention, home, "city") if namesake is not None else None
        if found is not None:
            return _standing_for(found, p)
        if p.level == "city" and self._border_town(p, home):
            return None  # its own point, on home's border, is nearer the truth than home's area
        area = self._country_area(home, text)
        return None if area is None else fallback.located(area, p.mention, p.start, p.end)

    def _border_town(self, p: Place, cc: str) -> bool:
        """A town abroad within `BORDER_KM` of a town of cc (so with no way to measure)."""
        km = getattr(self.geo, "km_from_towns", None)
        if km is None:
            return True
        near = km(p.lat, p.lon, cc)
        return near is not None and near <= BORDER_KM

    def _country_area(self, cc: str, text: str) -> Place | None:
        """The province of cc the article leans to, else cc itself."""
        lookup = getattr(self.geo, "lookup_country", None)
        return self._leaning_area(cc, text) or (lookup(cc) if lookup is not None else None)

    def _across_border(self, p: Place, text: str, note: fallback.Support) -> Place | None:
        """A reading in a country the note gives no reason for, moved to its namesake in the
        country the note points to (`Geoparser.namesake_in`). Without a namesake there, a
        town (not a capital, not a city of a million) or a division named only by directions
        ("Central Region", which many countries have) stands at that country's leaning
        province or the country itself, its name kept in `mention`."""
        namesake = getattr(self.geo, "namesake_in", None)
        if namesake is None:
            return None
        cc = fallback.other_country(p, note, text)
        if cc is None:
            return None
        found = namesake(p.mention, cc, p.level)
        if found is not None:
            return _standing_for(found, p)
        if p.level == "admin1" and not generic_admin1(p.name):
            return None  # a division with a name of its own ("Idlib") is where it is
        if p.level == "city" and (
            p.feature_code == "PPLC" or p.population >= fallback.LOCAL_POPULATION
        ):
            return None  # a capital or a city of a million is news in its own right
        if p.level == "city" and self._border_town(p, cc):
            return None  # a border town: its own point is nearer the truth than cc's area
        area = self._country_area(cc, text)
        return None if area is None else fallback.located(area, p.mention, p.start, p.end)

    def _unknown_named(
        self, text: str, taken: list[tuple[int, int]], resolved: list, implied: Place | None
    ) -> list[Place]:
        """Place-marked names the gazetteer lacks ("Tarda village"), located at their area."""
        out = []
        respell = getattr(self.geo, "respell", None)
        named = fallback.unknown_names(text, 0, len(text), taken, resolved)
        seen = {a for a, _ in named}
        named += [ab for ab in fallback.controlled_names(text, taken) if ab[0] not in seen]
        for a, b in sorted(named):
            area = fallback.anchor(a, resolved, self.geo, text, b) or implied
            if area is None:
                continue
            # the name may be a place the gazetteer spells otherwise ("Heish" / Ḩīsh)
            found = (
                respell(text[a:b], area.country_code, area.admin1)
                if respell and area.admin1
                else None
            )
            if found is not None:
                out.append(replace(found, mention=text[a:b], start=a, end=b))
            else:
                out.append(fallback.located(area, text[a:b], a, b))
        return out

    def _theatre(self, p: Place, mentions: list[ActorMention]) -> Place:
        """A name placed at country level, in a country where a named multi-country group
        fights in one province (`countries:` in actors.yaml): that province ("Kolofata
        village ... Military Forces of Cameroon ... Boko Haram" -> Far North), its name kept."""
        a1 = fallback.theatre_admin1(mentions, p.country_code) if p.country_code else None
        lookup = getattr(self.geo, "lookup_admin1", None)
        area = lookup(a1) if a1 and lookup is not None else None
        if area is None:
            return p
        return fallback.located(area, p.mention, p.start, p.end)

    def _home_area(self, home: set[str], text: str) -> Place | None:
        """Where a far namesake is put: the province the context leans to in the one home
        country, else that country (level "country": the map shows how little is known)."""
        if len(home) != 1:
            return None
        area = self._country_area(next(iter(home)), text)
        return (
            None if area is None else replace(area, confidence=fallback.ACTOR_FALLBACK_CONFIDENCE)
        )

    def _implied_country(self, mentions: list[ActorMention], text: str = "") -> Place | None:
        """The area the actors imply: the admin1 the article's context leans to when one
        leads (a group tied to one province, "HTS" -> Idlib, `data/geo/context_terms.tsv`),
        else the country when its point is a usable location (`fallback`)."""
        cc = fallback.actor_country(mentions)
        lookup = getattr(self.geo, "lookup_country", None)
        spread = getattr(self.geo, "country_spread_km", None)
        if not cc or lookup is None or spread is None:
            return None
        area = self._leaning_area(cc, text)
        a1 = fallback.theatre_admin1(mentions, cc)
        if area is None and a1 is not None:
            area = getattr(self.geo, "lookup_admin1", lambda _c: None)(a1)
        if area is None:
            size = spread(cc)
            area = lookup(cc) if size is not None and size <= fallback.COMPACT_COUNTRY_KM else None
        return (
            None if area is None else replace(area, confidence=fallback.ACTOR_FALLBACK_CONFIDENCE)
        )

    def _leaning_area(self, cc: str, text: str) -> Place | None:
        """The admin1 of cc the article leans to (`Geoparser.leaning_admin1`), as a Place."""
        leaning = getattr(self.geo, "leaning_admin1", None)
        lookup_a1 = getattr(self.geo, "lookup_admin1", None)
        code = leaning(text, cc) if leaning is not None and text else None
        return lookup_a1(code) if code and lookup_a1 is not None else None

    def _sentence_places(
        self, text: str, s: int, e: int, places: list, state: State
    ) -> list[PlaceRef]:
        starts = state.starts
        lo, hi = bisect_left(starts, s), bisect_left(starts, e)
        canon, fb = state.canon, state.fallbacks
        refs = [
            PlaceRef(
                p.start, p.end, canon.get(id(p), p), p.mention, fallback=id(p) in fb,
                site=_site(p.mention) if id(p) in fb else "",
            )
            for p in places[lo:hi]
        ]  # fmt: skip
        for m in COREF.finditer(text, s, e):
            target = self._resolve_coref(m, text, s, places, state)
            if target is not None:
                # "Tarda village ... the village": the site of the unknown place it refers to
                site = next(
                    (r.site for r in reversed(state.targets) if r.place is target and r.site),
                    _site(target.mention) if id(target) in fb else "",
                )
                target = state.canon.get(id(target), target)
                refs.append(PlaceRef(m.start(), m.end(), target, m.group(0), coref=True, site=site))
        refs.sort(key=lambda r: r.start)
        return refs

    def _resolve_coref(  # noqa: C901 (one branch per kind of coreference noun)
        self, m: re.Match[str], text: str, s: int, places: list, state: State
    ) -> Place | None:
        """'the village' -> the place last introduced as a village, else the place in focus.

        Order (why): a labelled antecedent in the same sentence, then the nearest fitting place
        of the same sentence ("recaptured Kidal ... seized the town"), then a labelled one
        earlier; then a place opening a sentence after the last target (the new topic:
        "Bukavu has fallen before. ... seized the city"), then the last main-clause target
        (not "... three weeks after it seized Goma"), then the nearest fitting place.
        """
        noun = (m.group("noun") or m.group("bare") or m.group("facility") or "").lower()
        want_city = bool(m.group("its")) or noun in CITY_NOUNS
        lo = bisect_left(state.starts, m.start() - 1000)
        prior = [p for p in places[lo:] if p.end <= m.start() and m.start() - p.end < 800]
        if any(text[p.end : p.end + 3] in _METONYM_START for p in prior):
            prior = [p for p in prior if not _METONYM.match(text, p.end, p.end + 30)]
        # "the town ... 130 km northwest of the capital Mogadishu": measured from, not the town
        prior = [p for p in prior if not far_reference(text, p.start)]
        # "in Bara (North Kordofan) and took control of the area": the place, not its locator
        heads = [p for p in prior if not in_locator(text, p.start)]
        prior = heads if heads else prior
        fb = state.fallbacks

        def ok(p: Place, is_fb: bool = False) -> bool:
            if is_fb or id(p) in fb:  # "Kavumu airport" is no antecedent of "the city"
                return not (want_city and _FACILITY_AFTER.match(text, p.start, p.end + 12))
            return self._fits(p, want_city)

        if noun and noun in CITY_NOUNS:
            same = any(p.start >= s and ok(p) for p in prior)
            # "Aborey village ... the village", "the town of Hsenwi ... the town"
            stem = noun[:-1] if noun.endswith("s") else noun
            after = re.compile(rf"\s+(?:\([^()]{{0,60}}\)\s+)?{stem}s?\b", re.I)
            before = re.compile(rf"\b{stem}s?\s+of\s+$", re.I)
            for p in reversed(prior):
                if p.start < s and same:
                    break  # the same sentence names a fitting place: it comes first
                if (getattr(p, "level", "") != "country" or id(p) in fb) and (
                    after.match(text, p.end) or before.search(text, max(0, p.start - 16), p.start)
                ):
                    return p
        for p in reversed(prior):
            if p.start < s:
                break
            if ok(p):
                return p
        if prior and self._unresolved(prior[-1]):
            return None  # the latest toponym is unknown to the gazetteer: don't guess
        last = state.targets[-1].start if state.targets else -1
        nearest = None  # the topic must open the sentence of the nearest fitting place
        for p in reversed(prior if want_city else ()):  # "the area" may be wider: no topic
            if p.start <= last:
                break
            if not ok(p):
                continue
            if nearest is not None and _SENTENCE_END.search(text, p.end, nearest.start):
                break
            if _OPENS_SENTENCE.search(text, max(0, p.start - 6), p.start):
                return p
            nearest = nearest or p
        first = None
        targets = (r.place for r in reversed(state.targets) if ok(r.place, r.fallback))
        for p in chain(targets, (p for p in reversed(prior) if ok(p))):
            if not self._background(text, p.start):
                return p
            first = first or p
        return first

    @staticmethod
    def _background(text: str, start: int) -> bool:
        """A place in a background clause: "three weeks after it seized Goma"."""
        window = text[max(0, start - 40) : start].lower()
        if "after" not in window and "since" not in window and "before" not in window:
            return False
        return _BACKGROUND_BEFORE.search(window) is not None

    @staticmethod
    def _unresolved(place: object) -> bool:
        """A geoparser fallback: a toponym it could only place at country level."""
        return getattr(place, "level", "") == "country" and (
            float(getattr(place, "confidence", 1.0) or 0.0) <= 0.5
        )

    @staticmethod
    def _fits(place: object, want_city: bool) -> bool:
        level = getattr(place, "level", "city")
        if want_city:
            return level == "city"
        return level in ("city", "admin1", "region")

    def _places_after(  # noqa: C901 (a place list is read left to right, one branch per token)
        self, cand: Candidate, pos: int, text: str, refs: list[PlaceRef]
    ) -> list[PlaceRef]:
        out: list[PlaceRef] = []
        cursor = pos
        country: PlaceRef | None = None
        for ref in refs:
            if ref.start < pos:
                continue
            gap = text[cursor : ref.start]
            if self._unresolved(ref.place) and not ref.fallback:
                continue  # a toponym the gazetteer could not place: look past it
            if not out and ('"' in gap or "“" in gap):
                gap = _QUOTED.sub(r" \1 ", gap)  # 'areas in the "neutral zone" in X': a name
            if not out:
                stop = _FIRST_GAP_STOP.search(gap)
                if stop and stop.group(0) == "," and _LIST_INTRO.search(gap, 0, stop.start()):
                    stop = _FIRST_GAP_STOP.search(gap, stop.end())  # "two cities, Goma and ..."
                if not _FIRST_GAP.match(gap) or stop:
                    if len(gap.split()) > 14:
                        break
                    if _FIRST_GAP_STOP.search(gap):
                        break
                    continue
                if len(gap.split()) > 12:
                    break
                if _REFERENCE_POINT.search(gap):
                    break
                if self._skip_target(cand, gap, ref, text, text[pos - cand.end + cand.start : pos]):
                    continue
                if (
                    not ref.coref
                    and not ref.fallback
                    and getattr(ref.place, "level", "") == "country"
                ):
                    # "a base of the Islamic State Somalia Province near Sixna": a country
                    # name inside a noun phrase; use it only when nothing more precise follows
                    country = country or ref
                    continue
                out.append(ref)
                cursor = ref.end
            else:
                if self._possessive_country(ref, text):
                    continue
                m = _COORD.match(gap)
                if not m or self._container(out[-1], ref, gap, text):
                    break
                if m.group("incl"):
                    out = []  # "villages in eastern Idlib, including Rabiah": the named one
                out.append(ref)
                cursor = ref.end
        if not out and country is not None:
            return [country]
        return out

    @staticmethod
    def _container(prev: PlaceRef, ref: PlaceRef, gap: str, text: str = "") -> bool:
        """'Krasnohorivka, Donetsk': a bare-comma item locating the previous one. A name the
        gazetteer lacks stands at its admin1 but is no admin1: "Karvo, Dembel and Uskari" is a
        list of villages unless the name says it is an area ("Karvo, Bardaale district")."""
        if gap.strip() not in (",", ""):
            return False
        if ref.fallback and not ref.coref:
            return bool(_AREA_WORD.match(text, ref.end))
        level = getattr(ref.place, "level", "city")
        same_a1 = getattr(ref.place, "admin1", None) == getattr(prev.place, "admin1", None)
        return level in ("admin1", "region", "country") or same_a1

    def _skip_target(
        self, cand: Candidate, gap: str, ref: PlaceRef, text: str, trigger: str = ""
    ) -> bool:
        if self._possessive_country(ref, text):
            return True
        if cand.type != "battle" and _BETWEEN_ENDS.search(gap):
            return True
        use = _MODIFIER_USE.match(text[ref.end : ref.end + 20]) if not ref.coref else None
        if use and not (cand.type == "battle" and use.group(1).lower() in _FRONT_WORDS):
            return True  # "took the Sirwah road"; but fighting "on the Sirwah front" is there
        if cand.type == "withdrawal" and _DESTINATION.search(gap):
            return not re.search(r"\b(?:from|outside|out of|away from)\b", gap, re.I)
        if cand.type in ("capture", "withdrawal") and _UNNAMED_NEAR.search(gap):
            return True  # "occupied a city near Tripoli": an unnamed place, not Tripoli
        if cand.type == "capture" and _GROUND_TOWARD.search(gap):
            return True
        if cand.type == "capture" and _EXPEL.match(trigger):
            return False  # "cleared Boko Haram from Dure": the place they were driven from
        if cand.type == "capture" and cand.frame == "active" and _SEIZED_OBJECT.match(gap):
            return True  # "captured three militants and seized weapons in Jowhar": not Jowhar
        # "dislodged by reinforcements from another base in Gubio": where they came from
        return cand.type in ("advance", "capture", "reinforcement") and bool(_ORIGIN.search(gap))

    @staticmethod
    def _possessive_country(ref: PlaceRef, text: str) -> bool:
        nxt = text[ref.end : ref.end + 2]
        return (
            not ref.coref
            and getattr(ref.place, "level", "city") == "country"
            and nxt[:2] in ("'s", "’s")
        )

    def _places_before(
        self, pos: int, text: str, refs: list[PlaceRef], appositive: bool = False
    ) -> list[PlaceRef]:
        out: list[PlaceRef] = []
        cursor = pos
        for ref in reversed(refs):
            if ref.end > cursor:
                continue
            gap = text[ref.end : cursor]
            if not out and (locator := bracket_before(text, ref, gap)) is not None:
                cursor = locator  # "Bulo Burte (Hiraan) was retaken": the place, not its locator
                continue
            if not out:
                if appositive and _APPOSITIVE.match(gap):
                    pass  # "Vuhledar, a hilltop town that had held out for years, has fallen"
                elif (
                    len(gap.split()) > 6 or _FIRST_GAP_STOP.search(gap) or not _FIRST_GAP.match(gap)
                ):
                    break
            elif not _COORD.match(gap):
                break
            out.insert(0, ref)
            cursor = ref.start
        if len(out) == 1:
            i = refs.index(out[0])
            if i > 0 and _CONTAINER_GAP.match(text[refs[i - 1].end : out[0].start]):
                return [refs[i - 1]]
        return out
