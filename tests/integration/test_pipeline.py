"""Article in → event and control change out, through the real broker and worker."""

from __future__ import annotations

import json

import orjson
import pytest

from frontline import topics
from frontline.extraction import extract
from frontline.geo import Geoparser
from frontline.models import Article
from frontline_dev.procs import WorkerProcess

from .helpers import article, consume_until, produce

pytestmark = pytest.mark.integration

ALEPPO = 170063
HAMA = 170017
# A village the gazetteer lacks: the capture is still emitted, at its region, name kept.
VILLAGE = "Qurac Dheere"


def test_article_to_event_and_control_change_with_dlq(stream_settings, tmp_path):
    s = stream_settings
    a1 = article(
        "it-1",
        "2024-11-30T20:00:00Z",
        "Hayat Tahrir al-Sham fighters captured Aleppo on Saturday, a monitor said.",
    )
    a2 = article(
        "it-2",
        "2024-12-05T19:00:00Z",
        "Hama fell to Hayat Tahrir al-Sham on Thursday after days of fighting.",
    )
    a3 = article(
        "it-3",
        "2024-12-10T08:00:00Z",
        f"Al-Shabaab fighters took control of {VILLAGE} village in the Hiraan region on "
        "Tuesday after government troops pulled out overnight, residents said.",
    )
    # The stream runs exactly the offline extractor: same events, byte for byte.
    offline = [
        json.loads(e.model_dump_json())
        for key, value in (a1, a2, a3)
        for e in extract(Article.model_validate_json(value))
    ]
    with WorkerProcess(s, log_path=tmp_path / "worker.log").start() as w:
        # A corrupt record on an internal topic must not kill the control agent.
        produce(s, [(b"gn:1", b'{"not": "an event"}')], spec=topics.EVENTS_TERRITORIAL)
        produce(
            s,
            [
                (b"bad-1", b"{not json"),
                a1,
                (b"bad-2", orjson.dumps({"id": "x", "text": "no publication date"})),
                a2,
                a3,
            ],
        )
        on_topic = consume_until(
            s, topics.EVENTS_TERRITORIAL, lambda m: len(m) >= len(offline) + 1, settle=2
        )
        events = [e for e in on_topic if "event_id" in e]  # minus the corrupt record
        changes = consume_until(s, topics.EVENTS_CONTROL, lambda m: len(m) >= 2, settle=1)
        dlq = consume_until(s, topics.ARTICLES_DLQ, lambda m: len(m) >= 3)
        metrics = w.get("/metrics").decode()

    assert sorted(events, key=lambda e: e["event_id"]) == sorted(
        offline, key=lambda e: e["event_id"]
    )
    by_place = {
        e["location"]["geonameid"]: e
        for e in events
        if e["type"] == "capture" and e["location"]["geonameid"]
    }
    assert set(by_place) == {ALEPPO, HAMA}
    aleppo = by_place[ALEPPO]
    assert aleppo["actor"] == {"name": "Hayat Tahrir al-Sham", "kind": "non_state", "country": None}
    assert aleppo["date"] == "2024-11-30"
    assert aleppo["location"]["country_code"] == "SY"
    assert by_place[HAMA]["date"] == "2024-12-05"
    # No silent drop: the unknown village's capture arrives with the fallback location.
    assert not [p for p in Geoparser.default().parse(VILLAGE) if p.name == VILLAGE]
    village = [e for e in events if e["location"]["mention"] == VILLAGE and e["type"] == "capture"]
    assert len(village) == 1
    assert village[0]["actor"]["kind"] == "non_state"
    loc = village[0]["location"]
    assert (loc["level"], loc["geonameid"], loc["country_code"]) == ("admin1", None, "SO")
    assert loc["admin1"] == "SO.07"  # Hiiraan

    assert len(changes) == 2
    got = {c["location"]["geonameid"]: c for c in changes}
    assert got[ALEPPO]["controller"]["name"] == "Hayat Tahrir al-Sham"
    assert got[ALEPPO]["previous_controller"] is None
    assert got[ALEPPO]["since"] == "2024-11-30"
    assert got[ALEPPO]["event_ids"] == [aleppo["event_id"]]

    reasons = {d["reason"]: d for d in dlq}
    assert set(reasons) == {"not_json", "schema", "bad_event"}
    assert reasons["not_json"]["original"] == "{not json"
    assert "published" in reasons["schema"]["error"]
    assert 'frontline_dlq_records_total{reason="not_json"} 1.0' in metrics
    assert 'frontline_articles_consumed_total{outcome="ok"} 3.0' in metrics
    assert "faust_messages_received_total" in metrics  # Faust's own sensor, same endpoint
