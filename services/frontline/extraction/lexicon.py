"""Compile the YAML lexicons once per process into regexes.

Patterns are data (`data/lexicon/*.yaml`) so that adding a way news phrases an event
is a one-line change with a fixture, not a code change. Everything here is compiled at
first use and cached: nothing is compiled per article or per sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from frontline.extraction.wordindex import MultiIndex, WordRegex, first_letter_groups

FRAMES = ("active", "passive", "nominal", "intransitive", "transfer")
_VERB = re.compile(r"([A-Za-z]+)~")
_FLAGS = re.IGNORECASE


@cache
def _verbs() -> dict:
    return _load("verbs.yaml")


def _inflect(stem: str) -> str:
    """Inflections of a verb: capture -> capture|captures|captured|capturing; take -> ...took."""
    verbs = _verbs()
    irregular = verbs["irregular"].get(stem.lower())
    if irregular:
        forms = list(dict.fromkeys([stem, *irregular]))
    elif stem.lower() in verbs["doubling"]:
        forms = [stem, stem + "s", stem + stem[-1] + "ed", stem + stem[-1] + "ing"]
    elif stem.endswith("e"):
        forms = [stem, stem + "s", stem + "d", stem[:-1] + "ing"]
    elif stem.endswith("y") and stem[-2:-1] not in "aeiou":
        forms = [stem, stem[:-1] + "ies", stem[:-1] + "ied", stem + "ing"]
    elif stem.endswith(("sh", "ch", "ss", "x")):
        forms = [stem, stem + "es", stem + "ed", stem + "ing"]
    else:
        forms = [stem, stem + "s", stem + "ed", stem + "ing"]
    return "(?:" + "|".join(forms) + ")"


def expand(fragment: str) -> str:
    """Expand `verb~` shorthands in a lexicon fragment."""
    return _VERB.sub(lambda m: _inflect(m.group(1)), fragment)


def _load(name: str) -> dict:
    path = resources.files("frontline").joinpath(f"data/lexicon/{name}")
    return yaml.safe_load(path.read_text("utf-8"))


@dataclass(frozen=True, slots=True)
class Trigger:
    """One compiled frame of one event type; `group_index` maps match groups to patterns."""

    type: str
    frame: str
    regex: WordRegex


@dataclass(frozen=True, slots=True)
class Lexicon:
    triggers: tuple[Trigger, ...]
    trigger_index: MultiIndex
    prefilter: re.Pattern[str]
    hypothetical: WordRegex
    intention: WordRegex
    negation: WordRegex
    denial: WordRegex
    claim: WordRegex
    claim_disputed: WordRegex
    metaphor: re.Pattern[str]
    boundary: re.Pattern[str]
    history: WordRegex


def _words(fragments: list[str]) -> WordRegex:
    return WordRegex.of_words([expand(f) for f in fragments], _FLAGS)


@cache
def lexicon() -> Lexicon:
    """The packaged lexicon, compiled once."""
    trig = _load("triggers.yaml")
    cues = _load("cues.yaml")
    compiled: list[Trigger] = []
    stems: list[str] = trig.pop("prefilter")
    for etype, frames in trig.items():
        for frame in FRAMES:
            frags = frames.get(frame) or []
            if not frags:
                continue
            regex = WordRegex.of_words([expand(f) for f in frags], _FLAGS)
            compiled.append(Trigger(etype, frame, regex))
    # Cheap article-level gate: a 4-letter stem of any trigger must occur somewhere.
    prefilter = re.compile(r"\b(?:" + first_letter_groups(stems) + ")", _FLAGS)
    return Lexicon(
        triggers=tuple(compiled),
        trigger_index=MultiIndex([t.regex for t in compiled]),
        prefilter=prefilter,
        hypothetical=_words(cues["hypothetical"]),
        intention=_words(cues["intention"]),
        negation=_words(cues["negation"]),
        denial=_words(cues["denial"]),
        claim=_words(cues["claim"]),
        claim_disputed=_words(cues["claim_disputed"]),
        metaphor=re.compile(
            r"^\W*(?:" + "|".join(f"(?:{expand(f)})" for f in cues["metaphor"]) + r")\b", _FLAGS
        ),
        boundary=re.compile(
            "|".join(re.escape(p) for p in cues["clause_boundary_punct"])
            + r"|\b(?:"
            + "|".join(cues["clause_boundary_words"])
            + r")\b",
            _FLAGS,
        ),
        history=_words(cues["history"]),
    )
