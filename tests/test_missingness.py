"""Missing turnover: groups, comparison and bounds on the median share (cnil_sanctions.missingness)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from cnil_sanctions.missingness import compare_missing, median_share_bounds, turnover_status

NA = pd.NA


def frame() -> pd.DataFrame:
    """A hand-made frame (not real decisions): 5 fines, one decision without a fine."""
    return pd.DataFrame(
        {
            "decision_id": ["A", "B", "C", "D", "E", "F"],
            "fine_eur": pd.array([1_000, 10_000, 100_000, 50_000, 20_000, NA], dtype="Int64"),
            "turnover_eur": pd.array([1e6, NA, NA, NA, 2e6, NA], dtype="Float64"),
            "turnover_basis_eur": pd.array([1e6, 1e9, NA, NA, 2e6, NA], dtype="Float64"),
            "turnover_redacted": pd.array([False, True, True, False, False, NA], dtype="boolean"),
            "staff_count": pd.array([5, 1000, 20, NA, 30, NA], dtype="Float64"),
            "legal_form": pd.array(["SAS", "SA", "individual", NA, "SARL", NA], dtype="string"),
        }
    )


def test_turnover_status_groups():
    status = turnover_status(frame())
    assert list(status) == ["stated", "public_fill", "redacted_none", "absent_none", "stated"]


def test_compare_missing_counts_and_test_row():
    table = compare_missing(frame()).set_index("group")
    assert table["n"].tolist() == [2, 1, 1, 1, 5]
    assert table.iloc[0]["median_fine_eur"] == pytest.approx(10_500)
    assert table.iloc[2]["legal_persons"] == 0  # the individual is not a legal person
    assert table.iloc[3]["legal_persons"] == 0  # unknown legal form is not counted
    assert "3 with, 2 without" in table.iloc[-1]["median_fine_ci"]


@pytest.mark.parametrize(
    ("use_staff", "low", "high"),
    [
        # known shares: 0.001, 0.00001, 0.01; missing C and D: [0, inf) each
        # lows sorted: 0, 0, 0.00001, 0.001, 0.01 -> 0.00001; highs: ..., inf, inf -> 0.01
        (False, 0.00001, 0.01),
        # C has 20 staff -> turnover <= 10M -> share >= 0.01; D unknown staff -> [0, inf)
        # lows: 0, 0.00001, 0.001, 0.01, 0.01 -> 0.001
        (True, 0.001, 0.01),
    ],
)
def test_median_share_bounds(use_staff, low, high):
    b = median_share_bounds(frame(), use_staff=use_staff)
    assert (b.low, b.high) == (pytest.approx(low), pytest.approx(high))
    assert (b.n, b.n_known) == (5, 3)
    assert b.complete_case.estimate == pytest.approx(0.001)
    assert "over all 5 fines" in b.format()


def test_bounds_without_any_turnover_are_unbounded_above():
    df = frame().assign(turnover_basis_eur=pd.array([NA] * 6, dtype="Float64"))
    b = median_share_bounds(df)
    assert b.low == 0 and math.isinf(b.high)


def test_turnover_status_follows_the_origin_of_the_column():
    """Hand-made (not real): with ``<column>_origin`` the groups follow that turnover's origin,
    not whether the decision states some other turnover; fines after appeal are used."""
    df = frame().assign(
        turnover_entity_eur=pd.array([1e6, NA, NA, NA, 3e6, NA], dtype="Float64"),
        turnover_entity_origin=pd.array(
            ["decision", NA, NA, NA, "public_accounts", NA], dtype="string"
        ),
        fine_after_appeal_eur=pd.array([NA, 5_000, NA, NA, NA, NA], dtype="Int64"),
    )
    status = turnover_status(df, "turnover_entity_eur")
    # E states 2M in turnover_eur but its entity figure comes from public accounts
    assert list(status) == [
        "stated",
        "redacted_none",
        "redacted_none",
        "absent_none",
        "public_fill",
    ]
    table = compare_missing(df, "turnover_entity_eur").set_index("group")
    assert table.iloc[2]["median_fine_eur"] == pytest.approx((5_000 + 100_000) / 2)
