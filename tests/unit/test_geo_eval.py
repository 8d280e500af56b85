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
