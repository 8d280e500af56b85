"""Wait for a condition: one tenacity policy (fixed interval, overall deadline) for every
"poll until ready or give up" in the development tools, sync and async.

`check` returns something truthy when done; that value is returned. On the deadline the result
is None (the caller says what did not happen). Exceptions listed in `retry_on` count as "not yet";
any other exception from `check` ends the wait at once (e.g. the process being waited for died).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from tenacity import (
    AsyncRetrying,
    Retrying,
    retry_if_exception_type,
    retry_if_result,
    stop_after_delay,
    wait_fixed,
)

T = TypeVar("T")


def _policy(timeout: float, interval: float, retry_on: tuple[type[BaseException], ...]) -> dict:
    return {
        "stop": stop_after_delay(timeout),
        "wait": wait_fixed(interval),
        "retry": retry_if_result(lambda r: not r) | retry_if_exception_type(retry_on),
        "retry_error_callback": lambda _state: None,
    }


def wait_until(
    check: Callable[[], T],
    timeout: float,
    interval: float = 0.25,
    retry_on: tuple[type[BaseException], ...] = (),
) -> T | None:
    """`check()` every `interval` s until truthy (returned) or `timeout` s pass (None)."""
    result: T | None = Retrying(**_policy(timeout, interval, retry_on))(check)
    return result


async def await_until(
    check: Callable[[], T] | Callable[[], Awaitable[T]],
    timeout: float,
    interval: float = 0.05,
    retry_on: tuple[type[BaseException], ...] = (),
) -> T | None:
    """The async `wait_until`: sleeps with asyncio, so the loop's other tasks keep running."""

    async def attempt() -> T:
        r = check()
        return await r if isinstance(r, Awaitable) else r

    result: T | None = await AsyncRetrying(**_policy(timeout, interval, retry_on))(attempt)
    return result
