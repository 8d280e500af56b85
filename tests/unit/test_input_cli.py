"""Offline commands (`extract`, `geoparse`) on bad input: line number, field, summary, exit code."""

from __future__ import annotations

import json
import random

import pytest
from click.testing import CliRunner

from frontline.extraction import extract_command
from frontline.geo import geoparse_command
from frontline.settings import get_settings
from frontline_dev.demo import sample_feed

COMMANDS = {"extract": extract_command, "geoparse": geoparse_command}
GOOD = json.dumps({"id": "g1", "published": "2024-11-30", "text": "Rebels captured Aleppo."})


@pytest.fixture
def small_limit(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("FRONTLINE_MAX_ARTICLE_BYTES", "2000")
    get_settings.cache_clear()
    yield 2000
    get_settings.cache_clear()


def _run(name: str, stdin: bytes | str):
    return CliRunner().invoke(COMMANDS[name], [], input=stdin)


def _json_lines(text: str) -> list[dict]:
    return [json.loads(x) for x in text.splitlines() if x.startswith("{")]


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_bundled_sample_feed_reports_its_bad_line_and_goes_on(name: str) -> None:
    feed = sample_feed().read_bytes()
    lines = feed.splitlines()
    bad_no = next(i for i, x in enumerate(lines, 1) if not x.startswith(b"{"))
    res = _run(name, feed)
    assert res.exit_code == 0, res.output
    assert "Traceback" not in res.output
    assert f"line {bad_no}: schema: published" in res.stderr
    valid = len(lines) - 1
    assert f"{valid} valid" in res.stderr and "1 bad" in res.stderr
    if name == "geoparse":
        assert len(_json_lines(res.stdout)) == valid


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_binary_input_fails_with_a_bounded_report(name: str) -> None:
    data = random.Random(11).randbytes(300_000)  # ~1,200 "lines" of noise
    res = _run(name, data)
    assert res.exit_code != 0
    err = res.stderr.splitlines()
    assert len(err) <= 25, f"{len(err)} stderr lines"
    assert "no valid article" in res.stderr
    assert "more bad lines not shown" in res.stderr


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_validation_errors_name_the_field(name: str) -> None:
    no_date = json.dumps({"id": "a", "text": "Rebels captured Aleppo."})
    bad_type = json.dumps({"id": "b", "published": "2024-11-30", "text": ["not", "text"]})
    res = _run(name, f"{GOOD}\n{no_date}\n{bad_type}\n")
    assert res.exit_code == 0, res.output
    assert "line 2: schema: published: Field required" in res.stderr
    assert "line 3: schema: text:" in res.stderr


def test_extract_accepts_the_plain_lines_ingest_accepts() -> None:
    res = _run("extract", "date 2024-11-30 Rebels captured Aleppo.\n")
    assert res.exit_code == 0, res.output
    events = _json_lines(res.stdout)
    assert [(e["type"], e["location"]["name"]) for e in events] == [("capture", "Aleppo")]


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_oversized_line_rejected_with_its_number_never_truncated(name: str, small_limit) -> None:
    big = json.dumps(
        {"id": "big", "published": "2024-11-30", "text": "Rebels captured Homs. " * 200}
    )
    assert len(big) > small_limit
    res = _run(name, f"{GOOD}\n{big}\n{GOOD.replace('g1', 'g3')}\n")
    assert res.exit_code == 0, res.output
    assert f"line 2: too_large: {len(big)} bytes > {small_limit}" in res.stderr
    out = _json_lines(res.stdout)
    ids = {o.get("article_id") for o in out}
    assert "big" not in ids and {"g1", "g3"} <= ids


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_nothing_valid_exits_non_zero(name: str) -> None:
    res = _run(name, "not json\n{}\n")
    assert res.exit_code == 1
    assert "line 1: " in res.stderr and "line 2: schema: id: Field required" in res.stderr


def test_geoparse_reads_toponym_corpus_records_with_foreign_metadata() -> None:
    """Geoparsing corpora carry `source` as an object: geoparse reads only the fields it uses,
    while `extract` still rejects such a record as an article (the stream's contract)."""
    rec = {
        "id": "corpus-1",
        "published": "2016-12-19",
        "source": {"docid": "104", "domain": "example.org"},
        "toponyms": [{"start": 24, "end": 30}],
        "text": "Rebels captured it near Aleppo on Monday.",
    }
    geo = _run("geoparse", json.dumps(rec) + "\n")
    assert geo.exit_code == 0, geo.output
    (out,) = _json_lines(geo.stdout)
    assert out["article_id"] == "corpus-1" and out["places"]
    ext = _run("extract", json.dumps(rec) + "\n")
    assert ext.exit_code != 0 and "source" in ext.stderr
