"""Intervals for small samples (cnil_sanctions.uncertainty): exact values and coverage."""

from __future__ import annotations

import math

import numpy as np
import pytest

from cnil_sanctions.uncertainty import (
    Interval,
    bootstrap_ci,
    jackknife_plus_band,
    median_ci,
    position_words,
    proportion_ci,
)


@pytest.mark.parametrize(
    ("n", "low_rank", "high_rank"),
    [
        # 1-based order statistics of the 95 % distribution-free interval for the median
        # (tables of Conover, Practical Nonparametric Statistics, and the binomial directly)
        (6, 1, 6),
        (10, 2, 9),
        (15, 4, 12),
        (26, 8, 19),
    ],
)
def test_median_ci_order_statistics(n, low_rank, high_rank):
    ci = median_ci(np.arange(1, n + 1) * 10.0)
    assert (ci.low, ci.high) == (low_rank * 10.0, high_rank * 10.0)
    assert ci.n == n and ci.level == 0.95


def test_median_ci_too_few_values_says_so():
    ci = median_ci([3.0, 1.0, 2.0])
    assert (ci.low, ci.estimate, ci.high) == (1.0, 2.0, 3.0)
    assert "coverage 75 % < nominal" in ci.method
    assert ci.level == 0.75 and "75 % CI" in str(ci)


def test_median_ci_leaves_out_nan_and_handles_empty():
    assert median_ci([1.0, math.nan, 2.0, 3.0]).n == 3
    empty = median_ci([])
    assert empty.n == 0 and str(empty) == "not estimable (n = 0)"


def test_median_ci_coverage_at_least_nominal():
    rng = np.random.default_rng(0)
    hits = 0
    trials = 400
    for _ in range(trials):
        x = rng.lognormal(mean=0.0, sigma=2.0, size=15)  # true median 1
        ci = median_ci(x)
        hits += ci.low <= 1.0 <= ci.high
    assert hits / trials >= 0.93  # exact coverage 96.5 %, minus simulation noise


@pytest.mark.parametrize(
    ("k", "n", "low", "high"),
    [
        (3, 10, 0.0667, 0.6525),  # Clopper-Pearson reference values
        (0, 10, 0.0, 0.3085),
        (10, 10, 0.6915, 1.0),
    ],
)
def test_proportion_ci(k, n, low, high):
    ci = proportion_ci(k, n)
    assert ci.low == pytest.approx(low, abs=1e-4)
    assert ci.high == pytest.approx(high, abs=1e-4)


def test_proportion_ci_rejects_bad_counts():
    with pytest.raises(ValueError, match="0 <= k <= n"):
        proportion_ci(5, 3)


def test_bootstrap_is_deterministic_and_brackets_the_estimate():
    x = [0.001, 0.002, 0.004, 0.008, 0.02, 0.05, 0.09]
    a, b = bootstrap_ci(x), bootstrap_ci(x)
    assert a == b
    assert a.low <= a.estimate <= a.high


def test_bootstrap_one_value_has_no_interval():
    ci = bootstrap_ci([5.0])
    assert math.isnan(ci.low) and "no interval" in str(ci)


def test_jackknife_plus_coverage():
    rng = np.random.default_rng(1)
    hits = 0
    trials = 200
    for _ in range(trials):
        x = rng.uniform(6, 10, size=26)
        y = 0.5 * x + rng.normal(scale=0.6, size=26)
        x0 = rng.uniform(6, 10)
        y0 = 0.5 * x0 + rng.normal(scale=0.6)
        band = jackknife_plus_band(x, y, x0, level=0.9)
        hits += band.low <= y0 <= band.high
    assert hits / trials >= 0.82  # guarantee >= 80 %, about 90 % in practice


def test_jackknife_plus_needs_points():
    with pytest.raises(ValueError, match="at least 3"):
        jackknife_plus_band([1.0, 2.0], [1.0, 2.0], 1.5)
    with pytest.raises(ValueError, match="distinct"):
        jackknife_plus_band([1.0, 1.0, 1.0], [1.0, 2.0, 3.0], 1.0)


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (5.0, "above the upper bound of the band"),
        (0.5, "below the lower bound of the band"),
        (2.0, "within the band"),
        (math.nan, "not comparable with the band"),
    ],
)
def test_position_words_follow_the_bounds(value, words):
    band = Interval(2.0, 1.0, 3.0, 0.9, 20, "test", kind="PI")
    assert position_words(value, band) == words


def test_interval_format():
    ci = Interval(0.0045, 0.0008, 0.023, 0.95, 15, "m")
    assert ci.format(lambda v: f"{v * 100:.2g} %") == "0.45 % (95 % CI 0.08 %–2.3 %, n = 15)"
