"""The headline figures of the report and of the README (:mod:`cnil_sanctions.report`).

Every median and share comes with its interval and n, every rank with its interval (issue 16);
the decision's position is given on BOTH turnovers: the company's own (entity, the « share of
the company's turnover ») and the undertaking's (group, the basis of the caps and of the EDPB
method). Also importable from :mod:`cnil_sanctions.analysis` (``A.headline``).
"""

from __future__ import annotations

import pandas as pd

from cnil_sanctions.analysis.position import median_share, position_on, ranked
from cnil_sanctions.analysis.ratios import (
    CAP_BASIS,
    SHARE_BASIS,
    _float,
    add_ratios,
    fine_used,
    fines,
)
from cnil_sanctions.analysis.tables import DEDALUS_ID, decision_row
from cnil_sanctions.uncertainty import median_ci

__all__ = ["HEADLINE_VIEWS", "headline", "turnover_coverage"]

#: The turnover views the headline gives, in this order: the company's own, the undertaking's.
HEADLINE_VIEWS = (SHARE_BASIS, CAP_BASIS)


def headline(df: pd.DataFrame, decision_id: str = DEDALUS_ID) -> dict[str, object]:
    """The headline figures of the report, computed from the dataset (nothing typed in).

    Keys: ``decisions``, ``formal_notices`` (MEDP rows, not sanctions), ``fines``, ``total_fines_eur``, ``first_year``, ``last_year``,
    ``appeals`` (fines the Conseil d'État changed; the fine after appeal is used),
    ``median_fine`` (:class:`~cnil_sanctions.uncertainty.Interval`), for each view of
    :data:`HEADLINE_VIEWS` and ``public`` ``median_share_turnover_<view>`` (Interval),
    ``n_with_turnover_<view>`` and ``share_upper_bounds_<view>``; for ``decision_id`` (Dedalus by
    default) ``positions`` (view → :class:`~cnil_sanctions.analysis.position.DecisionPosition`),
    its ``fine_eur``, ``turnover_eur`` / ``turnover_year`` / ``turnover_origin`` (the entity's),
    ``undertaking_eur`` / ``undertaking_origin`` / ``cap_scope``, ``share_turnover`` (of the
    entity's turnover), ``legal_max_eur`` and ``share_legal_max`` (on the undertaking's),
    ``rank_fine`` / ``n_rank_fine`` / ``rank_fine_ci`` and ``rank_share`` / ``n_rank_share``
    (share of the entity's turnover).
    """
    fined = fines(df)
    years = pd.to_datetime(df["decision_date"]).dt.year
    amounts = fine_used(fined)
    out: dict[str, object] = {
        "decisions": len(df),
        "formal_notices": int((df["measure_kind"] == "formal_notice_publication").sum()),
        "fines": len(fined),
        "total_fines_eur": float(amounts.sum()),
        "appeals": int((amounts != _float(fined["fine_eur"])).sum()),
        "first_year": int(years.min()),
        "last_year": int(years.max()),
        "median_fine": median_ci(amounts.to_numpy(float)),
    }
    for view in (*HEADLINE_VIEWS, "public"):
        interval, bounds = median_share(df, view)
        out[f"n_with_turnover_{view}"] = interval.n
        out[f"median_share_turnover_{view}"] = interval
        out[f"share_upper_bounds_{view}"] = bounds
    positions = {view: position_on(df, decision_id, view) for view in HEADLINE_VIEWS}
    ent = decision_row(add_ratios(df, SHARE_BASIS), decision_id)
    und = decision_row(add_ratios(df, CAP_BASIS), decision_id)
    r_fine = ranked(amounts, float(ent["fine_used_eur"]), "amount")
    share_rank = positions[SHARE_BASIS].share_rank

    def _opt(value: object) -> object:
        return None if pd.isna(value) else value

    out.update(
        decision_id=decision_id,
        organisation=str(ent["organisation"]),
        fine_eur=float(ent["fine_used_eur"]),
        fine_after_appeal=bool(ent["fine_after_appeal"]),
        turnover_eur=_opt(ent["turnover_used_eur"]),
        turnover_origin=_opt(ent["turnover_used_origin"]),
        turnover_year=_opt(ent["turnover_entity_year"]),
        undertaking_eur=_opt(und["turnover_used_eur"]),
        undertaking_origin=_opt(und["turnover_used_origin"]),
        undertaking_year=_opt(und["turnover_undertaking_year"]),
        undertaking_name=_opt(und["turnover_undertaking_name"]),
        cap_scope=_opt(und["cap_scope"]),
        cap_tier=_opt(ent["cap_tier"]),
        share_turnover=_opt(ent["fine_share_turnover"]),
        share_undertaking=_opt(und["fine_share_turnover"]),
        legal_max_eur=float(und["legal_max_eur"]),
        share_legal_max=_opt(und["fine_share_legal_max"]),
        legal_max_share_bound=_opt(und["legal_max_share_bound"]),
        positions=positions,
        rank_fine=r_fine.rank,
        n_rank_fine=r_fine.n,
        rank_fine_ci=(r_fine.low, r_fine.high),
        rank_share=None if share_rank is None else share_rank.rank,
        n_rank_share=None if share_rank is None else share_rank.n,
    )
    return out


def turnover_coverage(df: pd.DataFrame) -> dict[str, int]:
    """How many fines know both turnovers, only one, or neither; ``cap_on_entity``: fines whose
    legal maximum rests on the entity's turnover because the group's is unknown."""
    fined = fines(df)
    ent = _float(fined["turnover_entity_eur"]).notna()
    und = _float(fined["turnover_undertaking_eur"]).notna()
    scope = fined["turnover_cap_basis_scope"].astype("string")
    return {
        "both": int((ent & und).sum()),
        "entity_only": int((ent & ~und).sum()),
        "undertaking_only": int((~ent & und).sum()),
        "neither": int((~ent & ~und).sum()),
        "cap_on_entity": int((scope == "entity").fillna(False).sum()),
    }
