"""Corrections and retractions through the validate, extract and revise handlers (contract 1.2):
plain dicts as the article-versions, seen and article-events tables, records routed by key as
Kafka would, the real rule extractor on a static gazetteer."""

from __future__ import annotations

import json
from functools import partial

from frontline import dedup, revisions
from frontline.extraction import StaticGeoparser, extract
from frontline.handlers import Record
from frontline.handlers import extract as extract_handler
from frontline.handlers import revise as revise_handler
from frontline.handlers import validate as validate_handler
from frontline.metrics import inc
from frontline.models import ArticleVersion, Event, ValidArticle
from frontline.partitioning import key_partition

GEO = StaticGeoparser(
    {"Kadugli": {"country_code": "SD", "admin1": "SD.50", "lat": 11.01, "lon": 29.72,
                 "geonameid": 10, "level": "city"},
     "Dilling": {"country_code": "SD", "admin1": "SD.50", "lat": 12.05, "lon": 29.65,
                 "geonameid": 11, "level": "city"}}
)  # fmt: skip
EXTRACT = partial(extract, geoparser=GEO)
FLED = " Thousands of residents fled south overnight."
BOTH = "The Rapid Support Forces captured Kadugli and Dilling on Sunday." + FLED
DILLING = "The Rapid Support Forces captured Dilling on Sunday." + FLED
KADUGLI = "The Rapid Support Forces captured Kadugli on Sunday."
N = 4


def _raw(text: str | None, **extra: object) -> bytes:
    body = {"id": "a1", "published": "2024-12-08", **extra}
    return json.dumps(body if text is None else {**body, "text": text}).encode()


class Flow:
    """validate -> extract -> revise, each with its table; `versions` holds the records on
    articles.versions until `revise()` delivers them (so a test can reorder them)."""

    def __init__(self) -> None:
        self.versions: dict = {}  # validate: article id -> last fingerprint
        self.seen: dict = {}  # extract: fingerprint -> first record
        self.events_table: dict = {}  # revise: article id -> newest version's events
        self.raw_offset = 0
        self.pending: list[ArticleVersion] = []
        self.reasserted: list[Event] = []  # events revise published again under a new id

    def validate(self, value: bytes, offset: int | None = None) -> ValidArticle:
        if offset is None:
            offset, self.raw_offset = self.raw_offset, self.raw_offset + 1
        rec = Record("articles.raw", key_partition("a1", N), offset)
        res = validate_handler.handle(value, rec, 10_000, 1.0, self.versions)
        return ValidArticle.model_validate_json(res.outs[0][2])

    def extract(self, va: ValidArticle) -> list[Event]:
        rec = Record("articles.valid", key_partition(va.fingerprint, N), va.seq)
        res = extract_handler.handle(self.seen, va, rec, 1, 30, N, EXTRACT, now=lambda: 5.0)
        events = [Event.model_validate_json(o[2]) for o in res.outs if o[0] == "events"]
        assert [(o[0], o[1]) for o in res.outs if o[0] == "events"] == [
            ("events", e.location.key) for e in events
        ]
        versions = [o for o in res.outs if o[0] == "article_versions"]
        assert all(o[1] == va.article.id for o in versions) and len(versions) <= 1
        assert res.outs[-len(versions) or len(res.outs) :] == versions  # sent last
        self.pending += [ArticleVersion.model_validate_json(o[2]) for o in versions]
        return events

    def send(self, text: str | None, **extra: object) -> list[Event]:
        return self.extract(self.validate(_raw(text, **extra)))

    def revise(self, v: ArticleVersion | None = None, offset: int | None = None) -> list[Event]:
        v = v or self.pending.pop(0)
        rec = Record("articles.versions", key_partition(v.article_id, N), offset or v.seq)
        res = revise_handler.handle(self.events_table, v, rec, 5.0)
        out = [Event.model_validate_json(o[2]) for o in res.outs]
        assert [(o[0], o[1]) for o in res.outs] == [("events", e.location.key) for e in out]
        self.reasserted += [e for e in out if e.revision == "original"]
        return [e for e in out if e.revision == "retracted"]


def _names(events: list[Event]) -> set[str]:
    return {e.location.name for e in events}


def test_a_correction_retracts_what_it_lost_without_keeping_any_text():
    f = Flow()
    original = f.send(BOTH)
    assert f.revise() == []  # a first version takes nothing back
    fixed = f.validate(_raw(DILLING))
    assert fixed.revises is not None and fixed.revises == f.versions["a1"]["rv"]
    kept = f.extract(fixed)
    assert _names(kept) == {"Dilling"} and all(e.revision == "original" for e in kept)
    assert kept[0].event_id in {e.event_id for e in original}  # same id: control skips it
    [gone] = f.revise()
    kadugli = next(e for e in original if e.location.name == "Kadugli")
    assert (gone.retracts, gone.location.key, gone.article_id) == (kadugli.event_id, "gn:10", "a1")
    assert gone.event_id not in {e.event_id for e in original}
    assert gone.model_dump(exclude={"event_id", "revision", "retracts"}) == kadugli.model_dump(
        exclude={"event_id", "revision", "retracts"}
    )  # the same event as published, not a re-extraction
    # No table keeps the article's text: only fingerprints and the published events (whose
    # evidence is one sentence).
    for table in (f.versions, f.seen, f.events_table):
        assert BOTH not in json.dumps(table) and DILLING not in json.dumps(table)
    assert set(f.versions["a1"]) == {"fp", "rv", "p", "o", "t"}


def test_a_retraction_takes_back_every_stored_event_once():
    f = Flow()
    original = f.send(BOTH)
    f.revise()
    assert f.send(BOTH, retracted=True) == []  # the known version is withdrawn by revise
    out = f.revise()
    assert sorted(e.retracts for e in out) == sorted(e.event_id for e in original)
    assert f.events_table["a1"]["events"] == []
    assert f.send(KADUGLI) and f.revise() == []  # a later version starts afresh


def test_a_retraction_without_text_takes_back_the_stored_events():
    f = Flow()
    original = f.send(BOTH)
    f.revise()
    assert f.send(None, retracted=True) == []
    assert sorted(e.retracts for e in f.revise()) == sorted(e.event_id for e in original)
    bare = Flow()
    assert bare.send(None, retracted=True) == [] and bare.revise() == []  # nothing known


def test_a_retraction_of_an_unknown_version_withdraws_its_own_text():
    original = Flow().send(BOTH)
    f = Flow()
    out = f.send(BOTH, retracted=True)
    assert sorted(e.retracts for e in out) == sorted(e.event_id for e in original)
    assert all(e.revision == "retracted" for e in out) and f.revise() == []


def test_back_to_the_first_text_is_a_revision_not_a_duplicate():
    f = Flow()
    first = f.send(KADUGLI)
    f.revise()
    second = f.send(DILLING)
    assert _names(f.revise()) == {"Kadugli"}
    again = f.send(KADUGLI)  # A, B, A: the fingerprint was seen, but it revises B
    assert [e.event_id for e in again] == [e.event_id for e in first]
    assert [e.retracts for e in f.revise()] == [e.event_id for e in second]
    # Kadugli's id was retracted by B and stays so: the event comes again under a new id
    [back] = f.reasserted
    assert back.event_id not in {e.event_id for e in first + second}
    assert back.model_dump(exclude={"event_id"}) == first[0].model_dump(exclude={"event_id"})


def test_a_reasserted_event_is_the_one_a_later_version_keeps_or_takes_back():
    f = Flow()
    first = f.send(BOTH)
    f.revise()
    f.send(DILLING)
    f.revise()  # Kadugli retracted
    f.send(BOTH)
    f.revise()
    [kadugli] = f.reasserted
    # A fourth text that still gives Kadugli keeps the re-asserted event (only Dilling goes)
    f.send(KADUGLI + FLED)
    assert _names(f.revise()) == {"Dilling"} and f.reasserted == [kadugli]
    f.send(BOTH)
    f.revise()  # Dilling comes back under a new id
    # ... and one that lacks it takes back the id consumers hold, not the retracted one
    f.send(DILLING)
    [gone] = f.revise()
    assert len(f.reasserted) == 2
    assert gone.retracts == kadugli.event_id
    assert gone.retracts != next(e for e in first if e.location.name == "Kadugli").event_id
    # A, B, A, B, A: each re-assertion has its own id
    f.send(BOTH)
    f.revise()
    assert len(f.reasserted) == 3 and f.reasserted[2].event_id != kadugli.event_id
    assert f.reasserted[2].location.name == "Kadugli"
    # a redelivered version record sends the same re-assertion again
    entry = f.events_table["a1"]
    v = ArticleVersion(article_id="a1", fingerprint=entry["fp"], seq=entry["seq"])
    rec = Record("articles.versions", key_partition("a1", N), entry["o"])
    res = revise_handler.handle(f.events_table, v, rec, 5.0)
    assert [json.loads(o[2])["event_id"] for o in res.outs] == [f.reasserted[2].event_id]
    assert res.marks == [inc("events", "capture", "non_state", "SD")]


def test_a_late_older_version_takes_back_its_own_events():
    # Two versions are extracted on different partitions: v2's record reaches revise first.
    f = Flow()
    v1 = f.send(BOTH)
    f.send(DILLING)
    first, second = f.pending
    assert f.revise(second) == []  # nothing stored yet
    out = f.revise(first)  # stale: what v1 gave and v2 does not
    assert [e.retracts for e in out] == [e.event_id for e in v1 if e.location.name == "Kadugli"]
    assert f.events_table["a1"]["seq"] == second.seq
    # A late original after its retraction is taken back entirely.
    g = Flow()
    g.send(BOTH)
    g.send(None, retracted=True)
    orig, retraction = g.pending
    assert g.revise(retraction) == []
    assert _names(g.revise(orig)) == {"Kadugli", "Dilling"}


def test_same_version_again_and_redelivery_send_the_same_answer():
    f = Flow()
    f.send(BOTH)
    f.revise()
    f.send(DILLING)
    [v2] = f.pending
    first = f.revise(v2, offset=9)
    assert f.revise(v2, offset=9) == first  # redelivered after the table was written
    assert f.revise(v2, offset=10) == []  # the same version through another record


def test_same_text_again_is_no_revision_and_a_redelivery_gets_the_same_answer():
    f = Flow()
    f.validate(_raw(BOTH))
    assert f.validate(_raw(BOTH)).revises is None
    fixed = f.validate(_raw(DILLING), offset=2)
    assert fixed.revises is not None and fixed.seq == 2
    assert f.validate(_raw(DILLING), offset=2).revises == fixed.revises  # redelivered
    assert f.validate(_raw(DILLING), offset=3).revises is None


def test_a_correction_with_no_events_left_takes_back_everything():
    f = Flow()
    original = f.send(BOTH)
    f.revise()
    assert f.send("Talks resumed in Jeddah on Sunday.") == []
    assert sorted(e.retracts for e in f.revise()) == sorted(e.event_id for e in original)


def test_an_article_without_events_sends_no_version_record():
    f = Flow()
    assert f.send("Talks resumed in Jeddah on Sunday.") == [] and f.pending == []


def test_counts_and_no_memory_without_a_table():
    res = validate_handler.handle(_raw(BOTH, retracted=True), Record("r", 0, 0), 10_000, 1.0)
    assert inc("articles", "retracted") in res.marks
    va = ValidArticle.model_validate_json(res.outs[0][2])
    assert va.revises is None
    plain = validate_handler.handle(_raw(BOTH), Record("r", 0, 1), 10_000, 1.0)
    assert plain.marks == [] and va.fingerprint != plain.outs[0][1]


def test_retraction_of_is_deterministic_and_keyed_like_the_original():
    e = Flow().send(BOTH)[0]
    r1, r2 = revisions.retraction_of(e), revisions.retraction_of(e)
    assert r1 == r2 and r1.retracts == e.event_id and r1.location.key == e.location.key


def test_versions_expire_on_the_seen_schedule_of_their_partition():
    versions: dict = {}
    p = key_partition("a1", N)
    validate_handler.handle(_raw(BOTH), Record("articles.raw", p, 0), 10_000, 0.0, versions,
                            1, 30, N)  # fmt: skip
    later = 31 * 86400.0
    other = Record("articles.raw", (p + 1) % N, 1)
    validate_handler.handle(_raw(DILLING, id="b"), other, 10_000, later, versions,
                            dedup.EXPIRE_EVERY, 30, N)  # fmt: skip
    assert "a1" in versions  # another partition's pass leaves it
    res = validate_handler.handle(_raw(DILLING), Record("articles.raw", p, 2), 10_000, later,
                                  versions, dedup.EXPIRE_EVERY, 30, N)  # fmt: skip
    va = ValidArticle.model_validate_json(res.outs[0][2])
    assert va.revises is None and versions["a1"]["fp"] == va.fingerprint


def test_article_events_expire_on_the_seen_schedule_of_their_partition():
    f = Flow()
    f.send(BOTH)
    [v1] = f.pending
    p = key_partition("a1", N)
    table: dict = {}
    revise_handler.handle(table, v1, Record("articles.versions", p, 0), 0.0, 1, 30, N)
    later = 31 * 86400.0
    b = v1.model_copy(update={"article_id": "b", "seq": 5})
    other = Record("articles.versions", (p + 1) % N, 1)
    revise_handler.handle(table, b, other, later, dedup.EXPIRE_EVERY, 30, N)
    assert "a1" in table  # another partition's pass leaves it
    gone = v1.model_copy(update={"seq": 7, "retracted": True, "events": []})
    res = revise_handler.handle(
        table, gone, Record("articles.versions", p, 2), later, dedup.EXPIRE_EVERY, 30, N
    )
    assert res.outs == [] and table["a1"]["seq"] == 7  # forgotten: nothing left to take back


def test_a_retraction_may_come_without_its_text_an_article_may_not():
    res = validate_handler.handle(
        json.dumps({"id": "a2", "published": "2024-12-08"}).encode(),
        Record("articles.raw", 0, 0), 10_000, 1.0, {},
    )  # fmt: skip
    dl = json.loads(res.outs[0][2])
    assert res.outs[0][0] == "dlq" and dl["reason"] == "schema" and "text" in dl["error"]


def test_each_raw_record_is_counted_once_a_revision_as_corrected_not_ok():
    f = Flow()
    outcomes = []
    for offset, text in enumerate([BOTH, DILLING]):
        rec = Record("articles.raw", key_partition("a1", N), offset)
        vres = validate_handler.handle(_raw(text), rec, 10_000, 1.0, f.versions)
        va = ValidArticle.model_validate_json(vres.outs[0][2])
        erec = Record("articles.valid", 0, offset)
        eres = extract_handler.handle(f.seen, va, erec, 1, 30, N, EXTRACT, now=lambda: 5.0)
        marks = vres.marks + eres.marks
        outcomes.append([m.labels[0] for m in marks if m.metric == "articles"])
    assert outcomes == [["ok"], ["corrected"]]
