"""The README stays true: its two set-up commands come first, its headline figures are current."""

from __future__ import annotations

import pytest

from cnil_sanctions import readme
from cnil_sanctions.dataset import load_sanctions
from cnil_sanctions.errors import CnilSanctionsError
from cnil_sanctions.public_turnover import load_no_basis, named_fines_without_basis
from cnil_sanctions.report import README_END, README_FIGURE, README_START, readme_block
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_first_commands_are_make_report_and_make_test() -> None:
    first_block = README.split("```sh", 1)[1].split("```", 1)[0]
    commands = [
        line.split("#")[0].strip()
        for line in first_block.splitlines()
        if line.strip().startswith("make")
    ]
    assert commands[:2] == ["make report", "make test"]


def test_headline_block_matches_the_dataset() -> None:
    start, end = README.index(README_START), README.index(README_END) + len(README_END)
    assert README[start:end] == readme_block(load_sanctions()), "run `make readme`"
    assert (ROOT / README_FIGURE).exists()


def test_ci_runs_the_readme_test_command() -> None:
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_generated_lists_are_current() -> None:
    """The no-turnover table and the accuracy targets are rendered from their one file (the
    accuracy table is checked in tests/test_gold.py, with the scores computed there)."""
    rendered = readme.render(README, load_sanctions(), skip=frozenset({"ACCURACY"}))
    assert rendered == README, "run `make readme`"


def test_the_no_basis_list_matches_the_dataset() -> None:
    assert list(load_no_basis()) == named_fines_without_basis(load_sanctions())


def test_a_stale_no_basis_list_stops_make_readme(monkeypatch) -> None:
    df = load_sanctions()
    one = named_fines_without_basis(df)[0]
    df.loc[df["decision_id"] == one, "turnover_basis_eur"] = 1_000_000
    with pytest.raises(CnilSanctionsError, match=rf"lists \['{one}'\] that have a basis"):
        readme.no_basis_table(df)


def test_the_pooled_first_run_rows_are_read_from_the_log(tmp_path) -> None:
    from cnil_sanctions.evaluation import FIRST_RUN_LOG, pooled_first_run

    heading, rows = pooled_first_run()
    assert heading.startswith("All held-out batches pooled, first runs only")
    assert all("*" not in v for v in rows.values())
    broken = tmp_path / "evaluation.md"
    broken.write_text(FIRST_RUN_LOG.read_text(encoding="utf-8").replace("fine_eur exact |", "x |"))
    with pytest.raises(ValueError, match="lacks the rows"):
        pooled_first_run(broken)
