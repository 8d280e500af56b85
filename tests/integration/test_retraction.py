"""A retraction through the real broker and worker: an alert fires on two captures; the
article behind one is retracted; its events are taken back, control is recomputed and the
alert resolves (issue 13, contract 1.2)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from frontline import topics
from frontline_dev.procs import WorkerProcess

from .helpers import consume_until, produce

pytestmark = pytest.mark.integration
HTS = "Hayat Tahrir al-Sham"
SARAQIB, ALEPPO = 164816, 170063
ARTICLES = [
    {"id": "rt-01", "published": "2024-11-29T17:00:00Z",
     "text": "Hayat Tahrir al-Sham fighters captured Saraqib on Friday, a war monitor said."},
    {"id": "rt-02", "published": "2024-11-30T20:00:00Z",
     "text": "Hayat Tahrir al-Sham seized Aleppo on Saturday after government troops withdrew "
             "from Aleppo."},
]  # fmt: skip


def _explain(s, alert_id: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FRONTLINE_")}
    env |= {"FRONTLINE_BROKER": s.broker, "FRONTLINE_TOPIC_PREFIX": s.topic_prefix}
    done = subprocess.run(
        [sys.executable, "-m", "frontline.cli", "explain", alert_id],
        env=env, capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    return done.stdout


def _send(s, article: dict) -> None:
    produce(s, [(article["id"].encode(), json.dumps(article).encode())])


def test_retracting_an_article_recomputes_control_and_resolves_its_alert(stream_settings, tmp_path):
    # Saraqib (0.35) alone stays under the threshold; with Aleppo (0.8) it fires.
    s = stream_settings.model_copy(
        update={"momentum_alert_threshold": 1.0, "momentum_resolve_threshold": 0.5}
    )
    with WorkerProcess(s, log_path=tmp_path / "worker.log").start() as w:
        for a in ARTICLES:
            _send(s, a)
        fired = consume_until(
            s, topics.ALERTS_MOMENTUM, lambda m: len(m) >= 2, timeout=90, settle=2
        )
        firing = next(a for a in fired if a["rule"] == "offensive_momentum")
        why = _explain(s, firing["alert_id"])  # the chain behind the alert, before the retraction
        _send(s, {**ARTICLES[1], "retracted": True})
        alerts = consume_until(
            s,
            topics.ALERTS_MOMENTUM,
            lambda m: any(a["state"] == "resolved" for a in m),
            timeout=60,
            settle=2,
        )
        events = consume_until(s, topics.EVENTS_TERRITORIAL, lambda m: True, settle=1)
        changes = consume_until(s, topics.EVENTS_CONTROL, lambda m: True, settle=1)
        control_map = json.loads(w.get("/control"))
        history = json.loads(w.get("/situation?name=Aleppo"))
        why_after = _explain(s, firing["alert_id"])

    mom = [a for a in alerts if a["rule"] == "offensive_momentum"]
    assert [(a["state"], a["actor"]) for a in mom] == [("firing", HTS), ("resolved", HTS)]
    assert mom[0]["alert_id"] == mom[1]["alert_id"] and mom[1]["reason"] == "retraction"
    assert mom[1]["value"] < s.momentum_resolve_threshold
    capital = [(a["state"], a["reason"]) for a in alerts if a["rule"] == "capital_changed_hands"]
    assert capital == [("firing", None), ("resolved", "retraction")]  # Aleppo, admin1 capital

    # Every event of the retracted article is taken back, keyed like the original.
    originals = {e["event_id"] for e in events if e["article_id"] == "rt-02"
                 and e.get("revision", "original") == "original"}  # fmt: skip
    taken_back = [e for e in events if e.get("revision") == "retracted"]
    assert originals and {e["retracts"] for e in taken_back} == originals
    assert all(e["article_id"] == "rt-02" for e in taken_back)

    # Aleppo's capture is superseded by a recomputed change; Saraqib's stands.
    aleppo = [c for c in changes if c["location"]["geonameid"] == ALEPPO]
    captured = next(c for c in aleppo if (c["controller"] or {}).get("name") == HTS)
    recomputed = [c for c in aleppo if c.get("revision") == "recomputed"]
    assert recomputed and recomputed[0]["supersedes"] == captured["change_id"]
    assert (recomputed[-1]["controller"] or {}).get("name") != HTS
    held = {
        p["location"]["geonameid"]: (p["controller"] or {}).get("name")
        for p in control_map["places"]
    }
    assert held[SARAQIB] == HTS and held.get(ALEPPO) != HTS, held

    # `frontline explain` named both places and the sentences behind the alert; after the
    # retraction it marks Aleppo's evidence as retracted.
    for a in ARTICLES:
        assert f"“{a['text']}”" in why, why
    assert " Aleppo, SY (" in why and " Saraqib, SY (" in why, why
    assert "RETRACTED" not in why and "RETRACTED" in why_after, why_after

    # Aleppo's control history: the capture, then the recomputed entry that supersedes it.
    (place,) = history["places"]
    hist = place["history"]
    assert any(h["change_id"] == captured["change_id"] for h in hist[:-1]), hist
    last = hist[-1]
    assert last.get("revision") == "recomputed", hist
    assert last["supersedes"] == captured["change_id"], hist
    assert (last["controller"] or {}).get("name") != HTS, hist


def test_a_correction_takes_back_only_what_the_new_text_lacks(stream_settings, tmp_path):
    # Both versions go through the worker's tables; no article text is kept to compare them.
    s = stream_settings
    first = {"id": "rc-01", "published": "2024-11-29T17:00:00Z",
             "text": "Hayat Tahrir al-Sham fighters captured Saraqib and Khan Shaykhun on Friday, "
                     "a war monitor said."}  # fmt: skip
    fixed = {**first, "text": "Hayat Tahrir al-Sham fighters captured Khan Shaykhun on Friday, "
                              "a war monitor said."}  # fmt: skip
    with WorkerProcess(s, log_path=tmp_path / "worker.log").start() as w:
        _send(s, first)
        consume_until(s, topics.EVENTS_CONTROL, lambda m: len(m) >= 2, timeout=90, settle=1)
        _send(s, fixed)
        events = consume_until(
            s,
            topics.EVENTS_TERRITORIAL,
            lambda m: any(e.get("revision") == "retracted" for e in m),
            timeout=60,
            settle=2,
        )
        changes = consume_until(s, topics.EVENTS_CONTROL, lambda m: True, settle=1)
        control_map = json.loads(w.get("/control"))
        _send(s, first)  # A, B, A: Saraqib is back under a new id (its old one stays retracted)
        again = consume_until(
            s,
            topics.EVENTS_TERRITORIAL,
            lambda m: len({e["event_id"] for e in m if e["location"]["geonameid"] == SARAQIB}) >= 3,
            timeout=60,
            settle=2,
        )
        at = consume_until(
            s,
            topics.EVENTS_CONTROL,
            lambda m: sum(c["location"]["geonameid"] == SARAQIB for c in m) >= 3,
            timeout=60,
            settle=1,
        )
        back_map = json.loads(w.get("/control"))

    originals = [e for e in events if e.get("revision", "original") == "original"]
    saraqib = next(e for e in originals if e["location"]["geonameid"] == SARAQIB)
    [taken_back] = [e for e in events if e.get("revision") == "retracted"]
    assert taken_back["retracts"] == saraqib["event_id"]
    assert taken_back["location"] == saraqib["location"] and taken_back["article_id"] == "rc-01"
    # Khan Shaykhun's event comes again with the same id (count events by id).
    assert len({e["event_id"] for e in originals}) == 2 and len(originals) == 3
    recomputed = [c for c in changes if c.get("revision") == "recomputed"]
    assert [c["location"]["geonameid"] for c in recomputed] == [SARAQIB]
    assert recomputed[0]["controller"] is None
    held = {
        p["location"]["geonameid"]: (p["controller"] or {}).get("name")
        for p in control_map["places"]
    }
    assert held.get(SARAQIB) != HTS and HTS in held.values(), held
    at_saraqib = [e for e in again if e["location"]["geonameid"] == SARAQIB]
    ids = [e["event_id"] for e in at_saraqib]
    new_id = next(i for i in ids if i not in (saraqib["event_id"], taken_back["event_id"]))
    assert ids.count(new_id) == 1 and not any(e.get("retracts") == new_id for e in again)
    held = {
        p["location"]["geonameid"]: (p["controller"] or {}).get("name") for p in back_map["places"]
    }
    assert held.get(SARAQIB) == HTS, held
    last = [c for c in at if c["location"]["geonameid"] == SARAQIB][-1]
    assert (last["controller"] or {}).get("name") == HTS, at
