"""The long tables (issue 13): one row per decision × article, per fined entity, per stated
figure, each with evidence; checked against the main CSV read independently (csv module)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest

import cnil_sanctions
from cnil_sanctions import long_tables, schema
from cnil_sanctions.dataset import CSV_NAME, DATAPACKAGE_NAME, load_sanctions
from cnil_sanctions.errors import CnilSanctionsError, SchemaError
from cnil_sanctions.texts import decision_texts
from tests.conftest import RAW, ROOT

SHIPPED = ROOT / "data"


@pytest.fixture(scope="module")
def main_rows() -> list[dict[str, str]]:
    """The shipped main table as plain strings (no library code involved)."""
    with (SHIPPED / CSV_NAME).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    return decision_texts(load_sanctions(), RAW)


def test_loaders_are_exported_from_the_package() -> None:
    assert cnil_sanctions.load_articles is long_tables.load_articles
    assert cnil_sanctions.load_fines_by_entity is long_tables.load_fines_by_entity
    assert cnil_sanctions.load_turnover_figures is long_tables.load_turnover_figures


def test_articles_one_row_per_split_cell(main_rows) -> None:
    arts = cnil_sanctions.load_articles()
    expected = [
        (r["decision_id"], i, a)
        for r in main_rows
        if r["articles_violated"]
        for i, a in enumerate(r["articles_violated"].split(";"), start=1)
    ]
    got = list(zip(arts["decision_id"], arts["position"].astype(int), arts["article"], strict=True))
    assert got == expected
    assert len(expected) > 100


def test_fines_by_entity_one_row_per_entity(main_rows) -> None:
    fines = cnil_sanctions.load_fines_by_entity()
    expected = [
        (r["decision_id"], e["entity"], e["fine_eur"])
        for r in main_rows
        if r["fines_by_entity"]
        for e in json.loads(r["fines_by_entity"])
    ]
    got = list(
        zip(fines["decision_id"], fines["entity"], fines["fine_eur"].astype(int), strict=True)
    )
    assert got == expected and expected


def test_turnover_figures_one_row_per_figure(main_rows) -> None:
    figs = cnil_sanctions.load_turnover_figures()
    expected = [
        (r["decision_id"], f["kind"], f["value"], f["year"], f["scope"])
        for r in main_rows
        if r["turnover_figures"]
        for f in json.loads(r["turnover_figures"])
    ]
    got = [
        (d, k, int(v), None if pd.isna(y) else int(y), s)
        for d, k, v, y, s in zip(
            figs["decision_id"],
            figs["kind"],
            figs["value"],
            figs["year"],
            figs["scope"],
            strict=True,
        )
    ]
    assert got == expected and expected
    # exactly one figure is relied on per decision with a turnover_eur from turnover_figures
    relied = figs.loc[figs["relied_on"], ["decision_id", "value"]]
    by_row = {r["decision_id"]: int(r["turnover_eur"]) for r in main_rows if r["turnover_eur"]}
    assert {d: int(v) for d, v in relied.itertuples(index=False)} == by_row


def test_every_evidence_is_an_exact_quote_of_the_decision_text(texts) -> None:
    tables = {
        "articles": cnil_sanctions.load_articles(),
        "fines_by_entity": cnil_sanctions.load_fines_by_entity(),
        "turnover_figures": cnil_sanctions.load_turnover_figures(),
    }
    checked = 0
    for name, table in tables.items():
        assert table["evidence"].notna().all() and (table["evidence"].str.len() > 0).all(), name
        for decision_id, evidence in zip(table["decision_id"], table["evidence"], strict=True):
            for part in evidence.split(long_tables.EVIDENCE_JOIN):
                assert part in texts[decision_id], f"{name} {decision_id}: {part[:80]!r}"
                checked += 1
    assert checked > 200


def test_gdpr_32_in_a_data_breach_case_is_one_filter(main_rows) -> None:
    arts = cnil_sanctions.load_articles()
    got = arts.loc[(arts["base_article"] == "GDPR 32") & arts["data_breach"], "decision_id"]
    expected = sorted(
        r["decision_id"]
        for r in main_rows
        if r["data_breach"] == "true"
        and any(a.split("(")[0] == "GDPR 32" for a in r["articles_violated"].split(";"))
    )
    assert sorted(got) == expected
    assert "SAN-2022-009" in expected  # Dedalus: GDPR 28(3), 29, 32 after a leak


def test_datapackage_declares_the_long_tables_from_their_fields() -> None:
    descriptor = json.loads((SHIPPED / DATAPACKAGE_NAME).read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in descriptor["resources"]}
    assert list(resources) == ["cnil_sanctions", "cnil_sanctions_list", *long_tables.LONG_TABLES]
    for name, fields in long_tables.LONG_TABLES.items():
        res = resources[name]
        assert res["path"] == long_tables.csv_name(name)
        assert [f["name"] for f in res["schema"]["fields"]] == [f.name for f in fields]
        assert res["schema"]["primaryKey"] == long_tables.PRIMARY_KEYS[name]
        with (SHIPPED / res["path"]).open(encoding="utf-8") as fh:
            assert res["rows"] == sum(1 for _ in fh) - 1


def test_key_columns_reuse_the_main_field_dictionary() -> None:
    main = {f.name: f for f in schema.all_fields()}
    repeated = {"decision_id", "decision_date", "data_breach"}
    for fields in long_tables.LONG_TABLES.values():
        for f in fields:
            if f.name in repeated:
                assert f is main[f.name]
    assert {f.name for f in long_tables.ARTICLE_FIELDS} >= repeated


# --- rules on SYNTHETIC rows (made-up decision SAN-2090-001, sentences written for the test) ---

_SYNTHETIC_EVIDENCE = (
    "la formation restreinte retient un manquement aux articles 28, paragraphe 3, et 32 du RGPD."
    " […] La société a méconnu l’article L. 34-5 du CPCE."
)


@pytest.mark.parametrize(
    ("article", "base", "law", "tier", "evidence"),
    [
        ("GDPR 28(3)", "GDPR 28", "GDPR", "GDPR 83(4)", "first"),
        ("GDPR 32", "GDPR 32", "GDPR", "GDPR 83(4)", "first"),
        ("GDPR 5(1)(c)", "GDPR 5", "GDPR", "GDPR 83(5)", "all"),  # not named: whole cell
        ("GDPR 10", "GDPR 10", "GDPR", "no tier of its own", "all"),
        ("CPCE L34-5", "CPCE L34-5", "CPCE", "LIL 20", "second"),
    ],
)
def test_article_rows(article, base, law, tier, evidence) -> None:
    df = pd.DataFrame(
        {
            "decision_id": ["SAN-2090-001"],
            "articles_violated": [article],
            "articles_violated_evidence": [_SYNTHETIC_EVIDENCE],
            "decision_date": [pd.Timestamp("2090-01-01")],
            "data_breach": pd.array([True], dtype="boolean"),
        }
    )
    row = long_tables.articles_table(df).iloc[0]
    first, second = _SYNTHETIC_EVIDENCE.split(" […] ")
    want = {"first": first, "second": second, "all": _SYNTHETIC_EVIDENCE}[evidence]
    assert (row["base_article"], row["law"], row["article_tier"]) == (base, law, tier)
    assert row["evidence"] == want


def test_a_figure_no_sentence_states_is_an_error() -> None:
    row = {c: None for c in schema.field_names()}
    row.update(
        decision_id="SAN-2090-001",
        turnover_figures=json.dumps(
            [
                {
                    "value": 123,
                    "year": 2089,
                    "scope": "entity",
                    "worldwide": False,
                    "kind": "turnover",
                }
            ]
        ),
    )
    df = pd.DataFrame([row])
    with pytest.raises(CnilSanctionsError, match=r"SAN-2090-001: .* 123 .*no sentence"):
        long_tables.turnover_figures_table(df)


def test_loader_rejects_a_bad_value(tmp_path: Path) -> None:
    text = (SHIPPED / "articles.csv").read_text(encoding="utf-8")
    bad = tmp_path / "articles.csv"
    bad.write_text(text.replace(",GDPR 83(5),", ",GDPR 99(9),", 1), encoding="utf-8")
    with pytest.raises(SchemaError, match=r"articles.csv: .*article_tier"):
        long_tables.load_articles(bad)
