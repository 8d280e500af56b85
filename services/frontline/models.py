"""Pydantic models for every message on the wire; `schemas/` is generated from them."""

from __future__ import annotations

import datetime as dt
import hashlib
from datetime import datetime, time
from enum import StrEnum
from typing import Annotated, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

SCHEMA_VERSION: Final = 1
# Revision of the v1 contract: fields added within v1 (consumers of 1.0 keep working).
# 1.1: ControlChange.article_ids; MomentumInput change/event/article ids; MomentumUpdate.places
#      and Alert.places (the places gained and lost behind a number, with their ids).
# 1.2: corrections and retractions: Article.retracted; Event.revision/retracts;
#      ControlChange.revision/supersedes; MomentumInput.retract; Alert.reason.
CONTRACT_REVISION = "1.2"
MAX_PLACES = 10  # places listed per momentum update or alert, most important first


class EventType(StrEnum):
    capture = "capture"
    withdrawal = "withdrawal"
    advance = "advance"
    reinforcement = "reinforcement"
    holds = "holds"
    battle = "battle"


class ActorKind(StrEnum):
    state = "state"
    foreign_state = "foreign_state"
    non_state = "non_state"
    unknown = "unknown"


class Status(StrEnum):
    reported = "reported"
    claimed = "claimed"
    denied = "denied"


Level = Literal["city", "admin1", "country", "region"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Article(BaseModel):
    """A raw news article as it arrives on `articles.raw`."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    id: Annotated[str, Field(min_length=1, max_length=512)]
    published: datetime
    text: Annotated[str, Field(max_length=2_000_000)] = Field(
        "", description="required unless `retracted` (a retraction may come without its text)"
    )
    title: str | None = None
    source: str | None = None
    url: str | None = None
    retracted: bool = Field(
        False, description="the publisher withdrew the article: take back its events (1.2)"
    )

    @field_validator("published", mode="before")
    @classmethod
    def _date_or_datetime(cls, v: object) -> object:
        # Feeds give bare dates as often as datetimes; a bare date means midnight UTC.
        if isinstance(v, dt.date) and not isinstance(v, datetime):
            return datetime.combine(v, time(0), tzinfo=dt.UTC)
        if isinstance(v, str) and len(v) == 10:
            return datetime.combine(dt.date.fromisoformat(v), time(0), tzinfo=dt.UTC)
        return v

    @field_validator("published")
    @classmethod
    def _aware(cls, v: datetime) -> datetime:
        return v if v.tzinfo else v.replace(tzinfo=dt.UTC)

    @model_validator(mode="after")
    def _text_unless_retracted(self) -> Article:
        if not self.text and not self.retracted:
            raise ValueError("text: an article needs a text unless it is retracted")
        return self

    @property
    def published_date(self) -> dt.date:
        return self.published.date()


class Actor(_Frozen):
    name: str
    kind: ActorKind
    country: str | None = Field(None, description="ISO 3166-1 alpha-2 of a state actor")


class Location(_Frozen):
    name: str
    geonameid: int | None = None
    country_code: str
    admin1: str | None = Field(None, description="GeoNames admin1 code prefixed by country: SY.06")
    lat: float
    lon: float
    level: Level
    mention: str
    feature_code: str | None = Field(
        None, description="GeoNames feature code (PPLC national capital, PPLA admin1 seat, ...)"
    )

    @property
    def key(self) -> str:
        """Stable identity of the place for tables: geonameid, else admin1, else country."""
        if self.geonameid is not None:
            return f"gn:{self.geonameid}"
        if self.level == "admin1" and self.admin1:
            return f"a1:{self.admin1}"
        if self.level == "region":
            return f"rg:{self.country_code}:{self.name}"
        return f"cc:{self.country_code}"


class Event(_Frozen):
    """A territorial-change event (contract v1)."""

    schema_version: Literal[1] = SCHEMA_VERSION
    event_id: str
    article_id: str
    type: EventType
    actor: Actor
    location: Location
    date: dt.date | None = None
    status: Status = Status.reported
    confidence: Annotated[float, Field(ge=0.0, le=1.0)]
    evidence: str
    published: datetime
    importance: Annotated[float, Field(ge=0.0)] = Field(
        1.0, description="weight of the place (national capital > admin1 capital > city > town)"
    )
    revision: Literal["original", "retracted"] = Field(
        "original", description="`retracted`: takes back the event `retracts` (1.2)"
    )
    retracts: str | None = Field(None, description="event id this retraction takes back (1.2)")


def make_event_id(article_id: str, type_: str, actor_name: str, location_key: str) -> str:
    """Deterministic id so re-processing an article yields the same events."""
    raw = "\x1f".join((article_id, type_, actor_name.casefold(), location_key))
    return hashlib.blake2b(raw.encode(), digest_size=12).hexdigest()


class ValidArticle(_Frozen):
    """Internal `articles.valid` record: a validated article keyed by content fingerprint."""

    schema_version: Literal[1] = SCHEMA_VERSION
    fingerprint: str
    received_ts: float = Field(description="unix time the raw record was produced")
    article: Article
    revises: str | None = Field(
        None, description="fingerprint of the version of the same id this one replaces (1.2)"
    )
    seq: int = Field(
        0,
        description="order of the versions of one article id: its articles.raw offset (the topic "
        "is keyed by article id, so every version of an id is on one partition, 1.2)",
    )


class ArticleVersion(_Frozen):
    """Internal `articles.versions` record, keyed by article id: what one version produced.

    The extract agent sends it; the revise agent keeps the latest per id, retracts the
    events a newer version (or a retraction) no longer gives and re-asserts under a new id
    those it gives again after a retraction (`frontline.revisions`).
    """

    schema_version: Literal[1] = SCHEMA_VERSION
    article_id: str
    fingerprint: str
    seq: int = Field(description="ValidArticle.seq: a higher seq is a newer version")
    retracted: bool = False
    events: list[Event] = Field(default_factory=list, description="the events it published")


class DeadLetter(_Frozen):
    """A record that failed validation, kept with its reason and original bytes."""

    schema_version: Literal[1] = SCHEMA_VERSION
    reason: str
    error: str
    original: str = Field(description="the original record, decoded as UTF-8 with replacement")
    original_b64: str | None = Field(None, description="base64 of the bytes when not valid UTF-8")
    topic: str
    partition: int | None = None
    offset: int | None = None
    received: datetime


class ControlChange(_Frozen):
    """Published once when the controller of a place changes."""

    schema_version: Literal[1] = SCHEMA_VERSION
    change_id: str
    location: Location
    previous_controller: Actor | None
    controller: Actor | None = Field(
        description="null when the holder withdrew and no taker is known"
    )
    since: dt.date
    cause: EventType
    event_ids: list[str]
    confidence: float
    importance: float = 1.0
    article_ids: list[str] = Field(
        default_factory=list, description="articles of the events that made the change (1.1)"
    )
    revision: Literal["original", "recomputed"] = Field(
        "original", description="`recomputed`: control re-folded after a retraction (1.2)"
    )
    supersedes: str | None = Field(None, description="change id a recomputed change replaces (1.2)")


class ControlState(_Frozen):
    """Row of the control table."""

    location: Location
    controller: Actor | None
    since: dt.date
    event_ids: list[str]
    confidence: float
    importance: float = 1.0
    changes: int = 0
    pending: dict[str, list[str]] = Field(
        default_factory=dict,
        description="claimed changes awaiting corroboration: actor -> articles",
    )
    applied: dict[str, str] = Field(
        default_factory=dict,
        description="event id -> date of events applied since `since` (never applied twice)",
    )
    change_id: str | None = Field(None, description="the change that set the controller (1.2)")
    log: list[str] = Field(
        default_factory=list,
        description="events that may decide control (JSON, arrival order, oldest dropped beyond "
        "control.MAX_LOG): re-folded when one is retracted (1.2)",
    )
    retracted: list[str] = Field(
        default_factory=list, description="event ids retracted here: never applied again (1.2)"
    )


class PlaceMove(_Frozen):
    """A place gained or lost by an actor, with the ids of the chain behind it (1.1).

    `frontline explain ALERT_ID` follows `change_id` to `events.control` and `event_ids` to
    `events.territorial` (evidence sentences), `article_ids` to the articles.
    """

    place_key: str
    location: Location
    display_name: str = Field(description="common English name (Hama); location.name is GeoNames'")
    gained: bool
    date: dt.date
    weight: float
    change_id: str | None = None
    event_ids: list[str] = Field(default_factory=list)
    article_ids: list[str] = Field(default_factory=list)


class MomentumUpdate(_Frozen):
    """Windowed, event-time offensive momentum of an actor in one conflict country."""

    schema_version: Literal[1] = SCHEMA_VERSION
    actor: str
    actor_kind: ActorKind
    country_code: str
    window_days: int
    window_start: dt.date
    window_end: dt.date
    places_gained: int
    places_lost: int
    weight_gained: float
    weight_lost: float
    net_momentum: float
    closed: bool = False
    stream_time: dt.date
    places: list[PlaceMove] = Field(
        default_factory=list,
        description="places gained and lost in the window, most important first (bounded, 1.1)",
    )


class MomentumInput(_Frozen):
    """Internal `momentum.input` record: a place gained/lost by an actor, or a clock tick.

    Ticks carry the event-time clock to every partition so quiet actors' windows slide.
    """

    schema_version: Literal[1] = SCHEMA_VERSION
    kind: Literal["contribution", "tick"]
    date: dt.date
    contribution_id: str | None = None
    actor: str | None = None
    actor_kind: ActorKind | None = None
    country_code: str | None = None
    gained: bool = True
    weight: float = 1.0
    location: Location | None = None
    change_id: str | None = None
    event_ids: list[str] = Field(default_factory=list)
    article_ids: list[str] = Field(default_factory=list)
    retract: bool = Field(
        False, description="take back the contribution of the same id (a superseded change, 1.2)"
    )


class Alert(_Frozen):
    """A momentum or capital alert: `firing`, later `resolved` with the same id."""

    schema_version: Literal[1] = SCHEMA_VERSION
    alert_id: str
    rule: Literal["offensive_momentum", "capital_changed_hands"]
    state: Literal["firing", "resolved"]
    severity: Literal["warning", "critical"]
    actor: str
    country_code: str
    summary: str
    value: float
    threshold: float
    at: dt.date
    location: Location | None = None
    places: list[PlaceMove] = Field(
        default_factory=list,
        description="places gained and lost in the alert's window, most important first (1.1)",
    )
    reason: str | None = Field(
        None, description="why a resolved alert resolved: `retraction` when evidence was withdrawn"
    )


ALL_MODELS: dict[str, type[BaseModel]] = {
    "article": Article,
    "event": Event,
    "valid_article": ValidArticle,
    "article_version": ArticleVersion,
    "dead_letter": DeadLetter,
    "control_change": ControlChange,
    "control_state": ControlState,
    "momentum_update": MomentumUpdate,
    "momentum_input": MomentumInput,
    "alert": Alert,
}
