"""Stage 4, dates and emission.

The date nearest the trigger (undated background in a history clause or a relative clause
is dropped), the status (denied, claimed, reported) and one contract Event per target place.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from functools import cache
from typing import Literal, cast

from frontline.actors import ActorEntry, ActorMention
from frontline.extraction.actorphrases import ANY_NON_STATE, ActorStage
from frontline.extraction.dates import DatePhrase, find_dates
from frontline.extraction.history import HISTORY_DAYS
from frontline.extraction.lexicon import _load, expand
from frontline.extraction.state import (
    ATTACKER_TYPES,
    Candidate,
    PlaceRef,
    State,
    fallback_site,
)
from frontline.geo.fallback import LOCATOR_AFTER
from frontline.models import (
    Actor,
    ActorKind,
    Article,
    Event,
    EventType,
    Level,
    Location,
    Status,
    make_event_id,
)

_COUNTRY_FALLBACK = True


# "claims to have retaken it": the change is the claimer's word
_CLAIM_TO_HAVE = re.compile(r"\bclaim(?:s|ed|ing)?\s+to\s+have\s+(?:\w+ly\s+)?$", re.I)
_CHARGE_DENIED = re.compile(
    r",\s*(?:a|an|which)\s+(?:(?:charge|claim|accusation|allegation|report)s?\s+(?:that\s+)?)?"
    r"(?:[\w'’-]+\s+){1,4}?(?:deny|denies|denied|reject|rejects|rejected|dismiss|dismisses|dismissed)\b",
    re.I,
)
# a clause of its own between the trigger and the denial: the denial is of that clause
# ("conquered Kunduz, adding that they had also taken the airport, which officials denied")
_OTHER_CLAUSE = re.compile(
    r"\b(?:adding|saying|said|says|while|but|whereas|also|and\s+(?:had|have|has|was|were|that))\b",
    re.I,
)


def _charge_denied(sentence: str, end: int) -> bool:
    """A trailing "a charge X denies" that governs the clause of the trigger ending at `end`."""
    found = _CHARGE_DENIED.search(sentence, end)
    return found is not None and not _OTHER_CLAUSE.search(sentence, end, found.start())


_BUT_DENIED = re.compile(
    r"[^;]*?,?\s+but\s+(?:[\w'’-]+\s+){1,4}?(?:denied|denies|deny|rejected|dismissed)\s+"
    r"(?:that\s+)?(?:it|this|that|the\s+(?:town|city|village|report|claim))\b",
    re.I,
)
_CLAIM_DENIED = re.compile(
    r"\b(?:was|were|has\s+been|have\s+been)\s+(?:denied|rejected|dismissed)\b", re.I
)

_FRAME_CONFIDENCE = {
    "transfer": 0.8,
    "active": 0.85,
    "passive": 0.8,
    "nominal": 0.7,
    "intransitive": 0.6,
}


_DENIAL_STOP = re.compile(
    r"\b(?:saying|adding|insisting|but|while|whereas|although|though|even as)\b|;", re.I
)


_RELATIVE_OPEN = re.compile(
    r",\s*(?:which|who|whose\s+[\w'’-]+)\s+(?:had\s+|has\s+|have\s+)?[^,;]*$", re.I
)


# a sentence-final ", which they (then) captured": a continuation of the news, not background
_CONTINUATIVE = re.compile(
    r",\s*which\s+(?:they|it|the\s+\w+|was|were|is|are|(?-i:[A-Z])[\w'’-]*(?:\s+(?-i:[A-Z])[\w'’-]*){0,2})?"
    r"\s*(?:then|later|eventually|"
    r"subsequently|finally|reportedly|also|now)?\s*$",
    re.I,
)


@cache
def _cues() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The result-relative and pluperfect-background cues of `cues.yaml`, compiled once."""
    cues = _load("cues.yaml")

    def alt(key: str) -> str:
        return "|".join(f"(?:{expand(f)})" for f in cues[key])

    result = re.compile(r",\s*which\s+(?:\w+\s+)?(?:" + alt("result_relative") + r")\b", re.I)
    return result, re.compile(r"\b(?:" + alt("pluperfect_background") + r")", re.I)


# "clashed with al Shabaab fighters in X, who then took the town.": the story goes on, and
# the side is the antecedent of "who" (the last actor named before it)
_WHO_THEN = re.compile(r",\s*who\s+(?:then|later|eventually|subsequently|finally)\s+$", re.I)


def _relative_clause(sentence: str, cand: Candidate) -> tuple[int, int] | None:
    """Bounds of the non-restrictive relative clause (', which/who ...,') holding a trigger."""
    head = sentence[: cand.start]
    if "which" not in head and "who" not in head and "Which" not in head and "Who" not in head:
        return None
    m = _RELATIVE_OPEN.search(sentence, 0, cand.start)
    if m is None:
        return None
    if _cues()[0].match(sentence, m.start()):
        return None  # "attacked X, which led to the militants taking control": the result
    end = sentence.find(",", cand.end)
    if end < 0 and (
        _CONTINUATIVE.search(sentence, m.start(), cand.start)
        or _WHO_THEN.search(sentence, m.start(), cand.start)
    ):
        return None  # "clashed in Rajo, which they then captured.": the story goes on
    return m.start(), (len(sentence) if end < 0 else end)


# "since they took Raqqa" (a clause), not "has since pushed" (an adverb)
_SINCE_CLAUSE = re.compile(
    r"(?<!has )(?<!have )(?<!had )\b(?:ever\s+)?since\s+(?:[\w'’-]+\s+){1,6}$", re.I
)
# a date that a "when" clause hangs on: "since Friday, when they captured Kavumu airport"
_WHEN_AT = re.compile(r"\s*,\s*when\s+(?:[\w'’-]+\s+){1,4}", re.I)
# a restrictive relative clause naming who did it: "the soldiers who abandoned Mosul"
_RESTRICTIVE = re.compile(
    r"\b(?:the|those|these)\s+(?:[\w-]+\s+){0,2}?(?:soldiers|troops|forces|fighters|militants|"
    r"rebels|units|men|commanders|officers|insurgents|militias?|militiamen|group)\s+"
    r"(?:who|that)\s+(?:had\s+|have\s+|has\s+)?$",
    re.I,
)
# a participle in apposition: ", driven out of Mosul by Iraqi forces,"
_APPOSITIVE_PARTICIPLE = re.compile(
    r"(?<=, )(?:driven|pushed|forced|expelled|ousted|chased|routed|flushed)\s+(?:out\s+of|from)\b",
    re.I,
)
_SUBORDINATE_NEXT = re.compile(
    r"\s*,?\s*(?:after|before|following|until|as|when|while)\s+(?:[\w'’-]+\s+){0,3}", re.I
)
_AFTER_THE = re.compile(
    r"\b(?:after|since|following|before|until|prior\s+to|in\s+the\s+wake\s+of|anniversary\s+of)"
    r"\s+(?:the\s+)?$",
    re.I,
)
_ANCHORED = re.compile(r"\b(?:after|before)$", re.I)
# "the 2011 uprising": a bare year modifying the noun after it dates that noun's clause only
_YEAR_NOUN = re.compile(r"(?:the\s+|an?\s+)?(?:1[89]|20)\d\d\s+(?-i:[a-z])[\w-]*")


def _attributive_year(sentence: str, start: int, end: int, trigger: int) -> bool:
    """ "the city where the 2011 uprising began, after the army withdrew": a year modifying a
    noun, a comma away from the trigger, dates that noun, not the trigger ("a 2012
    insurrection that briefly overran Goma" is the insurrection's own clause)."""
    lo, hi = (end, trigger) if end <= trigger else (trigger, start)
    return "," in sentence[lo:hi] and _YEAR_NOUN.fullmatch(sentence, start, end) is not None


_AND = re.compile(r"\band\b|,")
# "handed X over to Y": the recipient follows the particle
# "handed over X to Y", "handed over X (Hiraan) to Y": after the place and its locator
_TO_RECIPIENT = re.compile(rf"{LOCATOR_AFTER}\s+(?:over\s+)?(?:to|in\s+favou?r\s+of)\s+", re.I)


def _aside(sentence: str, at: int, trigger: int) -> bool:
    """Offset `at` lies inside a parenthesis that does not hold the trigger."""
    if "(" not in sentence:
        return False
    lo, hi = min(at, trigger), max(at, trigger)
    opened = sentence.rfind("(", 0, at)
    if opened < 0 or sentence.rfind(")", opened, at) >= 0:
        return False  # `at` is not inside brackets
    return not (opened < trigger < _close(sentence, opened)) and lo < hi


def _close(sentence: str, opened: int) -> int:
    end = sentence.find(")", opened)
    return len(sentence) if end < 0 else end


# "still occupy parts of X", "continue to control X": a state of control, not a change
_STILL = re.compile(r"\b(?:still|continues?\s+to|continued\s+to|remains?|remained)\s+$", re.I)
# a place that modifies the head after it: "the North Kivu capital", "the South Kivu governor",
# "the southern Gaza city of Khan Younis", "Haftar's offensive" is not Haftar's place
_MODIFIER_AFTER = re.compile(
    r"\s+(?:(?:provincial|regional|state|district)\s+)?(?:capital|governor|governorate's)\b"
    r"|\s+(?P<of>(?:city|town|village|port|district|province|region)\s+of\s+[A-Z])",
)
# "the southern Gaza city of Khan Younis": the modifier follows a determiner; "Izium town of
# Kharkiv region", "Saraqib city of Idlib province" name the place first, its container after
_DETERMINED = re.compile(r"\bthe\s+(?:[a-z-]+\s+){0,3}$")
_CONTAINER = re.compile(
    r"\s+(?:city|town|village)\s+of\s+(?:[A-Z][\w'’-]*\s+){1,3}"
    r"(?:region|province|district|governorate|state|oblast|county)\b"
)
# the fate of a nominal advance told after it: "a parallel thrust towards Mille was halted"
_HALTED = re.compile(
    r"[^;]*?\b(?:was|were|has\s+been|have\s+been|had\s+been)\s+(?:\w+ly\s+)?"
    r"(?:halted|stopped|repelled|repulsed|blocked|thwarted|beaten\s+back|pushed\s+back|foiled)\b",
    re.I,
)
# "Islamic State faces a U.S.-backed advance on Raqqa": the subject is who the move is against,
# and a move faced or resisted is not yet a change
_FACED = re.compile(
    r"\b(?:fac(?:e|es|ed|ing)|confront(?:s|ed|ing)?|resist(?:s|ed|ing)?|brac(?:e|es|ed|ing)\s+for|"
    r"fend(?:s|ed|ing)?\s+off|fought\s+off|withst(?:and|ands|ood|anding)|slow(?:s|ed|ing)?)\s+"
    r"(?:a|an|the|its|their|his|her|this|that|another)\s+(?:[\w.'’-]+\s+){0,3}$",
    re.I,
)
# the change as the subject noun of a modal: "A move on Manbij would risk ...", "the fall of
# Marib, the last government stronghold, could open the road"
_NOUN_SUBJECT = re.compile(
    r"(?:^|[,;:\"“]\s*|\b(?:but|and|that|because|said|says|warned)\s+)"
    r"(?:a|an|any|such\s+an?|the)\s+(?:[\w-]+\s+){0,2}$",
    re.I,
)
_MODAL_NEXT = re.compile(r"\s*(?:,[^,.;]{0,60},\s*)?(?:would|could|might)\b(?!\s+not\b)", re.I)
_ACROSS_BORDER = re.compile(r"\b(?:across|over)\s+the\s+(?:border|frontier)\b", re.I)
_AROUND = re.compile(r"\b(?:the\s+)?(?:area|areas|vicinity|direction)\s+(?:around|near|of)\b", re.I)
# a pluperfect in reported speech is the news: "an official acknowledged its forces had withdrawn"
_REPORTED = re.compile(
    r"\b(?:sa(?:id|ys|y)|told|acknowledg|admit|confirm|report|announc|claim|insist|add|stat|"
    r"according|deni|accus|warn|tweet|post|declar|speak|quot|cit(?:ed|ing)|show|indicat)",
    re.I,
)
# "Rebels had taken the town, residents said.": a trailing attribution reports the news
_SAID_AFTER = re.compile(
    r",\s*(?:[\w'’.-]+\s+){0,6}(?:said|says|told|reported|added|claimed|confirmed)\b"
    r"|,\s*according\s+to\b",
    re.I,
)
_PLUPERFECT = re.compile(
    r"\bhad\s+(?:already\s+|also\s+|earlier\s+|once\s+|previously\s+|formerly\s+|first\s+)?"
    r"(?:been\s+)?"  # "had been taken", "had previously recaptured"
    # "had seized Goma and then moved south": one auxiliary, coordinated participles
    r"(?:[a-z]+(?:ed|en|ne|wn|ken|t)\s+[^.;:]{0,80}?\band\s+(?:then\s+|later\s+|also\s+)?)?$",
    re.I,
)
# "fled"/"fleeing" with no side named in its clause: civilians flee, a retreating side is named
_FLED = re.compile(r"fle(?:d|e|es|eing)\b", re.I)
# "the truce left X in the hands of Y" with no side named before "left": Y holds X, nobody left
_LEFT_HELD = re.compile(
    r"(?:left|leaves?|leaving)\s+[^,.;]{0,40}?\b(?:in|under)\s+(?:the\s+)?(?:[\w-]+\s+)?"
    r"(?:hands|control)\b",
    re.I,
)
# what a convoy carries: supplies on the move are no advance on the place they reach
_SUPPLY = re.compile(
    r"\b(?:carrying|delivering|ferrying|aid|humanitarian|food|fuel|medicines?|medical|relief|"
    r"supplies)\b",
    re.I,
)
# "on the road to Mandalay", "the highway linking X and Y": a road's end is not a target
ROAD_BEFORE = re.compile(
    r"\b(?:road|roads|highway|route|motorway|supply\s+line|corridor)\s+(?:to|towards?|from|"
    r"between|linking|connecting|leading\s+to)\s+(?:[\w'’-]+\s+){0,3}$",
    re.I,
)
# named in passing: "near the border with Burkina Faso", "on the frontier with Bangladesh"
_BORDER_BEFORE = re.compile(r"\b(?:border|frontier|boundary)\s+(?:with|of)\s+$", re.I)
# a source of news, not the place of the event: "cheered by reports from Misrata"
_SOURCE_BEFORE = re.compile(
    r"\b(?:reports?|news|word|accounts?|footage|images|pictures|photos|videos?|messages?|"
    r"broadcasts?|dispatch(?:es)?|calls?|letters?)\s+(?:coming\s+)?(?:(?:out\s+)?from|out\s+of)"
    r"\s+(?:the\s+)?(?:(?:town|city|village)\s+of\s+)?$",
    re.I,
)


def passing_mention(text: str, ref: PlaceRef, trigger_end: int) -> bool:
    """A place named in passing, not the one changing hands: a modifier of another head, a
    neighbour across a border or the source of a report ("reports from Misrata"). (The
    province of places the text only counts, "five villages in the Kharkiv region", stays:
    an honest admin1-level event.)"""
    after = _MODIFIER_AFTER.match(text, ref.end)
    if after and not (
        after["of"]
        and _CONTAINER.match(text, ref.end)
        and not _DETERMINED.search(text, max(0, ref.start - 40), ref.start)
    ):
        return True
    if ROAD_BEFORE.search(text, max(trigger_end, ref.start - 60), ref.start):
        return True
    before = text[max(trigger_end, ref.start - 60) : ref.start]
    return bool(_BORDER_BEFORE.search(before) or _SOURCE_BEFORE.search(before))


def _narrative_date(
    text: str, s: int, sentence: str, history: re.Match[str] | None, pub: date, known: bool
) -> date | None:
    """The date of the narrative an undated pluperfect sentence belongs to: the last date
    phrase before it, when that date is recent news and the sentence has no background cue
    ("before the ceasefire", "previously", "in 2019", "years earlier"). From an earlier
    paragraph only when the sentence tells of a place already `known` to the narrative ("the
    town"): a place first named in an undated pluperfect paragraph is background."""
    if history is not None or _cues()[1].search(sentence):
        return None
    para = text.rfind("\n", 0, s) + 1
    found = find_dates(text[para:s], pub)
    if not found and known and para > 0:
        found = find_dates(text[max(0, s - 3000) : para], pub)
    if not found or found[-1].since or found[-1].background:
        return None
    return _recent(found[-1].value, pub)


def _recent(when: date, pub: date) -> date | None:
    """A narrative's date counts only while it is news (not after the history horizon)."""
    return when if timedelta(0) <= pub - when <= timedelta(days=HISTORY_DAYS) else None


def _builds_on(lead: str, sentence: str, cand: Candidate) -> bool:
    """The trigger tells an earlier change the sentence builds on, or who a side is: "since
    they took Raqqa", "After the fall of Kabul, ...", "the soldiers who abandoned Mosul",
    "Islamic State, driven out of Mosul by Iraqi forces, ...". Such a change is kept only
    with a date of its own right after it."""
    return bool(
        (("since" in lead or "Since" in lead) and _SINCE_CLAUSE.search(lead))
        or (cand.frame == "nominal" and cand.type == "capture" and _AFTER_THE.search(lead))
        or _RESTRICTIVE.search(lead)
        or _APPOSITIVE_PARTICIPLE.match(sentence, cand.start)
    )


def _when_date(dates: list[DatePhrase], sentence: str, start: int) -> date | None:
    """The date a "when" clause hangs on, for a trigger in that clause."""
    for d in dates:
        if d.end <= start and _WHEN_AT.fullmatch(sentence, d.end, start):
            return d.value
    return None


def _paragraph_date(text: str, s: int, pub: date) -> date | None:
    """The date a paragraph opens with ("On 3 May 2023, clashes in X. The army retook the
    town."), for an undated sentence after it: a dated note goes on telling that day. Not a
    date inside the paragraph ("the offensive began on Nov. 27. Rebels took X"): later
    steps of a narrative are not dated by its start."""
    para = text.rfind("\n", 0, s) + 1
    if s - para > 1500:
        return None  # a note is short; a long paragraph is a narrative of many days
    found = find_dates(text[para:s], pub)
    if len(found) != 1 or found[0].start > 3 or found[0].since or found[0].background:
        return None  # only a paragraph that opens with its date ("On 3 May 2023, ...")
    return _recent(found[0].value, pub)


def _unarmed_subject(mentions: list[ActorMention], s: int, cand: Candidate) -> bool:
    """No armed actor named before the trigger in its sentence, or civilians nearest to it."""
    before = [m for m in mentions if s <= m.start and m.end <= s + cand.start]
    return not before or before[-1].entry.category == "civilian"


# "a camp for displaced people in X", "the homes of residents of X": people modify a noun
_PEOPLE_MODIFY = re.compile(
    r"\b(?:for|of|housing|hosting|sheltering)\s+(?:the\s+|some\s+|[\d,]+\s+)?$", re.I
)


def civilians_moved(mentions: list[ActorMention], lo: int, hi: int, text: str = "") -> bool:
    """'evacuated 4,000 civilians from X', 'driven refugees into X': people, not forces (not
    people that only modify what was taken: 'seized a camp for displaced people in X')."""
    return any(
        m.entry.category == "civilian"
        and lo <= m.start < hi
        and not _PEOPLE_MODIFY.search(text, max(0, m.start - 30), m.start)
        for m in mentions
    )


def one_point_lists(targets: list[PlaceRef], text: str) -> list[PlaceRef]:
    """Coordinated names the gazetteer lacks that stand at one fallback point ("took Karvo,
    Dembel and Uskari villages in Bardaale district", all at Hiraan's): one target whose
    mention is the whole list. Every name is kept, none is dropped; but their one point says
    nothing the first does not, and a note annotates such a list once, at its district
    (acled-dev: one event per village cost check-half precision, docs/extraction.md)."""
    out: list[PlaceRef] = []
    for ref in targets:
        prev = out[-1] if out else None
        if (
            prev is not None
            and ref.site
            and prev.site
            and not ref.coref
            and not prev.coref
            and _point(ref) == _point(prev)
        ):
            out[-1] = replace(prev, end=ref.end, mention=text[prev.start : ref.end])
            continue
        out.append(ref)
    return out


_BETWEEN = re.compile(
    r"\bbetween\s+(?:the\s+)?(?:(?:towns?|cities|villages?)\s+(?:of\s+)?)?$", re.I
)
_SEGMENT_AND = re.compile(r"\s*(?:and|&)\s+(?:the\s+)?(?:(?:town|city|village)\s+of\s+)?$")


def segment_starts(targets: list[PlaceRef], text: str) -> list[PlaceRef]:
    """An ambush "on a convoy between Afgooye and Mogadishu" happened somewhere on the way:
    one event, at the first end named, not one in each town."""
    out: list[PlaceRef] = []
    for ref in targets:
        prev = out[-1] if out else None
        if (
            prev is not None
            and _SEGMENT_AND.fullmatch(text, prev.end, ref.start)
            and _BETWEEN.search(text, max(0, prev.start - 40), prev.start)
        ):
            continue
        out.append(ref)
    return out


def _point(ref: PlaceRef) -> tuple:
    p = ref.place
    return (getattr(p, "level", ""), getattr(p, "admin1", None), p.lat, p.lon)


class LazyDates:
    """Date phrases of a sentence, parsed only if an event from it is emitted."""

    __slots__ = ("_value", "pub", "sentence")

    def __init__(self, sentence: str, pub: date) -> None:
        self.sentence, self.pub = sentence, pub
        self._value: list[DatePhrase] | None = None

    def get(self) -> list[DatePhrase]:
        if self._value is None:
            self._value = find_dates(self.sentence, self.pub)
        return self._value


class EmitStage(ActorStage):
    """Emission: dates, status and the contract Event for each target place."""

    # ---------------------------------------------------------------- event building
    def _emit(  # noqa: C901 (the checks an event passes before it is emitted, in order)
        self,
        article: Article,
        cand: Candidate,
        sentence: str,
        s: int,
        targets: list[PlaceRef],
        entry: ActorEntry | None,
        via_context: bool,
        dates: LazyDates,
        history: re.Match[str] | None,
        disputed: bool,
        mentions: list[ActorMention],
        pub: date,
        state: State,
    ) -> list[Event]:
        if entry is None:
            return []
        if entry.category == "generic_force" and state.last_state is not None:
            entry = state.last_state  # "Israeli troops pushed in. Tanks reached ..."
        elif entry is ANY_NON_STATE and state.last_non_state is not None:
            entry = state.last_non_state  # "the militants": the last named non-state group
        who = _WHO_THEN.search(sentence, max(0, cand.start - 40), cand.start)
        if who is not None:
            named = [m for m in mentions if s <= m.start and m.end <= s + who.start()]
            if named and named[-1].entry.category != "civilian":
                entry = named[-1].entry
        lex = self.lex
        etype = EventType(cand.type)
        if (
            via_context
            and _FLED.match(sentence, cand.start)
            and _unarmed_subject(mentions, s, cand)
        ):
            return []  # "said a nurse who fled on foot": people flee; a side that flees is named
        if etype == EventType.advance and _SUPPLY.search(
            sentence, max(0, cand.start - 50), cand.start
        ):
            return []  # "army trucks carrying food reached X": a delivery, not an advance
        if via_context and _LEFT_HELD.match(sentence, cand.start):
            return []  # "the deal left Idlib in the hands of the insurgents": who holds it
        narrative: date | None = None
        if _PLUPERFECT.search(sentence, max(0, cand.start - 100), cand.start) and not dates.get():
            if _cues()[1].search(sentence):
                return []  # "(an official said) rebels had taken Idlib before the ceasefire"
            if not (
                _REPORTED.search(sentence, 0, cand.start) or _SAID_AFTER.search(sentence, cand.end)
            ):
                known = all(r.coref or r.mention in state.text[:s] for r in targets)
                narrative = _narrative_date(state.text, s, sentence, history, pub, known)
                if narrative is None:
                    return []  # "Rebels had taken Idlib.": undated background, no narrative
        if etype == EventType.capture and _STILL.search(
            sentence, max(0, cand.start - 24), cand.start
        ):
            etype = EventType.holds  # "Eritrean troops still occupy parts of Irob"
        when = self._date_for(cand, sentence, dates, pub, history, state.bounds.get(s, []), s)
        if when is False:
            return []
        if narrative is not None:
            when = narrative  # "On 3 May, clashes in X. The militants had taken the town."
        elif when == pub and history is None and not dates.get():
            # "On 3 May, clashes in X. The army retook the town.": the paragraph's date
            when = _paragraph_date(state.text, s, pub) or pub
        status = Status.reported
        claim_to_have = _CLAIM_TO_HAVE.search(sentence, 0, cand.start) is not None
        denial = None
        for found in lex.denial.finditer(state.doc, s, s + cand.start):
            denial = found  # the last denial before the trigger governs it
        if denial is not None and not _DENIAL_STOP.search(state.text, denial.end(), s + cand.start):
            status = Status.denied
        elif (claim_to_have and _CLAIM_DENIED.search(sentence, cand.end)) or _BUT_DENIED.match(
            sentence, cand.end
        ):
            # "M23 claims to have seized Goma were denied by the army"; "Ankara said its forces
            # had captured the town's centre, but the SDF denied it had fallen"
            status = Status.denied
        elif (
            disputed
            or claim_to_have
            # "Eritrean soldiers still occupy parts of the north, a charge Asmara denies": one
            # side's word the other disputes, as "a claim Kyiv rejected" (`claim_disputed`)
            or _charge_denied(sentence, cand.end)
            or self._self_claim(entry, state, s, s + len(sentence), mentions)
        ):
            status = Status.claimed  # ("despite government claims to have retaken it")
        out: list[Event] = []
        trigger_end = s + cand.end
        for ref in segment_starts(one_point_lists(targets, state.text), state.text):
            p = ref.place
            if passing_mention(state.text, ref, trigger_end):
                continue
            if etype == EventType.advance and _AROUND.search(state.text, trigger_end, ref.start):
                continue  # "pushed into the area around X", "seen near X": not on X itself
            if etype == EventType.withdrawal and _ACROSS_BORDER.search(
                state.text, trigger_end, ref.start
            ):
                continue  # "retreated across the frontier into Gambella": where they went
            if etype == EventType.advance and (
                (cand.frame == "nominal" and _HALTED.match(sentence, ref.end - s))
                or _FACED.search(sentence, max(0, cand.start - 80), cand.start)
            ):
                continue  # "A thrust into Afar towards Mille ... was halted": it never got there
            if _MODAL_NEXT.match(state.text, ref.end) and _NOUN_SUBJECT.search(
                sentence, max(0, cand.start - 60), cand.start
            ):
                continue  # "A move on Manbij would risk a confrontation": weighed, not done
            if etype in (EventType.capture, EventType.withdrawal) and civilians_moved(
                mentions, trigger_end, ref.start, state.text
            ):
                continue
            cc = (getattr(p, "country_code", None) or "").upper()
            actor: Actor = self.actors.resolve(entry, cc or None)
            level = getattr(p, "level", "city")
            if (
                level == "country"
                and not (ref.fallback and _COUNTRY_FALLBACK)
                and not (etype == EventType.withdrawal and actor.kind == ActorKind.foreign_state)
            ) or (level == "country" and actor.kind == ActorKind.state):
                continue  # a country's own forces do not take or leave the country
            loc = Location(
                name=p.name,
                geonameid=getattr(p, "geonameid", None),
                country_code=cc or "XX",
                admin1=getattr(p, "admin1", None),
                lat=float(p.lat),
                lon=float(p.lon),
                level=cast(Level, level),  # the geoparser makes only these four
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
                    # a fallback's id carries the unknown name it stands for: two villages at
                    # one admin1 have two ids (a known place's id is unchanged)
                    event_id=make_event_id(
                        article.id, etype.value, actor.name, loc.key + fallback_site(ref)
                    ),
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
            if ref.fallback:
                state.fallback_events.add(out[-1].event_id)
            if not dates.get():
                state.undated[id(out[-1])] = out[-1]  # by object: ids repeat across sentences
        if out and entry.category != "pronoun":
            if etype.value in ATTACKER_TYPES:
                state.attacker = entry
            else:
                state.defender = entry
            state.targets.extend(t for t in targets if not t.coref)
        return out

    @staticmethod
    def _date_for(
        cand: Candidate,
        sentence: str,
        lazy: LazyDates,
        pub: date,
        history: re.Match[str] | None,
        bounds: list[int],
        s: int,
    ) -> date | Literal[False] | None:
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
        lead = sentence[max(0, cand.start - 60) : cand.start]
        if _builds_on(lead, sentence, cand):  # kept only with a date of its own next to it
            own = [d for d in lazy.get() if d.start >= cand.end and d.start - cand.end < 40]
            return own[0].value if own else False

        hung = _when_date(lazy.get(), sentence, cand.start)
        if hung is not None:
            return hung  # "sped up since Friday, when they captured X": on Friday

        def other_clause(d: DatePhrase) -> bool:
            a, b = (s + d.end, lo) if s + d.end <= lo else (hi, s + d.start)
            return any(a < x <= b for x in bounds)

        # "besieged since May, and the army has airlifted ...": a duration in another clause;
        # "took control (initial takeover by AS was on 2 June)": a parenthesis dates its own
        def _own_clause(d: DatePhrase) -> bool:
            return s + d.end <= lo and not other_clause(d)

        # "pushed in early December, a week after a truce collapsed, and fought ...": "N units
        # after/before" dates only the verb of its own clause ("a year after it fell")
        dates = [
            d
            for d in lazy.get()
            if not (d.since and other_clause(d))
            and not _attributive_year(sentence, d.start, d.end, cand.start)
            and not _aside(sentence, d.start, cand.start)
            and not (_ANCHORED.search(sentence, d.start, d.end) and not _own_clause(d))
        ]
        if history is not None and dates:
            c_lo = max((b for b in bounds if b <= lo), default=s)
            c_hi = min((b for b in bounds if b > hi), default=s + len(sentence))
            if c_lo <= history.start() < c_hi:
                # "had retaken X months earlier, but on Sunday ...": the history cue is in the
                # trigger's clause; a date from another clause does not make it news
                dates = [d for d in dates if not other_clause(d)]
                if not dates:
                    return False
        if dates:
            return min(dates, key=lambda d: _distance(d, cand, sentence, s, bounds)).value
        if history is not None:
            return False
        return pub

    def _recipient(
        self,
        article: Article,
        cand: Candidate,
        sentence: str,
        s: int,
        targets: list[PlaceRef],
        dates: LazyDates,
        history: re.Match[str] | None,
        disputed: bool,
        mentions: list[ActorMention],
        pub: date,
        state: State,
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


def _distance(d: DatePhrase, cand: Candidate, sentence: str, s: int, bounds: list[int]) -> int:
    """How far a date phrase is from the trigger it may date, in characters and penalties."""
    gap = cand.start - d.end if d.end <= cand.start else max(0, d.start - cand.end)
    # "seized Aleppo last week and took Hama on Thursday": a date before a coordinated verb
    # belongs to the first verb
    other_verb = d.end <= cand.start and _AND.search(sentence, d.end, cand.start)
    # "consolidated their grip on Ramadi on Tuesday after routing the army from the city over
    # the weekend": the main clause's date, not the routing's
    main = d.end <= cand.start and _SUBORDINATE_NEXT.fullmatch(sentence, d.end, cand.start)
    # "In 2014, IS overran Mosul; on Monday, Iraqi forces entered the city": a date of the
    # trigger's own clause before one across a clause boundary (the comma of a fronted date
    # aside)
    lo, hi = s + cand.start, s + cand.end
    a, b = (s + d.end + 2, lo) if s + d.end <= lo else (hi, s + d.start)
    across = any(a < x <= b for x in bounds)
    return gap + (500 if d.since else 0) + (60 if other_verb or main else 0) + 200 * across
