"""Consumer lag in seconds: the age of the oldest record not yet processed, per partition.

Offsets say how many records wait, not how stale the output is: 1000 small articles may be a
second of work and 10 may be a day old. For every source partition this worker owns, the
oldest unprocessed record is the one at the group's committed offset (Faust commits the next
offset to process); its age is now minus its Kafka timestamp, 0 when the partition is caught
up. Committed offsets come from the broker (not Faust's memory), and a short-lived, group-less
consumer reads that one record, so measuring never moves the worker's own position.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from typing import TYPE_CHECKING, Any

import faust
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from frontline import security

if TYPE_CHECKING:
    from frontline.context import Context

log = logging.getLogger(__name__)
INTERVAL_S = 10.0
TIMEOUT_S = 5.0


async def oldest_unprocessed_age(
    bootstrap: str,
    group: str,
    tps: list[TopicPartition],
    now: float | None = None,
    **security: Any,
) -> dict[TopicPartition, float]:
    """Seconds since the oldest unprocessed record of each partition was produced (0: none)."""
    if not tps:
        return {}
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=4000, **security)
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap,
        group_id=None,
        **security,
        enable_auto_commit=False,
        request_timeout_ms=4000,
        fetch_max_wait_ms=100,
        max_partition_fetch_bytes=64 * 1024,
    )
    await admin.start()
    try:
        await consumer.start()
        try:
            committed = await admin.list_consumer_group_offsets(group, partitions=tps)
            begins = await consumer.beginning_offsets(tps)
            ends = await consumer.end_offsets(tps)
            ages: dict[TopicPartition, float] = {}
            pending: dict[TopicPartition, int] = {}
            for tp in tps:
                meta = committed.get(tp)
                pos = max(meta.offset if meta and meta.offset >= 0 else 0, begins[tp])
                if pos >= ends[tp]:
                    ages[tp] = 0.0
                else:
                    pending[tp] = pos
            if pending:
                consumer.assign(list(pending))
                for tp, pos in pending.items():
                    consumer.seek(tp, pos)
                # a partition whose record did not arrive in time is left out (no sample)
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(TIMEOUT_S):
                        while pending:
                            batch = await consumer.getmany(
                                *pending, timeout_ms=500, max_records=100
                            )
                            for tp, records in batch.items():
                                if tp in pending and records:
                                    t = time.time() if now is None else now
                                    ages[tp] = max(0.0, t - records[0].timestamp / 1000.0)
                                    del pending[tp]
            return ages
        finally:
            await consumer.stop()
    finally:
        await admin.close()


def register(app: faust.App, ctx: Context) -> None:
    """Export frontline_consumer_lag_seconds for the source partitions this worker owns."""
    gauge = ctx.metrics.consumer_lag_seconds
    srcs = (ctx.raw, ctx.valid, ctx.events, ctx.momentum_input, ctx.article_versions)
    sources = {t.get_topic_name() for t in srcs if t is not None}
    exported: set[tuple[str, str]] = set()
    client_security = security.client_kwargs(ctx.settings)

    @app.timer(interval=INTERVAL_S)
    async def _lag_seconds() -> None:
        mine = [
            TopicPartition(tp.topic, tp.partition)
            for tp in app.consumer.assignment()
            if tp.topic in sources
        ]
        try:
            ages = await asyncio.wait_for(
                oldest_unprocessed_age(
                    ctx.settings.bootstrap_servers, app.conf.id, mine, **client_security
                ),
                INTERVAL_S,
            )
        except Exception as exc:  # broker gone, rebalancing: keep last values
            log.debug("lag in seconds not measured: %s", exc)
            return
        current = {(tp.topic, str(tp.partition)) for tp in ages}
        for labels in exported - {(tp.topic, str(tp.partition)) for tp in mine}:
            try:
                gauge.remove(*labels)
            except KeyError:
                pass
        exported.intersection_update({(tp.topic, str(tp.partition)) for tp in mine})
        for tp, age in ages.items():
            gauge.labels(tp.topic, str(tp.partition)).set(round(age, 3))
        exported.update(current)
