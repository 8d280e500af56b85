"""One note through the extractor, as the round tests write them: a text and its date."""

from __future__ import annotations

from frontline.extraction import extract
from frontline.extraction.places import GeoparserLike
from frontline.models import Article, Event


def note_events(
    geo: GeoparserLike,
    text: str,
    published: str,
    article_id: str = "note",
    *,
    history: bool = False,
) -> list[Event]:
    """The events of `text` published on `published` (YYYY-MM-DD); `history` keeps the
    background the note recalls, with its own date."""
    art = Article.model_validate(
        {"id": article_id, "published": published, "source": "test", "title": "", "text": text}
    )
    return extract(art, geo, history=history)
