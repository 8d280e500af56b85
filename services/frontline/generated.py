"""Files generated from code (schemas, Grafana, Kubernetes): write them, or check for drift."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path


def sync(
    root: Path, rendered: Mapping[str, str] | Mapping[Path, str], check: bool = False
) -> list[str]:
    """Write every rendered file under `root` (or, with check, only compare); return the stale."""
    stale = []
    for rel, text in rendered.items():
        path = root / rel
        if path.exists() and path.read_text() == text:
            continue
        stale.append(str(rel))
        if not check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
    return stale


def regenerate(
    root: Path, rendered: Mapping[str, str] | Mapping[Path, str], check: bool, command: str
) -> int:
    """The CLI of a generator: sync, name the stale files; exit status 1 on drift under check."""
    stale = sync(root, rendered, check)
    if check and stale:
        print(f"out of date (run {command}): " + ", ".join(stale), file=sys.stderr)
        return 1
    for rel in [] if check else stale:
        print(f"wrote {root / rel}")
    return 0
