"""Which fines lack a turnover, how they differ, and how much the headline medians depend on it.

The CNIL blacks out the turnover in most of its decisions and public accounts fill the gap only
for large groups, so a median « fine as a share of turnover » is computed on a sample that is
not random. This module shows the gap and bounds its effect; it assumes nothing it does not
say:

- :func:`turnover_status` puts each fine in one group: turnover stated in the decision,
  redacted but filled from public accounts, redacted with no figure, or not stated;
- :func:`compare_missing` compares the fines with and without a turnover (n, median fine with
  its distribution-free interval, staff, legal persons) and tests the difference of fine
  amounts (exact Mann–Whitney U where there are no ties);
- :func:`median_share_bounds` bounds the median share over *all* fines (Manski-style partial
  identification): with no assumption, each missing share lies anywhere in ``[0, +∞)``; with
  the stated size-bracket assumption, a missing turnover lies in the bracket its staff count
  suggests (:data:`STAFF_BRACKETS`, from the EU SME definition — an assumption, not a fact).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats as _stats

from cnil_sanctions.uncertainty import Interval, median_ci

__all__ = [
    "STAFF_BRACKETS",
    "STATUS_LABELS",
    "Bounds",
    "compare_missing",
    "median_share_bounds",
    "turnover_status",
]

#: The groups of :func:`turnover_status`, in display order.
STATUS_LABELS = {
    "stated": "stated in the decision",
    "public_fill": "redacted or not stated, filled from public accounts",
    "redacted_none": "redacted, no public figure",
    "absent_none": "not stated, no public figure",
}

#: Staff count → turnover bracket (EUR), after the ceilings of the EU definition of micro, small
#: and medium enterprises (Commission Recommendation 2003/361/EC, annex art. 2): micro < 10
#: staff and ≤ €2M, small < 50 and ≤ €10M, medium < 250 and ≤ €50M. The definition caps
#: turnover for each class; using it as a bracket for a firm of that staff size is an ASSUMPTION
#: (a firm of 40 people may turn over more than €10M), stated wherever the bounds are shown.
#: ``(max staff exclusive, low EUR, high EUR)``; 250 staff or more: no bracket at all.
STAFF_BRACKETS: tuple[tuple[float, float, float], ...] = (
    (10, 0.0, 2_000_000.0),
    (50, 0.0, 10_000_000.0),
    (250, 0.0, 50_000_000.0),
    (math.inf, 0.0, math.inf),
)


def _fines(df: pd.DataFrame) -> pd.DataFrame:
    """The fined decisions, ``fine_eur`` replaced by the fine after appeal where ruled."""
    out = df.loc[df["fine_eur"].notna()].copy()
    if "fine_after_appeal_eur" in out:
        after = out["fine_after_appeal_eur"].astype("Float64")
        out["fine_eur"] = after.fillna(out["fine_eur"].astype("Float64"))
    return out


def _origin_column(turnover: str) -> str:
    """``turnover_entity_eur`` → ``turnover_entity_origin`` (the column saying where it is from)."""
    return turnover.removesuffix("_eur") + "_origin"


def turnover_status(df: pd.DataFrame, turnover: str = "turnover_basis_eur") -> pd.Series:
    """One of :data:`STATUS_LABELS`' keys per fined decision (index of the fines).

    With the origin column of ``turnover`` in ``df`` (``turnover_entity_origin`` for
    ``turnover_entity_eur``, ...): *stated* when that turnover comes from the decision, *public
    fill* when from public accounts; without it, *stated* when the decision states a turnover
    (``turnover_eur``) and *public fill* when ``turnover`` is known otherwise.
    """
    fined = _fines(df)
    origin_col = _origin_column(turnover)
    if origin_col in fined:
        origin = fined[origin_col].astype("string")
        known = fined[turnover].notna()
        stated = (known & (origin == "decision")).fillna(False).astype(bool)
        filled = (known & ~stated).astype(bool)
    else:
        stated = fined["turnover_eur"].notna()
        filled = fined[turnover].notna() & ~stated
    redacted = fined["turnover_redacted"].fillna(False).astype(bool)
    out = pd.Series("absent_none", index=fined.index, dtype="object")
    out[redacted & ~stated & ~filled] = "redacted_none"
    out[filled] = "public_fill"
    out[stated] = "stated"
    return out


def compare_missing(df: pd.DataFrame, turnover: str = "turnover_basis_eur") -> pd.DataFrame:
    """Per turnover status: n, median fine (with its 95 % interval), median staff, legal persons.

    The last row, ``with vs without turnover``, gives the two-sided Mann–Whitney U p-value of
    the difference of fine amounts between the fines with a turnover (``turnover`` known) and
    those without.
    """
    fined = _fines(df)
    status = turnover_status(df, turnover)
    rows = []
    for key, label in STATUS_LABELS.items():
        part = fined.loc[status == key]
        ci = median_ci(part["fine_eur"].astype(float).to_numpy())
        staff = part["staff_count"].astype(float)
        rows.append(
            {
                "group": label,
                "n": len(part),
                "median_fine_eur": ci.estimate,
                "median_fine_ci": ci.format(lambda v: f"€{v:,.0f}") if len(part) else "",
                "median_staff": float(staff.median()) if staff.notna().any() else math.nan,
                "staff_known": int(staff.notna().sum()),
                "legal_persons": int(
                    (part["legal_form"].notna() & (part["legal_form"] != "individual")).sum()
                ),
            }
        )
    known = fined[turnover].notna()
    a = fined.loc[known, "fine_eur"].astype(float)
    b = fined.loc[~known, "fine_eur"].astype(float)
    p = math.nan
    if len(a) and len(b):
        p = float(_stats.mannwhitneyu(a, b, alternative="two-sided").pvalue)
    rows.append(
        {
            "group": "with vs without turnover (Mann–Whitney U p-value)",
            "n": len(fined),
            "median_fine_eur": p,
            "median_fine_ci": f"p = {p:.3f} ({len(a)} with, {len(b)} without)",
            "median_staff": math.nan,
            "staff_known": 0,
            "legal_persons": 0,
        }
    )  # legal_persons: legal form read and not an individual
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class Bounds:
    """Bounds on the median share of turnover over all ``n`` fines, under ``assumption``."""

    assumption: str
    low: float
    high: float
    n: int
    n_known: int
    complete_case: Interval

    def format(self) -> str:
        def pct(v: float) -> str:
            return "+∞" if math.isinf(v) else f"{v * 100:.3g} %"

        return (
            f"{self.assumption}: median share of turnover between {pct(self.low)} and "
            f"{pct(self.high)} over all {self.n} fines ({self.n_known} with a turnover; on them "
            f"alone: {self.complete_case.format(pct)})"
        )


def _bracket(staff: float) -> tuple[float, float]:
    if math.isnan(staff):
        return 0.0, math.inf
    for limit, low, high in STAFF_BRACKETS:
        if staff < limit:
            return low, high
    return STAFF_BRACKETS[-1][1], STAFF_BRACKETS[-1][2]


def median_share_bounds(
    df: pd.DataFrame, turnover: str = "turnover_basis_eur", use_staff: bool = False
) -> Bounds:
    """Sharp bounds on the median of fine / turnover over every fine (partial identification).

    Each known share is a point; each missing share is an interval: ``[0, +∞)`` with no
    assumption, or ``[fine / high, fine / low]`` with the staff bracket of
    :data:`STAFF_BRACKETS` (``use_staff=True``; an unknown staff count keeps ``[0, +∞)``). The
    median over all fines is then bounded by the median of the lower ends and the median of the
    upper ends (the median is monotone in each value).
    """
    fined = _fines(df)
    fine = fined["fine_eur"].astype(float).to_numpy()
    t = fined[turnover].astype(float).to_numpy()
    staff = fined["staff_count"].astype(float).to_numpy()
    lows, highs = np.empty(len(fine)), np.empty(len(fine))
    for i, (f, tv, s) in enumerate(zip(fine, t, staff, strict=True)):
        if not math.isnan(tv) and tv > 0:
            lows[i] = highs[i] = f / tv
            continue
        b_low, b_high = _bracket(s) if use_staff else (0.0, math.inf)
        lows[i] = 0.0 if math.isinf(b_high) else f / b_high
        highs[i] = math.inf if b_low == 0 else f / b_low
    known = ~np.isnan(t) & (t > 0)
    assumption = (
        "staff-bracket assumption (EU SME ceilings)" if use_staff else "no assumption on the gaps"
    )
    return Bounds(
        assumption=assumption,
        low=float(np.median(lows)),
        high=float(np.median(highs)),
        n=len(fine),
        n_known=int(known.sum()),
        complete_case=median_ci(fine[known] / t[known]),
    )
