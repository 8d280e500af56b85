"""The runtime wheel and the Docker image carry no development tool (issue 12).

A wheel is built from a copy of the source tree (so no build/ is left in the checkout) with the
venv's setuptools, no network; then its file list is read. The Dockerfile must install that one
package, without the dev extra or the frontline_dev distribution.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEV_MODULES = {"frontline_dev", "bench", "demo", "kafka_local", "procs", "evaluate"}


@pytest.fixture(scope="module")
def wheel_names(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    shutil.copytree(
        ROOT / "services",
        src / "services",
        ignore=shutil.ignore_patterns("*.egg-info", "__pycache__", "build"),
    )
    out = tmp_path_factory.mktemp("wheel")
    cmd = [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation"]
    subprocess.run([*cmd, "-w", str(out), str(src)], check=True, timeout=300)
    (wheel,) = out.glob("frontline-*.whl")
    return zipfile.ZipFile(wheel).namelist()


@pytest.mark.external
def test_wheel_holds_only_the_runtime_package(wheel_names: list[str]) -> None:
    tops = {n.split("/", 1)[0] for n in wheel_names}
    assert {t for t in tops if not t.endswith(".dist-info")} == {"frontline"}
    assert "frontline/agents.py" in wheel_names  # the stream wiring is in it
    assert "frontline/extraction/pipeline.py" in wheel_names  # and the domain


@pytest.mark.external
def test_wheel_has_no_development_module(wheel_names: list[str]) -> None:
    found = [n for n in wheel_names if DEV_MODULES & {Path(p).stem for p in Path(n).parts}]
    assert not found, f"development tools in the runtime wheel: {found}"


def _pip_installs(dockerfile: str) -> list[str]:
    """Arguments of every `pip install` in the Dockerfile (line continuations joined)."""
    text = dockerfile.replace("\\\n", " ")
    return [m.group(1).strip() for m in re.finditer(r"pip install\s+([^&\n]+)", text)]


def test_dockerfile_installs_only_the_runtime_package() -> None:
    installs = _pip_installs((ROOT / "Dockerfile").read_text())
    assert installs, "no pip install found in the Dockerfile"
    for args in installs:
        specs = [a.strip("\"'") for a in args.split() if not a.startswith("-")]
        assert all(re.fullmatch(r"\.(\[[\w,]*\])?", s) for s in specs), args
        extras = {e for s in specs for e in re.findall(r"\w+", s)}
        assert "dev" not in extras and "frontline_dev" not in args, args
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert "services/frontline_dev" in ignored  # not even in the build context


def test_pip_install_parser_sees_a_dev_install() -> None:
    bad = "RUN python -m venv /v \\\n && /v/bin/pip install '.[dev]' -e services/frontline_dev\n"
    assert _pip_installs(bad) == ["'.[dev]' -e services/frontline_dev"]


DEV_COMMANDS = {"kafka", "run", "bench", "eval", "geo-eval", "generate"}


def test_cli_lists_dev_commands_when_the_dev_package_is_installed() -> None:
    from click.testing import CliRunner

    from frontline.cli import main

    out = CliRunner().invoke(main, ["--help"]).output
    listed = {line.split()[0] for line in out.split("Commands:")[1].splitlines() if line.strip()}
    assert listed >= DEV_COMMANDS | {"worker", "extract"}


def test_cli_without_the_dev_package_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from frontline.cli import main

    monkeypatch.setitem(sys.modules, "frontline_dev", None)  # as in the runtime image
    out = CliRunner().invoke(main, ["--help"]).output
    listed = {line.split()[0] for line in out.split("Commands:")[1].splitlines() if line.strip()}
    assert not listed & DEV_COMMANDS
    assert {"worker", "ingest", "extract", "topics"} <= listed
    res = CliRunner().invoke(main, ["run", "--exit-after", "1"])
    assert res.exit_code == 1
    assert "development tool" in res.output and "frontline_dev" in res.output
