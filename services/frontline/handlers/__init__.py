"""Pure handlers, one module per agent (validate, extract, control, momentum).

A handler receives the decoded record, where it came from (`Record`) and its state as
mappings (the Faust table in the worker, a plain dict in unit tests), updates the state,
and returns a `Result`: the messages to send and the metric updates. The agents in
`frontline.agents` only decode, call one handler and send; every rule lives here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from frontline.articles import InvalidArticle, dead_letter
from frontline.ledger import Out
from frontline.metrics import Mark, inc


@dataclass(frozen=True)
class Record:
    """What a handler needs of the Kafka message it handles."""

    topic: str
    partition: int
    offset: int
    key: bytes | None = None
    timestamp: float | None = None  # seconds; None when the producer set none
    committed: int | None = None  # offset the group resumes from for this partition


@dataclass
class Result:
    """Messages to send, in order ([destination, key, value, partition]), and metric updates."""

    outs: list[Out] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)

    def extend(self, other: Result) -> None:
        self.outs += other.outs
        self.marks += other.marks


def dead_lettered(value: bytes | None, err: InvalidArticle, rec: Record) -> Result:
    """The record goes to the dead-letter topic with its reason, keyed as it came."""
    dl = dead_letter(value, err, rec.topic, rec.partition, rec.offset)
    return Result([["dlq", rec.key, dl.model_dump_json(), None]], [inc("dlq", err.reason)])
