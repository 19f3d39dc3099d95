"""The analysts' views (cnil_sanctions.views): tables of (input, expected)."""

from __future__ import annotations

import pandas as pd
import pytest

from cnil_sanctions.views import (
    articles_long,
    cookie_vs_gdpr,
    fines_by_article,
    organisation_key,
    repeat_offenders,
    sector_by_year,
)

NA = pd.NA


def frame() -> pd.DataFrame:
    """A hand-made frame (not real decisions)."""
    return pd.DataFrame(
        {
            "decision_id": ["D1", "D2", "D3", "D4", "D5"],
            "decision_date": pd.to_datetime(
                ["2020-01-10", "2020-06-01", "2021-03-01", "2021-09-01", "2022-01-01"]
            ),
            "organisation": ["ACME SAS", "société X", "ACME FRANCE", "Globex LLC", "ACME"],
            "measure_kind": ["fine", "fine", "fine", "fine", "injunction_follow_up"],
            "fine_eur": pd.array([1000, 3000, 5000, 7000, NA], dtype="Int64"),
            "penalty_liquidated_eur": pd.array([NA] * 5, dtype="Int64"),
            "injunction": pd.array([True, False, True, False, False], dtype="boolean"),
            "cap_tier": pd.array(["GDPR 83(4)", "LIL 20", "GDPR 83(5)", NA, NA], dtype="string"),
            "sector": pd.array(["health", "health", "telecoms", NA, "health"], dtype="string"),
            "articles_violated": pd.array(
                ["GDPR 28(3);GDPR 32", "LIL 82", "GDPR 32;GDPR 5(1)(c)", NA, NA], dtype="string"
            ),
        }
    )


def test_articles_long_one_row_per_article():
    long = articles_long(frame())
    assert long.values.tolist() == [
        ["D1", "GDPR 28(3)", "GDPR 28"],
        ["D1", "GDPR 32", "GDPR 32"],
        ["D2", "LIL 82", "LIL 82"],
        ["D3", "GDPR 32", "GDPR 32"],
        ["D3", "GDPR 5(1)(c)", "GDPR 5"],
    ]


def test_fines_by_article():
    table = fines_by_article(frame()).set_index("article")
    assert table.loc["GDPR 32", "decisions"] == 2
    assert table.loc["GDPR 32", "median_fine_eur"] == 3000
    assert table.loc["GDPR 32", "total_fines_eur"] == 6000
    assert table.index[0] == "GDPR 32"  # largest n first


def test_cookie_vs_gdpr_kinds():
    table = cookie_vs_gdpr(frame())
    got = {(r.year, r.kind): r.fines for r in table.itertuples()}
    assert got == {
        (2020, "GDPR"): 1,
        (2020, "cookies / e-marketing (LIL 20)"): 1,
        (2021, "GDPR"): 1,
        (2021, "tier unknown"): 1,
    }


def test_sector_by_year():
    count = sector_by_year(frame())
    assert count.loc["health", 2020] == 2 and count.loc["health", "all years"] == 2
    assert count.loc["unknown", 2021] == 1
    total = sector_by_year(frame(), "total")
    assert total.loc["health", 2020] == 4000
    with pytest.raises(ValueError, match="count"):
        sector_by_year(frame(), "mean")


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("FREE MOBILE", "FREE"),
        ("GOOGLE LLC ; GOOGLE IRELAND LIMITED", "GOOGLE"),
        ("GROUPE CANAL +", "CANAL"),
        ("ÉLECTRICITÉ DE FRANCE", "ELECTRICITE"),
        ("société X", None),
        ("Monsieur [...]", None),
        ("société […]", None),
        (None, None),
    ],
)
def test_organisation_key(name, key):
    assert organisation_key(name) == key


def test_repeat_offenders_groups_named_parties_only():
    table = repeat_offenders(frame())
    assert table["decision_id"].tolist() == ["D1", "D3", "D5"]
    assert set(table["group_key"]) == {"ACME"}
