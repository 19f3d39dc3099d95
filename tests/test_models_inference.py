"""Issue 16 §2: small-sample inference, category sizes after every drop, the jackknife+ band,
size-adjusted ranks, ranks with intervals. Every frame here is SYNTHETIC (hand-made rows)."""

from __future__ import annotations

import math

import pytest
from scipy import stats

from cnil_sanctions import analysis as A
from tests.analysis_frames import make_frame


def _frame(fines_turnovers, **extra_columns):
    rows = []
    for i, (fine, turnover) in enumerate(fines_turnovers):
        row = {"fine_eur": int(fine), "turnover_eur": int(turnover)}
        for name, values in extra_columns.items():
            row[name] = values[i]
        rows.append(row)
    return make_frame(rows)


TURNOVERS = [10**e for e in (6, 6.5, 7, 7.5, 8, 8.5, 9, 9.5, 10, 10.5, 11, 11.5)]
NOISE = [1.0, 1.6, 0.7, 1.3, 0.8, 1.5, 0.6, 1.2, 0.9, 1.4, 0.75, 1.1]
#: fine = 10 x turnover^0.5 x noise: a clear relation
RELATED = [(10 * t**0.5 * e, t) for t, e in zip(TURNOVERS, NOISE, strict=True)]
#: fine unrelated to turnover: the same noise, shuffled against size
UNRELATED = [
    (1e5 * e, t)
    for t, e in zip(
        TURNOVERS, [1.0, 1.5, 0.6, 1.4, 0.7, 1.3, 1.2, 0.8, 1.6, 0.9, 0.75, 1.1], strict=True
    )
]


def test_ols_uses_t_critical_values_on_hc3():
    m = A.fit_ols(_frame(RELATED), view="entity")
    row = m.table.loc["log_turnover"]
    t = row["coef"] / row["robust_se"]
    assert row["p_value"] == pytest.approx(2 * stats.t.sf(abs(t), m.n - 2))
    assert row["p_value"] > 2 * stats.norm.sf(abs(t))  # t is more cautious than the normal
    assert any("Student t" in note for note in m.notes)


@pytest.mark.parametrize(("data", "low", "high"), [(RELATED, 0.0, 0.01), (UNRELATED, 0.2, 1.0)])
def test_wild_bootstrap_p(data, low, high):
    p = A.fit_ols(_frame(data), view="entity").table.loc["log_turnover", "wild_bootstrap_p"]
    assert low <= p <= high


def test_category_sizes_are_checked_after_every_drop():
    # tier: 6 fines under each tier; people known for all the 83(4) fines but only two 83(5)
    tiers = ["GDPR 83(4)"] * 6 + ["GDPR 83(5)"] * 6
    people = [1000, 2000, 5000, 1e4, 2e4, 5e4, 1e5, 2e5, None, None, None, None]
    frame = _frame(RELATED, cap_tier=tiers, people_affected=people)
    m = A.fit_ols(frame, controls=["tier", "people"], view="entity", min_residual_df=2)
    assert m.controls == ["tier"]
    assert m.dropped_controls["people"] == (
        "leaving out the 4 fines without it, control tier: a category has fewer than 3 fines"
    )
    assert m.n == 12


def test_prediction_band_and_its_words():
    frame = _frame(RELATED)
    band = A.prediction_band(frame, 1e8, "entity")
    assert band.kind == "PI" and band.level == 0.8 and band.n == 12
    assert band.low < 10 * 1e4 < band.high  # the line's own value at 1e8 is inside
    from cnil_sanctions.uncertainty import position_words

    assert position_words(band.high * 2, band) == "above the upper bound of the band"
    assert position_words(band.low / 2, band) == "below the lower bound of the band"
    assert position_words(band.estimate, band) == "within the band"


def test_quantile_regression_says_when_its_intervals_are_not_finite():
    q = A.fit_quantiles(_frame(RELATED), view="entity")
    assert q.finite_intervals == (q.notes == [])


def test_size_adjusted_ranks_differ_from_share_ranks():
    # exactly on the line 10 x t^0.5 but one big firm fined 10 times the line
    data = [(10 * t**0.5, t) for t in TURNOVERS]
    data[-1] = (100 * TURNOVERS[-1] ** 0.5, TURNOVERS[-1])
    ranks = A.size_adjusted_ranks(_frame(data), "entity").sort_values("turnover_used_eur")
    assert ranks["size_adjusted_rank"].iloc[-1] == 1  # the biggest firm, 10 x its line
    assert ranks["share_rank"].iloc[0] == 1  # the raw share ranks the smallest first
    assert ranks["slope"].iloc[0] < 1


@pytest.mark.parametrize(
    ("values", "value", "rank", "low", "high"),
    [
        # 0 of the 9 others above: Clopper-Pearson 95 % upper 1 - 0.025^(1/9) = 0.336; x 9 = 3.03
        # -> up to 4 others above -> rank 5
        ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 10, 1, 1, 5),
        # 9 of 9 above: lower 0.025^(1/9) = 0.664; x 9 = 5.98 -> at least 5 above -> rank 6
        ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 1, 10, 6, 10),
        ([5.0], 5.0, 1, 1, 1),
    ],
)
def test_ranked_gives_an_interval(values, value, rank, low, high):
    r = A.ranked(values, value, "x")
    assert (r.rank, r.n, r.low, r.high) == (rank, len(values), low, high)
    assert r.low <= r.rank <= r.high
    assert math.isfinite(r.high)


def test_batched_hc3_t_equals_one_fit_at_a_time():
    """The wild bootstrap's batched HC3 t statistics are the per-fit ones (same design x)."""
    import numpy as np

    from cnil_sanctions.analysis.models import _hc3_t, _hc3_t_many

    rng = np.random.default_rng(7)
    x = np.column_stack([np.ones(12), rng.normal(size=12), rng.normal(size=12)])
    ys = rng.normal(size=(50, 12)) + x[:, 1]
    for j in range(3):
        many = _hc3_t_many(x, ys, j)
        assert many == pytest.approx([_hc3_t(x, y, j) for y in ys], rel=1e-9)
