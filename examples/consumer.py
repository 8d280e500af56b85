#!/usr/bin/env python3
"""A minimal Frontline consumer: territorial events, control changes and alerts as they arrive.

Needs only kafka-python (`pip install kafka-python`). Delivery is at-least-once, so the same
message can arrive twice (a worker restart, a rebalance): it is de-duplicated by its id.

    python examples/consumer.py --bootstrap 127.0.0.1:9092 [--prefix demo-XXXX.] [--from-beginning]
"""

from __future__ import annotations

import argparse
import json
import time
from collections import OrderedDict

from kafka import KafkaConsumer

# topic -> how to identify one message; an alert's id is shared by its firing and resolved states.
IDS = {
    "events.territorial": lambda m: m["event_id"],
    "events.control": lambda m: m["change_id"],
    "alerts.momentum": lambda m: f"{m['alert_id']}:{m['state']}",
}


def describe(topic: str, m: dict) -> str:
    if topic == "events.territorial":
        where = m["location"]
        return (
            f"EVENT   {m['date'] or '?'} {m['type']} by {m['actor']['name']} at {where['name']}, "
            f"{where['country_code']} ({m['status']}, {m['confidence']:.2f}) "
            f"article={m['article_id']}"
        )
    if topic == "events.control":
        old = (m["previous_controller"] or {}).get("name", "-")
        new = (m["controller"] or {}).get("name", "nobody known")
        return f"CONTROL {m['since']} {m['location']['name']}: {old} -> {new} ({m['cause']})"
    return f"ALERT   {m['at']} {m['state']} {m['rule']}: {m['summary']}"


class Seen:
    """The last `size` ids, to drop redelivered messages (bounded memory)."""

    def __init__(self, size: int = 100_000) -> None:
        self.ids: OrderedDict[str, None] = OrderedDict()
        self.size = size

    def add(self, key: str) -> bool:
        if key in self.ids:
            return False
        self.ids[key] = None
        if len(self.ids) > self.size:
            self.ids.popitem(last=False)
        return True


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bootstrap", default="127.0.0.1:9092")
    ap.add_argument("--prefix", default="", help="FRONTLINE_TOPIC_PREFIX of the pipeline")
    ap.add_argument("--group", default=None, help="consumer group (commits offsets); none: all")
    ap.add_argument("--from-beginning", action="store_true")
    ap.add_argument("--idle-timeout", type=float, default=0, help="exit after N quiet seconds")
    args = ap.parse_args()

    consumer = KafkaConsumer(
        *(args.prefix + t for t in IDS),
        bootstrap_servers=args.bootstrap,
        group_id=args.group,
        auto_offset_reset="earliest" if args.from_beginning else "latest",
        value_deserializer=json.loads,
    )
    seen, last = Seen(), time.monotonic()
    try:
        while not args.idle_timeout or time.monotonic() - last < args.idle_timeout:
            for tp, records in consumer.poll(timeout_ms=500).items():
                topic = tp.topic.removeprefix(args.prefix)
                for r in records:
                    last = time.monotonic()
                    if seen.add(f"{topic}:{IDS[topic](r.value)}"):
                        print(describe(topic, r.value), flush=True)
    finally:
        consumer.close()


if __name__ == "__main__":
    main()
