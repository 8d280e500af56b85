"""watch / tail / explain / run's feed line: the pure parts, on messages the pipeline makes."""

from __future__ import annotations

import datetime as dt

import orjson
import pytest
from prometheus_client import CollectorRegistry, generate_latest

from frontline import explain, metrics, momentum, runreport, topicread, watch
from frontline.alerts import momentum_alert
from frontline.control import apply_event
from frontline.models import ControlChange, Location

from .factories import ALEPPO, HTS, SAA, TOWN, event

D = dt.date.fromisoformat
HAMA = Location(
    name="Ḩamāh", geonameid=170017, country_code="SY", admin1="SY.10", lat=35.13179,
    lon=36.75783, level="city", mention="Hama", feature_code="PPLA",
)  # fmt: skip


def _j(model) -> dict:
    return orjson.loads(model.model_dump_json())


def _withdrawal_then_capture(article: str = "a1"):
    """One article: the army withdrew from Aleppo and HTS took it (as extraction orders them)."""
    held = apply_event(None, event("holds", actor=SAA, day="2024-11-01", article="a0"))[0]
    held, w = apply_event(held, event("withdrawal", actor=SAA, article=article))
    _, c = apply_event(held, event("capture", article=article))
    return _j(w), _j(c)


def test_a_withdrawal_then_capture_in_one_article_is_one_control_line():
    w, c = _withdrawal_then_capture()
    m = watch.ControlMerger(clock=lambda: 0.0)
    assert m.feed(w) == []  # held back: the capture may follow
    (merged,) = m.feed(c)
    text = watch.describe_control(merged)
    assert text == (
        "2024-11-30 Aleppo, SY: Syrian Arab Army ⇒ Hayat Tahrir al-Sham (withdrawal, capture)"
    )


def test_a_lone_withdrawal_is_released_after_the_wait_or_by_another_change():
    w, c = _withdrawal_then_capture()
    now = [0.0]
    m = watch.ControlMerger(wait=1.0, clock=lambda: now[0])
    assert m.feed(w) == [] and m.flush(force=False) == []
    now[0] = 1.5
    assert m.flush(force=False) == [w]
    other = {**c, "article_ids": ["zz"], "since": "2024-12-02"}  # same place, later news
    assert m.feed(w) == []
    assert m.feed(other) == [w, other]  # not its capture: two lines
    assert watch.describe_control(w).endswith("Syrian Arab Army ⇒ nobody known (withdrawal)")


def test_a_dead_letter_line_names_the_bad_article():
    bad = {"reason": "schema", "error": "published: Field required", "offset": 4}
    named = {**bad, "original": orjson.dumps({"id": "x-1", "title": "Hama falls"}).decode()}
    assert watch.describe("articles.dlq", named).startswith('article x-1 "Hama falls": schema')
    line = {**bad, "original": "date 2024-13-45 this line has an impossible date"}
    assert watch.describe("articles.dlq", line).startswith('record "date 2024-13-45 this line')
    assert watch.describe("articles.dlq", line, key="k-9").startswith("article k-9: schema")


def _hts_state_with_places():
    st = momentum.MomentumState(actor=HTS.name, actor_kind=HTS.kind, country_code="SY")
    for loc, day, w in ((ALEPPO, "2024-11-30", 0.9), (HAMA, "2024-12-05", 0.8)):
        ch = apply_event(None, event("capture", loc=loc, day=day, importance=w, article=day))[1]
        momentum.add(st, momentum.contributions(ch)[0], D(day), 3)
    return st


def test_tail_filters_by_country_actor_type_place_and_bbox():
    ev = _j(event("capture", loc=HAMA))
    F = watch.Filters
    assert watch.matches(F(country="sy", actor="tahrir", type="capture"), "events.territorial", ev)
    assert not watch.matches(F(country="UA"), "events.territorial", ev)
    assert not watch.matches(F(actor="Syrian Arab Army"), "events.territorial", ev)
    assert not watch.matches(F(type="withdrawal"), "events.territorial", ev)
    for name in ("Hama", "hama", "Ḩamāh", "gn:170017"):
        assert watch.matches(F(place=name), "events.territorial", ev), name
    assert not watch.matches(F(place="Homs"), "events.territorial", ev)
    assert watch.matches(F(bbox=(36.0, 35.0, 37.0, 35.5)), "events.territorial", ev)
    assert not watch.matches(F(bbox=(30.0, 45.0, 40.0, 50.0)), "events.territorial", ev)
    # An alert has no location of its own: its places answer the place and bbox filters.
    st = _hts_state_with_places()
    alert = _j(momentum_alert(st, 1.7, D("2024-12-05"), 1.0, 0.5))
    assert watch.matches(F(place="Hama", type="offensive_momentum"), "alerts.momentum", alert)
    assert not watch.matches(F(place="Homs"), "alerts.momentum", alert)
    assert not watch.matches(F(place="Hama"), "articles.dlq", {"reason": "schema"})
    w, _ = _withdrawal_then_capture()
    assert watch.matches(F(actor="Syrian Arab Army"), "events.control", w)
    with pytest.raises(Exception, match="min_lon"):
        watch.parse_bbox("36,35,37")


def test_tail_table_rows_are_readable_and_aligned():
    ev = _j(event("capture", loc=HAMA))
    cells = watch.row("events.territorial", ev)
    assert cells[:5] == ["events", "2024-11-30", "capture", HTS.name, "Hama, SY"]
    st = _hts_state_with_places()
    upd = next(u for u in momentum.evaluate(st, D("2024-12-05"), (7,), 3) if not u.closed)
    line = watch.format_row(watch.row("aggregates.momentum", _j(upd)))
    assert line.startswith("momentum  2024-12-05  —") and ": Aleppo, Hama" in line
    header = watch.format_row(c.upper() for c, _ in watch.COLUMNS)
    assert line.index("2024-12-05") == header.index("DATE")


def test_the_demo_prefix_is_found_and_a_configured_one_wins():
    names = {
        "events.territorial",
        "demo-20261130140000.alerts.momentum",
        "demo-20261130150000.alerts.momentum",
        "demo-20261130160000.articles.raw",  # a run that has not created its alerts topic yet
        "t123.alerts.momentum",
    }
    assert topicread.choose_prefix(names, "alerts.momentum") == "demo-20261130150000."
    assert topicread.choose_prefix(names, "alerts.momentum", configured="t123.") == "t123."
    assert topicread.choose_prefix({"alerts.momentum"}, "alerts.momentum") == ""


def _chain_inputs():
    st = _hts_state_with_places()
    alert = _j(momentum_alert(st, 1.7, D("2024-12-05"), 1.0, 0.5))
    evs = [
        _j(event("capture", loc=ALEPPO, day="2024-11-30", article="2024-11-30")),
        _j(event("capture", loc=HAMA, day="2024-12-05", article="2024-12-05")),
        _j(event("capture", loc=HAMA, day="2024-12-05", article="other-wire")),
    ]
    evs[1]["evidence"] = "Hama fell to Hayat Tahrir al-Sham on Thursday."
    changes = [
        _j(apply_event(None, event("capture", loc=loc, day=d, article=d, importance=w))[1])
        for loc, d, w in ((ALEPPO, "2024-11-30", 0.9), (HAMA, "2024-12-05", 0.8))
    ]
    articles = {"2024-12-05": {"id": "2024-12-05", "title": "Hama falls", "source": "Wire"}}
    return alert, changes, evs, articles


def test_explain_follows_places_to_changes_events_evidence_and_articles():
    alert, changes, evs, articles = _chain_inputs()
    chain = explain.build([alert], changes, evs, articles)
    assert not chain["reconstructed"]
    assert [p["display_name"] for p in chain["places"]] == ["Aleppo", "Hama"]
    hama = chain["places"][1]
    assert hama["change"]["change_id"] == hama["change_id"]
    assert hama["events"][0]["evidence"] == "Hama fell to Hayat Tahrir al-Sham on Thursday."
    assert hama["events"][0]["article"]["title"] == "Hama falls"
    assert [e["article"]["id"] for e in hama["also_reported"]] == ["other-wire"]
    text = explain.render(chain)
    assert "+ Hama, SY (Ḩamāh, gn:170017) gained 2024-12-05, weight 0.8" in text
    assert "“Hama fell to Hayat Tahrir al-Sham on Thursday.”" in text
    assert 'article 2024-12-05 "Hama falls" (2024-12-05, Wire)' in text


def test_explain_reconstructs_the_places_of_an_alert_from_before_place_lists():
    alert, changes, evs, articles = _chain_inputs()
    old = {k: v for k, v in alert.items() if k != "places"}
    chain = explain.build([old], changes, evs, articles)
    assert chain["reconstructed"]
    assert [p["display_name"] for p in chain["places"]] == ["Aleppo", "Hama"]
    assert chain["places"][1]["events"][0]["article"]["id"] == "2024-12-05"
    assert "reconstructed from events.control" in explain.render(chain)


def test_explain_finds_an_alert_by_a_unique_id_prefix():
    recs = [{"alert_id": "abc123", "state": "firing"}, {"alert_id": "abd999", "state": "firing"}]
    assert explain.find_alert(recs, "abc") == recs[:1]
    assert explain.find_alert(recs, "zzz") == []
    with pytest.raises(Exception, match="matches 2 alerts"):
        explain.find_alert(recs, "ab")


def test_the_feed_done_line_waits_for_the_worker_to_handle_every_record():
    reg = CollectorRegistry()
    m = metrics.create(reg)
    progress = runreport.FeedProgress("x", 4, fetch=lambda _: generate_latest(reg).decode())
    m.articles.labels("ok").inc(2)
    assert progress.check() is None
    progress.next = 0.0
    m.articles.labels("duplicate").inc()
    m.articles.labels("invalid").inc()
    m.dlq.labels("schema").inc()
    m.events.labels("capture", "non_state", "SY").inc(5)
    assert progress.check() == "feed done: 4 articles, 5 events, 1 dead letters"


def test_withdrawals_wait_per_place_while_other_places_changes_pass():
    w, c = _withdrawal_then_capture()
    other = _j(apply_event(None, event("capture", loc=TOWN, article="zz"))[1])
    m = watch.ControlMerger(clock=lambda: 0.0)
    assert m.feed(w) == []
    assert m.feed(other) == [other]  # another partition's change in between
    (merged,) = m.feed(c)
    assert watch.describe_control(merged).endswith("(withdrawal, capture)")
    assert m.flush() == []


def test_a_momentum_line_names_places_gained_and_lost():
    st = momentum.MomentumState(actor=SAA.name, actor_kind=SAA.kind, country_code="SY")
    held = apply_event(None, event("holds", actor=SAA, loc=HAMA, day="2024-11-01"))[0]
    ch = apply_event(held, event("capture", loc=HAMA, day="2024-12-05", importance=0.8))[1]
    momentum.add(st, momentum.contributions(ch)[1], D("2024-12-05"), 3)
    (u,) = [u for u in momentum.evaluate(st, D("2024-12-05"), (7,), 3) if not u.closed]
    assert watch.describe("aggregates.momentum", _j(u)).endswith("(+0/-1 over 7d: lost Hama)")


def test_explain_shows_the_withdrawal_before_a_capture_from_the_same_article():
    w, c = _withdrawal_then_capture(article="a9")
    st = momentum.MomentumState(actor=HTS.name, actor_kind=HTS.kind, country_code="SY")
    gain = momentum.contributions(ControlChange.model_validate(c))[0]
    momentum.add(st, gain, D("2024-11-30"), 3)
    alert = _j(momentum_alert(st, 3.0, D("2024-11-30"), 2.0, 0.5))
    chain = explain.build([alert], [w, c], [], {})
    assert chain["places"][0]["withdrawal"]["change_id"] == w["change_id"]
    text = explain.render(chain)
    assert f"change {w['change_id']}: Syrian Arab Army ⇒ nobody known (withdrawal)" in text
    assert text.index(w["change_id"]) < text.index(c["change_id"])
