"""Thin Faust agents: they wire topics to the pure functions of the pipeline."""

from __future__ import annotations

import datetime as dt
import logging
import time
from typing import TYPE_CHECKING, Any, TypeVar

import faust
from aiokafka.partitioner import murmur2
from pydantic import BaseModel, ValidationError

from frontline import alerts, control, momentum
from frontline.articles import InvalidArticle, dead_letter, fingerprint, parse_record
from frontline.models import (
    ControlState,
    Event,
    MomentumInput,
    MomentumUpdate,
    ValidArticle,
)

if TYPE_CHECKING:
    from frontline.app import Context

log = logging.getLogger(__name__)
M = TypeVar("M", bound=BaseModel)


def key_partition(key: str, partitions: int) -> int:
    """The partition Kafka's default partitioner gives `key` (murmur2, as the Java client)."""
    return (murmur2(key.encode()) & 0x7FFFFFFF) % partitions


def register(app: faust.App, ctx: Context) -> None:
    s, m = ctx.settings, ctx.metrics
    from frontline.extraction import extract

    async def parse_or_dead_letter(model: type[M], ev: Any) -> M | None:
        """A foreign or corrupt record on an internal topic goes to the DLQ, not the worker."""
        try:
            return model.model_validate_json(ev.value)
        except ValidationError as exc:
            msg = ev.message
            err = InvalidArticle(f"bad_{model.__name__.lower()}", str(exc)[:500])
            dl = dead_letter(ev.value, err, msg.topic, msg.partition, msg.offset)
            await ctx.dlq.send(key=msg.key, value=dl.model_dump_json().encode())
            m.dlq.labels(err.reason).inc()
            return None

    @app.agent(ctx.raw, name="validate")
    async def validate(stream: faust.StreamT[bytes]) -> None:
        async for ev in stream.events():
            msg = ev.message
            try:
                article = parse_record(ev.value, s.max_article_bytes)
            except InvalidArticle as err:
                dl = dead_letter(ev.value, err, msg.topic, msg.partition, msg.offset)
                await ctx.dlq.send(key=msg.key, value=dl.model_dump_json().encode())
                m.articles.labels("invalid").inc()
                m.dlq.labels(err.reason).inc()
                continue
            fp = fingerprint(article)
            va = ValidArticle(
                fingerprint=fp, received_ts=msg.timestamp or time.time(), article=article
            )
            await ctx.valid.send(key=fp.encode(), value=va.model_dump_json().encode())

    @app.agent(ctx.valid, name="extract")
    async def extract_agent(stream: faust.StreamT[bytes]) -> None:
        n = 0
        async for ev in stream.events():
            n += 1
            if n % 10_000 == 0:
                forget_old_articles(ev.message.partition)
            va = await parse_or_dead_letter(ValidArticle, ev)
            if va is None:
                continue
            if ctx.seen.get(va.fingerprint) is not None:
                m.articles.labels("duplicate").inc()
                continue
            ctx.seen[va.fingerprint] = time.time()
            t0 = time.perf_counter()
            try:
                events = extract(va.article)
            except Exception as exc:  # never let one article crash the worker
                log.exception("extraction failed for %s", va.article.id)
                err = InvalidArticle("extraction_error", repr(exc)[:500])
                dl = dead_letter(
                    va.article.model_dump_json().encode(), err, ctx.valid.get_topic_name()
                )
                await ctx.dlq.send(key=va.article.id.encode(), value=dl.model_dump_json().encode())
                m.dlq.labels(err.reason).inc()
                continue
            m.latency.labels("extract").observe(time.perf_counter() - t0)
            m.articles.labels("ok").inc()
            # "X withdrew and Y took the town": the holder leaves before the taker arrives.
            for e in sorted(events, key=lambda e: _ORDER.get(e.type.value, 9)):
                await ctx.events.send(
                    key=e.location.key.encode(), value=e.model_dump_json().encode()
                )
                m.events.labels(e.type.value, e.actor.kind.value, e.location.country_code).inc()
            if events:
                m.latency.labels("e2e").observe(max(0.0, time.time() - va.received_ts))

    clock: dict[int, dt.date] = {}

    @app.agent(ctx.events, name="control")
    async def control_agent(stream: faust.StreamT[bytes]) -> None:
        async for ev in stream.events():
            e = await parse_or_dead_letter(Event, ev)
            if e is None:
                continue
            key = e.location.key
            raw = ctx.control.get(key)
            prev = ControlState.model_validate(raw) if raw else None
            new, change = control.apply_event(prev, e, s.control_min_confidence)
            if new is not None and new is not prev:
                ctx.control[key] = new.model_dump(mode="json")
            if change is not None:
                await ctx.control_changes.send(
                    key=key.encode(), value=change.model_dump_json().encode()
                )
                m.control_changes.labels(change.location.country_code, change.cause.value).inc()
                for c in momentum.contributions(change):
                    mk = momentum.state_key(c.actor or "", c.country_code or "")
                    await ctx.momentum_input.send(
                        key=mk.encode(), value=c.model_dump_json().encode()
                    )
                    level = alerts.capital_level(c)
                    if level and c.gained:
                        m.capital_changes.labels(c.country_code, level, c.actor).inc()
            # Event time, bounded by publication so a misdated event cannot run the clock ahead.
            when = min(e.date or e.published.date(), e.published.date() + dt.timedelta(days=1))
            p = ev.message.partition
            if when > clock.get(p, dt.date.min):
                clock[p] = when
                tick = MomentumInput(kind="tick", date=when).model_dump_json().encode()
                for part in range(ctx.momentum_input.partitions or s.partitions):
                    await ctx.momentum_input.send(key=None, value=tick, partition=part)

    stream_time: dict[int, dt.date] = {}
    gauges: dict[str, set[tuple[str, str, str]]] = {}

    async def publish(st: momentum.MomentumState, t: dt.date) -> None:
        for u in momentum.evaluate(st, t, tuple(s.momentum_windows_days), s.momentum_grace_days):
            await ctx.momentum_out.send(
                key=f"{u.actor}|{u.country_code}|{u.window_days}d".encode(),
                value=u.model_dump_json().encode(),
            )
            if not u.closed:
                _set_gauges(u)
        a = alerts.momentum_alert(
            st, momentum.net(st, t, 7), t, s.momentum_alert_threshold, s.momentum_resolve_threshold
        )
        if a is not None:
            await ctx.alerts.send(key=a.alert_id.encode(), value=a.model_dump_json().encode())
            m.alerts.labels(a.rule, a.state).inc()
            m.alerts_firing.labels(a.rule, a.actor, a.country_code).set(
                1 if a.state == "firing" else 0
            )

    def _set_gauges(u: MomentumUpdate) -> None:
        _gauge(
            u.actor,
            u.country_code,
            f"{u.window_days}d",
            [u.places_gained, u.places_lost, u.weight_gained, u.weight_lost],
        )

    def _gauge(actor: str, country: str, window: str, b: list[float]) -> None:
        labels = (actor, country, window)
        m.momentum_net.labels(*labels).set(round(b[2] - b[3], 3))
        m.momentum_gained.labels(*labels).set(b[0])
        m.momentum_lost.labels(*labels).set(b[1])
        gauges.setdefault(momentum.state_key(actor, country), set()).add(labels)

    @ctx.momentum.on_recover
    async def _restore_gauges() -> None:
        """A worker that takes over partitions exports their momentum from the recovered rows."""
        name = ctx.momentum_input.get_topic_name()
        mine = {tp.partition for tp in app.assignor.assigned_actives() if tp.topic == name}
        # A memory store keeps rows of revoked partitions: export only the partitions owned now.
        for key, raw in list(ctx.momentum.items()):
            if raw and key_partition(key, s.partitions) in mine:
                st = momentum.MomentumState.model_validate(raw)
                for window, b in st.last.items():
                    _gauge(st.actor, st.country_code, window, b)

    def load(key: str) -> momentum.MomentumState | None:
        raw = ctx.momentum.get(key)
        return momentum.MomentumState.model_validate(raw) if raw else None

    @app.agent(ctx.momentum_input, name="momentum")
    async def momentum_agent(stream: faust.StreamT[bytes]) -> None:
        async for ev in stream.events():
            mi = await parse_or_dead_letter(MomentumInput, ev)
            if mi is None:
                continue
            p = ev.message.partition
            t = stream_time.get(p)
            if mi.kind == "tick":
                if t is not None and mi.date <= t:
                    continue
                stream_time[p] = t = mi.date
                m.stream_time.set(_epoch(max(stream_time.values())))
                for key in list(ctx.momentum.keys()):
                    if key_partition(key, s.partitions) != p:
                        continue
                    st = load(key)
                    if st is not None:
                        await publish(st, t)
                        ctx.momentum[key] = st.model_dump(mode="json")
                continue
            key = momentum.state_key(mi.actor or "", mi.country_code or "")
            st = load(key) or momentum.MomentumState(
                actor=mi.actor or "",
                actor_kind=mi.actor_kind or "unknown",
                country_code=mi.country_code or "",
            )
            t = max(t or mi.date, mi.date)
            stream_time[p] = t
            if not momentum.add(st, mi, t, s.momentum_grace_days):
                continue
            cap = alerts.capital_alert(mi)
            if cap is not None:
                await ctx.alerts.send(
                    key=cap.alert_id.encode(), value=cap.model_dump_json().encode()
                )
                m.alerts.labels(cap.rule, cap.state).inc()
            await publish(st, t)
            ctx.momentum[key] = st.model_dump(mode="json")

    @app.on_partitions_revoked.connect
    async def _drop_series(app_: Any, revoked: set[Any], **_: Any) -> None:
        """Gauges of revoked partitions go, so two workers never export the same series."""
        mine = {tp.partition for tp in revoked if tp.topic == ctx.momentum_input.get_topic_name()}
        for key in list(gauges):
            if key_partition(key, s.partitions) in mine:
                for labels in gauges.pop(key):
                    for g in (m.momentum_net, m.momentum_gained, m.momentum_lost):
                        try:
                            g.remove(*labels)
                        except KeyError:
                            pass
        for p in mine:
            stream_time.pop(p, None)

    @app.timer(interval=5.0)
    async def _lag() -> None:
        mon = app.monitor
        for tp in list(app.consumer.assignment()):
            end = mon.tp_end_offsets.get(tp)
            done = mon.tp_committed_offsets.get(tp) or mon.tp_read_offsets.get(tp)
            if end is not None:
                m.consumer_lag.labels(tp.topic, str(tp.partition)).set(max(0, end - (done or 0)))

    def forget_old_articles(partition: int) -> None:
        """Expire fingerprints of the current partition (tables change only inside a stream)."""
        cutoff = time.time() - s.dedup_ttl_days * 86400
        for k, v in list(ctx.seen.items()):
            if v is not None and v < cutoff and key_partition(k, s.partitions) == partition:
                del ctx.seen[k]


_ORDER = {"holds": 0, "reinforcement": 1, "withdrawal": 2, "capture": 3}


def _epoch(d: dt.date) -> float:
    return float(dt.datetime.combine(d, dt.time(0), tzinfo=dt.UTC).timestamp())
