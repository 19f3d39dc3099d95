"""Analysis of the sanctions dataset: fines against turnover, legal caps and breach size.

Every function takes the validated frame of :func:`cnil_sanctions.load_sanctions` (or any frame
with the same columns) and returns plain pandas objects or small dataclasses that say how many
decisions they rest on and how many were left out, and why.

One module per job; every public name stays importable from here
(``from cnil_sanctions import analysis as A; A.add_ratios(df)``):

==================================  ==========================================================
:mod:`.ratios`                      fines, turnover views, ratios and legal caps (add_ratios)
:mod:`.tables`                      yearly summary, top fines, by group, coverage, one
                                    decision, percentile rank
:mod:`.models`                      OLS, quantile regression, the precedent interval
:mod:`.precedents`                  nearest precedents (the one precedent function)
:mod:`.position`                    one decision on one turnover view, with intervals
:mod:`cnil_sanctions.edpb_compare`  the EDPB method against the actual fines (next to edpb)
:mod:`cnil_sanctions.headline`      the headline figures (next to report)
==================================  ==========================================================
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from cnil_sanctions.analysis.models import (
    CONTROLS,
    ModelResult,
    QuantilePrediction,
    QuantileResult,
    fit_ols,
    fit_quantiles,
    prediction_band,
    quantile_prediction,
    size_adjusted_ranks,
    wild_bootstrap_p,
)
from cnil_sanctions.analysis.position import (
    DecisionPosition,
    Rank,
    median_share,
    position_on,
    ranked,
)
from cnil_sanctions.analysis.precedents import (
    DISTANCE_WEIGHTS,
    NEAREST_COLUMNS,
    nearest_precedents,
)
from cnil_sanctions.analysis.ratios import (
    CAP_BASIS,
    SHARE_BASIS,
    VIEW_LABELS,
    VIEWS,
    add_ratios,
    fine_used,
    fines,
    legal_maximum,
    tier_of,
    turnover_bound,
    turnover_series,
)
from cnil_sanctions.analysis.tables import (
    DEDALUS_ID,
    RANKABLE,
    PercentileRank,
    by_group,
    coverage,
    decision_row,
    percentile_rank,
    top_fines,
    yearly_summary,
)

if TYPE_CHECKING:
    from cnil_sanctions.edpb_compare import edpb_vs_actual, edpb_vs_actual_summary
    from cnil_sanctions.headline import headline

__all__ = [
    "CAP_BASIS",
    "CONTROLS",
    "DEDALUS_ID",
    "DecisionPosition",
    "DISTANCE_WEIGHTS",
    "NEAREST_COLUMNS",
    "RANKABLE",
    "Rank",
    "SHARE_BASIS",
    "VIEWS",
    "VIEW_LABELS",
    "ModelResult",
    "PercentileRank",
    "QuantilePrediction",
    "QuantileResult",
    "add_ratios",
    "by_group",
    "coverage",
    "decision_row",
    "edpb_vs_actual",
    "edpb_vs_actual_summary",
    "fine_used",
    "fines",
    "fit_ols",
    "fit_quantiles",
    "headline",
    "legal_maximum",
    "median_share",
    "nearest_precedents",
    "percentile_rank",
    "position_on",
    "prediction_band",
    "quantile_prediction",
    "ranked",
    "size_adjusted_ranks",
    "tier_of",
    "top_fines",
    "turnover_bound",
    "turnover_series",
    "wild_bootstrap_p",
    "yearly_summary",
]

#: Names that moved out of the package, next to the code they belong with; loaded on first use
#: (those modules import this package, so importing them here would be circular).
_MOVED = {
    "edpb_vs_actual": "cnil_sanctions.edpb_compare",
    "edpb_vs_actual_summary": "cnil_sanctions.edpb_compare",
    "headline": "cnil_sanctions.headline",
}


def __getattr__(name: str) -> Any:
    """``A.edpb_vs_actual`` and ``A.headline`` from the modules they moved to."""
    if name in _MOVED:
        return getattr(import_module(_MOVED[name]), name)
    raise AttributeError(f"module 'cnil_sanctions.analysis' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
