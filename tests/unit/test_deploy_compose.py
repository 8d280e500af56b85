"""docker-compose.yml and Dockerfile, checked statically (no Docker engine here)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

from frontline.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text())


@pytest.fixture(scope="module")
def services(compose: dict) -> dict:
    return compose["services"]


def _env(service: dict) -> dict[str, str]:
    env = service.get("environment", {})
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return {k: str(v) for k, v in env.items()}


def _ports(service: dict) -> list[tuple[int, int]]:
    out = []
    for p in service.get("ports", []):
        assert isinstance(p, str), f"quote port mappings: {p!r}"
        host, container = p.split(":")[-2:]
        out.append((int(host), int(container.split("/")[0])))
    return out


def settings_env_names() -> set[str]:
    return {f"FRONTLINE_{name.upper()}" for name in Settings.model_fields}


def test_services_present(services: dict) -> None:
    assert set(services) >= {"kafka", "worker", "prometheus", "grafana"}


def test_kafka_is_single_node_kraft(services: dict) -> None:
    kafka = services["kafka"]
    assert kafka["image"].startswith("apache/kafka:")
    env = _env(kafka)
    assert set(env["KAFKA_PROCESS_ROLES"].split(",")) == {"broker", "controller"}
    assert env["KAFKA_CONTROLLER_QUORUM_VOTERS"] == f"{env['KAFKA_NODE_ID']}@kafka:9093"
    assert "zookeeper" not in COMPOSE.read_text().lower()
    listeners = env["KAFKA_LISTENERS"].split(",")
    names = {item.split("://")[0] for item in listeners}
    assert set(env["KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"].replace(":", ",").split(",")) >= names
    assert env["KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"] == "1"
    assert "healthcheck" in kafka


def test_worker_env_is_valid_settings(services: dict) -> None:
    env = _env(services["worker"])
    unknown = {k for k in env if k.startswith("FRONTLINE_")} - settings_env_names()
    assert not unknown, f"not Settings fields: {unknown}"
    # Validate values with the real settings model (no .env file involved).
    values = {k.removeprefix("FRONTLINE_").lower(): v for k, v in env.items()}
    s = Settings(_env_file=None, **values)
    assert s.web_bind == "0.0.0.0", "the worker must listen beyond loopback in a container"
    broker = urlparse(s.broker.split(";")[0])
    assert broker.hostname in services, f"broker host {broker.hostname} is not a service"
    kafka_env = _env(services[broker.hostname])
    assert f"://{broker.hostname}:{broker.port}" in kafka_env["KAFKA_ADVERTISED_LISTENERS"]
    assert (s.web_port, s.web_port) in _ports(services["worker"])


def test_worker_built_from_dockerfile(services: dict) -> None:
    build = services["worker"]["build"]
    context = ROOT / build["context"]
    assert (context / build.get("dockerfile", "Dockerfile")).resolve() == DOCKERFILE
    assert services["worker"]["depends_on"]["kafka"]["condition"] == "service_healthy"


def test_bind_mounts_exist_and_named_volumes_declared(compose: dict, services: dict) -> None:
    declared = set(compose.get("volumes") or {})
    for name, svc in services.items():
        for vol in svc.get("volumes", []):
            source = vol.split(":")[0]
            if source.startswith((".", "/")):
                assert (ROOT / source).exists(), f"{name}: {source} does not exist"
            else:
                assert source in declared, f"{name}: volume {source} not declared"


def test_host_ports_unique(services: dict) -> None:
    hosts = [h for svc in services.values() for h, _ in _ports(svc)]
    assert len(hosts) == len(set(hosts))


def test_depends_on_known_services(services: dict) -> None:
    for svc in services.values():
        deps = svc.get("depends_on", [])
        assert set(deps) <= set(services)


def test_prometheus_scrapes_the_worker(services: dict) -> None:
    prom = services["prometheus"]
    mounts = dict(v.split(":")[:2] for v in prom["volumes"] if v.startswith("."))
    cfg_path = next(src for src, dst in mounts.items() if dst == "/etc/prometheus/prometheus.yml")
    cfg = yaml.safe_load((ROOT / cfg_path).read_text())
    job = next(j for j in cfg["scrape_configs"] if j["job_name"] == "frontline")
    targets = [t for sc in job["static_configs"] for t in sc["targets"]]
    worker_port = int(_env(services["worker"])["FRONTLINE_WEB_PORT"])
    assert targets == [f"worker:{worker_port}"]
    # The rule_files glob resolves against the mounted rules directory.
    assert mounts.get("./deploy/prometheus/rules") == "/etc/prometheus/rules"
    assert "rules/*.yml" in cfg["rule_files"]


def test_grafana_mounts_generated_provisioning(services: dict) -> None:
    graf = services["grafana"]
    mounts = dict(v.split(":")[:2] for v in graf["volumes"] if v.startswith("."))
    assert mounts.get("./deploy/grafana/provisioning") == "/etc/grafana/provisioning"
    ds = yaml.safe_load(
        (ROOT / "deploy/grafana/provisioning/datasources/prometheus.yml").read_text()
    )
    url = urlparse(ds["datasources"][0]["url"])
    assert url.hostname in services
    assert url.port in {container for _, container in _ports(services[url.hostname])}
    home = _env(graf)["GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"]
    rel = home.replace("/etc/grafana/provisioning", "deploy/grafana/provisioning")
    assert (ROOT / rel).is_file()


def test_dockerfile() -> None:
    text = DOCKERFILE.read_text()
    froms = re.findall(r"^FROM\s+(\S+)", text, re.MULTILINE)
    assert froms and all(f.startswith("python:3.11") for f in froms)
    assert re.search(r"^EXPOSE\s+6066\b", text, re.MULTILINE)
    assert 'ENTRYPOINT ["frontline"]' in text and 'CMD ["worker"]' in text
    assert re.search(r"^USER\s+(?!root|0\b)\S+", text, re.MULTILINE), "must not run as root"
    for src in re.findall(r"^COPY\s+(?!--from)(.+?)\s+\S+$", text, re.MULTILINE):
        for item in src.split():
            assert (ROOT / item).exists(), f"COPY source {item} missing"
    env_names = set(re.findall(r"\b(FRONTLINE_[A-Z_]+)=", text))
    assert env_names and env_names <= settings_env_names()
    assert "FRONTLINE_WEB_BIND=0.0.0.0" in text
    assert "frontline.geo.index" in text, "the gazetteer index must be prebuilt in the image"
