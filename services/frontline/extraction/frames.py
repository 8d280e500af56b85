"""Stage 1, triggers and frames.

Trigger phrasings are data (`data/lexicon/triggers.yaml`); a frame says where the actor and
the place are ("ACTOR seized PLACE", "PLACE fell to ACTOR", "the fall of PLACE", "ACTOR
withdrew", "ACTOR ceded PLACE to ACTOR2"). Cues in the trigger's clause (hypothetical,
intention, negation) block an event; remote violence and one-sided attacks are not battles.
"""

from __future__ import annotations

import re

from frontline.actors import ActorEntry, ActorMention
from frontline.extraction import fallback
from frontline.extraction.actorphrases import ActorStage, _opponent
from frontline.extraction.lexicon import Lexicon
from frontline.extraction.placephrases import PlaceStage, bracket_before
from frontline.extraction.state import Candidate, PlaceRef, Slot, State
from frontline.extraction.wordindex import Doc
from frontline.geo.fallback import LOCATOR_AFTER
from frontline.models import EventType

# verbs whose object is the side that leaves, not the place
_EXPEL = re.compile(r"(?:expel|oust|dislodg|flush|drove|drive|routed|routing|evict)\w*", re.I)
_BACK = re.compile(r"\s+(?:[\w'’-]+\s+){1,3}?back\b", re.I)
# "tried to storm X but were repelled", "attempted to overrun X, sparking clashes": the
# attempt governs only its own verb; the fighting it led to is real
ATTEMPT = re.compile(
    r"\b(?:(?:thwart|foil|repel|repuls|frustrat)\w*\s+(?:an?|the|their|its)\s+(?:[\w'’-]+\s+){0,3}?"
    r"(?:attempts?|bids?|efforts?)|attempt(?:s|ed|ing)?|tr(?:y|ies|ied|ying)|sought|seek(?:s|ing)?|"
    r"bid)(?:\s+(?:again|once\s+more|unsuccessfully|repeatedly))?\s+to\s+$",
    re.I,
)
# "foiled an attempt to seize X": the defeat of an attack is fighting of its own
DEFEATED = re.compile(r"thwart|foil|repel|repuls|frustrat", re.I)
# "attempted to storm X. Government forces repelled the attack.": the next sentence fights
FIGHT_NEXT = re.compile(
    r"\s*(?:[\w'’-]+\s+){0,5}?(?:repelled|repulsed|beat\s+back|fended\s+off|foiled|thwarted)\s+"
    r"(?:the|an?|their|its)\s+(?:[\w'’-]+\s+){0,2}?(?:attack|assault|attempt|offensive|advance)"
    r"|\s*(?:The|Their|Its)\s+(?:[\w'’-]+\s+){0,2}?(?:attack|assault|attempt|offensive|advance)\s+"
    r"(?:was|were)\s+(?:\w+ly\s+)?(?:repelled|repulsed|foiled|thwarted|beaten\s+back)",
    re.I,
)
FIGHT_AFTER = re.compile(
    r"[^.;]*?\b(?:clash\w*|fighting|fought|battle[sd]?|repel\w*|repuls\w*|"
    r"(?:beaten|pushed|driven|beat|drove)\s+back|exchanges?\s+of\s+fire|gun\s*battles?|"
    r"gunfights?|firefights?)\b",
    re.I,
)
# a note that opens with the fighting: at most a date before "Clashes in X"
_OPENS_WITH_NOUN = re.compile(
    r"\s*(?:On\s+\d{1,2}\s+\w+\s+\d{4},?\s*|On\s+\w+day,?\s*)?(?:(?:Heavy|Fierce|Violent|Renewed|"
    r"Armed|Intense)\s+)?$",
    re.I,
)
_UNNAMED_OBJECT = re.compile(
    r"\s+(?:(?:a|an|one|two|three|four|five|several|some|a\s+number\s+of|dozens\s+of|\d+|many)\s+)"
    r"(?:(?:new|other|more|strategic|nearby|surrounding)\s+)?(?:villages?|areas?|positions?|hills?|"
    r"sites?|localities|locality|settlements?|outposts?|valleys?|mountains?|points?|districts?)\b"
    r"(?![^,;.]{0,40}\b(?:in|of|near|around|outside)\s+(?-i:[A-Z]))",
    re.I,
)
# "Clashes in Qoryoley. The militants took control of the police station / SNA positions":
# a site inside the place in focus, not a place of its own (hills, roads, villages are not)
_SITE_OBJECT = re.compile(
    r"\s+(?:(?:the|their|its|an?|all|several|two|three)\s+)?(?:[\w'’-]+\s+){0,2}?"
    r"(?:(?:military|army|police|security|government|district)\s+)?(?:police\s+stations?|"
    r"camps?|bases?|posts?|outposts?|positions?|barracks|garrison|checkpoints?|prison|"
    r"(?:town|district|city)\s+hall|government\s+(?:buildings|offices|compound)|headquarters|"
    r"compound|stations?|plant|factory|refinery|airfield|airstrip)(?=[,.;]|\s+(?:after|following|on|and|in\s+the\s+(?:town|city|area|village)\b))",
    re.I,
)
_WHERE = re.compile(r",\s*where\b", re.I)
_AREA_OF = re.compile(
    r"\b(?:areas?|vicinity|countryside|outskirts|surroundings|environs)\s+(?:of|around)\s+"
    r"(?:(?:the\s+)?(?:north|south|east|west)[\w-]*\s+)?$",
    re.I,
)
_AREA_AFTER = re.compile(r"\s+(?:countryside|area|areas|region|district|province)\b", re.I)


def _named_as_area(text: str, lo: int, ref: PlaceRef, end: int) -> bool:
    """A town named as an area: "areas of X", "the vicinity of X", "the X countryside"."""
    return bool(_AREA_OF.search(text, lo, ref.start) or _AREA_AFTER.match(text, ref.end, end))


_TYPE_ORDER = {t.value: i for i, t in enumerate(EventType)}
# triggers a long battle phrase ("fighting ... in") must not swallow
_SWALLOWED = frozenset({"capture", "withdrawal"})
_ATTRIBUTIVE_BEFORE = re.compile(
    r"\b(?:the|other|newly|recently|previously|already|all|these|those|its|their|in|of)\s+$",
    re.I,
)
_ATTRIBUTIVE_AFTER = re.compile(
    r"\s+(?:areas|territories|territory|lands|regions|zones|towns|villages|districts|cities|"
    r"settlements|parts)\b",
    re.I,
)


def _attributive(text: str, m: re.Match[str]) -> bool:
    """'other liberated areas', 'in occupied territories', 'the recaptured villages': a
    participle describing places, not a clause that reports a change."""
    word = m.group(0)
    return (
        word[-2:].lower() in ("ed", "en")
        and _ATTRIBUTIVE_AFTER.match(text, m.end()) is not None
        and _ATTRIBUTIVE_BEFORE.search(text, max(0, m.start() - 16), m.start()) is not None
    )


def find_triggers(doc: Doc, s: int, e: int, lex: Lexicon) -> list[Candidate]:
    """All trigger matches in text[s:e] (offsets relative to s), longest first, no overlaps."""
    cands: list[Candidate] = []
    triggers = lex.triggers
    for idx, m in lex.trigger_index.matches(doc, s, e):
        trig = triggers[idx]
        if trig.type in _SWALLOWED and _attributive(doc.text, m):
            continue
        cands.append(Candidate(trig.type, trig.frame, m.start() - s, m.end() - s))
    cands.sort(key=lambda c: (c.start, -(c.end - c.start), _TYPE_ORDER[c.type]))
    out: list[Candidate] = []
    last_end = -1
    for c in cands:
        if c.start >= last_end:
            out.append(c)
            last_end = c.end
        elif (
            c.type in _SWALLOWED
            and out[-1].type == "battle"
            and c.start > out[-1].start
            and not _SINCE.search(doc.text, s + out[-1].start, s + c.start)
        ):
            # "Heavy fighting as regime forces captured the village of X in ...": the battle
            # phrase's filler words held a change of control; both are told ("fighting ...
            # since they seized X" is background, left to the battle phrase)
            out[-1].end = c.start - (
                len(doc.text[s : s + c.start]) - len(doc.text[s : s + c.start].rstrip())
            )
            out.append(c)
            last_end = c.end
    return out


_AUX_PASSIVE = re.compile(
    r"\b(?:was|were|been|being|(?-i:is|Is)|are|be|get|got)\s+(?:\w+ly\s+)?(?:\w+\s+)?$", re.I
)


_BY = re.compile(r"^\s*(?:[\w-]+\s+){0,3}?by\b", re.I)
_RIGHT_BY = re.compile(r"\s+by\s+")
_FROM = re.compile(r" from (?!.{0,60}\bby\b)")


# "the capture of X by Y", "the takeover of X (Hiraan) by Y"
_AGENT = re.compile(rf"(?:['’]s)?{LOCATOR_AFTER}\s*(?:[\w-]+\s+){{0,3}}?(?:by|to)\s", re.I)


_PARTICIPLE = re.compile(
    r"\w+(?:ed|en|wn)\b|(?:overrun|held|won|lost|left|taken|retaken|driven|fought|hit)\b", re.I
)


_POSSESSIVE = re.compile(r"^(?:['’]s)?\s+(?:\w+\s+)?$")


_REMOTE = re.compile(
    r"\b(?:air\s*strikes?|air\s+raids?|drones?|UAVs?|warplanes?|fighter\s+jets?|aircraft|"
    r"helicopters?|gunships?|artillery|shell(?:s|ed|ing)|mortars?|missiles?|rockets?|"
    r"bombard\w*|bomb(?:s|ed|ing|ings)?|IEDs?|explosives?|landmines?|airstrikes?)\b",
    re.I,
)


_ATTACK_WORD = re.compile(r"attack|assault|raid|fire|offensive|strik|struck|bomb", re.I)


_CLAUSE_END = re.compile(r"[,;.]")


_CIVILIAN_VICTIMS = re.compile(
    r"\b(?:kill\w*|abduct\w*|kidnapp?\w*|loot\w*|injur\w*|wound\w*|massacr\w*|burn\w*)\s+"
    r"(?:(?:at\s+least|about|some|several|dozens\s+of|a\s+number\s+of|\d+|[a-z]+)\s+){0,2}"
    r"(?:civilians|villagers|residents|farmers|herders|worshippers|traders|people|houses|homes|"
    r"shops)\b",
    re.I,
)


_PERSON_OBJECT = re.compile(
    r"\s+(?:(?:at\s+least|about|some|dozens\s+of|scores\s+of|several|many|the|their|its|an?|"
    r"\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+)?"
    r"(?:(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|dozens|scores|others|him|them)"
    r"(?=\s*(?:[,.;]|and\b|$))|(?:[\w-]+\s+)?(?:fighters|soldiers|militants|members|men|"
    r"people|civilians|prisoners|hostages|commanders?|officers?|weapons|vehicles|tanks|"
    r"ammunition|rifles|equipment)\b)",
    re.I,
)


# "sent reinforcements to X to secure the road": an infinitive of purpose is not the change;
# "forced to withdraw", "managed to capture", "began to pull out" are
# (only after a named place or an object noun: "moved to retake" may still be told as done)
_PURPOSE = re.compile(
    r"(?:(?-i:[A-Z])[\w'’-]*|there|it|them|areas?|town|city|village|positions?|front|region|"
    r"province|base|troops|forces|reinforcements|units|soldiers|fighters|men|[\w'’-]+,|"
    # "operations 'to secure the Boulkessi area' would resume": what an operation is for
    r"operations?|offensives?|campaigns?|missions?|efforts?|drive|bid|plans?)\s+[\"“]?to\s+$",
    re.I,
)
_DONE_TO = re.compile(
    r"\b(?:forced|compelled|obliged|made|managed|succeeded|began|begun|started|continued|"
    r"had|has|have|went\s+on|used|was\s+able|were\s+able|been\s+able)\s+to\s+$",
    re.I,
)
# "withdrew from X, allowing Al Shabaab to enter the town": the other side's move is told
_LETTING = re.compile(
    r"\b(?:allowing|allowed|enabling|enabled|letting|forcing|forced|compelling|compelled)\s+"
    r"(?:[\w'’-]+\s+){1,4}to\s+$",
    re.I,
)
# "the fighting over X has killed more than 700": a cumulative toll, not a new battle ("and
# claimed to have killed 20" is the attackers' claim about this one)
_TOLL = re.compile(
    r"[^;.]*?\b(?<!\bto\s)(?:has|have)\s+(?:so\s+far\s+|now\s+|already\s+)?(?:killed|left|claimed|"
    r"displaced|cost|uprooted|forced)\b",
    re.I,
)
# after "fell to"/"handed over to": a word that names a recipient (not "them", "it", a date)
_NAMED_RECIPIENT = re.compile(
    r"\s*(?:[\"“‘']|(?!(?:them|it|him|the\s+enemy|on|in|at|late|early|overnight|last|this)\b)"
    r"[\w-]+)",
    re.I,
)
# "the besieged capital", "an encircled garrison": a participle as adjective, not an advance
# "its capture leaves Homs exposed", "the captured trucks": a verb form after a determiner is
# a noun or an adjective; as a noun it reaches a place only through a preposition
# ("their advance towards Pokrovsk"); an -ed form there is an adjective, never a noun
_DETERMINED = re.compile(r"\b(?:its|their|the|an?)\s+$", re.I)
_NOUN_LINK = re.compile(r"(?:^|.*\s)(?:of|from|on|towards?|into|in|over|near|around|at)\s*$", re.I)
_NOUN_LINK_AFTER = re.compile(r"\s+(?:of|from|on|towards?|into|in|over|near|around|at)\b", re.I)
_ATTRIBUTIVE = re.compile(r"\b(?:the|a|an|its|their|his|her)\s+(?:[\w-]+\s+)?$", re.I)


# "has been besieging X for nearly a year": a siege that lasts is a state, not an advance
_SIEGE = re.compile(r"besieg|encircl|surround|siege", re.I)
_LASTING = re.compile(
    r"\bbeen\s+(?:[\w-]+ly\s+)?$|\bfor\s+(?:nearly\s+|almost\s+|more\s+than\s+|over\s+|about\s+)?"
    r"(?:a|an|one|two|three|four|five|six|several|many|\d+)?\s*(?:days|weeks?|months?|years?)\b",
    re.I,
)
_SINCE = re.compile(r"\bsince\b", re.I)


_GOVERNED = re.compile(
    r"(?:\b(?:if|unless)|\b(?:demand|insist|urg|request|propos|recommend)\w*\s+that)\b[^,;.]*$",
    re.I,
)


# "captured the Qala'at Sam'an, which lies in the as-Salamiyeh township": an object the
# gazetteer lacks, located by its relative clause
_LIES_IN = re.compile(
    r"\s+(?:the\s+)?[^,.;()]{2,40},\s+(?:which|that)\s+(?:lies|is|was)\s+(?:located\s+|situated\s+)?"
    r"(?:in|inside|within)\s+(?:the\s+)?",
    re.I,
)


def _lies_in(pos: int, text: str, refs: list[PlaceRef]) -> list[PlaceRef]:
    """The place a relative clause locates the trigger's unknown object in."""
    m = _LIES_IN.match(text, pos)
    if m is None:
        return []
    return [r for r in refs if r.start == m.end() and not r.coref][:1]


# "clashed with the YPG in Rajo, which they captured": the place the relative pronoun
# stands for is the object of the capture verb
_WHICH = re.compile(r",\s+which\s+(?:(?:[\w'’-]+\s+){0,3}?)$", re.I)


def _relative_antecedent(
    a_start: int, a_end: int, s: int, e: int, text: str, refs: list[PlaceRef]
) -> list[PlaceRef]:
    """The place right before a sentence-final ", which ..." whose verb takes it ("in Rajo,
    which they then captured."); a relative clause inside the sentence is background."""
    m = _WHICH.search(text, max(s, a_start - 40), a_start)
    if m is None or _CLAUSE_END.search(text, a_end, max(a_end, e - 1)):
        return []
    prior = [r for r in refs if r.end <= m.start() and not r.coref]
    if not prior:
        return []
    gap = text[prior[-1].end : m.start()]
    if not gap.strip():
        return prior[-1:]
    opened = bracket_before(text, prior[-1], gap) if gap.strip() == ")" else None
    if opened is not None:  # "in Qaycad (Ceel Buur, Galgaduud), which they then took over"
        return [r for r in prior if r.end <= opened and not text[r.end : opened].strip()][-1:]
    return []


_LOCATIVE = re.compile(
    r"\b(?:at|in|near|around|outside)\s+(?:the\s+)?"
    # "in the vicinity of X", "on the outskirts of X", "in areas of X"
    r"(?:(?:vicinity|outskirts|environs|surroundings|areas?|countryside)\s+of\s+(?:the\s+)?)?$",
    re.I,
)


def _located_later(pos: int, end: int, text: str, refs: list[PlaceRef]) -> list[PlaceRef]:
    """'clashes erupted between X and Y after X fired at Z fort': the sentence's first place
    introduced by a locative preposition after the sides."""
    for ref in refs:
        if pos <= ref.start < end and not ref.coref and _LOCATIVE.search(text, pos, ref.start):
            return [ref]
    return []


# "attacked al Shabaab in Baidoa": the side attacked, then where
_SIDE_THEN_PLACE = re.compile(r"[^,;.]{0,40}?\b(?:in|at|near|around|outside)\s+(?:the\s+)?$", re.I)


def _opponent_located(
    pos: int, text: str, refs: list[PlaceRef], mentions: list[ActorMention]
) -> list[PlaceRef]:
    """The place of a battle whose object is the other side: "attacked X in P", "ambushed
    X forces near P". The armed side must come first, within three words of the verb."""
    side = next((m for m in mentions if m.start >= pos), None)
    if side is None or not side.entry.armed or len(text[pos : side.start].split()) > 3:
        return []
    for ref in refs:
        if ref.start >= side.end and not ref.coref:
            return [ref] if _SIDE_THEN_PLACE.fullmatch(text, side.end, ref.start) else []
    return []


# "In Jowhar, ...", "On 3 May 2023, near Qaycad village (Galgaduud), ...": a sentence that
# opens with where it happened (after its date at most)
_FRONTED_BEFORE = re.compile(
    r"\s*(?:On\s+[^,;.]{3,30},\s*)?(?:in|at|inside|near|around|outside|on\s+the\s+outskirts\s+of|"
    r"in\s+the\s+vicinity\s+of)\s+(?:the\s+(?:(?:town|city|village|district|area)\s+of\s+)?)?",
    re.I,
)
# what may stand between the place and the comma closing the opening phrase: "village",
# "(Bara, North Kordofan)", "town of South Kordofan state"
_FRONTED_AFTER = re.compile(r"[^,;.()\n]{0,50}?(?:\([^()]{1,60}\)[^,;.()\n]{0,30}?)?,")


def fronted(text: str, s: int, refs: list[PlaceRef], end: int | None = None) -> list[PlaceRef]:
    """The place of a sentence's opening phrase ("In X, ..."), before `end`: where a trigger
    with no place of its own happened ("In Jowhar, SNA forces clashed with Al Shabaab")."""
    for ref in refs:
        if ref.start < s or ref.coref:
            continue
        if ref.start - s > 60 or (end is not None and ref.start >= end):
            break
        after = _FRONTED_AFTER.match(text, ref.end)
        if (
            _FRONTED_BEFORE.fullmatch(text, s, ref.start)
            and after is not None
            and (end is None or after.end() <= end)
        ):
            return [ref]
        break
    return []


# what reading a trigger in its frame gives: places, actor, actor from context; or nothing
Found = tuple[list[PlaceRef], ActorEntry | None, bool] | None


def _clause_end(text: str, pos: int) -> int:
    ends = [i for i in (text.find(c, pos) for c in ",;.") if i >= 0]
    return min(ends) if ends else min(len(text), pos + 80)


class FrameStage(PlaceStage, ActorStage):
    """Trigger and frame finding: which phrasing fired, and where its actor and place are."""

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
        # "were attacked by drones in X": the means may sit inside the trigger phrase
        inside = _REMOTE.search(text, a_start, a_end)
        return bool(inside or _REMOTE.search(before) or _REMOTE.search(after))

    def _blocked(self, cand: Candidate, text: str, s: int, state: State) -> bool:
        """Hypothetical, intention or negation in the trigger's clause."""
        lex = self.lex
        cut = s
        for b in state.bounds[s]:
            if b > s + cand.start:
                break
            cut = b
        lo, hi, doc = cut, s + cand.start, state.doc
        if cand.attempt:  # the attempt itself is no cue; what governs it still is
            attempt = ATTEMPT.search(text, max(lo, hi - 40), hi)
            hi = attempt.start() if attempt else hi
        if hi > lo and (
            lex.hypothetical.search(doc, lo, hi)
            or lex.intention.search(doc, lo, hi)
            or self._negated(cand, doc, lo, hi)
        ):
            return True
        lead = text[max(s, hi - 40) : hi]
        if (
            cand.type != "reinforcement"
            and lead.rstrip()[-2:].lower() == "to"
            and _PURPOSE.search(lead)
            and not _DONE_TO.search(lead)
            and not _LETTING.search(lead)
        ):
            return True  # "... to Tarhuna to secure the road" ("sent to reinforce X" is one)
        if cand.type == "advance" and _SIEGE.match(text, hi) and _ATTRIBUTIVE.search(lead):
            return True  # "the besieged city of X"
        if cand.type == "advance" and self._lasting_siege(cand, text, s, lead):
            return True
        # "if" governs the whole conditional clause even across a comma-free "and", and so
        # does a demand ("demanded that the troops hand X over"): asked for, not done
        tail = text[max(s, cut - 60) : s + cand.start]
        return bool(_GOVERNED.search(tail))

    def _negated(self, cand: Candidate, doc: Doc, lo: int, hi: int) -> bool:
        """A negation cue before the trigger; "thwarted an attack on X" is fighting, not
        the negation of a battle."""
        neg = self.lex.negation.search(doc, lo, hi)
        while neg is not None and cand.type == "battle" and DEFEATED.match(neg[0]):
            neg = self.lex.negation.search(doc, neg.end(), hi)
        return neg is not None

    def _one(self, t: Slot) -> Found:
        """The places, actor and whether the actor came from context, for one trigger read
        in its frame (active or transfer, passive, nominal); None when the frame fails."""
        cand, text, s, _sentence, _refs, _mentions, state = t.parts()
        if self._blocked(cand, text, s, state):
            return None
        read = {
            "active": self._active,
            "transfer": self._active,
            "passive": self._passive,
            "nominal": self._nominal,
        }.get(cand.frame)
        return None if read is None else read(t)

    def _active(self, t: Slot) -> Found:
        """ACTOR <trigger> PLACE, and the participle after an auxiliary ("was captured")."""
        cand, text, s, sentence, refs, mentions, _state = t.parts()
        a_start, a_end = s + cand.start, s + cand.end
        before = sentence[: cand.start]
        word = sentence[cand.start : cand.end]
        if _DETERMINED.search(before[-8:]) and (
            word.split()[0].lower().endswith("ed")
            or not (_NOUN_LINK.match(word) or _NOUN_LINK_AFTER.match(text, a_end))
        ):
            return None
        targets = self._places_after(cand, a_end, text, refs) or _lies_in(a_end, text, refs)
        relative = (
            []
            if targets
            else _relative_antecedent(a_start, a_end, s, s + len(sentence), text, refs)
        )
        if not targets and cand.type == "battle":
            targets = _opponent_located(a_end, text, refs, mentions) or fronted(
                text, s, refs, s + cand.start
            )
        if _AUX_PASSIVE.search(before[-30:]) and _PARTICIPLE.match(sentence, cand.start):
            return self._participle(t, relative)
        if not targets and relative and cand.type in ("capture", "withdrawal"):
            targets = relative  # "in Rajo, which they captured"
        elif not targets or self._metaphor(text, targets[0].end) or self._metaphor(text, a_end):
            # "took Paris by storm"; "captured the imagination", "took the top prize"
            return None
        return self._active_actor(t, targets)

    def _participle(self, t: Slot, relative: list[PlaceRef]) -> Found:
        """ "Hama was captured (by rebels)": the place precedes, the actor follows "by".
        "Wad Madani, which the RSF seized a year ago, was retaken by the army"."""
        cand, text, s, _sentence, refs, mentions, state = t.parts()
        a_start, a_end = s + cand.start, s + cand.end
        back = self._places_before(a_start, text, refs, appositive=True) or relative
        if not back:
            return None
        actor = None
        by = _BY.match(text[a_end : a_end + 30])
        if by:  # "recaptured from Al Shabaab by Somali troops": the agent after "by"
            actor = self._actor_after(a_end + by.end(), text, mentions)
        elif cand.type == "capture" and _FROM.match(text, a_end):
            # "Afgooye was recaptured from Al Shabaab": the side it was taken from
            # is named, the taker is the other side
            actor = _opponent(self._actor_after(a_end + 6, text, mentions))
        via = actor is None
        actor = actor or self._memory(cand.type, state)
        if actor is None and cand.type == "capture":
            # "Marib was captured after clashes between A and B": the change is
            # told, its taker is not
            actor = ActorEntry("unknown", "pronoun")
        return back, actor, via

    def _active_actor(self, t: Slot, targets: list[PlaceRef]) -> Found:
        """Who acts in an active frame: an agent after "by", the subject, the sides after
        "between", or nobody named in a note that opens with the fighting."""
        cand, text, s, sentence, _refs, mentions, state = t.parts()
        a_end = s + cand.end
        word = sentence[cand.start : cand.end]
        right_by = _RIGHT_BY.match(text, a_end) if word.lower().endswith("ed") else None
        if right_by is not None:
            # "occupied positions vacated by SNA forces in X": a reduced relative, the
            # agent after "by" is the actor
            agent = self._actor_after(right_by.end(), text, mentions)
            if agent is not None:
                return targets, agent, False
        actor, via = self._actor_before(cand, s, text, mentions, state)
        if actor is None and cand.type == "battle":
            # "Fighting around Marib between Houthi forces and government troops": the
            # sentence opens with the fighting; its sides follow "between"
            actor, via = self._between(cand, s, sentence, text, mentions), False
        if (
            actor is None
            and cand.type == "battle"
            and _OPENS_WITH_NOUN.match(sentence[: cand.start])
        ):
            # "Clashes in Afgooye after Al Shabaab attempted to overrun the town": the
            # noun opens the note, nobody is named before it; the sides are not told
            actor, via = self._memory(cand.type, state) or ActorEntry("unknown", "pronoun"), True
        if actor is None:
            return None
        return targets, actor, via

    def _passive(self, t: Slot) -> Found:
        """PLACE <trigger> ACTOR: "came under the control of", "fell into the hands of"."""
        cand, text, s, sentence, refs, mentions, state = t.parts()
        a_start, a_end = s + cand.start, s + cand.end
        targets = self._places_before(a_start, text, refs) or _relative_antecedent(
            a_start, a_end, s, s + len(sentence), text, refs
        )  # "clashed in Afgooye, which is now under Al Shabaab control."
        if not targets:
            return None
        if self._unknown_recipient(cand, text, a_start, a_end, mentions):
            return None  # "handed over to 'traitors'": a recipient that names no side
        actor = self._actor_after(a_end, text, mentions)
        if actor is None:
            actor = self._memory(cand.type, state)
            return (targets, actor, True) if actor else None
        return targets, actor, False

    def _nominal(self, t: Slot) -> Found:
        """ "the capture of X by Y", "X's fall", "clashes between A and B in X"."""
        cand, text, s, sentence, _refs, mentions, state = t.parts()
        a_start, a_end = s + cand.start, s + cand.end
        targets = self._nominal_places(t)
        if not targets:
            return None
        last = max(t.end for t in targets)
        if _AGENT.match(text, last, last + 110):
            actor = self._actor_after(last, text, mentions)
            if actor is not None:
                return targets, actor, False
        # "the withdrawal of FAMa from Gao"; "Houthi reinforcements were sent to X": the side
        # named with the trigger's own noun
        inner = [m for m in mentions if a_start < m.start and m.end <= a_end] + [
            m for m in mentions if m.start < a_start < m.end
        ]
        if inner and inner[0].entry.strong and inner[0].entry.category != "civilian":
            return targets, inner[0].entry, False
        actor, via = self._actor_before(cand, s, text, mentions, state, allow_memory=False)
        if actor is None and cand.type == "battle":
            actor = self._between(cand, s, sentence, text, mentions)
        if actor is None:
            actor = self._memory(cand.type, state)
            via = True
        if actor is None:
            actor = ActorEntry("unknown", "pronoun")
        return targets, actor, via

    def _nominal_places(self, t: Slot) -> list[PlaceRef]:
        """A nominal's place: a possessive before it ("Bakhmut's fall"), the place after the
        sides of "between", else the place after it."""
        cand, text, s, sentence, refs, _mentions, _state = t.parts()
        a_start, a_end = s + cand.start, s + cand.end
        trig_text = sentence[cand.start : cand.end].lower().rstrip()
        targets: list[PlaceRef] = []
        if not re.search(r"\b(?:of|from|on|towards?|into|in|for|over|near|around|at)$", trig_text):
            for ref in reversed(refs):
                if ref.end <= a_start and _POSSESSIVE.match(text[ref.end : a_start]):
                    targets = [ref]
                    break
        if trig_text.endswith(" between"):  # the sides follow, then the place
            return _located_later(a_end, s + len(sentence), text, refs)
        return targets or self._places_after(cand, a_end, text, refs)

    def _between(
        self, cand: Candidate, s: int, sentence: str, text: str, mentions: list[ActorMention]
    ) -> ActorEntry | None:
        """The first side named after "between" in a battle's sentence."""
        a_start = s + cand.start
        between = re.search(r"\bbetween\s+", text[a_start : s + len(sentence)], re.I)
        if between is None:
            return None
        return self._actor_after(a_start + between.end(), text, mentions)

    def _objectless(self, t: Slot) -> tuple[list[PlaceRef], ActorEntry | None, bool] | None:
        """An active trigger with no place of its own ("took control of nine sites")."""
        cand, text, s, _sentence, refs, mentions, state = t.parts()
        if cand.type not in ("capture", "withdrawal", "reinforcement"):
            return None
        expel = _EXPEL.fullmatch(text, s + cand.start, s + cand.end) is not None
        if expel and _BACK.match(text, s + cand.end):
            return None  # "drove them back": repelled, no change of hands
        if _PERSON_OBJECT.match(text, s + cand.end) and not expel:
            # "killed five and captured one": people taken, not a place ("clashed with X in P
            # and expelled them": the side expelled is the object of an expulsion)
            return None
        if self._blocked(cand, text, s, state):
            return None
        if self._places_after(cand, s + cand.end, text, refs):
            return None  # it had places; they were rejected for a reason
        actor, via = self._actor_before(cand, s, text, mentions, state)
        return ([], actor, via) if actor is not None else None

    def _unnamed_in_focus(self, t: Slot) -> tuple[list[PlaceRef], ActorEntry | None, bool] | None:
        """'took control of several areas' with no name: the admin1 the text is about.

        Only an area-level place in focus (a province, or a fallback located at one) is used:
        an unnamed village near a city is not that city, it is in the city's province (at the
        city's point, the best estimate; level admin1, no id).
        """
        cand, text, s, _sentence, refs, _mentions, state = t.parts()
        unnamed = _UNNAMED_OBJECT.match(text, s + cand.end)
        if not unnamed:
            return None
        where = self._where_place(s, s + cand.start, text, refs)
        if where is not None:
            # "fighting in areas of northeast Hama, where regime forces took a village"
            focus = where
        elif not state.targets:
            return None
        else:
            focus = state.targets[-1]
            level = getattr(focus.place, "level", "")
            if level == "city" and not focus.fallback:
                found = self._unnamed_at(unnamed, text, focus)
                if found is None:
                    return None
                focus = found
            elif not (focus.fallback or level in ("admin1", "region")) or level == "country":
                return None
        result = self._objectless(t)
        return None if result is None else ([focus], result[1], True)

    def unnamed_near(self, cand: Candidate, s: int, text: str, ref: PlaceRef) -> PlaceRef | None:
        """`ref`, or its town's province when an unnamed object follows the trigger ("flew
        reinforcements to Mazar, where the Taliban have taken several surrounding districts":
        not Mazar itself)."""
        unnamed = _UNNAMED_OBJECT.match(text, s + cand.end)
        if not unnamed or ref.fallback or getattr(ref.place, "level", "") != "city":
            return ref
        if _named_as_area(text, max(0, ref.start - 40), ref, len(text)):
            return ref  # "in the Saraqib countryside, where ... took two villages": that area
        return self._unnamed_at(unnamed, text, ref)

    def _unnamed_at(self, unnamed: re.Match[str], text: str, town: PlaceRef) -> PlaceRef | None:
        """The unnamed places near a town: its province at the town's point (level admin1,
        no id), named by their words."""
        area = fallback.province_at(town.place, self.geo)
        if area is None:
            return None
        a, b = unnamed.span()
        words = text[a:b].strip()
        return PlaceRef(a, b, fallback.located(area, words, a, b), words, fallback=True, site=words)

    def _site_in_focus(
        self, t: Slot, here: list[PlaceRef]
    ) -> tuple[list[PlaceRef], ActorEntry | None, bool] | None:
        """'Clashes in P. The militants took control of the police station', 'raided P and
        took over the military base': a site of the town its sentence named before it (`here`),
        else of the place in focus (a town, a province or a fallback; never a country), is
        that place."""
        cand, text, s, _sentence, _refs, _mentions, state = t.parts()
        if not (here or state.targets) or not _SITE_OBJECT.match(text, s + cand.end):
            return None
        focus = here[-1] if here else state.targets[-1]
        if getattr(focus.place, "level", "") == "country":
            return None
        result = self._objectless(t)
        return None if result is None else ([focus], result[1], True)

    def _where_place(self, s: int, pos: int, text: str, refs: list[PlaceRef]) -> PlaceRef | None:
        """The area a ", where" clause before `pos` hangs on ("in areas of X, where ...").

        An unnamed village is not a town: the place must be an area (a province, or a
        town named as an area: "areas of X", "the vicinity of X", "X countryside")."""
        wheres = list(_WHERE.finditer(text, s, pos))
        if not wheres:
            return None
        w = wheres[-1].start()
        prior = [r for r in refs if r.end <= w and not self._unresolved(r.place)]
        if not prior or len(text[prior[-1].end : w].split()) > 4:
            return None
        ref = prior[-1]
        if getattr(ref.place, "level", "") in ("admin1", "region") or _named_as_area(
            text, max(s, ref.start - 40), ref, w
        ):
            return ref
        return None

    @staticmethod
    def _unknown_recipient(
        cand: Candidate, text: str, a_start: int, a_end: int, mentions: list[ActorMention]
    ) -> bool:
        """'fell to'/'handed over to' + a word that is no actor we know: do not guess one."""
        if not text[a_start:a_end].endswith("to") or not _NAMED_RECIPIENT.match(text, a_end):
            return False
        if text[a_end : a_end + 3].lstrip()[:1] in "\"“‘'":
            return True  # a label in quotes is a side's word for the other, not its name
        nxt = next((m for m in mentions if m.start >= a_end), None)
        return nxt is None or len(text[a_end : nxt.start].split()) > 3

    @staticmethod
    def _lasting_siege(cand: Candidate, text: str, s: int, lead: str) -> bool:
        """'has been besieging X for a year': a siege that lasts, no movement today. One
        told with its start ('have surrounded Goma since early February') is an advance
        dated then."""
        if not _SIEGE.match(text, s + cand.start):
            return False
        end = _clause_end(text, s + cand.end)
        if _SINCE.search(text, s, end):
            return False
        return bool(_LASTING.search(lead[-12:]) or _LASTING.search(text, s + cand.end, end))

    @staticmethod
    def _toll(cand: Candidate, text: str, s: int, e: int) -> bool:
        """'The fighting over X has killed 700': a cumulative toll, not a battle of today."""
        return _TOLL.match(text, s + cand.end, e) is not None

    def _metaphor(self, text: str, pos: int) -> bool:
        return bool(self.lex.metaphor.match(text[pos : pos + 40]))
