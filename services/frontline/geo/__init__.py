"""Gazetteer and toponym resolution (GeoNames): `Geoparser.default().parse(text)`.

Names are resolved lazily (PEP 562) so `python -m frontline.geo.index` and light importers do
not load the parser stack.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from frontline.geo.command import geoparse_command
    from frontline.geo.parser import Geoparser
    from frontline.geo.place import Place

__all__ = ["Geoparser", "Place", "geoparse_command"]


def __getattr__(name: str) -> Any:
    if name == "Geoparser":
        from frontline.geo.parser import Geoparser

        return Geoparser
    if name == "Place":
        from frontline.geo.place import Place

        return Place
    if name == "geoparse_command":
        from frontline.geo.command import geoparse_command

        return geoparse_command
    raise AttributeError(name)
