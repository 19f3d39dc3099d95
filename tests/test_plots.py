"""Plot functions on a SYNTHETIC frame and on the shipped data: they return Figures, mark the
reference case, save PNGs; the figures of issue 16 §7 show what they say (linear scale, hatched
incomplete years, official totals, one panel per unit, tier markers, scope fill, jackknife+ band).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import PathCollection, PolyCollection
from matplotlib.figure import Figure

from cnil_sanctions import coverage, load_sanctions, plots
from cnil_sanctions.plot_axes import LOG_MINOR_SUBS, eur_tick, log_axes
from cnil_sanctions.uncertainty import jackknife_plus_band
from tests.analysis_frames import REF_ID, make_frame, sample_frame


def _with_cap_basis(frame: pd.DataFrame) -> pd.DataFrame:
    """The synthetic frame with the two-turnover columns: decision figures are the entity's,
    public-accounts figures the undertaking's (as in the shipped data)."""
    out = frame.copy()
    public = (out["turnover_basis_origin"] == "public_accounts").fillna(False).to_numpy(bool)
    out["turnover_cap_basis_eur"] = out["turnover_basis_eur"]
    out["turnover_cap_basis_origin"] = out["turnover_basis_origin"]
    scope = np.where(public, "undertaking", "entity")
    out["turnover_cap_basis_scope"] = pd.array(
        np.where(out["turnover_basis_eur"].isna(), None, scope), dtype="string"
    )
    out["turnover_entity_eur"] = out["turnover_basis_eur"].where(~public)
    out["turnover_entity_origin"] = out["turnover_basis_origin"].where(~public)
    return out


@pytest.fixture(scope="module")
def df():
    return _with_cap_basis(sample_frame())


@pytest.fixture(scope="module")
def shipped():
    return load_sanctions()


def _texts(fig: Figure) -> str:
    parts = [t.get_text() for ax in fig.axes for t in ax.texts]
    parts += [t.get_text() for ax in fig.axes for t in ax.get_yticklabels()]
    parts += [lb for ax in fig.axes for lb in ax.get_legend_handles_labels()[1]]
    parts += [t.get_text() for ax in fig.axes if ax.get_legend() for t in ax.get_legend().texts]
    parts += [ax.get_title() for ax in fig.axes]
    if fig._supxlabel is not None:
        parts.append(fig._supxlabel.get_text())
    return "\n".join(parts)


@pytest.mark.parametrize("name", sorted(plots.FIGURES))
def test_every_figure_renders_and_marks_the_reference(df, name, tmp_path):
    fig = {
        "fine_vs_turnover": lambda: plots.plot_fine_vs_turnover_scope(df, "undertaking", REF_ID),
        "fine_vs_entity_turnover": lambda: plots.plot_fine_vs_turnover_scope(df, "entity", REF_ID),
        "fine_vs_people": lambda: plots.plot_fine_vs_people(df, REF_ID),
        "share_of_turnover_ecdf": lambda: plots.plot_share_ecdf(df, REF_ID),
        "yearly_totals": lambda: plots.plot_yearly_totals(df, REF_ID),
        "edpb_vs_actual": lambda: plots.plot_edpb_vs_actual(df, "public", REF_ID),
        "coverage": lambda: plots.FIGURES["coverage"](df),
    }[name]()
    assert isinstance(fig, Figure) and fig.axes
    if name != "coverage":  # the coverage figure is per year, it has no place for one case
        assert "Synthetic Reference" in _texts(fig) or REF_ID in _texts(fig)
    out = tmp_path / f"{name}.png"
    fig.savefig(out, dpi=50)
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_fine_vs_turnover_states_sample_and_share(df):
    fig = plots.plot_fine_vs_turnover(df, "public", REF_ID)
    text = _texts(fig)
    assert "n = 11 fines with a turnover; 1 left out" in text
    assert "9.2 % of turnover" in text  # 1.5M / 16.3M
    labels = fig.axes[0].get_legend_handles_labels()[1]
    assert "turnover from public accounts" in labels
    assert any("€20M floor" in lb for lb in labels) and "2 % of turnover" in labels
    only = plots.plot_fine_vs_turnover(df, "decision", REF_ID)
    assert "turnover from public accounts" not in only.axes[0].get_legend_handles_labels()[1]
    assert "n = 8 fines" in _texts(only)


def test_no_highlight_when_absent(df):
    fig = plots.plot_fine_vs_people(df, highlight="SAN-2090-999")
    assert "Synthetic Reference" not in _texts(fig)


@pytest.mark.parametrize("name", sorted(plots.FIGURES))
def test_every_figure_builds_from_the_shipped_data(shipped, name):
    fig = plots.FIGURES[name](shipped)
    assert isinstance(fig, Figure) and fig.axes
    if name != "coverage":
        assert "SAN-2022-009" in _texts(fig)  # Dedalus stays highlighted
    # one rule for log axes (plot_axes.log_axes): none keeps matplotlib's 2×…9× minor ticks
    for ax in fig.axes:
        for axis, scale in ((ax.xaxis, ax.get_xscale()), (ax.yaxis, ax.get_yscale())):
            if scale == "log":
                subs = getattr(axis.get_minor_locator(), "_subs", None)
                assert subs is None or list(subs) == list(LOG_MINOR_SUBS), (name, subs)


# --- yearly totals: linear, stacked, hatched incomplete years, official totals ---------------


def _yearly_frame() -> pd.DataFrame:
    """Hand-made: 2030 a GDPR and a cookie fine, 2031 one GDPR fine, 2032 one without a tier."""
    return make_frame(
        [
            {"decision_date": "2030-03-01", "fine_eur": 100, "cap_tier": "GDPR 83(5)"},
            {"decision_date": "2030-06-01", "fine_eur": 50, "cap_tier": "LIL 20"},
            {"decision_date": "2031-03-01", "fine_eur": 70, "cap_tier": "GDPR 83(4)"},
            {"decision_date": "2032-03-01", "fine_eur": 30, "cap_tier": None},
            {"decision_date": "2032-04-01", "measure_kind": "reprimand"},
        ]
    )


def _coverage(**years: tuple[float | None, str]) -> pd.DataFrame:
    """A coverage table with only what the figure reads: official total and completeness."""
    idx = [int(y[1:]) for y in years]
    return pd.DataFrame(
        {
            "official_fines_total_eur": pd.array([v[0] for v in years.values()], dtype="Int64"),
            "completeness": [v[1] for v in years.values()],
        },
        index=pd.Index(idx, name="year"),
    )


def _bars(fig: Figure) -> list[tuple[float, float, float, str | None]]:
    """(x centre, bottom, height, hatch) of every drawn bar of the first axes."""
    out = []
    for patch in fig.axes[0].patches:
        x, y, w, h = patch.get_x(), patch.get_y(), patch.get_width(), patch.get_height()
        if not math.isnan(x) and h > 0:
            out.append((round(x + w / 2, 6), y, h, patch.get_hatch()))
    return out


def test_yearly_totals_linear_stacked_hatched_and_official():
    cov = _coverage(y2030=(200, "complete"), y2031=(500, "incomplete"), y2032=(None, "unknown"))
    fig = plots.plot_yearly_totals(_yearly_frame(), highlight=None, coverage=cov)
    ax = fig.axes[0]
    assert ax.get_yscale() == "linear"
    bars = _bars(fig)
    hatched = sorted({x for x, _, _, hatch in bars if hatch})
    assert hatched == [2031.0, 2032.0] == [float(y) for y in coverage.incomplete_years(cov)]
    assert not [b for b in bars if b[0] == 2030.0 and b[3]]
    # 2030: GDPR 100 at the bottom, cookies 50 stacked on it
    y2030 = sorted((bottom, height) for x, bottom, height, _ in bars if x == 2030.0)
    assert y2030 == [(0.0, 100.0), (100.0, 50.0)]
    # official totals drawn where known, none for 2032
    lines = [c for c in ax.collections if c.get_label() == "CNIL official total of the year"]
    segments = lines[0].get_segments()
    assert sorted(float(s[0][1]) for s in segments) == [200.0, 500.0]
    caption = fig._supxlabel.get_text()
    assert "Incomplete years" in caption and "2031, 2032" in caption
    labels = ax.get_legend_handles_labels()[1]
    assert {"GDPR", "cookies / e-marketing (LIL 20)", "tier unknown"} <= set(labels)


def test_yearly_totals_hatches_the_incomplete_years_of_the_shipped_data(shipped):
    cov = coverage.coverage_by_year(shipped)
    fig = plots.plot_yearly_totals(shipped, coverage=cov)
    hatched = {int(x) for x, _, _, hatch in _bars(fig) if hatch}
    drawn = {int(x) for x, _, _, _ in _bars(fig)}
    assert hatched == set(coverage.incomplete_years(cov)) & drawn
    assert fig.axes[0].get_yscale() == "linear"


# --- fine vs turnover: tier markers, scope fill, jackknife+ band ------------------------------


def _points(fig: Figure) -> list[PathCollection]:
    return [c for c in fig.axes[0].collections if isinstance(c, PathCollection)]


def test_fine_vs_turnover_scope_codes_scope_and_states_n(df):
    fig = plots.plot_fine_vs_turnover_scope(df, "undertaking", REF_ID)
    known = df.loc[df["fine_eur"].notna() & df["turnover_cap_basis_eur"].notna()]
    scopes = known["turnover_cap_basis_scope"].value_counts()
    hollow = filled = 0
    for coll in _points(fig):
        if coll.get_sizes()[0] > 100:  # the highlight ring
            continue
        n = len(coll.get_offsets())
        if len(coll.get_facecolors()) == 0 or coll.get_facecolors()[0][3] == 0:
            hollow += n
        else:
            filled += n
    assert (filled, hollow) == (scopes["entity"], scopes["undertaking"])
    text = _texts(fig)
    assert f"n = {len(known)} fines with a turnover" in text
    assert "turnover_cap_basis_eur" in text
    assert "GDPR 83(4)" in text and "GDPR 83(5)" in text  # tier markers in the legend
    assert "9.2 % of its entity's turnover" in text  # 1.5M / 16.3M


def test_fine_vs_turnover_band_is_the_jackknife_plus_band(df):
    fig = plots.plot_fine_vs_turnover_scope(df, "undertaking", None)
    band = [c for c in fig.axes[0].collections if isinstance(c, PolyCollection)]
    assert len(band) == 1
    known = df.loc[df["fine_eur"].notna() & df["turnover_cap_basis_eur"].notna()]
    x = np.log10(known["turnover_cap_basis_eur"].astype(float).to_numpy())
    y = np.log10(known["fine_eur"].astype(float).to_numpy())
    verts = band[0].get_paths()[0].vertices
    x0 = verts[1, 0]  # a grid point of the lower edge
    expected = jackknife_plus_band(x, y, float(np.log10(x0)), 0.9)
    lower = verts[(verts[:, 0] == x0)][:, 1]
    assert np.isclose(lower.min(), 10**expected.low)
    assert np.isclose(lower.max(), 10**expected.high)


def test_fine_vs_turnover_scope_rejects_an_unknown_basis(df):
    with pytest.raises(ValueError, match="basis"):
        plots.plot_fine_vs_turnover_scope(df, "group")


# --- people affected: one panel per unit -----------------------------------------------------


def _titles(fig: Figure) -> list[str]:
    return [ax.get_title() for ax in fig.axes if ax.axison]


def test_people_facets_are_the_units_present():
    frame = make_frame(
        [
            {"fine_eur": 10, "people_affected": 100, "people_affected_unit": "people"},
            {"fine_eur": 20, "people_affected": 300, "people_affected_unit": "people"},
            {"fine_eur": 30, "people_affected": 5, "people_affected_unit": "devices"},
            {"fine_eur": 40, "people_affected": 7, "people_affected_unit": None},
            {"fine_eur": 50, "people_affected": None, "people_affected_unit": None},
        ]
    )
    fig = plots.plot_fine_vs_people(frame, highlight=None)
    assert _titles(fig) == ["people (n = 2)", "devices (n = 1)", "unit not stated (n = 1)"]
    assert "1 left out" in fig._supxlabel.get_text()


def test_people_facets_of_the_shipped_data(shipped):
    fig = plots.plot_fine_vs_people(shipped)
    table = shipped.loc[
        (shipped["measure_kind"] == "fine")
        & shipped["fine_eur"].notna()
        & (shipped["people_affected"] > 0).fillna(False)
    ]
    units = set(table["people_affected_unit"].astype("string").fillna(plots.UNIT_NOT_STATED))
    assert {t.split(" (n = ")[0] for t in _titles(fig)} == units
    assert sum(int(t.split("n = ")[1].rstrip(")")) for t in _titles(fig)) == len(table)


def test_fine_vs_turnover_scope_marks_lower_bounds(df):
    frame = df.copy()
    undertaking = frame.index[frame["turnover_cap_basis_scope"] == "undertaking"][:2]
    frame.loc[undertaking, "turnover_undertaking_bound"] = "lower"
    frame.loc[frame.index[0], "turnover_entity_bound"] = "lower"  # an entity-basis point: shown
    fig = plots.plot_fine_vs_turnover_scope(frame, "undertaking", None)
    expected = len(undertaking) + int(
        frame.loc[frame.index[0], "turnover_cap_basis_scope"] == "entity"
    )
    assert f"{expected} turnover(s) are lower bounds" in fig._supxlabel.get_text()
    arrows = [t for t in fig.axes[0].texts if t.arrow_patch is not None and not t.get_text()]
    assert len(arrows) == expected


# --------------------------------------------------------------------------------- log axes


@pytest.mark.parametrize(
    ("minor", "expected_minor"),
    [(True, [2e3, 5e3, 2e4, 5e4]), (False, [])],
)
def test_log_axes_minor_ticks_at_2_and_5_or_none(minor, expected_minor):
    fig = Figure()
    ax = fig.subplots()
    ax.plot([1e3, 1e5], [1, 2])
    log_axes(ax, "x", minor=minor)
    ax.set_xlim(1e3, 1e5)
    assert ax.get_xscale() == "log" and ax.get_yscale() == "linear"
    ticks = [t for t in ax.xaxis.get_minorticklocs() if 1e3 <= t <= 1e5]
    assert ticks == pytest.approx(expected_minor)


@pytest.mark.parametrize(
    ("value", "tick"), [(1.5e6, "€1.5M"), (2e4, "€20k"), (3e9, "€3bn"), (500, "€500")]
)
def test_euro_tick_labels(value, tick):
    assert eur_tick(value) == tick


def test_log_axes_refuses_an_unknown_axis():
    ax = Figure().subplots()
    with pytest.raises(ValueError, match="'z'"):
        log_axes(ax, "z")
