"""Sentence-level event extraction: triggers -> cues -> places -> actor -> date -> Event.

Order of work is chosen for speed: a regex gate on the whole article, the actor automaton
(no armed actor, no event), then trigger regexes per sentence, and only when some sentence
has a trigger are the article's places looked up (the geoparser, the expensive step).
Roles are assigned by frame (see `data/lexicon/triggers.yaml`): in "ACTOR seized PLACE"
the actor is looked for before the trigger and the place after it, in "PLACE fell to
ACTOR" the other way round. Everything is deterministic: same article, same events.
The article's events then go through `changes.merge` (stage 5: one change, one event).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from datetime import date
from typing import Any

from frontline.actors import ActorDictionary, ActorMention
from frontline.extraction import fallback
from frontline.extraction.actorphrases import taker_of_loss
from frontline.extraction.changes import Key, keep, merge
from frontline.extraction.emission import EmitStage, LazyDates
from frontline.extraction.frames import FrameStage, find_triggers, fronted
from frontline.extraction.lexicon import lexicon
from frontline.extraction.placefilters import story_places, without_dateline
from frontline.extraction.placephrases import one_sense_per_article
from frontline.extraction.places import GeoparserLike
from frontline.extraction.retyping import retype
from frontline.extraction.sentences import split_sentences
from frontline.extraction.state import Candidate, PlaceRef, Slot, State
from frontline.extraction.wordindex import Doc
from frontline.models import Article, Event

_WHERE = re.compile(r",\s*where\b", re.I)
_IT_OBJECT = re.compile(
    r"\s+it(\s+back|\s+over)?\b(?!\s+(?:is|was|has|had|would|will|on\s+(?:camera|video|film|tape))\b)",
    re.I,
)
# "attacked regime positions in X and took control of them": "them" is the positions, a
# place, when the last plural noun before the verb names places rather than people
_THEM_OBJECT = re.compile(r"\s+them(?:\s+(?:back|over|out))?\b(?!\s+(?:to|into|from|back)\b)", re.I)
_PLURAL_NOUN = re.compile(
    r"\b(?:(?P<place>positions|bases|villages|areas|checkpoints|posts|outposts|towns|hills|camps|"
    r"sites|localities|settlements|strongholds|barracks|neighbou?rhoods|districts|quarters|"
    r"suburbs)|fighters|soldiers|troops|militants|men|"
    r"members|civilians|people|prisoners|hostages|rebels|insurgents|forces|militias|militiamen)\b",
    re.I,
)
_TOOK_OVER = re.compile(r"(?:took|take|takes|taken|taking) over\b", re.I)
# "lost X", "surrendered X", "ceded X", "were driven from X (by Y)": what one side lost, the
# other took
_PASSIVE_LOSS = re.compile(r"(?:was|were|been|being)\s", re.I)
_LOST = re.compile(
    r"los[tes]|surrender|ced(?:e|ed|es|ing)\b|relinquish|(?:was|were|been|being)\s+(?:expelled|"
    r"ousted|dislodged|driven|chased|pushed|flushed|cleared|routed)\s",
    re.I,
)
_FELL = re.compile(r"fell\b|ha(?:s|ve|d) fallen\b", re.I)
_CONTROL = re.compile(r"\bcontrol\b|\b(?:took|take|takes|taken|taking) over\b", re.I)
# "In Afgooye, militants took control after ...": a fronted place frames its sentence
_BACKGROUND_ASIDE = re.compile(
    r",\s*(?:which|that|who|previously|formerly|once|long|a\s+former|held|controlled)\b", re.I
)


# "SNA forces launched an operation against Al Shabaab in X": the side on the offensive
_LAUNCHED = re.compile(
    r"\b(?:launch|conduct|carr|begin|began|begun|start|mount|stage)\w*\s+(?:out\s+)?(?:an?\s+|the\s+|"
    r"a\s+new\s+)?(?:[\w-]+\s+){0,2}?(?:operation|offensive|assault|attack|raid|counter-?offensive)s?"
    r"\s+(?:against|on|in)\b",
    re.I,
)


def _operator(text: str, s: int, e: int, mentions: list[ActorMention]) -> Any:
    """The side whose operation a sentence tells, for an agentless change after it ("The town
    was recaptured."): the first armed side before "launched an operation against"."""
    m = _LAUNCHED.search(text, s, e)
    if m is None:
        return None
    before = [a.entry for a in mentions if a.end <= m.start() and a.entry.strong]
    return before[0] if before else None


def _remember(state: State, mentions: list[ActorMention]) -> None:
    """What a sentence's actors leave for the sentences after it: the last armed side, the
    last state side and the last non-state group named."""
    for m in mentions:
        if m.entry.strong:
            state.last_actor = m.entry
        if m.entry.category == "state" and not m.entry.weak:
            state.last_state = m.entry
        if m.entry.category in ("group", "generic_non_state"):
            state.last_non_state = m.entry


def _own_history(history: Any, text: str, end: int) -> Any:
    """The history cue that bears on a trigger: not one in a relative or appositive clause
    after it ("took control of the town, which had been under SNA control since 2019",
    "retook X, previously held by Y": the background is the place's, the change is news;
    "... and the town has changed hands several times" still bears on it)."""
    if history is None or history.start() < end:
        return history
    aside = _BACKGROUND_ASIDE.search(text, end, history.end())
    return None if aside is not None and aside.start() < history.start() else history


def _in_focus(cand: Candidate, sentence: str, last: PlaceRef) -> bool:
    """May a trigger with no place of its own take the place in focus? A withdrawal from a
    town ("... soldiers had retreated"); a capture told as control ("Clashes in Kadugli. The
    army regained control"), of a town or of a place the gazetteer lacks."""
    city = getattr(last.place, "level", "") == "city"
    if cand.type == "withdrawal":
        return city
    return (
        cand.type == "capture"
        and (city or last.fallback)
        and _CONTROL.search(sentence, cand.start, cand.end) is not None
    )


# "pulled out early on Saturday", "pulled back south towards Ain Issa": the verb with no object
_INTRANSITIVE_OUT = re.compile(
    r"(?:pull(?:ed|s|ing)?\s+(?:out|back)|withdr[ae]w\w*|retreat\w*)"
    r"(?=\s*[,.;]|\s+(?:early|late|overnight|on|after|under|as|at\s+(?:dawn|night)|"
    r"(?:north|south|east|west)(?:-?(?:east|west))?(?:wards?)?)\b)",
    re.I,
)
_ORIGIN = re.compile(r"\b(?:from|to|towards?|toward|of|via|near)\s+(?:the\s+)?$", re.I)
# "advanced to X and took control": the destination of the taker's own move is what it took
_MOVED_TO = re.compile(
    r"\b(?:advanc|mov|march|push|head|proceed|return)\w*\s+(?:back\s+)?(?:in)?to\s+(?:the\s+)?$",
    re.I,
)


def _named_before(cand: Candidate, text: str, s: int, refs: list[PlaceRef]) -> list[PlaceRef]:
    """The last town (or fallback-located name) of the sentence before an objectless
    capture or withdrawal, when it is the object or locative of the clause before
    ("attacked Marib, forcing ..."; "clashed in X and gained control"), not an origin."""
    before = [r for r in refs if r.end <= s + cand.start and not r.coref]
    if not before:
        return []
    ref = before[-1]
    if not (getattr(ref.place, "level", "") == "city" or ref.fallback):
        return []
    if _ORIGIN.search(text, max(s, ref.start - 12), ref.start) and not _MOVED_TO.search(
        text, max(s, ref.start - 30), ref.start
    ):
        return []
    return [ref]


class Extractor(FrameStage, EmitStage):
    """Holds the compiled lexicon and actor dictionary; `extract()` is pure."""

    def __init__(self, geoparser: GeoparserLike, actors: ActorDictionary | None = None) -> None:
        self.geo = geoparser
        self.actors = actors or ActorDictionary.default()
        self.lex = lexicon()

    # ---------------------------------------------------------------- article level
    def extract(self, article: Article) -> list[Event]:
        """Each early return skips an article cheaply; the sentences are read in order, and
        `changes.merge` makes one event of each change they tell."""
        text = article.text
        lex = self.lex
        if not lex.prefilter.search(text):
            return []
        # actors first: one C-speed automaton pass rejects most non-conflict copy before
        # sentences and triggers are looked at (same result in either order)
        mentions = self.actors.find(text)
        if not any(
            m.entry.strong or (m.entry.category == "pronoun" and " " in m.text) for m in mentions
        ):
            return []  # no armed actor anywhere: business, sport, fashion metaphors
        spans = split_sentences(text)
        doc = Doc(text)
        triggered: list[tuple[int, int, list[Candidate]]] = []
        for s, e in spans:
            trig = find_triggers(doc, s, e, lex)
            if trig:
                triggered.append((s, e, trig))
        if not triggered:
            return []
        body = without_dateline(text)  # where the reporter files from
        # a reader places "Al Shabaab took Bardera" in Somalia before reading the town
        hint = fallback.groups_country(mentions)
        places = sorted(
            self.geo.parse(body, context_text=body, country_hint=hint), key=lambda p: p.start
        )
        places = story_places(places, mentions, text)
        places, fallbacks = self._with_fallbacks(text, places, mentions, doc)
        if not places:
            return []
        state_canon = one_sense_per_article(places, text)
        pub = article.published_date
        state = State(doc=doc, text=text, canon=state_canon, fallbacks=fallbacks)
        state.starts = [p.start for p in places]
        events: dict[Key, Event] = {}
        trig_by_start = {s: trig for s, _e, trig in triggered}
        mention_starts = [m.start for m in mentions]
        for s, e in spans:
            sent_mentions = mentions[
                bisect_left(mention_starts, s) : bisect_left(mention_starts, e)
            ]
            sent_trig = trig_by_start.get(s)
            if sent_trig:
                sent_places = self._sentence_places(text, s, e, places, state)
                for ev in self._sentence_events(
                    article, text, s, e, sent_trig, sent_places, sent_mentions, pub, state
                ):
                    keep(events, ev, pub)
            _remember(state, sent_mentions)
            if state.attacker is None:
                state.attacker = _operator(text, s, e, sent_mentions)
        return merge(
            events, text, pub, places=places, fallbacks=state.fallback_events,
            undated=state.undated,
        )  # fmt: skip

    # ---------------------------------------------------------------- sentence level
    def _it_object(self, t: Slot) -> tuple[list[PlaceRef], Any, bool] | None:
        """A capture whose object is "it": the last city-level place named before it in the
        sentence (a province or a country is not what "it" takes)."""
        cand, text, s, sentence, refs, mentions, state = t.parts()
        it = _IT_OBJECT.match(sentence, cand.end)
        word = sentence[cand.start : cand.end].lower()
        them = it is None and self._them_places(sentence, cand)
        if not them and (
            it is None or (word.startswith(("tak", "took")) and " " not in word and not it[1])
        ):
            return None  # "took it seriously": a bare "take it" needs "back" or "over"
        before = [
            r
            for r in refs
            if r.end <= s + cand.start
            and not r.coref
            and (getattr(r.place, "level", "") == "city" or (them and r.fallback))
        ]
        if not before:
            return None
        if them:  # the person-object guard of `_objectless` would read "them" as people
            if self._blocked(cand, text, s, state):
                return None
            actor, _via = self._actor_before(cand, s, text, mentions, state)
            return None if actor is None else ([before[-1]], actor, True)
        result = self._objectless(t)
        return None if result is None else ([before[-1]], result[1], True)

    @staticmethod
    def _them_places(sentence: str, cand: Candidate) -> bool:
        """Is the "them" after a capture verb a set of places ("attacked regime positions in
        X and took control of them"), not people ("captured them")?"""
        if _THEM_OBJECT.match(sentence, cand.end) is None:
            return False
        nouns = list(_PLURAL_NOUN.finditer(sentence, 0, cand.start))
        return bool(nouns) and nouns[-1]["place"] is not None

    def _cued(self, s: int, cand: Candidate, state: State) -> bool:
        """A hypothetical, intention or negation cue anywhere before the trigger."""
        lex, doc, hi = self.lex, state.doc, s + cand.start
        return bool(
            lex.hypothetical.search(doc, s, hi)
            or lex.intention.search(doc, s, hi)
            or lex.negation.search(doc, s, hi)
        )

    def _sentence_events(  # noqa: C901 (the frames of a sentence, then its intransitive triggers)
        self,
        article: Article,
        text: str,
        s: int,
        e: int,
        triggers: list[Candidate],
        refs: list[PlaceRef],
        mentions: list[ActorMention],
        pub: date,
        state: State,
    ) -> list[Event]:
        lex = self.lex
        sentence = text[s:e]
        state.bounds[s] = [b.end() for b in lex.boundary.finditer(text, s, e)]
        dates = LazyDates(sentence, pub)
        history = lex.history.search(state.doc, s, e)
        disputed = lex.claim_disputed.search(state.doc, s, e) is not None
        out: list[Event] = []
        first_targets: list[PlaceRef] | None = None
        deferred: list[Candidate] = []
        state.sentence = (sentence, triggers, mentions)
        for cand in triggers:
            if cand.frame == "intransitive":
                deferred.append(cand)
                continue
            retyped = retype(cand, sentence, text, e)
            if retyped is None:
                continue  # "the militants in control of X imposed taxes": who holds it
            cand = retyped
            if cand.type == "battle" and (
                self._remote(cand, text, s, e)
                or self._one_sided(sentence, mentions)
                or self._unarmed_opponent(s + cand.end, text, mentions)
                or self._toll(cand, text, s, e)
            ):
                continue  # "a drone attack on Kharkiv"; "attacked X, killing 12 civilians"
            slot = Slot(cand, text, s, sentence, refs, mentions, state)
            result = self._read(slot, first_targets)
            if result is None:
                continue
            targets, actor_entry, via_context = result
            if first_targets is None and targets:
                first_targets = targets
            hist = _own_history(history, text, s + cand.end)
            out.extend(
                self._emit(
                    article, cand, sentence, s, targets, actor_entry, via_context, dates,
                    hist, disputed, mentions, pub, state,
                )
            )  # fmt: skip
            got: list[Event] = []
            if cand.frame == "transfer" and targets:
                got = self._recipient(article, cand, sentence, s, targets, dates, hist,
                                      disputed, mentions, pub, state)  # fmt: skip
            if (
                not got
                and targets
                and cand.type == "withdrawal"
                and actor_entry is not None
                and _LOST.match(sentence, cand.start)
            ):
                got = self._loss_taken(
                    article, cand, sentence, s, targets, actor_entry, dates, hist,
                    disputed, mentions, pub, state,
                )  # fmt: skip
            out.extend(got)
        for cand in deferred:
            if self._blocked(cand, text, s, state):
                continue
            if _FELL.match(sentence, cand.start) and cand.type == "capture":
                own = self._places_before(s + cand.start, text, refs, appositive=True)
                if own:
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
            slot = Slot(cand, text, s, sentence, refs, mentions, state)
            targets = own or self._unplaced(slot, first_targets)
            if not targets:
                continue
            actor_entry, via_context = self._actor_before(cand, s, text, mentions, state)
            if actor_entry is None:
                continue
            if _TOOK_OVER.match(sentence, cand.start) and not any(
                m.end <= s + cand.start for m in mentions
            ):
                continue  # "A new commander took over.": a side must be named or referred to
            out.extend(
                self._emit(
                    article, cand, sentence, s, targets, actor_entry, not own, dates,
                    history, disputed, mentions, pub, state,
                )
            )  # fmt: skip
        return out

    def _read(
        self, t: Slot, first_targets: list[PlaceRef] | None
    ) -> tuple[list[PlaceRef], Any, bool] | None:
        """A trigger read in its frame, else with the place its sentence or the text gives."""
        cand = t.cand
        result = self._one(t)
        if result is None and first_targets and cand.frame == "active":
            # "attacked X in Al Masharih and took control of nine sites": the sentence's place
            result = self._objectless(t)
            if result is not None and len(first_targets) == 1:
                # "flew reinforcements to Mazar, ... where the Taliban have taken several
                # surrounding districts": near the town, in its province
                near = self.unnamed_near(cand, t.s, t.text, first_targets[0])
                result = None if near is None else ([near], result[1], True)
            elif result is not None:
                result = (first_targets, result[1], True)
        elif result is None and cand.frame == "active" and cand.type == "capture":
            # "... clashed in Lahij. Forces took control of several areas": the area in focus
            here = _named_before(cand, t.text, t.s, t.refs)
            result = self._unnamed_in_focus(t) or self._site_in_focus(t, here)
        elif result is None and cand.frame == "active" and cand.type == "withdrawal":
            # "Clashes in Qoryoley. SNA forces retreated from their positions": from the town
            result = self._site_in_focus(t, _named_before(cand, t.text, t.s, t.refs))
            if result is None:
                result = self._left_focus(t)
        if result is None and cand.frame == "active" and cand.type == "capture":
            # "attacked Afgooye on Monday and captured it": "it" is the sentence's place
            result = self._it_object(t)
        return result

    def _left_focus(self, t: Slot) -> tuple[list[PlaceRef], Any, bool] | None:
        """ "The army retook X. RSF fighters pulled out early on Saturday, heading north": a
        withdrawal verb used with no object leaves the town in focus."""
        cand, _text, _s, sentence, _refs, _mentions, state = t.parts()
        if not state.targets or not _INTRANSITIVE_OUT.match(sentence, cand.start):
            return None
        last = state.targets[-1]
        if not _in_focus(cand, sentence, last):
            return None
        result = self._objectless(t)
        return None if result is None else ([last], result[1], True)

    def _loss_taken(
        self, article: Article, cand: Candidate, sentence: str, s: int, targets: list[PlaceRef],
        loser: Any, dates: LazyDates, history: Any, disputed: bool,
        mentions: list[ActorMention], pub: date, state: State,
    ) -> list[Event]:  # fmt: skip
        """'SNA forces lost control of the town' with no recipient: what one side lost, the
        other took (the side named after the verb, the attacker in memory, else unnamed)."""
        after = [m for m in mentions if m.start >= s + cand.end]
        # "were driven from X by SNA forces": a passive names its taker after "by" or none
        passive = _PASSIVE_LOSS.match(sentence, cand.start) is not None
        taker = taker_of_loss(loser, after, state, named=passive)
        if taker is None:
            return []
        capture = Candidate("capture", "transfer", cand.start, cand.end)
        return self._emit(
            article, capture, sentence, s, targets, taker, True, dates, history, disputed,
            mentions, pub, state,
        )  # fmt: skip

    def _unplaced(self, t: Slot, first_targets: list[PlaceRef] | None) -> list[PlaceRef]:
        """The place of an intransitive trigger that names none after it."""
        cand, text, s, sentence, refs, _mentions, state = t.parts()
        if first_targets:
            return first_targets
        # "fighting in X town, where regime forces took control": the place of "where"
        wheres = list(_WHERE.finditer(text, s, s + cand.start))
        if wheres:
            where = wheres[-1]
            prior = [r for r in refs if r.end <= where.start() and not self._unresolved(r.place)]
            if prior[-1:]:
                return prior[-1:]
        targets = fronted(text, s, refs)
        if (
            not targets
            and cand.type in ("withdrawal", "capture")
            and not self._cued(s, cand, state)
        ):
            # "attacked Marib, forcing the army to withdraw", "attacked Marib and gained
            # control": the place the sentence named before the objectless verb (not one
            # under a cue: "vowed to clash in Marib, forcing ...")
            targets = _named_before(cand, text, s, refs)
        if not targets and cand.type in ("withdrawal", "capture") and state.targets:
            # "... soldiers had retreated": from the place in focus; "Clashes in Kadugli.
            # The army regained control": of it
            last = state.targets[-1]
            if _in_focus(cand, sentence, last):
                targets = [last]
        return targets
