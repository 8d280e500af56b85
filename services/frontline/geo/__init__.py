"""Gazetteer and toponym resolution (GeoNames): `Geoparser.default().parse(text)`."""

from frontline.geo.command import geoparse_command
from frontline.geo.parser import Geoparser
from frontline.geo.place import Place

__all__ = ["Geoparser", "Place", "geoparse_command"]
