"""Clause-level blocks that dropped real events (issue 10, round 8, clauses): the pluperfect
of a dated narrative, a result relative clause. One test per linguistic category, own
sentences (never a dev note), each with its background guard. Static gazetteer: the rules,
not the geography.
"""

from __future__ import annotations

import datetime as dt

import pytest

from frontline.extraction import StaticGeoparser, extract
from frontline.models import Article

GAZ = {
    "Afgooye": {"country_code": "SO", "admin1": "SO.14", "lat": 2.14, "lon": 45.12,
                "geonameid": 60, "level": "city"},
    "Rutshuru": {"country_code": "CD", "admin1": "CD.11", "lat": -1.19, "lon": 29.45,
                 "geonameid": 70, "level": "city"},
    "Lower Shabelle": {"country_code": "SO", "admin1": "SO.14", "lat": 1.9, "lon": 44.6,
                       "geonameid": 61, "level": "admin1"},
    "Idlib": {"country_code": "SY", "admin1": "SY.09", "lat": 35.93, "lon": 36.63,
              "geonameid": 80, "level": "city"},
}  # fmt: skip
GEO = StaticGeoparser(GAZ)
PUB = "2024-05-06"


def _events(text: str, published: str = PUB) -> list[tuple]:
    evs = extract(Article(id="t", published=published, text=text), GEO)
    return sorted((e.type.value, e.actor.kind.value, e.location.name, e.date) for e in evs)


def _captures(text: str, published: str = PUB) -> list[tuple]:
    """Captures told as news: an earlier one emitted with its own old date is history."""
    pub = dt.date.fromisoformat(published)
    return [e for e in _events(text, published) if e[0] == "capture" and (pub - e[3]).days <= 30]


MAY3 = dt.date(2024, 5, 3)


# -- an undated pluperfect inside a dated narrative is that narrative's past
@pytest.mark.parametrize(
    "told",
    [
        "The militants had taken control of the town.",
        "By nightfall the militants had seized the town.",
        "Al Shabaab had captured the town by the evening.",
    ],
)
def test_pluperfect_after_a_dated_sentence_is_the_narrative(told):
    text = f"On 3 May, clashes broke out between al Shabaab and SNA forces in Afgooye. {told}"
    assert _captures(text) == [("capture", "non_state", "Afgooye", MAY3)]


@pytest.mark.parametrize(
    "told",
    [
        "Rebels had taken Idlib before the ceasefire.",  # no dated narrative at all
        "On 3 May, clashes erupted near Idlib. Rebels had taken Idlib before the ceasefire.",
        "On 3 May, clashes erupted near Idlib. Rebels had previously taken the city.",
        "On 3 May, clashes erupted near Idlib. Rebels had taken the city years earlier.",
        "On 3 May, clashes erupted near Idlib. Rebels had taken the city in 2015.",
        "On 3 May, clashes erupted near Idlib. Rebels had once taken the city.",
        "On 3 May, clashes erupted near Idlib. Rebels had held and taken it since the war.",
        # the narrative itself is old: months before publication
        "On 3 January, clashes erupted near Idlib. Rebels had taken the city.",
    ],
)
def test_pluperfect_with_a_background_cue_stays_background(told):
    assert _captures(told) == []


def test_pluperfect_in_a_later_paragraph_about_the_same_place_is_the_narrative():
    text = (
        "MOGADISHU, May 6 - Al Shabaab fighters clashed with SNA troops in Afgooye on 3 May."
        "\n\nThe militants had taken control of the town by nightfall."
    )
    assert _captures(text) == [("capture", "non_state", "Afgooye", MAY3)]


def test_pluperfect_paragraph_naming_a_new_place_stays_background():
    text = (
        "MOGADISHU, May 6 - Al Shabaab fighters clashed with SNA troops in Afgooye on 3 May."
        "\n\nThe militants had seized Idlib and then pushed on."
    )
    assert _captures(text) == []


# -- a relative clause that tells the result of the main clause is the event
@pytest.mark.parametrize(
    "result",
    [
        "which led to M23 taking control of the town",
        "which resulted in M23 capturing the town",
        "which ended with M23 seizing the town",
        "which eventually led to M23 taking over the town",
    ],
)
def test_result_relative_clause_is_the_event(result):
    text = f"On 3 May, M23 rebels attacked FARDC positions in Rutshuru, {result}."
    assert _captures(text) == [("capture", "non_state", "Rutshuru", MAY3)]


@pytest.mark.parametrize(
    "background",
    [
        "M23, which captured Rutshuru, is advancing south.",
        "M23, which had taken Rutshuru, attacked FARDC positions on 3 May.",
    ],
)
def test_descriptive_relative_clause_stays_background(background):
    assert _captures(background) == []


# -- one auxiliary governs coordinated participles: "had seized X and then moved on Y"
def test_coordinated_participle_under_had_is_background_too():
    text = (
        "KINSHASA, May 6 - M23 rebels attacked army positions near Rutshuru on 3 May."
        "\n\nThe rebels had seized Idlib, a large city, and then pushed into Afgooye."
    )
    assert [e for e in _events(text) if e[2] in ("Idlib", "Afgooye")] == []


def test_coordinated_simple_past_stays_news():
    text = "On 3 May, M23 rebels attacked Afgooye and then seized the town."
    assert _captures(text) == [("capture", "non_state", "Afgooye", MAY3)]


# -- "X town of Y region" names the place first and its container after: X changes hands
@pytest.mark.parametrize("head", ["town", "city", "village"])
def test_place_named_before_its_container_is_the_target(head):
    text = f"On 3 May, al Shabaab seized Afgooye {head} of Lower Shabelle region."
    assert _captures(text) == [("capture", "non_state", "Afgooye", MAY3)]


def test_place_modifying_a_determined_head_stays_in_passing():
    # "the <modifier> town of X ...": the determiner marks the first name as a modifier
    text = "On 3 May, al Shabaab seized the Lower Shabelle town of Afgooye district."
    assert "Lower Shabelle" not in [e[2] for e in _events(text)]


# -- people that only modify what was taken do not make the capture a movement of people
@pytest.mark.parametrize("site", ["a camp for displaced people", "the homes of residents"])
def test_site_named_by_its_people_is_still_a_capture(site):
    text = f"On 3 May, al Shabaab seized {site} in Afgooye."
    assert _captures(text) == [("capture", "non_state", "Afgooye", MAY3)]


def test_people_moved_out_of_a_place_are_no_withdrawal():
    text = "On 3 May, SNA troops evacuated civilians from Afgooye."
    assert [e for e in _events(text) if e[0] in ("capture", "withdrawal")] == []


# -- a sentence-final ", who then took X" goes on with the story; its side is the antecedent
@pytest.mark.parametrize("adverb", ["then", "later", "eventually"])
def test_continuative_who_is_the_event_of_its_antecedent(adverb):
    text = (
        "On 3 May, SNA forces clashed with al Shabaab fighters in Afgooye, "
        f"who {adverb} took control of the town."
    )
    assert _captures(text) == [("capture", "non_state", "Afgooye", MAY3)]


def test_who_clause_inside_the_sentence_stays_background():
    text = "Al Shabaab, who later took control of Rutshuru, attacked SNA forces on 3 May."
    assert _captures(text) == []


# -- reported speech: a trailing attribution reports the news; a background cue stays one
@pytest.mark.parametrize("said", [", a local official said", ", according to residents"])
def test_pluperfect_with_a_trailing_attribution_is_reported_news(said):
    assert _captures(f"Al Shabaab had taken Afgooye{said}.") == [
        ("capture", "non_state", "Afgooye", dt.date.fromisoformat(PUB))
    ]


@pytest.mark.parametrize(
    "text",
    [
        "An official said rebels had taken Idlib before the ceasefire.",
        "Rebels had taken Idlib before the ceasefire, an official said.",
    ],
)
def test_reported_pluperfect_with_a_background_cue_stays_background(text):
    assert _captures(text) == []


# -- "in the past 24 hours" is the news window, "in the past" alone is history
@pytest.mark.parametrize(
    "window", ["in the past 24 hours", "in the past day", "in the past few days"]
)
def test_past_window_is_news(window):
    text = f"Al Shabaab captured Afgooye {window}, a local official said."
    assert _captures(text) == [("capture", "non_state", "Afgooye", dt.date.fromisoformat(PUB))]


def test_in_the_past_alone_is_history():
    assert _captures("Al Shabaab captured Afgooye in the past, but lost it again.") == []


# -- the passive pluperfect follows the same rules as the active one
def test_passive_pluperfect_with_a_background_cue_stays_background():
    assert _captures("Idlib had been captured by rebels before the ceasefire.") == []


def test_passive_pluperfect_in_a_dated_narrative_is_the_narrative():
    text = "On 3 May, clashes erupted in Afgooye. The town had been captured by al Shabaab."
    assert _captures(text) == [("capture", "non_state", "Afgooye", MAY3)]
