"""The headline figures of the report and of the README (:mod:`cnil_sanctions.report`).

Also importable from :mod:`cnil_sanctions.analysis` (``A.headline``).
"""

from __future__ import annotations

import pandas as pd

from cnil_sanctions.analysis.ratios import VIEWS, _float, add_ratios, fines
from cnil_sanctions.analysis.tables import DEDALUS_ID, decision_row, percentile_rank

__all__ = ["headline"]


def headline(df: pd.DataFrame, decision_id: str = DEDALUS_ID) -> dict[str, object]:
    """The headline figures of the report, computed from the dataset (nothing typed in).

    Keys: ``decisions``, ``fines``, ``total_fines_eur``, ``first_year``, ``last_year``, for each
    view ``n_with_turnover_<view>`` and ``median_share_turnover_<view>``, and for ``decision_id``
    (Dedalus by default) its ``fine_eur``, ``turnover_eur``, ``turnover_year``,
    ``share_turnover``, ``legal_max_eur``, ``share_legal_max``, ``rank_fine`` / ``n_rank_fine``
    and ``rank_share`` / ``n_rank_share`` (share of turnover, public view).
    """
    fined = fines(df)
    years = pd.to_datetime(df["decision_date"]).dt.year
    out: dict[str, object] = {
        "decisions": len(df),
        "fines": len(fined),
        "total_fines_eur": float(_float(fined["fine_eur"]).sum()),
        "first_year": int(years.min()),
        "last_year": int(years.max()),
    }
    for view in VIEWS:
        share = add_ratios(fined, view)["fine_share_turnover"]
        out[f"n_with_turnover_{view}"] = int(share.notna().sum())
        out[f"median_share_turnover_{view}"] = float(share.median())
    ratios = add_ratios(df, "public")
    me = decision_row(ratios, decision_id)
    out.update(
        decision_id=decision_id,
        organisation=str(me["organisation"]),
        fine_eur=float(me["fine_eur"]),
        turnover_eur=None if pd.isna(me["turnover_used_eur"]) else float(me["turnover_used_eur"]),
        turnover_origin=None if pd.isna(me["turnover_used_origin"]) else me["turnover_used_origin"],
        turnover_year=None if pd.isna(me["turnover_year"]) else int(me["turnover_year"]),
        cap_tier=None if pd.isna(me["cap_tier"]) else str(me["cap_tier"]),
        share_turnover=float(me["fine_share_turnover"]),
        legal_max_eur=float(me["legal_max_eur"]),
        share_legal_max=float(me["fine_share_legal_max"]),
    )
    r_fine = percentile_rank(df, decision_id, "fine_eur")
    r_share = percentile_rank(df, decision_id, "fine_share_turnover")
    out.update(
        rank_fine=r_fine.rank,
        n_rank_fine=r_fine.n,
        rank_share=r_share.rank,
        n_rank_share=r_share.n,
    )
    return out
