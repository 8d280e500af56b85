"""The Place value returned by the geoparser."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Place:
    """A resolved toponym. start/end index the text given to parse(); admin1 like "SY.06"."""

    mention: str
    start: int
    end: int
    name: str
    geonameid: int | None
    country_code: str
    admin1: str | None
    lat: float
    lon: float
    level: str  # "city" | "admin1" | "country" | "region"
    confidence: float  # 0..1
    feature_code: str = ""  # GeoNames feature code: PPLC, PPLA, PPL, ADM1, PCLI, ...
    population: int = 0
    importance: float = 1.0  # momentum weight from data/geo/importance.tsv

    def to_json(self) -> dict[str, object]:
        """The wire form used by `frontline geoparse`."""
        return {
            "mention": self.mention,
            "start": self.start,
            "end": self.end,
            "name": self.name,
            "geonameid": self.geonameid,
            "country_code": self.country_code,
            "admin1": self.admin1,
            "lat": self.lat,
            "lon": self.lon,
            "level": self.level,
            "confidence": self.confidence,
        }
