"""The appeals table (data/reference/appeals.csv) and its join into the dataset."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from cnil_sanctions.appeals import (
    APPEAL_FIELDS,
    APPEAL_REFERENCE_FIELDS,
    APPEALS_PATH,
    INPUT_COLUMNS,
    add_appeals,
    load_appeals,
)
from cnil_sanctions.public_turnover import ReferenceFormatError, quote_supports_revenue


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return load_appeals()


def test_every_row_has_a_source_a_quote_and_its_amount_in_the_quote(table: pd.DataFrame) -> None:
    assert APPEALS_PATH.is_file() and len(table) >= 6
    for _, row in table.iterrows():
        assert row["source_url"].startswith("http") and row["quote"]
        assert row["case_number"] in row["case_source_url"]
        assert quote_supports_revenue(row["quote"], int(row["fine_after_appeal_eur"])), row[
            "decision_id"
        ]


@pytest.mark.parametrize(
    ("decision_id", "case", "outcome", "before", "after"),
    [
        ("SAN-2023-021", "492830", "fine_reduced", 32_000_000, 15_000_000),
        ("SAN-2023-009", "482872", "rejected", 40_000_000, 40_000_000),
        ("SAN-2020-013", "451423", "rejected", 35_000_000, 35_000_000),
    ],
)
def test_known_rulings(
    table: pd.DataFrame, decision_id: str, case: str, outcome: str, before: int, after: int
) -> None:
    row = table.set_index("decision_id").loc[decision_id]
    assert (row["case_number"], row["outcome"]) == (case, outcome)
    assert (row["fine_eur"], row["fine_after_appeal_eur"]) == (before, after)


def _write(path: Path, **change: str) -> Path:
    """The first real row of the table, with ``change`` applied (a deliberately broken copy)."""
    with open(APPEALS_PATH, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    rows[0].update(change)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, [f.name for f in APPEAL_REFERENCE_FIELDS])
        writer.writeheader()
        writer.writerow(rows[0])
    return path


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"quote": ""}, r"appeals.csv:2: required field 'quote' is empty"),
        ({"source_url": ""}, r"required field 'source_url' is empty"),
        ({"fine_after_appeal_eur": "45000000"}, r"quote does not show the fine after appeal"),
        ({"outcome": "fine_reduced"}, r"outcome 'fine_reduced' does not match"),
        ({"case_number": "123456"}, r"case_source_url does not name case 123456"),
        ({"ruling_date": "19/06/2020"}, r"must be a date YYYY-MM-DD"),
    ],
)
def test_a_bad_row_is_a_clear_error(tmp_path: Path, change: dict, message: str) -> None:
    with pytest.raises(ReferenceFormatError, match=message):
        load_appeals(_write(tmp_path / "appeals.csv", **change))


def _frame(rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(
        rows,
        columns=list(INPUT_COLUMNS),
    )
    frame["organisation_anonymised"] = frame["organisation_anonymised"].astype("boolean")
    for c in ("fine_eur", "fine_after_appeal_eur"):
        frame[c] = frame[c].astype("Int64")
    for c in ("decision_id", "appeal_reference", "extraction_conflicts"):
        frame[c] = frame[c].astype("string")
    return frame


def test_join_fills_from_the_table_keeps_the_header_and_skips_anonymised(
    table: pd.DataFrame,
) -> None:
    frame = _frame(
        [
            # AFL: no header note; the table fills it
            ("SAN-2023-021", False, 32_000_000, None, None, None),
            # SAN-2020-014's header note (real: « réformé », 2 500 EUR) and no table row
            ("SAN-2020-014", True, 3_000, 2_500, "CE, 22 juill. 2022, n° 449694", None),
            # Google 2019 as Légifrance publishes it (« société X »): never joined
            ("SAN-2019-001", True, 50_000_000, None, None, None),
            # a fined decision nobody appealed (as far as the table knows)
            ("SAN-2022-009", False, 1_500_000, None, None, None),
        ]
    )
    out = add_appeals(frame, table).set_index("decision_id")
    afl = out.loc["SAN-2023-021"]
    assert afl["fine_after_appeal_eur"] == 15_000_000
    assert afl["appeal_reference"] == "CE, 23 déc. 2025, n° 492830"
    assert (afl["fine_after_appeal_source"], afl["appeal_outcome"]) == (
        "appeals_table",
        "fine_reduced",
    )
    assert "15 millions" in afl["appeal_quote"]
    doctor = out.loc["SAN-2020-014"]
    assert (doctor["fine_after_appeal_source"], doctor["appeal_outcome"]) == (
        "decision_header",
        "fine_reduced",
    )
    assert pd.isna(doctor["appeal_source_url"])
    for decision_id in ("SAN-2019-001", "SAN-2022-009"):
        row = out.loc[decision_id]
        assert pd.isna(row["fine_after_appeal_eur"]) and pd.isna(row["fine_after_appeal_source"])
    assert [str(out[f.name].dtype) for f in APPEAL_FIELDS] == [
        f.pandas_dtype for f in APPEAL_FIELDS
    ]


def test_a_header_that_disagrees_with_the_table_is_kept_and_reported(table: pd.DataFrame) -> None:
    # synthetic: a header note for AFL with another amount than the table's 15 000 000
    frame = _frame(
        [("SAN-2023-021", False, 32_000_000, 20_000_000, "CE, 23 déc. 2025, n° 492830", None)]
    )
    row = add_appeals(frame, table).iloc[0]
    assert row["fine_after_appeal_eur"] == 20_000_000
    assert row["fine_after_appeal_source"] == "decision_header"
    assert "appeals.csv says 15000000" in row["extraction_conflicts"]
