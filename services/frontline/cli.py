"""`frontline` command line: local Kafka, worker, ingest, watch, the one-command demo."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import ClassVar

import click

from frontline.settings import Settings, get_settings


def _settings() -> Settings:
    """The settings, or one line naming the bad FRONTLINE_* variable (never its value)."""
    from pydantic import ValidationError

    try:
        return get_settings()
    except ValidationError as exc:
        bad = "; ".join(
            (f"FRONTLINE_{'_'.join(map(str, e['loc'])).upper()}: " if e["loc"] else "") + e["msg"]
            for e in exc.errors(include_input=False)
        )
        raise click.ClickException(f"invalid settings: {bad}") from None


class LazyGroup(click.Group):
    """Commands owned by heavy modules are imported only when used (fast `--help`)."""

    lazy: ClassVar[dict[str, tuple[str, str]]] = {
        "extract": ("frontline.extraction", "extract_command"),
        "eval": ("frontline.extraction.evaluate", "eval_command"),
        "geoparse": ("frontline.geo", "geoparse_command"),
        "bench": ("frontline.bench", "bench_command"),
        "ingest-feed": ("frontline.feeds", "ingest_feed_command"),
        "explain": ("frontline.explain", "explain_command"),
        "tail": ("frontline.watch", "tail_command"),
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.lazy])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.lazy:
            import importlib

            mod, attr = self.lazy[name]
            try:
                return getattr(importlib.import_module(mod), attr)
            except (ImportError, AttributeError) as exc:
                msg = f"unavailable: {exc}"

                @click.command(name, help=msg, short_help=msg)
                def unavailable() -> None:
                    raise click.ClickException(msg)

                return unavailable
        return super().get_command(ctx, name)


@click.group(cls=LazyGroup)
@click.version_option(package_name="frontline")
def main() -> None:
    """Frontline: live, geolocated territorial-change events from conflict news."""


# --- local Kafka -----------------------------------------------------------------


@main.group()
def kafka() -> None:
    """Run a real single-node Apache Kafka (KRaft) resolved from Maven Central."""


def _broker_port(s: Settings) -> int:
    host = s.bootstrap_servers.split(",")[0]
    return int(host.rsplit(":", 1)[1]) if ":" in host else 9092


@kafka.command("fetch")
def kafka_fetch() -> None:
    """Resolve the broker jars into the cache (Maven Central)."""
    from frontline import kafka_local

    s = _settings()
    libs = _guard(lambda: kafka_local.fetch(s.cache_dir, s.kafka_version, quiet=False))
    click.echo(f"Kafka {s.kafka_version}: {libs}")


@kafka.command("start")
@click.option("--port", type=int, default=None, help="client port (default: from FRONTLINE_BROKER)")
def kafka_start(port: int | None) -> None:
    """Start the broker in the background (idempotent)."""
    from frontline import kafka_local

    s = _settings()
    click.echo(
        f"Starting Kafka {s.kafka_version} (first run downloads ~55 MB from Maven Central)…",
        err=True,
    )
    info = _guard(
        lambda: kafka_local.start(
            s.state_dir / "kafka",
            s.cache_dir,
            s.kafka_version,
            port or _broker_port(s),
            s.kafka_heap,
            s.partitions,
        )
    )
    click.echo(f"Kafka running: pid {info.pid}, bootstrap {info.bootstrap}, state {info.state_dir}")


@kafka.command("stop")
def kafka_stop() -> None:
    """Stop the broker."""
    from frontline import kafka_local

    was = kafka_local.stop(_settings().state_dir / "kafka")
    click.echo("Kafka stopped" if was else "Kafka was not running")


@kafka.command("status")
def kafka_status() -> None:
    """Say whether the broker runs; exit 0 when running, 3 when not."""
    from frontline import kafka_local

    state, info = kafka_local.status(_settings().state_dir / "kafka")
    if info is None:
        click.echo("stopped")
    else:
        click.echo(f"{state}: pid {info.pid}, bootstrap {info.bootstrap}, Kafka {info.version}")
    sys.exit(0 if state == "running" else 3)


def _guard(fn):  # type: ignore[no-untyped-def]
    from frontline.kafka_local import KafkaError

    try:
        return fn()
    except KafkaError as exc:
        raise click.ClickException(str(exc)) from exc


def _require_broker(s: Settings) -> None:
    """One line and exit 1 within seconds when no broker answers (not a 30 s traceback)."""
    from frontline import security
    from frontline.broker import BrokerUnavailable, require_broker

    security.checked_kwargs(s)  # a wrong protocol, password or CA: its own one line
    if s.security_protocol != "PLAINTEXT":
        return  # the probe above already spoke to the secured listener
    try:
        require_broker(s.bootstrap_servers)
    except BrokerUnavailable as exc:
        raise click.ClickException(str(exc)) from exc


# --- topics, worker ----------------------------------------------------------------


@main.command("topics")
def topics_cmd() -> None:
    """Create every topic with its settings (idempotent) and list them."""
    from frontline import security, topics

    s = _settings()
    _require_broker(s)
    created = topics.ensure_topics(
        s.bootstrap_servers,
        s.topic_prefix,
        s.partitions,
        s.replication_factor,
        security.checked_kwargs(s),
    )
    for spec in topics.ALL_TOPICS:
        name = topics.topic_name(spec, s.topic_prefix)
        mark = "created" if name in created else "exists"
        click.echo(f"{name:32} {topics.partitions_of(spec, s.partitions):>3}p  {mark:8} {spec.doc}")


@main.command("worker")
@click.option("--web-port", type=int, default=None, help="HTTP port (/metrics, /control)")
@click.option("-l", "--loglevel", default=None, help="crit|error|warn|info|debug")
def worker_cmd(web_port: int | None, loglevel: str | None) -> None:
    """Run a stream worker (Faust). Start several to scale out across partitions."""
    from frontline import security, topics
    from frontline.worker import run_worker

    s = _settings()
    if web_port is not None:
        s = s.model_copy(update={"web_port": web_port})
    _require_broker(s)
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
def ingest_cmd(path: Path, rate: float) -> None:
    """Produce articles (JSONL or `date YYYY-MM-DD <text>` lines) to articles.raw.

    Bad lines are reported by number; exits 1 when no line was a valid article.
    """
    from frontline.ingest import ingest_file

    s = _settings()
    _require_broker(s)
    n, report = ingest_file(s, path, rate)
    sys.exit(report.finish(f"; produced {n} records"))


@main.command("watch")
@click.option("--from-beginning/--latest", default=False)
@click.option("--timeout", type=float, default=0.0, help="stop after this many idle seconds")
def watch_cmd(from_beginning: bool, timeout: float) -> None:
    """Print events, control changes, momentum and alerts as they arrive."""
    from frontline.watch import watch

    s = _settings()
    _require_broker(s)
    watch(s, from_beginning=from_beginning, idle_timeout=timeout)


@main.command("run")
@click.option(
    "--feed",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="articles to feed (default: the bundled sample feed)",
)
@click.option("--rate", type=float, default=4.0, help="articles per second")
@click.option("--exit-after", type=float, default=0.0, help="stop after N seconds (0: Ctrl-C)")
def run_cmd(feed: Path | None, rate: float, exit_after: float) -> None:
    """The main job on the embedded default: local Kafka + worker + sample feed, live output."""
    from frontline.demo import run_demo

    sys.exit(run_demo(_settings(), feed, rate, exit_after))


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
