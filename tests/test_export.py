"""Exports (issue 13): csv, xlsx, parquet and sqlite round-trips of the shipped dataset, the
SQLite full-text index (accent- and case-insensitive), and the ``export`` command's exit codes."""

from __future__ import annotations

import importlib
import re
import sqlite3
import unicodedata
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import cnil_sanctions
from cnil_sanctions import export as export_module_function
from cnil_sanctions.cli import EXIT_OK, EXIT_USAGE, main
from cnil_sanctions.dataset import load_sanctions
from cnil_sanctions.export import EURO_FORMAT, FORMATS, MissingExtraError, export_tables, is_euro
from cnil_sanctions.texts import decision_texts, fts_query, paragraphs, search_texts
from tests.conftest import RAW

TABLES = ["cnil_sanctions", "articles", "fines_by_entity", "turnover_figures", "fields"]


@pytest.fixture(scope="module")
def tables() -> tuple[dict[str, pd.DataFrame], dict[str, list]]:
    return export_tables()


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("export")
    return {fmt: cnil_sanctions.export(fmt, out / f"all.{fmt}", raw_dir=RAW) for fmt in FORMATS}


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    return decision_texts(load_sanctions(), RAW)


def test_export_is_the_function() -> None:
    assert callable(export_module_function)
    assert cnil_sanctions.export is export_module_function


def test_csv_round_trip(exported, tables) -> None:
    frames, _ = tables
    folder = exported["csv"]
    assert sorted(p.stem for p in folder.glob("*.csv")) == sorted(TABLES)
    pd.testing.assert_frame_equal(
        load_sanctions(folder / "cnil_sanctions.csv"), frames["cnil_sanctions"]
    )
    loaders = {
        "articles": cnil_sanctions.load_articles,
        "fines_by_entity": cnil_sanctions.load_fines_by_entity,
        "turnover_figures": cnil_sanctions.load_turnover_figures,
    }
    for name, load in loaders.items():
        pd.testing.assert_frame_equal(load(folder / f"{name}.csv"), frames[name])
    fields = pd.read_csv(folder / "fields.csv", dtype=str, keep_default_na=False)
    assert list(fields.columns) == ["table", "name", "type", "unit", "description"]
    assert len(fields) == len(frames["fields"])


def test_parquet_round_trip(exported, tables) -> None:
    frames, _ = tables
    for name in TABLES:
        back = pd.read_parquet(exported["parquet"] / f"{name}.parquet")
        pd.testing.assert_frame_equal(back, frames[name], check_dtype=False)


def test_xlsx_sheets_frozen_header_and_euro_format(exported, tables) -> None:
    frames, fields = tables
    wb = openpyxl.load_workbook(exported["xlsx"])
    assert wb.sheetnames == TABLES
    for name in TABLES:
        ws = wb[name]
        assert ws.freeze_panes == "A2", name
        header = [c.value for c in ws[1]]
        assert header == list(frames[name].columns)
        assert ws.max_row == len(frames[name]) + 1
        for i, f in enumerate(fields[name], start=1):
            formats = {ws.cell(row=r, column=i).number_format for r in range(2, ws.max_row + 1)}
            if is_euro(f):
                assert formats == {EURO_FORMAT}, (name, f.name)
            else:
                assert EURO_FORMAT not in formats, (name, f.name)
    euro = [f.name for f in fields["cnil_sanctions"] if is_euro(f)]
    assert {"fine_eur", "turnover_eur", "turnover_basis_eur"} <= set(euro)
    back = pd.read_excel(exported["xlsx"], sheet_name="cnil_sanctions")
    main = frames["cnil_sanctions"]
    assert list(back["decision_id"]) == list(main["decision_id"])
    assert back["fine_eur"].sum() == main["fine_eur"].sum()
    dictionary = pd.read_excel(exported["xlsx"], sheet_name="fields")
    assert list(dictionary.columns) == ["table", "name", "type", "unit", "description"]


def test_sqlite_tables_round_trip(exported, tables) -> None:
    frames, _ = tables
    with sqlite3.connect(exported["sqlite"]) as conn:
        for name in TABLES:
            back = pd.read_sql(f'SELECT * FROM "{name}"', conn)
            assert list(back.columns) == list(frames[name].columns), name
            assert len(back) == len(frames[name]), name
        back = pd.read_sql("SELECT decision_id, fine_eur, data_breach FROM cnil_sanctions", conn)
    main = frames["cnil_sanctions"]
    assert list(back["decision_id"]) == list(main["decision_id"])
    assert back["fine_eur"].sum() == main["fine_eur"].sum()
    assert back["data_breach"].sum() == main["data_breach"].sum()


def _fold(text: str) -> str:
    """Lower case without accents: what the FTS5 tokenizer compares, computed independently."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _expected(texts: dict[str, str], *patterns: str) -> set[tuple[str, int]]:
    return {
        (d, i)
        for d, text in texts.items()
        for i, p in enumerate(paragraphs(text), start=1)
        if all(re.search(pat, _fold(p)) for pat in patterns)
    }


def _hits(result: pd.DataFrame) -> set[tuple[str, int]]:
    return {(d, int(p)) for d, p in zip(result["decision_id"], result["paragraph"], strict=True)}


def test_sqlite_full_text_search_ignores_case_and_accents(exported, texts) -> None:
    db = exported["sqlite"]
    expected = _expected(texts, r"\bpseudonymisation\b", r"(?<![\w])sous[^\w]+traitant(?![\w])")
    assert expected  # the corpus does speak of both
    for query in [
        "pseudonymisation sous-traitant",
        "PSEUDONYMISATION sous traitant",
        "Pseudonymisation SOUS-TRAITANT",
    ]:
        assert _hits(search_texts(query, db=db)) == expected, query
    # accents: « données » written without them, and in capitals
    donnees = _expected(texts, r"\bdonnees\b", r"\bsante\b")
    assert donnees
    assert _hits(search_texts("donnees SANTÉ", db=db)) == donnees
    assert _hits(search_texts("DONNÉES santé", db=db)) == donnees


def test_search_texts_from_the_raw_store_equals_the_sqlite_file(exported) -> None:
    from_db = search_texts("pseudonymisation sous-traitant", db=exported["sqlite"])
    in_memory = search_texts("pseudonymisation sous-traitant", raw_dir=RAW)
    assert _hits(from_db) == _hits(in_memory)
    row = from_db.iloc[0]
    assert "pseudonymisation" in _fold(row["text"])


def test_search_texts_in_the_same_decision(exported, texts) -> None:
    result = search_texts(
        "pseudonymisation sous-traitant", db=exported["sqlite"], same_paragraph=False
    )
    both = {
        d
        for d, text in texts.items()
        if re.search(r"\bpseudonymisation\b", _fold(text))
        and re.search(r"(?<![\w])sous[^\w]+traitant(?![\w])", _fold(text))
    }
    assert set(result["decision_id"]) == both
    assert len(both) > len(
        {d for d, _ in _hits(search_texts("pseudonymisation sous-traitant", db=exported["sqlite"]))}
    )


def test_sqlite_answers_plain_sql(exported) -> None:
    sql = (
        "SELECT DISTINCT decision_id FROM paragraphs WHERE paragraphs MATCH "
        "'pseudonymisation AND \"sous-traitant\"' ORDER BY decision_id"
    )
    with sqlite3.connect(exported["sqlite"]) as conn:
        ids = [r[0] for r in conn.execute(sql)]
    assert ids == sorted(
        {d for d, _ in _hits(search_texts("pseudonymisation sous-traitant", db=exported["sqlite"]))}
    )


@pytest.mark.parametrize(
    ("query", "fts"),
    [
        ("pseudonymisation", '"pseudonymisation"'),
        ("sous-traitant  RGPD", '"sous-traitant" AND "RGPD"'),
        ('dit "oui"', '"dit" AND """oui"""'),
    ],
)
def test_fts_query(query, fts) -> None:
    assert fts_query(query) == fts


def test_empty_search_is_an_error() -> None:
    with pytest.raises(ValueError, match="empty search"):
        fts_query("   ")


def test_columns_restrict_the_main_table(tmp_path: Path) -> None:
    out = cnil_sanctions.export("csv", tmp_path / "x", ["fine_eur", "organisation"])
    back = pd.read_csv(out / "cnil_sanctions.csv")
    assert list(back.columns) == ["decision_id", "fine_eur", "organisation"]


def test_missing_extra_names_it(monkeypatch, tmp_path: Path, capsys) -> None:
    real = importlib.import_module

    def fake(name: str, *args, **kwargs):
        if name == "openpyxl":
            raise ImportError("No module named 'openpyxl'")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(importlib, "import_module", fake)
    with pytest.raises(MissingExtraError, match=r"cnil-sanctions\[export\]"):
        cnil_sanctions.export("xlsx", tmp_path / "x.xlsx")
    assert main(["export", "--format", "xlsx", "--out", str(tmp_path / "x.xlsx")]) == EXIT_USAGE
    assert "pip install 'cnil-sanctions[export]'" in capsys.readouterr().err
    assert not (tmp_path / "x.xlsx").exists()


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["--format", "pdf"], EXIT_USAGE, "unknown export format 'pdf'"),
        (["--format", "csv", "--columns", "fine_eur,nope"], EXIT_USAGE, "unknown columns ['nope']"),
        (["--format", "csv", "--data-dir", "/nonexistent"], EXIT_USAGE, "/nonexistent"),
    ],
)
def test_cli_bad_input(argv, code, message, capsys, tmp_path: Path) -> None:
    assert main(["export", *argv, "--out", str(tmp_path / "o")]) == code
    err = capsys.readouterr().err
    assert err.startswith("cnil-sanctions: error: ") and message in err


def test_cli_writes_the_export(tmp_path: Path, capsys) -> None:
    out = tmp_path / "sub" / "d.sqlite"
    assert (
        main(["export", "--format", "sqlite", "--out", str(out), "--raw-dir", str(RAW)]) == EXIT_OK
    )
    assert capsys.readouterr().out.strip() == f"wrote {out}"
    with sqlite3.connect(out) as conn:
        assert conn.execute("SELECT count(*) FROM paragraphs").fetchone()[0] > 1000
