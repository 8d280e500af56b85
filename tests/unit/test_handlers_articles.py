"""The validate and extract handlers, and the metrics adapter their results go through:
dead letters, de-dup with a plain dict as the seen table, apply order and counts."""

from __future__ import annotations

import json
from functools import partial

from prometheus_client import CollectorRegistry

from frontline import dedup, metrics
from frontline.articles import fingerprint
from frontline.extraction import StaticGeoparser, extract
from frontline.handlers import Record
from frontline.handlers import extract as extract_handler
from frontline.handlers import validate as validate_handler
from frontline.metrics import inc
from frontline.models import Article, ValidArticle
from frontline.ordering import APPLY_ORDER
from frontline.partitioning import key_partition

GEO = StaticGeoparser(
    {"Kadugli": {"country_code": "SD", "admin1": "SD.50", "lat": 11.01, "lon": 29.72,
                 "geonameid": 10, "level": "city"}}
)  # fmt: skip
EXTRACT = partial(extract, geoparser=GEO)
TEXT = "Government troops withdrew from Kadugli on Sunday. The town fell on Monday."
RAW = json.dumps({"id": "a1", "published": "2024-12-08", "text": TEXT}).encode()


def _valid(received_ts: float = 100.0) -> ValidArticle:
    article = Article(id="a1", published="2024-12-08", text=TEXT)
    return ValidArticle(fingerprint=fingerprint(article), received_ts=received_ts, article=article)


def _extract(seen, va, offset=7, n=1, extractor=EXTRACT, now=110.0):
    rec = Record("articles.valid", key_partition(va.fingerprint, 4), offset)  # keyed by it
    return extract_handler.handle(seen, va, rec, n, 30, 4, extractor, now=lambda: now)


def test_a_valid_record_becomes_a_fingerprinted_article():
    res = validate_handler.handle(RAW, Record("articles.raw", 1, 3, timestamp=50.0), 10_000, 99.0)
    [(dest, key, value, part)] = res.outs
    va = ValidArticle.model_validate_json(value)
    assert (dest, key, part) == ("valid", va.fingerprint, None)
    assert va.received_ts == 50.0 and va.article.id == "a1" and res.marks == []
    no_ts = validate_handler.handle(RAW, Record("articles.raw", 1, 3), 10_000, 99.0)
    assert ValidArticle.model_validate_json(no_ts.outs[0][2]).received_ts == 99.0


def test_an_invalid_record_is_dead_lettered_with_its_reason_and_position():
    res = validate_handler.handle(b"{not json", Record("articles.raw", 2, 9, key=b"k"), 10_000, 1.0)
    [(dest, key, value, _)] = res.outs
    dl = json.loads(value)
    assert (dest, key) == ("dlq", b"k")
    assert (dl["topic"], dl["partition"], dl["offset"]) == ("articles.raw", 2, 9)
    assert res.marks == [inc("articles", "invalid"), inc("dlq", dl["reason"])]
    too_big = validate_handler.handle(RAW, Record("articles.raw", 0, 0), 10, 1.0)
    assert json.loads(too_big.outs[0][2])["reason"] == "too_large"


def test_an_article_yields_its_events_in_apply_order_once():
    seen: dict = {}
    res = _extract(seen, _valid())
    *events, version = res.outs
    types = [json.loads(v)["type"] for _, _, v, _ in events]
    assert {"withdrawal", "capture"} <= set(types)
    assert types == sorted(types, key=APPLY_ORDER.__getitem__)
    assert all(o[0] == "events" and o[1] == "gn:10" for o in events)
    # What the version gave goes last, keyed by article id, for the revise agent.
    assert version[:2] == ["article_versions", "a1"]
    assert [e["event_id"] for e in json.loads(version[2])["events"]] == [
        json.loads(v)["event_id"] for _, _, v, _ in events
    ]
    assert res.marks[1] == inc("articles", "ok")
    assert [m.labels for m in res.marks if m.metric == "latency"] == [("extract",), ("e2e",)]
    assert res.marks[-1].value == 10.0  # produced at 100, events out at 110
    again = _extract(seen, _valid(), offset=7)  # redelivered: same events again
    assert again.outs == res.outs
    repost = _extract(seen, _valid(), offset=8)
    assert repost.outs == [] and repost.marks == [inc("articles", "duplicate")]


def test_expiry_runs_on_schedule_before_the_lookup():
    seen: dict = {}
    _extract(seen, _valid(), offset=7, now=0.0)
    day = 86400.0
    assert _extract(seen, _valid(), offset=8, n=2, now=31 * day).outs == []  # not due yet
    due = dedup.EXPIRE_EVERY
    assert _extract(seen, _valid(), offset=9, n=due, now=31 * day).outs  # expired: new again


def test_an_extraction_failure_goes_to_the_dead_letters_not_the_worker():
    def broken(article: Article) -> list:
        raise RuntimeError("boom")

    res = _extract({}, _valid(), extractor=broken)
    [(dest, key, value, _)] = res.outs
    assert (dest, key) == ("dlq", "a1")
    assert (
        json.loads(value)["reason"] == "extraction_error" and "boom" in json.loads(value)["error"]
    )
    assert res.marks == [inc("dlq", "extraction_error")]


def test_marks_update_the_registry():
    registry = CollectorRegistry()
    m = metrics.create(registry)
    metrics.apply(
        m,
        [
            metrics.inc("articles", "ok"),
            metrics.inc("articles", "ok"),
            metrics.set_to("momentum_net", 2.5, "HTS", "SY", "7d"),
            metrics.set_to("stream_time", 86400.0),
            metrics.observe("latency", 0.2, "extract"),
            metrics.remove("momentum_lost", "never", "set", "7d"),  # absent: no error
        ],
    )
    value = registry.get_sample_value
    assert value("frontline_articles_consumed_total", {"outcome": "ok"}) == 2.0
    assert value("frontline_momentum_net", {"actor": "HTS", "country": "SY", "window": "7d"}) == 2.5
    assert value("frontline_stream_time_seconds") == 86400.0
    assert value("frontline_processing_latency_seconds_count", {"stage": "extract"}) == 1.0
    metrics.apply(m, [metrics.remove("momentum_net", "HTS", "SY", "7d")])
    assert (
        value("frontline_momentum_net", {"actor": "HTS", "country": "SY", "window": "7d"}) is None
    )
