"""The named part of a province: "northern Hama", "the north/western areas of Hadhramawt".

An unknown village placed at its admin1 lands at the province's point, whatever part of the
province the text names. When it names one ("X town in northern Hama"), the centre of the
province's own cities (cities500) lying furthest that way is a better estimate: the part's
point, still an area (the event keeps `level: admin1`). Only fallbacks move, never the admin1
toponym itself.
"""

from __future__ import annotations

import math
import re
import statistics
from array import array

from frontline.geo.gazetteer import KIND_CITY, Gazetteer

# unit bearings (north, east) of the direction words of `data/geo/directions.txt`
_AXES = {"north": (1.0, 0.0), "south": (-1.0, 0.0), "east": (0.0, 1.0), "west": (0.0, -1.0)}
PART_SHARE = 1 / 3  # "northern X" is the third of X's cities furthest north
MIN_CITIES = 6  # fewer cities than this say nothing about a province's parts


def bearing(words: str) -> tuple[float, float] | None:
    """(north, east) unit vector of 'north-eastern', 'southern and eastern', 'north/western'."""
    n = e = 0.0
    for w in re.findall(r"north|south|east|west", words.lower()):
        dn, de = _AXES[w]
        n, e = n + dn, e + de
    size = math.hypot(n, e)
    return None if size == 0 else (n / size, e / size)


def cities_by_admin1(g: Gazetteer) -> dict[str, array[int]]:
    """City records per admin1 code (one pass over the gazetteer; callers keep it). Packed
    int arrays: 4 bytes a city instead of ~36 as a list of ints (9 MB -> 1 MB)."""
    by: dict[str, array[int]] = {}
    for r, kind in enumerate(g.kind):
        if kind == KIND_CITY and g.admin1[r]:
            by.setdefault(g.admin1[r], array("i")).append(r)
    return by


def part_point(
    g: Gazetteer,
    cities: dict[str, array[int]],
    code: str,
    way: tuple[float, float],
    share: float = PART_SHARE,
) -> tuple[float, float] | None:
    """Median point of the `share` of admin1 `code`'s cities furthest along `way`."""
    rec = g.admin1_rec.get(code)
    recs = cities.get(code, array("i"))
    if rec is None or len(recs) < MIN_CITIES:
        return None
    lat0, lon0 = g.lat[rec], g.lon[rec]
    cos0 = math.cos(math.radians(lat0))

    def along(r: int) -> float:
        return (g.lat[r] - lat0) * way[0] + (g.lon[r] - lon0) * cos0 * way[1]

    far = sorted(recs, key=along, reverse=True)[: max(2, round(len(recs) * share))]
    return statistics.median(g.lat[r] for r in far), statistics.median(g.lon[r] for r in far)
