"""One typed settings object, read from `FRONTLINE_*` environment variables."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


def _repo_state_dir() -> Path:
    return Path.cwd() / ".state"


class Settings(BaseSettings):
    # hide_input_in_errors: a validation error must never echo a secret it was given.
    model_config = SettingsConfigDict(
        env_prefix="FRONTLINE_", env_file=".env", extra="ignore", hide_input_in_errors=True
    )

    # Kafka
    broker: str = Field("kafka://127.0.0.1:9092", description="Faust broker URL(s), ';'-separated")
    topic_prefix: str = Field("", description="prefix for every topic (isolates test runs)")
    partitions: int = Field(4, ge=1, description="partitions of the keyed topics")
    replication_factor: int = Field(1, ge=1)

    # Kafka security (services/frontline/security.py turns these into client settings)
    security_protocol: str = Field(
        "PLAINTEXT", pattern="^(PLAINTEXT|SSL|SASL_PLAINTEXT|SASL_SSL)$", description="to Kafka"
    )
    sasl_mechanism: str = Field(
        "SCRAM-SHA-512", pattern="^(SCRAM-SHA-256|SCRAM-SHA-512|PLAIN)$", description="SASL only"
    )
    sasl_username: str | None = None
    sasl_password: SecretStr | None = Field(None, description="never logged; SecretStr")
    ssl_cafile: Path | None = Field(None, description="CA bundle (PEM) trusted for the broker")
    ssl_certfile: Path | None = Field(None, description="client certificate (PEM) for mutual TLS")
    ssl_keyfile: Path | None = Field(None, description="client private key (PEM) for mutual TLS")
    ssl_key_password: SecretStr | None = None
    ssl_check_hostname: bool = Field(True, description="verify the broker's name in its cert")

    # Worker
    app_id: str = "frontline"
    web_host: str = Field("127.0.0.1", description="host other workers reach this one at")
    web_bind: str = Field("127.0.0.1", description="address the HTTP server binds")
    web_port: int = Field(6066, ge=0, le=65535)
    store: str = Field("memory://", description="table store: memory:// or rocksdb://")
    data_dir: Path = Field(default_factory=lambda: _repo_state_dir() / "worker")
    log_level: str = "warn"
    processing_guarantee: str = Field("at_least_once", pattern="^(at_least_once|exactly_once)$")
    stream_buffer_maxsize: int = 4096
    commit_interval_s: float = 2.0
    producer_linger_ms: int = 5
    uvloop: bool = Field(True, description="run the worker on uvloop when installed")
    session_timeout_s: float = Field(
        10.0, gt=0, description="a dead worker's partitions move on after this (Faust: 60)"
    )
    heartbeat_interval_s: float = Field(2.0, gt=0)
    group_instance_id: str | None = Field(
        None, description="static group membership: a restarted worker keeps its partitions"
    )

    # Dedup / validation
    dedup_ttl_days: int = Field(
        14, ge=1, description="how long an article id/text hash is remembered"
    )
    max_article_bytes: int = 1_000_000

    # Momentum / alerts
    momentum_windows_days: tuple[int, ...] = (7, 1)
    momentum_grace_days: int = Field(3, ge=0, description="late events accepted behind stream time")
    momentum_alert_threshold: float = Field(
        2.0, description="7d net importance-weighted places gained that fires an alert"
    )
    momentum_resolve_threshold: float = Field(0.5, description="below this the alert resolves")
    control_min_confidence: float = Field(0.5, ge=0, le=1)

    # Local Kafka (frontline kafka start)
    state_dir: Path = Field(default_factory=_repo_state_dir)
    cache_dir: Path = Field(default_factory=lambda: Path.home() / ".cache" / "frontline")
    kafka_version: str = "4.1.1"
    kafka_heap: str = "-Xms256m -Xmx768m"

    # Gazetteer
    geonames_dumps: Annotated[tuple[Path, ...], NoDecode] = Field(
        (), description="GeoNames dump files (.txt/.zip), comma-separated: villages, districts"
    )

    @field_validator("geonames_dumps", mode="before")
    @classmethod
    def _split_dumps(cls, v: object) -> object:
        """A comma-separated environment value, as FRONTLINE_GEONAMES_DUMPS is documented."""
        if isinstance(v, str):
            return tuple(Path(p.strip()).expanduser() for p in v.split(",") if p.strip())
        return v

    @model_validator(mode="after")
    def _security_complete(self) -> Settings:
        """Fail at start-up, naming the variable, rather than at the first broker call."""
        if self.security_protocol.startswith("SASL_") and not (
            self.sasl_username and self.sasl_password
        ):
            raise ValueError(
                f"FRONTLINE_SECURITY_PROTOCOL={self.security_protocol} needs "
                "FRONTLINE_SASL_USERNAME and FRONTLINE_SASL_PASSWORD"
            )
        if bool(self.ssl_certfile) != bool(self.ssl_keyfile):
            raise ValueError("FRONTLINE_SSL_CERTFILE and FRONTLINE_SSL_KEYFILE go together")
        return self

    @property
    def bootstrap_servers(self) -> str:
        """host:port list for aiokafka/kafka-python (Faust URL scheme stripped)."""
        parts = [p.split("://", 1)[-1] for p in self.broker.replace(",", ";").split(";") if p]
        return ",".join(parts)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
