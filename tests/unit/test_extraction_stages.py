"""Each extraction stage on its own: triggers/frames, place phrases, actor phrases, emission."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from frontline.extraction import StaticGeoparser
from frontline.extraction.emission import LazyDates, _relative_clause
from frontline.extraction.frames import find_triggers
from frontline.extraction.lexicon import lexicon
from frontline.extraction.pipeline import Extractor
from frontline.extraction.state import Candidate, PlaceRef, State
from frontline.extraction.wordindex import Doc

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "extraction"
ROWS = [json.loads(x) for x in (FIXTURES / "gazetteer.jsonl").read_text().splitlines()]
GEO = StaticGeoparser({r["mention"]: r for r in ROWS})
EX = Extractor(GEO)


def _state(text: str) -> State:
    lex = lexicon()
    return State(
        doc=Doc(text), text=text, bounds={0: [b.end() for b in lex.boundary.finditer(text)]}
    )


def _refs(text: str) -> list[PlaceRef]:
    return [PlaceRef(p.start, p.end, p, p.mention) for p in GEO.parse(text)]


def _trigger(text: str, type_: str) -> Candidate:
    return next(c for c in find_triggers(Doc(text), 0, len(text), lexicon()) if c.type == type_)


# ------------------------------------------------------------------ stage 1: triggers, frames
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hama fell to the rebels and the army withdrew.", [("capture", "passive"),
                                                           ("withdrawal", "intransitive")]),
        ("The capture of Homs by HTS ended the siege.", [("capture", "nominal")]),
        ("Kyiv ceded Avdiivka to Russia.", [("withdrawal", "transfer")]),
        ("Rebels retook Aleppo.", [("capture", "active")]),
        ("The talks took place in Geneva.", []),
    ],
)  # fmt: skip
def test_triggers_and_frames(text, expected):
    found = find_triggers(Doc(text), 0, len(text), lexicon())
    assert [(c.type, c.frame) for c in found] == expected


@pytest.mark.parametrize(
    ("text", "blocked"),
    [
        ("The rebels threatened to seize Hama.", True),
        ("If the rebels capture Hama, the road is cut.", True),
        ("The rebels did not capture Hama.", True),
        ("The rebels captured Hama.", False),
    ],
)
def test_cues_block_a_trigger_in_their_clause(text, blocked):
    assert EX._blocked(_trigger(text, "capture"), text, 0, _state(text)) is blocked


# ------------------------------------------------------------------ stage 2: place phrases
@pytest.mark.parametrize(
    ("text", "type_", "places"),
    [
        ("Rebels seized Aleppo and Hama, then shelled Homs.", "capture", ["Aleppo", "Hama"]),
        ("Rebels seized Aleppo, Hama and Homs on Monday.", "capture", ["Aleppo", "Hama", "Homs"]),
        ("The army withdrew from Hama towards Homs.", "withdrawal", ["Hama"]),
        ("The army withdrew towards Homs.", "withdrawal", []),
        ("Rebels advanced on Hama from Aleppo.", "advance", ["Hama"]),
    ],
)
def test_place_slots_after_a_trigger(text, type_, places):
    cand = _trigger(text, type_)
    got = EX._places_after(cand, cand.end, text, _refs(text))
    assert [r.mention for r in got] == places


def test_coreference_resolves_to_the_place_last_named_with_that_noun():
    text = "Rebels attacked the town of Sake near Goma. They took the town on Monday."
    places = sorted(GEO.parse(text), key=lambda p: p.start)
    state = _state(text)
    state.starts = [p.start for p in places]
    s = text.index("They")
    refs = EX._sentence_places(text, s, len(text), places, state)
    assert [(r.mention, r.place.mention, r.coref) for r in refs] == [("the town", "Sake", True)]


# ------------------------------------------------------------------ stage 3: actor phrases
@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("Backed by Turkish troops, Hayat Tahrir al-Sham fighters seized Aleppo.",
         "Hayat Tahrir al-Sham"),
        ("The Malian army and Wagner fighters entered Kidal.", "Malian Armed Forces"),
        ("After clashes with the rebels, Russian forces captured Avdiivka.",
         "Russian Armed Forces"),
    ],
)  # fmt: skip
def test_actor_before_a_trigger(text, actor):
    cand = _trigger(text, "capture")
    entry, _via = EX._actor_before(cand, 0, text, EX.actors.find(text), _state(text))
    assert entry is not None and entry.name == actor


def test_actor_after_a_passive_trigger():
    text = "Hama fell to Hayat Tahrir al-Sham on Thursday."
    cand = _trigger(text, "capture")
    assert EX._actor_after(cand.end, text, EX.actors.find(text)).name == "Hayat Tahrir al-Sham"


# ------------------------------------------------------------------ stage 4: dates, emission
def test_relative_clause_bounds():
    text = "M23, which captured Goma, is advancing on Bukavu."
    cand = _trigger(text, "capture")
    assert _relative_clause(text, cand) == (3, text.index(", is"))
    assert _relative_clause("M23 captured Goma.", _trigger("M23 captured Goma.", "capture")) is None


def test_date_is_the_nearest_phrase_else_publication_else_dropped_history():
    pub = date(2024, 12, 8)
    text = "Rebels captured Hama on Thursday."
    cand = _trigger(text, "capture")
    when = EX._date_for(cand, text, LazyDates(text, pub), pub, None, [], 0)
    assert when == date(2024, 12, 5)
    text = "Rebels captured Hama."
    cand = _trigger(text, "capture")
    assert EX._date_for(cand, text, LazyDates(text, pub), pub, None, [], 0) == pub
    text = "M23, which captured Goma, is advancing."
    cand = _trigger(text, "capture")
    assert EX._date_for(cand, text, LazyDates(text, pub), pub, None, [], 0) is False


def test_a_country_named_as_a_place_is_not_the_pronouns_antecedent():
    text = "Rebels seized much of northern Syria, and on Sunday they entered Aleppo."
    cand = next(c for c in find_triggers(Doc(text), 0, len(text), lexicon()) if c.start > 30)
    entry, via = EX._actor_before(cand, 0, text, EX.actors.find(text), _state(text))
    assert entry is not None and entry.category == "generic_non_state" and via
