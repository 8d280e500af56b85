"""Issue 10, round 9 (places): anchors stay in their sentence, divisions the gazetteer lacks,
groups that fight in several countries. Sentences written for these tests (none from the
evaluation sets)."""

from __future__ import annotations

import pytest

from frontline.extraction import extract
from frontline.geo.parser import Geoparser
from frontline.models import Article


@pytest.fixture(scope="module")
def real() -> Geoparser:
    return Geoparser.default()


def _events(geo: Geoparser, text: str) -> list:
    art = Article.model_validate(
        {"id": "r9", "published": "2024-03-01", "source": "test", "title": "", "text": text}
    )
    return extract(art, geo)


def test_unknown_town_is_not_anchored_across_a_full_stop(real: Geoparser) -> None:
    text = (
        "ADIGRAT, Ethiopia - Shelling resumed in Ethiopia's Tigray region on Monday, residents "
        "of Adigrat and Shire said, and federal troops moved north from Mekelle. Officials in "
        "Ethiopia said Eritrean units still hold hills near the border town of Zalambessa. "
        "Asmara has made no comment."
    )
    (z,) = [p for p in real.parse(text) if p.mention == "Zalambessa"]
    assert z.country_code == "ET" and z.admin1 == "ET.53"
    # with a comma the place after the name does locate it
    same = "Fighting was reported near the village of Zalambessa, Asmara."
    (z,) = [p for p in real.parse(same) if p.mention == "Zalambessa"]
    assert z.admin1 == "ER.05"
