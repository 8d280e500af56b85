"""The benchmark's corpus, expectations and report: deterministic and realistic, no Kafka."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import orjson
import pytest

from frontline.articles import fingerprint, parse_record
from frontline.models import Article, Event
from frontline_dev.bench import corpus, expect, report
from frontline_dev.bench.profiling import summarize_collapsed

from .factories import ALEPPO, HTS, SAA, event


def test_same_seed_same_bytes_other_seed_other_bytes():
    assert corpus.generate(50, seed=1).records == corpus.generate(50, seed=1).records
    assert corpus.generate(50, seed=1).records != corpus.generate(50, seed=2).records


def test_articles_are_valid_unique_and_sized_like_wire_copy():
    c = corpus.generate(400, seed=6)
    assert len(c.records) == 400
    arts = [parse_record(v) for _, v in c.records]  # what the validate agent does
    assert len({a.id for a in arts}) == 400
    assert len({fingerprint(a) for a in arts}) == 400, "duplicates would be skipped by the worker"
    sizes = [len(a.text.encode()) for a in arts]
    assert min(sizes) >= corpus.MIN_BYTES
    assert max(sizes) <= corpus.MAX_BYTES
    assert 1200 <= sum(sizes) / len(sizes) <= 2600
    assert sum(s > 3000 for s in sizes) >= 10, "some long articles"
    assert all(a.published.year == 2024 for a in arts)


def test_about_thirty_percent_report_territorial_events_in_three_conflicts():
    c = corpus.generate(1000, seed=6)
    assert 0.25 <= c.event_share <= 0.35
    kinds = Counter(c.kinds)
    assert {"capture", "withdrawal", "advance", "battle"} <= set(kinds)
    text = " ".join(orjson.loads(v)["text"] for _, v in c.records)
    for name in (
        "Aleppo",
        "Avdiivka",
        "Pokrovsk",
        "Khartoum",
        "Wad Madani",
        "Hayat Tahrir al-Sham",
        "Russian forces",
        "Rapid Support Forces",
    ):
        assert name in text


def test_filler_articles_name_no_conflict_actor():
    c = corpus.generate(300, seed=3)
    actors = [a for sides in corpus.ACTORS.values() for side in sides for a in side]
    for kind, (_, v) in zip(c.kinds, c.records, strict=True):
        if kind in corpus.FILLER:
            t = orjson.loads(v)["text"]
            assert not any(a in t for a in actors), t[:200]


def test_capital_flips_alternate_holders_and_advance_the_date():
    f = corpus.capital_flips(3 * corpus.FLIPS_PER_DAY, seed=6, start=dt.date(2025, 1, 1))
    arts = [Article.model_validate_json(v) for _, v in f.records]
    aleppo = [a for a in arts if "Aleppo" in a.text.split(".")[0]]
    assert len(aleppo) == 6, "twice a day for three days"
    first = [a.text.split(" ")[0:2] for a in aleppo]
    assert first[0] != first[1] and first[0] == first[2], "holders alternate"
    days = [a.published.date() for a in aleppo]
    assert (
        days == sorted(days) and days[0] == dt.date(2025, 1, 1) and days[-1] == dt.date(2025, 1, 3)
    )
    assert days[0] == days[1] != days[2], "A->B and B->A on one day, then the date moves on"


def test_interleave_spreads_the_extra_records():
    base = corpus.generate(20, seed=1)
    extra = corpus.capital_flips(3, seed=1)
    out = corpus.interleave(base, extra, every=9)
    assert len(out) == 23
    assert out[9] == extra.records[0] and out[19] == extra.records[1]
    assert out[-1] == extra.records[2]


def _capture(article_id: str, actor, day: str) -> Event:
    return event("capture", actor, ALEPPO, day=day, article=article_id)


def test_expected_alerts_follow_the_control_rule():
    before = [[_capture("a0", HTS, "2024-12-01")]]
    during = [
        [_capture("a1", HTS, "2025-01-01")],  # HTS already holds Aleppo: no change, no alert
        [_capture("a2", SAA, "2025-01-01")],
        [_capture("a3", HTS, "2025-01-01")],
        [_capture("a4", SAA, "2025-01-01")],  # same change as a2 on the same day: counted once
        [_capture("a5", SAA, "2024-06-01")],  # older than control's state: ignored
    ]
    keys = expect.alert_keys(before, during)
    assert sorted(keys.values()) == ["a2", "a3"]
    assert (ALEPPO.key, "2025-01-01", SAA.name) in keys


def test_percentiles_nearest_rank():
    p = report.percentiles(range(1, 101))
    assert (p["n"], p["p50"], p["p90"], p["p99"], p["max"]) == (100, 50, 90, 99, 100)
    assert report.percentiles([])["p99"] is None


def _report(**over: float) -> dict:
    r = {
        "offline": {"articles_per_s": 200.0},
        "pipeline": {"articles_per_s": 150.0},
        "latency": {"event_ms": {"p99": 120.0}},
        "worker": {"cold_start_ready_s": 2.5, "peak_rss_mb": 320.0},
        "ratios": {
            "pipeline_over_offline": 0.75,
            "pipeline_over_passthrough": 0.004,
            "two_over_one": 1.3,
            "events_delivered": 1.0,
            "alerts_delivered": 1.0,
            "processing_p99_ms": 150.0,
        },
    }
    for path, v in over.items():
        a, b = path.split("__")
        r[a][b] = v
    return r


def test_check_passes_at_measured_values_and_fails_below_a_floor():
    r = _report()
    report.evaluate(r)
    assert r["check"]["passed"], r["check"]["failures"]
    r = _report(ratios__pipeline_over_offline=0.1)
    report.evaluate(r)
    assert not r["check"]["passed"]
    assert any("pipeline / offline" in f for f in r["check"]["failures"])


@pytest.mark.parametrize("met_name", ["pipeline / offline", "event p99 ms @ rate"])
def test_goals_are_reported(met_name):
    r = _report()
    report.evaluate(r)
    goals = {g["name"]: g for g in r["goals"]}
    assert goals[met_name]["met"] is True
    assert goals["offline articles/s/core"]["met"] is False


def test_py_spy_collapsed_stacks_summary():
    raw = (
        "main (frontline/cli.py:1);extract (frontline/extraction/pipeline.py:138);"
        "resolve (frontline/geo/resolve.py:216) 30\n"
        "main (frontline/cli.py:1);model_validate_json (pydantic/main.py:600) 10\n"
    )
    s = summarize_collapsed(raw, rate=100, seconds=1.0)
    assert s["samples"] == 40 and s["busy_share"] == 0.4
    assert s["by_component"]["geo"] == 0.75 and s["by_component"]["pydantic"] == 0.25
    top = {row["frame"].split(" ")[0]: row["samples"] for row in s["top_inclusive_frontline"]}
    assert top == {"extract": 30, "resolve": 30}, "cli.py entry frames are not hot spots"
