"""Read GeoNames dump files (SO.txt, SO.zip, allCountries.txt) a user points the gazetteer at.

Why: cities500 lacks most villages a front line runs through; the full per-country dumps have
them but cannot be shipped or downloaded here. Rows are checked as they are read so a truncated
or foreign file fails with its path and line number instead of a traceback from deep in the build.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

COLUMNS = 19  # geonameid ... modification date (GeoNames readme, "geoname" table)


class DumpError(ValueError):
    """A dump file that is missing or not in GeoNames' format (message: path:line: reason)."""


@dataclass(frozen=True, slots=True)
class DumpRow:
    """The columns of a dump row the gazetteer uses."""

    gid: int
    name: str
    alternates: tuple[str, ...]
    lat: float
    lon: float
    fclass: str
    fcode: str
    cc: str
    admin1: str
    pop: int


def check(path: Path) -> None:
    """Fail early, in one line, on a path that is not a readable file."""
    if not path.is_file():
        raise DumpError(f"{path}: GeoNames dump not found (FRONTLINE_GEONAMES_DUMPS)")


def read(path: Path, features: set[tuple[str, str]]) -> Iterator[DumpRow]:
    """Rows of one dump (.txt, or the .txt members of a .zip but its readme) whose
    (feature class, feature code) is in `features`."""
    check(path)
    if path.suffix.lower() != ".zip":
        with path.open("rb") as f:
            yield from _rows(f, str(path), features)
        return
    try:
        with zipfile.ZipFile(path) as zf:
            members = [
                m
                for m in zf.namelist()
                if m.lower().endswith(".txt") and not m.lower().endswith("readme.txt")
            ]
            if not members:
                raise DumpError(f"{path}: no .txt dump inside the zip")
            for m in members:
                with zf.open(m) as f:
                    yield from _rows(f, f"{path}!{m}", features)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as e:
        raise DumpError(f"{path}: not a readable zip ({e})") from None


def _rows(f: IO[bytes], where: str, features: set[tuple[str, str]]) -> Iterator[DumpRow]:
    n = 0
    try:
        for n, raw in enumerate(f, 1):
            line = raw.decode("utf-8").rstrip("\r\n")
            if not line or line.startswith("#"):
                continue
            c = line.split("\t")
            if len(c) != COLUMNS:
                raise DumpError(
                    f"{where}:{n}: expected {COLUMNS} tab-separated GeoNames columns, got {len(c)}"
                )
            if not c[0].isdigit():  # checked on every row: a shifted file fails, not skips
                raise DumpError(f"{where}:{n}: geonameid {c[0][:20]!r} is not a number")
            if (c[6], c[7]) not in features:
                continue
            yield DumpRow(
                int(c[0]),
                c[1],
                tuple(a for a in c[3].split(",") if a),
                float(c[4]),
                float(c[5]),
                c[6],
                c[7],
                c[8],
                c[10],
                int(c[14] or 0),
            )
    except UnicodeDecodeError:
        raise DumpError(f"{where}:{n}: not UTF-8 text") from None
    except ValueError as e:
        if isinstance(e, DumpError):
            raise
        raise DumpError(f"{where}:{n}: bad number ({e})") from None
    except (OSError, EOFError, zipfile.BadZipFile) as e:  # truncated/corrupt zip member
        raise DumpError(f"{where}:{n + 1}: unreadable ({e})") from None
