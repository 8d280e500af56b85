"""Gazetteer and toponym resolution (GeoNames)."""
