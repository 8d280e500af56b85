"""`frontline geoparse`: JSONL articles in, one line of places per article out."""

from __future__ import annotations

import sys
from typing import IO

import click
import orjson

from frontline.geo.parser import Geoparser


def _article_text(art: dict) -> str:
    return art.get("text") or ""


@click.command("geoparse")
@click.option(
    "--input",
    "input_",
    type=click.File("rb"),
    default="-",
    show_default=True,
    help="JSONL articles: id, published, text, optional title.",
)
@click.option(
    "--output",
    type=click.File("wb"),
    default="-",
    show_default=True,
    help="JSONL: {article_id, places: [...]}",
)
@click.option(
    "--demonyms/--no-demonyms",
    default=False,
    show_default=True,
    help="Also emit adjectives ('Syrian') as country places (toponym corpora only).",
)
def geoparse_command(input_: IO[bytes], output: IO[bytes], demonyms: bool) -> None:
    """Geoparse articles: find and resolve place names to GeoNames."""
    gp = Geoparser.default()
    lines = input_
    if sys.stderr.isatty():
        from tqdm import tqdm

        lines = tqdm(input_, desc="geoparse", unit="article", file=sys.stderr)
    for raw in lines:
        if not raw.strip():
            continue
        art = orjson.loads(raw)
        text = _article_text(art)
        title = art.get("title") or ""
        # spans index `text`; the title only adds country context
        context = f"{title}\n{text}" if title else None
        places = gp.parse(text, context_text=context, include_demonyms=demonyms)
        output.write(
            orjson.dumps({"article_id": art.get("id"), "places": [p.to_json() for p in places]})
        )
        output.write(b"\n")
