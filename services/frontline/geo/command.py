"""`frontline geoparse`: articles in, one line of places per article out."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import IO

import click
import orjson

from frontline.geo.parser import Geoparser
from frontline.models import Article

# what geoparse reads; toponym corpora carry other metadata (`source` as an object)
GEOPARSE_FIELDS = ("id", "published", "title", "text")


@click.command("geoparse")
@click.option(
    "--input",
    "input_",
    type=click.File("rb"),
    default="-",
    show_default=True,
    help="Articles, one per line: JSON (id, published, text, optional title) or "
    "`date YYYY-MM-DD text`, as `frontline ingest` reads them.",
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
    """Geoparse articles: find and resolve place names to GeoNames.

    Bad lines are reported on stderr with their number and reason; exits 1 when no line
    was a valid article.
    """
    from frontline.inputs import Report, read_articles
    from frontline.settings import get_settings

    gp = Geoparser.default()
    report = Report("geoparse", err=click.get_text_stream("stderr"))
    arts: Iterable[tuple[dict[str, object], Article]] = read_articles(
        input_, get_settings().max_article_bytes, report, only=GEOPARSE_FIELDS
    )
    if sys.stderr.isatty():
        from tqdm import tqdm

        arts = tqdm(arts, desc="geoparse", unit="article", file=sys.stderr)
    for _, art in arts:
        # spans index `text`; the title only adds country context
        context = f"{art.title}\n{art.text}" if art.title else None
        places = gp.parse(art.text, context_text=context, include_demonyms=demonyms)
        output.write(orjson.dumps({"article_id": art.id, "places": [p.to_json() for p in places]}))
        output.write(b"\n")
    output.flush()
    code = report.finish()
    if code:
        raise SystemExit(code)
