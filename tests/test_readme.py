"""The README stays true: its two set-up commands come first, its headline figures are current."""

from __future__ import annotations

from cnil_sanctions.dataset import load_sanctions
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


def test_readme_lists_every_named_fine_without_a_turnover_basis() -> None:
    df = load_sanctions()
    missing = df[
        df["fine_eur"].notna()
        & ~df["organisation_anonymised"].fillna(True)
        & df["turnover_basis_eur"].isna()
    ]
    block = README.split("<!-- NO-BASIS:START -->", 1)[1].split("<!-- NO-BASIS:END -->", 1)[0]
    listed = [
        line.split("|")[1].strip() for line in block.splitlines() if line.startswith("| SAN-")
    ]
    assert listed == sorted(missing["decision_id"])
