"""Which topic prefix a command uses, the line it says about it, and the alert index's rules."""

from __future__ import annotations

import click
import pytest
from pydantic import SecretStr

from frontline import topicread
from frontline.alertindex import AlertIndex, _alert_id
from frontline.cli import main
from frontline.settings import Settings

OLD, NEW = "demo-20261130140000.", "demo-20261130150000."
BASE = "events.territorial"


def _names(*prefixes: str, base: str = BASE) -> set[str]:
    return {f"{p}{base}" for p in prefixes} | {f"{p}articles.raw" for p in prefixes}


def test_configured_prefix_wins_and_says_nothing():
    c = topicread.choose(_names(OLD, NEW), BASE, configured="t1.")
    assert (c.prefix, c.configured, c.message()) == ("t1.", True, None)
    # An empty prefix is a choice too (the unprefixed topics beside a demo).
    assert topicread.choose(_names(NEW), BASE, configured="").prefix == ""


def test_the_one_demo_run_is_chosen_and_named():
    c = topicread.choose(_names(NEW), BASE)
    assert c.prefix == NEW and c.runs == (NEW,)
    assert c.message() == f"▶ reading the demo's topics: {NEW}*; --prefix chooses"
    assert c.message("writing to").startswith(f"▶ writing to the demo's topics: {NEW}*")


def test_several_runs_the_newest_is_chosen_and_the_others_named():
    c = topicread.choose(_names(NEW, OLD, ""), BASE)
    assert c.prefix == NEW and c.runs == (OLD, NEW) and c.unprefixed
    text = c.message()
    assert text is not None
    assert f"{NEW}*" in text and "newest of 2 demo runs" in text and f"also {OLD}" in text
    assert f"{BASE} without prefix exists too" in text


def test_no_demo_run_means_no_prefix_and_nothing_said():
    # A tenant's or a test's prefix is never guessed: only demo runs are.
    c = topicread.choose(_names("", "t123.", "demo-x."), BASE)
    assert (c.prefix, c.runs, c.message()) == ("", (), None)


def test_a_demo_run_without_the_topic_is_not_chosen():
    names = _names(OLD) | {f"{NEW}articles.raw"}  # the newer run has no events topic (yet)
    assert topicread.choose(names, BASE).prefix == OLD
    assert topicread.choose(names, "articles.raw").prefix == NEW


def test_with_prefix_given_asks_no_broker_and_later_lookups_stay_silent(capsys):
    s = Settings(broker="kafka://127.0.0.1:1")  # nothing listens: a broker call would fail
    got = topicread.with_prefix(s, BASE, NEW)
    assert got.topic_prefix == NEW
    assert topicread.configured_prefix(got) == NEW  # watch/tail/explain take it as configured
    assert topicread.resolve_prefix(got, BASE) == NEW
    assert capsys.readouterr().err == ""


def test_prefix_from_the_environment_counts_as_configured(monkeypatch):
    monkeypatch.setenv("FRONTLINE_TOPIC_PREFIX", "")
    assert topicread.configured_prefix(Settings()) == ""
    monkeypatch.delenv("FRONTLINE_TOPIC_PREFIX")
    assert topicread.configured_prefix(Settings(_env_file=None)) is None


def test_every_command_that_takes_topics_has_prefix():
    ctx = click.Context(main)
    for name in ("topics", "ingest", "ingest-feed", "watch", "tail", "explain"):
        cmd = main.get_command(ctx, name)
        assert cmd is not None
        assert "--prefix" in {o for p in cmd.params for o in p.opts}, name


def test_reader_pool_key_separates_brokers_and_credentials_without_the_secret():
    a = Settings(broker="kafka://h:1", sasl_password=SecretStr("pw-one"))
    b = Settings(broker="kafka://h:1", sasl_password=SecretStr("pw-two"))
    c = Settings(broker="kafka://h:2", sasl_password=SecretStr("pw-one"))
    keys = {topicread._pool_key(x) for x in (a, b, c)}
    assert len(keys) == 3
    assert not any("pw-" in part for k in keys for part in k)
    assert topicread._pool_key(a) == topicread._pool_key(a.model_copy())


def _index(n: int = 5) -> AlertIndex:
    return AlertIndex(Settings(broker="kafka://127.0.0.1:1"), "alerts.momentum", max_alerts=n)


def test_index_keeps_each_alerts_records_and_drops_the_oldest_past_its_bound():
    ix = _index(3)
    for i, aid in enumerate(["a1", "a2", "a1", "b1", "b2"]):
        ix._add(aid, 0, i)
    ix._add(None, 0, 9)  # neither key nor alert_id: not indexed
    assert ix.where == {"a2": [(0, 1)], "b1": [(0, 3)], "b2": [(0, 4)]}  # a1 was the oldest


def test_index_match_exact_unique_prefix_unknown_and_ambiguous():
    ix = _index(100)
    for i, aid in enumerate(["abc1", "abc12", "abd", *(f"zz{i:02d}" for i in range(20))]):
        ix._add(aid, 0, i)
    assert ix.match("abc1") == "abc1"  # exact wins over the longer id it prefixes
    assert ix.match("abd") == "abd" and ix.match("abc12") == "abc12"
    assert ix.match("nope") is None
    with pytest.raises(click.ClickException) as err:
        ix.match("zz")
    assert "matches 20 alerts" in err.value.message and "…" in err.value.message
    assert err.value.message.count("zz") == 11  # the query and the first 10 ids


def test_alert_id_from_key_else_value():
    assert _alert_id(b"k1", b"{}") == "k1"
    assert _alert_id(None, b'{"alert_id": "v1"}') == "v1"
    assert _alert_id(None, b"not json") is None and _alert_id(None, b"[1]") is None
