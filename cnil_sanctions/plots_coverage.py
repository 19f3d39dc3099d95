"""The coverage figure: per year, what the CNIL pronounced beside what the data holds.

Top panel: total of fines (log scale) — the CNIL's official total, the full-text dataset's, and
the dataset plus the fines of the CNIL's list that no full text covers. Bottom panel: numbers of
sanctions, the same three ways. Years whose full-text data is incomplete
(:func:`cnil_sanctions.coverage.coverage_by_year`) are shaded and labelled « incomplete ».
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from cnil_sanctions.coverage import COMPLETE_SHARE, coverage_by_year
from cnil_sanctions.plot_axes import eur_tick, log_axes

OFFICIAL = "#7f7f7f"
DATASET = "#1f77b4"
WITH_LIST = "#ff7f0e"
SHADE = "#f2c4c4"

__all__ = ["plot_coverage"]


def _values(series: pd.Series) -> np.ndarray:
    return series.astype("Float64").fillna(np.nan).to_numpy(float)


def plot_coverage(df: pd.DataFrame, coverage: pd.DataFrame | None = None) -> Figure:
    """Official yearly totals and counts beside the full-text dataset and the CNIL list."""
    cov = coverage_by_year(df) if coverage is None else coverage
    years = cov.index.to_numpy(int)
    x = np.arange(len(years))
    width = 0.27
    fig = Figure(figsize=(9, 6.4), layout="constrained")
    top, bottom = fig.subplots(2, 1, sharex=True)
    incomplete = (cov["completeness"] != "complete").to_numpy(bool)
    for ax in (top, bottom):
        for i in np.flatnonzero(incomplete):
            ax.axvspan(i - 0.5, i + 0.5, color=SHADE, alpha=0.45, lw=0, zorder=0)
    series = (
        ("CNIL official", "official_fines_total_eur", "official_sanctions", OFFICIAL),
        ("full-text dataset", "dataset_fines_total_eur", "dataset_sanctions", DATASET),
        ("dataset + CNIL list", "held_fines_total_eur", "held_sanctions", WITH_LIST),
    )
    for k, (label, total_col, count_col, color) in enumerate(series):
        totals = _values(cov[total_col])
        top.bar(
            x + (k - 1) * width,
            np.where(totals > 0, totals, np.nan),
            width,
            color=color,
            label=label,
        )
        bottom.bar(x + (k - 1) * width, _values(cov[count_col]), width, color=color, label=label)
    log_axes(top, "y", ticks=eur_tick)
    top.set_ylabel("total of fines (log scale)")
    top.set_title("What the CNIL pronounced each year, and what this data holds")
    top.legend(fontsize=8, loc="upper left")
    bottom.set_ylabel("number of sanctions")
    bottom.set_xticks(x, [str(y) for y in years])
    bottom.set_xlabel("year of decision")
    ymax = float(np.nanmax(_values(cov["official_sanctions"]))) if len(cov) else 1.0
    for i in np.flatnonzero(incomplete):
        state = str(cov["completeness"].iloc[i])
        bottom.text(
            i,
            ymax * 1.02,
            "incomplete" if state == "incomplete" else "no official total",
            ha="center",
            fontsize=7,
            color="#a00000",
        )
    bottom.set_ylim(top=ymax * 1.15)
    bad = [str(y) for y, s in zip(years, incomplete, strict=True) if s]
    fig.supxlabel(
        f"Shaded: years where the full-text dataset holds less than {COMPLETE_SHARE:.0%} of the "
        f"CNIL's official total of fines, or no official total is sourced ({', '.join(bad)}). "
        "Official figures: data/reference/cnil_official_yearly.csv (each with source and quote).",
        fontsize=7,
        color="#444444",
        wrap=True,
    )
    return fig
