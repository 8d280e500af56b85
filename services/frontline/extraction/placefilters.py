"""Place filters: the geoparser's places that are no place of the story.

They run once per article, on the geoparser's output and before any trigger is read, so what
they drop is neither a target nor the antecedent of "the town" or "the area":

- `without_dateline`: where the reporter files from ("YANGON, Dec 9 - ") is not parsed;
- `speaking_capitals`: a capital that speaks for its government ("Kyiv says"), a place in a
  compound adjective ("Misrata-led"), a seat naming its government ("the Tripoli
  government"), a front's name, a landmark that locates the place just
  named, a road's end;
- `without_metonyms`: a capital that names a side ("Moscow's forces"), and a name placed only
  by that capital's province.
"""

from __future__ import annotations

import re
from typing import Any

from frontline.actors import ActorMention
from frontline.extraction.emission import ROAD_BEFORE

# "YANGON, Dec 9 - ", "GOMA, Democratic Republic of Congo, Jan 27 - ", "JERUSALEM/CAIRO (Reuters) -"
_DATELINE = re.compile(r"[A-Z][A-Z.'’/ -]*[A-Z]\b[^\n]{0,60}?\s[-–—]\s")


def without_dateline(text: str) -> str:
    """The text with its dateline ("YANGON, Dec 9 - ") blanked, offsets kept: where the
    reporter files from is neither a place of the story nor context for its other names."""
    line = _DATELINE.match(text)
    return text if line is None else " " * line.end() + text[line.end() :]


def story_places(places: list, mentions: list[ActorMention], text: str) -> list:
    """The places of the story: the geoparser's (sorted by offset) less those named in
    passing and the capitals that name a side."""
    return without_metonyms(speaking_capitals(places, text), mentions, text)


# "the four regions Moscow claims to have annexed", "Kyiv says": a capital that speaks
_SPEAKS = re.compile(
    r"\s+(?:has\s+|had\s+|also\s+|now\s+)?(?:claim|say|said|insist|want|demand|den(?:y|ie)|"
    r"accus|announc|reject|warn|argu|consider|regard|view)\w*\b"
)


# "Misrata-led forces", "Gaza-based militants": the place qualifies a noun
_COMPOUND = re.compile(r"-(?:led|based|backed|aligned|allied|affiliated|run|born|bound)\b")
# "forces allied to the Tripoli government", "the Kabul administration": a seat that names a
# government is a side, not the place of the story (nor the antecedent of "the town")
_GOVERNMENT = re.compile(r"\s+(?:government|administration|authorities|regime)\b")
# "an attack by Tripoli forces was repelled": a city that names the side it hosts
_CITY_FORCES = re.compile(r"\s+(?:forces|troops|fighters|militias?)\b")
# "the Donetsk and Zaporizhzhia fronts", "the Kherson axis": a front's name, not a place
# ("the Vovchansk direction" is: reinforcing it is reinforcing Vovchansk)
_FRONT = re.compile(
    r"(?:\s+and\s+(?-i:[A-Z])[\w'’-]*(?:\s+(?-i:[A-Z])[\w'’-]*)?)?\s+"
    r"(?:fronts?|front\s*lines?|axis|axes|sectors?|theatres?|theaters?)\b",
    re.I,
)


# "Kyaukme, a town south-west of Lashio": a landmark that locates the place just named
_LANDMARK = re.compile(
    r",\s+(?:a|an|the)\s+(?:[\w'’-]+\s+){0,3}?(?:town|city|village|port|hub|base|settlement|"
    r"district|camp)\s+(?:[\w'’(),.-]+\s+){0,5}?(?:north|south|east|west)(?:-?(?:north|south|east|"
    r"west))?(?:ern)?\s+of\s+$",
    re.I,
)


_ROAD_PREPS = frozenset(("to", "toward", "towards", "from", "between", "linking", "connecting"))


def _in_passing(p: Any, text: str) -> bool:
    """A place named only to qualify, locate or name something else (cheap checks first)."""
    if getattr(p, "feature_code", "") == "PPLC" and _SPEAKS.match(text, p.end):
        return True
    if _COMPOUND.match(text, p.end) or _FRONT.match(text, p.end) or _GOVERNMENT.match(text, p.end):
        return True
    if getattr(p, "level", "") == "city" and _CITY_FORCES.match(text, p.end):
        return True
    before = text[max(0, p.start - 90) : p.start]
    if before.rstrip()[-2:].lower() == "of" and _LANDMARK.search(before):
        return True
    return not _ROAD_PREPS.isdisjoint(before[-40:].lower().split()[-4:]) and bool(
        ROAD_BEFORE.search(before[-60:])
    )


def speaking_capitals(places: list, text: str) -> list:
    """A national capital followed by a verb of saying names its government, and a place in a
    compound adjective ("Misrata-led forces") qualifies a noun: neither is a place of the
    story (a target, or the antecedent of "the city"); nor is the name of a front ("at the
    junction of the Donetsk and Zaporizhzhia fronts"), nor a road's end ("a town on the
    road to Mandalay ... army positions on its outskirts" are not Mandalay's), nor a landmark
    that locates the place just named ("Kyaukme, a town south-west of Lashio")."""
    return [p for p in places if not _in_passing(p, text)]


def without_metonyms(places: list, mentions: list[ActorMention], text: str) -> list:
    """Capitals that name a side ("Moscow's forces", "Kyiv's troops") are actors, not
    places: they are neither targets nor anchors. A name the geoparser could only place
    by such a capital's province (the gazetteer lacks "Marinka"; Moscow is in the text)
    goes with them, so it is not located in the wrong country."""
    spans = [(m.start, m.end) for m in mentions if m.entry.category == "state" and "'s " in m.text]
    if not spans:
        return places
    metonyms = [
        p
        for p in places
        if p.level == "city"
        and text[p.end : p.end + 3] == "'s "
        and any(a <= p.start and p.end <= b for a, b in spans)
    ]
    if not metonyms:
        return places
    kept = [p for p in places if all(p is not m for m in metonyms)]
    areas = {m.admin1 for m in metonyms} - {p.admin1 for p in kept if p.confidence > 0.3}
    return [
        p for p in kept if not (p.level == "admin1" and p.confidence <= 0.3 and p.admin1 in areas)
    ]
