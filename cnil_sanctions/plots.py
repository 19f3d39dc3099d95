"""Figures of the analysis: each function takes the dataset frame and returns a matplotlib Figure.

Figures are built with :class:`matplotlib.figure.Figure` directly (no pyplot state, so no
display backend is needed: they render headless and save with ``fig.savefig``). In every figure
where it has a position the reference case (Dedalus Biologie, SAN-2022-009 by default) is
highlighted and labelled with its figures read from the data, and points whose turnover comes
from public accounts rather than the decision are drawn hollow.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from cnil_sanctions import analysis, edpb
from cnil_sanctions.analysis import DEDALUS_ID, VIEW_LABELS
from cnil_sanctions.edpb_compare import edpb_vs_actual

if TYPE_CHECKING:
    from cnil_sanctions.estimate import FineEstimate

__all__ = [
    "FIGURES",
    "plot_case",
    "plot_edpb_vs_actual",
    "plot_fine_vs_people",
    "plot_fine_vs_turnover",
    "plot_share_ecdf",
    "plot_yearly_totals",
]

HIGHLIGHT = "#d62728"
DECISION = "#1f77b4"
PUBLIC = "#ff7f0e"
BREACH = "#9467bd"
OTHER = "#7f7f7f"


def _eur(x: float, _pos: object = None) -> str:
    """€1.5M, €20k, €3bn."""
    for scale, suffix in ((1e9, "bn"), (1e6, "M"), (1e3, "k")):
        if abs(x) >= scale:
            return f"€{x / scale:g}{suffix}"
    return f"€{x:g}"


def _pct(x: float, _pos: object = None) -> str:
    return f"{x * 100:g} %"


def _label(ax: Axes, x: float, y: float, text: str) -> None:
    ax.scatter([x], [y], s=160, facecolors="none", edgecolors=HIGHLIGHT, linewidths=2, zorder=5)
    ax.annotate(
        text,
        (x, y),
        xytext=(25, 40),
        textcoords="offset points",
        color=HIGHLIGHT,
        fontsize=9,
        bbox={"boxstyle": "round", "fc": "white", "ec": HIGHLIGHT, "alpha": 0.9},
        arrowprops={"arrowstyle": "-", "color": HIGHLIGHT},
        zorder=6,
    )


def _name(row: pd.Series) -> str:
    org = "" if pd.isna(row["organisation"]) else str(row["organisation"]).split(";")[0].strip()
    return f"{org.title()} ({row['decision_id']})" if org else str(row["decision_id"])


def _highlight_row(table: pd.DataFrame, highlight: str | None) -> pd.Series | None:
    if highlight is None:
        return None
    hit = table.loc[table["decision_id"].astype("string") == highlight]
    return None if hit.empty else hit.iloc[0]


def _caption(fig: Figure, text: str) -> None:
    fig.supxlabel(text, fontsize=7.5, color="#444444")


def plot_fine_vs_turnover(
    df: pd.DataFrame, view: str = "public", highlight: str | None = DEDALUS_ID
) -> Figure:
    """Log-log fine vs turnover with the legal maxima of art. 83(4) and 83(5).

    Dashed lines: 2 % and 4 % of turnover; solid lines: the legal maxima, the higher of the
    €10M / €20M floor and 2 % / 4 %. Filled points: turnover stated in the decision; hollow:
    public accounts (``view="public"`` only).
    """
    table = analysis.add_ratios(analysis.fines(df), view)
    known = table.loc[table["turnover_used_eur"].notna()]
    left_out = len(table) - len(known)
    fig = Figure(figsize=(8, 5.6), layout="constrained")
    ax = fig.subplots()
    x = known["turnover_used_eur"].astype(float)
    y = known["fine_eur"].astype(float)
    from_decision = (known["turnover_used_origin"] == "decision").to_numpy(bool)
    ax.scatter(x[from_decision], y[from_decision], color=DECISION, label="turnover in decision")
    if (~from_decision).any():
        ax.scatter(
            x[~from_decision],
            y[~from_decision],
            facecolors="none",
            edgecolors=PUBLIC,
            linewidths=1.5,
            label="turnover from public accounts",
        )
    lo = min(float(x.min()), 1e5) / 2 if len(x) else 1e5
    hi = max(float(x.max()), 1e11) * 2 if len(x) else 1e12
    grid = np.geomspace(lo, hi, 200)
    for tier, style in ((edpb.TIER_83_4, "#2ca02c"), (edpb.TIER_83_5, "#8c564b")):
        share = tier.turnover_share
        ax.plot(
            grid, share * grid, ls="--", lw=1, color=style, label=f"{share * 100:g} % of turnover"
        )
        ax.plot(
            grid,
            np.maximum(tier.static_max_eur, share * grid),
            lw=1.5,
            color=style,
            label=f"legal maximum {tier.basis} ({_eur(tier.static_max_eur)} floor)",
        )
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.xaxis.set_major_formatter(FuncFormatter(_eur))
    ax.yaxis.set_major_formatter(FuncFormatter(_eur))
    ax.set_xlabel("annual turnover (log scale)")
    ax.set_ylabel("fine (log scale)")
    ax.set_title(f"Fines against turnover — {VIEW_LABELS[view]}")
    me = _highlight_row(known, highlight)
    if me is not None:
        _label(
            ax,
            float(me["turnover_used_eur"]),
            float(me["fine_eur"]),
            f"{_name(me)}\nfine {_eur(float(me['fine_eur']))} = "
            f"{float(me['fine_share_turnover']) * 100:.1f} % of turnover",
        )
    ax.legend(fontsize=7.5, loc="upper left")
    _caption(
        fig,
        f"n = {len(known)} fines with a turnover; {left_out} left out (no turnover). "
        "Lines: LIL art. 20 III cases share the 83(4) maximum.",
    )
    return fig


def plot_fine_vs_people(df: pd.DataFrame, highlight: str | None = DEDALUS_ID) -> Figure:
    """Log-log fine vs number of people affected; breach cases in a separate colour."""
    table = analysis.add_ratios(analysis.fines(df))
    known = table.loc[table["people_affected"].notna() & (table["people_affected"] > 0)]
    left_out = len(table) - len(known)
    fig = Figure(figsize=(8, 5.6), layout="constrained")
    ax = fig.subplots()
    breach = known["data_breach"].astype("boolean").fillna(False).to_numpy(bool)
    x = known["people_affected"].astype(float)
    y = known["fine_eur"].astype(float)
    ax.scatter(x[breach], y[breach], color=BREACH, label="data breach case")
    ax.scatter(x[~breach], y[~breach], color=OTHER, marker="s", label="other case")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.yaxis.set_major_formatter(FuncFormatter(_eur))
    ax.set_xlabel("people (or accounts, records) affected — log scale")
    ax.set_ylabel("fine (log scale)")
    ax.set_title("Fines against the number of people affected")
    me = _highlight_row(known, highlight)
    if me is not None:
        _label(
            ax,
            float(me["people_affected"]),
            float(me["fine_eur"]),
            f"{_name(me)}\n{int(me['people_affected']):,} people, "
            f"{float(me['fine_per_person']):.2f} € per person",
        )
    ax.legend(fontsize=8, loc="upper left")
    _caption(
        fig,
        f"n = {len(known)} fines with a count; {left_out} left out (no count in the decision). "
        "Counts mix people, accounts and records (see people_affected_unit).",
    )
    return fig


def _ecdf(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    v = np.sort(values.dropna().astype(float).to_numpy())
    return v, np.arange(1, len(v) + 1) / len(v)


def plot_share_ecdf(df: pd.DataFrame, highlight: str | None = DEDALUS_ID) -> Figure:
    """ECDF of fine / turnover, once per turnover view, with the reference case marked."""
    fig = Figure(figsize=(8, 5), layout="constrained")
    ax = fig.subplots()
    notes = []
    for view, color in (("decision", DECISION), ("public", PUBLIC)):
        table = analysis.add_ratios(analysis.fines(df), view)
        share = table["fine_share_turnover"]
        x, y = _ecdf(share)
        if len(x):
            ax.step(x, y, where="post", color=color, label=f"{VIEW_LABELS[view]} (n = {len(x)})")
        notes.append(f"{VIEW_LABELS[view]}: n = {len(x)}, {len(table) - len(x)} left out")
    table = analysis.add_ratios(analysis.fines(df), "public")
    me = _highlight_row(table.loc[table["fine_share_turnover"].notna()], highlight)
    if me is not None:
        share = float(me["fine_share_turnover"])
        ax.axvline(share, color=HIGHLIGHT, ls=":")
        ax.text(
            share,
            0.05,
            f" {_name(me)}: {share * 100:.1f} %",
            color=HIGHLIGHT,
            fontsize=9,
            rotation=90,
            va="bottom",
            ha="right",
        )
    ax.set_xscale("log")
    ax.xaxis.set_major_formatter(FuncFormatter(_pct))
    ax.set_xlabel("fine as a share of annual turnover (log scale)")
    ax.set_ylabel("share of fines at or below")
    ax.set_title("How large are fines relative to turnover?")
    ax.legend(fontsize=8, loc="upper left")
    _caption(fig, "; ".join(notes))
    return fig


def plot_yearly_totals(
    df: pd.DataFrame, highlight: str | None = DEDALUS_ID, coverage: pd.DataFrame | None = None
) -> Figure:
    """Total fines per year of decision (log scale), number of fines on each bar; years whose
    data is incomplete against the CNIL's official figures (:mod:`cnil_sanctions.coverage`)
    are hatched and named in the caption."""
    from cnil_sanctions.coverage import coverage_by_year, incomplete_years

    summary = analysis.yearly_summary(df)
    missing = incomplete_years(coverage_by_year(df) if coverage is None else coverage)
    fig = Figure(figsize=(8, 4.6), layout="constrained")
    ax = fig.subplots()
    years = summary.index.to_numpy()
    totals = summary["total_fines_eur"].to_numpy(float)
    partial = np.isin(years, missing)
    ax.bar(years[~partial], totals[~partial], color=DECISION, label="all fines of the year")
    if partial.any():
        ax.bar(
            years[partial],
            totals[partial],
            color="white",
            edgecolor=DECISION,
            hatch="///",
            label="incomplete year: not the CNIL's total",
        )
    for year, total, count in zip(years, totals, summary["fines"], strict=True):
        if total > 0:
            ax.text(year, total * 1.15, f"{count} fines", ha="center", fontsize=8)
    fined = analysis.fines(df)
    me = _highlight_row(fined, highlight)
    if me is not None:
        year = pd.Timestamp(me["decision_date"]).year
        amount = float(me["fine_eur"])
        ax.bar([year], [amount], color=HIGHLIGHT, width=0.5, label=f"of which {_name(me)}")
        ax.annotate(
            f"{_eur(amount)}",
            (year, amount),
            xytext=(18, 0),
            textcoords="offset points",
            color=HIGHLIGHT,
            fontsize=8,
            va="center",
        )
    ax.set_yscale("log")
    if len(totals) and totals.max() > 0:
        ax.set_ylim(top=float(totals.max()) * 12)  # room for the legend above the bars
    ax.yaxis.set_major_formatter(FuncFormatter(_eur))
    ax.set_xticks(years)
    ax.set_xlabel("year of decision")
    ax.set_ylabel("total fines (log scale)")
    ax.set_title("Total fines pronounced per year")
    ax.legend(fontsize=8, loc="upper right")
    shown = [y for y in missing if y >= int(years.min())] if len(years) else missing
    note = (
        f"\nIncomplete years (the full texts hold less than the CNIL's official total, or no "
        f"official total is sourced): {', '.join(map(str, shown))} — see the coverage figure."
        if shown
        else ""
    )
    _caption(
        fig,
        f"{int(summary['fines'].sum())} fines in {int(summary['decisions'].sum())} decisions."
        + note,
    )
    return fig


def plot_edpb_vs_actual(
    df: pd.DataFrame, view: str = "public", highlight: str | None = DEDALUS_ID
) -> Figure:
    """For each fine with a turnover: the EDPB ranges per seriousness and the actual fine."""
    comp = edpb_vs_actual(df, view)
    comp = comp.sort_values("turnover_used_eur").reset_index(drop=True)
    fig = Figure(figsize=(8, max(3.5, 0.32 * len(comp) + 1.5)), layout="constrained")
    ax = fig.subplots()
    ypos = np.arange(len(comp))
    offsets = {"low": -0.22, "medium": 0.0, "high": 0.22}
    colors = {"low": "#9ecae1", "medium": "#4292c6", "high": "#08519c"}
    floor = float(comp["fine_eur"].min()) / 20 if len(comp) else 1.0
    for level in edpb.SERIOUSNESS_LEVELS:
        lo = comp[f"edpb_{level}_low"].clip(lower=floor)
        hi = comp[f"edpb_{level}_high"]
        ax.hlines(ypos + offsets[level], lo, hi, color=colors[level], lw=3, label=f"EDPB {level}")
    public = (comp["turnover_used_origin"] == "public_accounts").to_numpy(bool)
    ax.scatter(comp["fine_eur"][~public], ypos[~public], color="black", zorder=4, label="CNIL fine")
    if public.any():
        ax.scatter(
            comp["fine_eur"][public],
            ypos[public],
            facecolors="white",
            edgecolors="black",
            zorder=4,
            label="CNIL fine (turnover from public accounts)",
        )
    labels = [_name(r) for _, r in comp.iterrows()]
    ax.set_yticks(ypos, labels, fontsize=7)
    for tick, did in zip(ax.get_yticklabels(), comp["decision_id"], strict=True):
        if did == highlight:
            tick.set_color(HIGHLIGHT)
            tick.set_fontweight("bold")
    ax.set_xscale("log")
    ax.xaxis.set_major_formatter(FuncFormatter(_eur))
    ax.set_xlabel("euros (log scale)")
    ax.set_xlim(left=floor)
    ax.set_title(
        "EDPB Guidelines 04/2022 ranges vs CNIL fines\n"
        "(no aggravating or mitigating factor; low ranges start at €0)",
        fontsize=10,
    )
    ax.legend(fontsize=7, loc="lower right")
    _caption(fig, f"n = {len(comp)} fines with a turnover and a tier; sorted by turnover.")
    return fig


def plot_case(df: pd.DataFrame, estimate: FineEstimate, axis: str = "turnover") -> Figure:
    """A hypothetical case (no fine of its own) against the past fines.

    Past fines by turnover (public view) or by people affected (``axis``), and at the case's
    value: the EDPB range per seriousness (:attr:`FineEstimate.edpb`) and the CNIL precedent
    band (10th-90th percentile, median marked). ``axis="none"`` (neither value known): the
    ranges alone, past fines as a rug.
    """
    table = analysis.add_ratios(analysis.fines(df), "public")
    column = {"turnover": "turnover_used_eur", "people": "people_affected"}.get(axis)
    if axis not in ("turnover", "people", "none"):
        raise ValueError(f"axis must be 'turnover', 'people' or 'none', got {axis!r}")
    at = {"turnover": estimate.turnover_eur, "people": estimate.people_affected}.get(axis)
    if column is not None and at is None:
        raise ValueError(f"the case has no {axis} to place it on that axis")
    fig = Figure(figsize=(8, 5), layout="constrained")
    ax = fig.subplots()
    colors = {"low": "#9ecae1", "medium": "#4292c6", "high": "#08519c"}
    # the low ranges start at €0: draw them from a twentieth of the smallest past fine
    floor = float(table["fine_eur"].min()) / 20 if len(table) else 1.0
    if column is not None:
        known = table.loc[table[column].notna() & (table[column].astype(float) > 0)]
        ax.scatter(
            known[column].astype(float),
            known["fine_eur"].astype(float),
            color=OTHER,
            s=18,
            label=f"past fines (n = {len(known)})",
        )
        x = float(at)  # type: ignore[arg-type]
        for i, (level, res) in enumerate(estimate.edpb.items()):
            ax.vlines(
                x * (1.12 ** (i - 1)),
                max(res.final.low, floor),
                res.final.high,
                color=colors.get(level, DECISION),
                lw=4,
                label=f"EDPB {level}",
            )
        ax.set_xscale("log")
        ax.set_xlabel(
            "annual turnover (log scale)" if axis == "turnover" else "people affected (log scale)"
        )
        if axis == "turnover":
            ax.xaxis.set_major_formatter(FuncFormatter(_eur))
        if estimate.precedent_interval is not None:
            p10, p50, p90 = estimate.precedent_interval
            ax.errorbar(
                [x * 1.35],
                [p50],
                yerr=[[p50 - p10], [p90 - p50]],
                fmt="D",
                color=HIGHLIGHT,
                capsize=4,
                label="CNIL precedents 10-90 % (median)",
            )
        ax.set_ylabel("fine (log scale)")
    else:
        amounts = table["fine_eur"].astype(float)
        ax.plot(amounts, np.zeros(len(amounts)), "|", color=OTHER, ms=20, label="past fines")
        for i, (level, res) in enumerate(estimate.edpb.items()):
            ax.hlines(
                i + 1, max(res.final.low, floor), res.final.high, lw=6, color=colors.get(level)
            )
        labels = ["past fines", *estimate.edpb]
        if estimate.precedent_interval is not None:
            p10, p50, p90 = estimate.precedent_interval
            ax.errorbar(
                [p50],
                [len(labels)],
                xerr=[[p50 - p10], [p90 - p50]],
                fmt="D",
                color=HIGHLIGHT,
                capsize=4,
                label="CNIL precedents 10-90 % (median)",
            )
            labels.append("precedents")
        ax.set_yticks(range(len(labels)), labels)
        ax.set_xlabel("euros (log scale)")
    scale_axis = ax.yaxis if column is not None else ax.xaxis
    (ax.set_yscale if column is not None else ax.set_xscale)("log")
    scale_axis.set_major_formatter(FuncFormatter(_eur))
    by = {"turnover": "by turnover", "people": "by people affected"}.get(axis, "amounts only")
    ax.set_title(f"A hypothetical case against past fines ({by})", fontsize=10)
    ax.legend(fontsize=7.5, loc="upper left")
    _caption(
        fig,
        f"Case: legal maximum {_eur(estimate.legal_maximum)} ({estimate.tier.basis}); EDPB "
        "ranges without aggravating or mitigating factor.",
    )
    return fig


#: Every figure of the report: file stem → function of the dataset frame.
FIGURES: dict[str, Callable[[pd.DataFrame], Figure]] = {
    "fine_vs_turnover": lambda df: plot_fine_vs_turnover(df, "public"),
    "fine_vs_turnover_decision_only": lambda df: plot_fine_vs_turnover(df, "decision"),
    "fine_vs_people": plot_fine_vs_people,
    "share_of_turnover_ecdf": plot_share_ecdf,
    "yearly_totals": plot_yearly_totals,
    "edpb_vs_actual": plot_edpb_vs_actual,
    "coverage": lambda df: _plot_coverage(df),
}


def _plot_coverage(df: pd.DataFrame) -> Figure:
    from cnil_sanctions.plots_coverage import plot_coverage

    return plot_coverage(df)
