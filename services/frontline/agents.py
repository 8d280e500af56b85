"""Thin Faust agents: each decodes a record, calls one pure handler (`frontline.handlers`)
with its table state, and sends what the handler returns. No rule lives here."""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypeVar

import faust
from pydantic import BaseModel, ValidationError

from frontline import extraction, flushing, gauges, metrics
from frontline.articles import InvalidArticle
from frontline.context import Context
from frontline.delivery import Sequencer
from frontline.handlers import Record, Result, dead_lettered
from frontline.handlers import control as control_handler
from frontline.handlers import extract as extract_handler
from frontline.handlers import momentum as momentum_handler
from frontline.handlers import revise as revise_handler
from frontline.handlers import validate as validate_handler
from frontline.models import ArticleVersion, Event, MomentumInput, ValidArticle
from frontline.partitioning import key_partition

__all__ = ["key_partition", "register"]  # key_partition: re-exported for older callers
M = TypeVar("M", bound=BaseModel)
LAG_INTERVAL_S = 5.0
COMMIT_LOG_S = 10.0
log = logging.getLogger(__name__)


@dataclass
class Wiring:
    """One worker's app, context and in-memory state (not in tables: rebuilt on restart)."""

    app: faust.App
    ctx: Context
    extractor: extract_handler.Extractor
    clocks: dict[int, dt.date] = field(default_factory=dict)  # event time per events partition
    times: dict[int, dt.date] = field(default_factory=dict)  # stream time per momentum partition
    exported: dict[str, set[gauges.Labels]] = field(default_factory=dict)  # momentum series
    seq: Sequencer | None = None  # admits records in offset order (delivery.py)
    commits: str = ""  # the last commit state logged

    async def admit(self, ev: Any) -> bool:
        return self.seq is None or await self.seq.admit(ev.message)

    def record(self, ev: Any) -> Record:
        msg = ev.message
        committed = self.app.monitor.tp_committed_offsets.get(msg.tp)
        return Record(msg.topic, msg.partition, msg.offset, msg.key, msg.timestamp, committed)


async def send(ctx: Context, res: Result) -> None:
    """Send the handler's messages in order, then perform its metric updates."""
    for dest, key, value, part in res.outs:
        key = key.encode() if isinstance(key, str) else key
        await getattr(ctx, dest).send(key=key, value=value.encode(), partition=part)
    metrics.apply(ctx.metrics, res.marks)


async def decode(ctx: Context, model: type[M], ev: Any, rec: Record) -> M | None:
    """A foreign or corrupt record on an internal topic goes to the DLQ, not the worker."""
    try:
        return model.model_validate_json(ev.value)
    except ValidationError as exc:
        err = InvalidArticle(f"bad_{model.__name__.lower()}", str(exc)[:500])
        await send(ctx, dead_lettered(ev.value, err, rec))
        return None


async def validate(w: Wiring, stream: faust.StreamT[bytes]) -> None:
    """articles.raw -> articles.valid, or the DLQ; a re-sent id is a revision (versions)."""
    s = w.ctx.settings
    n = 0
    async for ev in stream.events():
        if not await w.admit(ev):
            continue
        rec = w.record(ev)
        n += 1
        res = validate_handler.handle(
            ev.value, rec, s.max_article_bytes, time.time(), w.ctx.versions,
            n, s.dedup_ttl_days, s.partitions,
        )  # fmt: skip
        await send(w.ctx, res)


async def each_decoded(
    w: Wiring,
    stream: faust.StreamT[bytes],
    model: type[M],
    handle: Callable[[M, Record, int], Result],
) -> None:
    """Decode every record as `model` and send what `handle(value, rec, n)` returns; `n` counts
    the decoded records (the tables' expiry schedule)."""
    n = 0
    async for ev in stream.events():
        if not await w.admit(ev):
            continue
        rec = w.record(ev)
        if (value := await decode(w.ctx, model, ev, rec)) is not None:
            n += 1
            await send(w.ctx, handle(value, rec, n))


async def extract(w: Wiring, stream: faust.StreamT[bytes]) -> None:
    """articles.valid -> events.territorial, once per article (the seen table)."""
    s = w.ctx.settings

    def handle(va: ValidArticle, rec: Record, n: int) -> Result:
        return extract_handler.handle(
            w.ctx.seen, va, rec, n, s.dedup_ttl_days, s.partitions, w.extractor
        )

    await each_decoded(w, stream, ValidArticle, handle)


async def revise(w: Wiring, stream: faust.StreamT[bytes]) -> None:
    """articles.versions -> events.territorial: retractions of what a newer version lacks."""
    s = w.ctx.settings

    def handle(v: ArticleVersion, rec: Record, n: int) -> Result:
        table = w.ctx.article_events
        return revise_handler.handle(table, v, rec, time.time(), n, s.dedup_ttl_days, s.partitions)

    await each_decoded(w, stream, ArticleVersion, handle)


async def control(w: Wiring, stream: faust.StreamT[bytes]) -> None:
    """events.territorial -> events.control, momentum contributions and ticks."""
    s = w.ctx.settings
    ticks = w.ctx.momentum_input.partitions or s.partitions

    def handle(e: Event, rec: Record, _: int) -> Result:
        return control_handler.handle(
            w.ctx.control, w.clocks, e, rec, s.control_min_confidence, ticks
        )

    await each_decoded(w, stream, Event, handle)


async def momentum(w: Wiring, stream: faust.StreamT[bytes]) -> None:
    """momentum.input -> aggregates.momentum and alerts.momentum."""
    windows = momentum_handler.Windows.of(w.ctx.settings)

    def handle(mi: MomentumInput, rec: Record, _: int) -> Result:
        return momentum_handler.handle(w.ctx.momentum, w.times, w.exported, mi, rec, windows)

    await each_decoded(w, stream, MomentumInput, handle)


async def restore_gauges(w: Wiring) -> None:
    """A worker that takes over partitions exports their momentum from the recovered rows."""
    name = w.ctx.momentum_input.get_topic_name()
    mine = {tp.partition for tp in w.app.assignor.assigned_actives() if tp.topic == name}
    rows = list(w.ctx.momentum.items())
    metrics.apply(w.ctx.metrics, gauges.restore(w.exported, rows, mine, w.ctx.settings.partitions))


async def drop_series(w: Wiring, sender: Any, revoked: set[Any], **_: Any) -> None:
    """Series of revoked partitions go, so two workers never export the same series."""
    name = w.ctx.momentum_input.get_topic_name()
    mine = {tp.partition for tp in revoked if tp.topic == name}
    marks = momentum_handler.revoked(w.exported, w.times, mine, w.ctx.settings.partitions)
    metrics.apply(w.ctx.metrics, marks)


async def consumer_lag(w: Wiring) -> None:
    """Messages behind the high-water mark per assigned partition."""
    mon = w.app.monitor
    for tp in list(w.app.consumer.assignment()):
        end = mon.tp_end_offsets.get(tp)
        done = mon.tp_committed_offsets.get(tp) or mon.tp_read_offsets.get(tp)
        if end is not None:
            lag = max(0, end - (done or 0))
            w.ctx.metrics.consumer_lag.labels(tp.topic, str(tp.partition)).set(lag)


async def log_commit_state(w: Wiring) -> None:
    """Acked offsets not yet committed, when they changed: a stuck commit shows in the log."""
    state = flushing.commit_state(w.app.consumer)
    if state != w.commits:
        w.commits = state
        log.info("commit state: %s", state)


AGENTS = {
    "validate": validate,
    "extract": extract,
    "revise": revise,
    "control": control,
    "momentum": momentum,
}


def register(app: faust.App, ctx: Context) -> None:
    """Attach the agents, the momentum recovery and revocation hooks and the lag timer."""
    w = Wiring(app, ctx, extraction.extract)  # the gazetteer loads on the first article
    in_order = ctx.settings.processing_guarantee == "at_least_once"  # see delivery.py
    w.seq = Sequencer(app, enabled=in_order, counter=ctx.metrics.resequenced)
    app.sequencer = w.seq  # type: ignore[attr-defined]  # flushing.App reports seeks there
    sources = {"validate": ctx.raw, "extract": ctx.valid, "control": ctx.events}
    sources["revise"] = ctx.article_versions
    sources["momentum"] = ctx.momentum_input
    for name, fn in AGENTS.items():
        app.agent(sources[name], name=name)(partial(fn, w))
    ctx.momentum.on_recover(partial(restore_gauges, w))
    app.on_partitions_revoked.connect(partial(drop_series, w))
    app.on_partitions_revoked.connect(w.seq.reset)
    app.timer(interval=LAG_INTERVAL_S, name="consumer_lag")(partial(consumer_lag, w))
    app.timer(interval=COMMIT_LOG_S, name="commit_state")(partial(log_commit_state, w))
