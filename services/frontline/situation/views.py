"""HTTP views of the situation map: the page, its assets and the read model as JSON."""

from __future__ import annotations

import asyncio
import mimetypes
from pathlib import Path
from typing import TYPE_CHECKING

import faust
from faust.web import Request, Response, View

from frontline.situation.model import TopicFeed

if TYPE_CHECKING:
    from frontline.context import Context

ASSETS = Path(__file__).resolve().parent.parent / "data" / "map"


def _asset_table() -> dict[str, Path]:
    """Servable files by name (flat namespace: page files and vendor/ files)."""
    files = [*ASSETS.glob("*.*"), *(ASSETS / "vendor").glob("*.*")]
    return {p.name: p for p in files if p.is_file()}


def register(app: faust.App, ctx: Context) -> None:
    feed = TopicFeed(ctx.settings)
    assets = _asset_table()
    refreshing = asyncio.Lock()

    # mode's SignalHandlerT accepts no function under mypy, not even its own documented shape
    @app.on_before_shutdown.connect  # type: ignore[arg-type]
    async def _close_feed(app: faust.App, **kwargs: object) -> None:
        await asyncio.get_running_loop().run_in_executor(None, feed.close)

    @app.page("/map")
    async def map_page(web: View, request: Request) -> Response:
        return web.html((ASSETS / "index.html").read_text(encoding="utf-8"))

    @app.page("/map/assets/{name}")
    async def map_asset(web: View, request: Request, name: str) -> Response:
        path = assets.get(name)
        if path is None:
            return web.json({"error": "no such asset"}, status=404)
        kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return web.bytes(path.read_bytes(), content_type=kind)

    @app.page("/situation")
    async def situation(web: View, request: Request) -> Response:
        """Every place's controller and history with evidence.

        Filters: ?country=SY, ?place=gn:170017, ?name=Hama.
        """
        async with refreshing:
            await asyncio.get_running_loop().run_in_executor(None, feed.refresh)
        with feed.lock:
            snap = feed.model.snapshot(
                country=request.query.get("country"),
                place=request.query.get("place"),
                name=request.query.get("name"),
            )
        return web.json(snap)
