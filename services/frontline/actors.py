"""Actor dictionary: find armed actors in text and resolve them to canonical actors.

Aliases live in `data/actors.yaml` (data, not code). Mentions are found with one
Aho-Corasick automaton over case-folded aliases plus one over case-sensitive acronyms
("IS", "AA", "US" must not match "is", "aa", "us"), so lookup cost does not grow with
the size of the dictionary. Whether a state actor is `state` or `foreign_state` is only
known once the place is known, so mentions carry an `ActorEntry` and `resolve()` turns
it into a contract `Actor` against the place's country.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

import ahocorasick
import yaml

from frontline.models import Actor, ActorKind

Category = Literal[
    "state", "group", "generic_state", "generic_force", "generic_non_state", "civilian", "pronoun"
]


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """A dictionary entry an alias points to."""

    name: str
    category: Category
    country: str | None = None
    weak: bool = False  # bare country/capital metonym ("Moscow said"): also a place name
    hint: str | None = None  # for pronouns: the kind of actor they refer back to
    abroad: bool = False  # a group that fights far from its country (Wagner): no home hint
    # a group that fights in several countries (Boko Haram: NG, NE, CM, TD): each country
    # with the admin1 it fights in there, or None (`data/actors.yaml` `countries:`)
    countries: tuple[tuple[str, str | None], ...] = ()

    @property
    def armed(self) -> bool:
        return self.category not in ("civilian", "pronoun")

    @property
    def strong(self) -> bool:
        """An unambiguous armed actor (not a pronoun, civilian or place-name metonym)."""
        return self.armed and not self.weak

    @property
    def generic(self) -> bool:
        return self.category in ("generic_state", "generic_force", "generic_non_state")


@dataclass(frozen=True, slots=True)
class ActorMention:
    """An actor alias found in text, with character offsets into that text."""

    start: int
    end: int
    text: str
    entry: ActorEntry


_GLUE = re.compile(
    r"(?:\s+(?!(?:and|or|with|against|by|from|to|on|in|of|at|the|said|says|are|is|was|were|be|"
    r"been|have|has|had|will|would|now|also|then|still|that|who|which|as|their|its|for|near|"
    r"into|within|after|before|while|sent|send|sends|took|take|takes|led|lead|held|hold|left|"
    r"fled|lost|won|fought|brought|drove|overran|overrun|rush|rushes|seize|seizes|hit|"
    # present-tense verbs of terse notes ("Military forces clear Boko Haram from X")
    r"clears?|expels?|captures?|recaptures?|retakes?|regains?|gains?|controls?|enters?|"
    r"attacks?|clash|clashes|claims?|drives?|push|pushes|storms?|overruns?|withdraws?|"
    r"abandons?|repels?|repulses?|ambush|ambushes|occupy|occupies|reclaims?|encircles?)\b)"
    # words only: a dateline's dash ("BEIRUT - Syrian rebels") is no part of a noun phrase
    r"(?![\w-]*(?:ed|ing)\b)\w[\w-]*){0,2}\s*$",
    re.I,
)
_PRO = re.compile(r"(?<![\w-])pro-", re.I)
# "BEIRUT -", "MOGADISHU, Somalia (Reuters) —", "KYIV, Dec 4 (Reuters) -": at a line's start
_DATELINE = re.compile(
    r"\s*[A-Z][A-Z.'’ -]*[A-Z](?:, [A-Z][\w .'’-]{0,40})?(?: \([^)]{1,40}\))? [-–—] "
)
_SEAT = re.compile(r"\s+(?:in|of)\s+(?:the\s+)?")
_WORD = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")


def _dateline(text: str, start: int, end: int) -> bool:
    """A place in a dateline ("BEIRUT -", "MOGADISHU, Somalia (Reuters) -") says where the
    reporter files from, not which state acts."""
    m = _DATELINE.match(text, text.rfind("\n", 0, start) + 1)
    return m is not None and end <= m.end()


def _is_acronym(alias: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    return bool(letters) and len(alias) <= 6 and all(c.isupper() for c in letters)


def _word_span(text: str, start: int, end: int, entry: ActorEntry) -> tuple[int, int] | None:
    """The alias match widened to whole words, or None when it sits inside a word."""
    if start > 0 and text[start - 1] in _WORD:
        if not (entry.category == "group" and _PRO.match(text, start - 4, start)):
            return None
        start -= 4  # "pro-Houthi army": that group's side, not the state's army
    if end < len(text) and text[end] in _WORD:
        # allow plural/possessive of the alias: "Houthis", "HTS's"
        if not (text[end] == "s" and (end + 1 == len(text) or text[end + 1] not in _WORD)):
            return None
        end += 1
    return start, end


class _Aliases:
    """Alias -> entry, first entry wins: acronyms matched case-sensitively, the rest folded."""

    def __init__(self) -> None:
        self.folded: dict[str, ActorEntry] = {}
        self.cased: dict[str, ActorEntry] = {}

    def add(self, alias: str, entry: ActorEntry) -> None:
        alias = alias.strip()
        if not alias:
            return
        if _is_acronym(alias):
            self.cased.setdefault(alias, entry)
        else:
            self.folded.setdefault(alias.casefold(), entry)


# Sections of generic agents, in the order they are added (our own lists before Phoenix's,
# so our entries win): (section, key, actor name, kind, hint); name None = the alias itself.
_GENERIC: tuple[tuple[str | None, str, str | None, Category, str | None], ...] = (
    ("generic", "state", "government forces", "generic_state", None),
    ("generic", "force", "government forces", "generic_force", None),
    ("generic", "non_state", "armed opposition", "generic_non_state", None),
    (None, "civilian", None, "civilian", None),
    (None, "pronoun", None, "pronoun", None),
    (None, "pronoun_non_state", None, "pronoun", "non_state"),
    ("phoenix", "state", "government forces", "generic_state", None),
    ("phoenix", "non_state", "armed opposition", "generic_non_state", None),
)


def _automaton(aliases: dict[str, ActorEntry]) -> ahocorasick.Automaton:
    auto = ahocorasick.Automaton()
    for alias, entry in aliases.items():
        auto.add_word(alias, (len(alias), entry))
    auto.make_automaton()
    return auto


class ActorDictionary:
    """Compiled actor aliases; build once (see `default()`), share freely (read-only)."""

    def __init__(self, data: dict) -> None:
        self.state_forces: dict[str, ActorEntry] = {}
        self.demonyms: dict[str, ActorEntry] = {}
        self.country_names: dict[str, str] = {}
        aliases = _Aliases()
        nouns: list[str] = data.get("state_force_nouns", [])
        for cc, st in data.get("states", {}).items():
            self._add_state(aliases, cc, st, nouns)
        for grp in data.get("groups", []):
            entry = ActorEntry(
                grp["name"],
                "group",
                grp.get("country"),
                abroad=bool(grp.get("abroad")),
                countries=tuple((cc, a1) for cc, a1 in (grp.get("countries") or {}).items()),
            )
            for alias in [grp["name"], *grp.get("aliases", [])]:
                aliases.add(alias, entry)
        for section, key, name, kind, hint in _GENERIC:
            for alias in (data.get(section, {}) if section else data).get(key, []):
                aliases.add(alias, ActorEntry(name or alias, kind, hint=hint))
        self._folded = _automaton(aliases.folded)
        self._cased = _automaton(aliases.cased)

    def _add_state(self, aliases: _Aliases, cc: str, st: dict, nouns: list[str]) -> None:
        """A state's forces, its demonym phrasings ("Syrian troops") and, weakly, its names."""
        entry = ActorEntry(st["forces"], "state", cc)
        weak = ActorEntry(st["forces"], "state", cc, weak=True)
        self.state_forces[cc] = entry
        self.country_names[cc] = st["names"][0]
        aliases.add(st["forces"], entry)
        for extra in st.get("extra", []):
            aliases.add(extra, entry)
        for dem in st.get("demonyms", []):
            self.demonyms[dem.casefold()] = entry
            for noun in nouns:
                aliases.add(f"{dem} {noun}", entry)
                aliases.add(f"{dem}-led {noun}", entry)
        for leader in st.get("leaders", []):
            # "pro-Hadi commanders", "Assad loyalists": a leader's name stands for his forces
            for noun in [*nouns, "loyalists", "loyalist forces"]:
                aliases.add(f"pro-{leader} {noun}", entry)
                aliases.add(f"{leader} {noun}", entry)
        for name in [*st.get("names", []), st.get("capital")]:
            if not name:
                continue
            aliases.add(name, weak)
            for noun in nouns:
                aliases.add(f"{name}'s {noun}", entry)
                aliases.add(f"{name}’s {noun}", entry)

    @classmethod
    @cache
    def default(cls) -> ActorDictionary:
        """The packaged dictionary, parsed and compiled once per process."""
        root = resources.files("frontline").joinpath("data")
        data = yaml.safe_load(root.joinpath("actors.yaml").read_text("utf-8"))
        data["phoenix"] = yaml.safe_load(root.joinpath("phoenix_agents.yaml").read_text("utf-8"))
        return cls(data)

    def find(self, text: str) -> list[ActorMention]:
        """Longest, leftmost, non-overlapping alias matches on word boundaries."""
        cands: list[tuple[int, int, ActorEntry]] = []
        n = len(text)
        for source, automaton in ((text.casefold(), self._folded), (text, self._cased)):
            if len(source) != n:  # casefold changed length (e.g. "ß"): fall back to lower()
                source = text.lower()
                if len(source) != n:
                    continue
            for end_idx, (length, entry) in automaton.iter(source):
                span = _word_span(text, end_idx - length + 1, end_idx + 1, entry)
                if span is not None:
                    cands.append((*span, entry))
        cands.sort(key=lambda c: (c[0], -(c[1] - c[0])))
        out: list[ActorMention] = []
        last_end = -1
        for start, end, entry in cands:
            if start < last_end:
                continue
            # "Hamas forces", "al-Shabab mujahideen forces": a generic noun in the same noun
            # phrase as a named actor belongs to it.
            if (
                out
                and entry.generic
                and not out[-1].entry.generic
                and out[-1].entry.armed
                and _GLUE.match(text, out[-1].end, start)
            ):
                prev = out[-1]
                out[-1] = ActorMention(prev.start, end, text[prev.start : end], prev.entry)
                last_end = end
                continue
            # "the defence ministry in Moscow", "the government in Kinshasa": that state.
            if (
                out
                and entry.category == "state"
                and entry.weak
                and out[-1].entry.category == "generic_state"
                and _SEAT.fullmatch(text, out[-1].end, start)
            ):
                prev = out[-1]
                strong = ActorEntry(entry.name, "state", entry.country)
                out[-1] = ActorMention(prev.start, end, text[prev.start : end], strong)
                last_end = end
                continue
            if entry.weak and _dateline(text, start, end):
                continue
            out.append(ActorMention(start, end, text[start:end], entry))
            last_end = end
        return out

    def resolve(self, entry: ActorEntry, place_cc: str | None) -> Actor:
        """Turn an entry into a contract Actor, deciding state vs foreign_state by place."""
        if entry.category == "state":
            kind = ActorKind.state if entry.country == place_cc else ActorKind.foreign_state
            return Actor(name=entry.name, kind=kind, country=entry.country)
        if entry.category in ("generic_state", "generic_force"):
            if place_cc and place_cc in self.state_forces:
                forces = self.state_forces[place_cc]
                return Actor(name=forces.name, kind=ActorKind.state, country=place_cc)
            name = f"government forces ({place_cc})" if place_cc else "government forces"
            return Actor(name=name, kind=ActorKind.state, country=place_cc)
        if entry.category == "generic_non_state":
            name = f"armed opposition ({place_cc})" if place_cc else "armed opposition"
            return Actor(name=name, kind=ActorKind.non_state, country=None)
        if entry.category == "group":
            return Actor(name=entry.name, kind=ActorKind.non_state, country=None)
        return Actor(name="unknown", kind=ActorKind.unknown, country=None)
