"""De-duplication of articles by fingerprint, in the `seen` table.

The first record with a fingerprint wins; a later record with the same fingerprint is a
duplicate. A redelivered record (same partition and offset as the one that wrote the entry)
is not a duplicate: it is processed again, its events have deterministic ids and the table
write reaches the changelog again. Entries expire after `dedup_ttl_days`.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from frontline.partitioning import key_partition

EXPIRE_EVERY = 10_000  # records between two expiry passes over the partition's entries


def admit(
    seen: MutableMapping[str, Any], fingerprint: str, partition: int, offset: int, now: float
) -> bool:
    """True (and the fingerprint recorded) unless another record already carried it."""
    first = seen.get(fingerprint)
    here = {"p": partition, "o": offset}
    if first is not None and not _same_record(first, here):
        return False
    seen[fingerprint] = {"t": now, **here} if first is None else first
    return True


def expiry_due(n: int) -> bool:
    """Whether the `n`-th record of a stream runs an expiry pass."""
    return n % EXPIRE_EVERY == 0


def expire(
    seen: MutableMapping[str, Any], partition: int, partitions: int, cutoff: float
) -> list[str]:
    """Forget entries older than `cutoff` of `partition` only (tables change only inside the
    stream that owns the partition); returns the fingerprints forgotten."""
    gone = []
    for k, v in list(seen.items()):
        t = v["t"] if isinstance(v, dict) else v
        if t is not None and t < cutoff and key_partition(k, partitions) == partition:
            del seen[k]
            gone.append(k)
    return gone


def _same_record(first: Any, here: dict[str, int]) -> bool:
    """Whether the entry was written by this very record (a redelivery)."""
    return isinstance(first, dict) and (first.get("p"), first.get("o")) == (here["p"], here["o"])
