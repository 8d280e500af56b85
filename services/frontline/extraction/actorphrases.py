"""Stage 3, actor phrases.

The nearest armed actor before the trigger that is not an object ("backed by", "against"),
pronouns referring back, the first conjunct of coordinated subjects, the agent after "by"/"to";
when only the side that left is named, the taker is the other side.
"""

from __future__ import annotations

import re

from frontline.actors import ActorEntry, ActorMention
from frontline.extraction.stagebase import StageBase
from frontline.extraction.state import ATTACKER_TYPES, Candidate, State

_LED_BY = re.compile(
    r"\b(?:fighters|insurgents|rebels|militants|forces|militias?|gunmen|troops|factions|groups?)"
    r"\s+(?:led|headed|spearheaded|commanded|dominated)\s+by\s+(?:the\s+)?$",
    re.I,
)
_MEMBER_OF = re.compile(
    r"\b(?:commanders?|soldiers|troops|units|members|fighters|officers|elements|brigades?|"
    r"battalions?|militants|leaders?|leadership)\s+of\s+(?:the\s+)?$",
    re.I,
)
# "fell to the militants of the Islamic State", "fighters from al Shabaab": after a generic
# non-state noun, the named group it belongs to is the recipient
_GENERIC_OF = re.compile(
    r"\s+(?:of|from|belonging\s+to|loyal\s+to|linked\s+to|allied\s+(?:to|with))\s+(?:the\s+)?",
    re.I,
)
_OF_STATE = re.compile(r"\s+of\s+(?:the\s+)?", re.I)
_BEFORE_OBJECT = re.compile(
    r"\b(?:backed\s+by|supported\s+by|allied\s+(?:with|to)|with\s+the\s+help\s+of|alongside|"
    r"against|from|with|by|of|between|on|at|in|near|to|into|around|outside|towards?|"
    r"targeting|killing|including|such\s+as|among\s+them|engaged|engaging|attacked|attacking|"
    r"ambushed|ambushing|encounter(?:s|ed|ing)?|pushed\s+back|drove\s+back|defeated|routed|"
    # "pushed pro-Hadi forces back and took over X": the object between verb and particle
    r"pushed|pushing|drove|driving|chased|chasing|"
    r"repelled|repulsed|fought|battled|battling|overwhelmed|overwhelming|overpowered|"
    r"overpowering)\s+"
    r"(?:(?:the|an?)\s+)?$",
    re.I,
)


# "government troops and allied clan militias": a modifier word may follow "allied"
_CONJ = re.compile(
    r"\s*(?:,|and|,\s*and)\s*(?:(?:allied|affiliated|local|pro-\w+)\s+(?:[\w-]+\s+)?)?", re.I
)


_DEMONYM_AND = re.compile(r"\b((?-i:[A-Z])[\w-]+)\s+and\s+$", re.I)


_ATTRIBUTION = re.compile(
    r"\s+(?:said|says|told|added|reported|announced|claimed|stated)(?:\s+on\s+\w+)?\s*[,.]", re.I
)


_ACCUSED_OF = re.compile(r"\s+of\s+(?:\w+ly\s+)?\w+ing\b", re.I)
_VERB_OBJECT = re.compile(r"\b(?:over|took|retook|overran|won|held|\w+ed)\s+$", re.I)


# "the police station", "an army base", "SNA positions": a side's name as a site's modifier
_FACILITY = re.compile(
    r"\s+(?:stations?|posts?|bases?|camps?|barracks|positions?|headquarters|checkpoints?|"
    r"outposts?|garrisons?|academy|compound|holdouts|hideouts|strongholds)\b",
    re.I,
)


_RELATIVE = re.compile(r"\s*,\s*(?:which|who)\b", re.I)


# "with the militants capturing the town", "resulted in HTS taking control": the noun right
# before a gerund is its subject, whatever preposition governs the pair
_GERUND_GAP = re.compile(r"\s+(?:(?:later|then|eventually|finally|reportedly|also|\w+ly)\s+)?")


_VICTIM_HINT = re.compile(r"kill|injur|wound|abduct|arrest|detain|captur|execut", re.I)
_VICTIM_OBJECT = re.compile(
    r"\b(?:killed|killing|kill|injured|injuring|wounded|wounding|abducted|abducting|arrested|"
    r"arresting|detained|detaining|captured|capturing|executed|executing)\s+"
    r"(?:(?:at\s+least|about|some|several|dozens\s+of|scores\s+of|more\s+than|\d+|[a-z]+)\s+){0,2}$",
    re.I,
)
_PLACE_USE = re.compile(
    r"\b(?:in|of|into|from|across|throughout|inside|near|around|across)\s+(?:the\s+)?"
    r"(?:(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)?|"
    r"central|rural)\s+$",
    re.I,
)
LEAVE_NOUN = re.compile(r"\b(?:withdrawal|pull-?out|retreat|departure|exit|flight)\s+of\b", re.I)


ANY_NON_STATE = ActorEntry("armed opposition", "generic_non_state")


_ANY_STATE = ActorEntry("government forces", "generic_state")


def _leaver(state: State) -> ActorEntry | None:
    """'X fell after government troops withdrew': the one side named as leaving."""
    sentence, triggers, mentions = state.sentence
    if any(c.type == "withdrawal" for c in triggers) or LEAVE_NOUN.search(sentence):
        strong = [m.entry for m in mentions if m.entry.strong]
        return strong[-1] if len(strong) == 1 else None
    return None


def _opponent(leaver: ActorEntry | None) -> ActorEntry | None:
    """The side that takes a place when the text only names the side that left it."""
    if leaver is None:
        return None
    if leaver.category in ("state", "generic_state", "generic_force"):
        return ANY_NON_STATE
    if leaver.category in ("group", "generic_non_state"):
        return _ANY_STATE
    return None


def _side(entry: ActorEntry | None) -> str:
    if entry is None:
        return ""
    if entry.category in ("state", "generic_state", "generic_force"):
        return "state"
    return "non_state" if entry.category in ("group", "generic_non_state") else ""


def taker_of_loss(
    loser: ActorEntry, after: list[ActorMention], state: State, named: bool = False
) -> ActorEntry | None:
    """'SNA forces lost the town after clashes with Al Shabaab': the side that takes what
    another lost is the other side named after the verb, else (unless `named`) the attacker
    in memory, else the other side unnamed."""
    side = _side(loser)
    if not side:
        return None
    for m in after:
        if m.entry.strong and _side(m.entry) not in ("", side):
            return m.entry
    if named:
        return None
    if _side(state.attacker) not in ("", side):
        return state.attacker
    return _opponent(loser)


def _same_side(a: ActorEntry, b: ActorEntry) -> bool:
    """Speaker and actor are one party: same name, or a generic name for a non-state group."""
    if a.name == b.name:
        return True
    non_state = ("group", "generic_non_state")
    if a.category in non_state and b.category in non_state:
        return a.generic or b.generic
    # "Israeli forces pulled out of Jabalia, the military said"
    return a.category in ("generic_state", "generic_force") and b.category == "state"


# ", together with troops from the Popular Resistance and the coalition," after the subject
_COMITATIVE = re.compile(
    r",\s*(?:together\s+with|along\s+with|alongside|backed\s+by|supported\s+by|aided\s+by|"
    r"assisted\s+by|with\s+the\s+(?:support|help|backing)\s+of)\b[^,;.]*$",
    re.I,
)


# "X retook Mekelle after the federal army withdrew, and then pushed into Amhara": the subject
# of a closed adverbial clause is not the subject of the verb coordinated after it
_SUBORDINATOR = re.compile(
    r"\b(?:after|before|as|when|while|once|until|because)\s+(?:the\s+|its\s+|their\s+)?"
    r"(?:[\w-]+\s+){0,2}$",
    re.I,
)
_CLOSED_CLAUSE = re.compile(
    r"\s+(?:had\s+|has\s+|have\s+|was\s+|were\s+)?[a-z]+(?:\s+[a-z]+){0,3}\s*,\s*(?:and\s+)?"
    r"(?:then\s+|later\s+|subsequently\s+)?",
)


def _subordinate_subject(text: str, s: int, m: ActorMention, pos: int) -> bool:
    """A side that is the subject of a closed adverbial clause before the trigger."""
    return (
        _SUBORDINATOR.search(text, max(s, m.start - 40), m.start) is not None
        and _CLOSED_CLAUSE.fullmatch(text, m.end, pos) is not None
    )


def _named_by(m: ActorMention, text: str, mentions: list[ActorMention]) -> ActorEntry | None:
    """The named side a generic noun belongs to: "the militants of the Islamic State", "the
    Defence Forces of Ukraine". Only the mention right after it is looked at."""
    after = next((n for n in mentions if n.start >= m.end), None)
    if after is None or after.start - m.end > 40:
        return None
    if (
        m.entry.category == "generic_non_state"
        or (m.entry.category == "pronoun" and m.entry.hint == "non_state")
    ) and after.entry.category == "group":
        return after.entry if _GENERIC_OF.fullmatch(text, m.end, after.start) else None
    if m.entry.category in ("generic_state", "generic_force") and after.entry.category == "state":
        return after.entry if _OF_STATE.fullmatch(text, m.end, after.start) else None
    return None


# "The leaders of Turkey and Russia said the attack in Ankara was ...": the speaker of a
# clause whose subject is the deed itself, a noun right after "said the"
_SAID_NOUN = re.compile(
    r"\s+(?:said|says|told\s+[\w-]+|added|announced|stated|warned|claimed)\s+(?:that\s+)?"
    r"(?:the|a|an|this|that|last\s+\w+'s)\s+(?:[\w-]+\s+){0,2}$",
    re.I,
)


def _said_the_noun(text: str, end: int, pos: int) -> bool:
    """The trigger at pos is a noun opening the clause a speaker ending at `end` reports."""
    return pos - end < 60 and _SAID_NOUN.fullmatch(text, end, pos) is not None


def _aside(text: str, s: int, m: ActorMention, pos: int) -> bool:
    """A side named inside a comitative aside that closes before the trigger."""
    return (
        _COMITATIVE.search(text, max(s, m.start - 80), m.start) is not None
        and "," in text[m.end : pos]
    )


class ActorStage(StageBase):
    """Actor phrases: who acts, from the words around a trigger and from memory."""

    @staticmethod
    def _memory(etype: str, state: State) -> ActorEntry | None:
        if etype in ATTACKER_TYPES:
            if state.attacker is None and etype == "capture":
                return _opponent(_leaver(state) or state.defender)
            return state.attacker
        return state.defender or state.last_actor

    def _actor_before(  # noqa: C901 (subject, list, apposition, memory: tried in this order)
        self,
        cand: Candidate,
        s: int,
        text: str,
        mentions: list[ActorMention],
        state: State,
        allow_memory: bool = True,
    ) -> tuple[ActorEntry | None, bool]:
        pos = s + cand.start
        before = [m for m in mentions if m.end <= pos]
        chosen: ActorMention | None = None
        via = False
        hint: str | None = None
        # "clashed with Al Shabaab ..., after which the militants took": a pronoun may refer
        # to a group named as an object earlier in the sentence
        object_group: ActorEntry | None = None
        word = text[pos : s + cand.end].split(" ", 1)[0].lower()
        # "ending with the militants in control of X": the noun right before "in control"
        gerund = word.endswith("ing") or word == "in"
        for idx in range(len(before) - 1, -1, -1):
            m = before[idx]
            subject = gerund and idx == len(before) - 1 and _GERUND_GAP.fullmatch(text, m.end, pos)
            if m.entry.category == "civilian":
                if via:
                    continue  # "left 18 people dead after the militants ...": an object
                return None, False  # "residents fled": not an armed actor's move
            if _FACILITY.match(text, m.end):
                continue  # "stormed the police station ... and took it": a site, not a side
            if _aside(text, s, m, pos):
                continue  # "X, together with Y and Z, retook": X is the subject, not Z
            if _subordinate_subject(text, s, m, pos):
                continue  # "after the army withdrew, and then pushed": not the subject
            relative = _RELATIVE.match(text, m.end) is not None  # "the MNDAA, which said"
            lead = text[max(s, m.start - 25) : m.start]
            if m.entry.category == "group" and _LED_BY.search(lead):
                chosen = m  # "insurgents led by Hayat Tahrir al-Sham stormed": the named group
                break
            if (
                not relative
                and not subject
                and _BEFORE_OBJECT.search(lead)
                and not _MEMBER_OF.search(lead)
            ):
                if object_group is None and m.entry.category == "group" and m.start >= s:
                    object_group = m.entry
                continue  # ("commanders of the Yemeni army": members, not an object)
            if _VICTIM_HINT.search(text, max(s, m.start - 40), m.start) and _VICTIM_OBJECT.search(
                text, max(s, m.start - 40), m.start
            ):
                continue  # "claimed to have killed 8 soldiers ... and taken": soldiers are victims
            if m.entry.weak and _PLACE_USE.search(text, max(s, m.start - 30), m.start):
                continue  # "much of northern Syria ... they entered": a place, not the actor
            if (
                m.entry.weak
                and _VERB_OBJECT.search(text, max(s, m.start - 20), m.start)
                and not _ACCUSED_OF.match(text, m.end)  # "accused Kigali of sending troops"
            ):
                continue  # "took over Mogadishu before withdrawing": the place, not an actor
            if m.entry.category == "pronoun":
                via = True
                hint = hint or m.entry.hint
                continue
            if hint == "non_state" and m.entry.category not in ("group", "generic_non_state"):
                continue  # "the militants" does not refer back to "the government"
            if via and text[m.end : m.end + 2] in ("'s", "’s"):
                continue  # "fighting for the military's headquarters, where its fighters": not it
            if not via and _ATTRIBUTION.match(text, m.end, m.end + 40):
                continue  # ", the government said, and fighting continued": a speaker
            if not via and _said_the_noun(text, m.end, pos):
                continue  # "Russia said the attack in Ankara ...": a speaker about a deed
            chosen = m
            break
        if chosen is None:
            if not allow_memory:
                return None, False
            mem: ActorEntry | None
            if hint == "non_state":
                # "the militants captured X after clashes with SNA forces" with no group named
                # before: still a non-state side, unnamed
                mem = state.last_non_state or object_group or ANY_NON_STATE
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
                # "SNA forces and al Shabaab clashed ..., with the militants capturing": the
                # pronoun names one side, not the coordination
                or (
                    hint == "non_state"
                    and prev.entry.category not in ("group", "generic_non_state")
                )
            ):
                break  # "following clashes with rebels, regime forces took": not a conjunct
            chosen = prev  # "The Malian army and Wagner fighters entered": first conjunct
            idx -= 1
        entry = _named_by(chosen, text, mentions) or chosen.entry  # "fighters from the RSF"
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
                named = _named_by(m, text, mentions)
                if named is not None:
                    return named
                if m.entry.category == "pronoun" and m.entry.hint == "non_state":
                    return ANY_NON_STATE  # "under the control of the militants"
                if m.entry.category in ("civilian", "pronoun"):
                    return None
                return m.entry
        return None

    def _self_claim(
        self, entry: ActorEntry, state: State, s: int, e: int, mentions: list[ActorMention]
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
