"""(b) The raw broker limit here: consume -> produce with no processing at all.

Same messages, same broker, same client library as the worker (aiokafka), one
process: getmany() a batch, append it to one producer batch per partition, send.
Whatever the pipeline loses against this is Faust + extraction, not Kafka.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tqdm import tqdm

from frontline_dev.bench.kafkaio import assigned_consumer, new_producer, produce_all, topics_admin


@dataclass
class PassthroughResult:
    messages: int
    bytes: int
    seconds: float
    prefill_seconds: float

    def to_json(self) -> dict[str, Any]:
        s = self.seconds or 1e-9
        return {
            "messages": self.messages,
            "bytes": self.bytes,
            "seconds": round(self.seconds, 3),
            "messages_per_s": round(self.messages / s, 1),
            "mb_per_s": round(self.bytes / s / 1e6, 2),
            "producer_prefill_per_s": round(self.messages / (self.prefill_seconds or 1e-9), 1),
        }


async def _run(
    bootstrap: str, prefix: str, records: Sequence[tuple[bytes | None, bytes]], partitions: int
) -> PassthroughResult:
    src, dst = f"{prefix}passthrough.in", f"{prefix}passthrough.out"
    await asyncio.to_thread(topics_admin, bootstrap, [src, dst], partitions)
    producer = new_producer(bootstrap)
    await producer.start()
    try:
        t0, t1, _ = await produce_all(producer, src, records, desc="passthrough prefill")
        consumer = await assigned_consumer(bootstrap, src)
        n, nbytes, want = 0, 0, len(records)
        started: float | None = None
        pending: list[asyncio.Future[Any]] = []
        bar = tqdm(total=want, desc="passthrough", unit="msg", leave=False, disable=None)
        try:
            while n < want:
                batches = await consumer.getmany(timeout_ms=200, max_records=4000)
                if started is None and batches:
                    started = time.perf_counter()
                futs = []
                for tp, msgs in batches.items():
                    batch = producer.create_batch()
                    for m in msgs:
                        if batch.append(key=m.key, value=m.value, timestamp=None) is None:
                            fut = await producer.send_batch(batch, dst, partition=tp.partition)
                            futs.append(fut)
                            batch = producer.create_batch()
                            batch.append(key=m.key, value=m.value, timestamp=None)
                        nbytes += len(m.value)
                    futs.append(await producer.send_batch(batch, dst, partition=tp.partition))
                    n += len(msgs)
                    bar.update(len(msgs))
                # Acks of the previous round overlap with this round's fetch.
                if pending:
                    await asyncio.gather(*pending)
                pending = futs
            if pending:
                await asyncio.gather(*pending)
            elapsed = time.perf_counter() - (started or time.perf_counter())
        finally:
            bar.close()
            await consumer.stop()
    finally:
        await producer.stop()
    return PassthroughResult(n, nbytes, elapsed, t1 - t0)


def run_passthrough(
    bootstrap: str,
    prefix: str,
    records: Sequence[tuple[bytes | None, bytes]],
    partitions: int = 4,
    at_least: int = 30_000,
) -> PassthroughResult:
    """The corpus is cycled up to `at_least` messages: the broker moves a few hundred in
    tens of milliseconds, too short to time."""
    if records and len(records) < at_least:
        records = [records[i % len(records)] for i in range(at_least)]
    return asyncio.run(_run(bootstrap, prefix, records, partitions))
