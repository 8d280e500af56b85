"""Development commands of `frontline`: the local broker, `run` (the demo) and `generate`.

Registered by frontline.cli only when this package is installed, so the runtime image has
none of them.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import click

from frontline.commandline import _settings
from frontline.settings import Settings

T = TypeVar("T")


@click.group()
def kafka() -> None:
    """Run a real single-node Apache Kafka (KRaft) resolved from Maven Central."""


def _broker_port(s: Settings) -> int:
    host = s.bootstrap_servers.split(",")[0]
    return int(host.rsplit(":", 1)[1]) if ":" in host else 9092


def _guard(fn: Callable[[], T]) -> T:
    """A broker failure as one line (click's error), not a traceback."""
    from frontline_dev.kafka_local import KafkaError

    try:
        return fn()
    except KafkaError as exc:
        raise click.ClickException(str(exc)) from exc


@kafka.command("fetch")
def kafka_fetch() -> None:
    """Resolve the broker jars into the cache (Maven Central)."""
    from frontline_dev import kafka_local

    s = _settings()
    libs = _guard(lambda: kafka_local.fetch(s.cache_dir, s.kafka_version, quiet=False))
    click.echo(f"Kafka {s.kafka_version}: {libs}")


@kafka.command("start")
@click.option("--port", type=int, default=None, help="client port (default: from FRONTLINE_BROKER)")
def kafka_start(port: int | None) -> None:
    """Start the broker in the background (idempotent)."""
    from frontline_dev import kafka_local

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
    from frontline_dev import kafka_local

    was = kafka_local.stop(_settings().state_dir / "kafka")
    click.echo("Kafka stopped" if was else "Kafka was not running")


@kafka.command("status")
def kafka_status() -> None:
    """Say whether the broker runs; exit 0 when running, 3 when not."""
    from frontline_dev import kafka_local

    state, info = kafka_local.status(_settings().state_dir / "kafka")
    if info is None:
        click.echo("stopped")
    else:
        click.echo(f"{state}: pid {info.pid}, bootstrap {info.bootstrap}, Kafka {info.version}")
    sys.exit(0 if state == "running" else 3)


@click.command("run")
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
    from frontline_dev.demo import run_demo

    sys.exit(run_demo(_settings(), feed, rate, exit_after))


@click.group()
def generate() -> None:
    """Regenerate deploy files from their sources of truth (or --check them for drift)."""


def _regenerate(out: Path, rendered: dict[Path, str], check: bool, command: str) -> None:
    from frontline.generated import regenerate

    sys.exit(regenerate(out, rendered, check, command))


@generate.command("grafana")
@click.option("--check", is_flag=True, help="fail (exit 1) when a committed file differs")
@click.option("--out", type=click.Path(path_type=Path), default=None, help="provisioning dir")
def generate_grafana(check: bool, out: Path | None) -> None:
    """Grafana datasource, dashboard and alert rules under deploy/grafana/provisioning/."""
    from frontline_dev.grafana.common import PROVISIONING
    from frontline_dev.grafana.render import render, self_check

    problems = self_check()
    if problems:
        raise click.ClickException("\n".join(problems))
    _regenerate(out or PROVISIONING, render(), check, "frontline generate grafana")


@generate.command("k8s")
@click.option("--check", is_flag=True, help="fail (exit 1) when a committed file differs")
@click.option("--out", type=click.Path(path_type=Path), default=None, help="base directory")
def generate_k8s(check: bool, out: Path | None) -> None:
    """Strimzi KafkaTopics and the PrometheusRule under deploy/k8s/base/."""
    from frontline_dev import k8s

    _regenerate(out or k8s.BASE, k8s.render(), check, "frontline generate k8s")
