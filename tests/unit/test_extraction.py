"""Extraction tests: one short article per phenomenon, with the events it must yield.

Fixtures (`tests/fixtures/extraction/articles.jsonl`) are written for these tests, not
copied from any evaluation set. Places come from a small static gazetteer so the tests
pin extraction behaviour, independent of the real geoparser; a second run with the real
`frontline.geo` (when it loads) checks that the seam works end to end.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from frontline.extraction import StaticGeoparser, extract
from frontline.extraction.dates import find_dates
from frontline.extraction.sentences import split_sentences
from frontline.models import Article, Status

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "extraction"
ARTICLES = [json.loads(line) for line in (FIXTURES / "articles.jsonl").read_text().splitlines()]


def _gazetteer() -> StaticGeoparser:
    rows = [json.loads(line) for line in (FIXTURES / "gazetteer.jsonl").read_text().splitlines()]
    return StaticGeoparser({r["mention"]: r for r in rows})


GEO = _gazetteer()


def _matches(ev, exp: dict) -> bool:
    return (
        ev.type.value == exp["type"]
        and ev.location.name == exp["place"]
        and ev.actor.kind.value == exp["actor_kind"]
    )


def check_article(raw: dict, geo) -> list[str]:
    """Return a list of problems (empty when the article's events are exactly as expected)."""
    article = Article.model_validate(raw)
    events = [e for e in extract(article, geo, history=True) if e.status != Status.denied]
    problems = []
    pool = list(events)
    for exp in raw["expected"]:
        hit = next((e for e in pool if _matches(e, exp)), None)
        if hit is None:
            problems.append(f"missing {exp}")
            continue
        pool.remove(hit)
        if exp.get("date") and (
            hit.date is None or abs((hit.date - date.fromisoformat(exp["date"])).days) > 1
        ):
            problems.append(f"date {hit.date} != {exp['date']} for {exp}")
        if exp.get("status") and hit.status.value != exp["status"]:
            problems.append(f"status {hit.status.value} != {exp['status']} for {exp}")
    for e in pool:
        problems.append(f"unexpected {e.type.value} {e.location.name} {e.actor.kind.value}")
    return problems


@pytest.mark.parametrize("raw", ARTICLES, ids=[a["id"] for a in ARTICLES])
def test_fixture_article(raw: dict) -> None:
    assert check_article(raw, GEO) == []


def test_fixture_count_and_phenomena() -> None:
    assert len(ARTICLES) >= 40
    tags = {a["tag"].split("-")[0] for a in ARTICLES}
    for needed in ("active", "passive", "nominal", "euphemism", "list", "coref", "hypothetical",
                   "intention", "refusal", "negation", "metaphor", "history", "claimed",
                   "denied", "date", "actor"):  # fmt: skip
        assert needed in tags


def test_event_fields_and_determinism() -> None:
    raw = next(a for a in ARTICLES if a["id"] == "x-list-dash")
    article = Article.model_validate(raw)
    first = extract(article, GEO)
    second = extract(article, GEO)
    assert [e.model_dump() for e in first] == [e.model_dump() for e in second]
    ev = first[0]
    assert ev.article_id == article.id and ev.evidence and 0 <= ev.confidence <= 1
    assert ev.actor.country == "SY" and ev.location.mention in raw["text"]
    assert len({e.event_id for e in first}) == len(first)


def test_state_vs_foreign_state() -> None:
    geo = GEO
    israeli = Article(
        id="a", published="2024-05-07", text="Israeli troops seized Rafah on Tuesday."
    )
    sudan = Article(id="b", published="2023-06-02", text="The Sudanese army seized Khartoum.")
    [ev1] = extract(israeli, geo)
    [ev2] = extract(sudan, geo)
    assert (ev1.actor.kind.value, ev1.actor.country) == ("foreign_state", "IL")
    assert (ev2.actor.kind.value, ev2.actor.country) == ("state", "SD")


def test_denied_status() -> None:
    art = Article(
        id="d",
        published="2024-01-23",
        text="Ukraine's military denied that its troops had withdrawn from Kupiansk.",
    )
    [ev] = extract(art, GEO)
    assert ev.status == Status.denied


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("on Saturday", "2024-12-07"),
        ("late on Friday", "2024-12-06"),
        ("overnight", "2024-12-07"),
        ("three days earlier", "2024-12-04"),
        ("last month", "2024-11-15"),
        ("began Nov. 27", "2024-11-27"),
        ("on 27 November", "2024-11-27"),
        ("in late December", "2023-12-25"),
        ("on Dec. 28", "2023-12-28"),
        ("On 28 April 2020", "2020-04-28"),
    ],
)
def test_dates(phrase: str, expected: str) -> None:
    [d] = find_dates(phrase, date(2024, 12, 7))
    assert d.value.isoformat() == expected


def test_sentence_split_keeps_abbreviations() -> None:
    text = "The offensive began Nov. 27 near the U.S. base. Rebels then took Hama."
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans][1] == "Rebels then took Hama."


def test_command_reports_bad_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    import frontline.extraction as fx

    monkeypatch.setattr(fx, "_default_geoparser", lambda: GEO)
    good = json.dumps({"id": "c1", "published": "2024-11-30", "text": "Rebels captured Aleppo."})
    runner = CliRunner()
    result = runner.invoke(fx.extract_command, [], input=f"{good}\nnot json\n{{}}\n")
    assert result.exit_code == 0, result.output
    out_lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    assert len(out_lines) == 1 and json.loads(out_lines[0])["type"] == "capture"
    assert "line 2" in result.stderr and "line 3" in result.stderr


@pytest.mark.gazetteer
def test_real_geoparser_end_to_end() -> None:
    """With the real gazetteer most fixture events must still be found (geo may differ).

    A geoparser that fails to load fails this test: it is what the test exists to catch."""
    from frontline.geo import Geoparser

    geo = Geoparser.default()
    found = total = 0
    for raw in ARTICLES:
        events = extract(Article.model_validate(raw), geo)
        for exp in raw["expected"]:
            total += 1
            found += any(
                e.type.value == exp["type"] and e.actor.kind.value == exp["actor_kind"]
                for e in events
            )
    assert found / total >= 0.8


HOLDOUT = [
    json.loads(line)
    for path in sorted(FIXTURES.glob("articles_holdout*.jsonl"))
    for line in path.read_text().splitlines()
]


def test_holdout_articles_aggregate() -> None:
    """Articles written before looking at the output: measured in aggregate, not one by one.

    First-pass recall of the seven batches, measured when each was written and before any
    fix it prompted: 0.70, 0.48, 0.50, 0.57, 0.78, 0.89, 0.64 (precision 0.78 - 1.0); they
    then drove general lexicon/rule fixes, never sentence-specific ones.
    """
    assert len(HOLDOUT) >= 50
    expected = found = extra = 0
    for raw in HOLDOUT:
        problems = check_article(raw, GEO)
        expected += len(raw["expected"])
        found += len(raw["expected"]) - sum(p.startswith("missing") for p in problems)
        extra += sum(p.startswith("unexpected") for p in problems)
    assert found / expected >= 0.9
    assert extra <= 3


DEV = Path("/work/shared/eval/dev.jsonl")
SCORER = DEV.with_name("score.py")


@pytest.mark.skipif(not (DEV.exists() and SCORER.exists()), reason="shared eval set not present")
def test_dev_set_scores_above_thresholds() -> None:
    """Score the shared dev set with the real geoparser (skipped where it is absent)."""
    import importlib.util

    from frontline.geo import Geoparser

    spec = importlib.util.spec_from_file_location("frontline_eval_score", SCORER)
    assert spec is not None and spec.loader is not None
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    gold = [json.loads(line) for line in DEV.read_text().splitlines() if line.strip()]
    geo = Geoparser.default()
    preds = [
        json.loads(ev.model_dump_json())
        for art in gold
        for ev in extract(Article.model_validate(art), geo)
    ]
    counts, _, _ = scorer.score(gold, preds)
    s = scorer.summary(counts)
    assert s["f1"] >= 0.90, s
    assert s["f1_actor"] >= 0.85, s
    assert s["date_acc"] >= 0.90, s
    assert s["stale_history_fp"] == 0, s


def test_one_sense_per_article() -> None:
    """A name resolved to a province once and to its city later stays one place."""
    from frontline.geo.place import Place

    class TwoSenses:
        def parse(
            self, text: str, context_text: str | None = None, *, country_hint: str | None = None
        ) -> list[Place]:
            out = []
            for n, i in enumerate(i for i in range(len(text)) if text.startswith("Daraa", i)):
                level, name = ("admin1", "Daraa Governorate") if n == 0 else ("city", "Daraa")
                out.append(
                    Place("Daraa", i, i + 5, name, None, "SY", "SY.06", 32.6, 36.1, level, 1.0)
                )
            return out

    art = Article(
        id="s",
        published="2024-12-07",
        text="The army withdrew from the province of Daraa. Later the army withdrew from Daraa.",
    )
    events = extract(art, TwoSenses())
    assert [(e.type.value, e.location.name) for e in events] == [
        ("withdrawal", "Daraa Governorate")
    ]
