"""Which partition owns a key: Kafka's default partitioner, so the agents, the tables and
the HTTP views agree on the owner of a row without asking the broker."""

from __future__ import annotations

from aiokafka.partitioner import murmur2


def key_partition(key: str, partitions: int) -> int:
    """The partition Kafka's default partitioner gives `key` (murmur2, as the Java client)."""
    return int((murmur2(key.encode()) & 0x7FFFFFFF) % partitions)
