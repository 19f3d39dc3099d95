"""Ratios and legal caps: the fines of the dataset, the turnover views, fine / turnover and
fine / legal maximum.

Four turnover views (issue 16; each table and figure names the one it uses via
:data:`VIEW_LABELS`):

* ``"entity"``: the sanctioned company's own turnover (``turnover_entity_eur``) — the
  denominator of « share of the company's turnover »;
* ``"undertaking"``: the undertaking's turnover (``turnover_cap_basis_eur``: the group /
  economic unit, else the entity's, flagged by ``turnover_cap_basis_scope``) — the basis of the
  GDPR caps and of the EDPB method;
* ``"decision"``: the turnover the decision itself states (``turnover_basis_origin ==
  "decision"``), whatever its perimeter;
* ``"public"``: ``turnover_basis_eur``, the decision's own figure, else the publicly reported
  group figure (``turnover_basis_origin == "public_accounts"``).

Whatever the view, the legal maximum uses the undertaking's turnover (``turnover_cap_basis_eur``,
:data:`CAP_BASIS`), as art. 83 GDPR does. The fine is the fine after appeal where the Conseil
d'État ruled (``fine_after_appeal_eur``), else the CNIL's (:func:`fine_used`).

« plus de » / « moins de » figures are bounds: ``turnover_used_bound`` carries the turnover's
bound and ``share_bound`` the resulting bound of the share (a share computed on a lower-bound
turnover is an upper bound).

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
    "CAP_BASIS",
    "SHARE_BASIS",
    "VIEWS",
    "VIEW_LABELS",
    "add_ratios",
    "fine_used",
    "fines",
    "legal_maximum",
    "turnover_bound",
    "tier_of",
    "turnover_series",
]

#: Turnover views (see the module docstring); the first two are the ones the law uses.
VIEWS = ("entity", "undertaking", "decision", "public")
VIEW_LABELS = {
    "entity": "the company's own turnover (entity)",
    "undertaking": "the undertaking's turnover (group; the entity's where unknown)",
    "decision": "turnover stated in the decision only",
    "public": "decision figure, else public accounts",
}
#: The view for « share of the company's turnover ».
SHARE_BASIS = "entity"
#: The view for the legal maximum and the EDPB method (art. 83 GDPR: the undertaking).
CAP_BASIS = "undertaking"

#: view -> (amount, origin) columns of the dataset.
_VIEW_COLUMNS: dict[str, tuple[str, str]] = {
    "entity": ("turnover_entity_eur", "turnover_entity_origin"),
    "undertaking": ("turnover_cap_basis_eur", "turnover_cap_basis_origin"),
    "decision": ("turnover_basis_eur", "turnover_basis_origin"),
    "public": ("turnover_basis_eur", "turnover_basis_origin"),
}
#: How the bound of a turnover turns into the bound of a share (fine / turnover).
_SHARE_BOUND = {"lower": "upper", "upper": "lower", "approx": "approx"}


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
    amount, origin = _VIEW_COLUMNS[view]
    _require(df, [amount, origin], "turnover_series")
    basis = _float(df[amount])
    if view == "decision":
        basis = basis.where(df[origin].astype("string") == "decision")
    return basis.rename("turnover_used_eur")


def turnover_bound(df: pd.DataFrame, view: str = "public") -> pd.Series:
    """The bound of each decision's turnover in ``view``: ``lower`` (« plus de »), ``upper``
    (« moins de »), ``approx`` (« environ », « près de ») or NA (an exact figure)."""
    _check_view(view)
    if view == "entity":
        col = "turnover_entity_bound"
        return (
            df[col].astype("string")
            if col in df
            else pd.Series(pd.NA, index=df.index, dtype="string")
        )
    if view == "undertaking" and {"turnover_cap_basis_scope", "turnover_undertaking_bound"} <= set(
        df
    ):
        scope = df["turnover_cap_basis_scope"].astype("string")
        und = df["turnover_undertaking_bound"].astype("string")
        ent = df["turnover_entity_bound"].astype("string")
        return und.where(scope == "undertaking", ent)
    if view in ("decision", "public") and "turnover_entity_bound" in df:
        # the former basis is one of the two turnovers: take the bound of the one it equals
        basis = _float(df["turnover_basis_eur"])
        ent = basis == _float(df["turnover_entity_eur"])
        und = basis == _float(df["turnover_undertaking_eur"])
        out = pd.Series(pd.NA, index=df.index, dtype="string")
        out = out.mask(und.to_numpy(bool), df["turnover_undertaking_bound"].astype("string"))
        return out.mask(ent.to_numpy(bool), df["turnover_entity_bound"].astype("string"))
    return pd.Series(pd.NA, index=df.index, dtype="string")


def fine_used(df: pd.DataFrame) -> pd.Series:
    """The fine the analysis uses: after appeal where the Conseil d'État ruled
    (``fine_after_appeal_eur``), else the CNIL's (``fine_eur``); float, NaN when none."""
    fine = _float(df["fine_eur"])
    if "fine_after_appeal_eur" not in df:
        return fine.rename("fine_used_eur")
    return _float(df["fine_after_appeal_eur"]).fillna(fine).rename("fine_used_eur")


def fines(df: pd.DataFrame) -> pd.DataFrame:
    """The decisions that pronounce a fine (``measure_kind == "fine"`` and a positive amount)."""
    _require(df, ["measure_kind", "fine_eur"], "fines")
    kind = df["measure_kind"].astype("string")
    amount = _float(df["fine_eur"])
    mask = (kind == "fine").fillna(False).to_numpy(bool) & (amount > 0).to_numpy(bool)
    return df.loc[mask].copy()


def add_ratios(df: pd.DataFrame, view: str = "public") -> pd.DataFrame:
    """A copy of ``df`` with the ratios the analysis uses.

    Added columns: ``fine_used_eur`` (after appeal where ruled, :func:`fine_used`) and
    ``fine_after_appeal`` (True where it differs from the CNIL's fine); ``turnover_used_eur``,
    ``turnover_used_origin`` and ``turnover_used_bound`` (per ``view``); ``share_bound`` (the
    bound of ``fine_share_turnover``: ``upper`` on a « plus de » turnover); ``cap_scope``
    (``undertaking``, or ``entity`` where the cap falls back on the entity's turnover, a lower
    bound); ``legal_max_eur`` (per ``cap_tier`` on the undertaking's turnover, whatever
    ``view``; NaN without a tier), ``legal_max_known`` (False when that turnover is unknown and
    ``legal_max_eur`` is only the fixed floor), ``fine_share_turnover``, ``fine_share_legal_max``
    (NaN when the maximum is not known exactly) and ``legal_max_share_bound`` (``upper`` when the
    maximum rests on a « plus de » turnover), ``fine_per_person`` (EUR per affected
    person/account/record, see ``people_affected_unit``), ``year``.
    """
    _require(
        df,
        ["fine_eur", "cap_tier", "people_affected", "decision_date", "turnover_basis_origin"],
        "add_ratios",
    )
    out = df.copy()
    turnover = turnover_series(df, view)
    origin_col = _VIEW_COLUMNS[view][1]
    out["turnover_used_eur"] = turnover
    out["turnover_used_origin"] = df[origin_col].astype("string").where(turnover.notna())
    bound = turnover_bound(df, view).where(turnover.notna())
    out["turnover_used_bound"] = bound
    out["share_bound"] = bound.map(_SHARE_BOUND, na_action="ignore").astype("string")
    fine = fine_used(df)
    out["fine_used_eur"] = fine
    out["fine_after_appeal"] = (fine != _float(df["fine_eur"])).to_numpy(bool)
    cap = turnover_series(df, CAP_BASIS) if "turnover_cap_basis_eur" in df else turnover
    scope = (
        df["turnover_cap_basis_scope"].astype("string")
        if "turnover_cap_basis_scope" in df
        else pd.Series(pd.NA, index=df.index, dtype="string")
    )
    out["cap_scope"] = scope.where(cap.notna())
    tiers = df["cap_tier"].astype("string")
    maxima = [
        np.nan if pd.isna(tier) else legal_maximum(tier, None if pd.isna(t) else t)
        for tier, t in zip(tiers, cap, strict=True)
    ]
    out["legal_max_eur"] = np.array(maxima, dtype=float)
    out["legal_max_known"] = tiers.notna().to_numpy(bool) & cap.notna().to_numpy(bool)
    # a maximum set by a « plus de » turnover (above the fixed floor) is itself a lower bound,
    # and the share of it an upper bound
    floors = np.array(
        [np.nan if pd.isna(tier) else legal_maximum(tier, None) for tier in tiers], dtype=float
    )
    cap_bound = turnover_bound(df, CAP_BASIS) if "turnover_cap_basis_eur" in df else bound
    by_turnover = (out["legal_max_eur"] > floors).to_numpy(bool)
    out["legal_max_share_bound"] = (
        cap_bound.where(by_turnover & out["legal_max_known"].to_numpy(bool))
        .map(_SHARE_BOUND, na_action="ignore")
        .astype("string")
    )
    out["fine_share_turnover"] = fine / turnover.where(turnover > 0)
    out["fine_share_legal_max"] = (fine / out["legal_max_eur"]).where(out["legal_max_known"])
    people = _float(df["people_affected"])
    out["fine_per_person"] = fine / people.where(people > 0)
    out["year"] = pd.to_datetime(df["decision_date"]).dt.year
    return out
