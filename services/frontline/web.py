"""HTTP views of the worker: the control map and momentum table as JSON, and health.

`/control/{key}` and `/momentum/{key}` are routed by Faust to the worker that owns the
key's partition; the list views return this worker's partitions and say which.
Every view is GET-only (read-only) and list views are paged: `?limit=&offset=`, with
`limit` at most `MAX_LIMIT`, so no request can make a worker serialise a whole table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

import faust
from faust.web import Request, Response, View

from frontline import ledger, momentum
from frontline.clock import is_clock_key
from frontline.paging import page, page_params
from frontline.partitioning import key_partition

if TYPE_CHECKING:
    from frontline.context import Context


def register(app: faust.App, ctx: Context) -> None:
    s = ctx.settings
    from frontline import health as probes

    probes.register(app, ctx)  # /livez, /readyz

    def _momentum_row(raw: dict[str, Any]) -> dict[str, Any]:
        st = momentum.MomentumState.model_validate(ledger.public(raw))
        last = {
            w: {"gained": b[0], "lost": b[1], "net": round(b[2] - b[3], 3)}
            for w, b in st.last.items()
        }
        return {
            "actor": st.actor,
            "actor_kind": st.actor_kind,
            "country_code": st.country_code,
            "windows": last,
            "alert_firing": st.alert.firing,
        }

    def _assigned() -> list[int]:
        """Partitions of the keyed tables this worker owns (same numbers on every keyed topic)."""
        name = ctx.events.get_topic_name()
        return sorted(tp.partition for tp in app.assignor.assigned_actives() if tp.topic == name)

    @app.page("/health")
    async def health(web: View, request: Request) -> Response:
        return web.json({"status": "ok", "partitions": _assigned()})

    def _paged(web: View, request: Request, rows: list[dict[str, Any]], name: str) -> Response:
        try:
            limit, offset = page_params(request.query)
        except ValueError as exc:
            return web.json({"error": str(exc)}, status=400)
        p = page(rows, limit, offset)
        return web.json({"partitions": _assigned(), name: p.pop("rows"), **p})

    @app.page("/control")
    async def control_list(web: View, request: Request) -> Response:
        country = request.query.get("country")
        mine = set(_assigned())
        rows = [
            {"key": k, **ledger.public(v)}
            for k, v in ctx.control.items()
            if v
            and key_partition(k, s.partitions) in mine
            and (not country or v["location"]["country_code"] == country)
        ]
        rows.sort(key=lambda r: r["key"])  # stable order, so pages do not overlap
        return _paged(web, request, rows, "places")

    @app.page("/control/{key}")
    @app.table_route(table=ctx.control, match_info="key")
    async def control_one(web: View, request: Request, key: str) -> Response:
        key = unquote(key)
        v = ctx.control.get(key)
        return (
            web.json({"key": key, **ledger.public(v)})
            if v
            else web.json({"error": "unknown place"}, status=404)
        )

    @app.page("/momentum")
    async def momentum_list(web: View, request: Request) -> Response:
        mine = set(_assigned())
        rows = [
            _momentum_row(v)
            for k, v in ctx.momentum.items()
            if v and not is_clock_key(k) and key_partition(k, s.partitions) in mine
        ]
        rows.sort(
            key=lambda r: (
                -max((w["net"] for w in r["windows"].values()), default=0),
                r["actor"],
                r["country_code"] or "",
            )
        )
        return _paged(web, request, rows, "actors")

    @app.page("/momentum/{key}")
    @app.table_route(table=ctx.momentum, match_info="key")
    async def momentum_one(web: View, request: Request, key: str) -> Response:
        key = unquote(key)
        v = ctx.momentum.get(key)
        return web.json(_momentum_row(v)) if v else web.json({"error": "unknown key"}, status=404)

    from frontline.situation import register as register_situation  # /map, /situation

    register_situation(app, ctx)

    from frontline.explain import register as register_explain  # /alerts/{id}/explain

    register_explain(app, ctx)
