"""Where one decision stands among the fines, on one turnover view, with intervals and n.

What the headline (README, ``reports/summary.md``) and the benchmark (notebook 4) say about a
decision, computed once here (issue 16):

- :func:`median_share`: the median fine / turnover over the fines of a view, with its
  distribution-free interval and n;
- :func:`ranked`: a rank « r of n » with a 95 % interval (Clopper–Pearson on the share of fines
  above it: where the decision would stand among fines like these, not just this sample);
- :func:`position_on`: all of it for one decision — its share of turnover (and whether it is a
  bound), its raw and size-adjusted ranks, and where its fine falls against the jackknife+
  prediction band fitted on the *other* fines, in words generated from the bounds.

Raw share-of-turnover ranks rank by size: fines grow less than proportionally with turnover
(slope < 1), so the smallest firms top them by construction; the size-adjusted rank (residual
from the log-log line) is shown beside them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from cnil_sanctions.analysis.models import BAND_LEVEL, prediction_band, size_adjusted_ranks
from cnil_sanctions.analysis.ratios import VIEW_LABELS, _check_view, add_ratios, fines
from cnil_sanctions.analysis.tables import decision_row
from cnil_sanctions.uncertainty import Interval, median_ci, position_words, proportion_ci

__all__ = [
    "DecisionPosition",
    "Rank",
    "median_share",
    "position_on",
    "ranked",
]


def pct(x: float) -> str:
    """0.33 %, 9.2 %, 0.0046 %: three significant digits, as a percentage."""
    if math.isinf(x):
        return "+∞"
    return f"{x * 100:.2g} %" if abs(x) < 0.001 else f"{x * 100:.3g} %"


def median_share(df: pd.DataFrame, view: str) -> tuple[Interval, int]:
    """The median share of turnover over the fines with a turnover in ``view`` (order-statistic
    95 % interval, n) and how many of those shares are upper bounds (« plus de » turnovers)."""
    table = add_ratios(fines(df), view)
    share = table["fine_share_turnover"]
    bounds = int((table["share_bound"].astype("string") == "upper").fillna(False).sum())
    return median_ci(share.to_numpy(float)), bounds


@dataclass(frozen=True)
class Rank:
    """Rank ``rank`` of ``n`` (1 = highest) with a 95 % interval ``low``–``high`` for the rank."""

    rank: int
    n: int
    low: int
    high: int
    what: str

    def format(self) -> str:
        return f"{self.rank} of {self.n} by {self.what} (95 % CI {self.low}–{self.high})"


def ranked(values: pd.Series | np.ndarray, value: float, what: str) -> Rank:
    """The rank of ``value`` among ``values`` (which include it; NaN left out), with an exact
    95 % interval: Clopper–Pearson on the share of the other fines that are higher, scaled
    back to ranks."""
    v = np.asarray(values, dtype=float)
    v = v[~np.isnan(v)]
    n = len(v)
    if n == 0 or math.isnan(value):
        raise ValueError(f"cannot rank by {what}: no value")
    above = int((v > value).sum())
    ci = proportion_ci(above, n - 1) if n > 1 else None
    if ci is None:
        return Rank(1, 1, 1, 1, what)
    low = 1 + math.floor(ci.low * (n - 1) + 1e-9)
    high = 1 + math.ceil(ci.high * (n - 1) - 1e-9)
    return Rank(above + 1, n, low, high, what)


@dataclass(frozen=True)
class DecisionPosition:
    """One decision on one turnover view; fields are None where the view has no turnover."""

    decision_id: str
    view: str
    fine_eur: float
    turnover_eur: float | None
    turnover_origin: str | None
    turnover_bound: str | None
    share: float | None
    share_bound: str | None
    median: Interval
    median_bounds: int
    share_rank: Rank | None
    size_rank: Rank | None
    slope: float | None
    band: Interval | None
    band_words: str | None

    @property
    def label(self) -> str:
        return VIEW_LABELS[self.view]

    def share_text(self) -> str:
        """« 9.2 % of that turnover » (« at most » on a lower-bound turnover)."""
        if self.share is None:
            return "no turnover"
        lead = {"upper": "at most ", "lower": "at least ", "approx": "about "}.get(
            self.share_bound or "", ""
        )
        return f"{lead}{pct(self.share)}"

    def lines(self) -> list[str]:
        """Plain sentences (Markdown) for the report, every figure with its interval and n."""
        med = self.median.format(pct)
        out = [f"median share of turnover over the fines: {med}"]
        if self.median_bounds:
            out[-1] += (
                f"; {self.median_bounds} of these shares rest on a « plus de » turnover and are "
                "upper bounds"
            )
        if self.share is None:
            out.append("this decision: no turnover in this view")
            return out
        out.append(f"this decision: fine = **{self.share_text()}** of this turnover")
        if self.share_rank is not None:
            out.append(f"raw rank {self.share_rank.format()}")
        if self.size_rank is not None and self.slope is not None:
            out.append(
                f"size-adjusted rank {self.size_rank.format()} (slope {self.slope:.2f} < 1: raw "
                "shares put small firms first)"
            )
        if self.band is not None:
            eur = self.band.format(lambda x: f"€{x:,.0f}")
            out.append(
                f"{self.band.level * 100:g} % prediction band at this turnover, fitted on the other "
                f"fines (jackknife+): {eur}; the fine is **{self.band_words}**"
            )
        return out


def position_on(df: pd.DataFrame, decision_id: str, view: str) -> DecisionPosition:
    """Where ``decision_id`` stands on ``view`` (see the module docstring)."""
    _check_view(view)
    table = add_ratios(fines(df), view)
    me = decision_row(table, decision_id)
    fine = float(me["fine_used_eur"])
    median, n_bounds = median_share(df, view)
    turnover = None if pd.isna(me["turnover_used_eur"]) else float(me["turnover_used_eur"])
    base = dict(
        decision_id=decision_id,
        view=view,
        fine_eur=fine,
        median=median,
        median_bounds=n_bounds,
    )
    if turnover is None:
        return DecisionPosition(
            **base,  # type: ignore[arg-type]
            turnover_eur=None,
            turnover_origin=None,
            turnover_bound=None,
            share=None,
            share_bound=None,
            share_rank=None,
            size_rank=None,
            slope=None,
            band=None,
            band_words=None,
        )
    share = float(me["fine_share_turnover"])
    share_rank = ranked(table["fine_share_turnover"], share, "share of turnover")
    sizes = size_adjusted_ranks(df, view)
    mine = sizes.loc[sizes["decision_id"] == decision_id]
    size_rank = ranked(sizes["residual"], float(mine["residual"].iloc[0]), "size-adjusted fine")
    others = df.loc[df["decision_id"].astype("string") != decision_id]
    band = prediction_band(others, turnover, view, BAND_LEVEL)
    words = position_words(fine, band, f"the {band.level * 100:g} % band")
    return DecisionPosition(
        **base,  # type: ignore[arg-type]
        turnover_eur=turnover,
        turnover_origin=str(me["turnover_used_origin"]),
        turnover_bound=None
        if pd.isna(me["turnover_used_bound"])
        else str(me["turnover_used_bound"]),
        share=share,
        share_bound=None if pd.isna(me["share_bound"]) else str(me["share_bound"]),
        share_rank=share_rank,
        size_rank=size_rank,
        slope=float(sizes["slope"].iloc[0]),
        band=band,
        band_words=words,
    )
