"""Composition root: builds the Faust app, its topics, tables, agents and web views.

Nothing connects at import time; `create_app(settings)` wires everything so tests
and several workers can run with their own settings (topic prefix, ports, store).
"""

from __future__ import annotations

from typing import Any

import faust
from prometheus_client import CollectorRegistry

from frontline import __version__, agents, flushing, lag, security, topics, web
from frontline.context import Context
from frontline.metrics import create
from frontline.settings import Settings


def _topic(app: faust.App, spec: topics.TopicSpec, s: Settings) -> faust.TopicT:
    return app.topic(
        topics.topic_name(spec, s.topic_prefix),
        partitions=topics.partitions_of(spec, s.partitions),
        replicas=s.replication_factor,
        config=dict(spec.config),
        key_type=bytes,
        value_type=bytes,
        key_serializer="raw",
        value_serializer="raw",
    )


def _table(app: faust.App, name: str, s: Settings) -> Any:
    # Keys go to the changelog as the source topic's raw bytes: Faust's router hashes the
    # serialized changelog key to find a key's owner, and JSON-quoted keys hash elsewhere.
    changelog = app.topic(
        f"{app.conf.id}-{name}-changelog",
        key_type=str,
        key_serializer="raw",
        value_serializer="json",
        partitions=s.partitions,
        replicas=s.replication_factor,
        compacting=True,
        acks=False,
        internal=True,
    )
    table: Any = app.Table(  # Any: faust's TableT does not declare key_serializer
        name, default=None, partitions=s.partitions, key_type=str, changelog_topic=changelog
    )
    table.key_serializer = "raw"  # the table passes its own serializer when it writes
    return table


def create_app(settings: Settings) -> tuple[faust.App, Context]:
    s = settings
    app = flushing.App(  # commits wait for table writes (flushing.py)
        s.app_id,
        broker=s.broker,
        broker_credentials=security.faust_credentials(s),
        store=s.store,
        datadir=str(s.data_dir),
        autodiscover=False,
        web_enabled=True,
        web_host=s.web_host,
        web_bind=s.web_bind,
        web_port=s.web_port,
        web_tables_enabled=False,  # Faust's /table/{name}/{key} would expose internal tables
        topic_partitions=s.partitions,
        topic_replication_factor=s.replication_factor,
        processing_guarantee=s.processing_guarantee,
        stream_buffer_maxsize=s.stream_buffer_maxsize,
        broker_commit_interval=s.commit_interval_s,
        producer_linger=s.producer_linger_ms / 1000.0,
        consumer_auto_offset_reset="earliest",
        table_standby_replicas=0,
        key_serializer="raw",
        value_serializer="raw",
        table_cleanup_interval=60.0,
        broker_session_timeout=s.session_timeout_s,
        broker_heartbeat_interval=s.heartbeat_interval_s,
        consumer_group_instance_id=s.group_instance_id,
    )
    registry = CollectorRegistry()
    metrics = create(registry)
    metrics.build.info({"version": __version__, "store": s.store, "partitions": str(s.partitions)})
    from faust.sensors.prometheus import setup_prometheus_sensors

    setup_prometheus_sensors(app, pattern="/metrics", registry=registry, name_prefix="faust")

    ctx = Context(
        settings=s,
        metrics=metrics,
        registry=registry,
        raw=_topic(app, topics.ARTICLES_RAW, s),
        dlq=_topic(app, topics.ARTICLES_DLQ, s),
        valid=_topic(app, topics.ARTICLES_VALID, s),
        events=_topic(app, topics.EVENTS_TERRITORIAL, s),
        control_changes=_topic(app, topics.EVENTS_CONTROL, s),
        momentum_input=_topic(app, topics.MOMENTUM_INPUT, s),
        momentum_out=_topic(app, topics.AGGREGATES_MOMENTUM, s),
        alerts=_topic(app, topics.ALERTS_MOMENTUM, s),
        seen=_table(app, f"{s.topic_prefix}seen-articles", s),
        control=_table(app, f"{s.topic_prefix}control", s),
        momentum=_table(app, f"{s.topic_prefix}momentum", s),
        versions=_table(app, f"{s.topic_prefix}article-versions", s),
        article_versions=_topic(app, topics.ARTICLES_VERSIONS, s),
        article_events=_table(app, f"{s.topic_prefix}article-events", s),
    )
    agents.register(app, ctx)
    web.register(app, ctx)
    lag.register(app, ctx)  # frontline_consumer_lag_seconds
    return app, ctx
