"""Actor dictionary: aliases, acronyms, generic fallback, state vs foreign_state."""

from __future__ import annotations

import pytest

from frontline.actors import ActorDictionary
from frontline.models import ActorKind

D = ActorDictionary.default()


def names(text: str) -> list[tuple[str, str]]:
    return [(m.text, m.entry.name) for m in D.find(text)]


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("Hayat Tahrir al-Sham fighters", "Hayat Tahrir al-Sham"),
        ("the Syrian army", "Syrian Armed Forces"),
        ("Russia's defence ministry", "Russian Armed Forces"),
        ("Ukrainian troops", "Ukrainian Armed Forces"),
        ("the Rapid Support Forces", "Rapid Support Forces"),
        ("the Tatmadaw", "Myanmar Armed Forces"),
        ("Three Brotherhood Alliance", "Three Brotherhood Alliance"),
        ("M23 rebels", "M23"),
        ("FARDC soldiers", "Armed Forces of the DR Congo"),
        ("Houthi fighters", "Houthis"),
        ("Tigrayan forces", "Tigray Defense Forces"),
        ("Fano militiamen", "Fano"),
        ("JNIM", "JNIM"),
        ("Malian troops", "Malian Armed Forces"),
        ("Iraqi forces", "Iraqi Security Forces"),
        ("Israeli tanks", "Israel Defense Forces"),
        ("Hamas", "Hamas"),
        ("Azerbaijani forces", "Azerbaijani Armed Forces"),
        ("ethnic Armenian forces", "Artsakh Defence Army"),
    ],
)
def test_aliases_resolve(text: str, canonical: str) -> None:
    assert canonical in [name for _, name in names(text)]


def test_acronyms_are_case_sensitive() -> None:
    assert all(name != "Islamic State" for _, name in names("he told us this is fine"))
    assert all(name != "United States Armed Forces" for _, name in names("he told us so"))
    assert names("IS fighters attacked")[0][1] == "Islamic State"


def test_state_vs_foreign_state_by_place_country() -> None:
    israel = D.find("Israeli troops")[0].entry
    sudan = D.find("Sudanese army")[0].entry
    assert D.resolve(israel, "PS").kind == ActorKind.foreign_state
    assert D.resolve(israel, "PS").country == "IL"
    assert D.resolve(sudan, "SD").kind == ActorKind.state


@pytest.mark.parametrize(
    ("alias", "kind"),
    [
        ("government troops", ActorKind.state),
        ("the army", ActorKind.state),
        ("rebels", ActorKind.non_state),
        ("insurgents", ActorKind.non_state),
        ("paramilitary", ActorKind.non_state),
        ("opposition fighters", ActorKind.non_state),
    ],
)
def test_generic_fallback_through_place_country(alias: str, kind: ActorKind) -> None:
    [m] = D.find(alias)
    actor = D.resolve(m.entry, "SY")
    assert actor.kind == kind
    if kind == ActorKind.state:
        assert actor.country == "SY" and actor.name == "Syrian Armed Forces"


def test_civilians_and_pronouns_are_not_armed() -> None:
    cats = {m.entry.category for m in D.find("residents said they fled")}
    assert cats == {"civilian", "pronoun"}


@pytest.mark.parametrize(
    ("alias", "kind"),
    [
        ("separatist guerrillas", ActorKind.non_state),
        ("armed rebels", ActorKind.non_state),
        ("shiite militias", ActorKind.non_state),
        ("combat troops", ActorKind.state),
        ("army units", ActorKind.state),
        ("national guard", ActorKind.state),
    ],
)
def test_generic_agents_from_phoenix(alias: str, kind: ActorKind) -> None:
    [m] = D.find(f"{alias} moved in.")
    assert D.resolve(m.entry, "ML").kind == kind


def test_own_entries_win_over_phoenix_ones() -> None:
    # Phoenix codes "paramilitary" as military; our dictionary says non-state (RSF, AUC)
    [m] = D.find("paramilitary")
    assert m.entry.category == "generic_non_state"
