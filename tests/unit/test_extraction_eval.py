"""`frontline eval`: scoring semantics, the deterministic halves and the check-half privacy."""

from __future__ import annotations

import json

from click.testing import CliRunner

from frontline_dev.evaluate.extraction import eval_command, evaluate, is_check

HAMA = {"name": "Hama", "geonameid": 1, "country": "SY", "admin1": "SY.10",
        "lat": 35.13, "lon": 36.75, "level": "city"}  # fmt: skip


def _gold(aid: str, events: list[dict], historical: list[dict] | None = None) -> dict:
    return {"id": aid, "published": "2024-12-06", "text": "x", "events": events,
            "optional": [], "historical": historical or []}  # fmt: skip


def _pred(aid: str, etype: str, lat: float, lon: float, kind: str = "non_state", **kw) -> dict:
    loc = {"lat": lat, "lon": lon, "geonameid": None, "admin1": None, "country_code": "SY"}
    day, status = kw.get("date", "2024-12-06"), kw.get("status", "reported")
    return {"article_id": aid, "type": etype, "actor": {"kind": kind}, "location": loc,
            "date": day, "status": status}  # fmt: skip


def _ids(check: bool, n: int) -> list[str]:
    out, i = [], 0
    while len(out) < n:
        if is_check(f"a{i}") == check:
            out.append(f"a{i}")
        i += 1
    return out


def test_split_is_the_sha256_second_byte_rule():
    import hashlib

    for aid in ("acled-1", "dev-007", "ü-Ümlaut"):
        assert is_check(aid) == bool(hashlib.sha256(aid.encode()).digest()[1] % 2)
    assert {is_check(f"x{i}") for i in range(20)} == {True, False}


def test_strict_loose_and_miss_categories():
    t1, t2, t3, t4 = _ids(False, 4)
    ev = {"type": "capture", "actor_kind": "non_state", "place": HAMA, "date": "2024-12-06"}
    gold = [_gold(t1, [ev]), _gold(t2, [ev]), _gold(t3, [ev]), _gold(t4, [ev])]
    preds = [
        _pred(t1, "capture", 35.14, 36.76),  # exact: strict and loose hit
        _pred(t2, "capture", 35.9, 36.75),  # ~85 km: a fallback, loose hit only
        _pred(t3, "battle", 35.13, 36.75, kind="state"),  # right place, wrong type
        # t4: nothing at all
    ]
    res = evaluate(gold, preds)
    tune = res["tune"][0]
    assert (tune["tp"], tune["fp"], tune["gold"]) == (1, 2, 4)
    assert tune["missed"]["no_event"] == 1
    assert tune["missed"]["fallback_25_161km"] == 1
    assert tune["missed"]["wrong_type_only"] == 1
    assert tune["recall_loose"] == 0.5
    assert res["check"][0]["gold"] == 0
    assert res["all"][0]["f1"] == tune["f1"]


def test_stale_history_and_denied():
    (t1,) = _ids(False, 1)
    hist = {"type": "capture", "actor_kind": "state", "place": HAMA}
    gold = [_gold(t1, [], historical=[hist])]
    preds = [_pred(t1, "capture", 35.13, 36.75), _pred(t1, "capture", 36.2, 37.1, status="denied")]
    s = evaluate(gold, preds)["tune"][0]
    assert (s["fp"], s["stale_history_fp"]) == (1, 1)
    preds = [_pred(t1, "capture", 35.13, 36.75, date="2012-03-01")]
    assert evaluate(gold, preds)["tune"][0]["fp"] == 0  # dated history is fine


def test_cli_prints_halves_and_never_check_errors(tmp_path):
    (t1,), (c1,) = _ids(False, 1), _ids(True, 1)
    ev = {"type": "capture", "actor_kind": "non_state", "place": HAMA}
    gold, pred = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"
    gold.write_text("\n".join(json.dumps(_gold(a, [ev])) for a in (t1, c1)))
    pred.write_text(json.dumps(_pred(t1, "capture", 35.13, 36.75)))
    run = CliRunner().invoke(eval_command, [str(gold), "--pred", str(pred), "--json"])
    assert run.exit_code == 0, run.output
    out = json.loads(run.output)
    assert out["tune"]["f1"] == 1.0 and out["check"]["recall"] == 0.0
    run = CliRunner().invoke(eval_command, [str(gold), "--pred", str(pred), "--errors"])
    assert run.exit_code != 0  # individual errors only for --half tune
    run = CliRunner().invoke(
        eval_command, [str(gold), "--pred", str(pred), "--half", "check", "--errors"]
    )
    assert run.exit_code != 0 and c1 not in run.output
    run = CliRunner().invoke(eval_command, [str(gold), "--pred", str(pred), "--half", "tune"])
    assert "F1 161 km" in run.output and "check" not in run.output
