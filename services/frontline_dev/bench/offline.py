"""(a) Offline extraction throughput per core: `extract()` over the corpus, one process.

This is the ceiling the stream can reach per worker: the agent runs exactly this
function per article, so pipeline/offline tells how much Kafka, Faust and the
serialisation around it cost.
"""

from __future__ import annotations

import importlib.util
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from tqdm import tqdm

from frontline.models import Article, Event
from frontline_dev.waiting import wait_until

Extract = Callable[[Article], list[Event]]


def load_extract(wait_s: float = 0.0, poll_s: float = 10.0) -> tuple[Extract, float]:
    """The production extractor (warm: gazetteer loaded) and its load time in seconds.

    `wait_s` > 0 polls while `frontline.extraction.extract` is not importable yet
    (the extractor is being written alongside the harness).
    """
    t0 = time.perf_counter()
    try:
        from frontline.extraction import extract
    except ImportError:
        if wait_s <= 0:
            raise
        wait_until(lambda: importlib.util.find_spec("frontline.extraction"), wait_s, poll_s)
        t0 = time.perf_counter()
        from frontline.extraction import extract
    from frontline.geo import Geoparser

    Geoparser.default()
    return extract, time.perf_counter() - t0


@dataclass
class OfflineResult:
    articles: int
    bytes: int
    seconds: float
    cpu_seconds: float
    events: int
    load_seconds: float
    per_article_ms: list[float] = field(repr=False, default_factory=list)
    events_by_article: dict[str, list[Event]] = field(repr=False, default_factory=dict)

    @property
    def articles_per_s(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0

    def to_json(self) -> dict[str, Any]:
        from frontline_dev.bench.report import percentiles

        return {
            "articles": self.articles,
            "text_bytes": self.bytes,
            "seconds": round(self.seconds, 3),
            "cpu_seconds": round(self.cpu_seconds, 3),
            "articles_per_s": round(self.articles_per_s, 1),
            "mb_per_s": round(self.bytes / self.seconds / 1e6, 3) if self.seconds else 0.0,
            "cpu_share": round(self.cpu_seconds / self.seconds, 3) if self.seconds else 0.0,
            "cpu_ms_per_article": round(1000 * self.cpu_seconds / self.articles, 2)
            if self.articles
            else None,
            "events": self.events,
            "articles_with_events": sum(1 for v in self.events_by_article.values() if v),
            "extractor_load_s": round(self.load_seconds, 3),
            "per_article_ms": percentiles(self.per_article_ms),
        }


def run_offline(
    articles: Sequence[Article], extract: Extract, load_seconds: float = 0.0, warmup: int = 20
) -> OfflineResult:
    """Time `extract` per article (after a short untimed warm-up of lazy caches)."""
    for a in articles[:warmup]:
        extract(a)
    per: list[float] = []
    by_article: dict[str, list[Event]] = {}
    nbytes = 0
    c0, t0 = time.process_time(), time.perf_counter()
    for a in tqdm(articles, desc="offline extract", unit="art", leave=False, disable=None):
        s = time.perf_counter()
        evs = extract(a)
        per.append((time.perf_counter() - s) * 1000)
        by_article[a.id] = evs
        nbytes += len(a.text.encode())
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    return OfflineResult(
        articles=len(articles),
        bytes=nbytes,
        seconds=wall,
        cpu_seconds=cpu,
        events=sum(len(v) for v in by_article.values()),
        load_seconds=load_seconds,
        per_article_ms=per,
        events_by_article=by_article,
    )


def profile_offline(
    articles: Sequence[Article], extract: Extract, top: int = 12
) -> dict[str, Any] | None:
    """Where extract() spends its time (pyinstrument, when installed): self-time leaders."""
    try:
        from pyinstrument import Profiler
    except ImportError:
        return None
    prof = Profiler(interval=0.0005)
    prof.start()
    for a in articles:
        extract(a)
    session = prof.stop()
    root = session.root_frame()
    if root is None:
        return None
    total = root.time or 1e-9
    self_t: dict[str, float] = {}
    incl: dict[str, float] = {}

    def walk(frame: Any, stack: frozenset[str]) -> None:
        real = [ch for ch in frame.children if not ch.is_synthetic]
        key = f"{frame.function} ({_short(frame.file_path)}:{frame.line_no})"
        own = frame.time - sum(ch.time for ch in real)  # synthetic "[self]" children included
        self_t[key] = self_t.get(key, 0.0) + own
        path = frame.file_path or ""
        if key not in stack and "/frontline/" in path and "/bench/" not in path:
            incl[key] = incl.get(key, 0.0) + frame.time
        for ch in real:
            walk(ch, stack | {key})

    walk(root, frozenset())
    return {
        "tool": "pyinstrument",
        "articles": len(articles),
        "seconds": round(total, 3),
        "top_self": _top(self_t, total, top),
        "top_inclusive": _top(incl, total, top),
    }


def _short(path: str | None) -> str:
    if not path:
        return "?"
    for marker in ("/frontline/", "/site-packages/", "/lib/python"):
        if marker in path:
            return path.split(marker, 1)[1]
    return path.rsplit("/", 2)[-1]


def _top(d: dict[str, float], total: float, n: int) -> list[dict[str, Any]]:
    rows = sorted(d.items(), key=lambda kv: -kv[1])[:n]
    return [{"frame": k, "seconds": round(v, 3), "share": round(v / total, 3)} for k, v in rows]
