"""Oracle for the reliability tests: read every topic and table back and check it.

Two references, both exact:
- what the input must give, computed offline with the agents' own code: the set of event
  ids on `events.territorial` and the dead letters of the bad records;
- a pure replay of the run's own logs (`events.territorial`, `momentum.input`, each
  partition in offset order) through `control.apply_event` and the momentum/alert rules.
  The order in which a place's events reach its partition depends on how the worker
  interleaved partitions, so an uninterrupted run is no fixed reference for the control
  rule; the replay is. Any event applied twice, change or contribution lost, output
  lost or counted twice, or stream time forgotten makes the tables or topics differ.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import os
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
from kafka import KafkaConsumer, TopicPartition

from frontline import alerts, ledger, momentum, revisions, topics
from frontline.articles import fingerprint
from frontline.clock import CLOCK
from frontline.handlers import control as control_handler
from frontline.models import (
    Article,
    ArticleVersion,
    ControlState,
    Event,
    MomentumInput,
)
from frontline.partitioning import key_partition
from frontline.settings import Settings
from frontline_dev.bench import corpus as bench_corpus

SOURCES = (topics.ARTICLES_RAW, topics.ARTICLES_VALID, topics.EVENTS_TERRITORIAL)
SOURCES += (topics.ARTICLES_VERSIONS, topics.MOMENTUM_INPUT)
BAD = (b"not json {", b'{"id": "x", "text": ""}', b"\xff\xfe binary")


@dataclass
class Rec:
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    timestamp: int = 0  # ms, as the broker stored it


def read_topic(s: Settings, name: str, timeout: float = 60.0) -> list[Rec]:
    """Every record of a topic up to its current end, in (partition, offset) order."""
    c = KafkaConsumer(
        bootstrap_servers=s.bootstrap_servers,
        enable_auto_commit=False,
        check_crcs=False,
        isolation_level="read_committed",  # what consumers see under exactly_once
    )
    try:
        parts = c.partitions_for_topic(name) or set()
        tps = [TopicPartition(name, p) for p in sorted(parts)]
        if not tps:
            return []
        c.assign(tps)
        c.seek_to_beginning(*tps)
        end = c.end_offsets(tps)
        out: list[Rec] = []
        deadline = time.monotonic() + timeout
        while any(c.position(tp) < end[tp] for tp in tps) and time.monotonic() < deadline:
            for tp, msgs in c.poll(timeout_ms=500, max_records=5000).items():
                out.extend(Rec(tp.partition, m.offset, m.key, m.value, m.timestamp) for m in msgs)
        out.sort(key=lambda r: (r.partition, r.offset))
        return out
    finally:
        c.close()


def workload(
    n: int, seed: int = 11, flips: int = 0, revisions: int = 0
) -> list[tuple[bytes, bytes]]:
    """`n` generated articles in publication order (stream time moves day by day), capital
    flips spread in (capital alerts), a few bad records for the dead-letter queue, and
    `revisions` later versions of earlier articles (corrections and retractions)."""
    base = bench_corpus.generate(n, seed=seed)
    base.records.sort(key=lambda r: orjson.loads(r[1])["published"])
    recs = base.records
    if flips:
        recs = bench_corpus.interleave(base, bench_corpus.capital_flips(flips, seed), n // flips)
    out: list[tuple[bytes, bytes]] = []
    for i, rec in enumerate(recs):
        out.append(rec)
        if i % 997 == 500:
            out.append((f"bad-{i}".encode(), BAD[i % len(BAD)]))
    fps = [fingerprint(Article.model_validate_json(v)) for _, v in out if v not in BAD]
    assert len(fps) == len(set(fps)), "workload must not repeat an article"
    return _revised(out, revisions) if revisions else out


def _revised(records: list[tuple[bytes, bytes]], count: int) -> list[tuple[bytes, bytes]]:
    """`count` revisions of articles that give events, each 40 records after its article, by
    turns a correction (the text without its first sentence, where the event is) and a
    retraction (no text); same key as the original, so same partition, after it. No A, B, A:
    versions are extracted on the partitions of their fingerprints, so the revise agent may
    see A again before B, and whether B's retraction and A's re-assertion are sent depends on
    that order (tests/integration/test_retraction.py covers it, in order)."""
    from frontline.extraction import extract

    later: dict[int, list[tuple[bytes, bytes]]] = {}
    for i, (key, value) in enumerate(records[:-40]):
        if len(later) == count:
            break
        if value in BAD or i % 7 or not extract(Article.model_validate_json(value)):
            continue
        a = orjson.loads(value)
        rev = {**a, "text": a["text"].split(". ", 1)[1]}
        if len(later) % 2:
            rev = {"id": a["id"], "published": a["published"], "retracted": True}
        later[i + 40] = [(key, orjson.dumps(rev))]
    return [r for i, rec in enumerate(records) for r in (rec, *later.get(i, []))]


def expected_event_ids(records: list[tuple[bytes, bytes]], partitions: int) -> set[str]:
    """Every event id the input must put on events.territorial: each version's events, and
    the retractions (and re-assertions) the revise step sends, by the agents' own rules; a
    version's seq is its articles.raw offset, as the validate agent gives it."""
    from frontline.extraction import extract

    ids: set[str] = set()
    versions: dict[str, Any] = {}
    table: dict[str, Any] = {}
    offsets: Counter[int] = Counter()
    for key, v in records:
        p = key_partition(key.decode(), partitions)
        seq, offsets[p] = offsets[p], offsets[p] + 1
        if v in BAD:
            continue
        a = Article.model_validate_json(v)
        revises = revisions.remember(versions, a.id, fingerprint(a), p, seq, 0.0)
        events, withdrawn = revisions.revised(a, revises, extract)
        ids |= {e.event_id for e in events + withdrawn}
        if events or revises is not None or a.retracted:
            av = ArticleVersion(
                article_id=a.id, fingerprint=fingerprint(a), seq=seq, retracted=a.retracted,
                events=events,
            )  # fmt: skip
            ids |= {e.event_id for e in revisions.supersede(table, av, p, seq, 0.0)}
    return ids


def changelog(s: Settings, table: str) -> dict[str, dict[str, Any]]:
    """A table as its changelog says (last value per key; Faust's `{app}-{table}-changelog`)."""
    rows: dict[str, dict[str, Any]] = {}
    for r in read_topic(s, f"{s.app_id}-{s.topic_prefix}{table}-changelog"):
        k = (r.key or b"").decode()
        if r.value is None or r.value == b"null":
            rows.pop(k, None)
        else:
            rows[k] = orjson.loads(r.value)
    return rows


def group_lag(s: Settings) -> int:
    """Records of the source topics not yet committed by the worker group."""
    return sum(group_lags(s).values())


def group_lags(s: Settings) -> dict[str, int]:
    """Uncommitted records per source partition (`topic[p]`), only those behind.

    Measured against the last committed data record of each partition, not the log end:
    under exactly_once a transaction marker follows the last record and is never consumed.
    """
    # A consumer of the group that never subscribes only fetches the committed offsets.
    c = KafkaConsumer(
        bootstrap_servers=s.bootstrap_servers,
        group_id=s.app_id,
        enable_auto_commit=False,
        check_crcs=False,
        isolation_level="read_committed",
    )
    try:
        tps = []
        for spec in SOURCES:
            name = topics.topic_name(spec, s.topic_prefix)
            tps += [TopicPartition(name, p) for p in c.partitions_for_topic(name) or ()]
        end = c.end_offsets(tps)
        c.assign(tps)
        last: dict[TopicPartition, int] = {}
        for tp in tps:
            c.seek(tp, max(0, end[tp] - 20))
        deadline = time.monotonic() + 30
        while any(c.position(tp) < end[tp] for tp in tps) and time.monotonic() < deadline:
            for tp, msgs in c.poll(timeout_ms=300).items():
                last[tp] = max(m.offset for m in msgs)
        lags: dict[str, int] = {}
        for tp in tps:
            target = last[tp] + 1 if tp in last else (end[tp] if end[tp] < 20 else 0)
            committed = c.committed(tp) or 0
            if target > committed:
                lags[f"{tp.topic}[{tp.partition}] at {committed}"] = target - committed
        return lags
    finally:
        c.close()


def wait_drained(
    s: Settings, stall: float = 150.0, timeout: float = 600.0, logs: Sequence[Path] = ()
) -> float:
    """Until the group has committed every source record, twice in a row; seconds taken.

    Fails when the committed lag has not shrunk for `stall` seconds (a hang), or after
    `timeout`, with what the workers' `logs` say about their commits (`log_summary`).
    Slow progress is allowed: after a rebalance Faust's commit of a partition can
    advance one record per commit interval for a while (docs/reliability.md, Limits).
    """
    t0 = last_progress = time.monotonic()
    best = None
    while time.monotonic() < min(last_progress + stall, t0 + timeout):
        behind = group_lags(s)
        lag = sum(behind.values())
        print(f"drain +{time.monotonic() - t0:.0f}s behind: {behind}")  # shown on failure
        if best is None or lag < best:
            best, last_progress = lag, time.monotonic()
        if not behind:
            time.sleep(2 * s.commit_interval_s + 1)  # anything still in flight shows up
            if group_lag(s) == 0:
                return time.monotonic() - t0
        time.sleep(1.0)
    raise AssertionError(
        f"not drained after {time.monotonic() - t0:.0f}s (no progress for "
        f"{time.monotonic() - last_progress:.0f}s): behind {group_lags(s)}\n" + log_summary(logs)
    )


class MomentumMismatch(AssertionError):
    """Momentum outputs or table differ from the replay of the run's momentum.input log."""


@dataclass
class Report:
    """What a run published, against what it must have published."""

    articles: int = 0
    events: int = 0
    duplicates: Counter[str] = field(default_factory=Counter)
    changes: int = 0
    contributions: int = 0
    updates: int = 0
    alerts: int = 0
    places: int = 0
    momentum_rows: int = 0
    dead_letters: int = 0
    max_outbox: int = 0

    def line(self) -> str:
        dups = ", ".join(f"{k} {v}" for k, v in sorted(self.duplicates.items())) or "none"
        return (
            f"articles {self.articles}, events {self.events}, control changes {self.changes}, "
            f"momentum inputs {self.contributions}, momentum updates {self.updates}, "
            f"alerts {self.alerts}, places {self.places}, momentum rows {self.momentum_rows}, "
            f"dead letters {self.dead_letters}; largest outbox {self.max_outbox}; "
            f"lost 0; duplicates: {dups}"
        )


def _values(s: Settings, spec: topics.TopicSpec) -> list[Rec]:
    return read_topic(s, topics.topic_name(spec, s.topic_prefix))


def _same(report: Report, name: str, got: list[str], want: list[str]) -> None:
    """Every expected message is there, nothing else; repeats beyond the expected are counted."""
    missing, unexpected = set(want) - set(got), set(got) - set(want)
    assert not missing and not unexpected, (
        f"{name}: {len(missing)} missing, {len(unexpected)} unexpected",
        sorted(missing)[:2],
        sorted(unexpected)[:2],
    )
    extra = Counter(got) - Counter(want)
    if extra:
        report.duplicates[name] = sum(extra.values())
    if Counter(want) - Counter(got):  # a message expected twice came once: also a loss
        raise AssertionError(f"{name}: {Counter(want) - Counter(got)}")


def trace_lost(s: Settings, records: list[tuple[bytes, bytes]], lost: set[str]) -> str:
    """Where the articles of lost events went: raw and valid records, seen-table entries,
    and the group's committed offsets, so a failed run says at which stage it lost them."""
    from frontline.extraction import extract

    lines = []
    raw = _values(s, topics.ARTICLES_RAW)
    valid = _values(s, topics.ARTICLES_VALID)
    seen = changelog(s, "seen-articles")
    for k, v in records:
        if v in BAD:
            continue
        a = Article.model_validate_json(v)
        ids = {e.event_id for e in extract(a)} & lost
        if not ids:
            continue
        fp = fingerprint(a)
        at_raw = [(x.partition, x.offset) for x in raw if x.key == k]
        at_valid = [(x.partition, x.offset) for x in valid if x.key == fp.encode()]
        lines.append(
            f"LOST {sorted(ids)} of article {a.id}: raw at {at_raw}, valid at {at_valid}, "
            f"seen entry {seen.get(fp)}"
        )
    lines.append(f"committed lag at the end: {group_lags(s)}")
    return "\n".join(lines)


def _at(ms: int) -> str:
    return dt.datetime.fromtimestamp(ms / 1000, dt.UTC).strftime("%H:%M:%S.%f")[:-3]


def trace_rows(s: Settings, keys: list[str], ev_recs: list[Rec]) -> str:
    """For control rows that differ from the replay: the place's events on
    events.territorial (offset, time, id, type, date) and every changelog write of its row
    (time, the ledger's offset, the ids in its log), to set against the worker logs' times."""
    lines = []
    history = read_topic(s, f"{s.app_id}-{s.topic_prefix}control-changelog")
    for k in keys:
        lines.append(f"ROW {k}")
        for x in ev_recs:
            e = orjson.loads(x.value)
            if Event.model_validate_json(x.value).location.key == k:
                lines.append(
                    f"  event [{x.partition}]@{x.offset} {_at(x.timestamp)} {e['event_id'][:8]} "
                    f"{e['type']} {e['actor']['name']} {e['date']}"
                )
        for x in history:
            if (x.key or b"").decode() != k or not x.value:
                continue
            row, led = ledger.split(orjson.loads(x.value))
            log = [orjson.loads(line)["event_id"][:8] for line in (row or {}).get("log", [])]
            lines.append(
                f"  write [{x.partition}]@{x.offset} {_at(x.timestamp)} ledger {led.offset} "
                f"outbox {sorted(led.outbox, key=int)} log {log}"
            )
    return "\n".join(lines)


def _same_rows(
    s: Settings, table: dict[str, Any], want: dict[str, Any], ev_recs: list[Rec]
) -> None:
    if table != want:
        print(trace_rows(s, [k for k in want if table.get(k) != want[k]][:2], ev_recs))
    assert table == want, _diff(table, want)


def check(
    s: Settings, records: list[tuple[bytes, bytes]], want_events: set[str], exact: bool = False
) -> Report:
    """Assert nothing lost, tables exact; `exact`: no duplicates either. Returns the counts."""
    r = Report(articles=sum(v not in BAD for _, v in records))

    # Dead letters: exactly the bad records (keyed by their original key), with their bytes.
    bad = [k.decode() for k, v in records if v in BAD]
    dlq = _values(s, topics.ARTICLES_DLQ)
    _same(r, "articles.dlq", [(x.key or b"").decode() for x in dlq], bad)
    originals = {(k.decode(), v) for k, v in records if v in BAD}
    for x in dlq:
        d = orjson.loads(x.value)
        raw = (
            base64.b64decode(d["original_b64"]) if d.get("original_b64") else d["original"].encode()
        )
        assert ((x.key or b"").decode(), raw) in originals, d
    r.dead_letters = len(bad)

    # Events: exactly the ids offline extraction finds.
    ev_recs = _values(s, topics.EVENTS_TERRITORIAL)
    got_ids = [orjson.loads(x.value)["event_id"] for x in ev_recs]
    if want_events - set(got_ids):
        print(trace_lost(s, records, want_events - set(got_ids)))  # shown on failure
    _same(r, "events.territorial", got_ids, [*want_events])
    r.events = len(want_events)

    # Control: replay the event log, partition by partition (a retraction re-folds the place
    # and takes back the contributions of the changes it supersedes).
    state: dict[str, ControlState] = {}
    changes: list[str] = []
    want_c: list[str] = []
    for x in ev_recs:
        e = Event.model_validate_json(x.value)
        k = e.location.key
        assert key_partition(k, s.partitions) == x.partition
        new, _, outs = control_handler.rule(state.get(k), e, s.control_min_confidence)
        if new is not None:
            state[k] = new
        changes += [o[2] for o in outs if o[0] == "control_changes"]
        want_c += [o[2] for o in outs if o[0] == "momentum_input"]
    published = [x.value.decode() for x in _values(s, topics.EVENTS_CONTROL)]
    _same(r, "events.control", published, changes)
    r.changes = len(changes)
    table = {k: ledger.split(v)[0] for k, v in changelog(s, "control").items()}  # log included
    want = {k: v.model_dump(mode="json") for k, v in state.items()}
    _same_rows(s, table, want, ev_recs)
    r.places = len(want)

    # Momentum inputs: the contributions of exactly those changes (ticks aside).
    mi_recs = _values(s, topics.MOMENTUM_INPUT)
    mis = [(x.partition, MomentumInput.model_validate_json(x.value)) for x in mi_recs]
    contributions = [
        x.value.decode() for x, (_, mi) in zip(mi_recs, mis, strict=True) if mi.kind != "tick"
    ]
    _same(r, "momentum.input", contributions, want_c)
    r.contributions = len(want_c)

    rows, updates, alerts_out = replay_momentum(s, mis)
    agg = [x.value.decode() for x in _values(s, topics.AGGREGATES_MOMENTUM)]
    if os.environ.get("RELIABILITY_DUMP"):  # debugging aid: the run's momentum logs
        with open(os.environ["RELIABILITY_DUMP"], "w") as f:
            for x, (_, mi) in zip(mi_recs, mis, strict=True):
                f.write(f"IN {x.partition} {x.offset} {mi.model_dump_json()}\n")
            for x in _values(s, topics.AGGREGATES_MOMENTUM):
                f.write(f"OUT {x.partition} {x.offset} {x.value.decode()}\n")
            for x in read_topic(s, f"{s.app_id}-{s.topic_prefix}momentum-changelog"):
                f.write(f"CL {x.partition} {x.offset} {x.key!r} {(x.value or b'')[:300]!r}\n")
    try:
        _same(r, "aggregates.momentum", agg, updates)
        al = [x.value.decode() for x in _values(s, topics.ALERTS_MOMENTUM)]
        _same(r, "alerts.momentum", al, alerts_out)
        mtable = {
            k: ledger.split(v)[0]
            for k, v in changelog(s, "momentum").items()
            if not k.startswith(CLOCK)
        }
        mwant = {k: st.model_dump(mode="json") for k, st in rows.items()}
        assert mtable == mwant, _diff(mtable, mwant)
    except AssertionError as exc:
        raise MomentumMismatch(str(exc)) from exc
    r.updates, r.alerts, r.momentum_rows = len(updates), len(alerts_out), len(mwant)
    # Outboxes are pruned at the committed offsets: after a drained run they stay small.
    rows_raw = [*changelog(s, "control").values(), *changelog(s, "momentum").values()]
    r.max_outbox = max((len(ledger.split(v)[1].outbox) for v in rows_raw), default=0)
    assert r.max_outbox < ledger.MAX_OUTBOX
    if exact:
        assert not r.duplicates, r.duplicates
    return r


def replay_momentum(
    s: Settings, mis: list[tuple[int, MomentumInput]]
) -> tuple[dict[str, momentum.MomentumState], list[str], list[str]]:
    """The momentum agent's rule over its input log, once per record (pure, in order)."""
    rows: dict[str, momentum.MomentumState] = {}
    clock: dict[int, dt.date] = {}
    updates: list[str] = []
    out_alerts: list[str] = []
    windows, grace = tuple(s.momentum_windows_days), s.momentum_grace_days

    def publish(st: momentum.MomentumState, t: dt.date, reason: str | None = None) -> None:
        updates.extend(u.model_dump_json() for u in momentum.evaluate(st, t, windows, grace))
        thresholds = s.momentum_alert_threshold, s.momentum_resolve_threshold
        a = alerts.momentum_alert(st, momentum.net(st, t, 7), t, *thresholds, reason=reason)
        if a is not None:
            out_alerts.append(a.model_dump_json())

    for p, mi in mis:
        t = clock.get(p)
        if mi.kind == "tick":
            if t is not None and mi.date <= t:
                continue
            clock[p] = mi.date
            for key, st in rows.items():
                if key_partition(key, s.partitions) == p:
                    publish(st, mi.date)
            continue
        key = momentum.state_key(mi.actor or "", mi.country_code or "")
        assert key_partition(key, s.partitions) == p
        t = clock[p] = max(t or mi.date, mi.date)
        st = rows.get(key) or momentum.MomentumState(
            actor=mi.actor or "",
            actor_kind=mi.actor_kind or "unknown",
            country_code=mi.country_code or "",
        )
        if not momentum.add(st, mi, t, grace):
            continue
        rows[key] = st
        cap = alerts.capital_alert(mi)
        if cap is not None:
            out_alerts.append(cap.model_dump_json())
        publish(st, t, "retraction" if mi.retract else None)  # why an alert resolves
    return rows, updates, out_alerts


def _diff(got: dict[str, Any], want: dict[str, Any]) -> str:
    """Rows missing, extra, and for the first differing row only the fields that differ
    (a control row's event log alone is kilobytes)."""
    missing = sorted(set(want) - set(got))[:3]
    extra = sorted(set(got) - set(want))[:3]
    differ = [k for k in want if k in got and got[k] != want[k]][:2]
    detail = []
    for k in differ[:1]:
        g, w = got[k], want[k]
        for f in sorted(set(g) | set(w)):
            if g.get(f) != w.get(f):
                detail.append(f"{k}.{f}: got {_short(g.get(f))} want {_short(w.get(f))}")
    return f"missing {missing} extra {extra} differ {differ}\n" + "\n".join(detail)[:6000]


def _short(v: Any) -> str:
    """A field for a diff; event-log lines (JSON events) as id, type, actor and date."""
    if isinstance(v, list) and v and all(isinstance(x, str) and x.startswith("{") for x in v):
        evs = [orjson.loads(x) for x in v]
        return str([(e["event_id"][:8], e["type"], e["actor"]["name"], e["date"]) for e in evs])
    return repr(v)[:800]


@contextlib.contextmanager
def explained(logs: Sequence[Path]) -> Iterator[None]:
    """A failed check prints what the workers' logs say (`log_summary`), logs kept in the
    test's tmp dir (`--basetemp` keeps them)."""
    try:
        yield
    except AssertionError:
        print(log_summary(logs))
        raise


LOG_MARKS = (
    "in order",
    "taken as a gap",
    "commit refused",
    "commit discarded",
    "Error",
    "Traceback",
)


def log_summary(paths: Sequence[Path], tail: int = 6) -> str:
    """What a failed run's worker logs say about commits and delivery order: each log's
    path, its warnings of interest (counted, the last few shown) and its last commit state."""
    out = []
    for p in paths:
        if not p.exists():
            continue
        lines = p.read_text(errors="replace").splitlines()
        marks = [x for x in lines if any(m in x for m in LOG_MARKS)]
        state = [x for x in lines if "commit state:" in x][-2:]
        out.append(f"--- {p}: {len(marks)} lines of interest")
        out += [x[:400] for x in marks[-tail:]] + [x[:1200] for x in state]
    return "\n".join(out)
