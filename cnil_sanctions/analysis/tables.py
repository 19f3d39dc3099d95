"""Descriptive tables: fines per year, the largest fines, fines by group, coverage of the key
facts, one decision's row and its rank among the fines."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from cnil_sanctions.analysis.ratios import (
    SHARE_BASIS,
    VIEW_LABELS,
    _float,
    _require,
    add_ratios,
    fines,
)

__all__ = [
    "DEDALUS_ID",
    "RANKABLE",
    "PercentileRank",
    "by_group",
    "coverage",
    "decision_row",
    "percentile_rank",
    "top_fines",
    "yearly_summary",
]

#: The reference case of the project: Dedalus Biologie, 15 April 2022.
DEDALUS_ID = "SAN-2022-009"


def yearly_summary(df: pd.DataFrame) -> pd.DataFrame:
    """Per year of decision: decisions, fines, total/median/largest fine (EUR)."""
    _require(df, ["decision_date", "fine_eur", "measure_kind"], "yearly_summary")
    years = pd.to_datetime(df["decision_date"]).dt.year.rename("year")
    fined = fines(df)
    fine_years = pd.to_datetime(fined["decision_date"]).dt.year
    amounts = _float(fined["fine_eur"])
    out = pd.DataFrame({"decisions": years.value_counts().sort_index()})
    grouped = amounts.groupby(fine_years)
    out["fines"] = grouped.size()
    out["total_fines_eur"] = grouped.sum()
    out["median_fine_eur"] = grouped.median()
    out["largest_fine_eur"] = grouped.max()
    out["fines"] = out["fines"].fillna(0).astype(int)
    out["total_fines_eur"] = out["total_fines_eur"].fillna(0.0)
    out.index.name = "year"
    return out


_DISPLAY = [
    "decision_id",
    "decision_date",
    "organisation",
    "sector",
    "cap_tier",
    "fine_eur",
    "fine_used_eur",
    "fine_after_appeal",
    "turnover_used_eur",
    "turnover_used_origin",
    "fine_share_turnover",
    "share_bound",
    "legal_max_eur",
    "fine_share_legal_max",
    "people_affected",
]


def top_fines(df: pd.DataFrame, n: int = 10, view: str = SHARE_BASIS) -> pd.DataFrame:
    """The ``n`` largest fines (after appeal where ruled: ``fine_used_eur``) with their
    turnover in ``view`` (default the company's own; ``attrs["turnover"]`` names it), the share
    of it and of the legal maximum (on the undertaking's turnover)."""
    table = add_ratios(fines(df), view)
    table = table.sort_values(["fine_used_eur", "decision_id"], ascending=[False, True]).head(n)
    out = table[_DISPLAY].reset_index(drop=True)
    out.attrs["turnover"] = VIEW_LABELS[view]
    return out


def by_group(df: pd.DataFrame, column: str, view: str = SHARE_BASIS) -> pd.DataFrame:
    """Fines grouped by ``column`` (e.g. ``cap_tier``, ``sector``, ``data_breach``).

    Columns: number of fines, total, median fine with its 95 % interval, and the median share
    of turnover (``view``, default the company's own; ``attrs["turnover"]`` names it) with its
    interval and the number of fines it rests on. Fines after appeal where ruled.
    """
    from cnil_sanctions.uncertainty import median_ci

    table = add_ratios(fines(df), view)
    _require(table, [column], "by_group")
    key = table[column].astype("string").fillna("(unknown)")
    fine = table["fine_used_eur"]
    share = table["fine_share_turnover"]
    out = pd.DataFrame(
        {
            "fines": fine.groupby(key).size(),
            "total_fines_eur": fine.groupby(key).sum(),
            "median_fine_eur": fine.groupby(key).median(),
            "median_fine_ci": fine.groupby(key).apply(
                lambda s: median_ci(s.to_numpy(float)).format(lambda x: f"€{x:,.0f}")
            ),
            "median_share_turnover": share.groupby(key).median(),
            "median_share_ci": share.groupby(key).apply(
                lambda s: median_ci(s.to_numpy(float)).format(lambda x: f"{x:.3%}")
            ),
            "n_with_turnover": share.notna().groupby(key).sum().astype(int),
        }
    )
    out.index.name = column
    out = out.sort_values(["total_fines_eur"], ascending=False)
    out.attrs["turnover"] = VIEW_LABELS[view]
    return out


def coverage(df: pd.DataFrame) -> pd.DataFrame:
    """How many fines have each key fact, and why the missing ones are missing.

    One row per fact: ``known``, ``missing`` (among fines) and a short account of the reasons.
    """
    fined = fines(df)
    n = len(fined)
    rows = []
    origin = fined["turnover_basis_origin"].astype("string")
    redacted = fined["turnover_redacted"].astype("boolean").fillna(False)
    anonymised = fined["organisation_anonymised"].astype("boolean").fillna(False)
    no_turnover = origin.isna()
    rows.append(
        {
            "fact": "turnover stated in the decision",
            "known": int((origin == "decision").sum()),
            "missing": int(n - (origin == "decision").sum()),
            "why missing": (
                f"{int((redacted & (origin != 'decision').fillna(True)).sum())} blacked out "
                "([…]) in the published text; the others state none"
            ),
        }
    )
    rows.append(
        {
            "fact": "turnover basis (decision or public accounts)",
            "known": int((~no_turnover).sum()),
            "missing": int(no_turnover.sum()),
            "why missing": (
                f"{int((no_turnover & anonymised).sum())} anonymised decisions (never "
                f"re-identified); {int((no_turnover & ~anonymised).sum())} named organisations "
                "with no public figure in data/reference/public_turnover.csv"
            ),
        }
    )
    for col, label, why in [
        ("people_affected", "people affected", "the decision gives no count"),
        ("articles_violated", "articles violated", "not read from the operative part"),
        ("cap_tier", "legal-maximum tier", "no article read"),
        ("sector", "sector", "not classified"),
    ]:
        known = int(fined[col].notna().sum())
        rows.append({"fact": label, "known": known, "missing": n - known, "why missing": why})
    return pd.DataFrame(rows).set_index("fact")


def decision_row(df: pd.DataFrame, decision_id: str) -> pd.Series:
    """The row of one decision; KeyError naming the id when it is not in the frame."""
    _require(df, ["decision_id"], "decision_row")
    hits = df.loc[df["decision_id"].astype("string") == decision_id]
    if hits.empty:
        raise KeyError(f"decision {decision_id!r} is not in the dataset")
    return hits.iloc[0]


@dataclass(frozen=True)
class PercentileRank:
    """Where one decision stands among the fines on one measure.

    ``rank`` 1 is the highest value; ``percentile`` is the share (0-100) of the ``n`` fines with
    a value at or below this one.
    """

    decision_id: str
    by: str
    value: float
    rank: int
    n: int
    percentile: float

    def __str__(self) -> str:
        return (
            f"{self.decision_id}: {self.by} = {self.value:,.4g}, rank {self.rank} of {self.n} "
            f"(higher than or equal to {self.percentile:.0f} % of fines)"
        )


RANKABLE = ("fine_eur", "fine_share_turnover", "fine_share_legal_max", "fine_per_person")


def percentile_rank(
    df: pd.DataFrame, decision_id: str = DEDALUS_ID, by: str = "fine_eur", view: str = SHARE_BASIS
) -> PercentileRank:
    """Rank of ``decision_id`` among the fines on ``by`` (one of :data:`RANKABLE`).

    Only fines with a known value of ``by`` take part (``n`` says how many). ValueError when the
    decision has no value for ``by``.
    """
    if by not in RANKABLE:
        raise ValueError(f"cannot rank by {by!r}: expected one of {RANKABLE}")
    table = add_ratios(fines(df), view)
    # the fine after appeal where the Conseil d'État ruled
    values = table["fine_used_eur"] if by == "fine_eur" else table[by].astype(float)
    ids = table["decision_id"].astype("string")
    known = values.notna()
    mine = values[ids == decision_id]
    if mine.empty:
        raise KeyError(f"decision {decision_id!r} is not among the fines of the dataset")
    value = float(mine.iloc[0])
    if math.isnan(value):
        raise ValueError(f"decision {decision_id!r} has no value for {by} ({VIEW_LABELS[view]})")
    vals = values[known]
    return PercentileRank(
        decision_id=decision_id,
        by=by,
        value=value,
        rank=int((vals > value).sum()) + 1,
        n=int(known.sum()),
        percentile=float((vals <= value).mean() * 100),
    )
