"""Corrections and retractions through the validate and extract handlers (contract 1.2):
plain dicts as the versions and seen tables, the real rule extractor on a static gazetteer."""

from __future__ import annotations

import json
from functools import partial

from frontline import revisions
from frontline.extraction import StaticGeoparser, extract
from frontline.handlers import Record
from frontline.handlers import extract as extract_handler
from frontline.handlers import validate as validate_handler
from frontline.metrics import inc
from frontline.models import Event, ValidArticle
from frontline.partitioning import key_partition

GEO = StaticGeoparser(
    {"Kadugli": {"country_code": "SD", "admin1": "SD.50", "lat": 11.01, "lon": 29.72,
                 "geonameid": 10, "level": "city"},
     "Dilling": {"country_code": "SD", "admin1": "SD.50", "lat": 12.05, "lon": 29.65,
                 "geonameid": 11, "level": "city"}}
)  # fmt: skip
EXTRACT = partial(extract, geoparser=GEO)
FIRST = "The Rapid Support Forces captured Kadugli and Dilling on Sunday."
FIXED = "The Rapid Support Forces captured Dilling on Sunday."


def _raw(text: str, **extra: object) -> bytes:
    return json.dumps({"id": "a1", "published": "2024-12-08", "text": text, **extra}).encode()


def _validate(versions: dict, value: bytes, offset: int) -> ValidArticle:
    res = validate_handler.handle(value, Record("articles.raw", 0, offset), 10_000, 1.0, versions)
    return ValidArticle.model_validate_json(res.outs[0][2])


def _events(seen: dict, va: ValidArticle, offset: int) -> list[Event]:
    rec = Record("articles.valid", key_partition(va.fingerprint, 4), offset)
    res = extract_handler.handle(seen, va, rec, 1, 30, 4, EXTRACT, now=lambda: 5.0)
    events = [Event.model_validate_json(o[2]) for o in res.outs]
    assert [(o[0], o[1]) for o in res.outs] == [("events", e.location.key) for e in events]
    return events


def test_a_correction_carries_the_previous_version_and_retracts_what_it_lost():
    versions: dict = {}
    seen: dict = {}
    first = _validate(versions, _raw(FIRST), 0)
    assert first.previous is None
    original = _events(seen, first, 0)
    assert {e.location.name for e in original} == {"Kadugli", "Dilling"}
    fixed = _validate(versions, _raw(FIXED), 1)
    assert fixed.previous is not None and fixed.previous.text == FIRST
    out = _events(seen, fixed, 1)
    gone = [e for e in out if e.revision == "retracted"]
    kadugli = next(e for e in original if e.location.name == "Kadugli")
    assert [(e.retracts, e.location.key) for e in gone] == [(kadugli.event_id, "gn:10")]
    assert gone[0].event_id not in {e.event_id for e in original}
    assert out.index(gone[0]) == 0  # retractions go first
    kept = [e for e in out if e.revision == "original"]
    assert [e.location.name for e in kept] == ["Dilling"]
    assert kept[0].event_id in {e.event_id for e in original}  # same id: control skips it


def test_a_retraction_takes_back_everything_and_is_not_a_duplicate():
    versions: dict = {}
    seen: dict = {}
    original = _events(seen, _validate(versions, _raw(FIRST), 0), 0)
    va = _validate(versions, _raw(FIRST, retracted=True), 1)
    assert va.previous is not None and va.article.retracted
    out = _events(seen, va, 1)
    assert sorted(e.retracts for e in out) == sorted(e.event_id for e in original)
    assert all(e.revision == "retracted" for e in out)


def test_a_retraction_of_an_unknown_version_withdraws_its_own_text():
    original = _events({}, _validate({}, _raw(FIRST), 0), 0)
    out = _events({}, _validate({}, _raw(FIRST, retracted=True), 0), 0)
    assert sorted(e.retracts for e in out) == sorted(e.event_id for e in original)


def test_same_text_again_is_no_revision_and_a_redelivery_gets_the_same_answer():
    versions: dict = {}
    _validate(versions, _raw(FIRST), 0)
    assert _validate(versions, _raw(FIRST), 1).previous is None
    assert _validate(versions, _raw(FIXED), 2).previous.text == FIRST
    assert _validate(versions, _raw(FIXED), 2).previous.text == FIRST  # redelivered
    assert _validate(versions, _raw(FIXED), 3).previous is None


def test_back_to_the_first_text_is_a_revision_not_a_duplicate():
    versions: dict = {}
    seen: dict = {}
    _events(seen, _validate(versions, _raw(FIRST), 0), 0)
    _events(seen, _validate(versions, _raw(FIXED), 1), 1)
    back = _validate(versions, _raw(FIRST), 2)
    out = _events(seen, back, 2)
    assert {e.location.name for e in out} == {"Kadugli", "Dilling"}
    assert all(e.revision == "original" for e in out)


def test_counts_and_no_memory_without_a_table():
    res = validate_handler.handle(_raw(FIRST, retracted=True), Record("r", 0, 0), 10_000, 1.0)
    assert inc("articles", "retracted") in res.marks
    va = ValidArticle.model_validate_json(res.outs[0][2])
    assert va.previous is None
    plain = validate_handler.handle(_raw(FIRST), Record("r", 0, 1), 10_000, 1.0)
    assert plain.marks == [] and va.fingerprint != plain.outs[0][1]


def test_retraction_of_is_deterministic_and_keyed_like_the_original():
    e = _events({}, _validate({}, _raw(FIRST), 0), 0)[0]
    r1, r2 = revisions.retraction_of(e), revisions.retraction_of(e)
    assert r1 == r2 and r1.retracts == e.event_id and r1.location.key == e.location.key


def test_versions_expire_on_the_seen_schedule_of_their_partition():
    from frontline import dedup
    from frontline.partitioning import key_partition as kp

    versions: dict = {}
    p = kp("a1", 4)
    rec = Record("articles.raw", p, 0)
    validate_handler.handle(_raw(FIRST), rec, 10_000, 0.0, versions, 1, 30, 4)
    later = 31 * 86400.0
    other = Record("articles.raw", (p + 1) % 4, 1)
    validate_handler.handle(_raw(FIXED, id="b"), other, 10_000, later, versions,
                            dedup.EXPIRE_EVERY, 30, 4)  # fmt: skip
    assert "a1" in versions  # another partition's pass leaves it
    res = validate_handler.handle(
        _raw(FIXED),
        Record("articles.raw", p, 2),
        10_000,
        later,
        versions,
        dedup.EXPIRE_EVERY,
        30,
        4,
    )
    va = ValidArticle.model_validate_json(res.outs[0][2])
    assert va.previous is None and versions["a1"]["fp"] == va.fingerprint


def test_a_retraction_may_come_without_its_text_an_article_may_not():
    versions: dict = {}
    seen: dict = {}
    original = _events(seen, _validate(versions, _raw(FIRST), 0), 0)
    bare = json.dumps({"id": "a1", "published": "2024-12-08", "retracted": True}).encode()
    out = _events(seen, _validate(versions, bare, 1), 1)
    assert sorted(e.retracts for e in out) == sorted(e.event_id for e in original)
    assert _events({}, _validate({}, bare, 0), 0) == []  # nothing known to take back
    res = validate_handler.handle(
        json.dumps({"id": "a2", "published": "2024-12-08"}).encode(),
        Record("articles.raw", 0, 0), 10_000, 1.0, {},
    )  # fmt: skip
    dl = json.loads(res.outs[0][2])
    assert res.outs[0][0] == "dlq" and dl["reason"] == "schema" and "text" in dl["error"]
