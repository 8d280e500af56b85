"""What every command does first: read the settings and check the broker, in one line each."""

from __future__ import annotations

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
