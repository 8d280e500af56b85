"""How far a half's loose F1 could move by chance: a percentile bootstrap over articles.

A half of acled-dev holds about 150 gold events; one event more or less moves its loose F1
by about 0.006, and which notes fall in a half moves it by several hundredths. Resampling the
articles of each half (with replacement, a fixed seed: the same figures on every run) gives a
95 % interval for each half's F1 and for the tune-check gap, so that a change of a few events
is read as what it is. The articles, not the events, are resampled: the events of one note
share its wording and its places.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

# an article's (true positives, false positives, gold events) at one radius
Counts = tuple[int, int, int]

DEFAULT_SAMPLES = 1000
SEED = 20261201


def f1(counts: Sequence[Counts]) -> float:
    tp = sum(c[0] for c in counts)
    fp = sum(c[1] for c in counts)
    gold = sum(c[2] for c in counts)
    return 2 * tp / (2 * tp + fp + (gold - tp)) if tp else 0.0


@dataclass(frozen=True)
class Interval:
    value: float
    low: float
    high: float

    def as_dict(self) -> dict[str, float | list[float]]:
        return {"value": round(self.value, 3), "ci95": [round(self.low, 3), round(self.high, 3)]}

    def __str__(self) -> str:
        return f"{self.value:.3f} [{self.low:.3f}, {self.high:.3f}]"


def _resampled(counts: Sequence[Counts], rng: random.Random) -> list[Counts]:
    return rng.choices(counts, k=len(counts))


def _percentiles(values: list[float]) -> tuple[float, float]:
    values.sort()
    n = len(values)
    return values[int(0.025 * (n - 1))], values[int(0.975 * (n - 1))]


def _bootstrap(stat: Callable[[random.Random], float], samples: int) -> tuple[float, float]:
    rng = random.Random(SEED)
    return _percentiles([stat(rng) for _ in range(samples)])


def f1_interval(counts: Sequence[Counts], samples: int = DEFAULT_SAMPLES) -> Interval:
    """F1 of the articles' counts with its 95 % percentile interval."""
    if not counts:
        return Interval(0.0, 0.0, 0.0)
    low, high = _bootstrap(lambda rng: f1(_resampled(counts, rng)), samples)
    return Interval(f1(counts), low, high)


def gap_interval(
    tune: Sequence[Counts], check: Sequence[Counts], samples: int = DEFAULT_SAMPLES
) -> Interval:
    """F1(tune) - F1(check), each half resampled on its own."""
    if not tune or not check:
        return Interval(0.0, 0.0, 0.0)
    low, high = _bootstrap(
        lambda rng: f1(_resampled(tune, rng)) - f1(_resampled(check, rng)), samples
    )
    return Interval(f1(tune) - f1(check), low, high)
