"""Report: machine facts, goals, floors for `--check`, JSON and a markdown table.

Goals are the targets of issue #6; floors are what `--check` enforces. Floors are
ratios (pipeline/offline, pipeline/passthrough, two workers/one) plus loose sanity
bounds, set well below what this 2-core machine measured so CI does not flake while a
real regression (e.g. a per-message flush, a blocking call in an agent) still fails.
"""

from __future__ import annotations

import math
import os
import platform
import re
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import psutil

# Issue #6 targets.
GOALS: dict[str, tuple[str, float, str]] = {
    # name: (json path, target, comparison)
    "offline articles/s/core": ("offline.articles_per_s", 1000.0, ">="),
    "pipeline / offline": ("ratios.pipeline_over_offline", 0.5, ">="),
    "pipeline articles/s (1 worker)": ("pipeline.articles_per_s", 300.0, ">="),
    "event p99 ms @ rate": ("latency.event_ms.p99", 250.0, "<="),
    "cold start -> ready s": ("worker.cold_start_ready_s", 3.0, "<="),
    "worker peak RSS MB": ("worker.peak_rss_mb", 400.0, "<="),
    "2 workers / 1 worker": ("ratios.two_over_one", 1.2, ">="),
}

# `--check` floors (documented in docs/benchmarks.md), set from the runs on the 2-core
# dev/CI machine (shared with other jobs) at roughly half of the worst value seen there:
#   pipeline/offline 0.61-0.77, pipeline/passthrough 0.0021-0.0055 (the passthrough alone
#   varies 21k-59k msg/s), 2 workers/1 worker 0.46-1.64 (short runs are dominated by the
#   rebalance on 2 shared cores; the floor only catches a second worker collapsing throughput,
#   the scaling goal itself is read from full runs), processing p99 97-183 ms,
#   cold start 2.4-3.1 s with the gazetteer index cached, peak RSS 320-335 MB.
# Ratios only fall this low when something around extraction got much slower; the
# absolute bounds catch hangs, lost messages and leaks, not tuning regressions.
FLOORS: dict[str, tuple[str, float, str]] = {
    "pipeline / offline": ("ratios.pipeline_over_offline", 0.35, ">="),
    "pipeline / passthrough": ("ratios.pipeline_over_passthrough", 0.001, ">="),
    "2 workers / 1 worker": ("ratios.two_over_one", 0.3, ">="),
    "events delivered / expected": ("ratios.events_delivered", 0.98, ">="),
    "capital alerts delivered / expected": ("ratios.alerts_delivered", 0.8, ">="),
    "processing p99 ms (below saturation)": ("ratios.processing_p99_ms", 1500.0, "<="),
    "cold start -> ready s": ("worker.cold_start_ready_s", 15.0, "<="),
    "worker peak RSS MB": ("worker.peak_rss_mb", 800.0, "<="),
}


def percentiles(values: Iterable[float]) -> dict[str, float | int | None]:
    """n, p50, p90, p99, max (nearest-rank), rounded to 0.1."""
    v = sorted(values)
    if not v:
        return {"n": 0, "p50": None, "p90": None, "p99": None, "max": None}

    def q(p: float) -> float:
        return round(v[min(len(v) - 1, max(0, math.ceil(p * len(v)) - 1))], 1)

    return {"n": len(v), "p50": q(0.50), "p90": q(0.90), "p99": q(0.99), "max": round(v[-1], 1)}


def machine(kafka_version: str | None) -> dict[str, Any]:
    """Facts that make two reports comparable."""
    cpu = ""
    try:  # the model name: psutil has no equivalent, platform.processor() is empty on Linux
        m = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
        cpu = m.group(1).strip() if m else platform.processor()
    except OSError:
        cpu = platform.processor()
    ram = round(psutil.virtual_memory().total / 1024**3, 1)
    java = ""
    try:
        out = subprocess.run(["java", "-version"], capture_output=True, text=True, timeout=10)
        java = (out.stderr or out.stdout).splitlines()[0]
    except (OSError, IndexError, subprocess.TimeoutExpired):
        pass
    return {
        "nproc": os.cpu_count(),
        "cpu_model": cpu,
        "ram_gb": ram,
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "kafka_version": kafka_version or "external",
        "java": java,
        "loadavg_start": [round(x, 2) for x in os.getloadavg()],
    }


def get(report: dict[str, Any], path: str) -> Any:
    cur: Any = report
    for part in path.split("."):
        if not isinstance(cur, dict) or part not in cur:
            return None
        cur = cur[part]
    return cur


def _ok(value: Any, target: float, op: str) -> bool | None:
    if value is None:
        return None
    return value >= target if op == ">=" else value <= target


def evaluate(report: dict[str, Any]) -> None:
    """Fill `goals` and `check` (floors) in place."""
    report["goals"] = [
        {
            "name": n,
            "value": get(report, p),
            "target": f"{op} {t:g}",
            "met": _ok(get(report, p), t, op),
        }
        for n, (p, t, op) in GOALS.items()
    ]
    failures = []
    floors = []
    for n, (p, t, op) in FLOORS.items():
        v = get(report, p)
        ok = _ok(v, t, op)
        floors.append({"name": n, "value": v, "floor": f"{op} {t:g}", "ok": ok})
        if ok is False:
            failures.append(f"{n} = {v} (floor {op} {t:g})")
    if get(report, "pipeline.articles_per_s") is None:  # every phase after (b) hangs on it
        failures.append("pipeline throughput: not measured")
    report["check"] = {"floors": floors, "failures": failures, "passed": not failures}


def _fmt(v: Any) -> str:
    if v is None:
        return "n/a"
    if isinstance(v, float):
        return f"{v:,.3f}" if abs(v) < 10 else f"{v:,.1f}"
    return f"{v:,}" if isinstance(v, int) else str(v)


def markdown(r: dict[str, Any]) -> str:
    """The table for docs/benchmarks.md and the terminal."""
    m, c = r["machine"], r.get("corpus", {})
    lines = [
        f"Command: `{r['command']}` ({r['mode']} mode, {r['generated']})",
        "",
        f"Machine: {m['nproc']} cores {m['cpu_model']}, {m['ram_gb']} GB RAM, Python "
        f"{m['python']}, Kafka {m['kafka_version']} ({m['java']}), load average at start "
        f"{m['loadavg_start']}, at end {m.get('loadavg_end')}",
        "",
        f"Corpus: {c.get('articles')} articles, {c.get('mean_bytes')} B mean "
        f"({c.get('min_bytes')}–{c.get('max_bytes')} B), {c.get('event_share')} with a "
        f"territorial event (seed {c.get('seed')})",
        "",
        "| phase | measure | value |",
        "|---|---|---|",
    ]

    def row(phase: str, measure: str, path: str, suffix: str = "") -> None:
        v = get(r, path)
        if v is not None or phase:
            lines.append(f"| {phase} | {measure} | {_fmt(v)}{suffix if v is not None else ''} |")

    def cores_row(path: str) -> None:
        c = get(r, path)
        if c:
            parts = " · ".join(f"{k} {v:.2f}" for k, v in c.items() if k != "machine")
            lines.append(
                f"|  | cores used (of {m['nproc']}): machine {c['machine']:.2f} | {parts} |"
            )

    def pair(a: str, b: str) -> None:
        if get(r, a) is not None:
            lines[-1] = lines[-1][:-2] + f" / {_fmt(get(r, b))} |"

    row("(a) offline extract, 1 process", "articles/s", "offline.articles_per_s")
    row("", "MB/s", "offline.mb_per_s")
    row("", "CPU ms per article", "offline.cpu_ms_per_article")
    row("", "per article p50 / p99 ms", "offline.per_article_ms.p50")
    pair("offline.per_article_ms.p50", "offline.per_article_ms.p99")
    row("(b) raw passthrough (aiokafka)", "messages/s", "passthrough.messages_per_s")
    row("", "MB/s", "passthrough.mb_per_s")
    row("(c) pipeline, 1 worker", "articles/s", "pipeline.articles_per_s")
    row("", "MB/s", "pipeline.mb_per_s")
    row("", "worker CPU ms per article", "pipeline.worker_cpu_ms_per_article")
    cores_row("pipeline.cores_used")
    row("", "events delivered / expected", "pipeline.events")
    pair("pipeline.events", "pipeline.events_expected")
    for key in ("latency", "latency_half_capacity"):
        rate = get(r, f"{key}.rate")
        if rate is None:
            continue
        row(f"(d) latency @ {rate:g}/s", "article → event p50 / p99 ms", f"{key}.event_ms.p50")
        pair(f"{key}.event_ms.p50", f"{key}.event_ms.p99")
        row("", "article → capital alert p50 / p99 ms", f"{key}.alert_ms.p50")
        pair(f"{key}.alert_ms.p50", f"{key}.alert_ms.p99")
        row("", "alerts received / expected", f"{key}.alerts")
        pair(f"{key}.alerts", f"{key}.alerts_expected")
        q = get(r, f"{key}.event_p50_ms_by_quarter") or []
        if q:
            lines.append(f"|  | event p50 ms by quarter of the run | {' → '.join(map(_fmt, q))} |")
        row("", "worker CPU ms per article", f"{key}.worker_cpu_ms_per_article")
        cores_row(f"{key}.cores_used")
    row("(e) worker", "cold start → ready s", "worker.cold_start_ready_s")
    row("", "cold start → first event s", "worker.cold_start_first_event_s")
    row("", "peak RSS (VmHWM) MB", "worker.peak_rss_mb")
    row("", "of which gazetteer index MB", "worker.rss_breakdown.geo_index_mb")
    row("", "idle CPU (cores)", "worker.idle_cores")
    row("(f) 2 workers", "articles/s", "scaling.articles_per_s")
    row("", "worker CPU ms per article", "scaling.worker_cpu_ms_per_article")
    cores_row("scaling.cores_used")
    row("ratios", "pipeline / offline", "ratios.pipeline_over_offline")
    row("", "pipeline / passthrough", "ratios.pipeline_over_passthrough")
    row("", "2 workers / 1 worker", "ratios.two_over_one")
    lines += _verdicts(r)
    return "\n".join(lines) + "\n"


def _verdicts(r: dict[str, Any]) -> list[str]:
    """Goals met, `--check` floors and the worker profile, below the table."""
    lines: list[str] = []
    lines += ["", "| goal (issue #6) | target | measured | met |", "|---|---|---|---|"]
    for g in r.get("goals", []):
        met = {True: "yes", False: "**no**", None: "n/a"}[g["met"]]
        lines.append(f"| {g['name']} | {g['target']} | {_fmt(g['value'])} | {met} |")
    lines += ["", "| `--check` floor | floor | measured | ok |", "|---|---|---|---|"]
    for f in r.get("check", {}).get("floors", []):
        ok = {True: "yes", False: "**FAIL**", None: "n/a"}[f["ok"]]
        lines.append(f"| {f['name']} | {f['floor']} | {_fmt(f['value'])} | {ok} |")
    prof = r.get("profile", {}).get("pipeline")
    if prof:
        comp = ", ".join(f"{k} {v:.0%}" for k, v in list(prof["by_component"].items())[:8])
        lines += [
            "",
            f"Worker profile (py-spy, {prof['samples']} samples, busy "
            f"{_fmt(prof['busy_share'])}): {comp}",
        ]
    return lines


START = "<!-- bench:results:start -->"
END = "<!-- bench:results:end -->"


def update_doc(doc: Path, table: str) -> bool:
    """Replace the results block of the harness section; False when the markers are missing."""
    if not doc.exists():
        return False
    text = doc.read_text()
    if START not in text or END not in text:
        return False
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    doc.write_text(f"{head}{START}\n{table}{END}{tail}")
    return True
