"""Start and stop worker processes (used by `frontline run`, the tests and the benchmark)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from frontline.settings import Settings
from frontline_dev.kafka_local import free_port
from frontline_dev.waiting import wait_until

ENV_FIELDS = (
    "broker",
    "topic_prefix",
    "partitions",
    "app_id",
    "web_host",
    "store",
    "data_dir",
    "log_level",
    "max_article_bytes",
    "momentum_grace_days",
    "momentum_alert_threshold",
    "momentum_resolve_threshold",
    "cache_dir",
    "state_dir",
    "processing_guarantee",
    "commit_interval_s",
    "session_timeout_s",
)
SECURITY_FIELDS = (
    "security_protocol",
    "sasl_mechanism",
    "sasl_username",
    "sasl_password",
    "ssl_cafile",
    "ssl_certfile",
    "ssl_keyfile",
    "ssl_key_password",
    "ssl_check_hostname",
)


def settings_env(s: Settings) -> dict[str, str]:
    """The FRONTLINE_* environment that reproduces `s` in a child process."""
    env = {f"FRONTLINE_{k.upper()}": str(getattr(s, k)) for k in ENV_FIELDS}
    for k in SECURITY_FIELDS:  # a child must reach a secured broker as its parent does
        value = getattr(s, k)
        if value is not None:
            secret = getattr(value, "get_secret_value", None)
            env[f"FRONTLINE_{k.upper()}"] = str(secret() if secret else value)
    if s.group_instance_id:
        env["FRONTLINE_GROUP_INSTANCE_ID"] = s.group_instance_id
    return env


@dataclass
class WorkerProcess:
    settings: Settings
    web_port: int = field(default_factory=free_port)
    log_path: Path | None = None
    proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://{self.settings.web_host}:{self.web_port}"

    def start(self, timeout: float = 120.0) -> WorkerProcess:
        self.spawn()
        self.wait_ready(timeout)
        return self

    @property
    def pid(self) -> int:
        """The worker process's pid (after start or spawn)."""
        if self.proc is None:
            raise RuntimeError("worker not started")
        return self.proc.pid

    def spawn(self) -> WorkerProcess:
        """Start the worker process without waiting (for callers that time its start-up)."""
        env = {
            **os.environ,
            **settings_env(self.settings),
            "FRONTLINE_WEB_PORT": str(self.web_port),
        }
        out = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL  # noqa: SIM115
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "frontline.cli", "worker"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        return self

    def wait_ready(self, timeout: float) -> None:
        """Ready once the web server answers and partitions are assigned."""

        def ready() -> bool:
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(
                    f"worker exited with {self.proc.returncode}; see {self.log_path}"
                )
            with urllib.request.urlopen(self.url + "/health", timeout=1) as r:
                return bool(json.loads(r.read()).get("partitions"))

        if not wait_until(ready, timeout, interval=0.3, retry_on=(OSError, ValueError)):
            self.stop()
            raise TimeoutError(f"worker not ready within {timeout:.0f}s; see {self.log_path}")

    def __enter__(self) -> WorkerProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def get(self, path: str) -> bytes:
        with urllib.request.urlopen(self.url + path, timeout=5) as r:
            return r.read()

    def stop(self, timeout: float = 30.0) -> None:
        p = self.proc
        if p is None or p.poll() is not None:
            return
        os.killpg(p.pid, signal.SIGTERM)
        try:
            p.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait(5)
