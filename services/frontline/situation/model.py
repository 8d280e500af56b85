"""The situation read model: every place's control history with its evidence, from any worker.

`/control` lists only the partitions of the worker asked. The map needs every place, so this
model folds `events.territorial` (all partitions, from the beginning) with the same pure rule the
control agent applies (`control.apply_event`, in per-place order as Kafka keeps it): the same
table on every worker, plus the history of changes and the evidence sentences behind each state.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any

import orjson

from frontline import control, security, topics
from frontline.geo.display import fold, location_names
from frontline.models import ControlState, Event
from frontline.settings import Settings

MAX_HISTORY = 50  # changes kept per place, newest last
MAX_EVIDENCE = 8  # evidence sentences kept per history entry
MAX_EVENTS = 200_000  # above this, events no history cites are dropped


def _actor(a: Any) -> dict[str, Any] | None:
    return a.model_dump(mode="json") if a is not None else None


@dataclass
class Situation:
    """Pure fold: `apply(event)` per event, `snapshot()` for the views. Not thread-safe."""

    min_confidence: float = 0.5
    states: dict[str, ControlState] = field(default_factory=dict)
    places: dict[str, dict[str, Any]] = field(default_factory=dict)
    events: dict[str, dict[str, Any]] = field(default_factory=dict)
    applied: int = 0

    def apply(self, ev: Event) -> None:
        key = ev.location.key
        self.applied += 1
        if ev.revision == "retracted":
            self._retract(key, ev)
            return
        self.events.setdefault(
            ev.event_id,
            {
                "event_id": ev.event_id,
                "article_id": ev.article_id,
                "type": ev.type.value,
                "actor": ev.actor.name,
                "status": ev.status.value,
                "date": (ev.date or ev.published.date()).isoformat(),
                "published": ev.published.isoformat(),
                "confidence": ev.confidence,
                "evidence": ev.evidence,
            },
        )
        if len(self.events) > MAX_EVENTS:
            self._prune()
        prev = self.states.get(key)
        new, change = control.apply_event(prev, ev, self.min_confidence)
        if new is None or new is prev:
            return
        self.states[key] = new
        place = self.places.get(key)
        if place is None:
            loc = ev.location.model_dump(mode="json")
            place = {"key": key, "location": loc, **location_names(loc), "history": []}
            self.places[key] = place
        history: list[dict[str, Any]] = place["history"]
        if change is not None:
            history.append(
                {
                    "since": change.since.isoformat(),
                    "controller": _actor(change.controller),
                    "previous": _actor(change.previous_controller),
                    "cause": change.cause.value,
                    "change_id": change.change_id,
                    "event_ids": change.event_ids[-MAX_EVIDENCE:],
                }
            )
            del history[:-MAX_HISTORY]
        elif not history and new.controller is not None:
            # First report that someone holds the place: the status quo, not a change.
            history.append(
                {
                    "since": new.since.isoformat(),
                    "controller": _actor(new.controller),
                    "previous": None,
                    "cause": ev.type.value,
                    "change_id": None,
                    "event_ids": [ev.event_id],
                }
            )
        elif history and new.controller is not None and history[-1]["change_id"] is None:
            ids = [*history[-1]["event_ids"], ev.event_id]
            history[-1]["event_ids"] = list(dict.fromkeys(ids))[-MAX_EVIDENCE:]

    def _retract(self, key: str, ev: Event) -> None:
        """The same re-fold as the control agent; the history keeps the superseded entry and
        adds the recomputed one, the retracted event stays listed, marked."""
        event_id = ev.retracts or ""
        if event_id in self.events:
            self.events[event_id]["retracted"] = True
        prev = self.states.get(key)
        r = control.retract(prev, event_id, self.min_confidence, ev)
        if r.state is None or r.state is prev:
            return
        self.states[key] = r.state
        place = self.places.get(key)
        if r.change is None or place is None:
            return
        c = r.change
        place["history"].append(
            {
                "since": c.since.isoformat(),
                "controller": _actor(c.controller),
                "previous": _actor(c.previous_controller),
                "cause": c.cause.value,
                "change_id": c.change_id,
                "event_ids": c.event_ids[-MAX_EVIDENCE:],
                "revision": "recomputed",
                "supersedes": c.supersedes,
            }
        )
        del place["history"][:-MAX_HISTORY]

    def _prune(self) -> None:
        cited = {i for p in self.places.values() for h in p["history"] for i in h["event_ids"]}
        self.events = {i: e for i, e in self.events.items() if i in cited}

    def snapshot(
        self, country: str | None = None, place: str | None = None, name: str | None = None
    ) -> dict[str, Any]:
        """Places (current controller, history) and the events their history cites.

        Filters: `country` code, `place` key (gn:170017), `name` (English, GeoNames or folded
        name, any case: "Hama", "Ḩamāh", "hamah").
        """
        wanted = fold(name).casefold() if name else None
        rows = []
        for key, p in self.places.items():
            if place and key != place:
                continue
            if wanted and wanted not in {
                fold(p["display_name"]).casefold(),
                fold(p["native_name"]).casefold(),
            }:
                continue
            if country and p["location"]["country_code"] != country:
                continue
            st = self.states[key]
            rows.append(
                {
                    **p,
                    "controller": _actor(st.controller),
                    "since": st.since.isoformat(),
                    "confidence": st.confidence,
                    "importance": st.importance,
                }
            )
        cited = {i for r in rows for h in r["history"] for i in h["event_ids"]}
        dates = sorted(h["since"] for r in rows for h in r["history"])
        return {
            "count": len(rows),
            "events_read": self.applied,
            "first_date": dates[0] if dates else None,
            "last_date": dates[-1] if dates else None,
            "places": sorted(rows, key=lambda r: (-r["importance"], r["display_name"])),
            "events": {i: self.events[i] for i in sorted(cited) if i in self.events},
        }


class TopicFeed:
    """Keeps a Situation up to date from the broker; `refresh()` reads what is new, blocking.

    One plain consumer without a group (every partition, no commits), created on first use so
    a worker nobody asks for the map pays nothing. Callers serialise `refresh` with the lock.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.model = Situation(min_confidence=settings.control_min_confidence)
        self.lock = threading.Lock()
        self._consumer: Any = None

    def refresh(self, budget: float = 5.0) -> None:
        from kafka import KafkaConsumer

        with self.lock:
            if self._consumer is None:
                name = topics.topic_name(topics.EVENTS_TERRITORIAL, self.settings.topic_prefix)
                self._consumer = KafkaConsumer(
                    name,
                    bootstrap_servers=self.settings.bootstrap_servers,
                    group_id=None,
                    auto_offset_reset="earliest",
                    enable_auto_commit=False,
                    client_id="frontline-situation",
                    **security.client_kwargs(self.settings),
                )
            c = self._consumer
            deadline = time.monotonic() + budget
            while time.monotonic() < deadline:
                for msgs in c.poll(timeout_ms=100, max_records=5000).values():
                    for m in msgs:
                        try:
                            ev = Event.model_validate(orjson.loads(m.value))
                        except (ValueError, orjson.JSONDecodeError):
                            continue  # not an Event (e.g. a future message kind): not a place
                        self.model.apply(ev)
                assigned = c.assignment()
                if assigned:
                    ends = c.end_offsets(list(assigned))
                    if all(c.position(tp) >= end for tp, end in ends.items()):
                        return

    def close(self) -> None:
        with self.lock:
            if self._consumer is not None:
                self._consumer.close()
                self._consumer = None
