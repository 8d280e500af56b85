"""Gold-place accuracy on the shared dev sets; skipped when ../shared is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontline_dev.evaluate.geo import evaluate_events

ROOTS = [Path(__file__).resolve().parents[3] / "shared" / "eval", Path("/work/shared/eval")]
DEV = next((r / "dev.jsonl" for r in ROOTS if (r / "dev.jsonl").exists()), None)


@pytest.mark.gazetteer
@pytest.mark.skipif(DEV is None, reason="shared eval set not available")
def test_dev_gold_places_found() -> None:
    assert DEV is not None
    res = evaluate_events(DEV)
    assert res["accuracy"] >= 0.95, res


@pytest.fixture
def fixture_geo(monkeypatch: pytest.MonkeyPatch) -> None:
    """`Geoparser.default()` is the fixture gazetteer's parser: seconds, not the 190 MB index."""
    from frontline_dev.evaluate import geo as geo_eval

    from .geo_fixture import fixture_geoparser

    monkeypatch.setattr(geo_eval.Geoparser, "default", classmethod(lambda cls: fixture_geoparser()))


def test_geo_eval_command_scores_and_predicts(fixture_geo: None, tmp_path: Path) -> None:
    import orjson
    from click.testing import CliRunner

    from frontline.cli import main

    gold = tmp_path / "gold.jsonl"
    arts = [
        {
            "id": "a1",
            "text": "Rebels entered Idlib Governorate.",
            "events": [{"place": {"level": "admin1", "admin1": "SY.12", "country": "SY"}}],
        },
        {
            "id": "a2",
            "text": "Nothing happened here.",
            "events": [{"place": {"level": "country", "country": "SD"}}],
        },
    ]
    gold.write_bytes(b"\n".join(orjson.dumps(a) for a in arts) + b"\n")
    res = CliRunner().invoke(main, ["geo-eval", "events", str(gold), "-v"])
    assert res.exit_code == 0, res.output
    assert orjson.loads(res.stdout) == {"places": 2, "correct": 1, "accuracy": 0.5}
    assert "MISS a2" in res.stderr

    out = tmp_path / "pred.jsonl"
    res = CliRunner().invoke(main, ["geo-eval", "predict", str(gold), str(out)])
    assert res.exit_code == 0, res.output
    preds = [orjson.loads(line) for line in out.read_bytes().splitlines()]
    assert [p["article_id"] for p in preds] == ["a1", "a2"]
    assert preds[0]["places"] and not preds[1]["places"]
