"""Broker security in one place: settings → Faust credentials and Kafka client settings.

Every client the project builds (the worker, ingest, watch, topics, bench) takes TLS and
SASL from here, so they behave alike; secrets stay `SecretStr` until a client is built,
and errors that reach a user go through `explain`, which never repeats a secret.
"""

from __future__ import annotations

import logging
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from faust.types.auth import CredentialsT

    from frontline.settings import Settings

TLS_PROTOCOLS = ("SSL", "SASL_SSL")


class BrokerAccessError(click.ClickException):
    """The broker refused us (login or TLS): one line for the user, no traceback.

    A ClickException so every command prints `Error: <line>` and exits 1 by itself.
    """


def uses_tls(s: Settings) -> bool:
    return s.security_protocol in TLS_PROTOCOLS


def uses_sasl(s: Settings) -> bool:
    return s.security_protocol.startswith("SASL_")


def ssl_context(s: Settings) -> ssl.SSLContext | None:
    """A verifying TLS context (system CAs, or `ssl_cafile`), with a client cert if given."""
    if not uses_tls(s):
        return None
    try:
        ctx = ssl.create_default_context(cafile=str(s.ssl_cafile) if s.ssl_cafile else None)
        ctx.check_hostname = s.ssl_check_hostname
        if s.ssl_certfile and s.ssl_keyfile:
            ctx.load_cert_chain(
                str(s.ssl_certfile),
                str(s.ssl_keyfile),
                password=_secret(s.ssl_key_password),
            )
    except (OSError, ssl.SSLError) as exc:
        where = ", ".join(str(p) for p in (s.ssl_cafile, s.ssl_certfile, s.ssl_keyfile) if p)
        raise BrokerAccessError(
            f"cannot load TLS files ({where}): {exc.strerror or exc}; check "
            "FRONTLINE_SSL_CAFILE / FRONTLINE_SSL_CERTFILE / FRONTLINE_SSL_KEYFILE"
        ) from None
    return ctx


def client_kwargs(s: Settings) -> dict[str, Any]:
    """Security settings for aiokafka and kafka-python clients (both use these names)."""
    kw: dict[str, Any] = {"security_protocol": s.security_protocol}
    if uses_tls(s):
        kw["ssl_context"] = ssl_context(s)
    if uses_sasl(s):
        kw |= {
            "sasl_mechanism": s.sasl_mechanism,
            "sasl_plain_username": s.sasl_username,
            "sasl_plain_password": _secret(s.sasl_password),
        }
    return kw


def faust_credentials(s: Settings) -> CredentialsT | None:
    """`broker_credentials` for faust.App: Faust hands them to its aiokafka clients."""
    import faust

    if s.security_protocol == "PLAINTEXT":
        return None
    if s.security_protocol == "SSL":
        return faust.SSLCredentials(ssl_context(s))
    return faust.SASLCredentials(
        username=s.sasl_username,
        password=_secret(s.sasl_password),
        mechanism=s.sasl_mechanism,
        ssl_context=ssl_context(s),
    )


def secrets_of(s: Settings) -> list[str]:
    return [v for v in (_secret(s.sasl_password), _secret(s.ssl_key_password)) if v]


def redact(text: str, s: Settings) -> str:
    """`text` with every configured secret replaced by `***`."""
    for secret in secrets_of(s):
        text = text.replace(secret, "***")
    return text


def redact_logs(s: Settings) -> None:
    """From now on, every log record has the configured secrets replaced by `***`.

    aiokafka logs protocol frames at debug level, and SASL PLAIN's frame holds the
    password; a record factory sees every record whatever handler Faust installs.
    """
    words = secrets_of(s)
    previous = logging.getLogRecordFactory()
    if not words or getattr(previous, "frontline_redacts", None) == words:
        return

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a broken format string is the handler's problem, not ours
            return record
        if any(w in message for w in words):
            record.msg, record.args = redact(message, s), ()
        return record

    factory.frontline_redacts = words  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)


def explain(exc: BaseException, s: Settings) -> str | None:
    """One line for a login or TLS failure anywhere in `exc`'s chain; None for other errors."""
    seen: set[int] = set()
    e: BaseException | None = exc
    while e is not None and id(e) not in seen:
        seen.add(id(e))
        name = type(e).__name__
        text = redact(str(e), s)
        if "Sasl" in name or "AuthenticationFailed" in name or "Authentication failed" in text:
            return (
                f"Kafka at {s.bootstrap_servers} refused the login of user "
                f"{s.sasl_username!r} ({s.sasl_mechanism} over {s.security_protocol}): check "
                "FRONTLINE_SASL_USERNAME / FRONTLINE_SASL_PASSWORD / FRONTLINE_SASL_MECHANISM"
            )
        if isinstance(e, ssl.SSLCertVerificationError) or "CERTIFICATE_VERIFY_FAILED" in text:
            reason = getattr(e, "verify_message", None) or "certificate verify failed"
            return (
                f"TLS to Kafka at {s.bootstrap_servers} failed: {reason}; check "
                "FRONTLINE_SSL_CAFILE (the CA that signed the broker's certificate)"
            )
        e = e.__cause__ or e.__context__
    return None


@contextmanager
def access_errors(s: Settings) -> Iterator[None]:
    """Turn a login/TLS failure inside the block into a one-line `BrokerAccessError`."""
    try:
        yield
    except BrokerAccessError:
        raise
    except Exception as exc:
        line = explain(exc, s)
        if line is None:
            raise
        raise BrokerAccessError(line) from None


def _secret(value: Any) -> str | None:
    return value.get_secret_value() if value is not None else None


def check_access(s: Settings, timeout: float = 5.0) -> None:
    """Talk to one bootstrap broker now, so a wrong password, CA or protocol fails in a second.

    kafka-python only logs why a connection was refused and then waits out its bootstrap
    timeout (30 s, then a traceback); aiokafka's single-connection helper raises the real
    error. Unreachable brokers are left to the caller (not this check's business).
    """
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from aiokafka.conn import create_conn
    from aiokafka.protocol.metadata import MetadataRequest

    async def probe(host: str, port: int) -> None:
        conn = await asyncio.wait_for(
            create_conn(host, port, request_timeout_ms=int(timeout * 1000), **client_kwargs(s)),
            timeout,
        )
        try:  # a listener expecting TLS or SASL drops a plaintext request
            await asyncio.wait_for(conn.send(MetadataRequest([])), timeout)
        finally:
            conn.close()

    errors: list[BaseException] = []
    for server in s.bootstrap_servers.split(","):
        host, _, port = server.rpartition(":")
        try:  # own thread: leaves the caller's event loop (none, or Faust's) untouched
            with ThreadPoolExecutor(1) as pool:
                pool.submit(asyncio.run, probe(host or server, int(port or 9092))).result()
            return
        except Exception as exc:
            errors.append(exc)
    for err in errors:
        line = explain(err, s)
        if line:
            raise BrokerAccessError(line)
    if any(_dropped_handshake(err) for err in errors):
        raise BrokerAccessError(
            f"Kafka at {s.bootstrap_servers} dropped the connection when spoken to in "
            f"{s.security_protocol}: does that listener want another protocol (TLS, SASL)? "
            "check FRONTLINE_SECURITY_PROTOCOL and the port in FRONTLINE_BROKER"
        )


def _dropped_handshake(exc: BaseException) -> bool:
    """Accepted, then closed: the listener speaks another protocol (TLS vs plaintext)."""
    import asyncio

    if isinstance(exc, ConnectionRefusedError | TimeoutError):
        return False  # nobody listening / no answer: not a security mismatch
    chain = [exc, exc.__cause__, exc.__context__]
    return any(
        isinstance(e, ConnectionResetError | asyncio.IncompleteReadError | ssl.SSLError)
        for e in chain
    ) or "closed" in str(exc)


def checked_kwargs(s: Settings) -> dict[str, Any]:
    """`client_kwargs` after `check_access`: what ingest, watch and topics build clients with."""
    with access_errors(s):
        check_access(s)
    return client_kwargs(s)
