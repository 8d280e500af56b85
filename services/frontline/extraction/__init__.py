"""Territorial-change event extraction.

`extract(article)` is the one entry point both the Faust agent and the offline
`frontline extract` command call, so the stream and batch runs share exactly this code.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from frontline.extraction.places import GeoparserLike, StaticGeoparser
from frontline.models import Article, Event

if TYPE_CHECKING:
    import click

    from frontline.extraction.pipeline import Extractor

__all__ = ["GeoparserLike", "StaticGeoparser", "extract", "extract_command", "warm"]


def _default_geoparser() -> GeoparserLike:
    from frontline.geo import Geoparser  # imported lazily: the gazetteer is heavy

    return Geoparser.default()


def extract(
    article: Article, geoparser: GeoparserLike | None = None, *, history: bool = False
) -> list[Event]:
    """Events in one article; pure and deterministic. Default geoparser: Geoparser.default().

    Background the article recalls (a change dated more than `HISTORY_DAYS` before
    publication: "Russian troops captured Vuhledar on Oct. 1 last year") is no news and is
    left out; `history=True` keeps it, with its own past date, for timelines and for the
    tests of how the past is dated."""
    geo = geoparser if geoparser is not None else _default_geoparser()
    events = _extractor(geo).extract(article)
    if history:
        return events
    from frontline.extraction.history import is_history

    pub = article.published_date
    return [ev for ev in events if not is_history(ev, pub)]


# A sentence that reaches every stage (actors, a frame, a place, a date): extracting it once
# builds the tables those stages build on first use.
_WARM_TEXT = (
    "Rebels captured the town of Saraqib in Idlib province on Monday after heavy fighting "
    "with government forces, a monitor said."
)


def warm(geoparser: GeoparserLike | None = None) -> float:
    """Build the extractor's lazily compiled tables (actor automaton, lexicons, frames) now.

    The worker calls this before it joins the group, so the first article after a start or
    a rebalance is not slowed by ~0.5 s of table building. Returns the seconds it took."""
    from time import perf_counter

    t0 = perf_counter()
    extract(
        Article.model_validate(
            {"id": "warm-up", "published": "2024-03-04", "source": "warm-up", "text": _WARM_TEXT}
        ),
        geoparser,
    )
    return perf_counter() - t0


@lru_cache(maxsize=8)
def _extractor(geo: GeoparserLike) -> Extractor:
    """One compiled extractor per geoparser (geoparsers hash by identity)."""
    from frontline.extraction.pipeline import Extractor

    return Extractor(geo)


def __getattr__(name: str) -> click.Command:
    # The click command is imported on first use so `extract` stays light for the agent.
    if name == "extract_command":
        from frontline.extraction.command import extract_command

        return extract_command
    raise AttributeError(name)
