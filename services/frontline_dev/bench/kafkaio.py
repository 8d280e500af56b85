"""Small asyncio Kafka helpers shared by the phases (aiokafka, as the worker uses)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from tqdm import tqdm

from frontline import security
from frontline.settings import get_settings


def _security() -> dict:
    """TLS/SASL from FRONTLINE_* (like the bench's workers): for `--bootstrap` secured brokers."""
    return security.client_kwargs(get_settings())


def new_producer(bootstrap: str) -> AIOKafkaProducer:
    """Batching producer: big batches and a short linger, like a real ingest service."""
    return AIOKafkaProducer(
        bootstrap_servers=bootstrap,
        acks="all",
        linger_ms=5,
        max_batch_size=512 * 1024,
        max_request_size=4 * 1024 * 1024,
        client_id="frontline-bench",
        **_security(),
    )


async def produce_all(
    producer: AIOKafkaProducer,
    topic: str,
    records: Sequence[tuple[bytes | None, bytes]],
    desc: str = "produce",
    rate: float | None = None,
) -> tuple[float, float, dict[bytes, float]]:
    """Send every record, as fast as the client allows or at `rate` per second on an absolute
    schedule (no drift); (t_first, t_acked, key -> send time)."""
    sent: dict[bytes, float] = {}
    futs = []
    t0 = time.time()
    for i, (key, value) in enumerate(
        tqdm(records, desc=desc, unit="msg", leave=False, disable=None)
    ):
        delay = t0 + i / rate - time.time() if rate else 0.0
        if delay > 0:
            await asyncio.sleep(delay)
        now = time.time()
        if key is not None:
            sent[key] = now
        futs.append(await producer.send(topic, value=value, key=key, timestamp_ms=int(now * 1000)))
    await producer.flush()
    await asyncio.gather(*futs)
    return t0, time.time(), sent


async def produce_at_rate(
    producer: AIOKafkaProducer,
    topic: str,
    records: Sequence[tuple[bytes | None, bytes]],
    rate: float,
) -> tuple[float, float, dict[bytes, float]]:
    """Send at a fixed rate; key -> produce time."""
    return await produce_all(producer, topic, records, f"produce @{rate:g}/s", rate)


@dataclass
class Collected:
    """Messages read from one topic: (record timestamp s, receive time s, value bytes)."""

    items: list[tuple[float, float, bytes]] = field(default_factory=list)


async def assigned_consumer(bootstrap: str, topic: str, from_end: bool = False) -> AIOKafkaConsumer:
    """A group-less consumer on all partitions of `topic` (no rebalance delay)."""
    c = AIOKafkaConsumer(
        bootstrap_servers=bootstrap,
        group_id=None,
        enable_auto_commit=False,
        auto_offset_reset="latest" if from_end else "earliest",
        fetch_max_wait_ms=20,
        max_partition_fetch_bytes=4 * 1024 * 1024,
        client_id="frontline-bench",
        **_security(),
    )
    await c.start()
    parts: set[int] | None = None
    for _ in range(100):
        parts = c.partitions_for_topic(topic)
        if parts:
            break
        await c._client.force_metadata_update()  # the topic may be seconds old
        await asyncio.sleep(0.1)
    if not parts:
        await c.stop()
        raise RuntimeError(f"topic {topic} has no partitions")
    tps = [TopicPartition(topic, p) for p in sorted(parts)]
    c.assign(tps)
    if from_end:
        await c.seek_to_end(*tps)
        for tp in tps:  # resolve the position now, not lazily at the first fetch
            await c.position(tp)
    else:
        await c.seek_to_beginning(*tps)
    return c


async def collect(consumer: AIOKafkaConsumer, out: Collected, stop: asyncio.Event) -> None:
    """Append everything `consumer` reads until `stop` is set."""
    while not stop.is_set():
        batches = await consumer.getmany(timeout_ms=50, max_records=5000)
        now = time.time()
        for msgs in batches.values():
            for m in msgs:
                out.items.append((m.timestamp / 1000.0, now, m.value))


def topics_admin(bootstrap: str, names: Sequence[str], partitions: int) -> None:
    """Create plain topics (passthrough in/out) with kafka-python's admin client."""
    from kafka import KafkaAdminClient
    from kafka.admin import NewTopic
    from kafka.errors import TopicAlreadyExistsError

    admin = KafkaAdminClient(
        bootstrap_servers=bootstrap, client_id="frontline-bench", **_security()
    )
    try:
        try:
            admin.create_topics([NewTopic(n, partitions, 1) for n in names])
        except TopicAlreadyExistsError:
            pass
    finally:
        admin.close()
