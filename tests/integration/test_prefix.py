"""Beside a demo run (topics `demo-<run id>.`), every command finds its topics by itself:
`topics` lists them, `ingest` and `ingest-feed` feed the demo's worker, whose events arrive;
the worker's alert index finds alerts by id or prefix, including ones written after it was built.
Real broker, real worker, the CLI as a user runs it (no FRONTLINE_TOPIC_PREFIX)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import click
import orjson
import pytest
from kafka import KafkaAdminClient, TopicPartition

from frontline import topics
from frontline.alertindex import AlertIndex
from frontline.commandline import worker_demo_note
from frontline.settings import Settings
from frontline.topicread import list_topics
from frontline_dev.procs import WorkerProcess
from frontline_dev.waiting import wait_until

from .helpers import consume_until, produce

pytestmark = [pytest.mark.integration, pytest.mark.timeout(300)]
TIMELINE = Path(__file__).parents[1] / "fixtures" / "offensive_timeline.jsonl"


def _cli(bootstrap: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FRONTLINE_")}
    env["FRONTLINE_BROKER"] = f"kafka://{bootstrap}"
    return subprocess.run(
        [sys.executable, "-m", "frontline.cli", *args],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def _run_id() -> str:
    """A demo run id newer than any real one (so it is the newest on the session broker)."""
    return "9999" + time.strftime("%m%d%H%M%S")


def test_commands_find_the_demo_run_and_feed_its_worker(kafka_broker, tmp_path):
    run = _run_id()
    new, old = f"demo-{run}.", "demo-20000101000000."
    s = Settings(
        broker=f"kafka://{kafka_broker.bootstrap}",
        topic_prefix=new,
        app_id=f"frontline-demo-{run}",
        data_dir=tmp_path / "worker",
        partitions=4,
        store="memory://",
    )
    topics.ensure_topics(s.bootstrap_servers, old, s.partitions, s.replication_factor)
    lines = TIMELINE.read_text().splitlines()
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(lines[:2]) + "\n")
    page = tmp_path / "page.jsonl"  # ingest-feed reads JSONL archives too
    page.write_text(lines[6] + "\n")  # tl-07, Hama
    try:
        with WorkerProcess(s, log_path=tmp_path / "worker.log").start():
            listed = _cli(kafka_broker.bootstrap, "topics")
            assert listed.returncode == 0, listed.stderr
            assert f"listing the demo's topics: {new}*" in listed.stderr
            assert f"newest of 2 demo runs; also {old}" in listed.stderr
            rows = {r.split()[0]: r.split()[2] for r in listed.stdout.splitlines()}
            assert rows == {topics.topic_name(t, new): "exists" for t in topics.ALL_TOPICS}

            fed = _cli(kafka_broker.bootstrap, "ingest", str(feed))
            assert fed.returncode == 0, fed.stderr
            assert f"writing to the demo's topics: {new}*" in fed.stderr
            assert f"produced 2 records to {new}articles.raw" in fed.stderr
            fed2 = _cli(kafka_broker.bootstrap, "ingest-feed", str(page))
            assert fed2.returncode == 0, fed2.stderr
            assert f"1 produced to {new}articles.raw" in fed2.stderr

            events = consume_until(
                s,
                topics.EVENTS_TERRITORIAL,
                lambda m: {"tl-01", "tl-02", "tl-07"} <= {e["article_id"] for e in m},
            )
            assert {"tl-01", "tl-02", "tl-07"} <= {e["article_id"] for e in events}
            # Nothing went to the unprefixed topic or the older run's.
            for pre in ("", old):
                raw = consume_until(
                    s.model_copy(update={"topic_prefix": pre}), topics.ARTICLES_RAW,
                    lambda m: False, timeout=2,
                )  # fmt: skip
                assert raw == [], pre

            # An explicit --prefix is obeyed and silent; watch reads the demo's events.
            shown = _cli(kafka_broker.bootstrap, "watch", "--prefix", new, "--from-beginning",
                         "--timeout", "3")  # fmt: skip
            assert shown.returncode == 0, shown.stderr
            assert "demo's topics" not in shown.stderr
            assert "Hama, SY" in shown.stdout and "Saraqib, SY" in shown.stdout
    finally:
        topics.delete_topics(s.bootstrap_servers, (new, old, s.app_id))


def test_a_worker_says_how_to_join_a_demo_run_it_does_not_join(kafka_broker, capsys):
    run = _run_id()
    pre = f"demo-{run}."
    bootstrap = kafka_broker.bootstrap
    topics.ensure_topics(bootstrap, pre, 4, 1)
    s = Settings(broker=f"kafka://{bootstrap}", _env_file=None)
    try:  # a created topic reaches the metadata a moment later
        wait_until(lambda: f"{pre}articles.raw" in list_topics(s), 15)
        worker_demo_note(Settings(broker=f"kafka://{bootstrap}", _env_file=None))
        err = capsys.readouterr().err
        assert f"demo run topics {pre}* exist" in err
        assert f"FRONTLINE_TOPIC_PREFIX={pre} FRONTLINE_APP_ID=frontline-demo-{run}" in err
        worker_demo_note(Settings(broker=f"kafka://{bootstrap}", topic_prefix="t."))
        assert capsys.readouterr().err == ""  # a configured worker is not second-guessed
    finally:
        topics.delete_topics(bootstrap, (pre,))


def _alert(aid: str, state: str) -> tuple[bytes, bytes]:
    value = {"alert_id": aid, "state": state, "rule": "offensive_momentum", "at": "2024-12-05"}
    return aid.encode(), orjson.dumps(value)


def test_alert_index_reads_alerts_by_offset_and_follows_the_topic(stream_settings):
    s = stream_settings
    produce(s, [_alert(f"a{i:03d}", "firing") for i in range(300)], topics.ALERTS_MOMENTUM)
    produce(s, [_alert("a007", "resolved")], topics.ALERTS_MOMENTUM)
    ix = AlertIndex(s, topics.topic_name(topics.ALERTS_MOMENTUM, s.topic_prefix))
    try:
        got = ix.find("a007")
        assert [(r["alert_id"], r["state"]) for r in got] == [
            ("a007", "firing"),
            ("a007", "resolved"),
        ]
        assert [r["state"] for r in ix.find("a150")] == ["firing"]
        with pytest.raises(click.ClickException, match="matches 10 alerts"):
            ix.find("a29")
        with pytest.raises(click.ClickException, match="no alert 'b0'"):
            ix.find("b0")
        # Written after the index was built: found by the next request, nothing read twice.
        produce(s, [_alert("b001", "firing")], topics.ALERTS_MOMENTUM)
        assert [r["alert_id"] for r in ix.find("b0")] == ["b001"]
        assert sum(len(v) for v in ix.where.values()) == 302
        # Records removed by retention: "no alert" at once, not a wait for a record that is gone.
        admin = KafkaAdminClient(bootstrap_servers=s.bootstrap_servers)
        try:
            admin.delete_records({TopicPartition(ix.name, 0): 10})
        finally:
            admin.close()
        t0 = time.monotonic()
        with pytest.raises(click.ClickException, match="no alert 'a005'"):
            ix.find("a005")
        assert time.monotonic() - t0 < 3
        assert [r["state"] for r in ix.find("a007")] == ["resolved"]  # its firing was removed
    finally:
        ix.close()
