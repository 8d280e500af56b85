"""Thin Faust agents: they wire topics to the pure functions of the pipeline."""

from __future__ import annotations

import datetime as dt
import logging
import time
from typing import TYPE_CHECKING, Any, TypeVar

import faust
from aiokafka.partitioner import murmur2
from pydantic import BaseModel, ValidationError

from frontline import alerts, control, ledger, momentum
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
            msg = ev.message
            first = ctx.seen.get(va.fingerprint)
            here = {"p": msg.partition, "o": msg.offset}
            if first is not None and not _same_record(first, here):
                m.articles.labels("duplicate").inc()
                continue
            # A redelivered record (same offset) is processed again: its events have
            # deterministic ids, and the table write reaches the changelog again.
            ctx.seen[va.fingerprint] = {"t": time.time(), **here} if first is None else first
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

    def committed(ev: Any) -> int | None:
        """Next offset the group resumes from for the record's partition (None: unknown yet)."""
        return app.monitor.tp_committed_offsets.get(ev.message.tp)

    async def emit(outs: list[ledger.Out]) -> None:
        for dest, key, value, part in outs:
            await getattr(ctx, dest).send(
                key=key.encode() if key is not None else None,
                value=value.encode(),
                partition=part,
            )

    @app.agent(ctx.events, name="control")
    async def control_agent(stream: faust.StreamT[bytes]) -> None:
        async for ev in stream.events():
            e = await parse_or_dead_letter(Event, ev)
            if e is None:
                continue
            key, o = e.location.key, ev.message.offset
            row, led = ledger.split(ctx.control.get(key))
            if led.applied(o):
                # Redelivered after a crash: already in the row; publish again what it did.
                await emit(led.replay(o))
                ctx.control[key] = ledger.join(row, led)
            else:
                prev = ControlState.model_validate(row) if row else None
                new, change = control.apply_event(prev, e, s.control_min_confidence)
                outs = _control_outputs(key, change)
                await emit(outs)
                if new is not None:
                    led.record(o, outs, committed(ev))
                    ctx.control[key] = ledger.join(new.model_dump(mode="json"), led)
                if change is not None:
                    m.control_changes.labels(change.location.country_code, change.cause.value).inc()
                    for c in momentum.contributions(change):
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

    def _control_outputs(key: str, change: Any) -> list[ledger.Out]:
        if change is None:
            return []
        outs: list[ledger.Out] = [["control_changes", key, change.model_dump_json(), None]]
        for c in momentum.contributions(change):
            mk = momentum.state_key(c.actor or "", c.country_code or "")
            outs.append(["momentum_input", mk, c.model_dump_json(), None])
        return outs

    stream_time: dict[int, dt.date] = {}
    gauges: dict[str, set[tuple[str, str, str]]] = {}

    def publish(st: momentum.MomentumState, t: dt.date) -> list[ledger.Out]:
        """Window updates and a momentum alert for one row at stream time `t`."""
        outs: list[ledger.Out] = []
        for u in momentum.evaluate(st, t, tuple(s.momentum_windows_days), s.momentum_grace_days):
            key = f"{u.actor}|{u.country_code}|{u.window_days}d"
            outs.append(["momentum_out", key, u.model_dump_json(), None])
            if not u.closed:
                _set_gauges(u)
        a = alerts.momentum_alert(
            st, momentum.net(st, t, 7), t, s.momentum_alert_threshold, s.momentum_resolve_threshold
        )
        if a is not None:
            outs.append(["alerts", a.alert_id, a.model_dump_json(), None])
            m.alerts.labels(a.rule, a.state).inc()
            m.alerts_firing.labels(a.rule, a.actor, a.country_code).set(
                1 if a.state == "firing" else 0
            )
        return outs

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
            if raw and not key.startswith(CLOCK) and key_partition(key, s.partitions) in mine:
                row, _ = ledger.split(raw)
                st = momentum.MomentumState.model_validate(row)
                for window, b in st.last.items():
                    _gauge(st.actor, st.country_code, window, b)

    def load(key: str) -> tuple[momentum.MomentumState | None, ledger.Ledger]:
        row, led = ledger.split(ctx.momentum.get(key))
        return (momentum.MomentumState.model_validate(row) if row else None), led

    def save(key: str, st: momentum.MomentumState, led: ledger.Ledger) -> None:
        ctx.momentum[key] = ledger.join(st.model_dump(mode="json"), led)

    def clock_of(p: int) -> tuple[dt.date | None, int]:
        """Stream time of a momentum partition and the last offset that moved it (persisted:
        a restarted worker must judge late contributions as the uninterrupted one did)."""
        raw = ctx.momentum.get(f"{CLOCK}{p}")
        if not raw:
            return stream_time.get(p), -1
        t = dt.date.fromisoformat(raw["t"])
        return max(t, stream_time.get(p, t)), int(raw["offset"])

    def set_clock(p: int, t: dt.date, offset: int) -> None:
        """Written after the rows a record changed: a crash between leaves the clock behind,
        and the redelivered record then finishes the rows it had not reached."""
        stream_time[p] = t
        m.stream_time.set(_epoch(max(stream_time.values())))
        ctx.momentum[f"{CLOCK}{p}"] = {"t": t.isoformat(), "offset": offset}

    @app.agent(ctx.momentum_input, name="momentum")
    async def momentum_agent(stream: faust.StreamT[bytes]) -> None:
        async for ev in stream.events():
            mi = await parse_or_dead_letter(MomentumInput, ev)
            if mi is None:
                continue
            p, o = ev.message.partition, ev.message.offset
            t, clock_offset = clock_of(p)
            if mi.kind == "tick":
                redelivered = o <= clock_offset
                if not redelivered and t is not None and mi.date <= t:
                    continue
                t = t if redelivered and t is not None else mi.date
                for key in list(ctx.momentum.keys()):
                    if key.startswith(CLOCK) or key_partition(key, s.partitions) != p:
                        continue
                    st, led = load(key)
                    if st is None:
                        continue
                    if led.applied(o):
                        await emit(led.replay(o))
                    elif redelivered:
                        continue  # the tick left this row unchanged the first time
                    else:
                        outs = publish(st, t)
                        await emit(outs)
                        led.record(o, outs, committed(ev))
                    save(key, st, led)
                set_clock(p, t, max(o, clock_offset))  # again: the changelog may lack it
                continue
            key = momentum.state_key(mi.actor or "", mi.country_code or "")
            st, led = load(key)
            t = max(t or mi.date, mi.date)
            if led.applied(o):
                await emit(led.replay(o))
                if st is not None:
                    save(key, st, led)
                set_clock(p, t, max(o, clock_offset))
                continue
            st = st or momentum.MomentumState(
                actor=mi.actor or "",
                actor_kind=mi.actor_kind or "unknown",
                country_code=mi.country_code or "",
            )
            if not momentum.add(st, mi, t, s.momentum_grace_days):
                if t != stream_time.get(p):
                    set_clock(p, t, max(o, clock_offset))
                continue
            outs: list[ledger.Out] = []
            cap = alerts.capital_alert(mi)
            if cap is not None:
                outs.append(["alerts", cap.alert_id, cap.model_dump_json(), None])
                m.alerts.labels(cap.rule, cap.state).inc()
            outs.extend(publish(st, t))
            await emit(outs)
            led.record(o, outs, committed(ev))
            save(key, st, led)
            set_clock(p, t, max(o, clock_offset))

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
            t = v["t"] if isinstance(v, dict) else v
            if t is not None and t < cutoff and key_partition(k, s.partitions) == partition:
                del ctx.seen[k]


def _same_record(first: Any, here: dict[str, int]) -> bool:
    """Whether the seen-table entry was written by this very record (a redelivery)."""
    return isinstance(first, dict) and (first.get("p"), first.get("o")) == (here["p"], here["o"])


CLOCK = "~clock|"  # momentum table key of a partition's persisted stream time
_ORDER = {"holds": 0, "reinforcement": 1, "withdrawal": 2, "capture": 3}


def _epoch(d: dt.date) -> float:
    return float(dt.datetime.combine(d, dt.time(0), tzinfo=dt.UTC).timestamp())
