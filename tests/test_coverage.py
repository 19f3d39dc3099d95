"""Coverage of the data against the CNIL's official yearly figures."""

from __future__ import annotations

import pandas as pd
import pytest

from cnil_sanctions import coverage, load_sanctions, load_sanctions_list
from cnil_sanctions.official_figures import official_by_year
from cnil_sanctions.plots_coverage import plot_coverage


def _main(*rows: tuple[str, str, float | None]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["decision_date", "measure_kind", "fine_eur"]).assign(
        fine_eur=lambda d: d["fine_eur"].astype("Float64")
    )


def _list(*rows: tuple[str, str, int | None, str, str, bool]) -> pd.DataFrame:
    df = pd.DataFrame(
        rows,
        columns=[
            "decision_date",
            "measure_kind",
            "amount_eur",
            "procedure",
            "link_status",
            "is_sanction",
        ],
    )
    df["amount_eur"] = df["amount_eur"].astype("Int64")
    return df


def _official(**years: tuple[int | None, int | None]) -> pd.DataFrame:
    idx = [int(y[1:]) for y in years]
    return pd.DataFrame(
        {
            "sanctions": [v[0] for v in years.values()],
            "fines_total_eur": [v[1] for v in years.values()],
            "sanctions_simplified": [None] * len(idx),
        },
        index=idx,
    ).astype("Int64")


def test_coverage_table_rule() -> None:
    # synthetic frames: one complete year, one incomplete, one without an official total
    main = _main(
        ("2030-02-01", "fine", 950.0),
        ("2030-03-01", "injunction_follow_up", None),  # not counted as a sanction
        ("2031-01-01", "fine", 100.0),
        ("2032-01-01", "reprimand", None),
    )
    lst = _list(
        ("2030-05-01", "fine", 50, "simplified", "unlinked", True),
        ("2031-05-01", "fine", 20, "simplified", "unlinked", True),
        ("2031-06-01", "fine", 100, "unknown", "linked", True),  # already in the full texts
        ("2031-07-01", "no_sanction", None, "unknown", "unlinked", False),
    )
    cov = coverage.coverage_by_year(main, lst, _official(y2030=(2, 1000), y2031=(5, 1000)))
    assert cov.loc[2030, "dataset_sanctions"] == 1
    assert cov.loc[2030, "held_sanctions"] == 2
    assert cov.loc[2030, "held_fines_total_eur"] == 1000
    assert cov.loc[2030, "completeness"] == "complete"  # 950 of 1000 ≥ 90 %
    assert cov.loc[2031, "list_sanctions"] == 2  # the no_sanction row is not a sanction
    assert cov.loc[2031, "held_sanctions"] == 2  # the linked row is not counted twice
    assert cov.loc[2031, "held_fines_total_eur"] == 120
    assert cov.loc[2031, "completeness"] == "incomplete"
    assert cov.loc[2032, "completeness"] == "unknown"
    assert coverage.incomplete_years(cov) == [2031, 2032]
    sentence = coverage.coverage_sentence(cov)
    assert "2030: 1 (+1 in the CNIL's list) of 2 sanctions (complete by amount)" in sentence
    assert "2031: 1 (+1 in the CNIL's list) of 5 sanctions (incomplete)" in sentence


def test_shipped_coverage_agrees_with_the_tables() -> None:
    df, lst = load_sanctions(), load_sanctions_list()
    cov = coverage.coverage_by_year(df, lst)
    official = official_by_year()
    for year in official.index:
        assert cov.loc[year, "official_sanctions"] == official.loc[year, "sanctions"]
    assert cov["dataset_sanctions"].sum() <= len(df)
    assert cov["list_sanctions"].sum() == int(lst["is_sanction"].sum())
    # the data never holds more sanctions than the CNIL pronounced
    known = cov.dropna(subset=["official_sanctions"])
    assert (known["held_sanctions"] <= known["official_sanctions"]).all()
    # 2024: the full texts hold almost nothing of the year; the flag says so
    assert cov.loc[2024, "completeness"] == "incomplete"
    lines = coverage.coverage_markdown(cov)
    assert len(lines) == len(cov) + 2 and lines[2].startswith(f"| {cov.index[0]} |")


@pytest.mark.parametrize("year", [2024])
def test_coverage_figure_marks_incomplete_years(year: int) -> None:
    fig = plot_coverage(load_sanctions())
    texts = [t.get_text() for ax in fig.axes for t in ax.texts]
    assert "incomplete" in texts
    assert str(year) in fig._supxlabel.get_text()


def test_yearly_totals_figure_names_the_incomplete_years() -> None:
    from cnil_sanctions import plots

    df = load_sanctions()
    fig = plots.plot_yearly_totals(df)
    caption = fig._supxlabel.get_text()
    missing = coverage.incomplete_years(coverage.coverage_by_year(df))
    assert "Incomplete years" in caption
    assert all(str(y) in caption for y in missing if y >= 2019)
    labels = fig.axes[0].get_legend_handles_labels()[1]
    assert "incomplete year: not the CNIL's total" in labels
