"""Honest uncertainty for small samples: intervals, prediction bands and the words that go with them.

A few dozen fines cannot carry a point estimate alone. Every figure the report or a notebook
quotes is an :class:`Interval` — estimate, lower and upper bound, level, ``n`` and the method —
and the sentences that compare a case with its peers are generated from those bounds
(:func:`position_words`), never typed in.

Methods (all deterministic: fixed seeds, no hidden state):

- the median: the distribution-free confidence interval from order statistics (the binomial
  method; its coverage is at least the nominal level for any continuous distribution), see
  :func:`median_ci`;
- any other statistic (a share, a ratio of medians): the percentile bootstrap,
  :func:`bootstrap_ci`;
- a proportion ``k/n``: the Clopper–Pearson exact interval, :func:`proportion_ci`;
- a prediction band for a new case around a line fitted on log scales: jackknife+ (Barber,
  Candès, Ramdas & Tibshirani, *Predictive inference with the jackknife+*, Ann. Statist. 2021),
  whose coverage is at least ``1 - 2α`` in finite samples, and about ``1 - α`` in practice,
  :func:`jackknife_plus_band`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = [
    "Interval",
    "bootstrap_ci",
    "jackknife_plus_band",
    "median_ci",
    "position_words",
    "proportion_ci",
]

DEFAULT_LEVEL = 0.95
DEFAULT_BOOT = 4000
DEFAULT_SEED = 20220415  # the Dedalus decision's date: any fixed seed would do


@dataclass(frozen=True)
class Interval:
    """An estimate with its interval: ``low <= estimate <= high`` at ``level``, from ``n`` values."""

    estimate: float
    low: float
    high: float
    level: float
    n: int
    method: str
    kind: str = "CI"  # "CI" (confidence interval) or "PI" (prediction interval)

    def format(self, fmt: Callable[[float], str] = lambda x: f"{x:,.3g}") -> str:
        """``"0.45 % (95 % CI 0.08–2.3 %, n = 15)"`` with ``fmt`` applied to the three numbers."""
        if self.n == 0 or math.isnan(self.estimate):
            return f"not estimable (n = {self.n})"
        if math.isnan(self.low) or math.isnan(self.high):
            return f"{fmt(self.estimate)} (no interval with n = {self.n})"
        return (
            f"{fmt(self.estimate)} ({self.level * 100:g} % {self.kind} {fmt(self.low)}–{fmt(self.high)}, "
            f"n = {self.n})"
        )

    def __str__(self) -> str:
        return self.format()

    def as_dict(self) -> dict[str, float | int | str]:
        return {
            "estimate": self.estimate,
            "low": self.low,
            "high": self.high,
            "level": self.level,
            "n": self.n,
            "method": self.method,
            "kind": self.kind,
        }


def _scipy_stats() -> Any:
    """scipy.stats, imported when an interval is first computed (importing it takes longer than
    the rest of the analysis package: a process that never computes one does not pay for it)."""
    from scipy import stats

    return stats


def _clean(values: Sequence[float] | np.ndarray) -> np.ndarray:
    arr = np.asarray(values, dtype=float)
    return arr[~np.isnan(arr)]


def _check_level(level: float) -> None:
    if not 0 < level < 1:
        raise ValueError(f"confidence level must be between 0 and 1, got {level!r}")


def median_ci(values: Sequence[float] | np.ndarray, level: float = DEFAULT_LEVEL) -> Interval:
    """The sample median with its distribution-free (order-statistic) confidence interval.

    The interval ``[x_(j), x_(k)]`` is the narrowest symmetric pair of order statistics whose
    binomial coverage ``P(j <= B < k)``, ``B ~ Bin(n, 1/2)``, reaches ``level``. With too few
    values for that (n <= 5 at 95 %) the bounds are the sample minimum and maximum and the
    method says the coverage is lower; ``level`` is then the coverage reached. NaNs are left out; ``n`` counts what is left.
    """
    _check_level(level)
    x = np.sort(_clean(values))
    n = len(x)
    if n == 0:
        return Interval(math.nan, math.nan, math.nan, level, 0, "median: no value")
    est = float(np.median(x))
    best: tuple[int, int, float] | None = None
    cdf = _scipy_stats().binom.cdf(np.arange(n + 1), n, 0.5)  # P(B <= i), i = 0..n
    for j in range(n // 2, -1, -1):  # j: 0-based index of the lower bound
        k = n - 1 - j  # symmetric upper bound
        cover = float(cdf[k] - cdf[j])
        # P(x_(j+1) <= median < x_(k+1)) in 1-based order statistics = P(j+1 <= B <= k)
        if cover >= level:
            best = (j, k, cover)
            break
    if best is None:
        cover = float(1 - 2 * 0.5**n)
        return Interval(
            est,
            float(x[0]),
            float(x[-1]),
            cover,  # the level actually reached, printed as such
            n,
            f"median: order statistics, range only (coverage {cover * 100:.0f} % < nominal "
            f"{level * 100:g} %)",
        )
    j, k, cover = best
    return Interval(
        est,
        float(x[j]),
        float(x[k]),
        level,
        n,
        f"median: distribution-free order-statistic interval (exact coverage {cover * 100:.1f} %)",
    )


def bootstrap_ci(
    values: Sequence[float] | np.ndarray,
    statistic: Callable[[np.ndarray], float] = np.median,
    level: float = DEFAULT_LEVEL,
    n_boot: int = DEFAULT_BOOT,
    seed: int = DEFAULT_SEED,
) -> Interval:
    """Percentile-bootstrap interval of ``statistic`` (NaNs left out; deterministic ``seed``)."""
    _check_level(level)
    x = _clean(values)
    n = len(x)
    if n == 0:
        return Interval(math.nan, math.nan, math.nan, level, 0, "bootstrap: no value")
    est = float(statistic(x))
    if n == 1:
        return Interval(est, math.nan, math.nan, level, 1, "bootstrap: one value, no interval")
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, n, size=(n_boot, n))
    if statistic in (np.median, np.mean):  # numpy reducers: every resample in one call
        boots = statistic(x[idx], axis=1)
    else:
        boots = np.apply_along_axis(statistic, 1, x[idx])
    alpha = (1 - level) / 2
    low, high = np.quantile(boots, [alpha, 1 - alpha])
    return Interval(
        est, float(low), float(high), level, n, f"percentile bootstrap ({n_boot} resamples)"
    )


def proportion_ci(k: int, n: int, level: float = DEFAULT_LEVEL) -> Interval:
    """``k/n`` with its Clopper–Pearson (exact binomial) interval."""
    _check_level(level)
    if n < 0 or k < 0 or k > n:
        raise ValueError(f"a proportion needs 0 <= k <= n, got k={k}, n={n}")
    if n == 0:
        return Interval(math.nan, math.nan, math.nan, level, 0, "proportion: no value")
    alpha = 1 - level
    beta = _scipy_stats().beta
    low = 0.0 if k == 0 else float(beta.ppf(alpha / 2, k, n - k + 1))
    high = 1.0 if k == n else float(beta.ppf(1 - alpha / 2, k + 1, n - k))
    return Interval(k / n, low, high, level, n, "Clopper–Pearson exact interval")


def jackknife_plus_band(
    x: Sequence[float] | np.ndarray,
    y: Sequence[float] | np.ndarray,
    x0: float,
    level: float = 0.9,
) -> Interval:
    """Jackknife+ prediction interval for ``y`` at ``x0`` from a straight-line least-squares fit.

    Use it on log scales (log10 fine against log10 turnover). For each point ``i`` the line is
    refitted without it; the band's bounds are the ``⌊α(n+1)⌋``-th smallest of
    ``ŷ₋ᵢ(x0) − |rᵢ|`` and the ``⌈(1−α)(n+1)⌉``-th smallest of ``ŷ₋ᵢ(x0) + |rᵢ|``, with ``rᵢ``
    the leave-one-out residual. With too few points for the level the bound is infinite.
    """
    _check_level(level)
    xa = np.asarray(x, dtype=float)
    ya = np.asarray(y, dtype=float)
    ok = ~(np.isnan(xa) | np.isnan(ya))
    xa, ya = xa[ok], ya[ok]
    n = len(xa)
    if n < 3:
        raise ValueError(f"a prediction band needs at least 3 points, got {n}")
    if np.ptp(xa) == 0:
        raise ValueError("a prediction band needs at least two distinct x values")
    slope, intercept = np.polyfit(xa, ya, 1)
    est = float(intercept + slope * x0)
    lows, highs = np.empty(n), np.empty(n)
    for i in range(n):
        keep = np.arange(n) != i
        s, c = np.polyfit(xa[keep], ya[keep], 1)
        resid = abs(ya[i] - (c + s * xa[i]))
        pred = c + s * x0
        lows[i], highs[i] = pred - resid, pred + resid
    alpha = 1 - level
    k_low = math.floor(alpha * (n + 1))
    k_high = math.ceil((1 - alpha) * (n + 1))
    low = float(np.sort(lows)[k_low - 1]) if k_low >= 1 else -math.inf
    high = float(np.sort(highs)[k_high - 1]) if k_high <= n else math.inf
    return Interval(
        est, low, high, level, n, "jackknife+ prediction interval (least squares)", kind="PI"
    )


def position_words(value: float, band: Interval, what: str = "the band") -> str:
    """Words for where ``value`` sits against ``band`` — generated from the bounds, nothing more.

    ``"above the upper bound of <what>"``, ``"below the lower bound of <what>"`` or
    ``"within <what>"``; ``"not comparable"`` when the band has no bounds.
    """
    if math.isnan(value) or math.isnan(band.low) or math.isnan(band.high):
        return f"not comparable with {what}"
    if value > band.high:
        return f"above the upper bound of {what}"
    if value < band.low:
        return f"below the lower bound of {what}"
    return f"within {what}"
