"""The analysts' views (cnil_sanctions.views): tables of (input, expected)."""

from __future__ import annotations

import pandas as pd
import pytest

from cnil_sanctions import load_articles, load_sanctions
from cnil_sanctions.views import (
    COOKIE_KIND,
    GDPR_KIND,
    UNKNOWN_KIND,
    cookie_vs_gdpr,
    decision_outcome,
    fine_kind,
    fines_by_article,
    organisation_key,
    repeat_offender_summary,
    repeat_offenders,
    sector_by_year,
    sector_summary,
    time_to_decision,
    time_to_decision_summary,
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


def _articles() -> pd.DataFrame:
    """The long articles table of the hand-made frame (the library's own builder)."""
    return pd.DataFrame(
        [
            ("D1", "GDPR 28"),
            ("D1", "GDPR 32"),
            ("D2", "LIL 82"),
            ("D3", "GDPR 32"),
            ("D3", "GDPR 5"),
            ("D3", "GDPR 5"),  # two paragraphs of one article: counted once
        ],
        columns=["decision_id", "base_article"],
    )


def test_fines_by_article():
    table = fines_by_article(frame(), _articles()).set_index("article")
    assert table.loc["GDPR 32", "decisions"] == 2
    assert table.loc["GDPR 32", "median_fine_eur"] == 3000
    assert table.loc["GDPR 32", "total_fines_eur"] == 6000
    assert table.loc["GDPR 5", "decisions"] == 1
    assert table.index[0] == "GDPR 32"  # largest n first


def test_fines_by_article_reads_the_shipped_long_table():
    df = load_sanctions()
    arts = load_articles()
    table = fines_by_article(df).set_index("article")
    gdpr32 = arts.loc[arts["base_article"] == "GDPR 32", "decision_id"].nunique()
    assert table.loc["GDPR 32", "decisions"] == gdpr32
    row = table.loc["GDPR 32"]
    assert row["median_ci_low"] <= row["median_fine_eur"] <= row["median_ci_high"]


def test_fine_kind():
    assert fine_kind(frame()).tolist() == [
        GDPR_KIND,
        COOKIE_KIND,
        GDPR_KIND,
        UNKNOWN_KIND,
        UNKNOWN_KIND,
    ]


def test_cookie_vs_gdpr_kinds():
    table = cookie_vs_gdpr(frame())
    got = {(r.year, r.kind): r.fines for r in table.itertuples()}
    assert got == {
        (2020, "GDPR"): 1,
        (2020, "cookies / e-marketing (LIL 20)"): 1,
        (2021, "GDPR"): 1,
        (2021, "tier unknown"): 1,
    }


def test_cookie_vs_gdpr_share_interval():
    table = cookie_vs_gdpr(frame()).set_index(["year", "kind"])
    row = table.loc[(2020, COOKIE_KIND)]
    assert row["fines_of_year"] == 2 and row["share_of_year"] == 0.5
    assert 0 < row["share_ci_low"] < 0.5 < row["share_ci_high"] < 1


def test_sector_summary():
    table = sector_summary(frame()).set_index("sector")
    assert table.loc["health", "fines"] == 2  # D5 is not a fine
    assert table.loc["health", "share_of_fines"] == 0.5
    assert table.loc["health", "median_fine_eur"] == 2000
    assert table["fines"].sum() == 4


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
        ("ministère de l'intérieur", "INTERIEUR"),
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


@pytest.mark.parametrize(
    ("kind", "injunction", "words"),
    [
        ("fine", True, "fine + injunction"),
        ("injunction_follow_up", False, "injunction obeyed (non-lieu à liquidation)"),
        ("penalty_liquidation", NA, "penalty liquidated"),
        (NA, NA, "unknown"),
    ],
)
def test_decision_outcome(kind, injunction, words):
    assert decision_outcome(pd.Series({"measure_kind": kind, "injunction": injunction})) == words


def test_repeat_offender_summary():
    df = frame()
    df.loc[4, "measure_kind"] = "injunction_follow_up"
    table = repeat_offender_summary(df).set_index("group_key")
    acme = table.loc["ACME"]
    assert acme["decisions"] == 3 and acme["fines"] == 2 and acme["total_fines_eur"] == 6000
    assert acme["injunctions_ordered"] == 2 and acme["injunctions_obeyed"] == 1
    assert acme["penalties_liquidated"] == 0


def test_time_to_decision():
    df = frame()
    df["inspection_date"] = pd.to_datetime(["2019-01-10", None, "2020-03-01", None, "2021-01-01"])
    per = time_to_decision(df)
    # D5 is an injunction follow-up: its inspection belongs to the earlier procedure
    assert per[["decision_id", "days"]].values.tolist() == [["D1", 365], ["D3", 365]]
    summary = time_to_decision_summary(df).set_index("year")
    assert summary.loc["all", "decisions_dated"] == 2
    assert summary.loc["all", "decisions_undated"] == 2  # D2, D4
    assert summary.loc[2021, "median_days"] == 365
    assert summary.loc["all", "median_ci_low"] <= 365 <= summary.loc["all", "median_ci_high"]
