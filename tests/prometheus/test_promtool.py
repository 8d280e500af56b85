"""Run promtool on the shipped Prometheus config, rules and rule unit tests.

promtool comes from Debian's `prometheus` package (scripts/install-prometheus.sh). Without it the
tests skip locally, but under CI=true a missing promtool is a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.prometheus

ROOT = Path(__file__).resolve().parents[2]
PROM_DIR = ROOT / "deploy" / "prometheus"
RULES = PROM_DIR / "rules" / "frontline.rules.yml"
TEST_FILES = sorted((PROM_DIR / "tests").glob("*.yml"))


@pytest.fixture(scope="module")
def promtool() -> str:
    path = shutil.which("promtool")
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("promtool not found under CI: run scripts/install-prometheus.sh first")
        pytest.skip("promtool not installed (scripts/install-prometheus.sh)")
    return path


def _run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=240, check=False)


def test_rule_unit_test_files_exist() -> None:
    names = {p.name for p in TEST_FILES}
    assert {"momentum.yml", "operational.yml"} <= names


def test_check_rules(promtool: str) -> None:
    proc = _run(promtool, "check", "rules", str(RULES))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "SUCCESS" in proc.stdout


def test_check_config(promtool: str) -> None:
    proc = _run(promtool, "check", "config", str(PROM_DIR / "prometheus.yml"))
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_rule_unit_tests(promtool: str) -> None:
    proc = _run(promtool, "test", "rules", *map(str, TEST_FILES))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "FAILED" not in proc.stdout


def _mutated_copy(tmp_path: Path, old: str, new: str, test_file: str) -> list[str]:
    """Copy the rules and one test file to tmp_path, with `old` replaced by `new` in the rules."""
    (tmp_path / "rules").mkdir()
    (tmp_path / "tests").mkdir()
    text = RULES.read_text()
    assert old in text, f"mutation anchor {old!r} missing from the rules"
    (tmp_path / "rules" / RULES.name).write_text(text.replace(old, new))
    copies = []
    for f in TEST_FILES:
        if f.name != test_file:
            continue
        dst = tmp_path / "tests" / f.name
        shutil.copy(f, dst)
        copies.append(str(dst))
    return copies


@pytest.mark.parametrize(
    ("test_file", "old", "new"),
    [
        # The Syria pattern must fire: raising the threshold breaks the tests.
        ("momentum.yml", "frontline:momentum_net:max7d >= 2", "frontline:momentum_net:max7d >= 20"),
        # A quiet week must not fire: lowering the threshold breaks the tests.
        ("momentum.yml", "frontline:momentum_net:max7d >= 2", "frontline:momentum_net:max7d >= 1"),
        # The first capital change of a series must be caught.
        (
            "momentum.yml",
            'unless frontline_capital_changes_total{level="admin1"} offset 1h',
            'unless frontline_capital_changes_total{level="admin1"}',
        ),
        (
            "operational.yml",
            "frontline:dlq_records:increase15m > 10",
            "frontline:dlq_records:increase15m > 100",
        ),
        # The worker-down `for` must hold for two minutes.
        (
            "operational.yml",
            'up{job="frontline"} == 0\n        for: 2m',
            'up{job="frontline"} == 0\n        for: 0m',
        ),
    ],
)
def test_rule_tests_catch_regressions(
    promtool: str, tmp_path: Path, test_file: str, old: str, new: str
) -> None:
    files = _mutated_copy(tmp_path, old, new, test_file)
    proc = _run(promtool, "test", "rules", *files, cwd=tmp_path)
    assert proc.returncode != 0, f"promtool tests still pass after mutating {old!r} -> {new!r}"
