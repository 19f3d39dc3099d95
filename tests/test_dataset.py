"""The dataset: rebuilt byte for byte from the raw store, schema-checked, loadable with dtypes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from cnil_sanctions import schema
from cnil_sanctions.dataset import CSV_NAME, DATAPACKAGE_NAME, build_dataset, load_sanctions
from cnil_sanctions.errors import CnilSanctionsError, SchemaError
from cnil_sanctions.long_tables import LONG_TABLES, csv_name
from tests.conftest import RAW, ROOT

SHIPPED = ROOT / "data"


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    out = tmp_path_factory.mktemp("build")
    # in this process: the pool (jobs=2) equals it row for row in tests/test_incremental.py, and
    # starting its workers here only cost CPU beside the other test worker
    _, summary = build_dataset(RAW, out, cache_dir=None)
    return out, summary


def test_build_regenerates_the_committed_csv_byte_for_byte(rebuilt) -> None:
    out, _ = rebuilt
    assert (out / CSV_NAME).read_bytes() == (SHIPPED / CSV_NAME).read_bytes()
    assert (out / DATAPACKAGE_NAME).read_bytes() == (SHIPPED / DATAPACKAGE_NAME).read_bytes()
    for table in LONG_TABLES:  # the long tables too (issue 13)
        assert (out / csv_name(table)).read_bytes() == (SHIPPED / csv_name(table)).read_bytes()
        assert (out / csv_name(table)).stat().st_mode & 0o777 == 0o644


def test_build_summary_counts(rebuilt) -> None:
    _, summary = rebuilt
    assert summary.read == 68
    assert summary.kept == 67  # 68 texts - 1 duplicate text (the 2 MEDP bureau decisions kept)
    assert summary.reasons() == {}
    assert [d for d, _, _ in summary.duplicates] == ["SAN-2020-015"]


def test_load_sanctions_dtypes() -> None:
    df = load_sanctions()
    assert len(df) == 67
    assert df["decision_id"].is_unique
    medp = df[df["decision_id"].str.startswith("MEDP-")]
    assert len(medp) == 2 and set(medp["measure_kind"]) == {"formal_notice_publication"}
    assert str(df["decision_date"].dtype) == "datetime64[ns]"
    assert str(df["fine_eur"].dtype) == "Int64"
    assert str(df["data_breach"].dtype) == "boolean"
    assert str(df["decision_id"].dtype) == "string"
    assert list(df.columns) == schema.field_names()
    # identification and provenance complete on every row
    for col in ("decision_id", "decision_date", "title", "source_url", "retrieved_at", "sha256"):
        assert df[col].notna().all(), col


def test_dedalus_row() -> None:
    df = load_sanctions().set_index("decision_id")
    row = df.loc["SAN-2022-009"]
    assert row["decision_date"] == pd.Timestamp("2022-04-15")
    assert row["legifrance_id"] == "CNILTEXT000045614368"
    assert row["fine_eur"] == 1_500_000
    assert row["turnover_eur"] == 16_300_000 and row["turnover_year"] == 2020
    assert row["articles_violated"] == "GDPR 28(3);GDPR 29;GDPR 32"
    assert row["cap_tier"] == "GDPR 83(4)"
    assert row["people_affected"] == 491_840
    assert row["role"] == "processor"
    for field in ("fine_eur", "turnover_eur", "articles_violated", "people_affected", "role"):
        assert row[f"{field}_evidence"], field


def test_every_evidence_is_in_the_decision_text() -> None:
    """Each *_evidence cell can be checked against the stored document in one look."""
    from cnil_sanctions.dataset import decision_entries
    from cnil_sanctions.sources import parse_stored
    from cnil_sanctions.store import RawStore

    texts = {e.meta.sha256: parse_stored(e).text for e in decision_entries(RawStore(RAW))}
    df = load_sanctions()
    evidence_cols = list(schema.evidence_columns())  # from the field dictionary
    assert evidence_cols and set(evidence_cols) <= set(df.columns)
    # the entity's and the undertaking's turnover quote the decision when they come from it
    quoted = ["turnover_entity", "turnover_undertaking"]
    checked = 0
    for _, row in df.iterrows():
        text = texts[row["sha256"]]
        decision_quotes = [f"{p}_quote" for p in quoted if str(row[f"{p}_origin"]) == "decision"]
        for col in [*evidence_cols, *decision_quotes]:
            if pd.isna(row[col]):
                continue
            for part in str(row[col]).split(" […] "):
                assert part in text, f"{row['decision_id']} {col}: {part[:80]!r}"
                checked += 1
    assert checked > 100


def test_datapackage_is_a_valid_frictionless_package() -> None:
    import frictionless  # a test dependency: missing, it fails the test instead of skipping it

    descriptor = json.loads((SHIPPED / DATAPACKAGE_NAME).read_text(encoding="utf-8"))
    assert descriptor["licenses"][0]["name"] == "etalab-2.0"
    assert "CNIL, DILA — Légifrance" in descriptor["attribution"]
    names = [f["name"] for f in descriptor["resources"][0]["schema"]["fields"]]
    assert names == schema.field_names()
    report = frictionless.validate(str(SHIPPED / DATAPACKAGE_NAME))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


def test_a_bad_row_names_the_decision_and_the_field() -> None:
    df = load_sanctions()
    broken = df.copy()
    broken.loc[broken["decision_id"] == "SAN-2022-009", "sha256"] = "not-a-hash"
    with pytest.raises(SchemaError, match=r"decision SAN-2022-009, field sha256"):
        schema.validate(broken)


def test_load_refuses_a_csv_with_other_columns(tmp_path: Path) -> None:
    bad = tmp_path / "x.csv"
    bad.write_text("decision_id,fine\nSAN-2022-009,1\n", encoding="utf-8")
    with pytest.raises(SchemaError, match=r"x\.csv: columns differ"):
        load_sanctions(bad)


def test_empty_store_is_an_error_not_an_empty_dataset(tmp_path: Path) -> None:
    (tmp_path / "raw").mkdir()
    with pytest.raises(CnilSanctionsError, match="build produced 0 decisions"):
        build_dataset(tmp_path / "raw", tmp_path / "out", cache_dir=None)


def test_unreadable_document_is_skipped_and_counted(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    for entry in sorted((RAW / "legifrance_text").iterdir())[:3]:  # three real decisions
        shutil.copytree(entry, raw / "legifrance_text" / entry.name)
    from cnil_sanctions.store import RawStore

    RawStore(raw).put(
        "Ceci n'est pas une délibération.".encode(),
        source="legifrance_text",
        source_url="https://www.legifrance.gouv.fr/cnil/id/CNILTEXT000000000001",
        media_type="text/plain",
        legifrance_id="CNILTEXT000000000001",
    )
    _, summary = build_dataset(raw, tmp_path / "out", cache_dir=None)
    assert (summary.read, summary.kept) == (4, 3)
    assert summary.reasons()["unreadable"] == 1
    assert "no deliberation title" in summary.to_text() or any(
        "no deliberation title" in r for _, r in summary.skipped
    )


def test_newest_text_of_a_decision_wins_and_implausible_dates_are_skipped(tmp_path: Path) -> None:
    """A re-publication (SYNTHETIC: the real Dedalus text plus a trailing newline, stored later)
    replaces the older text; a DILA document dated 2099 (SYNTHETIC, tests/synthetic.py)
    is skipped and counted, not turned into a row."""
    from cnil_sanctions.store import RawStore
    from tests.synthetic import synthetic_sanction_xml

    raw = tmp_path / "raw"
    store = RawStore(raw)
    dedalus = next(
        e
        for e in RawStore(RAW).entries("legifrance_text")
        if e.meta.legifrance_id == "CNILTEXT000045614368"
    )
    original = dedalus.read_bytes()
    corrected = original + b"\n"
    for data, when in (
        (original, "2026-01-01T00:00:00+00:00"),
        (corrected, "2026-06-01T00:00:00+00:00"),
    ):
        store.put(
            data,
            source="legifrance_text",
            source_url=dedalus.meta.source_url,
            media_type="text/plain",
            retrieved_at=when,
            legifrance_id="CNILTEXT000045614368",
        )
    store.put(
        synthetic_sanction_xml(1),
        source="dila",
        source_url="https://www.legifrance.gouv.fr/cnil/id/CNILTEXT999999000001",
        media_type="application/xml",
        legifrance_id="CNILTEXT999999000001",
    )
    df, summary = build_dataset(raw, tmp_path / "out", cache_dir=None)
    assert list(df["decision_id"]) == ["SAN-2022-009"]
    assert df["retrieved_at"].iloc[0] == "2026-06-01T00:00:00+00:00"
    assert len(summary.duplicates) == 1
    assert summary.reasons()["implausible date"] == 1


@pytest.mark.parametrize(
    ("read", "duplicates", "kept", "ok"),
    [
        (57, 1, 54, True),  # the shipped store: two bureau decisions left out
        (57, 1, 56, True),  # every document but the duplicate kept
        (57, 1, 45, True),  # 11 left out = max(5, 20 % of 57)
        (57, 1, 44, False),  # 12 left out: a parser regression, not a smaller dataset
        (3, 1, 1, True),  # a small store may leave out a few documents
        (3, 0, 4, False),  # more rows than documents
        (0, 0, 0, False),  # an empty store is an error, not an empty dataset
        (1000, 0, 799, False),  # a fifth of a large store lost
        (1000, 0, 800, True),
    ],
)
def test_row_count_sanity_bounds(read: int, duplicates: int, kept: int, ok: bool) -> None:
    from cnil_sanctions.dataset import BuildSummary, check_row_count

    summary = BuildSummary(read=read, kept=kept)
    summary.duplicates = [("SAN-2020-015", "a", "b")] * duplicates
    if ok:
        check_row_count(summary, Path("raw"))
    else:
        with pytest.raises(CnilSanctionsError, match=rf"raw: build produced {kept} decisions"):
            check_row_count(summary, Path("raw"))


@pytest.mark.parametrize(
    ("value", "missing"),
    [
        (None, True),
        (pd.NA, True),
        (float("nan"), True),
        (pd.NaT, True),
        ("", False),  # an empty string is a value (the CSV reader maps "" to NA first)
        ([], False),
        ("GDPR 32", False),
        (0, False),
    ],
)
def test_one_rule_for_a_missing_cell(value, missing) -> None:
    assert schema.is_missing(value) is missing


def test_loading_the_same_bytes_again_gives_an_independent_copy(tmp_path) -> None:
    """load_sanctions() keeps the validated frame of bytes it read (the notebooks, the report
    and the analysis each load the dataset): each call still gets a frame of its own, named
    after the file it read, and a changed file is read again."""
    first = load_sanctions()
    first.loc[0, "organisation"] = "CHANGED IN MEMORY"
    again = load_sanctions()
    assert again.loc[0, "organisation"] != "CHANGED IN MEMORY"
    copy = tmp_path / CSV_NAME
    copy.write_bytes((SHIPPED / CSV_NAME).read_bytes())
    elsewhere = load_sanctions(copy)
    assert elsewhere.attrs == {"source_path": str(copy), "source_origin": "path"}
    pd.testing.assert_frame_equal(elsewhere, again)
    text = copy.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    (row,) = [i for i, line in enumerate(lines) if line.startswith("SAN-2022-009,")]
    assert ",1500000," in lines[row]  # Dedalus's fine
    lines[row] = lines[row].replace(",1500000,", ",1500001,", 1)
    copy.write_text("".join(lines), encoding="utf-8")
    changed = load_sanctions(copy)
    dedalus = changed.loc[changed["decision_id"] == "SAN-2022-009", "fine_eur"]
    assert dedalus.tolist() == [1500001]
    copy.write_text(text.replace("true", "yes", 1), encoding="utf-8")
    with pytest.raises(SchemaError, match=f"{copy}: column .* non-boolean"):
        load_sanctions(copy)
