"""The "feed done" line of `frontline run`: counted by the worker, not guessed from the feed.

After the sample feed is produced, the run asks the worker's `/metrics` until it has handled
every record it was sent (articles read, duplicates, invalid records, extraction errors), then
prints one line with the articles, the events published and the records dead-lettered.
"""

from __future__ import annotations

import time
import urllib.request
from collections.abc import Callable

from prometheus_client.parser import text_string_to_metric_families

GIVE_UP_S = 120.0  # then say how far the worker got


def totals(metrics_text: str) -> dict[str, float]:
    """Sums of the counters the line needs, from a Prometheus text exposition."""
    out = {"handled": 0.0, "events": 0.0, "dead": 0.0}
    for fam in text_string_to_metric_families(metrics_text):
        for s in fam.samples:
            if s.name == "frontline_articles_consumed_total":
                out["handled"] += s.value
            elif s.name == "frontline_events_total":
                out["events"] += s.value
            elif s.name == "frontline_dlq_records_total":
                out["dead"] += s.value
                if s.labels.get("reason") == "extraction_error":
                    out["handled"] += s.value  # read, but not counted as consumed
    return out


def line(produced: int, t: dict[str, float], done: bool = True) -> str:
    head = "feed done" if done else f"feed: worker handled {int(t['handled'])} of {produced} so far"
    return f"{head}: {produced} articles, {int(t['events'])} events, {int(t['dead'])} dead letters"


class FeedProgress:
    """`check()` returns the line once the worker has handled `produced` records (else None)."""

    def __init__(
        self,
        metrics_url: str,
        produced: int,
        fetch: Callable[[str], str] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.url, self.produced, self.clock = metrics_url, produced, clock
        self.fetch = fetch or _get
        self.t0 = clock()
        self.next = 0.0

    def check(self) -> str | None:
        now = self.clock()
        if now < self.next:
            return None
        self.next = now + 0.5
        try:
            t = totals(self.fetch(self.url))
        except OSError:
            return None
        if t["handled"] >= self.produced:
            return line(self.produced, t)
        if now - self.t0 > GIVE_UP_S:
            return line(self.produced, t, done=False)
        return None


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=2) as r:
        return r.read().decode()
