"""A real Prometheus scrapes a running worker and evaluates the shipped alert rules."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import yaml

from frontline_dev.kafka_local import free_port
from frontline_dev.procs import WorkerProcess

from ..integration.test_timeline import HTS, replay

pytestmark = [pytest.mark.integration, pytest.mark.prometheus]
RULES = Path(__file__).parents[2] / "deploy" / "prometheus" / "rules" / "frontline.rules.yml"


def compressed_rules(dst: Path) -> None:
    """The shipped rules with evaluation every second and no `for` wait (same expressions)."""
    doc = yaml.safe_load(RULES.read_text())
    for group in doc["groups"]:
        group["interval"] = "1s"
        for rule in group["rules"]:
            rule.pop("for", None)
    dst.write_text(yaml.safe_dump(doc, sort_keys=False))


def _api(port: int, path: str, **params: str) -> dict:
    url = f"http://127.0.0.1:{port}/api/v1/{path}"
    if params:
        url += "?" + urllib.parse.urlencode(params)
    with urllib.request.urlopen(url, timeout=5) as r:
        return json.loads(r.read())


def test_prometheus_fires_offensive_momentum(stream_settings, tmp_path):
    prom = shutil.which("prometheus")
    if prom is None:
        if os.environ.get("CI"):
            pytest.fail(
                "prometheus missing: scripts/install-prometheus.sh should have installed it"
            )
        pytest.skip("prometheus not installed (scripts/install-prometheus.sh)")
    s = stream_settings
    with WorkerProcess(s, log_path=tmp_path / "worker.log").start() as w:
        compressed_rules(tmp_path / "rules.yml")
        port = free_port()
        (tmp_path / "prometheus.yml").write_text(
            yaml.safe_dump(
                {
                    "global": {"scrape_interval": "1s", "evaluation_interval": "1s"},
                    "rule_files": [str(tmp_path / "rules.yml")],
                    "scrape_configs": [
                        {
                            "job_name": "frontline",
                            "static_configs": [{"targets": [f"127.0.0.1:{w.web_port}"]}],
                        }
                    ],
                }
            )
        )
        proc = subprocess.Popen(
            [
                prom,
                f"--config.file={tmp_path / 'prometheus.yml'}",
                f"--storage.tsdb.path={tmp_path / 'tsdb'}",
                f"--web.listen-address=127.0.0.1:{port}",
            ],
            stdout=subprocess.DEVNULL,
            stderr=open(tmp_path / "prometheus.log", "wb"),  # noqa: SIM115
        )
        try:
            deadline = time.monotonic() + 30
            up = None
            while time.monotonic() < deadline:
                try:
                    res = _api(port, "query", query='up{job="frontline"}')["data"]["result"]
                    if res and res[0]["value"][1] == "1":
                        up = res
                        break
                except OSError:
                    pass
                time.sleep(0.5)
            assert up, "Prometheus never scraped the worker"
            replay(s, pause=0.2, until="2024-12-10")  # the offensive, not the lull
            firing = []
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and not firing:
                alerts = _api(port, "alerts")["data"]["alerts"]
                firing = [
                    a
                    for a in alerts
                    if a["labels"]["alertname"] == "FrontlineOffensiveMomentum"
                    and a["state"] == "firing"
                    and a["labels"].get("actor") == HTS
                ]
                time.sleep(0.5)
            assert firing, f"no firing FrontlineOffensiveMomentum; alerts: {alerts}"
            assert firing[0]["labels"]["country"] == "SY"
        finally:
            proc.terminate()
            proc.wait(10)
