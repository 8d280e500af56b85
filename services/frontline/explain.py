"""`frontline explain ALERT_ID`: alert → places → control changes → events → evidence, articles.

An alert carries the places gained and lost in its window with their change, event and
article ids (`Alert.places`, contract 1.1). This module follows those ids through
`events.control`, `events.territorial` and `articles.raw` (reading only the partitions the
keys hash to) and prints the chain. Alerts published before 1.1 carry no places: their
places are reconstructed from `events.control` (changes of the actor in the country during
the window) and the answer says so. `build` is pure; `gather` reads the broker.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import click

from frontline import topics
from frontline.geo.display import display_name
from frontline.models import Location
from frontline.settings import Settings
from frontline.topicread import read_topic, resolve_prefix

MAX_ALSO = 5  # other reports of the same change shown per place
WINDOW_DAYS = 7


def _actor_name(a: dict[str, Any] | None) -> str | None:
    return a.get("name") if a else None


def reconstruct_places(alert: dict[str, Any], changes: list[dict[str, Any]]) -> list[dict]:
    """Places of an alert without `places` (before 1.1), from the control changes."""
    at = dt.date.fromisoformat(alert["at"])
    if alert["rule"] == "capital_changed_hands":
        start, key = at, _key(alert.get("location"))
    else:
        start, key = at - dt.timedelta(days=WINDOW_DAYS - 1), None
    out, seen = [], set()
    for c in changes:
        if c["change_id"] in seen:
            continue
        seen.add(c["change_id"])
        loc = c["location"]
        since = dt.date.fromisoformat(c["since"])
        if not start <= since <= at or loc["country_code"] != alert["country_code"]:
            continue
        if key is not None and _key(loc) != key:
            continue
        gained = _actor_name(c.get("controller")) == alert["actor"]
        if not gained and _actor_name(c.get("previous_controller")) != alert["actor"]:
            continue
        if key is not None and not gained:
            continue
        out.append(
            {
                "place_key": _key(loc),
                "location": loc,
                "display_name": display_name(loc["name"], loc.get("geonameid")),
                "gained": gained,
                "date": c["since"],
                "weight": c.get("importance", 1.0),
                "change_id": c["change_id"],
                "event_ids": c.get("event_ids", []),
                "article_ids": c.get("article_ids", []),
            }
        )
    out.sort(key=lambda p: (-p["weight"], -dt.date.fromisoformat(p["date"]).toordinal()))
    return out


def _key(loc: dict[str, Any] | None) -> str | None:
    return Location.model_validate(loc).key if loc else None


def find_alert(records: list[dict[str, Any]], alert_id: str) -> list[dict[str, Any]]:
    """The records (firing, resolved) of one alert; `alert_id` may be a unique prefix."""
    ids = {r["alert_id"] for r in records if r.get("alert_id", "").startswith(alert_id)}
    if alert_id in ids:
        ids = {alert_id}
    if len(ids) > 1:
        raise click.ClickException(f"{alert_id!r} matches {len(ids)} alerts: {sorted(ids)}")
    return [r for r in records if r.get("alert_id") in ids]


def build(
    records: list[dict[str, Any]],
    changes: list[dict[str, Any]],
    events: list[dict[str, Any]],
    articles: dict[str, dict[str, Any]],
) -> dict[str, Any]:
    """The chain of one alert from its records and what the topics hold (pure)."""
    firing = next((r for r in records if r["state"] == "firing"), records[0])
    resolved = next((r for r in records if r["state"] == "resolved"), None)
    places = firing.get("places") or []
    reconstructed = not places
    if reconstructed:
        places = reconstruct_places(firing, changes)
    by_change = {c["change_id"]: c for c in changes}
    # Contract 1.2: retraction events mark their originals; recomputed changes their predecessor.
    retracted = {e["retracts"] for e in events if e.get("revision") == "retracted"}
    events = [e for e in events if e.get("revision") != "retracted"]
    superseded_by = {c["supersedes"]: c for c in changes if c.get("supersedes")}
    by_event = {e["event_id"]: e for e in events}
    out = []
    for p in places:
        ids = list(p.get("event_ids") or [])
        change = by_change.get(p.get("change_id") or "")
        chain = [_event(by_event[i], articles, retracted) for i in ids if i in by_event]
        missing = [i for i in ids if i not in by_event]
        also = [
            _event(e, articles, retracted)
            for e in events
            if e["event_id"] not in ids and _same_change(e, p, change)
        ][:MAX_ALSO]
        found = {"change": change, "events": chain, "missing_events": missing}
        found["withdrawal"] = _withdrawal_before(change, changes)
        found["superseded_by"] = superseded_by.get(p.get("change_id") or "")
        out.append({**p, **found, "also_reported": also})
    return {
        "alert": firing,
        "resolved": resolved,
        "reconstructed": reconstructed,
        "places": out,
    }


def _withdrawal_before(change: dict | None, changes: list[dict[str, Any]]) -> dict | None:
    """The holder's withdrawal that the same article reported before a capture of nobody's
    place ("the army withdrew and the insurgents entered"): one change for a reader."""
    if change is None or change.get("previous_controller") is not None:
        return None
    arts = set(change.get("article_ids") or [])
    for c in changes:
        if (
            c["cause"] == "withdrawal"
            and c.get("controller") is None
            and c["since"] == change["since"]
            and _key(c["location"]) == _key(change["location"])
            and (not arts or arts & set(c.get("article_ids") or []))
        ):
            return c
    return None


def _same_change(e: dict[str, Any], place: dict[str, Any], change: dict | None) -> bool:
    """Another article's report of the change: same place, actor, type and date."""
    if change is None or _key(e["location"]) != place["place_key"]:
        return False
    who = "previous_controller" if change["cause"] == "withdrawal" else "controller"
    actor = _actor_name(change.get(who))
    when = e.get("date") or e["published"][:10]
    return e["type"] == change["cause"] and e["actor"]["name"] == actor and when == change["since"]


def _event(
    e: dict[str, Any], articles: dict[str, dict[str, Any]], retracted: set[str] | None = None
) -> dict[str, Any]:
    a = articles.get(e["article_id"])
    article = {"id": e["article_id"], "published": e["published"]}
    if a:
        article.update({k: a[k] for k in ("title", "source", "url") if a.get(k)})
    return {
        "event_id": e["event_id"],
        "type": e["type"],
        "actor": e["actor"]["name"],
        "status": e["status"],
        "confidence": e["confidence"],
        "date": e.get("date"),
        "evidence": e["evidence"],
        "article": article,
        "retracted": e["event_id"] in (retracted or set()),
    }


def gather(settings: Settings, alert_id: str, prefix: str | None = None) -> dict[str, Any]:
    """Read the broker and build the chain of `alert_id` (ClickException when unknown)."""
    base = topics.ALERTS_MOMENTUM.name
    pre = resolve_prefix(settings, base, prefix)
    name = topics.topic_name(topics.ALERTS_MOMENTUM, pre)
    records = find_alert([v for _, v in read_topic(settings, name)], alert_id)
    if not records:
        raise click.ClickException(f"no alert {alert_id!r} on {name}")
    return gather_records(settings, records, pre)


def gather_records(settings: Settings, records: list[dict[str, Any]], pre: str) -> dict[str, Any]:
    """The chain of one alert's records (firing, resolved): reads control, events, articles."""
    firing = next((r for r in records if r["state"] == "firing"), records[0])
    places = firing.get("places") or []
    keys = {p["place_key"] for p in places}
    changes = [
        v
        for _, v in read_topic(
            settings,
            topics.topic_name(topics.EVENTS_CONTROL, pre),
            keys=keys or None,  # a pre-1.1 alert: every change, to reconstruct its places
        )
    ]
    if not places:
        keys = {k for p in reconstruct_places(firing, changes) if (k := p["place_key"])}
    # Redelivered events repeat on the topic: one per id.
    events = list(
        {
            v["event_id"]: v
            for _, v in read_topic(
                settings, topics.topic_name(topics.EVENTS_TERRITORIAL, pre), keys=keys
            )
            if "event_id" in v
        }.values()
    )
    article_ids = {e["article_id"] for e in events}
    articles = {
        k: v
        for k, v in read_topic(
            settings, topics.topic_name(topics.ARTICLES_RAW, pre), keys=article_ids
        )
        if k
    }
    chain = build(records, changes, events, articles)
    chain["prefix"] = pre
    return chain


def list_alerts(settings: Settings, prefix: str | None = None) -> tuple[str, list[dict]]:
    pre = resolve_prefix(settings, topics.ALERTS_MOMENTUM.name, prefix)
    name = topics.topic_name(topics.ALERTS_MOMENTUM, pre)
    return pre, [v for _, v in read_topic(settings, name) if "alert_id" in v]


def render(chain: dict[str, Any]) -> str:
    """The chain as text for a terminal."""
    a, r = chain["alert"], chain["resolved"]
    head = f"ALERT {a['alert_id']} {a['rule']} {a['severity']}, firing {a['at']}"
    lines = [head + (f", resolved {r['at']}" if r else ""), f"  {a['summary']}"]
    n = len(chain["places"])
    how = " (reconstructed from events.control: the alert predates place lists)"
    lines.append(
        f"  value {a['value']:g}, threshold {a['threshold']:g}; {n} place(s), most important "
        f"first{how if chain['reconstructed'] else ''}:"
    )
    for p in chain["places"]:
        loc = p["location"]
        sign = "+" if p["gained"] else "-"
        native = f"{loc['name']}, " if loc["name"] != p["display_name"] else ""
        lines.append("")
        lines.append(
            f"  {sign} {p['display_name']}, {loc['country_code']} ({native}{p['place_key']}) "
            f"{'gained' if p['gained'] else 'lost'} {p['date']}, weight {p['weight']:g}"
        )
        c = p.get("change")
        wd = p.get("withdrawal")
        if wd:
            who = _actor_name(wd.get("previous_controller"))
            lines.append(f"      change {wd['change_id']}: {who} ⇒ nobody known (withdrawal)")
        if c:
            prev = _actor_name(c.get("previous_controller")) or "nobody known"
            new = _actor_name(c.get("controller")) or "nobody known"
            lines.append(f"      change {c['change_id']}: {prev} ⇒ {new} ({c['cause']})")
        elif p.get("change_id"):
            lines.append(f"      change {p['change_id']} (not on events.control any more)")
        if sup := p.get("superseded_by"):
            new = _actor_name(sup.get("controller")) or "nobody known"
            lines.append(
                f"      SUPERSEDED by {sup['change_id']} after a retraction: now {new} "
                f"since {sup['since']}"
            )
        for e in p["events"]:
            lines.extend(_event_lines(e, "event"))
        for i in p.get("missing_events", []):
            lines.append(f"      event {i} (not on events.territorial any more)")
        for e in p.get("also_reported", []):
            lines.extend(_event_lines(e, "also reported"))
    return "\n".join(lines)


def _event_lines(e: dict[str, Any], label: str) -> list[str]:
    art = e["article"]
    title = f' "{art["title"]}"' if art.get("title") else ""
    src = f", {art['source']}" if art.get("source") else ""
    url = f" {art['url']}" if art.get("url") else ""
    if e.get("retracted"):  # struck out: the article was corrected or withdrawn
        label = f"{label} RETRACTED"
    return [
        f"      {label} {e['event_id']}: {e['type']} by {e['actor']} ({e['status']}, "
        f"confidence {e['confidence']:.2f}, {e['date'] or 'undated'})",
        f"        {'~~' if e.get('retracted') else ''}“{e['evidence']}”"
        f"{'~~' if e.get('retracted') else ''}",
        f"        article {art['id']}{title} ({art['published'][:10]}{src}){url}",
    ]


@click.command("explain")
@click.argument("alert_id", required=False)
@click.option("--json", "as_json", is_flag=True, help="print the chain as JSON")
@click.option("--prefix", default=None, help="topic prefix (default: configured, else newest demo)")
def explain_command(alert_id: str | None, as_json: bool, prefix: str | None) -> None:
    """Why an alert fired: its places, their control changes, events, evidence and articles.

    ALERT_ID may be a unique prefix; without it, the alerts on the broker are listed.
    """
    import orjson

    from frontline.commandline import _require_broker, _settings

    s = _settings()
    _require_broker(s)
    if alert_id is None:
        pre, alerts = list_alerts(s, prefix)
        click.echo(f"alerts on {pre}{topics.ALERTS_MOMENTUM.name}: {len(alerts)}", err=True)
        for a in alerts:
            row = f"{a['alert_id']}  {a['at']}  {a['state']:<8} {a['rule']:<22}"
            click.echo(f"{row} {a['summary']}")
        return
    chain = gather(s, alert_id, prefix)
    if as_json:
        click.echo(orjson.dumps(chain, option=orjson.OPT_INDENT_2).decode())
    else:
        click.echo(render(chain))


def register(app: Any, ctx: Any) -> None:
    """`/alerts/{alert_id}/explain` on the worker: the same chain as JSON (`?format=text`).

    The alert's records come from an index of the alerts topic kept by the worker
    (`alertindex`), not from reading the whole topic per request.
    """
    import asyncio

    from faust.web import Request, Response, View

    from frontline.alertindex import AlertIndex
    from frontline.topicread import close_readers

    pre = ctx.settings.topic_prefix
    index = AlertIndex(ctx.settings, topics.topic_name(topics.ALERTS_MOMENTUM, pre))

    @app.on_before_shutdown.connect
    async def _close_index(app: Any, **kwargs: object) -> None:
        await asyncio.get_running_loop().run_in_executor(None, index.close)
        await asyncio.get_running_loop().run_in_executor(None, close_readers)

    def _chain(alert_id: str) -> dict[str, Any]:
        return gather_records(ctx.settings, index.find(alert_id), pre)

    @app.page("/alerts/{alert_id}/explain")
    async def explain_view(web: View, request: Request, alert_id: str) -> Response:
        loop = asyncio.get_running_loop()
        try:
            chain = await loop.run_in_executor(None, _chain, alert_id)
        except click.ClickException as exc:
            return web.json({"error": exc.message}, status=404)
        chain["prefix"] = pre
        if request.query.get("format") == "text":
            return web.text(render(chain))
        return web.json(chain)
