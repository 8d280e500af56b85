"""Security settings → client settings, secrets kept out of text, paged views, audit verdict."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from pydantic import ValidationError

from frontline import security
from frontline.paging import MAX_LIMIT, page, page_params
from frontline.settings import Settings
from frontline_dev import kafka_local

SECRET = "pa55-word-never-shown"


def sasl(**kw: object) -> Settings:
    base: dict[str, object] = {
        "security_protocol": "SASL_PLAINTEXT",
        "sasl_mechanism": "SCRAM-SHA-256",
        "sasl_username": "alice",
        "sasl_password": SECRET,
    }
    return Settings(**(base | kw))


def test_default_is_plaintext_with_nothing_extra():
    s = Settings()
    assert security.client_kwargs(s) == {"security_protocol": "PLAINTEXT"}
    assert security.faust_credentials(s) is None
    assert security.ssl_context(s) is None


def test_password_is_a_secret_everywhere_but_the_client_settings():
    s = sasl()
    for text in (repr(s), str(s), s.model_dump_json(), str(s.model_dump())):
        assert SECRET not in text
    kw = security.client_kwargs(s)
    assert kw == {
        "security_protocol": "SASL_PLAINTEXT",
        "sasl_mechanism": "SCRAM-SHA-256",
        "sasl_plain_username": "alice",
        "sasl_plain_password": SECRET,
    }


def test_faust_credentials_carry_mechanism_and_hide_password():
    from faust.types.auth import AuthProtocol, SASLMechanism

    creds = security.faust_credentials(sasl(sasl_mechanism="SCRAM-SHA-512"))
    assert creds.mechanism is SASLMechanism.SCRAM_SHA_512
    assert creds.protocol is AuthProtocol.SASL_PLAINTEXT
    assert creds.password == SECRET and SECRET not in repr(creds)


def test_missing_ca_file_is_one_line_naming_the_variable(tmp_path: Path):
    s = Settings(security_protocol="SSL", ssl_cafile=tmp_path / "nope.pem")
    with pytest.raises(security.BrokerAccessError) as err:
        security.ssl_context(s)
    msg = err.value.format_message()
    assert "nope.pem" in msg and "FRONTLINE_SSL_CAFILE" in msg and "\n" not in msg


def test_incomplete_sasl_settings_fail_without_echoing_the_password():
    with pytest.raises(ValidationError) as err:
        Settings(security_protocol="SASL_SSL", sasl_password=SECRET)
    assert "FRONTLINE_SASL_USERNAME" in str(err.value)
    assert SECRET not in str(err.value)
    with pytest.raises(ValidationError):
        Settings(security_protocol="TLS")  # not a Kafka protocol name
    with pytest.raises(ValidationError):
        Settings(ssl_certfile=Path("client.pem"))  # certificate without its key


def test_explain_names_login_failures_and_redacts():
    from aiokafka.errors import SaslAuthenticationFailed

    s = sasl(broker="kafka://10.0.0.1:9093")
    exc = SaslAuthenticationFailed(f"invalid credentials for alice/{SECRET}")
    assert security.explain(RuntimeError("Unable to bootstrap"), s) is None
    try:
        raise RuntimeError("wrapped") from exc
    except RuntimeError as wrapped:
        line = security.explain(wrapped, s)
    assert line is not None and line.startswith("Kafka at 10.0.0.1:9093 refused the login")
    assert "'alice'" in line and "SCRAM-SHA-256" in line and SECRET not in line
    assert security.redact(f"x {SECRET} y", s) == "x *** y"


def test_access_errors_turns_login_failures_into_one_line_click_errors():
    from aiokafka.errors import SaslAuthenticationFailed

    s = sasl()
    with pytest.raises(security.BrokerAccessError), security.access_errors(s):
        raise SaslAuthenticationFailed("bad")
    with pytest.raises(KeyError), security.access_errors(s):  # other errors pass unchanged
        raise KeyError("x")


def test_log_records_never_carry_a_secret():
    import io
    import logging

    before = logging.getLogRecordFactory()
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    log = logging.getLogger("frontline.test.redact")
    log.addHandler(handler)
    log.setLevel(logging.DEBUG)
    try:
        security.redact_logs(sasl())
        security.redact_logs(sasl())  # idempotent: one wrapper, not two
        log.debug("Request: SaslAuthenticateRequest(sasl_auth_bytes=%r)", f"\0alice\0{SECRET}")
        log.warning("plain %s text", "harmless")
    finally:
        logging.setLogRecordFactory(before)
        log.removeHandler(handler)
    text = out.getvalue()
    assert SECRET not in text and "alice\\x00***" in text and "plain harmless text" in text


def test_local_security_rejects_unquotable_secrets_without_showing_them():
    with pytest.raises(kafka_local.KafkaError) as err:
        kafka_local.LocalSecurity("alice", 'bad"pass]word')
    assert "bad" not in str(err.value)
    sec = kafka_local.LocalSecurity("alice", SECRET)
    assert SECRET not in repr(sec)
    args = kafka_local._scram_format_args(sec)
    assert args[0] == f"--add-scram=SCRAM-SHA-256=[name=alice,password={SECRET}]"


def test_page_params_bounds_and_reasons():
    assert page_params({}) == (100, 0)
    assert page_params({"limit": str(MAX_LIMIT), "offset": "5"}) == (MAX_LIMIT, 5)
    for bad in ({"limit": "0"}, {"limit": str(MAX_LIMIT + 1)}, {"limit": "-1"}, {"limit": "²"}):
        with pytest.raises(ValueError, match="limit must be an integer"):
            page_params(bad)
    for bad in ({"offset": "x"}, {"offset": "9" * 5000}):
        with pytest.raises(ValueError, match="offset"):
            page_params(bad)


def test_page_slices_and_points_to_the_next_page():
    rows = [{"i": i} for i in range(5)]
    assert page(rows, 2, 0) == {
        "count": 5,
        "offset": 0,
        "limit": 2,
        "next_offset": 2,
        "rows": rows[:2],
    }
    assert page(rows, 2, 4)["next_offset"] is None and page(rows, 2, 4)["rows"] == rows[4:]
    assert page(rows, 2, 99)["rows"] == []


def _audit_module():
    path = Path(__file__).resolve().parents[2] / "scripts" / "audit.py"
    spec = importlib.util.spec_from_file_location("frontline_audit", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_audit_verdict_never_calls_unaudited_packages_clean():
    verdict = _audit_module().verdict
    ok = {"name": "orjson", "version": "3.10.0", "vulns": []}
    skipped = {"name": "tqdm", "skip_reason": "Dependency not found on PyPI"}
    bad = {
        "name": "aiohttp",
        "version": "3.9.0",
        "vulns": [{"id": "GHSA-xxxx", "fix_versions": ["3.9.4"]}],
    }
    assert verdict([ok], "pypi")[0] == 0
    code, lines = verdict([ok, skipped], "pypi")
    assert code == 2 and "NOT AUDITED" in lines[0] and "1 of 2" in lines[0]
    assert verdict([], "pypi")[0] == 2
    code, lines = verdict([ok, bad, skipped], "pypi")
    assert code == 1 and lines == ["VULNERABLE aiohttp 3.9.0: GHSA-xxxx (fixed in: 3.9.4)"]


def test_access_probe_leaves_the_callers_event_loop_alone():
    """The worker probes before Faust builds its loop; the probe must not unset the loop."""
    import asyncio

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        security.check_access(Settings(broker="kafka://127.0.0.1:1"))  # refused: the client's job
        assert asyncio.get_event_loop() is loop
    finally:
        asyncio.set_event_loop(None)
        loop.close()


def test_child_worker_environment_carries_the_broker_security() -> None:
    """A worker started from Settings built in code must reach a secured broker too."""
    from frontline_dev.procs import settings_env

    s = Settings(security_protocol="SASL_SSL", sasl_username="fl", sasl_password="s3cret")
    env = settings_env(s)
    assert env["FRONTLINE_SECURITY_PROTOCOL"] == "SASL_SSL"
    assert env["FRONTLINE_SASL_USERNAME"] == "fl"
    assert env["FRONTLINE_SASL_PASSWORD"] == "s3cret"
    assert Settings(**{k[10:].lower(): v for k, v in env.items()}).security_protocol == "SASL_SSL"
