"""Territorial-change event extraction.

`extract(article)` is the one entry point both the Faust agent and the offline
`frontline extract` command call, so the stream and batch runs share exactly this code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from frontline.extraction.places import GeoparserLike, StaticGeoparser
from frontline.models import Article, Event

if TYPE_CHECKING:
    import click

__all__ = ["GeoparserLike", "StaticGeoparser", "extract", "extract_command"]

_EXTRACTORS: dict[int, Any] = {}


def _default_geoparser() -> GeoparserLike:
    from frontline.geo import Geoparser  # imported lazily: the gazetteer is heavy

    return Geoparser.default()


def extract(article: Article, geoparser: GeoparserLike | None = None) -> list[Event]:
    """Events in one article; pure and deterministic. Default geoparser: Geoparser.default()."""
    from frontline.extraction.pipeline import Extractor

    geo = geoparser if geoparser is not None else _default_geoparser()
    ex = _EXTRACTORS.get(id(geo))
    if ex is None or ex.geo is not geo:
        ex = Extractor(geo)
        if len(_EXTRACTORS) > 8:
            _EXTRACTORS.clear()
        _EXTRACTORS[id(geo)] = ex
    return ex.extract(article)


def __getattr__(name: str) -> click.Command:
    # The click command is imported on first use so `extract` stays light for the agent.
    if name == "extract_command":
        from frontline.extraction.command import extract_command

        return extract_command
    raise AttributeError(name)
