"""The pre-commit hooks run the same pinned ruff and mypy, with the same arguments, as the
Makefile: a commit that passes its hooks passes `make lint` / `make typecheck`."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _make_recipe(target: str) -> list[str]:
    text = (ROOT / "Makefile").read_text()
    m = re.search(rf"^{target}:.*\n((?:\t.*\n)+)", text, re.M)
    assert m, f"no `{target}` target in the Makefile"
    return [line.strip().replace("$(BIN)/", ".venv/bin/") for line in m.group(1).splitlines()]


def test_hooks_run_the_makefile_checks_from_the_venv() -> None:
    hooks = {
        h["id"]: h
        for repo in yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())["repos"]
        for h in repo["hooks"]
    }
    assert {"ruff", "ruff-format", "mypy"} <= set(hooks)
    assert all(h["language"] == "system" for h in hooks.values())  # the venv's pinned tools
    lint, typecheck = _make_recipe("lint"), _make_recipe("typecheck")
    for hook, make_line in (
        ("ruff", next(x for x in lint if x.startswith(".venv/bin/ruff check"))),
        ("ruff-format", next(x for x in lint if x.startswith(".venv/bin/ruff format"))),
        ("mypy", typecheck[0]),
    ):
        entry = hooks[hook]["entry"].replace(" --force-exclude", "")
        assert make_line.startswith(entry), (hook, entry, make_line)
    assert hooks["mypy"]["pass_filenames"] is False  # the whole project, as `make typecheck`


def test_ruff_and_mypy_are_pinned_exactly() -> None:
    dev = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    pins = {r.split("==")[0]: r for r in dev["dev"] if "==" in r}
    assert {"ruff", "mypy"} <= set(pins), dev["dev"]
