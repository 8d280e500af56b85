"""What the stream wiring shares: settings, metrics, topics and tables of one worker.

Built by `frontline.app.create_app`; the agents, the web views and the lag timer receive it,
so none of them imports the composition root (no import circle).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import faust
from prometheus_client import CollectorRegistry

from frontline.metrics import Metrics
from frontline.settings import Settings


@dataclass
class Context:
    """What agents need besides the app: settings, topics, tables and metrics."""

    settings: Settings
    metrics: Metrics
    registry: CollectorRegistry
    raw: faust.TopicT
    dlq: faust.TopicT
    valid: faust.TopicT
    events: faust.TopicT
    control_changes: faust.TopicT
    momentum_input: faust.TopicT
    momentum_out: faust.TopicT
    alerts: faust.TopicT
    seen: Any
    control: Any
    momentum: Any
    versions: Any = None  # article id -> last fingerprint (corrections and retractions)
    article_versions: Any = None  # topic articles.versions: what each version gave, by article id
    article_events: Any = None  # article id -> the newest version's events (revise agent)
