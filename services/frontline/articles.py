"""Article validation, plain-text parsing and content fingerprints for de-duplication."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Collection
from datetime import UTC, datetime

import orjson
from pydantic import ValidationError

from frontline.models import Article, DeadLetter

# Applied to a stripped line with fullmatch; `\s+(\S.*)` has one way to split, so a long run
# of spaces cannot make it backtrack (the old lazy `(.+?)\s*$` was quadratic: hours on 1 MB).
_PLAIN = re.compile(r"date\s+(\d{4}-\d{2}-\d{2})\s+(\S.*)", re.S)
_WS = re.compile(r"\s+")
_SHOW_ERRORS = 3

# Every reason parse_record / parse_input_line can give (DLQ `reason`, metric label).
REASONS = ("empty", "too_large", "not_utf8", "not_json", "not_object", "schema")


class InvalidArticle(ValueError):
    """Why a record cannot become an Article; `reason` is a short, metric-safe label."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


def check_size(size: int, max_bytes: int) -> None:
    """The one article size limit (Settings.max_article_bytes), for every way in."""
    if size > max_bytes:
        raise InvalidArticle("too_large", f"{size} bytes > {max_bytes}")


def parse_record(value: bytes | None, max_bytes: int = 1_000_000) -> Article:
    """Decode and validate one `articles.raw` record, or raise InvalidArticle."""
    if value is None or not value.strip():
        raise InvalidArticle("empty", "record has no value")
    check_size(len(value), max_bytes)
    return validate(_json_object(value))


def validate(data: dict[str, object]) -> Article:
    """An Article, or InvalidArticle("schema") naming each failing field."""
    try:
        return Article.model_validate(data)
    except ValidationError as exc:
        errs = exc.errors()
        parts = [
            f"{'.'.join(str(p) for p in e['loc']) or 'record'}: {e['msg']}"
            for e in errs[:_SHOW_ERRORS]
        ]
        more = f" (+{len(errs) - _SHOW_ERRORS} more)" if len(errs) > _SHOW_ERRORS else ""
        raise InvalidArticle("schema", "; ".join(parts) + more) from exc


def _json_object(value: bytes) -> dict[str, object]:
    try:
        data = orjson.loads(value)
    except orjson.JSONDecodeError as exc:
        try:
            value.decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidArticle("not_utf8", "value is not valid UTF-8") from exc
        raise InvalidArticle("not_json", str(exc)) from exc
    if not isinstance(data, dict):
        raise InvalidArticle("not_object", f"expected a JSON object, got {type(data).__name__}")
    return data


def dead_letter(
    value: bytes | None,
    err: InvalidArticle,
    topic: str,
    partition: int | None = None,
    offset: int | None = None,
) -> DeadLetter:
    """Keep the original bytes with the reason so nothing is lost."""
    raw = value or b""
    try:
        original, b64 = raw.decode("utf-8"), None
    except UnicodeDecodeError:
        original, b64 = raw.decode("utf-8", "replace"), base64.b64encode(raw).decode()
    return DeadLetter(
        reason=err.reason,
        error=err.detail,
        original=original,
        original_b64=b64,
        topic=topic,
        partition=partition,
        offset=offset,
        received=datetime.now(UTC),
    )


def fingerprint(article: Article) -> str:
    """Content identity: the same text syndicated under two ids is one article; a retraction
    is not a duplicate of the article it withdraws."""
    norm = _WS.sub(" ", article.text).strip().casefold()
    if article.retracted:  # by id too: a retraction may come without its text
        norm = f"\x1fretracted\x1f{article.id}\x1f{norm}"
    return hashlib.blake2b(norm.encode(), digest_size=16).hexdigest()


def raw_article(raw: bytes) -> dict[str, object] | None:
    """One input line (JSON object or `date YYYY-MM-DD <text>`) as a raw article dict.

    None for a blank or `#` comment line; InvalidArticle when the line is neither form.
    """
    try:
        line = raw.decode("utf-8").strip()
    except UnicodeDecodeError as exc:
        raise InvalidArticle("not_utf8", "line is not valid UTF-8") from exc
    if not line or line.startswith("#"):
        return None
    if line.startswith(("{", "[", '"')):
        return _json_object(line.encode())
    m = _PLAIN.fullmatch(line)
    if not m:
        raise InvalidArticle("not_json", "expected a JSON object or 'date YYYY-MM-DD <text>'")
    digest = hashlib.blake2b(line.encode(), digest_size=8).hexdigest()
    return {"id": f"txt-{digest}", "published": m.group(1), "text": m.group(2)}


def read_input_line(
    raw: bytes, max_bytes: int, only: Collection[str] | None = None
) -> tuple[dict[str, object], Article] | None:
    """The raw dict and the validated Article of one input line (None: blank or comment).

    `only` keeps just those keys for validation: a reader that uses a few fields (geoparse
    of toponym corpora, whose `source` is an object) need not reject the rest of a record.
    """
    check_size(len(raw), max_bytes)
    data = raw_article(raw)
    if data is None:
        return None
    return data, validate({k: v for k, v in data.items() if k in only} if only else data)


def parse_input_line(raw: bytes, max_bytes: int = 1_000_000) -> Article | None:
    """What `ingest`, `extract` and `geoparse` accept from one line, or InvalidArticle."""
    got = read_input_line(raw, max_bytes)
    return None if got is None else got[1]


def parse_line(line: str, lineno: int = 0) -> dict[str, object] | None:
    """Compatibility wrapper: the raw dict of a text line (InvalidArticle is a ValueError)."""
    return raw_article(line.encode("utf-8", "surrogatepass"))
