"""What every command does first: read the settings, check the broker, find the topic prefix."""

from __future__ import annotations

from typing import Any

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


def prefix_option(f: Any) -> Any:
    """`--prefix`: the topic prefix, overriding FRONTLINE_TOPIC_PREFIX and the demo look-up."""
    return click.option(
        "--prefix",
        default=None,
        help="topic prefix (default: FRONTLINE_TOPIC_PREFIX, else the newest demo run's)",
    )(f)


def topic_settings(s: Settings, base: str, flag: str | None, verb: str = "reading") -> Settings:
    """The settings with the topic prefix this command uses (`topicread.with_prefix`)."""
    from frontline.topicread import with_prefix

    return with_prefix(s, base, flag, verb)


def worker_demo_note(s: Settings) -> None:
    """A worker never joins a demo by itself (it would consume and commit the demo's input);
    with no prefix configured beside a running demo it says how to, in one line."""
    from frontline import topics
    from frontline.topicread import choose, configured_prefix, list_topics

    if configured_prefix(s) is not None:
        return
    choice = choose(list_topics(s), topics.ARTICLES_RAW.name)
    if choice.runs:
        pre = choice.prefix
        click.secho(
            f"▶ note: demo run topics {pre}* exist on this broker; this worker uses the "
            f"unprefixed topics (to join the demo: FRONTLINE_TOPIC_PREFIX={pre} "
            f"FRONTLINE_APP_ID=frontline-{pre.rstrip('.')})",
            err=True,
        )
