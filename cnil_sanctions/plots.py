"""Figures of the analysis: each function takes the dataset frame and returns a matplotlib Figure.

Figures are built with :class:`matplotlib.figure.Figure` directly (no pyplot state, so no
display backend is needed: they render headless and save with ``fig.savefig``). In every figure
where it has a position the reference case (Dedalus Biologie, SAN-2022-009 by default) is
highlighted and labelled with its figures read from the data.

Figures made not to be misread (issue 16 §7):

* :func:`plot_yearly_totals`: yearly totals on a linear scale, stacked cookies / e-marketing
  (LIL 20) against GDPR, incomplete years hatched, the CNIL's official totals overlaid;
* :func:`plot_fine_vs_turnover_scope`: fine against the undertaking's turnover (the cap basis)
  or the entity's, marker = tier, filled = entity's turnover, hollow = undertaking's, with a
  jackknife+ prediction band;
* :func:`plot_fine_vs_people`: one panel per unit of count (people, accounts, devices…).

:func:`plot_fine_vs_turnover` keeps the older two views of ``turnover_basis_eur`` (decision
figure only, or with public accounts, hollow) for the benchmark pages.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, LogLocator

from cnil_sanctions import analysis, edpb
from cnil_sanctions.analysis import DEDALUS_ID, VIEW_LABELS
from cnil_sanctions.edpb_compare import edpb_vs_actual
from cnil_sanctions.plot_axes import count_tick, eur_tick, log_axes, pct_tick
from cnil_sanctions.uncertainty import jackknife_plus_band, position_words
from cnil_sanctions.views import COOKIE_KIND, GDPR_KIND, KINDS, UNKNOWN_KIND, fine_kind

if TYPE_CHECKING:
    from cnil_sanctions.estimate import FineEstimate

__all__ = [
    "FIGURES",
    "plot_case",
    "plot_edpb_vs_actual",
    "plot_fine_vs_people",
    "plot_fine_vs_turnover",
    "plot_fine_vs_turnover_scope",
    "plot_share_ecdf",
    "plot_yearly_totals",
]

HIGHLIGHT = "#d62728"
DECISION = "#1f77b4"
PUBLIC = "#ff7f0e"
BREACH = "#9467bd"
OTHER = "#7f7f7f"


def _label(ax: Axes, x: float, y: float, text: str, in_layout: bool = True) -> None:
    ax.scatter([x], [y], s=160, facecolors="none", edgecolors=HIGHLIGHT, linewidths=2, zorder=5)
    note = ax.annotate(
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
    note.set_in_layout(in_layout)


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
            label=f"legal maximum {tier.basis} ({eur_tick(tier.static_max_eur)} floor)",
        )
    log_axes(ax, "xy", ticks=eur_tick)
    ax.set_xlabel("annual turnover (log scale)")
    ax.set_ylabel("fine (log scale)")
    ax.set_title(f"Fines against turnover — {VIEW_LABELS[view]}")
    me = _highlight_row(known, highlight)
    if me is not None:
        _label(
            ax,
            float(me["turnover_used_eur"]),
            float(me["fine_eur"]),
            f"{_name(me)}\nfine {eur_tick(float(me['fine_eur']))} = "
            f"{float(me['fine_share_turnover']) * 100:.1f} % of turnover",
        )
    ax.legend(fontsize=7.5, loc="upper left")
    _caption(
        fig,
        f"n = {len(known)} fines with a turnover; {left_out} left out (no turnover). "
        "Lines: LIL art. 20 III cases share the 83(4) maximum.",
    )
    return fig


#: Label of the facet of counts whose unit the decision does not name.
UNIT_NOT_STATED = "unit not stated"


def people_units(df: pd.DataFrame) -> list[str]:
    """The units (``people_affected_unit``) of the fines with a count, largest group first —
    the facets of :func:`plot_fine_vs_people`; counts without a unit form their own facet."""
    table = analysis.fines(df)
    known = table.loc[table["people_affected"].notna() & (table["people_affected"] > 0)]
    units = known["people_affected_unit"].astype("string").fillna(UNIT_NOT_STATED)
    counts = units.value_counts()
    return sorted(counts.index, key=lambda u: (-int(counts[u]), str(u)))


def plot_fine_vs_people(df: pd.DataFrame, highlight: str | None = DEDALUS_ID) -> Figure:
    """Fine against the count of what the breach or processing touched, one panel per unit.

    A decision counts people, customers, accounts, devices, records…: those numbers do not share
    an axis, so each unit (``people_affected_unit``) gets its own panel (log scales, common fine
    axis). Breach cases in a separate colour; hollow points: the decision gives an order of
    magnitude (« près de », « plus de »: ``people_affected_approx``).
    """
    table = analysis.fines(df)
    known = table.loc[table["people_affected"].notna() & (table["people_affected"] > 0)].copy()
    left_out = len(table) - len(known)
    known["unit"] = known["people_affected_unit"].astype("string").fillna(UNIT_NOT_STATED)
    units = people_units(df)
    ncols = max(1, min(4, len(units)))
    nrows = max(1, math.ceil(len(units) / ncols))
    # the legend goes in the first empty cell of the grid, else in a margin on the right
    legend_room = 0.0 if nrows * ncols > len(units) else 2.4
    width, height = 2.6 * ncols + 1 + legend_room, 2.3 * nrows + 1.2
    # fixed margins (inches) instead of a constrained layout: the panels' labels are short and
    # of one format, and laying out a dozen axes took half the time of drawing the figure
    fig = Figure(figsize=(width, height))
    margins = {"left": 0.85 / width, "right": 1 - (0.15 + legend_room) / width}
    margins |= {"top": 1 - 0.8 / height, "bottom": 0.95 / height, "wspace": 0.12, "hspace": 0.5}
    grid = np.atleast_1d(
        fig.subplots(nrows, ncols, sharey=True, squeeze=False, gridspec_kw=margins).ravel()
    )
    spare = list(grid[len(units) :])  # empty cells of the grid: the first holds the legend
    for ax in spare:
        ax.set_axis_off()
    me = _highlight_row(known, highlight)
    for ax, unit in zip(grid, units, strict=False):
        part = known.loc[known["unit"] == unit]
        x = part["people_affected"].astype(float).to_numpy()
        y = part["fine_eur"].astype(float).to_numpy()
        breach = part["data_breach"].astype("boolean").fillna(False).to_numpy(bool)
        approx = part["people_affected_approx"].astype("boolean").fillna(False).to_numpy(bool)
        for mask, color, marker, label in (
            (breach, BREACH, "o", "data breach case"),
            (~breach, OTHER, "s", "other case"),
        ):
            exact, rough = mask & ~approx, mask & approx
            ax.scatter(x[exact], y[exact], color=color, marker=marker, s=22, label=label)
            ax.scatter(
                x[rough],
                y[rough],
                facecolors="none",
                edgecolors=color,
                marker=marker,
                s=22,
                label=f"{label}, approximate count",
            )
        log_axes(ax, "x", minor=False, ticks=count_tick)
        log_axes(ax, "y", minor=False, ticks=eur_tick)
        lo, hi = ax.get_xlim()
        if hi < 10 * lo:  # less than a decade: widen to 1.5 decades so that a tick shows
            centre = math.sqrt(lo * hi)
            ax.set_xlim(centre / 10**0.75, centre * 10**0.75)
        ax.xaxis.set_major_locator(LogLocator(numticks=4))
        ax.set_title(f"{unit} (n = {len(part)})", fontsize=9)
        ax.tick_params(labelsize=7)
        if me is not None and me["unit"] == unit:
            _label(
                ax,
                float(me["people_affected"]),
                float(me["fine_eur"]),
                f"{_name(me)}\n{int(me['people_affected']):,} {unit}",
                in_layout=False,  # the label may overlap the next panel, not push it away
            )
    handles: dict[str, Artist] = {}
    for ax in grid[: len(units)]:
        for h, lb in zip(*ax.get_legend_handles_labels(), strict=True):
            handles.setdefault(lb, h)
    if handles and spare:
        spare[0].legend(list(handles.values()), list(handles), fontsize=7.5, loc="center")
    elif handles:
        fig.legend(
            list(handles.values()),
            list(handles),
            fontsize=7.5,
            loc="center right",
            bbox_to_anchor=(1 - 0.1 / width, 0.5),
        )
    fig.suptitle("Fines against the count each decision gives, one panel per unit", fontsize=10)
    fig.supylabel("fine (log scale)", fontsize=9)
    caption = (
        f"n = {len(known)} fines with a count, in {len(units)} units; {left_out} left out (no "
        "count in the decision). x axes: the count, log scale, not comparable across panels."
    )
    # no layout engine to make room: the caption is wrapped to the figure's width
    _caption(fig, "\n".join(textwrap.wrap(caption, width=int(width * 15))))
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
    log_axes(ax, "x", ticks=pct_tick)
    ax.set_xlabel("fine as a share of annual turnover (log scale)")
    ax.set_ylabel("share of fines at or below")
    ax.set_title("How large are fines relative to turnover?")
    ax.legend(fontsize=8, loc="upper left")
    _caption(fig, "; ".join(notes))
    return fig


#: Colours of the stacked kinds of fine (:func:`cnil_sanctions.views.fine_kind`).
KIND_COLORS = {GDPR_KIND: DECISION, COOKIE_KIND: "#2ca02c", UNKNOWN_KIND: "#c7c7c7"}
OFFICIAL_COLOR = "black"


def plot_yearly_totals(
    df: pd.DataFrame, highlight: str | None = DEDALUS_ID, coverage: pd.DataFrame | None = None
) -> Figure:
    """Total fines per year of decision on a linear scale, stacked by kind — cookies and
    e-marketing (capped by LIL art. 20 III) against GDPR — with the CNIL's official yearly
    total overlaid (:mod:`cnil_sanctions.official_figures`).

    Years whose data is incomplete against the official figures
    (:func:`cnil_sanctions.coverage.coverage_by_year`) are hatched and named in the caption.
    The number of fines is written above each bar.
    """
    from cnil_sanctions.coverage import coverage_by_year, incomplete_years

    cov = coverage_by_year(df) if coverage is None else coverage
    missing = incomplete_years(cov)
    fined = analysis.fines(df)
    fined = fined.assign(
        year=pd.to_datetime(fined["decision_date"]).dt.year.astype(int),
        kind=fine_kind(fined),
        amount=fined["fine_eur"].astype(float),
    )
    by = fined.pivot_table(
        index="year", columns="kind", values="amount", aggfunc="sum", fill_value=0.0
    )
    official = cov["official_fines_total_eur"].astype("Float64")
    years = sorted(set(by.index) | {int(y) for y in official.dropna().index})
    by = by.reindex(index=years, fill_value=0.0)
    counts = fined.groupby("year").size().reindex(years, fill_value=0)
    partial = np.isin(years, missing)
    fig = Figure(figsize=(8.5, 4.8), layout="constrained")
    ax = fig.subplots()
    bottom = np.zeros(len(years))
    for kind in KINDS:
        if kind not in by.columns:
            continue
        heights = by[kind].to_numpy(float)
        labelled = False
        for sel, hatch in ((~partial, None), (partial, "///")):
            if not sel.any():
                continue
            ax.bar(
                np.asarray(years)[sel],
                heights[sel],
                bottom=bottom[sel],
                color=KIND_COLORS[kind],
                edgecolor="white",
                hatch=hatch,
                label=None if labelled else kind,
            )
            labelled = True
        bottom += heights
    if partial.any():
        ax.bar(
            [np.nan],
            [np.nan],
            color="white",
            edgecolor="#555555",
            hatch="///",
            label="incomplete year: not the CNIL's total",
        )
    off = official.reindex(years).to_numpy(float, na_value=np.nan)
    has = ~np.isnan(off)
    ax.hlines(
        off[has],
        np.asarray(years)[has] - 0.42,
        np.asarray(years)[has] + 0.42,
        color=OFFICIAL_COLOR,
        lw=2,
        label="CNIL official total of the year",
    )
    top = float(np.nanmax(np.concatenate([bottom, off[has], [1.0]])))
    for year, total, count in zip(years, bottom, counts, strict=True):
        ax.text(year, total + top * 0.015, f"{count} fines", ha="center", fontsize=7.5)
    me = _highlight_row(fined, highlight)
    if me is not None:
        year, amount = int(me["year"]), float(me["amount"])
        ax.bar([year], [amount], width=0.18, color=HIGHLIGHT, label=f"of which {_name(me)}")
        ax.annotate(
            eur_tick(amount),
            (year + 0.1, amount),
            xytext=(8, 6),
            textcoords="offset points",
            color=HIGHLIGHT,
            fontsize=8,
        )
    ax.set_ylim(0, top * 1.3)  # room for the legend above the bars
    ax.yaxis.set_major_formatter(FuncFormatter(eur_tick))
    ax.set_xticks(years)
    ax.set_xlabel("year of decision")
    ax.set_ylabel("total fines (linear scale)")
    ax.set_title("Total fines pronounced per year: cookies / e-marketing and GDPR")
    ax.legend(fontsize=7.5, loc="upper left")
    note = (
        f"\nIncomplete years (hatched: the full texts hold less than the CNIL's official total, "
        f"or no official total is sourced): {', '.join(map(str, np.asarray(years)[partial]))}."
        if partial.any()
        else "\nEvery year shown is complete against the CNIL's official total."
    )
    _caption(
        fig,
        f"{len(fined)} fines of the full-text dataset, pronounced amounts; black lines: the "
        "CNIL's official yearly totals (data/reference/cnil_official_yearly.csv)." + note,
    )
    return fig


#: Turnover bases of :func:`plot_fine_vs_turnover_scope`: basis → (amount, origin, scope
#: columns, words for the caption).
TURNOVER_BASES: dict[str, tuple[str, str, str | None, str]] = {
    "undertaking": (
        "turnover_cap_basis_eur",
        "turnover_cap_basis_origin",
        "turnover_cap_basis_scope",
        "the undertaking's (group's) turnover where known, else the sanctioned entity's\n"
        "(turnover_cap_basis_eur, the basis of the art. 83 maximum)",
    ),
    "entity": (
        "turnover_entity_eur",
        "turnover_entity_origin",
        None,
        "the sanctioned entity's own turnover (turnover_entity_eur)",
    ),
}
#: Marker of each cap tier (``cap_tier``); fines whose tier was not read get "X".
TIER_MARKERS = {"GDPR 83(4)": "o", "GDPR 83(5)": "s", "LIL 20": "^"}
BAND_LEVEL = 0.9


def _band(x: np.ndarray, y: np.ndarray, grid: np.ndarray, level: float) -> np.ndarray:
    """Jackknife+ bounds (log10) of ``y`` at each point of ``grid`` (log10), shape (len, 2)."""
    out = np.empty((len(grid), 2))
    for i, g in enumerate(grid):
        band = jackknife_plus_band(x, y, float(g), level)
        out[i] = band.low, band.high
    return out


def plot_fine_vs_turnover_scope(
    df: pd.DataFrame,
    basis: str = "undertaking",
    highlight: str | None = DEDALUS_ID,
    level: float = BAND_LEVEL,
) -> Figure:
    """Log-log fine against turnover, each point coded by what it is.

    ``basis="undertaking"`` (default): ``turnover_cap_basis_eur``, the undertaking's turnover
    where known, else the entity's — the turnover GDPR art. 83 and the EDPB method use;
    ``basis="entity"``: the sanctioned company's own turnover. Marker: the cap tier; filled
    point: an entity's turnover, hollow: an undertaking's (group's); colour: stated in the
    decision or taken from public accounts. Shaded: the jackknife+ ``level`` prediction band of
    log fine given log turnover (:func:`cnil_sanctions.uncertainty.jackknife_plus_band`); lines:
    2 % / 4 % of turnover and the legal maxima of art. 83(4) and 83(5).
    """
    if basis not in TURNOVER_BASES:
        raise ValueError(f"basis must be one of {sorted(TURNOVER_BASES)}, got {basis!r}")
    amount_col, origin_col, scope_col, words = TURNOVER_BASES[basis]
    table = analysis.fines(df)
    turnover = pd.to_numeric(table[amount_col]).astype("Float64")
    known = table.loc[(turnover > 0).fillna(False).to_numpy(bool)].copy()
    known["turnover"] = turnover[known.index].astype(float)
    known["scope"] = known[scope_col].astype("string").fillna("entity") if scope_col else "entity"
    known["origin"] = known[origin_col].astype("string")
    bound = pd.Series(
        np.where(
            known["scope"] == "undertaking",
            known["turnover_undertaking_bound"].astype("string").fillna(""),
            known["turnover_entity_bound"].astype("string").fillna(""),
        ),
        index=known.index,
    )
    lower = (bound == "lower").to_numpy(bool)
    left_out = len(table) - len(known)
    x = known["turnover"].to_numpy(float)
    y = known["fine_eur"].astype(float).to_numpy()
    fig = Figure(figsize=(8.5, 6), layout="constrained")
    ax = fig.subplots()
    lo = min(float(x.min()), 1e5) / 2 if len(x) else 1e5
    hi = max(float(x.max()), 1e11) * 2 if len(x) else 1e12
    band_note = "no band (fewer than 3 points)"
    banded = False
    if len(x) >= 3 and np.ptp(np.log10(x)) > 0:
        grid = np.linspace(np.log10(x.min()), np.log10(x.max()), 60)
        bounds = _band(np.log10(x), np.log10(y), grid, level)
        finite = np.isfinite(bounds).all(axis=1)
        ax.fill_between(
            10 ** grid[finite],
            10 ** bounds[finite, 0],
            10 ** bounds[finite, 1],
            color="#cccccc",
            alpha=0.5,
            lw=0,
            label=f"jackknife+ {level:.0%} prediction band",
        )
        banded = True
        band_note = (
            f"Band: jackknife+ {level:.0%} prediction interval of log fine given log turnover "
            f"(least-squares line, n = {len(x)}), drawn over the observed turnovers"
        )
    tiers = known["cap_tier"].astype("string")
    for tier in [*TIER_MARKERS, None]:
        in_tier = (tiers.isna() if tier is None else tiers == tier).fillna(False).to_numpy(bool)
        marker = TIER_MARKERS.get(tier, "X") if tier is not None else "X"
        for origin, color in (("decision", DECISION), ("public_accounts", PUBLIC)):
            for scope, filled in (("entity", True), ("undertaking", False)):
                sel = (
                    in_tier
                    & (known["origin"] == origin).fillna(False).to_numpy(bool)
                    & (known["scope"] == scope).to_numpy(bool)
                )
                if sel.any():
                    ax.scatter(
                        x[sel],
                        y[sel],
                        marker=marker,
                        s=36,
                        color=color if filled else None,
                        facecolors=color if filled else "none",
                        edgecolors=color,
                        linewidths=1.4,
                        zorder=3,
                    )
    grid_eur = np.geomspace(lo, hi, 200)
    for cap, style in ((edpb.TIER_83_4, "#2ca02c"), (edpb.TIER_83_5, "#8c564b")):
        share = cap.turnover_share
        ax.plot(grid_eur, share * grid_eur, ls="--", lw=1, color=style)
        ax.plot(grid_eur, np.maximum(cap.static_max_eur, share * grid_eur), lw=1.5, color=style)
    log_axes(ax, "xy", ticks=eur_tick)
    ax.set_xlabel(f"annual turnover, {basis} basis (log scale)")
    ax.set_ylabel("fine (log scale)")
    ax.set_title(f"Fines against the {basis}'s turnover, by tier and turnover scope")
    ax.legend(
        handles=_scope_legend(tiers, known, level, banded), fontsize=7, loc="upper left", ncols=2
    )
    me = _highlight_row(known, highlight)
    if me is not None:
        tx, fy = float(me["turnover"]), float(me["fine_eur"])
        keep = (known["decision_id"] != me["decision_id"]).to_numpy(bool)
        where = ""
        if keep.sum() >= 3:
            own = jackknife_plus_band(np.log10(x[keep]), np.log10(y[keep]), np.log10(tx), level)
            where = "\n" + position_words(
                np.log10(fy), own, f"the {level:.0%} band of the other fines"
            )
        _label(
            ax,
            tx,
            fy,
            f"{_name(me)}\nfine {eur_tick(fy)} = {fy / tx * 100:.2g} % of its {me['scope']}'s "
            f"turnover ({eur_tick(tx)}){where}",
        )
    for tx, fy in zip(x[lower], y[lower], strict=True):  # « plus de »: the point may lie further
        ax.annotate(
            "",
            (tx * 2.5, fy),
            xytext=(tx * 1.15, fy),
            arrowprops={"arrowstyle": "->", "color": "#444444", "lw": 1},
        )
    scopes = known["scope"].value_counts()
    bound_note = (
        f" {int(lower.sum())} turnover(s) are lower bounds (« plus de »): arrow to the right."
        if lower.any()
        else ""
    )
    _caption(
        fig,
        f"n = {len(known)} fines with a turnover ({int(scopes.get('undertaking', 0))} on an "
        f"undertaking's, {int(scopes.get('entity', 0))} on an entity's); {left_out} left out "
        f"(no turnover).{bound_note}\nTurnover used: {words}.\n{band_note}.\nLines: 2 % / 4 % of turnover "
        "(dashed) and the legal maxima (solid); LIL art. 20 III cases share the 83(4) maximum.",
    )
    return fig


def _scope_legend(
    tiers: pd.Series, known: pd.DataFrame, level: float, banded: bool
) -> list[Artist]:
    """Legend handles: one per tier marker, scope fill, origin colour, band and lines."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles: list[Artist] = []
    present = set(tiers.dropna())
    for tier, marker in TIER_MARKERS.items():
        if tier in present:
            handles.append(Line2D([], [], ls="", marker=marker, color="#444444", label=tier))
    if tiers.isna().any():
        handles.append(Line2D([], [], ls="", marker="X", color="#444444", label="tier not read"))
    for scope, filled in (("entity", True), ("undertaking", False)):
        if (known["scope"] == scope).any():
            handles.append(
                Line2D(
                    [],
                    [],
                    ls="",
                    marker="o",
                    markerfacecolor="#444444" if filled else "none",
                    markeredgecolor="#444444",
                    label=f"{scope}'s turnover" + (" (filled)" if filled else " (hollow)"),
                )
            )
    for origin, color in (("decision", DECISION), ("public_accounts", PUBLIC)):
        if (known["origin"] == origin).any():
            words = "in the decision" if origin == "decision" else "from public accounts"
            handles.append(Patch(color=color, label=f"turnover {words}"))
    if banded:
        handles.append(Patch(color="#cccccc", label=f"jackknife+ {level:.0%} prediction band"))
    for cap, style in ((edpb.TIER_83_4, "#2ca02c"), (edpb.TIER_83_5, "#8c564b")):
        handles.append(Line2D([], [], color=style, lw=1.5, label=f"legal maximum {cap.basis}"))
        handles.append(
            Line2D(
                [], [], color=style, lw=1, ls="--", label=f"{cap.turnover_share:.0%} of turnover"
            )
        )
    return handles


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
    log_axes(ax, "x", ticks=eur_tick)
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
        log_axes(ax, "x", ticks=eur_tick if axis == "turnover" else None)
        ax.set_xlabel(
            "annual turnover (log scale)" if axis == "turnover" else "people affected (log scale)"
        )
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
    log_axes(ax, "y" if column is not None else "x", ticks=eur_tick)
    by = {"turnover": "by turnover", "people": "by people affected"}.get(axis, "amounts only")
    ax.set_title(f"A hypothetical case against past fines ({by})", fontsize=10)
    ax.legend(fontsize=7.5, loc="upper left")
    _caption(
        fig,
        f"Case: legal maximum {eur_tick(estimate.legal_maximum)} ({estimate.tier.basis}); EDPB "
        "ranges without aggravating or mitigating factor.",
    )
    return fig


#: Every figure of the report: file stem → function of the dataset frame.
FIGURES: dict[str, Callable[[pd.DataFrame], Figure]] = {
    "fine_vs_turnover": lambda df: plot_fine_vs_turnover_scope(df, "undertaking"),
    "fine_vs_entity_turnover": lambda df: plot_fine_vs_turnover_scope(df, "entity"),
    "fine_vs_people": plot_fine_vs_people,
    "share_of_turnover_ecdf": plot_share_ecdf,
    "yearly_totals": plot_yearly_totals,
    "edpb_vs_actual": plot_edpb_vs_actual,
    "coverage": lambda df: _plot_coverage(df),
}


def _plot_coverage(df: pd.DataFrame) -> Figure:
    from cnil_sanctions.plots_coverage import plot_coverage

    return plot_coverage(df)
