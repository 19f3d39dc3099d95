"""Ratios and legal caps: the fines of the dataset, the turnover views, fine / turnover and
fine / legal maximum.

Two turnover views are offered everywhere a turnover is used (issue 8):

* ``"decision"``: only the turnover the decision itself states (``turnover_basis_origin ==
  "decision"``);
* ``"public"`` (default): ``turnover_basis_eur``, the decision's own figure, else the publicly
  reported group figure (``turnover_basis_origin == "public_accounts"``).

The legal maximum and the tier come from :mod:`cnil_sanctions.law` (re-exported here as
``legal_maximum`` and ``tier_of``).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from cnil_sanctions.law import legal_maximum
from cnil_sanctions.law import tier_from_label as tier_of

__all__ = [
    "VIEWS",
    "VIEW_LABELS",
    "add_ratios",
    "fines",
    "legal_maximum",
    "tier_of",
    "turnover_series",
]

#: Turnover views: decision figures only, or with the public-accounts supplement.
VIEWS = ("decision", "public")
VIEW_LABELS = {
    "decision": "turnover stated in the decision only",
    "public": "decision figure, else public accounts",
}


def _float(series: pd.Series) -> pd.Series:
    """A nullable numeric column as float64 with NaN for missing values."""
    return pd.Series(
        pd.to_numeric(series, errors="raise").astype("Float64").to_numpy(float, na_value=np.nan),
        index=series.index,
        name=series.name,
    )


def _require(df: pd.DataFrame, columns: Iterable[str], what: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"{what}: the frame lacks the columns {missing}")


def _check_view(view: str) -> str:
    if view not in VIEWS:
        raise ValueError(f"unknown turnover view {view!r}: expected one of {VIEWS}")
    return view


def turnover_series(df: pd.DataFrame, view: str = "public") -> pd.Series:
    """The turnover (EUR, float, NaN when unknown) each decision is set against in ``view``."""
    _check_view(view)
    _require(df, ["turnover_basis_eur", "turnover_basis_origin"], "turnover_series")
    basis = _float(df["turnover_basis_eur"])
    if view == "decision":
        basis = basis.where(df["turnover_basis_origin"].astype("string") == "decision")
    return basis.rename("turnover_used_eur")


def fines(df: pd.DataFrame) -> pd.DataFrame:
    """The decisions that pronounce a fine (``measure_kind == "fine"`` and a positive amount)."""
    _require(df, ["measure_kind", "fine_eur"], "fines")
    kind = df["measure_kind"].astype("string")
    amount = _float(df["fine_eur"])
    mask = (kind == "fine").fillna(False).to_numpy(bool) & (amount > 0).to_numpy(bool)
    return df.loc[mask].copy()


def add_ratios(df: pd.DataFrame, view: str = "public") -> pd.DataFrame:
    """A copy of ``df`` with the ratios the analysis uses.

    Added columns: ``turnover_used_eur`` and ``turnover_used_origin`` (per ``view``),
    ``legal_max_eur`` (per ``cap_tier``; NaN without a tier), ``legal_max_known`` (False when
    the turnover is unknown and ``legal_max_eur`` is only the fixed floor), ``fine_share_turnover``,
    ``fine_share_legal_max`` (NaN when the maximum is not known exactly), ``fine_per_person``
    (EUR per affected person/account/record, see ``people_affected_unit``), ``year``.
    """
    _require(
        df,
        ["fine_eur", "cap_tier", "people_affected", "decision_date", "turnover_basis_origin"],
        "add_ratios",
    )
    out = df.copy()
    turnover = turnover_series(df, view)
    out["turnover_used_eur"] = turnover
    origin = df["turnover_basis_origin"].astype("string").where(turnover.notna())
    out["turnover_used_origin"] = origin
    fine = _float(df["fine_eur"])
    tiers = df["cap_tier"].astype("string")
    maxima = [
        np.nan if pd.isna(tier) else legal_maximum(tier, None if pd.isna(t) else t)
        for tier, t in zip(tiers, turnover, strict=True)
    ]
    out["legal_max_eur"] = np.array(maxima, dtype=float)
    out["legal_max_known"] = tiers.notna().to_numpy(bool) & turnover.notna().to_numpy(bool)
    out["fine_share_turnover"] = fine / turnover.where(turnover > 0)
    out["fine_share_legal_max"] = (fine / out["legal_max_eur"]).where(out["legal_max_known"])
    people = _float(df["people_affected"])
    out["fine_per_person"] = fine / people.where(people > 0)
    out["year"] = pd.to_datetime(df["decision_date"]).dt.year
    return out
