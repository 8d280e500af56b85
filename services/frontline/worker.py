"""Run one Faust worker process for the app built from settings."""

from __future__ import annotations

import os

from frontline.settings import Settings


def run_worker(settings: Settings, loglevel: str = "warn") -> None:
    if os.environ.get("FRONTLINE_UVLOOP", "1") == "1":
        try:
            import uvloop  # noqa: F401  (faust picks it up through mode's loop setting)

            os.environ.setdefault("MODE_LOOP", "uvloop")
        except ImportError:
            pass
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
