"""`frontline bench --short` through the real broker and real workers: the harness is correct.

Throughput and latency floors are not asserted here: a busy machine moves them and `make test`
must fail only for real reasons. They are enforced by `frontline bench --check` and recorded in
docs/benchmarks.md. What this test asserts does not depend on speed: every phase measured
something, nothing was lost, every floor was evaluated, every worker is gone.
"""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from frontline_dev import kafka_local
from frontline_dev.bench.command import BenchConfig, run_bench
from frontline_dev.bench.report import FLOORS, evaluate, markdown

pytestmark = [pytest.mark.integration, pytest.mark.timeout(400)]

# Floors that measure correctness or a resource bound, not speed: asserted in `make test`.
CORRECTNESS_FLOORS = {"events delivered / expected"}


def test_short_bench_harness_is_correct(kafka_broker: kafka_local.BrokerInfo, tmp_path: Path):
    out = tmp_path / "run"
    out.mkdir()
    cfg = BenchConfig(
        short=True,
        articles=400,
        duration=3.0,
        bootstrap=kafka_broker.bootstrap,
        out_dir=out,
        profile=False,
        command="pytest tests/integration/test_bench.py",
        log=lambda msg: print(msg, flush=True),
    )
    r = run_bench(cfg)
    print(markdown(r))
    (out / "report.json").write_bytes(orjson.dumps(r))

    # Every phase measured something real, and nothing was lost on the way.
    assert r["offline"]["articles"] == 400 and r["offline"]["events"] > 50
    assert r["passthrough"]["messages_per_s"] > 0
    assert r["pipeline"]["events"] == r["pipeline"]["events_expected"] == r["offline"]["events"]
    assert not r["pipeline"]["timed_out"]
    assert r["latency"]["events"] == r["latency"]["events_expected"] > 0
    assert r["latency"]["alerts"] > 0, "capital flips fire capital_changed_hands alerts"
    assert r["worker"]["cold_start_first_event_s"] is not None
    assert r["scaling"]["workers"] == 2 and r["scaling"]["events"] == r["offline"]["events"]
    # Every floor was evaluated on a measured value (whether it passed is `bench --check`'s job).
    floors = {f["name"]: f for f in r["check"]["floors"]}
    assert set(floors) == set(FLOORS)
    assert all(f["value"] is not None for f in floors.values()), floors
    for name in CORRECTNESS_FLOORS:
        assert floors[name]["ok"], floors[name]
    # Every worker the harness started is gone (stopped and reaped).
    assert len(r["worker_pids"]) == 3
    for pid in r["worker_pids"]:
        assert not Path(f"/proc/{pid}").exists(), f"worker {pid} still running"


def test_check_flags_a_ratio_below_its_floor():
    """The gate itself works: a slow pipeline fails `--check` with the floor named."""
    r = {"ratios": {"pipeline_over_offline": 0.1}, "pipeline": {"articles_per_s": 10.0}}
    evaluate(r)
    assert not r["check"]["passed"]
    assert any(f.startswith("pipeline / offline = 0.1") for f in r["check"]["failures"])
    r = {"ratios": {"pipeline_over_offline": 0.9}, "pipeline": {"articles_per_s": 10.0}}
    evaluate(r)
    assert r["check"]["passed"]
