"""The situation map: a replayed timeline through the real broker and two workers, in Chromium."""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from pathlib import Path
from urllib.parse import quote

import pytest

from frontline import topics
from frontline_dev.procs import WorkerProcess

from . import chromium
from .helpers import consume_until, produce

pytestmark = pytest.mark.integration
TIMELINE = Path(__file__).parents[1] / "fixtures" / "offensive_timeline.jsonl"
DOCS_PNG = Path(__file__).parents[2] / "docs" / "map.png"
HTS = "Hayat Tahrir al-Sham"
SDF = "Syrian Democratic Forces"
RAQQA = (
    b"map-01",
    b'{"id": "map-01", "published": "2024-12-03T10:00:00Z", "text": '
    b'"The Syrian Democratic Forces continue to hold Raqqa, residents said on Tuesday."}',
)
HTS_RED = (0xD7, 0x26, 0x3D)  # first palette colour in map.js: the first non-state actor


@pytest.fixture(scope="module")
def chromium_bin() -> str:
    binary = chromium.find()
    if binary is None:
        pytest.skip(
            "chromium is not installed and could not be installed (scripts/ensure-chromium.sh)"
        )
    return binary


def _red_pixels(png: Path) -> int:
    from PIL import Image

    raw = Image.open(png).convert("RGB").tobytes()
    return sum(
        1 for i in range(0, len(raw), 3) if all(abs(raw[i + k] - HTS_RED[k]) < 12 for k in range(3))
    )


def test_map_shows_control_changes_with_evidence(stream_settings, tmp_path, chromium_bin):
    s = stream_settings
    lines = TIMELINE.read_text().splitlines()
    with (
        WorkerProcess(s, log_path=tmp_path / "worker.log").start() as w,
        WorkerProcess(s, log_path=tmp_path / "worker2.log").start() as w2,
    ):
        produce(s, [RAQQA])  # a second actor, holding a place with a curated English name
        for x in lines:  # paced like a feed: articles of later days arrive later
            produce(s, [(json.loads(x)["id"].encode(), x.encode())])
            time.sleep(0.3)
        changes = consume_until(s, topics.EVENTS_CONTROL, lambda m: len(m) >= 9, settle=2)
        snap = json.loads(w.get("/situation"))
        one = json.loads(w.get("/situation?place=gn:170017"))
        other = json.loads(w2.get("/situation"))
        by_name = json.loads(w2.get("/situation?name=Hama"))
        owned = [json.loads(x.get("/health"))["partitions"] for x in (w, w2)]
        page = w.get("/map").decode()
        dom = chromium.run(chromium_bin, w.url + "/map", tmp_path / "p1", "--dump-dom").decode()
        early = chromium.run(
            chromium_bin, w.url + "/map?day=2024-11-30", tmp_path / "p3", "--dump-dom"
        ).decode()
        sdf = chromium.run(
            chromium_bin, w.url + "/map?actor=" + quote(SDF), tmp_path / "p4", "--dump-dom"
        ).decode()
        shot = tmp_path / "map.png"
        chromium.run(
            chromium_bin,
            w.url + "/map?day=2024-12-08#gn%3A170017",
            tmp_path / "p2",
            f"--screenshot={shot}",
        )

    # The read model holds what the control agent published: every changed place, now HTS's.
    changed = {c["location"]["geonameid"] for c in changes if c["controller"]}
    held = {p["location"]["geonameid"]: (p["controller"] or {}).get("name") for p in snap["places"]}
    assert changed and changed <= set(held), (changed, held)
    assert all(held[g] == HTS for g in changed), held
    assert held[172955] == SDF

    # Two workers share the partitions, yet each answers with every place, the same way.
    assert sorted(owned[0] + owned[1]) == [0, 1, 2, 3], owned
    assert other["places"] == snap["places"]
    assert by_name["places"] == one["places"]  # by English name, from the other worker

    # Hama is shown by its English name, its native name beside, with the sentence behind it.
    (hama,) = one["places"]
    assert (hama["display_name"], hama["native_name"]) == ("Hama", "Ḩamāh")
    cited = [one["events"][i] for h in hama["history"] for i in h["event_ids"]]
    assert any("Hama fell to Hayat Tahrir al-Sham" in e["evidence"] for e in cited), cited
    assert {e["article_id"] for e in cited} >= {"tl-07"}

    # The page is served with its bundled assets, and in Chromium it draws one marker per place.
    assert "/map/assets/map.js" in page
    assert 'data-ready="1"' in dom, dom[:2000]
    markers = re.findall(r'<a class="marker[^"]*" href="#([^"]+)"', dom)
    assert len(markers) == snap["count"] >= len(changed), markers
    assert "Hama" in dom and "Damascus" in dom
    assert dom.count(f'data-controller="{HTS}"') >= len(changed)
    # The time slider: as of 30 November only Saraqib and Aleppo had been taken.
    assert 'id="day-label">2024-11-30<' in early, early[:1500]
    early_markers = re.findall(r'<a class="marker[^"]*" href="#([^"]+)"', early)
    assert sorted(early_markers) == ["gn%3A164816", "gn%3A170063"], early_markers

    # The actor filter: only the place the second actor holds, under its English name.
    assert re.findall(r'<a class="marker[^"]*" href="#([^"]+)"', sdf) == ["gn%3A172955"]
    assert ">Raqqa</text>" in sdf and "Ar Raqqah" not in sdf.split("<aside")[0]

    # The screenshot shows HTS-coloured markers and Hama's evidence panel.
    assert shot.stat().st_size > 20_000
    assert _red_pixels(shot) > 200
    if os.environ.get("FRONTLINE_UPDATE_DOCS"):
        shutil.copyfile(shot, DOCS_PNG)
