"""One change is one event (issue 10, acceptance): a withdrawal from an unknown place that
another side's capture explains is that capture; one side under two kinds is one event; a
country-level fallback repeats a city event."""

from __future__ import annotations

from frontline.extraction import StaticGeoparser, extract
from frontline.models import Article

GAZ = {
    "Kidal": {"country_code": "ML", "admin1": "ML.08", "lat": 18.44, "lon": 1.41,
              "geonameid": 11, "level": "city"},
    "Gao": {"country_code": "ML", "admin1": "ML.07", "lat": 16.27, "lon": -0.04,
            "geonameid": 12, "level": "city"},
    "Mali": {"country_code": "ML", "lat": 17.0, "lon": -4.0, "geonameid": 13,
             "level": "country"},
    "Jalalaqsi": {"country_code": "SO", "admin1": "SO.07", "lat": 3.38, "lon": 45.6,
                  "geonameid": 1, "level": "city"},
    "Hiraan": {"country_code": "SO", "admin1": "SO.07", "lat": 4.06, "lon": 45.4,
               "geonameid": 2, "level": "admin1"},
    "Somalia": {"country_code": "SO", "lat": 6.0, "lon": 47.0, "geonameid": 3,
                "level": "country"},
}  # fmt: skip
GEO = StaticGeoparser(GAZ)


def _events(text: str) -> list[tuple[str, str, str, str]]:
    evs = extract(Article(id="t", published="2024-03-09", text=text), GEO)
    return sorted((e.type.value, e.location.level, e.location.mention, e.actor.kind.value)
                  for e in evs)  # fmt: skip


def test_withdrawal_from_an_unknown_village_that_the_other_side_took_is_one_capture():
    assert _events(
        "Al Shabaab took control of Tarda village (Jalalaqsi, Hiraan) on Saturday after "
        "government forces withdrew from the village."
    ) == [("capture", "admin1", "Tarda", "non_state")]


def test_the_withdrawal_stays_when_the_text_says_nobody_took_the_place():
    evs = _events(
        "Al Shabaab took control of Tarda village (Jalalaqsi, Hiraan) on Saturday after "
        "government forces withdrew from the village. Residents said the village was left "
        "empty."
    )
    assert ("withdrawal", "admin1", "the village", "state") in evs


def test_a_withdrawal_from_a_named_town_stays_beside_the_capture():
    # two sides, two changes at Kidal: the gold of dev.jsonl annotates both
    evs = _events(
        "Malian soldiers withdrew from Kidal on Friday. Hours later the rebels of the CSP "
        "took control of Kidal, a spokesman said."
    )
    assert ("withdrawal", "city", "Kidal", "state") in evs
    assert ("capture", "city", "Kidal", "non_state") in evs


def test_a_country_fallback_repeating_a_city_capture_is_one_event():
    evs = _events(
        "Al Shabaab fighters took control of Jalalaqsi on Saturday. Later that day Al "
        "Shabaab seized Ceel Dhuub village in Somalia."
    )
    assert [e for e in evs if e[0] == "capture"] == [("capture", "city", "Jalalaqsi", "non_state")]


def test_one_side_under_two_kinds_at_one_place_is_one_event():
    from frontline.extraction.changes import one_change

    text = "Wagner fighters took control of Kidal on Friday."
    (ev,) = extract(Article(id="t", published="2024-03-09", text=text), GEO)
    other = "foreign_state" if ev.actor.kind.value != "foreign_state" else "non_state"
    twin = ev.model_copy(
        update={
            "event_id": ev.event_id + "-2",
            "actor": ev.actor.model_copy(update={"kind": other}),
            "confidence": ev.confidence / 2,
        }
    )
    assert one_change([ev, twin], set(), text) == [ev]
    assert one_change([twin, ev], set(), text) == [ev]  # the more confident one stays
