"""Article validation, plain-text parsing and content fingerprints for de-duplication."""

from __future__ import annotations

import base64
import hashlib
import re
from datetime import UTC, datetime

import orjson
from pydantic import ValidationError

from frontline.models import Article, DeadLetter

_PLAIN = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\s+(.+?)\s*$", re.S)
_WS = re.compile(r"\s+")


class InvalidArticle(ValueError):
    """Why a record cannot become an Article; `reason` is a short, metric-safe label."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


def parse_record(value: bytes | None, max_bytes: int = 1_000_000) -> Article:
    """Decode and validate one `articles.raw` record, or raise InvalidArticle."""
    if value is None or not value.strip():
        raise InvalidArticle("empty", "record has no value")
    if len(value) > max_bytes:
        raise InvalidArticle("too_large", f"{len(value)} bytes > {max_bytes}")
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
    try:
        return Article.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first["loc"]) or "record"
        raise InvalidArticle("schema", f"{loc}: {first['msg']}") from exc


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
    """Content identity: the same text syndicated under two ids is one article."""
    norm = _WS.sub(" ", article.text).strip().casefold()
    return hashlib.blake2b(norm.encode(), digest_size=16).hexdigest()


def parse_line(line: str, lineno: int = 0) -> dict[str, object] | None:
    """One input line (JSON object or `date YYYY-MM-DD <text>`) as a raw article dict."""
    line = line.strip()
    if not line or line.startswith("#"):
        return None
    if line.startswith("{"):
        data = orjson.loads(line)
        if not isinstance(data, dict):
            raise ValueError(f"line {lineno}: not a JSON object")
        return data
    m = _PLAIN.match(line)
    if not m:
        raise ValueError(f"line {lineno}: expected JSON or 'date YYYY-MM-DD <text>'")
    text = m.group(2)
    digest = hashlib.blake2b(line.encode(), digest_size=8).hexdigest()
    return {"id": f"txt-{digest}", "published": m.group(1), "text": text}
