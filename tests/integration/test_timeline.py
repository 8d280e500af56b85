"""Replay an offensive, duplicates and a quiet period through the real broker and worker."""

from __future__ import annotations

import json
import time
import urllib.parse
from pathlib import Path

import pytest

from frontline import topics
from frontline_dev.procs import WorkerProcess

from .helpers import consume_until, produce

pytestmark = pytest.mark.integration
TIMELINE = Path(__file__).parents[1] / "fixtures" / "offensive_timeline.jsonl"
HTS = "Hayat Tahrir al-Sham"
# GeoNames ids of the places the timeline's insurgents take.
SARAQIB, ALEPPO, MAARAT, HAMA, RASTAN, HOMS, DAMASCUS = (
    164816,
    170063,
    167611,
    170017,
    172946,
    169577,
    170654,
)


def replay(s, pause: float = 0.4, until: str = "9999") -> None:
    """Produce the timeline in order, paced; `until` stops before later publication dates."""
    for line in TIMELINE.read_text().splitlines():
        if json.loads(line)["published"] >= until:
            break
        d = json.loads(line)
        produce(s, [(d["id"].encode(), line.encode())])
        time.sleep(pause)


def test_offensive_then_quiet_period(stream_settings, tmp_path):
    s = stream_settings
    with WorkerProcess(s, log_path=tmp_path / "worker.log").start() as w:
        replay(s)
        alerts = consume_until(
            s,
            topics.ALERTS_MOMENTUM,
            lambda m: any(a["state"] == "resolved" for a in m),
            timeout=60,
            settle=3,
        )
        changes = consume_until(s, topics.EVENTS_CONTROL, lambda m: len(m) >= 9, settle=1)
        updates = consume_until(s, topics.AGGREGATES_MOMENTUM, lambda m: True, settle=1)
        control_map = json.loads(w.get("/control"))
        momentum_view = json.loads(w.get("/momentum/" + urllib.parse.quote(f"{HTS}|SY")))
        metrics = w.get("/metrics").decode()

    # Each real change exactly once, whatever the number of reports.
    seen = [
        (
            c["location"]["geonameid"],
            (c["previous_controller"] or {}).get("kind"),
            (c["controller"] or {}).get("name"),
        )
        for c in changes
    ]
    assert len(seen) == len(set(seen)), seen
    gained = sorted(p for p, _, new in seen if new == HTS)
    assert gained == sorted([SARAQIB, ALEPPO, MAARAT, HAMA, RASTAN, HOMS, DAMASCUS]), seen
    lost_by_state = sorted(p for p, prev, new in seen if prev == "state" and new is None)
    assert lost_by_state == sorted([ALEPPO, HOMS]), seen

    # The control table ends with the insurgents holding every place they took.
    held = {
        p["location"]["geonameid"]: (p["controller"] or {}).get("name")
        for p in control_map["places"]
    }
    for place in gained:
        assert held[place] == HTS, held

    # Momentum rises during the offensive and falls back to zero in the quiet period.
    live = [u for u in updates if u["actor"] == HTS and u["window_days"] == 7 and not u["closed"]]
    peak = max(u["net_momentum"] for u in live)
    assert peak >= s.momentum_alert_threshold
    assert live[-1]["net_momentum"] == 0.0 and live[-1]["window_end"] >= "2024-12-15"
    assert momentum_view["windows"]["7d"]["net"] == 0.0
    closed = [u for u in updates if u["closed"] and u["actor"] == HTS and u["window_days"] == 1]
    assert len({u["window_end"] for u in closed}) == len(closed), "a closed window published twice"

    # Exactly the expected alerts: capitals gained, one momentum firing and its resolve.
    capital = sorted(
        a["location"]["geonameid"] for a in alerts if a["rule"] == "capital_changed_hands"
    )
    assert capital == sorted([ALEPPO, HAMA, HOMS, DAMASCUS])
    mom = [
        (a["state"], a["actor"], a["country_code"])
        for a in alerts
        if a["rule"] == "offensive_momentum"
    ]
    assert mom == [("firing", HTS, "SY"), ("resolved", HTS, "SY")]
    firing, resolved = (a for a in alerts if a["rule"] == "offensive_momentum")
    assert firing["alert_id"] == resolved["alert_id"]
    assert "2024-11-30" <= firing["at"] <= "2024-12-08" < resolved["at"]
    assert f'frontline_momentum_net{{actor="{HTS}",country="SY",window="7d"}} 0.0' in metrics
    assert 'frontline_articles_consumed_total{outcome="duplicate"} 1.0' in metrics
