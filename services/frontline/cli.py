"""`frontline` command line: topics, worker, ingest, watch, extract, geoparse, schemas.

Development commands (`kafka`, `run`, `bench`, `eval`, `geo-eval`, `generate`) live in the separate
`frontline_dev` package and are listed only when it is installed (a source checkout)."""

from __future__ import annotations

import importlib
import importlib.util
import sys
from pathlib import Path
from typing import ClassVar

import click

from frontline.commandline import _require_broker, _settings, prefix_option, topic_settings


class LazyGroup(click.Group):
    """Commands owned by heavy modules are imported only when used (fast `--help`)."""

    lazy: ClassVar[dict[str, tuple[str, str]]] = {
        "extract": ("frontline.extraction", "extract_command"),
        "geoparse": ("frontline.geo", "geoparse_command"),
        "ingest-feed": ("frontline.feeds", "ingest_feed_command"),
        "explain": ("frontline.explain", "explain_command"),
        "tail": ("frontline.watch", "tail_command"),
    }
    # development tools: not in the runtime wheel or image (package `frontline_dev`)
    dev: ClassVar[dict[str, tuple[str, str]]] = {
        "kafka": ("frontline_dev.cli", "kafka"),
        "run": ("frontline_dev.cli", "run_cmd"),
        "generate": ("frontline_dev.cli", "generate"),
        "bench": ("frontline_dev.bench", "bench_command"),
        "eval": ("frontline_dev.evaluate.extraction", "eval_command"),
        "geo-eval": ("frontline_dev.evaluate.geo", "geo_eval"),
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        dev = list(self.dev) if dev_tools_installed() else []
        return sorted([*super().list_commands(ctx), *self.lazy, *dev])

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except ValueError as exc:
            # a bad FRONTLINE_GEONAMES_DUMPS file: one line (path:line: reason), no traceback
            from frontline.geo.dumps import DumpError

            if isinstance(exc, DumpError):
                raise click.ClickException(str(exc)) from None
            raise

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.dev and not dev_tools_installed():
            return _unavailable(
                name,
                f"`frontline {name}` is a development tool (package frontline_dev), not part "
                "of the runtime install; from a source checkout run `make setup` or "
                "`pip install -e services/frontline_dev`",
            )
        target = self.lazy.get(name) or self.dev.get(name)
        if target is None:
            return super().get_command(ctx, name)
        mod, attr = target
        try:
            return getattr(importlib.import_module(mod), attr)
        except (ImportError, AttributeError) as exc:
            return _unavailable(name, f"unavailable: {exc}")


def dev_tools_installed() -> bool:
    """True when the development package (`frontline_dev`) can be imported."""
    return importlib.util.find_spec("frontline_dev") is not None


def _unavailable(name: str, msg: str) -> click.Command:
    @click.command(
        name,
        help=msg,
        short_help=msg[:60],
        context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
    )
    @click.argument("args", nargs=-1, type=click.UNPROCESSED)
    def unavailable(args: tuple[str, ...]) -> None:
        raise click.ClickException(msg)

    return unavailable


@click.group(cls=LazyGroup)
@click.version_option(package_name="frontline")
def main() -> None:
    """Frontline: live, geolocated territorial-change events from conflict news."""


# --- topics, worker ----------------------------------------------------------------


@main.command("topics")
@prefix_option
def topics_cmd(prefix: str | None) -> None:
    """Create every topic with its settings (idempotent) and list them."""
    from frontline import security, topics

    s = _settings()
    _require_broker(s)
    s = topic_settings(s, topics.ARTICLES_RAW.name, prefix, "listing")
    created = topics.ensure_topics(
        s.bootstrap_servers,
        s.topic_prefix,
        s.partitions,
        s.replication_factor,
        security.checked_kwargs(s),
    )
    width = max(32, *(len(topics.topic_name(spec, s.topic_prefix)) for spec in topics.ALL_TOPICS))
    for spec in topics.ALL_TOPICS:
        name = topics.topic_name(spec, s.topic_prefix)
        mark = "created" if name in created else "exists"
        parts = topics.partitions_of(spec, s.partitions)
        click.echo(f"{name:{width}} {parts:>3}p  {mark:8} {spec.doc}")


@main.command("worker")
@click.option("--web-port", type=int, default=None, help="HTTP port (/metrics, /control)")
@click.option("-l", "--loglevel", default=None, help="crit|error|warn|info|debug")
def worker_cmd(web_port: int | None, loglevel: str | None) -> None:
    """Run a stream worker (Faust). Start several to scale out across partitions."""
    from frontline import security, topics
    from frontline.commandline import worker_demo_note
    from frontline.worker import run_worker

    s = _settings()
    if web_port is not None:
        s = s.model_copy(update={"web_port": web_port})
    _require_broker(s)
    worker_demo_note(s)
    topics.ensure_topics(
        s.bootstrap_servers,
        s.topic_prefix,
        s.partitions,
        s.replication_factor,
        security.checked_kwargs(s),
    )
    security.redact_logs(s)
    run_worker(s, loglevel or s.log_level)


@main.command("ingest")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--rate", type=float, default=0.0, help="articles per second (0: as fast as possible)"
)
@prefix_option
def ingest_cmd(path: Path, rate: float, prefix: str | None) -> None:
    """Produce articles (JSONL or `date YYYY-MM-DD <text>` lines) to articles.raw.

    Bad lines are reported by number; exits 1 when no line was a valid article.
    """
    from frontline import topics
    from frontline.ingest import ingest_file

    s = _settings()
    _require_broker(s)
    s = topic_settings(s, topics.ARTICLES_RAW.name, prefix, "writing to")
    n, report = ingest_file(s, path, rate)
    raw = topics.topic_name(topics.ARTICLES_RAW, s.topic_prefix)
    sys.exit(report.finish(f"; produced {n} records to {raw}"))


@main.command("watch")
@click.option("--from-beginning/--latest", default=False)
@click.option("--timeout", type=float, default=0.0, help="stop after this many idle seconds")
@prefix_option
def watch_cmd(from_beginning: bool, timeout: float, prefix: str | None) -> None:
    """Print events, control changes, momentum and alerts as they arrive."""
    from frontline import topics
    from frontline.watch import watch

    s = _settings()
    _require_broker(s)
    s = topic_settings(s, topics.EVENTS_TERRITORIAL.name, prefix)
    watch(s, from_beginning=from_beginning, idle_timeout=timeout)


@main.command("schemas")
@click.option("--check", is_flag=True, help="fail when schemas/ differs from the models")
@click.option("--out", type=click.Path(path_type=Path), default=Path("schemas"))
def schemas_cmd(check: bool, out: Path) -> None:
    """Generate the JSON Schemas in schemas/ from the pydantic models."""
    from frontline.schemas import write_schemas

    changed = write_schemas(out, check=check)
    if check and changed:
        raise click.ClickException(
            f"schemas out of date: {', '.join(changed)}; run `frontline schemas`"
        )
    click.echo(f"{'checked' if check else 'wrote'} schemas in {out}")


if __name__ == "__main__":
    main()
