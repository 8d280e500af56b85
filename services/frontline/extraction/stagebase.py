"""What the extraction stages read from the extractor they are mixed into (for the type checker
and the reader: each stage module says which of these it uses)."""

from __future__ import annotations

from frontline.actors import ActorDictionary
from frontline.extraction.lexicon import Lexicon
from frontline.extraction.places import GeoparserLike


class StageBase:
    geo: GeoparserLike
    actors: ActorDictionary
    lex: Lexicon
