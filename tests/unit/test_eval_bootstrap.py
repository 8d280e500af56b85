"""`frontline eval` intervals: a percentile bootstrap over articles, the same on every run."""

from __future__ import annotations

from click.testing import CliRunner

from frontline_dev.evaluate import bootstrap
from frontline_dev.evaluate.extraction import eval_command, evaluate
from tests.unit.test_extraction_eval import HAMA, _gold, _ids, _pred


def test_f1_of_summed_counts() -> None:
    # 3 tp, 1 fp, 5 gold: precision 0.75, recall 0.6, F1 2/3
    assert abs(bootstrap.f1([(2, 0, 2), (1, 1, 3)]) - 2 / 3) < 1e-9
    assert bootstrap.f1([(0, 2, 1)]) == 0.0


def test_the_interval_holds_the_value_and_repeats() -> None:
    counts = [(1, 0, 1)] * 30 + [(0, 1, 1)] * 10
    a, b = bootstrap.f1_interval(counts, 300), bootstrap.f1_interval(counts, 300)
    assert a == b  # fixed seed
    assert a.low < a.value < a.high


def test_more_articles_give_a_narrower_interval() -> None:
    few = bootstrap.f1_interval([(1, 0, 1)] * 6 + [(0, 1, 1)] * 2, 300)
    many = bootstrap.f1_interval([(1, 0, 1)] * 600 + [(0, 1, 1)] * 200, 300)
    assert abs(few.value - many.value) < 1e-9
    assert many.high - many.low < (few.high - few.low) / 3


def test_the_gap_of_two_equal_halves_straddles_zero() -> None:
    half = [(1, 0, 1)] * 40 + [(0, 1, 1)] * 15 + [(1, 1, 2)] * 10
    gap = bootstrap.gap_interval(half, list(half), 400)
    assert gap.value == 0.0 and gap.low < 0 < gap.high


def test_eval_prints_and_returns_the_intervals() -> None:
    ev = {"type": "capture", "actor_kind": "non_state", "place": HAMA, "date": "2024-12-06"}
    ids = _ids(False, 6) + _ids(True, 6)
    gold = [_gold(a, [ev]) for a in ids]
    preds = [_pred(a, "capture", 35.14, 36.76) for a in ids[::2]]
    res = evaluate(gold, preds, samples=200)
    lo, hi = res["check"][0]["f1_loose_161km_ci95"]
    assert lo <= res["check"][0]["f1_loose_161km"] <= hi
    assert set(res["all"][0]["tune_check_gap_loose"]) == {"value", "ci95"}
    assert "f1_loose_161km_ci95" not in evaluate(gold, preds)["tune"][0]  # samples=0: none
    runner = CliRunner()
    with runner.isolated_filesystem():
        import json

        with open("g.jsonl", "w") as f:
            f.writelines(json.dumps(g) + "\n" for g in gold)
        with open("p.jsonl", "w") as f:
            f.writelines(json.dumps(p) + "\n" for p in preds)
        out = runner.invoke(eval_command, ["g.jsonl", "--pred", "p.jsonl", "--samples", "100"])
    assert out.exit_code == 0, out.output
    assert "95% interval" in out.output and "tune-check gap 161 km" in out.output
