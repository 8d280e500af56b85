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
# "Houthi-led forces", "HTS-affiliated factions": a group's name with a side-forming suffix
_SIDE_SUFFIX = re.compile(r"-(?:led|backed|aligned|allied|affiliated|linked|dominated)\b", re.I)
# ACLED's qualifiers after an actor: "Unidentified Armed Group (Libya)", "(2015-)"
_OPEN_PAREN = re.compile(r"\s*\(\s*")
_CLOSE_PAREN = re.compile(r"\s*\)")
# a token of a name that is not in the dictionary: "UWSA", "SPLM/A-IO", "Wa", "Chinland"
_NAME_TOKEN = re.compile(r"[A-Z0-9][\w'’&/().-]*")
_ACRONYM_TOKEN = re.compile(r"[A-Z][A-Z0-9]*(?:[-/(][A-Za-z0-9)]*)*")
_CONNECTORS = frozenset({"of", "for", "the", "and", "de", "du", "des", "la", "al", "wal"})
_MAX_NAME_TOKENS = 6
# "the Defence Forces of Ukraine", "the Third Military Region": the name goes on after the noun
_NAME_GOES_ON = re.compile(r"\s+(?:of\s+(?:the\s+)?)?[A-Z]")
_POSSESSIVE = re.compile(r"['’]s?$")
# "the 58th Army", "the Second Army": a numbered unit of a state's forces
_ORDINAL = re.compile(
    r"\d|(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth)$",
    re.I,
)


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
        side = _SIDE_SUFFIX.match(text, end) if entry.category == "group" else None
        if side is not None:
            return start, side.end()  # "Houthi-led forces": that group's side
        # allow plural/possessive of the alias: "Houthis", "HTS's"
        if not (text[end] == "s" and (end + 1 == len(text) or text[end + 1] not in _WORD)):
            return None
        end += 1
    return start, end


def nouns_words(nouns: list[str]) -> list[str]:
    """The words of the state force nouns ("armed", "forces", "defence")."""
    return [w for noun in nouns for w in noun.casefold().split()]


def _name_run(text: str, lo: int, end: int) -> tuple[int, list[str]]:
    """The capitalised tokens of a name that ends at `end` ("United Wa State" before
    "Army"), no further back than `lo` and not across punctuation; (start, tokens)."""
    toks: list[tuple[int, str]] = []
    pos = end
    for m in reversed(list(re.finditer(r"\S+", text[lo:end]))):
        tok, start = m.group(), lo + m.start()
        if text[start + len(tok) : pos].strip() or tok[-1] in '.,;:!?"”':
            break
        if _NAME_TOKEN.fullmatch(tok) or (toks and tok.casefold() in _CONNECTORS):
            toks.append((start, tok))
            pos = start
            if len(toks) >= _MAX_NAME_TOKENS:
                break
            continue
        break
    while toks and toks[-1][1].casefold() in _CONNECTORS:
        toks.pop()  # "of United Wa State": the name starts after the connector
    if not toks:
        return end, []
    return toks[-1][0], [t for _s, t in reversed(toks)]


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
        # name prefixes of a state's own forces ("Afghan National Army"), and of any other
        # country ("Indonesian Army"): not the name of an unknown armed group
        self._state_prefixes: dict[str, ActorEntry] = {}
        self._country_words: frozenset[str] = frozenset(
            w.casefold() for w in data.get("geo_demonyms", [])
        )
        unnamed = data.get("unnamed_names", {})
        self._not_names = frozenset(w.casefold() for w in unnamed.get("not_group_acronyms", []))
        self._leading = frozenset(w.casefold() for w in unnamed.get("not_name_start", []))
        self._state_units = frozenset(w.casefold() for w in unnamed.get("state_units", []))
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
        generic_words: set[str] = set()
        for section, key, name, kind, hint in _GENERIC:
            for alias in (data.get(section, {}) if section else data).get(key, []):
                aliases.add(alias, ActorEntry(name or alias, kind, hint=hint))
                if kind.startswith("generic"):
                    generic_words.update(alias.casefold().split())
        # words of unnamed agents ("Special", "Defence"): a run of them names no group
        self._generic_words = frozenset(generic_words | set(nouns_words(nouns)))
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
        for word in [*st.get("demonyms", []), *st.get("names", [])]:
            self._state_prefixes[word.casefold()] = entry
        for dem in st.get("demonyms", []):
            self.demonyms[dem.casefold()] = entry
            for noun in nouns:
                aliases.add(f"{dem} {noun}", entry)
                aliases.add(f"{dem}-led {noun}", entry)
        for leader in st.get("leaders", []):
            # "pro-Hadi commanders", "Assad loyalists": a leader's name stands for his forces
            for noun in [*nouns, "loyalists", "loyalist forces"]:
                aliases.add(f"pro-{leader} {noun}", entry)
                aliases.add(f"pro {leader} {noun}", entry)  # terse notes drop the hyphen
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
        tsv = root.joinpath("geo", "demonyms.tsv").read_text("utf-8").splitlines()
        data["geo_demonyms"] = [ln.split("\t")[0] for ln in tsv[1:] if "\t" in ln and ln[0] != "#"]
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
            # "Unidentified Armed Group (Libya)", "Islamic State (Syria)", "rebels (M23)":
            # ACLED's qualifier in brackets belongs to the actor before it
            opened = _OPEN_PAREN.match(text, out[-1].end) if out else None
            closed = _CLOSE_PAREN.match(text, end)
            if (
                opened
                and opened.end() == start
                and closed
                and (entry.weak or out[-1].entry.generic)
            ):
                prev = out[-1]
                keep = entry if prev.entry.generic and entry.strong else prev.entry
                out[-1] = ActorMention(
                    prev.start, closed.end(), text[prev.start : closed.end()], keep
                )
                last_end = closed.end()
                continue
            out.append(self._named(text, ActorMention(start, end, text[start:end], entry), out))
            last_end = out[-1].end
        return out

    def _named(self, text: str, m: ActorMention, out: list[ActorMention]) -> ActorMention:
        """A generic force noun that ends a name the dictionary lacks is that name: "UWSA
        troops", "SPLA-IO forces" (an acronym), "United Wa State Army" (a capitalised noun
        after capitalised words) are non-state groups, not the army of the place's country;
        "Afghan National Army", "Indonesian Army" stay a state's forces."""
        if not m.entry.generic:
            return m
        # a name runs back to the last mention, unless that is a country's name ("Sudan ...")
        lo = max(out[-1].end if out and not out[-1].entry.weak else 0, m.start - 80)
        start, toks = _name_run(text, lo, m.start)
        if not toks:
            return m
        first = _POSSESSIVE.sub("", toks[0]).casefold()
        state = self._state_prefixes.get(first) or self._state_prefixes.get(
            " ".join([toks[0], *toks[1:2]]).casefold()
        )
        if state is not None or first in self._country_words or _ORDINAL.match(first):
            return m  # "Indonesian Army", "the 2nd Army": a state's, through the place
        last = toks[-1]
        if _ACRONYM_TOKEN.fullmatch(last) and sum(c.isupper() for c in last) >= 2:
            if last.casefold() in self._not_names or _SIDE_SUFFIX.search(last):
                return m  # "UN troops", "UN-backed forces": not an armed group of the conflict
            at = text.rfind(last, lo, m.start)
            group = ActorEntry(last.rstrip(")"), "group")
            self._drop_inside(out, at)
            return ActorMention(at, m.end, text[at : m.end], group)
        if (
            m.entry.category == "generic_non_state"
            or not m.text[:1].isupper()
            or _NAME_GOES_ON.match(text, m.end)
            or m.text.casefold() in self._state_units
            or all(t.casefold() in self._generic_words for t in toks)
        ):
            return m
        while toks and toks[0].casefold() in self._leading:
            start += len(toks[0]) + 1  # "The Wa State Army": the name starts after "The"
            toks = toks[1:]
        if not toks or ((start == 0 or text[:start].rstrip()[-1:] in ".!?") and len(toks) == 1):
            return m  # "Then Army troops": one sentence-initial word is not a name
        start = text.find(toks[0], start)
        group = ActorEntry(text[start : m.end], "group")
        self._drop_inside(out, start)
        return ActorMention(start, m.end, text[start : m.end], group)

    @staticmethod
    def _drop_inside(out: list[ActorMention], start: int) -> None:
        """Mentions the new name swallows ("Sudan" in "Sudan Revolutionary Army")."""
        while out and out[-1].start >= start:
            out.pop()

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
