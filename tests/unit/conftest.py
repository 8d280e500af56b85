"""Fixtures of the unit tests that need the real gazetteer."""

from __future__ import annotations

import pytest

from frontline.geo.parser import Geoparser


@pytest.fixture(scope="session")
def real() -> Geoparser:
    """The real GeoNames index (built once, then loaded): rules about namesakes need it."""
    return Geoparser.default()
