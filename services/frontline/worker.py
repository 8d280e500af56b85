"""Run one Faust worker process for the app built from settings."""

from __future__ import annotations

import logging

from frontline.settings import Settings

log = logging.getLogger(__name__)


def _use_uvloop() -> bool:
    """Faust reads FAUST_LOOP only at `import faust`; set the policy directly instead."""
    try:
        import uvloop  # noqa: F401
        from mode.loop import use

        use("uvloop")
        return True
    except ImportError:
        return False


def run_worker(settings: Settings, loglevel: str = "warn") -> None:
    if settings.uvloop and not _use_uvloop():
        log.warning("uvloop not installed; using asyncio's default loop")
    from faust.worker import Worker

    from frontline.app import create_app

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    app, _ = create_app(settings)
    # Load the gazetteer and extractor before joining the group, not on the first article.
    from frontline.extraction import extract  # noqa: F401
    from frontline.geo import Geoparser

    Geoparser.default()
    worker = Worker(app, loglevel=loglevel, quiet=True, redirect_stdouts=False)
    worker.execute_from_commandline()
