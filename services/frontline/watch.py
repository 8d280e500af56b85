"""Follow the output topics: `watch` (the live view of `run`) and `tail` (filters, table, JSON).

Both find the demo's per-run topics by themselves (`topicread.resolve_prefix`). A withdrawal
and the capture that follows it in one article are two control changes on the wire (the
holder leaves, then the taker arrives); the live view prints them as one line.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import click
import orjson
from kafka import KafkaConsumer

# Imported at module level, not in `watch`: `run` calls it in a thread while its main thread
# imports aiokafka, and two threads importing one package can see it half-initialised.
from frontline import security, topics
from frontline.geo.display import display_name, fold
from frontline.settings import Settings
from frontline.topicread import resolve_prefix

STYLE = {
    "events.territorial": ("EVENT  ", "cyan"),
    "events.control": ("CONTROL", "yellow"),
    "aggregates.momentum": ("MOMENTUM", "blue"),
    "alerts.momentum": ("ALERT  ", "red"),
    "articles.dlq": ("DLQ    ", "magenta"),
}
OUTPUT_TOPICS = (
    topics.EVENTS_TERRITORIAL,
    topics.EVENTS_CONTROL,
    topics.AGGREGATES_MOMENTUM,
    topics.ALERTS_MOMENTUM,
    topics.ARTICLES_DLQ,
)
SHORT = {"events": "events.territorial", "control": "events.control", "dlq": "articles.dlq"}
SHORT |= {"momentum": "aggregates.momentum", "alerts": "alerts.momentum"}
MERGE_WAIT_S = 1.0  # how long a withdrawal waits for the capture that may follow it


def _name(loc: dict[str, Any]) -> str:
    return display_name(loc["name"], loc.get("geonameid"))


def _places_text(v: dict[str, Any], most: int = 3) -> str:
    """ ": Hama, Homs +1; lost Rastan" from the places of a momentum update or alert."""
    parts = []
    for gained, label in ((True, ""), (False, "lost ")):
        ps = v.get("places") or []
        names = list(dict.fromkeys(p["display_name"] for p in ps if p["gained"] is gained))
        if names:
            more = f" +{len(names) - most}" if len(names) > most else ""
            parts.append(label + ", ".join(names[:most]) + more)
    return ": " + "; ".join(parts) if parts else ""


def dead_letter_article(v: dict[str, Any], key: str | None = None) -> str:
    """Which article a dead letter was: `article ID "title"`, else the key, else its start."""
    try:
        original = orjson.loads(v.get("original") or "")
    except orjson.JSONDecodeError:
        original = None
    if isinstance(original, dict) and original.get("id"):
        title = original.get("title")
        return f"article {original['id']}" + (f' "{str(title)[:60]}"' if title else "")
    if key:
        return f"article {key}"
    start = " ".join((v.get("original") or "").split())[:50]
    return f'record "{start}"' if start else f"record at offset {v.get('offset')}"


def describe(base: str, v: dict, key: str | None = None) -> str | None:
    """A one-line human summary of a message; None to skip it."""
    if base == "events.territorial":
        loc = v["location"]
        return (
            f"{_revision(v)}{v.get('date') or '????-??-??'} {v['type']:<13} {v['actor']['name']} "
            f"({v['actor']['kind']}) → {_name(loc)}, {loc['country_code']} "
            f"[{loc['level']}] {v['status']} conf={v['confidence']:.2f}"
        )
    if base == "events.control":
        prev = (v.get("previous_controller") or {}).get("name", "—")
        new = (v.get("controller") or {}).get("name", "nobody known")
        loc = v["location"]
        return (
            f"{_revision(v)}{v['since']} {_name(loc)}, {loc['country_code']}: {prev} ⇒ {new} "
            f"({v['cause']})"
        )
    if base == "aggregates.momentum":
        if v.get("closed") or v["window_days"] != 7:
            return None
        return (
            f"{v['window_end']} {v['actor']} in {v['country_code']}: net {v['net_momentum']:+g} "
            f"(+{v['places_gained']}/-{v['places_lost']} over 7d{_places_text(v)})"
        )
    if base == "alerts.momentum":
        hint = f" [frontline explain {v['alert_id'][:12]}]" if v["state"] == "firing" else ""
        return f"{v['state'].upper()} {v['rule']} {v['severity']}: {v['summary']}{hint}"
    if base == "articles.dlq":
        return f"{dead_letter_article(v, key)}: {v['reason']}: {v['error'][:80]}"
    return None


def _revision(v: dict[str, Any]) -> str:
    """ "RETRACTED " / "RECOMPUTED " before a revision (contract 1.2); "" for an original."""
    rev = v.get("revision") or "original"
    return "" if rev == "original" else f"{rev.upper()} "


class ControlMerger:
    """Holds a withdrawal briefly; the capture of the same place that follows joins its line.

    The pair is one change for a reader: "Aleppo: Syrian Arab Army ⇒ Hayat Tahrir al-Sham
    (withdrawal, capture)". Withdrawals wait per place, because changes of other places (other
    partitions) arrive in between; one is released alone after `wait` seconds, or when another
    change of its place arrives.
    """

    def __init__(self, wait: float = MERGE_WAIT_S, clock: Callable[[], float] = time.monotonic):
        self.wait, self.clock = wait, clock
        self.pending: dict[str, tuple[float, dict[str, Any]]] = {}

    def feed(self, v: dict[str, Any]) -> list[dict[str, Any]]:
        """Changes to print now; a merged capture carries its withdrawal under "m"."""
        out = self.flush(force=False)
        key = _key(v["location"])
        held = self.pending.pop(key, None)
        if held is not None:
            w = held[1]
            if _follows(w, v):
                return [*out, {**v, "previous_controller": w["previous_controller"], "m": w}]
            out.append(w)
        original = (v.get("revision") or "original") == "original"
        if original and v.get("controller") is None and v["cause"] == "withdrawal":
            self.pending[key] = (self.clock(), v)
            return out
        return [*out, v]

    def flush(self, force: bool = True) -> list[dict[str, Any]]:
        """Withdrawals that waited long enough (all of them with `force`), oldest first."""
        now = self.clock()
        due = [k for k, (t, _) in self.pending.items() if force or now - t >= self.wait]
        return [self.pending.pop(k)[1] for k in due]


def _follows(w: dict[str, Any], c: dict[str, Any]) -> bool:
    """Whether `c` is the capture that completes withdrawal `w` (same place, day, article)."""
    same_article = not w.get("article_ids") or set(w["article_ids"]) & set(c.get("article_ids", []))
    return bool(
        (c.get("revision") or "original") == "original"
        and c.get("previous_controller") is None
        and c.get("controller") is not None
        and c["since"] == w["since"]
        and same_article
    )


def describe_control(v: dict[str, Any]) -> str:
    text = describe("events.control", v) or ""
    if "m" in v:
        text = text.removesuffix(f"({v['cause']})") + f"(withdrawal, {v['cause']})"
    return text


def _consumer(settings: Settings, names: list[str], from_beginning: bool) -> Any:
    return KafkaConsumer(
        *names,
        bootstrap_servers=settings.bootstrap_servers,
        group_id=None,
        auto_offset_reset="earliest" if from_beginning else "latest",
        enable_auto_commit=False,
        **security.checked_kwargs(settings),
    )


def _prefix(settings: Settings, flag: str | None = None) -> str:
    return resolve_prefix(settings, topics.EVENTS_TERRITORIAL.name, flag)  # says which


def watch(
    settings: Settings,
    from_beginning: bool = False,
    idle_timeout: float = 0.0,
    stop: threading.Event | None = None,
) -> int:
    pre = _prefix(settings)
    names = {topics.topic_name(spec, pre): spec.name for spec in OUTPUT_TOPICS}
    consumer = _consumer(settings, list(names), from_beginning)
    merger = ControlMerger()
    seen = 0
    last = time.monotonic()

    def show(base: str, text: str | None) -> None:
        nonlocal seen
        if text:
            label, color = STYLE[base]
            click.echo(click.style(label, fg=color, bold=True) + " " + text)
            seen += 1

    try:
        while not (stop and stop.is_set()):
            batch = consumer.poll(timeout_ms=300)
            for c in merger.flush(force=False):
                show("events.control", describe_control(c))
            for tp, msgs in batch.items():
                base = names[tp.topic]
                for msg in msgs:
                    v = orjson.loads(msg.value)
                    last = time.monotonic()
                    if base == "events.control":
                        for c in merger.feed(v):
                            show(base, describe_control(c))
                        continue
                    key = msg.key.decode("utf-8", "replace") if msg.key else None
                    show(base, describe(base, v, key))
            if idle_timeout and time.monotonic() - last > idle_timeout:
                break
        for c in merger.flush():
            show("events.control", describe_control(c))
    finally:
        consumer.close()
    return seen


# --- tail: filters, table, JSON lines ----------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """What `tail` keeps; a message lacking a filtered dimension is dropped."""

    country: str | None = None
    actor: str | None = None
    type: str | None = None
    place: str | None = None
    bbox: tuple[float, float, float, float] | None = None  # min lon, min lat, max lon, max lat


def parse_bbox(text: str) -> tuple[float, float, float, float]:
    try:
        w, s, e, n = (float(x) for x in text.split(","))
    except ValueError:
        raise click.BadParameter("give min_lon,min_lat,max_lon,max_lat") from None
    if w > e or s > n:
        raise click.BadParameter("min must not exceed max (min_lon,min_lat,max_lon,max_lat)")
    return w, s, e, n


def _locations(base: str, v: dict[str, Any]) -> list[dict[str, Any]]:
    locs = [v["location"]] if v.get("location") else []
    return locs + [p["location"] for p in v.get("places") or [] if p.get("location")]


def _actors(base: str, v: dict[str, Any]) -> list[str]:
    if base == "events.territorial":
        return [v["actor"]["name"]]
    if base == "events.control":
        return [a["name"] for a in (v.get("controller"), v.get("previous_controller")) if a]
    return [v["actor"]] if v.get("actor") else []


def _type(base: str, v: dict[str, Any]) -> str | None:
    if base == "events.territorial":
        return v["type"]
    if base == "events.control":
        return v["cause"]
    if base == "alerts.momentum":
        return v["rule"]
    return None


def _country(base: str, v: dict[str, Any]) -> str | None:
    if v.get("country_code"):
        return v["country_code"]
    return v["location"]["country_code"] if v.get("location") else None


def _names(loc: dict[str, Any]) -> set[str]:
    raw = {loc["name"], _name(loc), loc.get("mention") or ""}
    return {fold(n).casefold() for n in raw if n}


def _key(loc: dict[str, Any]) -> str:
    from frontline.models import Location

    return Location.model_validate(loc).key


def matches(f: Filters, base: str, v: dict[str, Any]) -> bool:
    """Whether message `v` of topic `base` passes every given filter."""
    if f.country and (_country(base, v) or "").upper() != f.country.upper():
        return False
    if f.actor and not any(f.actor.casefold() in a.casefold() for a in _actors(base, v)):
        return False
    if f.type and (_type(base, v) or "").casefold() != f.type.casefold():
        return False
    locs = _locations(base, v)
    if f.place:
        want = fold(f.place).casefold()
        if not any(f.place == _key(loc) or want in _names(loc) for loc in locs):
            return False
    if f.bbox:
        w, s, e, n = f.bbox
        if not any(w <= loc["lon"] <= e and s <= loc["lat"] <= n for loc in locs):
            return False
    return True


COLUMNS = (("topic", 8), ("date", 10), ("type", 14), ("actor", 26), ("place", 22), ("detail", 0))


def row(base: str, v: dict[str, Any], key: str | None = None) -> list[str]:
    """The table cells of a message: topic, date, type, actor, place, detail."""
    short = {b: s for s, b in SHORT.items()}[base]
    locs = _locations(base, v)
    place = f"{_name(locs[0])}, {locs[0]['country_code']}" if locs else _country(base, v) or "—"
    if base == "events.territorial":
        date = v.get("date") or v["published"][:10]
        detail = f"{_revision(v)}{v['status']} {v['confidence']:.2f} “{v['evidence']}”"
    elif base == "events.control":
        date = v["since"]
        prev = (v.get("previous_controller") or {}).get("name", "—")
        new = (v.get("controller") or {}).get("name", "nobody known")
        detail = f"{_revision(v)}{prev} ⇒ {new}"
    elif base == "aggregates.momentum":
        date = v["window_end"]
        place = v["country_code"]
        state = "closed" if v.get("closed") else "open"
        detail = (
            f"{v['window_days']}d {state}: net {v['net_momentum']:+g} "
            f"(+{v['places_gained']}/-{v['places_lost']}){_places_text(v)}"
        )
    elif base == "alerts.momentum":
        date = v["at"]
        place = place if v["rule"] == "capital_changed_hands" else v["country_code"]
        why = f" ({v['reason']})" if v.get("reason") else ""
        detail = f"{v['state']}{why} {v['severity']}: {v['summary']} (id {v['alert_id'][:12]})"
    else:
        date = (v.get("received") or "")[:10]
        detail = f"{dead_letter_article(v, key)}: {v['error'][:80]}"
    typ = _type(base, v) or (v.get("reason") if base == "articles.dlq" else "")
    actor = ", ".join(_actors(base, v)) or "—"
    return [short, date, typ or "—", actor, place, detail]


def format_row(cells: Iterable[str]) -> str:
    out = []
    for (_, width), cell in zip(COLUMNS, cells, strict=True):
        cell = cell.replace("\n", " ")
        if width:
            cell = cell if len(cell) <= width else cell[: width - 1] + "…"
            cell = cell.ljust(width)
        out.append(cell)
    return "  ".join(out).rstrip()


def tail(
    settings: Settings,
    bases: list[str],
    filters: Filters,
    as_json: bool = False,
    from_beginning: bool = False,
    idle_timeout: float = 0.0,
    prefix: str | None = None,
    echo: Callable[[str], Any] = click.echo,
) -> int:
    """Print the messages of `bases` that pass `filters`; the number printed."""
    pre = _prefix(settings, prefix)
    names = {f"{pre}{b}": b for b in bases}
    consumer = _consumer(settings, list(names), from_beginning)
    shown = 0
    last = time.monotonic()
    if not as_json:
        echo(format_row(c.upper() for c, _ in COLUMNS))
    try:
        while True:
            for tp, msgs in consumer.poll(timeout_ms=300).items():
                base = names[tp.topic]
                for msg in msgs:
                    last = time.monotonic()
                    try:
                        v = orjson.loads(msg.value)
                    except orjson.JSONDecodeError:
                        continue
                    if not isinstance(v, dict) or not matches(filters, base, v):
                        continue
                    key = msg.key.decode("utf-8", "replace") if msg.key else None
                    if as_json:
                        rec = {"topic": base, "key": key, "offset": msg.offset, "value": v}
                        echo(orjson.dumps(rec).decode())
                    else:
                        echo(format_row(row(base, v, key)))
                    shown += 1
            if idle_timeout and time.monotonic() - last > idle_timeout:
                break
    finally:
        consumer.close()
    return shown


@click.command("tail")
@click.argument("topic", nargs=-1)
@click.option("--country", help="ISO code, e.g. SY")
@click.option("--actor", help="actor name or part of it (any case)")
@click.option("--type", "type_", help="event type / control cause / alert rule, e.g. capture")
@click.option("--place", help="place name (Hama, Ḩamāh) or key (gn:170017)")
@click.option("--bbox", callback=lambda c, p, v: parse_bbox(v) if v else None, help="W,S,E,N")
@click.option("--json", "as_json", is_flag=True, help="JSON lines: {topic, key, offset, value}")
@click.option("--from-beginning/--latest", default=False)
@click.option("--timeout", type=float, default=0.0, help="stop after this many idle seconds")
@click.option("--prefix", default=None, help="topic prefix (default: configured, else newest demo)")
def tail_command(
    topic: tuple[str, ...],
    country: str | None,
    actor: str | None,
    type_: str | None,
    place: str | None,
    bbox: tuple[float, float, float, float] | None,
    as_json: bool,
    from_beginning: bool,
    timeout: float,
    prefix: str | None,
) -> None:
    """Follow output topics (default: all) with filters, as a table or JSON lines.

    TOPIC: events.territorial, events.control, aggregates.momentum, alerts.momentum,
    articles.dlq, or events, control, momentum, alerts, dlq.
    """
    from frontline.commandline import _require_broker, _settings

    known = {spec.name for spec in OUTPUT_TOPICS}
    bases = [SHORT.get(t, t) for t in topic] or [spec.name for spec in OUTPUT_TOPICS]
    bad = [t for t in bases if t not in known]
    if bad:
        raise click.BadParameter(f"unknown topic {bad[0]!r}; one of {sorted(known)}")
    s = _settings()
    _require_broker(s)
    f = Filters(country, actor, type_, place, bbox)
    tail(s, bases, f, as_json, from_beginning, timeout, prefix)
