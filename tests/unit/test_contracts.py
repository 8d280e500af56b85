"""Schemas, topics and settings: the contracts others rely on."""

from pathlib import Path

from frontline import topics
from frontline.schemas import render, write_schemas
from frontline.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def test_committed_schemas_match_models():
    assert write_schemas(ROOT / "schemas", check=True) == [], "run `frontline schemas`"


def test_event_schema_carries_the_contract_fields():
    import json

    ev = json.loads(render()["v1/event.json"])
    for f in (
        "schema_version",
        "event_id",
        "article_id",
        "type",
        "actor",
        "location",
        "date",
        "status",
        "confidence",
        "evidence",
        "published",
    ):
        assert f in ev["properties"]


def test_required_topics_declared_once():
    names = [t.name for t in topics.ALL_TOPICS]
    assert len(names) == len(set(names))
    for n in (
        "articles.raw",
        "articles.dlq",
        "events.territorial",
        "events.control",
        "aggregates.momentum",
        "alerts.momentum",
    ):
        assert n in names
    assert topics.EVENTS_CONTROL.config["cleanup.policy"].startswith("compact")


def test_settings_from_environment(monkeypatch):
    monkeypatch.setenv("FRONTLINE_BROKER", "kafka://h1:9093;kafka://h2:9094")
    monkeypatch.setenv("FRONTLINE_PARTITIONS", "8")
    s = Settings()
    assert s.bootstrap_servers == "h1:9093,h2:9094" and s.partitions == 8
