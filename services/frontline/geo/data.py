"""Readers for the curated data files in frontline/data/geo (kept as data so analysts can edit)."""

from __future__ import annotations

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "geo"


def rows(name: str) -> list[list[str]]:
    """Tab-separated rows of a data file, skipping comments, blanks and the header line."""
    out: list[list[str]] = []
    header_seen = False
    for line in (DATA_DIR / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if not header_seen:
            header_seen = True
            continue
        out.append([c.strip() for c in line.split("\t")])
    return out


def words(name: str) -> set[str]:
    """One entry per line (comments allowed), for stoplists."""
    out: set[str] = set()
    for line in (DATA_DIR / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.add(line)
    return out


def data_files() -> list[Path]:
    """All data files; their contents are part of the index version hash."""
    return sorted(p for p in DATA_DIR.iterdir() if p.is_file())
