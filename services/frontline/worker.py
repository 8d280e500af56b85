"""Run one Faust worker process for the app built from settings."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

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


def forget_uncommitted_state(settings: Settings, tabledir: Path) -> None:
    """Under exactly_once, rebuild local tables from the (read_committed) changelogs.

    A local RocksDB store keeps writes of transactions a crash aborted (Faust does not roll
    them back), so a restarted worker would trust state no one committed: the de-dup table
    then drops re-sent articles as duplicates. Kafka Streams wipes local state after an
    unclean shutdown under EOS; we do it on every start (docs/reliability.md).
    """
    if settings.processing_guarantee != "exactly_once":
        return
    log.warning(
        "exactly_once is not recommended: it loses nothing but still publishes duplicates "
        "after a crash (docs/reliability.md); at_least_once gives the same with less cost"
    )
    if tabledir.exists():
        log.warning("exactly_once: restoring tables from their changelogs (%s removed)", tabledir)
        shutil.rmtree(tabledir)


def run_worker(settings: Settings, loglevel: str = "warn") -> None:
    if settings.uvloop and not _use_uvloop():
        log.warning("uvloop not installed; using asyncio's default loop")
    from faust.worker import Worker

    from frontline.app import create_app

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    app, _ = create_app(settings)
    forget_uncommitted_state(settings, Path(str(app.conf.tabledir)))
    # Load the gazetteer and build the extractor's tables before joining the group, not on
    # the first article.
    from frontline.extraction import warm
    from frontline.geo import Geoparser

    Geoparser.default()
    log.info("extractor warmed in %.2fs", warm())
    worker = Worker(app, loglevel=loglevel, quiet=True, redirect_stdouts=False)
    worker.execute_from_commandline()
