"""`frontline kafka start|status|stop` tell the truth; our partitioner matches Kafka's."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from kafka import KafkaConsumer, KafkaProducer, TopicPartition

from frontline.partitioning import key_partition
from frontline_dev.kafka_local import free_port, port_open

pytestmark = pytest.mark.integration


def _cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "frontline.cli", "kafka", *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_cli_start_status_stop(tmp_path):
    port = free_port()
    env = {"FRONTLINE_STATE_DIR": str(tmp_path), "FRONTLINE_BROKER": f"kafka://127.0.0.1:{port}"}
    assert _cli(env, "status").returncode == 3
    try:
        started = _cli(env, "start")
        assert started.returncode == 0, started.stderr
        st = _cli(env, "status")
        assert st.returncode == 0 and st.stdout.startswith("running") and f":{port}" in st.stdout
        assert port_open(port)
        assert _cli(env, "start").returncode == 0  # idempotent
    finally:
        stopped = _cli(env, "stop")
    assert "stopped" in stopped.stdout.lower()
    assert not port_open(port)
    after = _cli(env, "status")
    assert after.returncode == 3 and after.stdout.strip() == "stopped"


def test_key_partition_matches_the_client_partitioner(stream_settings):
    """Table keys are routed with our murmur2; the Kafka clients must agree."""
    s = stream_settings
    topic = f"{s.topic_prefix}momentum.input"
    keys = [f"actor-{i}|SY" for i in range(40)]
    p = KafkaProducer(bootstrap_servers=s.bootstrap_servers)
    metas = [p.send(topic, key=k.encode(), value=b"{}").get(timeout=10) for k in keys]
    p.close()
    for k, meta in zip(keys, metas, strict=True):
        assert meta.partition == key_partition(k, s.partitions)
    c = KafkaConsumer(bootstrap_servers=s.bootstrap_servers)
    assert len(c.partitions_for_topic(topic)) == s.partitions
    c.assign([TopicPartition(topic, 0)])
    c.close()
