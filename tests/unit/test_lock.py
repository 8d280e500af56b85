"""requirements.lock (what `make audit` checks) pins every dependency pyproject.toml declares."""

from __future__ import annotations

import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]


def _pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if "==" in line and not line.lstrip().startswith("#"):
            name, _, version = line.strip().partition("==")
            pins[canonicalize_name(name)] = version.split()[0]
    return pins


def test_lock_pins_every_declared_dependency_within_its_range():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    declared = [*project["dependencies"], *extras["dev"], *extras["fast"]]
    pins = _pins()
    stale = []
    for spec in map(Requirement, declared):
        pinned = pins.get(canonicalize_name(spec.name))
        if pinned is None or not spec.specifier.contains(pinned, prereleases=True):
            stale.append(f"{spec} (lock: {pinned})")
    assert not stale, f"requirements.lock is stale, run `make lock`: {stale}"
    assert "frontline" not in pins  # the project itself is installed from source
