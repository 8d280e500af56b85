"""Fail fast, in one line, when no Kafka broker answers (instead of a 30 s wait and a traceback)."""

from __future__ import annotations

import logging

CHECK_TIMEOUT_S = 5.0


class BrokerUnavailable(RuntimeError):
    """No broker answered at the bootstrap address; the message says how to start one."""


def unavailable_message(bootstrap: str) -> str:
    return (
        f"no Kafka broker answers at {bootstrap}: start one with `frontline kafka start` "
        "(or point FRONTLINE_BROKER at a running broker)"
    )


def require_broker(bootstrap: str, timeout_s: float = CHECK_TIMEOUT_S) -> None:
    """Raise BrokerUnavailable unless a broker answers a metadata request within timeout_s."""
    from kafka import KafkaAdminClient
    from kafka.errors import KafkaError

    quiet = logging.getLogger("kafka")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)  # the client logs each refused connection on its own
    try:
        admin = KafkaAdminClient(
            bootstrap_servers=bootstrap,
            client_id="frontline-check",
            bootstrap_timeout_ms=int(timeout_s * 1000),
            request_timeout_ms=int(timeout_s * 1000),
        )
        admin.close()
    except (KafkaError, OSError, ValueError) as exc:
        raise BrokerUnavailable(unavailable_message(bootstrap)) from exc
    finally:
        quiet.setLevel(level)
