"""A real broker that demands SASL/SCRAM (and TLS on a second listener): the worker and the
CLI log in and the pipeline runs; a wrong password or CA ends in one line, no secret shown."""

from __future__ import annotations

import asyncio
import os
import secrets
import shutil
import ssl
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
from kafka import KafkaProducer

from frontline import security, topics
from frontline.settings import Settings
from frontline_dev import kafka_local
from frontline_dev.procs import WorkerProcess, settings_env
from tests.integration.helpers import consume_until

from .helpers import article

pytestmark = pytest.mark.integration

USER = "frontline-it"
ALEPPO, HAMA = 170063, 170017
ARTICLES = [
    article(
        "sasl-1",
        "2024-11-30T20:00:00Z",
        "Hayat Tahrir al-Sham fighters captured Aleppo on Saturday, a monitor said.",
    ),
    article(
        "sasl-2",
        "2024-12-05T19:00:00Z",
        "Hama fell to Hayat Tahrir al-Sham on Thursday after days of fighting.",
    ),
]


@pytest.fixture(scope="module")
def secured_broker() -> Iterator[tuple[kafka_local.BrokerInfo, str]]:
    """A KRaft broker whose every client listener needs SCRAM; SASL_SSL on `tls_port`."""
    cache = Path(os.environ.get("FRONTLINE_CACHE_DIR", Path.home() / ".cache" / "frontline"))
    state = Path(tempfile.mkdtemp(prefix="frontline-sasl-"))
    password = secrets.token_urlsafe(18)
    sec = kafka_local.LocalSecurity(USER, password, tls=True)
    info = kafka_local.start(state, cache, partitions=4, heap="-Xms256m -Xmx512m", security=sec)
    try:
        yield info, password
    finally:
        kafka_local.stop(state)
        assert not kafka_local.port_open(info.port)
        shutil.rmtree(state, ignore_errors=True)


def _settings(bootstrap: str, tmp_path: Path, **security_fields: object) -> Settings:
    tag = f"s{int(time.time())}{uuid.uuid4().hex[:6]}"
    return Settings(
        broker=f"kafka://{bootstrap}",
        topic_prefix=f"{tag}.",
        app_id=f"frontline-{tag}",
        data_dir=tmp_path / "worker",
        partitions=4,
        store="memory://",
        log_level="debug",  # the most a worker logs: still no secret in it
        sasl_username=USER,
        **security_fields,
    )


def _env(s: Settings) -> dict[str, str]:
    """Child-process environment: settings_env plus the security fields it does not carry."""
    env = {**os.environ, **settings_env(s), "FRONTLINE_SECURITY_PROTOCOL": s.security_protocol}
    env |= {"FRONTLINE_SASL_MECHANISM": s.sasl_mechanism, "FRONTLINE_SASL_USERNAME": USER}
    if s.sasl_password:
        env["FRONTLINE_SASL_PASSWORD"] = s.sasl_password.get_secret_value()
    if s.ssl_cafile:
        env["FRONTLINE_SSL_CAFILE"] = str(s.ssl_cafile)
    return env


def _cli(s: Settings, *args: str, timeout: float = 90) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "frontline.cli", *args],
        env=_env(s),
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def _read(s: Settings, spec: topics.TopicSpec, n: int, timeout: float = 60) -> list[dict]:
    return consume_until(s, spec, lambda got: len(got) >= n, timeout=timeout)


def _feed(tmp_path: Path) -> Path:
    f = tmp_path / "feed.jsonl"
    f.write_bytes(b"\n".join(v for _, v in ARTICLES) + b"\n")
    return f


def test_worker_and_cli_run_the_pipeline_over_scram_and_tls(secured_broker, tmp_path, monkeypatch):
    info, password = secured_broker
    assert info.tls_bootstrap and info.ca_file
    s = _settings(
        info.tls_bootstrap,
        tmp_path,
        security_protocol="SASL_SSL",
        sasl_mechanism="SCRAM-SHA-512",
        sasl_password=password,
        ssl_cafile=Path(info.ca_file),
    )
    made = _cli(s, "topics")
    assert made.returncode == 0, made.stderr
    for k, v in _env(s).items():  # WorkerProcess passes os.environ on to the worker
        if k.startswith(("FRONTLINE_SASL", "FRONTLINE_SSL", "FRONTLINE_SECURITY")):
            monkeypatch.setenv(k, v)
    log = tmp_path / "worker.log"
    with WorkerProcess(s, log_path=log).start() as w:
        fed = _cli(s, "ingest", str(_feed(tmp_path)))
        assert fed.returncode == 0, fed.stderr
        assert "produced 2 records" in fed.stderr
        events = _read(s, topics.EVENTS_TERRITORIAL, 2)
        changes = _read(s, topics.EVENTS_CONTROL, 2)
        # the situation read model opens its own consumer: it must log in too
        hama = orjson.loads(w.get("/situation?name=Hama"))

    captured = {e["location"]["geonameid"] for e in events if e["type"] == "capture"}
    assert captured == {ALEPPO, HAMA}
    assert {c["location"]["geonameid"] for c in changes} == {ALEPPO, HAMA}
    assert [p["key"] for p in hama["places"]] == [f"gn:{HAMA}"], hama
    for text in (made.stdout + made.stderr, fed.stdout + fed.stderr, log.read_text()):
        assert password not in text
    assert "Authentication failed" not in log.read_text()


def test_cli_ingest_and_watch_over_scram_sha256_plaintext(secured_broker, tmp_path):
    info, password = secured_broker
    s = _settings(
        info.bootstrap,
        tmp_path,
        security_protocol="SASL_PLAINTEXT",
        sasl_mechanism="SCRAM-SHA-256",
        sasl_password=password,
    )
    assert _cli(s, "topics").returncode == 0
    fed = _cli(s, "ingest", str(_feed(tmp_path)))
    assert fed.returncode == 0, fed.stderr
    raw = _read(s, topics.ARTICLES_RAW, 2)
    assert sorted(a["id"] for a in raw) == ["sasl-1", "sasl-2"]

    dead = {"reason": "not_json", "error": "seen by watch", "original": "x"}
    p = KafkaProducer(bootstrap_servers=s.bootstrap_servers, **security.client_kwargs(s))
    p.send(topics.topic_name(topics.ARTICLES_DLQ, s.topic_prefix), orjson.dumps(dead)).get(30)
    p.close()
    watched = _cli(s, "watch", "--from-beginning", "--timeout", "3")
    assert watched.returncode == 0, watched.stderr
    assert "not_json: seen by watch" in watched.stdout
    assert password not in watched.stdout + watched.stderr + fed.stdout + fed.stderr


@pytest.mark.parametrize(
    "args",
    [("topics",), ("ingest", "FEED"), ("watch", "--timeout", "1"), ("worker",)],
    ids=["topics", "ingest", "watch", "worker"],
)
def test_wrong_password_is_one_clear_line_without_secrets(secured_broker, tmp_path, args):
    info, password = secured_broker
    wrong = "wrong-" + secrets.token_urlsafe(12)
    s = _settings(info.bootstrap, tmp_path, security_protocol="SASL_PLAINTEXT", sasl_password=wrong)
    args = tuple(str(_feed(tmp_path)) if a == "FEED" else a for a in args)
    t0 = time.monotonic()
    run = _cli(s, *args, timeout=60)
    took = time.monotonic() - t0
    out = run.stdout + run.stderr
    lines = [line for line in out.splitlines() if line.strip()]
    assert run.returncode == 1
    assert len(lines) == 1, out
    assert lines[0].startswith(f"Error: Kafka at {info.bootstrap} refused the login of user")
    assert "FRONTLINE_SASL_PASSWORD" in lines[0]
    assert wrong not in out and password not in out
    assert took < 20, f"took {took:.1f}s"  # not the clients' 30-60 s bootstrap timeout


def test_untrusted_certificate_is_one_clear_line(secured_broker, tmp_path):
    info, password = secured_broker
    s = _settings(  # no FRONTLINE_SSL_CAFILE: the system CAs do not know the throwaway CA
        info.tls_bootstrap, tmp_path, security_protocol="SASL_SSL", sasl_password=password
    )
    run = _cli(s, "topics", timeout=60)
    out = run.stdout + run.stderr
    assert run.returncode == 1
    assert out.strip().splitlines() == [
        f"Error: TLS to Kafka at {info.tls_bootstrap} failed: self-signed certificate in "
        "certificate chain; check FRONTLINE_SSL_CAFILE (the CA that signed the broker's "
        "certificate)"
    ]
    assert password not in out


@pytest.mark.parametrize("protocol", ["PLAINTEXT", "SASL_SSL"])
def test_client_speaking_another_protocol_is_one_clear_line(secured_broker, tmp_path, protocol):
    """Forgot FRONTLINE_SECURITY_PROTOCOL (or TLS on the plaintext port): seconds, not 30 s."""
    info, password = secured_broker
    s = _settings(info.bootstrap, tmp_path, security_protocol=protocol, sasl_password=password)
    t0 = time.monotonic()
    run = _cli(s, "topics", timeout=60)
    out = (run.stdout + run.stderr).strip()
    assert run.returncode == 1
    assert out.splitlines() == [
        f"Error: Kafka at {info.bootstrap} dropped the connection when spoken to in {protocol}: "
        "does that listener want another protocol (TLS, SASL)? check "
        "FRONTLINE_SECURITY_PROTOCOL and the port in FRONTLINE_BROKER"
    ]
    assert password not in out
    assert time.monotonic() - t0 < 20


def test_listener_refuses_clients_that_do_not_log_in(secured_broker):
    """The plaintext protocol gets no metadata from the SASL listener: login is enforced."""
    from aiokafka.conn import create_conn
    from aiokafka.protocol.metadata import MetadataRequest

    info, _ = secured_broker

    async def ask() -> object:
        conn = await create_conn("127.0.0.1", info.port, request_timeout_ms=5000)
        try:
            return await conn.send(MetadataRequest([]))
        finally:
            conn.close()

    with pytest.raises(Exception, match=r"closed|reset|Connection"):
        asyncio.run(ask())


def test_tls_settings_build_a_verifying_context_for_the_throwaway_ca(secured_broker):
    info, password = secured_broker
    assert info.ca_file and "PRIVATE KEY" not in Path(info.ca_file).read_text()
    s = Settings(
        security_protocol="SASL_SSL",
        sasl_username=USER,
        sasl_password=password,
        ssl_cafile=Path(info.ca_file),
    )
    ctx = security.ssl_context(s)
    assert ctx is not None and ctx.verify_mode is ssl.CERT_REQUIRED and ctx.check_hostname
    cas = [c["subject"] for c in ctx.get_ca_certs()]
    assert ((("commonName", "frontline-local-ca"),),) in cas
    creds = security.faust_credentials(s)
    assert creds.ssl_context is not None and creds.protocol.value == "SASL_SSL"
    ssl_only = Settings(security_protocol="SSL", ssl_cafile=Path(info.ca_file))
    assert security.client_kwargs(ssl_only).keys() == {"security_protocol", "ssl_context"}
