"""The worker's HTTP views are read-only and paged, against a real worker and broker."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

from frontline import topics
from frontline.paging import MAX_LIMIT
from frontline_dev.procs import WorkerProcess

from .helpers import article, consume_until, produce

pytestmark = pytest.mark.integration

FEED = [
    article("w-1", "2024-11-30T20:00:00Z", "Hayat Tahrir al-Sham fighters captured Aleppo."),
    article("w-2", "2024-12-05T19:00:00Z", "Hama fell to Hayat Tahrir al-Sham on Thursday."),
    article("w-3", "2024-12-07T10:00:00Z", "Hayat Tahrir al-Sham fighters captured Homs."),
]


def _status(w: WorkerProcess, path: str, method: str = "GET") -> tuple[int, dict | None]:
    req = urllib.request.Request(
        w.url + path, method=method, data=None if method == "GET" else b"{}"
    )
    try:
        with urllib.request.urlopen(req, timeout=5) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as exc:
        body = exc.read()
        try:
            return exc.code, json.loads(body)
        except ValueError:
            return exc.code, None


def test_views_are_read_only_and_paged(stream_settings, tmp_path):
    s = stream_settings
    with WorkerProcess(s, log_path=tmp_path / "worker.log").start() as w:
        produce(s, FEED)
        changes = consume_until(s, topics.EVENTS_CONTROL, lambda m: len(m) >= 3, settle=1)
        assert len(changes) == 3
        first = json.loads(w.get("/control?limit=2"))
        second = json.loads(w.get("/control?limit=2&offset=2"))
        everything = json.loads(w.get("/control"))
        bad = {
            q: _status(w, f"/control?{q}")
            for q in ("limit=0", f"limit={MAX_LIMIT + 1}", "limit=abc", "offset=-1")
        }
        momentum = json.loads(w.get("/momentum?limit=1"))
        writes = {
            (m, p): _status(w, p, m)[0]
            for m in ("POST", "PUT", "DELETE", "PATCH")
            for p in ("/control", "/control/gn%3A170063", "/momentum", "/health")
        }
        faust_tables = _status(w, "/table/")[0]

    assert [first["count"], first["limit"], first["offset"], first["next_offset"]] == [3, 2, 0, 2]
    assert len(first["places"]) == 2 and len(second["places"]) == 1
    assert second["next_offset"] is None
    paged = [p["key"] for p in first["places"] + second["places"]]
    assert paged == [p["key"] for p in everything["places"]] == sorted(paged)
    assert everything["limit"] == 100
    for q, (code, body) in bad.items():
        assert code == 400, q
        assert body and ("limit" in body["error"] or "offset" in body["error"])
    assert momentum["count"] >= 1 and len(momentum["actors"]) == 1
    assert set(writes.values()) == {405}, writes
    assert faust_tables == 404  # Faust's own /table views (internal tables) are off
