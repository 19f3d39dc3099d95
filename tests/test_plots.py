"""Plot functions on a SYNTHETIC frame: they return Figures, mark the reference case, save PNGs."""

from __future__ import annotations

import pytest
from matplotlib.figure import Figure

from cnil_sanctions import plots
from tests.analysis_frames import REF_ID, sample_frame


@pytest.fixture(scope="module")
def df():
    return sample_frame()


def _texts(fig: Figure) -> str:
    parts = [t.get_text() for ax in fig.axes for t in ax.texts]
    parts += [t.get_text() for ax in fig.axes for t in ax.get_yticklabels()]
    parts += [lb for ax in fig.axes for lb in ax.get_legend_handles_labels()[1]]
    if fig._supxlabel is not None:
        parts.append(fig._supxlabel.get_text())
    return "\n".join(parts)


@pytest.mark.parametrize("name", sorted(plots.FIGURES))
def test_every_figure_renders_and_marks_the_reference(df, name, tmp_path):
    fig = {
        "fine_vs_turnover": lambda: plots.plot_fine_vs_turnover(df, "public", REF_ID),
        "fine_vs_turnover_decision_only": lambda: plots.plot_fine_vs_turnover(
            df, "decision", REF_ID
        ),
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
