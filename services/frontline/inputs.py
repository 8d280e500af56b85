"""Article lines from files and pipes: bounded reads, one size limit, short bad-line reports.

`ingest`, `extract` and `geoparse` read through here so they accept the same formats, reject
the same lines for the same reasons, and never hold more than one limit-sized line in memory.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from typing import IO

from frontline.articles import InvalidArticle, check_size, read_input_line
from frontline.models import Article

SKIP_CHUNK = 1 << 16


@dataclass(frozen=True, slots=True)
class Line:
    number: int
    data: bytes | None  # None: longer than the limit, skipped without being kept
    size: int  # bytes without the line terminator


def read_lines(stream: IO[bytes], max_bytes: int) -> Iterator[Line]:
    """Lines of at most max_bytes; a longer one is skipped in chunks, its size counted."""
    number = 0
    while raw := stream.readline(max_bytes + 2):  # + room for "\r\n"
        number += 1
        if raw.endswith(b"\n") or len(raw) < max_bytes + 2:
            data = raw.rstrip(b"\r\n")
            yield Line(number, data if len(data) <= max_bytes else None, len(data))
            continue
        size, prev = len(raw), raw
        while (rest := stream.readline(SKIP_CHUNK)) and not rest.endswith(b"\n"):
            size, prev = size + len(rest), rest
        size += len(rest.rstrip(b"\r\n"))
        if rest == b"\n" and prev.endswith(b"\r"):  # "\r\n" split across two reads
            size -= 1
        yield Line(number, None, size)


@dataclass
class Report:
    """Counts every line; prints the first `show` bad ones with line number and reason."""

    command: str
    show: int = 20
    err: IO[str] = field(default_factory=lambda: sys.stderr)
    lines: int = 0
    valid: int = 0
    reasons: Counter[str] = field(default_factory=Counter)

    @property
    def bad(self) -> int:
        return sum(self.reasons.values())

    def reject(self, number: int, exc: InvalidArticle, note: str = "") -> None:
        self.reasons[exc.reason] += 1
        if self.bad <= self.show:
            detail = "".join(c if c.isprintable() else "?" for c in exc.detail[:200])
            self.err.write(f"line {number}: {exc.reason}: {detail}{note}\n")
        elif self.bad == self.show + 1:
            self.err.write("… more bad lines not shown (counted in the summary)\n")

    def finish(self, extra: str = "") -> int:
        """Print the summary; exit status 1 when nothing valid was read."""
        reasons = ", ".join(f"{r} {n}" for r, n in self.reasons.most_common())
        bad = f"{self.bad} bad ({reasons})" if self.bad else "0 bad"
        tail = "" if self.valid else "; no valid article read"
        self.err.write(
            f"{self.command}: {self.valid} valid, {bad} of {self.lines} lines{extra}{tail}\n"
        )
        return 0 if self.valid else 1


def read_articles(
    stream: IO[bytes], max_bytes: int, report: Report, only: Collection[str] | None = None
) -> Iterator[tuple[dict[str, object], Article]]:
    """(raw dict, Article) per valid line; bad lines go to the report, blank lines are skipped.

    `only`: the article fields the caller reads (see `articles.read_input_line`).
    """
    for line in read_lines(stream, max_bytes):
        report.lines += 1
        try:
            if line.data is None:
                check_size(line.size, max_bytes)
            got = read_input_line(line.data or b"", max_bytes, only)
        except InvalidArticle as exc:
            report.reject(line.number, exc)
            continue
        if got is not None:
            report.valid += 1
            yield got
