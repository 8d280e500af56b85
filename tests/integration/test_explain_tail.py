"""`frontline explain`, `/alerts/{id}/explain` and `frontline tail` on a replayed offensive,
through the real broker and a real worker; both find a demo's per-run topics by themselves."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest

from frontline import topics
from frontline.models import Location
from frontline_dev.procs import WorkerProcess

from .helpers import consume_until, produce

pytestmark = [pytest.mark.integration, pytest.mark.timeout(300)]
TIMELINE = Path(__file__).parents[1] / "fixtures" / "offensive_timeline.jsonl"
SENTENCES = {d["id"]: d["text"] for d in map(json.loads, TIMELINE.read_text().splitlines())}


def _cli(s, *args: str, prefix: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FRONTLINE_")}
    env["FRONTLINE_BROKER"] = s.broker
    if prefix is not None:
        env["FRONTLINE_TOPIC_PREFIX"] = prefix
    return subprocess.run(
        [sys.executable, "-m", "frontline.cli", *args],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def test_explain_and_tail_name_the_places_and_sentences_behind_an_alert(stream_settings, tmp_path):
    s = stream_settings
    with WorkerProcess(s, log_path=tmp_path / "worker.log").start() as w:
        for line in TIMELINE.read_text().splitlines():
            aid = json.loads(line)["id"]
            produce(s, [(aid.encode(), line.encode())])
            time.sleep(0.3)
            if aid == "tl-02":  # Aleppo's first article: its withdrawal must come first (below)
                consume_until(
                    s,
                    topics.EVENTS_TERRITORIAL,
                    lambda m: any(e["article_id"] == "tl-02" for e in m),
                )
        alerts = consume_until(
            s,
            topics.ALERTS_MOMENTUM,
            lambda m: any(a["rule"] == "offensive_momentum" for a in m),
            settle=2,
        )
        firing = next(a for a in alerts if a["rule"] == "offensive_momentum")
        view = json.loads(w.get(f"/alerts/{firing['alert_id']}/explain"))
        text_view = w.get(f"/alerts/{firing['alert_id'][:10]}/explain?format=text").decode()

    # The alert itself names its places (most important first) with their ids.
    names = [p["display_name"] for p in firing["places"]]
    assert "Aleppo" in names and "Hama" in names, names
    weights = [p["weight"] for p in firing["places"]]
    assert weights == sorted(weights, reverse=True)
    assert all(p["change_id"] and p["event_ids"] and p["article_ids"] for p in firing["places"])

    out = _cli(s, "explain", firing["alert_id"], prefix=s.topic_prefix)
    assert out.returncode == 0, out.stderr
    for name in names:
        assert f" {name}, SY (" in out.stdout, (name, out.stdout)
    # Each place's own article sentence is printed as evidence, with its article id.
    for p in firing["places"]:
        for aid in p["article_ids"]:
            assert f"“{SENTENCES[aid]}”" in out.stdout and f"article {aid} " in out.stdout
    assert "“Hama fell to Hayat Tahrir al-Sham on Thursday after days of fighting.”" in out.stdout
    assert "also reported" in out.stdout  # Aleppo's capture came from four articles
    assert "Syrian Armed Forces ⇒ nobody known (withdrawal)" in out.stdout  # Aleppo, tl-02

    # The worker's HTTP view gives the same chain.
    assert [p["display_name"] for p in view["places"]] == names
    hama = next(p for p in view["places"] if p["display_name"] == "Hama")
    assert hama["events"][0]["evidence"] == SENTENCES["tl-07"]
    assert hama["change"]["controller"]["name"] == "Hayat Tahrir al-Sham"
    assert "Hama fell to Hayat Tahrir al-Sham" in text_view

    # tail: filters on the live topics, table and JSON lines.
    got = _cli(s, "tail", "events", "--place", "Hama", "--json", "--from-beginning",
               "--timeout", "3", prefix=s.topic_prefix)  # fmt: skip
    assert got.returncode == 0, got.stderr
    recs = [orjson.loads(ln) for ln in got.stdout.splitlines()]
    assert recs and {r["value"]["location"]["geonameid"] for r in recs} == {170017}
    assert {r["value"]["article_id"] for r in recs} == {"tl-07", "tl-13"}
    box = "36.5,35.0,37.0,35.2"  # around Hama
    table = _cli(s, "tail", "control", "alerts", "--actor", "tahrir", "--bbox", box,
                 "--from-beginning", "--timeout", "3", prefix=s.topic_prefix)  # fmt: skip
    rows = table.stdout.splitlines()
    assert rows[0].split()[:3] == ["TOPIC", "DATE", "TYPE"], rows
    body = rows[1:]
    control = [r for r in body if r.startswith("control ")]
    assert control and all("Hama, SY" in r for r in control), rows  # Aleppo is outside the box
    assert any(r.startswith("alerts ") for r in body), rows

    # A demo run's topics (prefix demo-<run id>.) are found with no prefix configured.
    demo = "demo-99991231235959."
    topics.ensure_topics(s.bootstrap_servers, demo, s.partitions, s.replication_factor)
    try:
        for spec in (topics.ALERTS_MOMENTUM, topics.EVENTS_CONTROL, topics.EVENTS_TERRITORIAL):
            msgs = consume_until(s, spec, lambda m: True, settle=1)
            copy = [(_key(spec, m).encode(), orjson.dumps(m)) for m in msgs]
            produce(s.model_copy(update={"topic_prefix": demo}), copy, spec)
        found = _cli(s, "explain", firing["alert_id"][:12], prefix=None)
        assert found.returncode == 0, found.stderr
        assert f"“{SENTENCES['tl-07']}”" in found.stdout
        listed = _cli(s, "tail", "alerts", "--from-beginning", "--timeout", "3", prefix=None)
        assert f"reading the demo's topics: {demo}" in listed.stderr
        assert firing["alert_id"][:12] in listed.stdout
    finally:
        topics.delete_topics(s.bootstrap_servers, (demo,))


def _key(spec: topics.TopicSpec, m: dict) -> str:
    if spec is topics.ALERTS_MOMENTUM:
        return m["alert_id"]
    return Location.model_validate(m["location"]).key
