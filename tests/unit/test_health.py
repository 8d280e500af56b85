"""Probe logic without a worker: liveness from the heartbeat, broker check failing for real."""

from __future__ import annotations

import asyncio
import socket

import pytest

from frontline import health


def test_liveness_follows_the_heartbeat() -> None:
    h = health.Health()
    assert h.live(h.last_tick + 1)[0]
    ok, detail = h.live(h.last_tick + health.STALL_S + 1)
    assert not ok and detail["heartbeat_age_s"] > health.STALL_S


def test_broker_reachability_expires() -> None:
    h = health.Health()
    assert not h.broker_reachable(h.started)  # never checked
    h.broker_ok_at = 100.0
    assert h.broker_reachable(100.0 + health.BROKER_FRESH_S - 0.1)
    assert not h.broker_reachable(100.0 + health.BROKER_FRESH_S + 0.1)


def test_broker_check_fails_on_a_closed_port_and_on_a_non_kafka_server() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    with pytest.raises(ConnectionError, match=str(closed)):
        asyncio.run(health.broker_check(f"127.0.0.1:{closed}", timeout=1))

    async def silent_server() -> None:
        async def handle(reader, writer) -> None:  # accepts, never answers a Kafka request
            await reader.read(1024)
            await asyncio.sleep(3)
            writer.close()

        server = await asyncio.start_server(handle, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        async with server:
            await health.broker_check(f"127.0.0.1:{port}", timeout=1)

    with pytest.raises(ConnectionError):
        asyncio.run(silent_server())
