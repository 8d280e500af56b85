"""Situation map: a page served by the worker (`/map`) and its JSON view (`/situation`).

The page (data/map/) draws country outlines bundled from npm's world-atlas with d3-geo and
topojson-client (vendored, see scripts/vendor-map-assets.sh): no tile server at run time.
"""

from __future__ import annotations

from frontline.situation.views import register

__all__ = ["register"]
