"""`frontline extract`: the offline twin of the stream agent (same `extract()` code)."""

from __future__ import annotations

import sys
from typing import IO

import click
from tqdm import tqdm


@click.command("extract")
@click.option("--input", "input_", type=click.File("rb"), default="-", help="ARTICLES.jsonl")
@click.option("--output", type=click.File("wb"), default="-", help="EVENTS.jsonl")
@click.option(
    "--history",
    is_flag=True,
    help="Also emit the background an article recalls (changes dated more than 30 days "
    "before it), each with its own past date.",
)
def extract_command(input_: IO[bytes], output: IO[bytes], history: bool) -> None:
    """Extract territorial-change events from ARTICLES (JSONL or `date YYYY-MM-DD text`).

    Bad lines are reported on stderr with their number and reason; exits 1 when no line
    was a valid article.
    """
    from frontline.extraction import _default_geoparser, extract
    from frontline.inputs import Report, read_articles
    from frontline.settings import get_settings

    geo = _default_geoparser()
    report = Report("extract", err=click.get_text_stream("stderr"))
    arts = read_articles(input_, get_settings().max_article_bytes, report)
    n_events = 0
    for _, article in tqdm(arts, desc="extract", unit=" art", disable=not sys.stderr.isatty()):
        for event in extract(article, geo, history=history):
            output.write(event.model_dump_json().encode() + b"\n")
            n_events += 1
    output.flush()
    code = report.finish(f", {n_events} events")
    if code:
        raise SystemExit(code)
