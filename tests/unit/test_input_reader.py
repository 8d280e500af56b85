"""The bounded line reader, and one size verdict for every way an article comes in."""

from __future__ import annotations

import io
from pathlib import Path

import orjson
import pytest

from frontline.articles import InvalidArticle, parse_input_line, parse_record
from frontline.ingest import records
from frontline.inputs import Report, read_articles, read_lines


def _lines(data: bytes, limit: int) -> list[tuple[int, bytes | None, int]]:
    return [(x.number, x.data, x.size) for x in read_lines(io.BytesIO(data), limit)]


def test_lines_at_the_limit_pass_and_one_byte_more_is_skipped_unread() -> None:
    ok, over = b"a" * 10, b"b" * 11
    data = ok + b"\n" + over + b"\r\n" + ok + b"\r\n" + b"c" * 100_000 + b"\n" + over
    assert _lines(data, 10) == [
        (1, ok, 10),
        (2, None, 11),
        (3, ok, 10),
        (4, None, 100_000),
        (5, None, 11),  # last line, no newline
    ]
    assert _lines(b"", 10) == []
    assert _lines(b"\n\nx", 10) == [(1, b"", 0), (2, b"", 0), (3, b"x", 1)]


def _article(size: int) -> bytes:
    base = orjson.dumps({"id": "a", "published": "2024-11-30", "text": ""})
    return orjson.dumps({"id": "a", "published": "2024-11-30", "text": "x" * (size - len(base))})


@pytest.mark.parametrize("size", [999, 1000, 1001])
def test_every_entry_point_gives_the_same_verdict(size: int, tmp_path: Path) -> None:
    raw = _article(size)
    assert len(raw) == size
    limit = 1000
    verdicts = []
    for fn in (parse_record, parse_input_line):
        try:
            fn(raw, limit)
            verdicts.append("ok")
        except InvalidArticle as exc:
            verdicts.append(exc.reason)
    report = Report("extract", err=io.StringIO())
    got = list(read_articles(io.BytesIO(raw + b"\n"), limit, report))
    verdicts.append("ok" if got else next(iter(report.reasons)))
    path = tmp_path / "a.jsonl"
    path.write_bytes(raw + b"\n")
    report = Report("ingest", err=io.StringIO())
    sent = list(records(path, limit, report))
    verdicts.append("ok" if sent else next(iter(report.reasons)))
    expected = "ok" if size <= limit else "too_large"
    assert verdicts == [expected] * 4


def test_a_plain_line_is_checked_again_as_the_json_ingest_sends(tmp_path: Path) -> None:
    """Quotes grow when a plain line becomes JSON: the record sent must still fit the limit."""
    line = "date 2024-11-30 " + '"' * 600
    path = tmp_path / "a.txt"
    path.write_text(line + "\n")
    report = Report("ingest", err=io.StringIO())
    assert len(line) < 1000 and list(records(path, 1000, report)) == []
    assert report.reasons == {"too_large": 1}
    assert "line 1: too_large" in report.err.getvalue()
