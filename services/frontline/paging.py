"""Bounded pages for the HTTP list views: no request can make a worker serialise a table."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000


def page_params(query: Mapping[str, str]) -> tuple[int, int]:
    """(limit, offset) from a query string; ValueError with the reason when out of range."""

    def number(name: str, default: int, low: int, high: int) -> int:
        raw = query.get(name)
        if raw is None or raw == "":
            return default
        ok = len(raw) <= 10 and raw.isascii() and raw.isdigit()
        if not ok or not low <= int(raw) <= high:
            raise ValueError(f"{name} must be an integer in {low}..{high}")
        return int(raw)

    return number("limit", DEFAULT_LIMIT, 1, MAX_LIMIT), number("offset", 0, 0, 10**9)


def page(rows: list[dict[str, Any]], limit: int, offset: int) -> dict[str, Any]:
    """One page of `rows` with the numbers a client needs to ask for the next one."""
    end = offset + limit
    return {
        "count": len(rows),
        "offset": offset,
        "limit": limit,
        "next_offset": end if end < len(rows) else None,
        "rows": rows[offset:end],
    }
