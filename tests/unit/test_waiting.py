"""frontline_dev.waiting: the one polling policy of the dev tools (deadline, interval, errors)."""

from __future__ import annotations

import asyncio
import itertools
import time

import pytest

from frontline_dev.waiting import await_until, wait_until


def test_returns_the_first_truthy_result() -> None:
    calls = itertools.count(1)
    assert wait_until(lambda: next(calls) >= 3 and "ready", timeout=5, interval=0.01) == "ready"
    assert next(calls) == 4  # polled exactly three times


def test_gives_none_at_the_deadline() -> None:
    t0 = time.monotonic()
    assert wait_until(lambda: False, timeout=0.2, interval=0.05) is None
    assert 0.15 < time.monotonic() - t0 < 2


def test_listed_errors_mean_not_yet_others_end_the_wait() -> None:
    seq = iter([OSError("refused"), OSError("refused"), "up"])

    def probe() -> str:
        x = next(seq)
        if isinstance(x, Exception):
            raise x
        return x

    assert wait_until(probe, timeout=5, interval=0.01, retry_on=(OSError,)) == "up"
    with pytest.raises(RuntimeError, match="died"):
        wait_until(lambda: (_ for _ in ()).throw(RuntimeError("died")), timeout=5)
    assert (
        wait_until(lambda: 1 / 0, timeout=0.1, interval=0.02, retry_on=(ZeroDivisionError,)) is None
    )


def test_async_accepts_plain_and_coroutine_checks() -> None:
    box: list[int] = []

    async def fill() -> None:
        for i in range(3):
            await asyncio.sleep(0.01)
            box.append(i)

    async def main() -> tuple[object, object, object]:
        task = asyncio.create_task(fill())  # keeps running while we wait: sleeps are async
        got = await await_until(lambda: len(box) == 3, timeout=5, interval=0.005)
        await task

        async def coro() -> str:
            return "done"

        return got, await await_until(coro, timeout=1), await await_until(lambda: 0, timeout=0.05)

    assert asyncio.run(main()) == (True, "done", None)
