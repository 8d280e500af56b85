"""Kubernetes manifests: generated files, Strimzi resources, worker wiring, overlays."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml
from click.testing import CliRunner

from frontline.cli import main
from frontline.settings import Settings
from frontline.topics import ALL_TOPICS, partitions_of, topic_name
from frontline_dev import k8s as gen

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
BASE = K8S / "base"
OVERLAYS = sorted(p.name for p in (K8S / "overlays").iterdir() if p.is_dir())


def _generate(*args: str) -> int:
    """Exit status of `frontline generate k8s ARGS`."""
    return CliRunner().invoke(main, ["generate", "k8s", *args]).exit_code


def base_docs() -> list[dict]:
    kust = yaml.safe_load((BASE / "kustomization.yaml").read_text())
    docs = []
    for res in kust["resources"]:
        docs += [d for d in yaml.safe_load_all((BASE / res).read_text()) if d]
    return docs


def kustomize_build(path: Path) -> list[dict]:
    if shutil.which("kubectl"):
        cmd = ["kubectl", "kustomize", str(path)]
    elif shutil.which("kustomize"):
        cmd = ["kustomize", "build", str(path)]
    else:
        pytest.skip("neither kubectl nor kustomize installed")
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    return [d for d in yaml.safe_load_all(proc.stdout) if d]


def by_kind(docs: list[dict], kind: str) -> list[dict]:
    return [d for d in docs if d["kind"] == kind]


def one(docs: list[dict], kind: str) -> dict:
    found = by_kind(docs, kind)
    assert len(found) == 1, f"expected one {kind}, found {len(found)}"
    return found[0]


# ---------------------------------------------------------------------------- generated


@pytest.mark.parametrize("rel", sorted(str(p) for p in gen.render()))
def test_generated_file_up_to_date(rel: str) -> None:
    path = BASE / rel
    assert path.exists(), f"{path} missing: run frontline generate k8s"
    assert path.read_text() == gen.render()[Path(rel)], f"{path} drifted: regenerate"


def test_generator_check_detects_drift(tmp_path: Path) -> None:
    assert _generate("--out", str(tmp_path)) == 0
    assert _generate("--check", "--out", str(tmp_path)) == 0
    f = tmp_path / "kafka-topics.yaml"
    f.write_text(f.read_text().replace("partitions: 4", "partitions: 3", 1))
    assert _generate("--check", "--out", str(tmp_path)) == 1


def test_kafka_topics_match_topic_registry() -> None:
    docs = base_docs()
    topics = {d["spec"]["topicName"]: d for d in by_kind(docs, "KafkaTopic")}
    default = Settings.model_fields["partitions"].default
    assert set(topics) == {topic_name(s) for s in ALL_TOPICS}
    for spec in ALL_TOPICS:
        t = topics[topic_name(spec)]
        assert t["spec"]["partitions"] == partitions_of(spec, default)
        assert {k: str(v) for k, v in t["spec"]["config"].items()} == spec.config
        assert (
            t["metadata"]["labels"]["strimzi.io/cluster"] == one(docs, "Kafka")["metadata"]["name"]
        )
        assert len(t["metadata"]["name"]) <= 253 and t["metadata"]["name"].islower()


def test_prometheus_rule_mirrors_rules_file() -> None:
    rule = one(base_docs(), "PrometheusRule")
    rules = yaml.safe_load((ROOT / "deploy/prometheus/rules/frontline.rules.yml").read_text())
    assert rule["spec"]["groups"] == rules["groups"]


# ---------------------------------------------------------------------------- base wiring


def test_strimzi_kraft_cluster() -> None:
    docs = base_docs()
    kafka = one(docs, "Kafka")
    assert kafka["apiVersion"].startswith("kafka.strimzi.io/")
    assert "zookeeper" not in kafka["spec"]
    pools = by_kind(docs, "KafkaNodePool")
    assert pools
    roles = {r for p in pools for r in p["spec"]["roles"]}
    assert roles == {"controller", "broker"}
    for p in pools:
        assert p["metadata"]["labels"]["strimzi.io/cluster"] == kafka["metadata"]["name"]
        assert p["spec"]["storage"]["type"] in {"jbod", "persistent-claim", "ephemeral"}
    assert "topicOperator" in kafka["spec"]["entityOperator"]


def _worker(docs: list[dict]) -> tuple[dict, dict, dict[str, str]]:
    sts = next(
        d for d in by_kind(docs, "StatefulSet") if d["metadata"]["name"] == "frontline-worker"
    )
    container = sts["spec"]["template"]["spec"]["containers"][0]
    cm_name = container["envFrom"][0]["configMapRef"]["name"]
    cm = next(d for d in by_kind(docs, "ConfigMap") if d["metadata"]["name"] == cm_name)
    env = dict(cm["data"])
    return sts, container, env


def test_worker_env_probes_and_ports() -> None:
    docs = base_docs()
    sts, container, env = _worker(docs)
    names = {f"FRONTLINE_{n.upper()}" for n in Settings.model_fields}
    explicit = {e["name"] for e in container.get("env", [])}
    assert set(env) | explicit <= names
    assert "FRONTLINE_WEB_HOST" in explicit, "the worker must not bind to loopback in a pod"
    s = Settings(
        _env_file=None, **{k.removeprefix("FRONTLINE_").lower(): v for k, v in env.items()}
    )
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    assert ports["web"] == s.web_port
    paths = {"startupProbe": "/readyz", "readinessProbe": "/readyz", "livenessProbe": "/livez"}
    for probe, path in paths.items():
        get = container[probe]["httpGet"]
        assert get["port"] in ("web", s.web_port) and get["path"] == path
    assert container["resources"]["requests"]["cpu"]
    assert container["resources"]["limits"]["memory"]
    # Broker URL points at the Strimzi bootstrap service and the plain listener.
    kafka = one(docs, "Kafka")
    broker = urlparse(s.broker)
    assert broker.hostname == f"{kafka['metadata']['name']}-kafka-bootstrap"
    plain = [lst for lst in kafka["spec"]["kafka"]["listeners"] if not lst["tls"]]
    assert broker.port in {lst["port"] for lst in plain}
    # RocksDB state sits on the StatefulSet's volume.
    mounts = {m["name"]: m["mountPath"] for m in container["volumeMounts"]}
    claims = {c["metadata"]["name"] for c in sts["spec"]["volumeClaimTemplates"]}
    assert set(mounts) <= claims
    assert str(s.data_dir).startswith(mounts["data"])


def test_service_and_servicemonitor_select_the_worker() -> None:
    docs = base_docs()
    sts, _, _ = _worker(docs)
    pod_labels = sts["spec"]["template"]["metadata"]["labels"]
    svc = next(
        d for d in by_kind(docs, "Service") if d["metadata"]["name"] == sts["spec"]["serviceName"]
    )
    assert svc["metadata"]["name"] == "frontline", "job label must be 'frontline' for the rules"
    assert svc["spec"]["selector"].items() <= pod_labels.items()
    assert sts["spec"]["selector"]["matchLabels"].items() <= pod_labels.items()
    svc_ports = {p["name"] for p in svc["spec"]["ports"]}
    mon = one(docs, "ServiceMonitor")
    assert mon["spec"]["selector"]["matchLabels"].items() <= svc["metadata"]["labels"].items()
    for ep in mon["spec"]["endpoints"]:
        assert ep["port"] in svc_ports and ep["path"] == "/metrics"


def test_hpa_caps_at_partition_count() -> None:
    docs = base_docs()
    sts, _, env = _worker(docs)
    hpa = one(docs, "HorizontalPodAutoscaler")
    ref = hpa["spec"]["scaleTargetRef"]
    assert (ref["kind"], ref["name"]) == ("StatefulSet", sts["metadata"]["name"])
    assert 1 <= hpa["spec"]["minReplicas"] <= hpa["spec"]["maxReplicas"]
    assert hpa["spec"]["maxReplicas"] <= int(env["FRONTLINE_PARTITIONS"])


# ---------------------------------------------------------------------------- overlays


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_overlay_builds_and_is_consistent(overlay: str) -> None:
    docs = kustomize_build(K8S / "overlays" / overlay)
    assert {d["metadata"].get("namespace") for d in docs if d["kind"] != "Namespace"} == {
        "frontline"
    }
    brokers = sum(
        p["spec"]["replicas"]
        for p in by_kind(docs, "KafkaNodePool")
        if "broker" in p["spec"]["roles"]
    )
    kafka_cfg = one(docs, "Kafka")["spec"]["kafka"]["config"]
    for t in by_kind(docs, "KafkaTopic"):
        assert t["spec"]["replicas"] <= brokers, t["metadata"]["name"]
        assert int(kafka_cfg["min.insync.replicas"]) <= t["spec"]["replicas"]
    _, _, env = _worker(docs)
    assert int(env["FRONTLINE_REPLICATION_FACTOR"]) <= brokers
    assert int(kafka_cfg["offsets.topic.replication.factor"]) <= brokers
    hpa = one(docs, "HorizontalPodAutoscaler")
    assert hpa["spec"]["maxReplicas"] <= int(env["FRONTLINE_PARTITIONS"])


def test_production_replicates_everything() -> None:
    docs = kustomize_build(K8S / "overlays" / "production")
    assert all(t["spec"]["replicas"] == 3 for t in by_kind(docs, "KafkaTopic"))
    _, _, env = _worker(docs)
    assert env["FRONTLINE_REPLICATION_FACTOR"] == "3"
