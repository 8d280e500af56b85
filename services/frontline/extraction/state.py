"""Shared values of the extraction stages: place references, trigger candidates, article state."""

from __future__ import annotations

from dataclasses import dataclass, field

from frontline.actors import ActorEntry, ActorMention
from frontline.extraction.wordindex import Doc
from frontline.geo.place import Place
from frontline.models import Event

ATTACKER_TYPES = frozenset({"capture", "advance", "battle"})


@dataclass(slots=True)
class PlaceRef:
    """A place the text refers to: a toponym from the geoparser or a resolved 'the town'."""

    start: int
    end: int
    place: Place
    mention: str
    coref: bool = False
    fallback: bool = False  # a name the gazetteer lacks, located at its admin1 or country
    # the folded name of the unknown place a fallback stands in for (also on "the village"
    # referring to one): it tells the event ids of two unknown villages at one point apart
    site: str = ""


@dataclass(slots=True)
class Candidate:
    type: str
    frame: str
    start: int
    end: int
    attempt: bool = False  # an attempted capture/advance met by fighting: a battle


@dataclass(slots=True)
class State:
    """What earlier sentences tell later ones: last actors and last places targeted."""

    attacker: ActorEntry | None = None
    defender: ActorEntry | None = None
    last_actor: ActorEntry | None = None
    last_state: ActorEntry | None = None
    last_non_state: ActorEntry | None = None
    targets: list[PlaceRef] = field(default_factory=list)
    doc: Doc = field(default_factory=lambda: Doc(""))  # the article text with its word index
    text: str = ""
    bounds: dict[int, list[int]] = field(default_factory=dict)  # clause boundaries by sentence
    canon: dict[int, Place] = field(default_factory=dict)  # id(place) -> article-wide sense
    fallbacks: set[int] = field(default_factory=set)  # ids of fallback-located places
    starts: list[int] = field(default_factory=list)  # start offsets of the article's places
    fallback_events: set[str] = field(default_factory=set)  # ids of fallback-located events
    undated: dict[int, Event] = field(default_factory=dict)  # events of sentences with no date
    sentence: tuple = ("", [], [])  # the current sentence, its triggers and actor mentions


def place_id(ev: Event) -> str:
    """Place identity for comparing events: an admin1 by its code, whatever feature named it."""
    loc = ev.location
    if loc.level == "admin1" and loc.admin1:
        return f"a1:{loc.admin1}"
    return loc.key


def fallback_site(ref: PlaceRef) -> str:
    """The suffix that tells a fallback-located place from the admin1 it stands at."""
    return f"~{ref.site}" if ref.site else ""


@dataclass(slots=True, frozen=True)
class Slot:
    """One trigger in its sentence: all a frame reader looks at."""

    cand: Candidate
    text: str
    s: int  # the sentence's start in text
    sentence: str
    refs: list[PlaceRef]
    mentions: list[ActorMention]
    state: State

    def parts(
        self,
    ) -> tuple[Candidate, str, int, str, list[PlaceRef], list[ActorMention], State]:
        return self.cand, self.text, self.s, self.sentence, self.refs, self.mentions, self.state
