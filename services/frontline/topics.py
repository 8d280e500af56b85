"""Every topic in one place: name, partitions, retention/compaction, key and value model."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from frontline import models

DAY_MS = 86_400_000


@dataclass(frozen=True)
class TopicSpec:
    name: str
    key: str
    value: type[BaseModel] | None
    partitions: int | None = None  # None: Settings.partitions
    config: dict[str, str] = field(default_factory=dict)
    doc: str = ""


ARTICLES_RAW = TopicSpec(
    "articles.raw",
    "article id",
    None,
    config={"retention.ms": str(30 * DAY_MS)},
    doc="raw article JSON (validated by the worker; value model: Article)",
)
ARTICLES_DLQ = TopicSpec(
    "articles.dlq",
    "original key",
    models.DeadLetter,
    partitions=1,
    config={"retention.ms": str(90 * DAY_MS)},
    doc="records that failed validation, with reason and original bytes",
)
EVENTS_TERRITORIAL = TopicSpec(
    "events.territorial",
    "location key",
    models.Event,
    config={"retention.ms": str(365 * DAY_MS)},
    doc="territorial-change events (contract v1), keyed by place so a place stays on one partition",
)
EVENTS_CONTROL = TopicSpec(
    "events.control",
    "location key",
    models.ControlChange,
    config={"cleanup.policy": "compact,delete", "retention.ms": str(3650 * DAY_MS)},
    doc="one message per change of controller of a place",
)
AGGREGATES_MOMENTUM = TopicSpec(
    "aggregates.momentum",
    "actor|country|window",
    models.MomentumUpdate,
    config={"cleanup.policy": "compact"},
    doc="event-time windowed offensive momentum per actor and country",
)
ALERTS_MOMENTUM = TopicSpec(
    "alerts.momentum",
    "alert id",
    models.Alert,
    partitions=1,
    config={"retention.ms": str(365 * DAY_MS)},
    doc="firing/resolved alerts: offensive momentum and capitals changing hands",
)
# Internal topics.
ARTICLES_VALID = TopicSpec(
    "articles.valid",
    "content fingerprint",
    models.ValidArticle,
    config={"retention.ms": str(7 * DAY_MS)},
    doc="internal: validated articles keyed by content fingerprint (de-duplication)",
)
ARTICLES_VERSIONS = TopicSpec(
    "articles.versions",
    "article id",
    models.ArticleVersion,
    config={"retention.ms": str(7 * DAY_MS)},
    doc="internal: the events each version of an article gave (corrections and retractions)",
)
MOMENTUM_INPUT = TopicSpec(
    "momentum.input",
    "actor|country",
    models.MomentumInput,
    config={"retention.ms": str(30 * DAY_MS)},
    doc="internal: places gained/lost per actor, plus event-time clock ticks",
)

ALL_TOPICS: tuple[TopicSpec, ...] = (
    ARTICLES_RAW,
    ARTICLES_DLQ,
    EVENTS_TERRITORIAL,
    EVENTS_CONTROL,
    AGGREGATES_MOMENTUM,
    ALERTS_MOMENTUM,
    ARTICLES_VALID,
    MOMENTUM_INPUT,
    ARTICLES_VERSIONS,
)


def topic_name(spec: TopicSpec, prefix: str = "") -> str:
    return f"{prefix}{spec.name}"


def partitions_of(spec: TopicSpec, default: int) -> int:
    return spec.partitions or default


def ensure_topics(
    bootstrap: str,
    prefix: str,
    default_partitions: int,
    replication: int,
    client_kwargs: dict[str, Any] | None = None,
) -> list[str]:
    """Create missing topics with their settings; return the names created.

    Faust only declares topics its agents consume, so produced-only topics
    (events.control, alerts.momentum, ...) are created here, before the worker starts.
    `client_kwargs`: TLS/SASL settings from `security.checked_kwargs`.
    """
    from kafka import KafkaAdminClient
    from kafka.admin import NewTopic
    from kafka.errors import TopicAlreadyExistsError

    admin = KafkaAdminClient(
        bootstrap_servers=bootstrap, client_id="frontline-admin", **(client_kwargs or {})
    )
    try:
        existing = set(admin.list_topics())
        new = [
            NewTopic(
                topic_name(spec, prefix),
                partitions_of(spec, default_partitions),
                replication,
                topic_configs=dict(spec.config),
            )
            for spec in ALL_TOPICS
            if topic_name(spec, prefix) not in existing
        ]
        if new:
            try:
                admin.create_topics(new)
            except TopicAlreadyExistsError:
                pass
        return [t.name for t in new]
    finally:
        admin.close()


def delete_topics(bootstrap: str, prefixes: tuple[str, ...], timeout_s: float = 15.0) -> list[str]:
    """Delete every topic whose name starts with one of prefixes; return the names deleted.

    Used by `frontline run` for its per-run topics (and Faust's changelog/assignor topics,
    which start with the app id), so disk use does not grow run after run.
    """
    from kafka import KafkaAdminClient

    admin = KafkaAdminClient(
        bootstrap_servers=bootstrap,
        client_id="frontline-admin",
        request_timeout_ms=int(timeout_s * 1000),
    )
    try:
        names = sorted(t for t in admin.list_topics() if t.startswith(prefixes))
        if names:
            admin.delete_topics(names, timeout_ms=int(timeout_s * 1000))
        return names
    finally:
        admin.close()
