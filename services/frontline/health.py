"""Probes with meaning: `/livez` (event loop responsive) and `/readyz` (can serve).

Liveness must not depend on Kafka: a broker outage would otherwise restart every worker
and throw away recovered table state. Readiness does: a worker is ready only when its
assigned partitions are recovered (no rebalance or table recovery running) and a broker
answered a Kafka request recently, so Services route table queries only to workers
that can answer them.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

import faust
from faust.tables.manager import TableManager
from faust.web import Request, Response, View

from frontline import security

if TYPE_CHECKING:
    from frontline.context import Context

log = logging.getLogger(__name__)

TICK_S = 1.0  # event-loop heartbeat period
STALL_S = 15.0  # /livez fails when the heartbeat is older than this
BROKER_CHECK_S = 2.0  # broker reachability check period (and its timeout)
BROKER_FRESH_S = 3 * BROKER_CHECK_S  # a successful check older than this means unreachable


@dataclass
class Health:
    """Probe state updated by background timers; the views only read it."""

    started: float = field(default_factory=time.monotonic)
    last_tick: float = field(default_factory=time.monotonic)
    loop_lag_s: float = 0.0
    broker_ok_at: float | None = None
    broker_error: str = "not checked yet"
    # The first "recovery" runs from process start: last_recovery_s then is start-up to ready,
    # the figure the startup probe is sized from.
    recovery_started: float | None = field(default_factory=time.monotonic)
    last_recovery_s: float | None = None

    def live(self, now: float) -> tuple[bool, dict[str, Any]]:
        age = now - self.last_tick
        return age < STALL_S, {"heartbeat_age_s": round(age, 3), "loop_lag_s": self.loop_lag_s}

    def broker_reachable(self, now: float) -> bool:
        return self.broker_ok_at is not None and now - self.broker_ok_at < BROKER_FRESH_S


def recovery_state(app: faust.App) -> dict[str, Any]:
    """Faust's own view: rebalancing, table recovery running, recovery completed."""
    recovery = cast(TableManager, app.tables).recovery  # TableManagerT does not declare it
    return {
        "rebalancing": bool(app.rebalancing),
        "in_recovery": bool(recovery.in_recovery),
        "recovered": recovery.completed.is_set(),
    }


async def broker_check(bootstrap: str, timeout: float = BROKER_CHECK_S, **security: Any) -> None:
    """One ApiVersions round trip to the first bootstrap broker that answers; raises if none.

    `security` is `security.client_kwargs(settings)`: a SASL/TLS listener is probed as the
    worker's own clients reach it, so a secured broker does not read as "unreachable".
    """
    from aiokafka.conn import create_conn
    from aiokafka.protocol.admin import ApiVersionRequest

    errors = []
    for server in bootstrap.split(","):
        host, _, port = server.rpartition(":")
        try:
            conn = await asyncio.wait_for(
                create_conn(host, int(port), request_timeout_ms=int(timeout * 1000), **security),
                timeout,
            )
            try:
                await asyncio.wait_for(conn.send(ApiVersionRequest()), timeout)
                return
            finally:
                conn.close()
        except Exception as exc:  # any failure: "not reachable"
            errors.append(f"{server}: {type(exc).__name__}: {exc}"[:200])
    raise ConnectionError("; ".join(errors))


def register(app: faust.App, ctx: Context) -> Health:
    h = Health()
    bootstrap = ctx.settings.bootstrap_servers
    client_security = security.client_kwargs(ctx.settings)

    @app.timer(interval=TICK_S)
    async def _heartbeat() -> None:
        now = time.monotonic()
        h.loop_lag_s = round(max(0.0, now - h.last_tick - TICK_S), 3)
        h.last_tick = now

    @app.timer(interval=BROKER_CHECK_S)
    async def _broker() -> None:
        try:
            await broker_check(bootstrap, **client_security)
        except ConnectionError as exc:
            if h.broker_error == "":
                log.warning("broker unreachable: %s", exc)
            h.broker_error = str(exc)
        else:
            h.broker_ok_at, h.broker_error = time.monotonic(), ""
        rec = recovery_state(app)
        busy = rec["rebalancing"] or rec["in_recovery"] or not rec["recovered"]
        if busy and h.recovery_started is None:
            h.recovery_started = time.monotonic()
        elif not busy and h.recovery_started is not None:
            h.last_recovery_s = round(time.monotonic() - h.recovery_started, 1)
            h.recovery_started = None
        now = time.monotonic()
        ctx.metrics.ready.set(1 if (not busy and h.broker_reachable(now)) else 0)

    @app.page("/livez")
    async def livez(web: View, request: Request) -> Response:
        ok, detail = h.live(time.monotonic())
        return web.json({"live": ok, **detail}, status=200 if ok else 503)

    @app.page("/readyz")
    async def readyz(web: View, request: Request) -> Response:
        now = time.monotonic()
        rec = recovery_state(app)
        broker = h.broker_reachable(now)
        ready = broker and rec["recovered"] and not rec["rebalancing"] and not rec["in_recovery"]
        ctx.metrics.ready.set(1 if ready else 0)
        body = {
            "ready": ready,
            "broker_reachable": broker,
            "broker_error": h.broker_error or None,
            **rec,
            "partitions": sorted(
                tp.partition
                for tp in app.assignor.assigned_actives()
                if tp.topic == ctx.events.get_topic_name()
            ),
            "uptime_s": round(now - h.started, 1),
            "last_recovery_s": h.last_recovery_s,
        }
        return web.json(body, status=200 if ready else 503)

    return h
