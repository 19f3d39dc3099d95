"""Tests for cnil_sanctions.public_turnover: the sourced reference file and the basis rule."""

from __future__ import annotations

import csv
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from cnil_sanctions import fx
from cnil_sanctions.fields import Field
from cnil_sanctions.public_turnover import (
    INPUT_COLUMNS,
    PUBLIC_TURNOVER_FIELDS,
    REFERENCE_FIELDS,
    REFERENCE_PATH,
    ReferenceFormatError,
    add_turnover_basis,
    load_no_basis,
    load_public_turnover,
    quote_numbers,
    quote_supports_revenue,
    select_public_figure,
)
from tests.turnover_figure import turnover_figure

GOLD_DIR = Path(__file__).parent / "gold"

#: Reference rows whose quote cannot be matched to the revenue automatically (none today).
#: Any row added here must say why, and be checked by hand.
QUOTES_CHECKED_BY_HAND: dict[tuple[str, str, int], str] = {}


@pytest.fixture(scope="module")
def reference() -> pd.DataFrame:
    return load_public_turnover()


# --- the real reference file -----------------------------------------------------------------


def test_reference_file_is_in_the_repo_and_loads(reference: pd.DataFrame) -> None:
    assert REFERENCE_PATH.is_file()
    assert len(reference) == 26
    assert reference["decision_id"].nunique() == 22
    assert list(reference.columns) == [f.name for f in REFERENCE_FIELDS]
    assert str(reference["revenue"].dtype) == "Int64"
    assert str(reference["fiscal_year_end"].dtype) == "datetime64[ns]"
    assert set(reference["scope"]) == {"consolidated_group", "legal_entity"}
    assert set(reference["currency"]) == {"EUR", "USD"}
    assert reference["source_url"].str.match(r"https?://").all()
    assert (reference["quote"].str.len() > 0).all()
    assert (reference["revenue"] > 0).all()


def test_known_rows(reference: pd.DataFrame) -> None:
    alphabet_2020 = reference[
        (reference["decision_id"] == "SAN-2021-023") & (reference["scope"] == "consolidated_group")
    ].iloc[0]
    assert alphabet_2020["revenue"] == 182_500_000_000
    assert alphabet_2020["currency"] == "USD"
    assert alphabet_2020["fiscal_year"] == 2020
    edf = reference[reference["decision_id"] == "SAN-2022-021"].iloc[0]
    assert edf["revenue"] == 84_461_000_000
    assert edf["currency"] == "EUR"


def test_every_quote_contains_the_figure(reference: pd.DataFrame) -> None:
    unchecked = []
    for row in reference.itertuples():
        key = (row.decision_id, row.scope, row.fiscal_year)
        if key in QUOTES_CHECKED_BY_HAND:
            continue
        if not quote_supports_revenue(row.quote, int(row.revenue)):
            unchecked.append(key)
    assert unchecked == [], f"quotes that do not show their revenue: {unchecked}"


@pytest.mark.parametrize(
    ("quote", "revenue"),
    [
        ("Total revenues $ 110,855 $ 136,819 $ 161,857", 136_819_000_000),
        ("Revenue for the year was reported at $182.5 billion, up 12.8%", 182_500_000_000),
        ("Chiffre d’affaires 84 461 69 031", 84_461_000_000),
        ("a crû de plus de 10% à 5,871 milliards d'euros.", 5_871_000_000),
        ("chiffre d’affaires de 2 204 millions d’euros", 2_204_000_000),
        ("Chiffre d’affaires : +28%1 à €2.272M€ comparé à 2020", 2_272_000_000),
        ("ressort à 505,8 M€ (+7,7%", 505_800_000),
        ("| Chiffre d'affaires TTC | 81 020 | 80 735 | +3,1% | 80 772 | 80 672 |", 80_672_000_000),
        ("turnover\u00a0of 1\u202f234\u202f567 euros", 1_234_567),
    ],
)
def test_quote_check_reads_the_usual_formats(quote: str, revenue: int) -> None:
    assert quote_supports_revenue(quote, revenue)


@pytest.mark.parametrize(
    ("quote", "revenue"),
    [
        ("Total revenues $ 110,855 $ 136,819 $ 161,857", 136_820_000_000),
        ("Revenue for the year was reported at $182.5 billion", 185_200_000_000),
        ("Chiffre d’affaires 84 461 69 031", 84_460_000_000),
        ("no figure here", 1_000),
    ],
)
def test_quote_check_rejects_a_figure_not_in_the_quote(quote: str, revenue: int) -> None:
    assert not quote_supports_revenue(quote, revenue)


def test_quote_numbers_keeps_space_groups_apart_from_next_column() -> None:
    values = quote_numbers("Chiffre d’affaires 84 461 69 031")
    assert Decimal(84461) in values
    assert Decimal(69031) in values
    assert Decimal(8446169031) not in values


# --- bad reference rows ----------------------------------------------------------------------


def _rewrite(tmp_path: Path, line: int, column: str, value: str) -> Path:
    """Copy the real reference file with one value replaced (line numbers as in the file)."""
    with REFERENCE_PATH.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    rows[line - 1][header.index(column)] = value
    out = tmp_path / "public_turnover.csv"
    with out.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, quoting=csv.QUOTE_ALL).writerows(rows)
    return out


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("source_url", "", "required field 'source_url' is empty"),
        ("source_url", "sec.gov/R35.htm", "'source_url' does not match"),
        ("quote", "", "required field 'quote' is empty"),
        ("quote", "x" * 201, "'quote' is 201 characters long"),
        ("scope", "group", "'scope' must be one of consolidated_group, legal_entity"),
        ("revenue", "0", "'revenue' must be >= 1"),
        ("revenue", "-5", "'revenue' must be a whole number"),
        ("revenue", "110,855", "'revenue' must be a whole number"),
        ("currency", "usd", "'currency' does not match"),
        ("currency", "XYZ", "'currency' 'XYZ' has no ECB reference rate"),
        ("decision_id", "SAN-19-1", "'decision_id' does not match"),
        ("fiscal_year_end", "31/12/2017", "'fiscal_year_end' must be a date"),
        ("fiscal_year_end", "2015-12-31", "does not close fiscal year 2017"),
        ("fiscal_year", "2017 ", "'fiscal_year' has surrounding whitespace"),
    ],
)
def test_bad_row_names_file_line_and_field(
    tmp_path: Path, column: str, value: str, message: str
) -> None:
    path = _rewrite(tmp_path, 2, column, value)
    with pytest.raises(ReferenceFormatError, match="public_turnover.csv:2: ") as info:
        load_public_turnover(path)
    assert message in str(info.value)
    assert str(path) in str(info.value)


def test_bad_row_further_down_gives_its_line(tmp_path: Path) -> None:
    path = _rewrite(tmp_path, 21, "scope", "holding")
    with pytest.raises(ReferenceFormatError, match=r"public_turnover.csv:21: field 'scope'"):
        load_public_turnover(path)


def test_duplicate_row_is_rejected(tmp_path: Path) -> None:
    lines = REFERENCE_PATH.read_text(encoding="utf-8").splitlines(keepends=True)
    path = tmp_path / "public_turnover.csv"
    path.write_text("".join([*lines, lines[1]]), encoding="utf-8")
    with pytest.raises(ReferenceFormatError, match=rf":{len(lines) + 1}: duplicate of line 2"):
        load_public_turnover(path)


def test_missing_column_and_short_row_are_rejected(tmp_path: Path) -> None:
    path = tmp_path / "public_turnover.csv"
    path.write_text('"decision_id","scope"\n"SAN-2019-001","legal_entity"\n', encoding="utf-8")
    with pytest.raises(ReferenceFormatError, match=r":1: bad header: missing columns \["):
        load_public_turnover(path)
    lines = REFERENCE_PATH.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text(lines[0] + '"SAN-2019-001","Google LLC"\n', encoding="utf-8")
    with pytest.raises(ReferenceFormatError, match=r":2: expected 13 fields"):
        load_public_turnover(path)


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ReferenceFormatError, match="cannot read the reference file"):
        load_public_turnover(tmp_path / "nope.csv")


def test_user_added_row_with_published_date(tmp_path: Path) -> None:
    """A user adds a row (here: a synthetic test row, not a real figure) and a publication date."""
    lines = REFERENCE_PATH.read_text(encoding="utf-8").splitlines()
    header = lines[0] + ',"published_date"'
    body = [line + ',""' for line in lines[1:]]
    body.append(
        '"SAN-2099-001","Synthetic SAS","Synthetic SAS","legal_entity","2098","2098-12-31",'
        '"1000000","GBP","https://example.org/synthetic","synthetic test row",'
        '"synthetic: turnover of £1.0 million","test","synthetic","2099-03-01"'
    )
    path = tmp_path / "public_turnover.csv"
    path.write_text("\n".join([header, *body]) + "\n", encoding="utf-8")
    ref = load_public_turnover(path)
    assert len(ref) == len(body)
    assert ref["published_date"].iloc[-1] == pd.Timestamp("2099-03-01")
    assert quote_supports_revenue(ref["quote"].iloc[-1], int(ref["revenue"].iloc[-1]))


# --- choosing the public figure --------------------------------------------------------------


def test_group_is_preferred_over_legal_entity(reference: pd.DataFrame) -> None:
    row = select_public_figure(reference, "SAN-2020-012", dt.date(2020, 12, 7))
    assert row is not None
    assert row["scope"] == "consolidated_group"
    assert row["reported_entity"] == "Alphabet Inc."
    assert row["fiscal_year"] == 2019


def test_unpublished_preceding_year_falls_back_to_the_year_before(reference: pd.DataFrame) -> None:
    # SAN-2019-001, 21 Jan 2019: Alphabet's FY2018 results came out on 4 Feb 2019.
    row = select_public_figure(reference, "SAN-2019-001", dt.date(2019, 1, 21))
    assert row is not None
    assert row["fiscal_year"] == 2017
    assert row["revenue"] == 110_855_000_000
    # The same rows against a (hypothetical) later date use the preceding year, FY2018.
    later = select_public_figure(reference, "SAN-2019-001", dt.date(2019, 6, 1))
    assert later is not None
    assert later["fiscal_year"] == 2018


def test_published_date_overrides_the_assumed_lag(reference: pd.DataFrame) -> None:
    ref = reference.copy()
    ref["published_date"] = pd.NaT
    fy2018 = (ref["decision_id"] == "SAN-2019-001") & (ref["fiscal_year"] == 2018)
    ref.loc[fy2018, "published_date"] = pd.Timestamp("2019-01-10")  # hypothetical early date
    row = select_public_figure(ref, "SAN-2019-001", dt.date(2019, 1, 21))
    assert row is not None
    assert row["fiscal_year"] == 2018


def test_no_other_year_is_substituted(reference: pd.DataFrame) -> None:
    # Reworld's FY2022 row is for SAN-2023-006 (11 May 2023); a decision a year later needs
    # FY2023, which the reference lacks: no figure rather than the wrong year.
    assert select_public_figure(reference, "SAN-2023-006", dt.date(2024, 5, 11)) is None
    # A decision on 31 Dec is set against the year closed the year before.
    row = select_public_figure(reference, "SAN-2021-023", dt.date(2021, 12, 31))
    assert row is not None
    assert row["fiscal_year"] == 2020


# --- the basis rule on real decisions --------------------------------------------------------


def _decisions() -> pd.DataFrame:
    """Real decision ids with the facts of their gold files (tests/gold/<id>.json) and the
    turnover figures their texts state (as extracted)."""
    dedalus = [
        turnover_figure(18_800_000, 2019, "entity", False, entity="DEDALUS BIOLOGIE"),
        turnover_figure(16_300_000, 2020, "entity", False, entity="DEDALUS BIOLOGIE"),
    ]
    edf = [
        turnover_figure(69_000_000_000, 2020, "group", True, bound="lower", entity="groupe EDF"),
        turnover_figure(84_000_000_000, 2021, "group", True, bound="lower", entity="groupe EDF"),
    ]
    rows = [
        # Dedalus: the decision states 16.3 M EUR (2020) for the company itself, none for its
        # group (« fait partie du groupe DEDALUS »).
        ("SAN-2022-009", "2022-04-15", False, 1_500_000, 16_300_000, 2020, "entity", dedalus),
        # Anonymised « société X », no turnover in the text.
        ("SAN-2021-010", "2021-07-20", True, 1_750_000, None, None, None, None),
        # Google, as Légifrance publishes it: « société X » -> never an external figure.
        ("SAN-2019-001", "2019-01-21", True, 50_000_000, None, None, None, None),
        # Google LLC + Google Ireland, turnover blacked out.
        ("SAN-2021-023", "2021-12-31", False, 150_000_000, None, None, None, None),
        # EDF: the decision states more than 84 bn EUR (2021) for the group; public row too.
        ("SAN-2022-021", "2022-11-24", False, 600_000, 84_000_000_000, 2021, "group", edf),
        # Le Figaro: blacked out and no public figure in the reference.
        ("SAN-2021-013", "2021-07-27", False, 50_000, None, None, None, None),
    ]
    frame = pd.DataFrame(rows, columns=list(INPUT_COLUMNS))
    frame["decision_date"] = pd.to_datetime(frame["decision_date"])
    frame["organisation_anonymised"] = frame["organisation_anonymised"].astype("boolean")
    frame["fine_eur"] = frame["fine_eur"].astype("Int64")
    frame["turnover_eur"] = frame["turnover_eur"].astype("Float64")
    frame["turnover_year"] = frame["turnover_year"].astype("Int64")
    frame["turnover_scope"] = frame["turnover_scope"].astype("string")
    frame["turnover_figures"] = pd.array(
        [None if f is None else json.dumps(f) for f in frame["turnover_figures"]], dtype="string"
    )
    return frame


@pytest.fixture(scope="module")
def basis(reference: pd.DataFrame) -> pd.DataFrame:
    return add_turnover_basis(_decisions(), reference).set_index("decision_id")


def test_basis_is_pure_and_adds_the_declared_columns(reference: pd.DataFrame) -> None:
    frame = _decisions()
    before = frame.copy()
    out = add_turnover_basis(frame, reference)
    pd.testing.assert_frame_equal(frame, before)
    new = [f.name for f in PUBLIC_TURNOVER_FIELDS]
    assert list(out.columns) == [*frame.columns, *new]
    for f in PUBLIC_TURNOVER_FIELDS:
        assert str(out[f.name].dtype) == f.pandas_dtype, f.name


def test_dedalus_entity_from_the_decision_undertaking_from_the_group_accounts(
    basis: pd.DataFrame,
) -> None:
    row = basis.loc["SAN-2022-009"]
    # the company's own figure, as the decision states it
    assert row["turnover_entity_eur"] == 16_300_000
    assert (row["turnover_entity_year"], row["turnover_entity_origin"]) == (2020, "decision")
    assert row["turnover_entity_scope"] == "legal_entity"
    assert pd.isna(row["turnover_entity_source"])
    # the group's, from public accounts, for the latest year the decision itself states
    # (the reference has no 2021 row: SAN-2022-009 of April 2022 uses 2020 figures)
    assert row["turnover_undertaking_eur"] == 461_000_000
    assert row["turnover_undertaking_year"] == 2020
    assert row["turnover_undertaking_origin"] == "public_accounts"
    assert row["turnover_undertaking_scope"] == "group"
    assert "461 milioni" in row["turnover_undertaking_quote"]
    assert row["turnover_undertaking_source"].startswith("https://www.dedalus.com/")
    # caps and the EDPB method use the undertaking
    assert row["turnover_cap_basis_eur"] == 461_000_000
    assert row["turnover_cap_basis_origin"] == "public_accounts"
    assert row["turnover_cap_basis_scope"] == "undertaking"
    # the former basis keeps the decision's own figure, whatever its perimeter
    assert (row["turnover_basis_eur"], row["turnover_basis_origin"]) == (16_300_000, "decision")


@pytest.mark.parametrize("decision_id", ["SAN-2021-010", "SAN-2019-001"])
def test_anonymised_decision_gets_nothing(basis: pd.DataFrame, decision_id: str) -> None:
    row = basis.loc[decision_id]
    for f in PUBLIC_TURNOVER_FIELDS:
        assert pd.isna(row[f.name]), f.name


def test_blacked_out_google_gets_alphabet_in_eur(basis: pd.DataFrame) -> None:
    row = basis.loc["SAN-2021-023"]
    rate = fx.annual_average_rate("USD", 2020)
    assert row["turnover_public_year"] == 2020
    assert row["turnover_public_scope"] == "consolidated_group"
    assert row["turnover_public_entity"] == "Alphabet Inc."
    assert row["turnover_public_currency"] == "USD"
    assert row["turnover_public_amount"] == 182_500_000_000
    assert row["turnover_public_fx_rate"] == pytest.approx(rate)
    assert row["turnover_public_fx_rate"] == pytest.approx(1.1422, abs=5e-4)
    assert row["turnover_public_eur"] == pytest.approx(182_500_000_000 / rate)
    assert row["turnover_basis_eur"] == row["turnover_public_eur"]
    assert row["turnover_basis_origin"] == "public_accounts"
    assert row["turnover_cap_basis_scope"] == "undertaking"
    assert row["turnover_undertaking_eur"] == row["turnover_public_eur"]
    # the legal-entity row (Google Ireland's 2020 accounts) is the entity's
    assert row["turnover_entity_eur"] == 48_400_000_000
    assert row["turnover_entity_origin"] == "public_accounts"
    assert row["turnover_public_source"].startswith("https://www.investopedia.com/")
    assert "$182.5 billion" in row["turnover_public_quote"]


def test_decision_figure_wins_but_public_figure_is_kept(basis: pd.DataFrame) -> None:
    row = basis.loc["SAN-2022-021"]
    assert row["turnover_basis_eur"] == 84_000_000_000
    assert row["turnover_basis_origin"] == "decision"
    assert row["turnover_cap_basis_scope"] == "undertaking"
    assert row["turnover_undertaking_bound"] == "lower"  # « plus de 84 milliards »
    assert pd.isna(row["turnover_entity_eur"])  # EDF SA's own figure is not stated
    assert row["turnover_public_eur"] == 84_461_000_000
    assert row["turnover_public_fx_rate"] == 1.0


def test_no_source_no_basis(basis: pd.DataFrame) -> None:
    row = basis.loc["SAN-2021-013"]
    assert pd.isna(row["turnover_basis_eur"])
    assert pd.isna(row["turnover_basis_origin"])


def test_unknown_anonymisation_is_treated_as_anonymised(reference: pd.DataFrame) -> None:
    frame = _decisions()
    frame.loc[frame["decision_id"] == "SAN-2021-023", "organisation_anonymised"] = pd.NA
    out = add_turnover_basis(frame, reference).set_index("decision_id")
    assert pd.isna(out.loc["SAN-2021-023", "turnover_public_eur"])


def test_missing_input_column_is_a_clear_error(reference: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match=r"missing input columns \['turnover_eur'\]"):
        add_turnover_basis(_decisions().drop(columns="turnover_eur"), reference)


def test_field_dictionary_is_documented() -> None:
    names = [f.name for f in PUBLIC_TURNOVER_FIELDS]
    assert len(names) == len(set(names))
    for f in PUBLIC_TURNOVER_FIELDS:
        assert isinstance(f, Field)
        assert f.group == "turnover_basis"
        assert len(f.description) > 30
    units = {f.name: f.unit for f in PUBLIC_TURNOVER_FIELDS}
    assert units["turnover_public_eur"] == units["turnover_basis_eur"] == "EUR"


# --- coverage of the corpus, with the gold facts ---------------------------------------------


def test_every_named_fined_decision_has_a_basis_or_a_listed_reason(
    reference: pd.DataFrame,
) -> None:
    gold = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(GOLD_DIR.glob("SAN-*.json"))]
    assert len(gold) >= 35, f"gold set incomplete in {GOLD_DIR}"
    frame = pd.DataFrame(
        {
            "decision_id": [g["decision_id"] for g in gold],
            "decision_date": pd.to_datetime([g["decision_date"] for g in gold]),
            "organisation_anonymised": pd.array(
                [g["organisation_anonymised"] for g in gold], dtype="boolean"
            ),
            "fine_eur": pd.array([g["fine_eur"] for g in gold], dtype="Int64"),
            "turnover_eur": pd.array([g["turnover_eur"] for g in gold], dtype="Float64"),
            "turnover_year": pd.array([g["turnover_year"] for g in gold], dtype="Int64"),
            "turnover_scope": pd.array([g["turnover_scope"] for g in gold], dtype="string"),
            # the gold figures (euro only), a group figure taken as the undertaking's
            "turnover_figures": pd.array(
                [
                    json.dumps(
                        [{**f, "undertaking": f["scope"] == "group"} for f in g["turnover_figures"]]
                    )
                    for g in gold
                ],
                dtype="string",
            ),
        }
    )
    out = add_turnover_basis(frame, reference)
    named_fined = out[out["fine_eur"].notna() & ~out["organisation_anonymised"].astype(bool)]
    without = set(named_fined.loc[named_fined["turnover_basis_eur"].isna(), "decision_id"])
    # the one list of them (data/reference/no_turnover_basis.csv), restricted to the gold set
    assert without == set(load_no_basis()) & set(frame["decision_id"])
    public = set(out.loc[out["turnover_basis_origin"] == "public_accounts", "decision_id"])
    assert {"SAN-2021-023", "SAN-2021-024", "SAN-2022-011", "SAN-2021-019"} <= public
