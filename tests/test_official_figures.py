"""The CNIL's official yearly figures: a sourced reference table, every figure quoted."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from cnil_sanctions.official_figures import (
    METRICS,
    OFFICIAL_FIELDS,
    REFERENCE_PATH,
    load_official_yearly,
    official_by_year,
    quote_supports,
)
from cnil_sanctions.public_turnover import ReferenceFormatError


def test_every_row_has_a_source_and_a_quote_stating_its_value() -> None:
    ref = load_official_yearly()
    assert len(ref) >= 20
    for _, r in ref.iterrows():
        assert str(r["source_url"]).startswith("https://"), r["year"]
        assert r["quote"] and r["source_title"] and r["accessed_via"]
        assert quote_supports(str(r["quote"]), int(r["value"])), (r["year"], r["metric"])
    assert set(ref["metric"]) <= set(METRICS)


def test_known_anchors() -> None:
    wide = official_by_year()
    assert wide.loc[2024, "sanctions"] == 87
    assert wide.loc[2025, "sanctions"] == 83
    # the ordinary and simplified counts add up to the total wherever both are sourced
    both = wide.dropna(subset=["sanctions_ordinary", "sanctions_simplified"])
    assert len(both) >= 3
    assert (both["sanctions_ordinary"] + both["sanctions_simplified"] == both["sanctions"]).all()
    assert (
        wide["sanctions_public"].dropna() <= wide.loc[wide["sanctions_public"].notna(), "sanctions"]
    ).all()
    # a year or figure no stored page states stays empty
    assert pd.isna(wide.loc[2018, "fines_total_eur"])


@pytest.mark.parametrize(
    ("quote", "value", "expected"),
    [
        ("pour un montant total de 55 212 400 euros.", 55_212_400, True),
        ("pour un montant total de 55 212 400 euros.", 55_212_401, False),
        ("51,4 millions d'euros un an auparavant", 51_400_000, True),
        ("avec dix décisions rendues publiques.", 10, True),
        ("avec dix décisions rendues publiques.", 12, False),
        ("2023 : 42 sanctions (dont 14 ont été rendues publiques)", 14, True),
        ("2023 : 42 sanctions (dont 14 ont été rendues publiques)", 41, False),
    ],
)
def test_quote_supports(quote: str, value: int, expected: bool) -> None:
    assert quote_supports(quote, value) is expected


def _write(tmp_path: Path, rows: list[list[str]]) -> Path:
    path = tmp_path / "official.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow([f.name for f in OFFICIAL_FIELDS])
        w.writerows(rows)
    return path


def _row(**kw: str) -> list[str]:
    # a synthetic row built from a real one (2024, CNIL release reprinted)
    base = {
        "year": "2024",
        "metric": "sanctions",
        "value": "87",
        "source_url": "https://example.org/x",
        "source_title": "t",
        "publisher": "cnil_reprint",
        "quote": "En 2024, 87 sanctions ont été prononcées par la CNIL",
        "accessed_via": "pages",
        "notes": "",
    }
    base.update(kw)
    return [base[f.name] for f in OFFICIAL_FIELDS]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([_row(value="88")], "does not state 88"),
        ([_row(quote="")], "required field 'quote' is empty"),
        ([_row(source_url="")], "required field 'source_url' is empty"),
        ([_row(metric="fines")], "must be one of"),
        ([_row(), _row()], "duplicate of line 2"),
        ([_row(quote="87 " + "x" * 300)], "at most 200"),
    ],
)
def test_bad_reference_rows_are_refused_with_file_and_line(
    tmp_path: Path, rows: list[list[str]], message: str
) -> None:
    path = _write(tmp_path, rows)
    with pytest.raises(ReferenceFormatError, match=message) as info:
        load_official_yearly(path)
    assert str(path) in str(info.value)


def test_shipped_file_is_the_default() -> None:
    assert REFERENCE_PATH.name == "cnil_official_yearly.csv" and REFERENCE_PATH.exists()
