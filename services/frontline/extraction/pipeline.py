"""Sentence-level event extraction: triggers -> cues -> places -> actor -> date -> Event.

Order of work is chosen for speed: a regex gate on the whole article, then trigger
regexes per sentence, and only when some sentence has a trigger are the article's
places (the geoparser, the expensive step) and actors looked up, once per article.
Roles are assigned by frame (see `data/lexicon/triggers.yaml`): in "ACTOR seized PLACE"
the actor is looked for before the trigger and the place after it, in "PLACE fell to
ACTOR" the other way round. Everything is deterministic: same article, same events.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date

from frontline.actors import ActorDictionary, ActorEntry, ActorMention
from frontline.extraction import fallback
from frontline.extraction.dates import DatePhrase, find_dates
from frontline.extraction.lexicon import Lexicon, lexicon
from frontline.extraction.places import CITY_NOUNS, COREF, GeoparserLike
from frontline.extraction.sentences import split_sentences
from frontline.extraction.wordindex import Doc
from frontline.models import (
    Actor,
    ActorKind,
    Article,
    Event,
    EventType,
    Location,
    Status,
    make_event_id,
)

_COUNTRY_FALLBACK = True
_FRAME_CONFIDENCE = {
    "transfer": 0.8,
    "active": 0.85,
    "passive": 0.8,
    "nominal": 0.7,
    "intransitive": 0.6,
}
_TYPE_ORDER = {t.value: i for i, t in enumerate(EventType)}
_ATTACKER_TYPES = frozenset({"capture", "advance", "battle"})

# Words between a trigger and its first place: short, and no clause boundary.
_FIRST_GAP = re.compile(r"^[\"”’]?[^;.!?()\"“”]{0,90}$")
_FIRST_GAP_STOP = re.compile(
    r"(?:^|\s)(?:which|who|where|when|while|after|before|but|because|as|said|says|since|"
    r"whose|until|despite|amid|following|killing|leaving|bringing)(?:\s|$)"
    r"|,(?!\d)(?!\s*(?:including|such as|notably)\b)",
    re.I,
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
    r"^\s+(?:side|border|crossing|frontier|road|highway|river|sea|coast|front|line|axis)\b", re.I
)
_DENIAL_STOP = re.compile(r"\b(?:saying|adding|insisting|but|while|whereas)\b|;", re.I)
_BEFORE_OBJECT = re.compile(
    r"\b(?:backed\s+by|supported\s+by|allied\s+(?:with|to)|with\s+the\s+help\s+of|alongside|"
    r"against|from|with|by|of|between|on|at|in|near|to|into|around|outside|towards?|"
    r"targeting|killing|including|such\s+as|among\s+them|engaged|engaging|attacked|attacking|"
    r"ambushed|ambushing|pushed\s+back|drove\s+back|defeated|routed|repelled|repulsed)\s+"
    r"(?:the\s+)?$",
    re.I,
)
_AUX_PASSIVE = re.compile(
    r"\b(?:was|were|been|being|(?-i:is|Is)|are|be|get|got)\s+(?:\w+ly\s+)?(?:\w+\s+)?$", re.I
)
_BY = re.compile(r"^\s*(?:[\w-]+\s+){0,3}?by\b", re.I)
_AGENT = re.compile(r"(?:['’]s)?\s*(?:[\w-]+\s+){0,3}?(?:by|to)\s", re.I)
_CONJ = re.compile(r"\s*(?:,|and|,\s*and)\s*(?:(?:allied|affiliated|local|pro-\w+)\s+)?", re.I)
_DEMONYM_AND = re.compile(r"\b((?-i:[A-Z])[\w-]+)\s+and\s+$", re.I)
_APPOSITIVE = re.compile(r"^\s*,[^;.()]{3,140},\s*(?:\w+\s+){0,2}$")
_ATTRIBUTION = re.compile(
    r"\s+(?:said|says|told|added|reported|announced|claimed|stated)(?:\s+on\s+\w+)?\s*[,.]", re.I
)
_PARTICIPLE = re.compile(
    r"\w+(?:ed|en|wn)\b|(?:overrun|held|won|lost|left|taken|retaken|driven|fought|hit)\b", re.I
)
_LIST_INTRO = re.compile(
    r"\b(?:cities|towns|capitals|villages|areas|provinces|districts|settlements|regions)\b[^,]*$",
    re.I,
)
_DURATION = re.compile(r"\bfor (?:\w+ )?(?:days|weeks|months|years)\b|\bsince\b", re.I)
_UNNAMED_NEAR = re.compile(
    r"\ban?\s+(?:[\w-]+\s+)?(?:city|town|village|base|area|district)\s+"
    r"(?:near|outside|close\s+to|(?:north|south|east|west)\s+of)\s+$",
    re.I,
)
_REMOTE = re.compile(
    r"\b(?:air\s*strikes?|air\s+raids?|drones?|UAVs?|warplanes?|fighter\s+jets?|aircraft|"
    r"helicopters?|gunships?|artillery|shell(?:s|ed|ing)|mortars?|missiles?|rockets?|"
    r"bombard\w*|bomb(?:s|ed|ing|ings)?|IEDs?|explosives?|landmines?|airstrikes?)\b",
    re.I,
)
_ATTACK_WORD = re.compile(r"attack|assault|raid|fire|offensive|strik|struck|bomb", re.I)
_WHERE = re.compile(r",\s*where\b", re.I)
_CLAUSE_END = re.compile(r"[,;.]")
_VERB_OBJECT = re.compile(r"\b(?:over|took|retook|overran|won|held|\w+ed)\s+$", re.I)
_CIVILIAN_VICTIMS = re.compile(
    r"\b(?:kill\w*|abduct\w*|kidnapp?\w*|loot\w*|injur\w*|wound\w*|massacr\w*|burn\w*)\s+"
    r"(?:(?:at\s+least|about|some|several|dozens\s+of|a\s+number\s+of|\d+|[a-z]+)\s+){0,2}"
    r"(?:civilians|villagers|residents|farmers|herders|worshippers|traders|people|houses|homes|"
    r"shops)\b",
    re.I,
)
_EXPEL = re.compile(r"(?:clear|expel|drove|driv|oust|dislodg|flush|rout)", re.I)
_LEAVE_NOUN = re.compile(r"\b(?:withdrawal|pull-?out|retreat|departure|exit|flight)\s+of\b", re.I)
_RELATIVE_OPEN = re.compile(r",\s*(?:which|who)\s+(?:had\s+|has\s+|have\s+)?[^,;]*$", re.I)


def _relative_clause(sentence: str, cand: Candidate) -> tuple[int, int] | None:
    """Bounds of the non-restrictive relative clause (', which/who ...,') holding a trigger."""
    m = _RELATIVE_OPEN.search(sentence, 0, cand.start)
    if m is None:
        return None
    end = sentence.find(",", cand.end)
    return m.start(), (len(sentence) if end < 0 else end)


_TO_RECIPIENT = re.compile(r"\s+(?:to|in\s+favou?r\s+of)\s+", re.I)
_ANY_NON_STATE = ActorEntry("armed opposition", "generic_non_state")
_ANY_STATE = ActorEntry("government forces", "generic_state")


def _opponent(leaver: ActorEntry | None) -> ActorEntry | None:
    """The side that takes a place when the text only names the side that left it."""
    if leaver is None:
        return None
    if leaver.category in ("state", "generic_state", "generic_force"):
        return _ANY_NON_STATE
    if leaver.category in ("group", "generic_non_state"):
        return _ANY_STATE
    return None


_PERSON_OBJECT = re.compile(
    r"\s+(?:(?:at\s+least|about|some|dozens\s+of|scores\s+of|several|many|the|their|its|an?|"
    r"\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+)?"
    r"(?:(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|dozens|scores|others|him|them)"
    r"(?=\s*(?:[,.;]|and\b|$))|(?:[\w-]+\s+)?(?:fighters|soldiers|militants|members|men|"
    r"people|civilians|prisoners|hostages|commanders?|officers?|weapons|vehicles|tanks|"
    r"ammunition|rifles|equipment)\b)",
    re.I,
)
_RELATIVE = re.compile(r"\s*,\s*(?:which|who)\b", re.I)
_POSSESSIVE = re.compile(r"^(?:['’]s)?\s+(?:\w+\s+)?$")


def _place_id(ev: Event) -> str:
    """Place identity for comparing events: an admin1 by its code, whatever feature named it."""
    loc = ev.location
    if loc.level == "admin1" and loc.admin1:
        return f"a1:{loc.admin1}"
    return loc.key


@dataclass(slots=True)
class PlaceRef:
    """A place the text refers to: a toponym from the geoparser or a resolved 'the town'."""

    start: int
    end: int
    place: object
    mention: str
    coref: bool = False
    fallback: bool = False  # a name the gazetteer lacks, located at its admin1 or country


@dataclass(slots=True)
class Candidate:
    type: str
    frame: str
    start: int
    end: int


@dataclass(slots=True)
class _State:
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
    canon: dict[int, object] = field(default_factory=dict)  # id(place) -> article-wide sense
    fallbacks: set[int] = field(default_factory=set)  # ids of fallback-located places
    leaver: ActorEntry | None = None  # who withdraws in the current sentence


def _find_triggers(doc: Doc, s: int, e: int, lex: Lexicon) -> list[Candidate]:
    """All trigger matches in text[s:e] (offsets relative to s), longest first, no overlaps."""
    cands: list[Candidate] = []
    triggers = lex.triggers
    for idx, m in lex.trigger_index.matches(doc, s, e):
        trig = triggers[idx]
        cands.append(Candidate(trig.type, trig.frame, m.start() - s, m.end() - s))
    cands.sort(key=lambda c: (c.start, -(c.end - c.start), _TYPE_ORDER[c.type]))
    out: list[Candidate] = []
    last_end = -1
    for c in cands:
        if c.start >= last_end:
            out.append(c)
            last_end = c.end
    return out


def _one_sense_per_article(places: list) -> dict[int, object]:
    """Same toponym, same place within an article: the first resolution of a name wins.

    The geoparser resolves each mention on its own, so "the provinces of Daraa" (province)
    and later "in Daraa" (city) can become two places and two events for one referent.
    Only mentions resolved within the same country are unified.
    """
    first: dict[str, object] = {}
    canon: dict[int, object] = {}
    for p in places:
        key = p.mention.casefold()
        seen = first.get(key)
        if seen is None:
            first[key] = p
        elif seen is not p and getattr(seen, "country_code", None) == p.country_code:
            canon[id(p)] = seen
    return canon


def _same_side(a: ActorEntry, b: ActorEntry) -> bool:
    """Speaker and actor are one party: same name, or a generic name for a non-state group."""
    if a.name == b.name:
        return True
    non_state = ("group", "generic_non_state")
    if a.category in non_state and b.category in non_state:
        return a.generic or b.generic
    # "Israeli forces pulled out of Jabalia, the military said"
    return a.category in ("generic_state", "generic_force") and b.category == "state"


class _LazyDates:
    """Date phrases of a sentence, parsed only if an event from it is emitted."""

    __slots__ = ("_value", "pub", "sentence")

    def __init__(self, sentence: str, pub: date) -> None:
        self.sentence, self.pub = sentence, pub
        self._value: list[DatePhrase] | None = None

    def get(self) -> list[DatePhrase]:
        if self._value is None:
            self._value = find_dates(self.sentence, self.pub)
        return self._value


class Extractor:
    """Holds the compiled lexicon and actor dictionary; `extract()` is pure."""

    def __init__(self, geoparser: GeoparserLike, actors: ActorDictionary | None = None) -> None:
        self.geo = geoparser
        self.actors = actors or ActorDictionary.default()
        self.lex = lexicon()

    # ---------------------------------------------------------------- article level
    def extract(self, article: Article) -> list[Event]:
        text = article.text
        lex = self.lex
        if not lex.prefilter.search(text):
            return []
        spans = split_sentences(text)
        doc = Doc(text)
        triggered: list[tuple[int, int, list[Candidate]]] = []
        for s, e in spans:
            trig = _find_triggers(doc, s, e, lex)
            if trig:
                triggered.append((s, e, trig))
        if not triggered:
            return []
        mentions = self.actors.find(text)
        if not any(
            m.entry.strong or (m.entry.category == "pronoun" and " " in m.text) for m in mentions
        ):
            return []  # no armed actor anywhere: business, sport, fashion metaphors
        places = sorted(self.geo.parse(text, context_text=text), key=lambda p: p.start)
        places, fallbacks = self._with_fallbacks(text, places, mentions)
        if not places:
            return []
        state_canon = _one_sense_per_article(places)
        pub = article.published_date
        state = _State(doc=doc, text=text, canon=state_canon, fallbacks=fallbacks)
        events: dict[tuple[str, str, str], Event] = {}
        trig_by_start = {s: trig for s, _e, trig in triggered}
        mention_starts = [m.start for m in mentions]
        for s, e in spans:
            sent_mentions = mentions[
                bisect_left(mention_starts, s) : bisect_left(mention_starts, e)
            ]
            trig = trig_by_start.get(s)
            if trig:
                sent_places = self._sentence_places(text, s, e, places, state)
                for ev in self._sentence_events(
                    article, text, s, e, trig, sent_places, sent_mentions, pub, state
                ):
                    # one battle per place: both sides fight the same battle
                    kind = "" if ev.type == EventType.battle else ev.actor.kind.value
                    key = (ev.type.value, ev.location.key, kind)
                    old = events.get(key)
                    if old is None or ev.confidence > old.confidence:
                        events[key] = ev
            for m in sent_mentions:
                if m.entry.strong:
                    state.last_actor = m.entry
                if m.entry.category == "state" and not m.entry.weak:
                    state.last_state = m.entry
                if m.entry.category in ("group", "generic_non_state"):
                    state.last_non_state = m.entry
        # A battle is fighting with no change of control: "clashed with X in Dooxa village.
        # The forces took control of the village" is one capture, not a battle and a capture.
        # ("fought for months around Bakhmut ... had taken the town": a battle of its own)
        taken = {_place_id(ev) for k, ev in events.items() if k[0] == "capture"}
        if taken:
            events = {
                k: ev
                for k, ev in events.items()
                if k[0] != "battle" or _place_id(ev) not in taken or _DURATION.search(ev.evidence)
            }
        return sorted(events.values(), key=lambda ev: ev.evidence and text.find(ev.evidence))

    def _with_fallbacks(
        self, text: str, places: list, mentions: list[ActorMention]
    ) -> tuple[list, set[int]]:
        """Geoparsed places plus names the gazetteer lacks, located at admin1 or country."""
        resolved = [p for p in places if not self._unresolved(p)]
        countries = {p.country_code for p in resolved}
        out: list = []
        ids: set[int] = set()
        for p in places:
            if p.level == "admin1" and p.confidence <= fallback.GEO_FALLBACK_CONFIDENCE:
                ids.add(id(p))  # the geoparser already placed an unknown name at its admin1
            elif self._unresolved(p) and p.country_code in countries:
                # the geoparser's country guess for a bare name is kept only when the
                # article's resolved places point to that country too
                area = fallback.anchor(p.start, resolved, self.geo)
                if area is None or area.country_code != p.country_code:
                    area = p
                p = fallback.located(area, p.mention, p.start, p.end)
                ids.add(id(p))
            out.append(p)
        taken = [(p.start, p.end) for p in places] + [(m.start, m.end) for m in mentions]
        for a, b in fallback.unknown_names(text, 0, len(text), taken, resolved):
            area = fallback.anchor(a, resolved, self.geo)
            if area is not None:
                p = fallback.located(area, text[a:b], a, b)
                ids.add(id(p))
                out.append(p)
        out.sort(key=lambda p: p.start)
        return out, ids

    def _sentence_places(
        self, text: str, s: int, e: int, places: list, state: _State
    ) -> list[PlaceRef]:
        starts = [p.start for p in places]
        lo, hi = bisect_left(starts, s), bisect_left(starts, e)
        canon, fb = state.canon, state.fallbacks
        refs = [
            PlaceRef(p.start, p.end, canon.get(id(p), p), p.mention, fallback=id(p) in fb)
            for p in places[lo:hi]
        ]
        for m in COREF.finditer(text, s, e):
            target = self._resolve_coref(m, text, s, places, state)
            if target is not None:
                target = state.canon.get(id(target), target)
                refs.append(PlaceRef(m.start(), m.end(), target, m.group(0), coref=True))
        refs.sort(key=lambda r: r.start)
        return refs

    def _resolve_coref(
        self, m: re.Match[str], text: str, s: int, places: list, state: _State
    ) -> object | None:
        """'the village' -> the place last introduced as a village, else the latest fit."""
        noun = (m.group("noun") or "").lower()
        want_city = bool(m.group("its")) or noun in CITY_NOUNS
        lo = bisect_left([p.start for p in places], m.start() - 1000)
        prior = [p for p in places[lo:] if p.end <= m.start() and m.start() - p.end < 800]
        if noun and noun in CITY_NOUNS:
            # "Aborey village ... the village", "the town of Hsenwi ... the town"
            stem = noun[:-1] if noun.endswith("s") else noun
            after = re.compile(rf"\s+(?:\([^()]{{0,60}}\)\s+)?{stem}s?\b", re.I)
            before = re.compile(rf"\b{stem}s?\s+of\s+$", re.I)
            for p in reversed(prior):
                if (getattr(p, "level", "") != "country" or id(p) in state.fallbacks) and (
                    after.match(text, p.end) or before.search(text, max(0, p.start - 16), p.start)
                ):
                    return p
        fb = state.fallbacks
        for p in reversed(prior):
            if p.start < s:
                break
            if self._fits(p, want_city) or id(p) in fb:
                return p
        if prior and self._unresolved(prior[-1]):
            return None  # the latest toponym is unknown to the gazetteer: don't guess
        for ref in reversed(state.targets):
            if self._fits(ref.place, want_city) or ref.fallback:
                return ref.place
        for p in reversed(prior):
            if self._fits(p, want_city) or id(p) in fb:
                return p
        return None

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

    # ---------------------------------------------------------------- sentence level
    def _sentence_events(
        self,
        article: Article,
        text: str,
        s: int,
        e: int,
        triggers: list[Candidate],
        refs: list[PlaceRef],
        mentions: list[ActorMention],
        pub: date,
        state: _State,
    ) -> list[Event]:
        lex = self.lex
        sentence = text[s:e]
        state.bounds[s] = [b.end() for b in lex.boundary.finditer(text, s, e)]
        dates = _LazyDates(sentence, pub)
        history = lex.history.search(state.doc, s, e)
        disputed = lex.claim_disputed.search(state.doc, s, e) is not None
        out: list[Event] = []
        first_targets: list[PlaceRef] | None = None
        deferred: list[Candidate] = []
        state.leaver = None
        if any(c.type == "withdrawal" for c in triggers) or _LEAVE_NOUN.search(sentence):
            # "X fell after government troops withdrew": who left names the taker's side
            strong = [m.entry for m in mentions if m.entry.strong]
            state.leaver = strong[-1] if len(strong) == 1 else None
        for cand in triggers:
            if cand.frame == "intransitive":
                deferred.append(cand)
                continue
            if cand.type == "battle" and (
                self._remote(cand, text, s, e)
                or self._one_sided(sentence, mentions)
                or self._unarmed_opponent(s + cand.end, text, mentions)
            ):
                continue  # "a drone attack on Kharkiv"; "attacked X, killing 12 civilians"
            result = self._one(cand, text, s, sentence, refs, mentions, state)
            if result is None and first_targets and cand.frame == "active":
                # "attacked X in Al Masharih and took control of nine sites": the sentence's place
                result = self._objectless(cand, text, s, sentence, refs, mentions, state)
                if result is not None:
                    result = (first_targets, result[1], True)
            if result is None:
                continue
            targets, actor_entry, via_context = result
            if first_targets is None and targets:
                first_targets = targets
            out.extend(
                self._emit(
                    article, cand, sentence, s, targets, actor_entry, via_context, dates,
                    history, disputed, mentions, pub, state,
                )
            )  # fmt: skip
            if cand.frame == "transfer" and targets:
                out.extend(self._recipient(article, cand, sentence, s, targets, dates, history,
                                           disputed, mentions, pub, state))  # fmt: skip
        for cand in deferred:
            if self._blocked(cand, text, s, state):
                continue
            if cand.type == "capture" and sentence[cand.start : cand.end].lower().startswith(
                ("fell", "has fallen", "have fallen", "had fallen")
            ):
                own = self._places_before(s + cand.start, text, refs, appositive=True)
                if own and not self._blocked(cand, text, s, state):
                    actor = None
                    if re.match(r"\s+(?:in)?to\s", text[s + cand.end : s + cand.end + 6]):
                        actor = self._actor_after(s + cand.end, text, mentions)
                    actor = actor or self._memory(cand.type, state)
                    out.extend(
                        self._emit(
                            article, cand, sentence, s, own, actor, True, dates, history,
                            disputed, mentions, pub, state,
                        )
                    )  # fmt: skip
                continue
            own = self._places_after(cand, s + cand.end, text, refs)
            targets = own or first_targets
            if not targets:
                # "fighting in X town, where regime forces took control": the place of "where"
                wheres = list(_WHERE.finditer(text, s, s + cand.start))
                if wheres:
                    where = wheres[-1]
                    prior = [
                        r for r in refs if r.end <= where.start() and not self._unresolved(r.place)
                    ]
                    targets = prior[-1:]
            if not targets and cand.type == "withdrawal" and state.targets:
                last = state.targets[-1]  # "... soldiers had retreated": from the place in focus
                if getattr(last.place, "level", "") == "city":
                    targets = [last]
            if not targets:
                continue
            actor_entry, via_context = self._actor_before(cand, s, text, mentions, state)
            if actor_entry is None:
                continue
            out.extend(
                self._emit(
                    article, cand, sentence, s, targets, actor_entry, not own, dates,
                    history, disputed, mentions, pub, state,
                )
            )  # fmt: skip
        return out

    def _recipient(
        self,
        article: Article,
        cand: Candidate,
        sentence: str,
        s: int,
        targets: list[PlaceRef],
        dates: _LazyDates,
        history: re.Match[str] | None,
        disputed: bool,
        mentions: list[ActorMention],
        pub: date,
        state: _State,
    ) -> list[Event]:
        """'ceded Avdiivka to Russian forces': the recipient captures the place."""
        last = max(t.end for t in targets)
        to = _TO_RECIPIENT.match(state.text, last)
        if to is None:
            return []
        actor = self._actor_after(to.end(), state.text, mentions)
        if actor is None:
            return []
        capture = Candidate("capture", "transfer", cand.start, cand.end)
        return self._emit(
            article, capture, sentence, s, targets, actor, False, dates, history, disputed,
            mentions, pub, state,
        )  # fmt: skip

    @staticmethod
    def _one_sided(sentence: str, mentions: list[ActorMention]) -> bool:
        """Violence against civilians: the only armed party attacks unarmed people."""
        if not _CIVILIAN_VICTIMS.search(sentence):
            return False
        armed = {m.entry.name for m in mentions if m.entry.strong and m.entry.armed}
        return len(armed) < 2

    @staticmethod
    def _unarmed_opponent(pos: int, text: str, mentions: list[ActorMention]) -> bool:
        """'Police clashed with protesters': unrest, not a battle between armed parties."""
        for m in mentions:
            if m.start >= pos:
                return m.entry.category == "civilian" and len(text[pos : m.start].split()) <= 3
        return False

    @staticmethod
    def _remote(cand: Candidate, text: str, s: int, e: int) -> bool:
        """Remote violence (air/drone strikes, shelling) is not a battle for a place."""
        a_start, a_end = s + cand.start, s + cand.end
        if not _ATTACK_WORD.search(text, a_start, a_end):
            return False  # "clashes and exchange of shelling": the clashes are still fighting
        before = text[max(s, a_start - 30) : a_start]
        before = before[max(before.rfind(","), before.rfind(";")) + 1 :]
        after = text[a_end : min(e, a_end + 60)]
        after = _CLAUSE_END.split(after, maxsplit=1)[0]
        return bool(_REMOTE.search(before) or _REMOTE.search(after))

    def _blocked(self, cand: Candidate, text: str, s: int, state: _State) -> bool:
        """Hypothetical, intention or negation in the trigger's clause."""
        lex = self.lex
        cut = s
        for b in state.bounds[s]:
            if b > s + cand.start:
                break
            cut = b
        lo, hi, doc = cut, s + cand.start, state.doc
        if hi > lo and (
            lex.hypothetical.search(doc, lo, hi)
            or lex.intention.search(doc, lo, hi)
            or lex.negation.search(doc, lo, hi)
        ):
            return True
        # "if" governs the whole conditional clause even across a comma-free "and"
        tail = text[max(s, cut - 60) : s + cand.start]
        return bool(re.search(r"\b(?:if|unless)\b[^,;.]*$", tail, re.I))

    def _one(
        self,
        cand: Candidate,
        text: str,
        s: int,
        sentence: str,
        refs: list[PlaceRef],
        mentions: list[ActorMention],
        state: _State,
    ) -> tuple[list[PlaceRef], ActorEntry | None, bool] | None:
        if self._blocked(cand, text, s, state):
            return None
        frame = cand.frame
        a_start, a_end = s + cand.start, s + cand.end
        if frame in ("active", "transfer"):
            before = sentence[: cand.start]
            targets = self._places_after(cand, a_end, text, refs)
            if _AUX_PASSIVE.search(before[-30:]) and _PARTICIPLE.match(sentence, cand.start):
                # "Hama was captured (by rebels)": the place precedes, the actor follows "by".
                back = self._places_before(a_start, text, refs)
                if not back:
                    return None
                actor = None
                if _BY.match(text[a_end : a_end + 30]):
                    actor = self._actor_after(a_end, text, mentions)
                return back, actor or self._memory(cand.type, state), actor is None
            if not targets or self._metaphor(text, targets[0].end):
                return None
            actor, via = self._actor_before(cand, s, text, mentions, state)
            if actor is None:
                return None
            return targets, actor, via
        if frame == "passive":
            targets = self._places_before(a_start, text, refs)
            if not targets:
                return None
            actor = self._actor_after(a_end, text, mentions)
            if actor is None:
                actor = self._memory(cand.type, state)
                return (targets, actor, True) if actor else None
            return targets, actor, False
        if frame == "nominal":
            trig_text = sentence[cand.start : cand.end].lower().rstrip()
            targets: list[PlaceRef] = []
            if not re.search(
                r"\b(?:of|from|on|towards?|into|in|for|over|near|around|at)$", trig_text
            ):
                for ref in reversed(refs):
                    if ref.end <= a_start and _POSSESSIVE.match(text[ref.end : a_start]):
                        targets = [ref]
                        break
            if not targets:
                targets = self._places_after(cand, a_end, text, refs)
            if not targets:
                return None
            last = max(t.end for t in targets)
            if _AGENT.match(text, last, last + 48):
                actor = self._actor_after(last, text, mentions)
                if actor is not None:
                    return targets, actor, False
            inner = [m for m in mentions if a_start < m.start and m.end <= a_end]
            if inner and inner[0].entry.strong and inner[0].entry.category != "civilian":
                return targets, inner[0].entry, False  # "the withdrawal of FAMa from Gao"
            actor, via = self._actor_before(cand, s, text, mentions, state, allow_memory=False)
            if actor is None and cand.type == "battle":
                between = re.search(r"\bbetween\s+", text[a_start : s + len(sentence)], re.I)
                if between:
                    actor = self._actor_after(a_start + between.end(), text, mentions)
            if actor is None:
                actor = self._memory(cand.type, state)
                via = True
            if actor is None:
                actor = ActorEntry("unknown", "pronoun")
            return targets, actor, via
        return None

    def _objectless(
        self,
        cand: Candidate,
        text: str,
        s: int,
        sentence: str,
        refs: list[PlaceRef],
        mentions: list[ActorMention],
        state: _State,
    ) -> tuple[list[PlaceRef], ActorEntry | None, bool] | None:
        """An active trigger with no place of its own ("took control of nine sites")."""
        if cand.type not in ("capture", "withdrawal", "reinforcement"):
            return None
        if _PERSON_OBJECT.match(text, s + cand.end):
            return None  # "killed five and captured one": people taken, not a place
        if self._blocked(cand, text, s, state):
            return None
        if self._places_after(cand, s + cand.end, text, refs):
            return None  # it had places; they were rejected for a reason
        actor, via = self._actor_before(cand, s, text, mentions, state)
        return ([], actor, via) if actor is not None else None

    @staticmethod
    def _memory(etype: str, state: _State) -> ActorEntry | None:
        if etype in _ATTACKER_TYPES:
            if state.attacker is None and etype == "capture":
                return _opponent(state.leaver or state.defender)
            return state.attacker
        return state.defender or state.last_actor

    def _metaphor(self, text: str, pos: int) -> bool:
        return bool(self.lex.metaphor.match(text[pos : pos + 40]))

    def _places_after(
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
                if not m or self._container(out[-1], ref, gap):
                    break
                if m.group("incl"):
                    out = []  # "villages in eastern Idlib, including Rabiah": the named one
                out.append(ref)
                cursor = ref.end
        if not out and country is not None:
            return [country]
        return out

    @staticmethod
    def _container(prev: PlaceRef, ref: PlaceRef, gap: str) -> bool:
        """'Krasnohorivka, Donetsk': a bare-comma item locating the previous one."""
        if gap.strip() not in (",", ""):
            return False
        level = getattr(ref.place, "level", "city")
        same_a1 = getattr(ref.place, "admin1", None) == getattr(prev.place, "admin1", None)
        return level in ("admin1", "region", "country") or same_a1

    def _skip_target(
        self, cand: Candidate, gap: str, ref: PlaceRef, text: str, trigger: str = ""
    ) -> bool:
        if self._possessive_country(ref, text):
            return True
        if not ref.coref and _MODIFIER_USE.match(text[ref.end : ref.end + 20]):
            return True
        if cand.type == "withdrawal" and _DESTINATION.search(gap):
            return not re.search(r"\b(?:from|outside|out of|away from)\b", gap, re.I)
        if cand.type in ("capture", "withdrawal") and _UNNAMED_NEAR.search(gap):
            return True  # "occupied a city near Tripoli": an unnamed place, not Tripoli
        if cand.type == "capture" and _EXPEL.match(trigger):
            return False  # "cleared Boko Haram from Dure": the place they were driven from
        return cand.type in ("advance", "capture") and bool(_ORIGIN.search(gap))

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
            if ref.end > pos:
                continue
            gap = text[ref.end : cursor]
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
        return out

    def _actor_before(
        self,
        cand: Candidate,
        s: int,
        text: str,
        mentions: list[ActorMention],
        state: _State,
        allow_memory: bool = True,
    ) -> tuple[ActorEntry | None, bool]:
        pos = s + cand.start
        before = [m for m in mentions if m.end <= pos]
        chosen: ActorMention | None = None
        via = False
        hint: str | None = None
        for idx in range(len(before) - 1, -1, -1):
            m = before[idx]
            if m.entry.category == "civilian":
                if via:
                    continue  # "left 18 people dead after the militants ...": an object
                return None, False  # "residents fled": not an armed actor's move
            relative = _RELATIVE.match(text, m.end) is not None  # "the MNDAA, which said"
            if not relative and _BEFORE_OBJECT.search(text[max(s, m.start - 25) : m.start]):
                continue
            if m.entry.weak and _VERB_OBJECT.search(text, max(s, m.start - 20), m.start):
                continue  # "took over Mogadishu before withdrawing": the place, not an actor
            if m.entry.category == "pronoun":
                via = True
                hint = hint or m.entry.hint
                continue
            if hint == "non_state" and m.entry.category not in ("group", "generic_non_state"):
                continue  # "the militants" does not refer back to "the government"
            if not via and _ATTRIBUTION.match(text, m.end, m.end + 40):
                continue  # ", the government said, and fighting continued": a speaker
            chosen = m
            break
        if chosen is None:
            if not allow_memory:
                return None, False
            if hint == "non_state":
                mem = state.last_non_state
            elif via:
                mem = state.last_actor
            else:
                mem = self._memory(cand.type, state) or state.last_actor
            if via and mem is None:
                return None, False
            return (mem, True) if mem is not None else (None, False)
        idx = before.index(chosen)
        while idx > 0 and before[idx - 1].entry.strong:
            prev = before[idx - 1]
            gap = text[prev.end : chosen.start]
            if (
                not (
                    _CONJ.fullmatch(gap)
                    or (prev.entry is chosen.entry and not gap.strip())  # "FSA Olive Branch forces"
                )
                or _BEFORE_OBJECT.search(text[max(s, prev.start - 25) : prev.start])
            ):
                break  # "following clashes with rebels, regime forces took": not a conjunct
            chosen = prev  # "The Malian army and Wagner fighters entered": first conjunct
            idx -= 1
        entry = chosen.entry
        ellipsis = _DEMONYM_AND.search(text, max(s, chosen.start - 30), chosen.start)
        if ellipsis and ellipsis.group(1).casefold() in self.actors.demonyms:
            entry = self.actors.demonyms[ellipsis.group(1).casefold()]  # "Iraqi and Kurdish forces"
        elif entry.generic:
            want = "group" if entry.category == "generic_non_state" else "state"
            for m in before:
                if m.entry.category == want and m.start < chosen.start:
                    entry = m.entry
        return entry, via

    @staticmethod
    def _actor_after(pos: int, text: str, mentions: list[ActorMention]) -> ActorEntry | None:
        for m in mentions:
            if m.start >= pos:
                if len(text[pos : m.start].split()) > 6:
                    return None
                if m.entry.category == "pronoun" and m.entry.hint == "non_state":
                    return _ANY_NON_STATE  # "under the control of the militants"
                if m.entry.category in ("civilian", "pronoun"):
                    return None
                return m.entry
        return None

    # ---------------------------------------------------------------- event building
    def _emit(
        self,
        article: Article,
        cand: Candidate,
        sentence: str,
        s: int,
        targets: list[PlaceRef],
        entry: ActorEntry | None,
        via_context: bool,
        dates: _LazyDates,
        history: re.Match[str] | None,
        disputed: bool,
        mentions: list[ActorMention],
        pub: date,
        state: _State,
    ) -> list[Event]:
        if entry is None:
            return []
        if entry.category == "generic_force" and state.last_state is not None:
            entry = state.last_state  # "Israeli troops pushed in. Tanks reached ..."
        elif entry is _ANY_NON_STATE and state.last_non_state is not None:
            entry = state.last_non_state  # "the militants": the last named non-state group
        lex = self.lex
        etype = EventType(cand.type)
        when = self._date_for(cand, sentence, dates, pub, history, state.bounds.get(s, []), s)
        if when is False:
            return []
        status = Status.reported
        denial = None
        for found in lex.denial.finditer(state.doc, s, s + cand.start):
            denial = found  # the last denial before the trigger governs it
        if denial is not None and not _DENIAL_STOP.search(state.text, denial.end(), s + cand.start):
            status = Status.denied
        elif disputed or self._self_claim(entry, state, s, s + len(sentence), mentions):
            status = Status.claimed
        out: list[Event] = []
        for ref in targets:
            p = ref.place
            cc = (getattr(p, "country_code", None) or "").upper()
            actor: Actor = self.actors.resolve(entry, cc or None)
            level = getattr(p, "level", "city")
            if (
                level == "country"
                and not (ref.fallback and _COUNTRY_FALLBACK)
                and not (etype == EventType.withdrawal and actor.kind == ActorKind.foreign_state)
            ):
                continue
            loc = Location(
                name=p.name,
                geonameid=getattr(p, "geonameid", None),
                country_code=cc or "XX",
                admin1=getattr(p, "admin1", None),
                lat=float(p.lat),
                lon=float(p.lon),
                level=level,
                mention=ref.mention,
                feature_code=getattr(p, "feature_code", None) or None,
            )
            conf = _FRAME_CONFIDENCE[cand.frame]
            conf -= 0.1 * via_context + 0.1 * ref.coref + 0.05 * entry.generic
            conf *= min(1.0, max(0.3, float(getattr(p, "confidence", 1.0) or 1.0)))
            if actor.kind == ActorKind.unknown:
                conf *= 0.7
            out.append(
                Event(
                    event_id=make_event_id(article.id, etype.value, actor.name, loc.key),
                    article_id=article.id,
                    type=etype,
                    actor=actor,
                    location=loc,
                    date=when,
                    status=status,
                    confidence=round(max(0.05, min(1.0, conf)), 3),
                    evidence=sentence,
                    published=article.published,
                    importance=float(getattr(p, "importance", 1.0) or 1.0),
                )
            )
        if out and entry.category != "pronoun":
            if etype.value in _ATTACKER_TYPES:
                state.attacker = entry
            else:
                state.defender = entry
            state.targets.extend(t for t in targets if not t.coref)
        return out

    @staticmethod
    def _date_for(
        cand: Candidate,
        sentence: str,
        lazy: _LazyDates,
        pub: date,
        history: re.Match[str] | None,
        bounds: list[int],
        s: int,
    ) -> date | bool | None:
        """Nearest date phrase to the trigger; publication date when there is none.

        Returns False when the clause is undated background history: such events would be
        dated to the article, which is exactly what must never happen.
        """
        lo, hi = s + cand.start, s + cand.end
        rel = _relative_clause(sentence, cand)
        if rel is not None:
            # "M23, which captured Goma, is advancing on Bukavu": background unless the
            # relative clause carries its own date ("who seized Goma in January")
            inside = [d for d in lazy.get() if rel[0] <= d.start and d.end <= rel[1]]
            return inside[0].value if inside else False

        def other_clause(d: DatePhrase) -> bool:
            a, b = (s + d.end, lo) if s + d.end <= lo else (hi, s + d.start)
            return any(a < x <= b for x in bounds)

        # "besieged since May, and the army has airlifted ...": a duration in another clause
        dates = [d for d in lazy.get() if not (d.since and other_clause(d))]
        if dates:

            def distance(d: DatePhrase) -> int:
                gap = cand.start - d.end if d.end <= cand.start else max(0, d.start - cand.end)
                return gap + (500 if d.since else 0)

            return min(dates, key=distance).value
        if history is not None:
            return False
        return pub

    def _self_claim(
        self, entry: ActorEntry, state: _State, s: int, e: int, mentions: list[ActorMention]
    ) -> bool:
        """'Russia's defence ministry said its troops took X': the actor speaks for itself."""
        for m in self.lex.claim.finditer(state.doc, s, e):
            speaker = None
            for am in mentions:
                if am.end <= m.start() and m.start() - am.end <= 30:
                    lead = state.text[max(s, am.start - 25) : am.start]
                    if not _BEFORE_OBJECT.search(lead):
                        speaker = am
            if speaker is not None and _same_side(speaker.entry, entry):
                return True
        return False
