"""`frontline extract`: the offline twin of the stream agent (same `extract()` code)."""

from __future__ import annotations

import sys
from typing import IO

import click
import orjson
from pydantic import ValidationError
from tqdm import tqdm

from frontline.models import Article


@click.command("extract")
@click.option("--input", "input_", type=click.File("rb"), default="-", help="ARTICLES.jsonl")
@click.option("--output", type=click.File("wb"), default="-", help="EVENTS.jsonl")
def extract_command(input_: IO[bytes], output: IO[bytes]) -> None:
    """Extract territorial-change events from ARTICLES.jsonl, one Event JSON per line."""
    from frontline.extraction import _default_geoparser, extract

    geo = _default_geoparser()
    err = click.get_text_stream("stderr")
    lines = tqdm(input_, desc="extract", unit=" art", disable=not sys.stderr.isatty())
    n_bad = n_events = 0
    for lineno, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            article = Article.model_validate(orjson.loads(raw))
        except (orjson.JSONDecodeError, ValidationError, TypeError) as exc:
            n_bad += 1
            first = str(exc).splitlines()[0][:200]
            err.write(f"line {lineno}: invalid article skipped: {first}\n")
            continue
        for event in extract(article, geo):
            output.write(event.model_dump_json().encode() + b"\n")
            n_events += 1
    output.flush()
    if n_bad:
        err.write(f"{n_bad} invalid line(s) skipped\n")
