"""Publicly reported turnover: the sourced reference table and the turnover basis rule.

``data/reference/public_turnover.csv`` lists, for companies named in CNIL decisions, the
annual revenue their accounts report (as reported, unconverted), each row with its source URL
and an exact quote. :func:`load_public_turnover` reads and validates it;
:func:`add_turnover_basis` adds the ``turnover_public_*`` and ``turnover_basis_*`` columns to
the sanctions dataset. The rule and its limits are in ``docs/turnover_basis.md``.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from importlib.resources.abc import Traversable
from pathlib import Path

import pandas as pd

from cnil_sanctions import fx, paths
from cnil_sanctions.fields import Field
from cnil_sanctions.turnover_scopes import (
    CAP_BASIS_FIELDS,
    ENTITY_UNDERTAKING_FIELDS,
    choose_turnovers,
    stated_years,
)

#: The reference file shipped with the package (``data/reference/`` in the repository).
REFERENCE_PATH: Traversable = paths.shipped_file("reference/public_turnover.csv")

#: The named fined decisions that have no turnover basis, each with the reason: the one list of
#: them (the README's table is rendered from it by ``make readme``; the tests check it against
#: the dataset).
NO_BASIS_PATH: Traversable = paths.shipped_file("reference/no_turnover_basis.csv")

SCOPES = ("consolidated_group", "legal_entity")
ORIGINS = ("decision", "public_accounts")
MAX_QUOTE_CHARS = 200

#: When the reference gives no ``published_date``, a financial year's accounts are assumed to be
#: public this many days after its closing date. 30 days is the quickest publication among the
#: reference's sources (Amazon's FY2019 results release, 30 Jan 2020; Alphabet's FY2018 came on
#: 4 Feb 2019). A decision taken sooner after a year end is set against the year before.
ASSUMED_PUBLICATION_LAG = dt.timedelta(days=30)

_URL = r"https?://\S+"
_CURRENCY = r"[A-Z]{3}"

#: Columns of ``public_turnover.csv`` (the reference file), in file order.
REFERENCE_FIELDS: list[Field] = [
    Field(
        "decision_id",
        "string",
        "CNIL deliberation number of the decision the row serves.",
        required=True,
        pattern=r"SAN-\d{4}-\d{3}",
        group="public_turnover_reference",
    ),
    Field(
        "entity_in_decision",
        "string",
        "The sanctioned entity as named in the decision.",
        required=True,
        group="public_turnover_reference",
    ),
    Field(
        "reported_entity",
        "string",
        "The entity whose revenue the source reports.",
        required=True,
        group="public_turnover_reference",
    ),
    Field(
        "scope",
        "string",
        "Perimeter of the figure: the group's consolidated accounts or one "
        "legal entity's own accounts.",
        required=True,
        enum=SCOPES,
        group="public_turnover_reference",
    ),
    Field(
        "fiscal_year",
        "integer",
        "Financial year the revenue is for.",
        unit="year",
        required=True,
        minimum=1999,
        maximum=2100,
        group="public_turnover_reference",
    ),
    Field(
        "fiscal_year_end",
        "date",
        "Closing date of that financial year (ISO 8601).",
        required=True,
        group="public_turnover_reference",
    ),
    Field(
        "revenue",
        "integer",
        "Revenue as reported, in whole units of `currency`, re-scaled "
        'only ("$110,855 million" -> 110855000000); never converted or estimated.',
        unit="currency units",
        required=True,
        minimum=1,
        group="public_turnover_reference",
    ),
    Field(
        "currency",
        "string",
        "ISO 4217 code of the currency the source reports in; it must "
        "have ECB reference rates (EUR or one of the ECB-quoted currencies).",
        required=True,
        pattern=_CURRENCY,
        group="public_turnover_reference",
    ),
    Field(
        "source_url",
        "string",
        "Where the figure was read.",
        required=True,
        pattern=_URL,
        group="public_turnover_reference",
    ),
    Field("source_title", "string", "Title of the source.", group="public_turnover_reference"),
    Field(
        "quote",
        "string",
        f"Exact extract (at most {MAX_QUOTE_CHARS} characters) of the "
        "source containing the figure.",
        required=True,
        group="public_turnover_reference",
    ),
    Field(
        "accessed_via",
        "string",
        "How the source was reached (e.g. the search corpus).",
        group="public_turnover_reference",
    ),
    Field(
        "notes",
        "string",
        "Column order of table quotes, caveats, corroborating sources.",
        group="public_turnover_reference",
    ),
]

#: Optional reference column: the date the accounts were first published. Not in the shipped
#: file; when given it replaces the ASSUMED_PUBLICATION_LAG assumption for that row.
PUBLISHED_DATE_FIELD = Field(
    "published_date",
    "date",
    "Date the accounts (or results release) for `fiscal_year` were first published; optional.",
    group="public_turnover_reference",
)

_G = "turnover_basis"
#: Columns :func:`add_turnover_basis` adds to the dataset.
PUBLIC_TURNOVER_FIELDS: list[Field] = [
    Field(
        "turnover_public_eur",
        "number",
        "Publicly reported revenue of the undertaking for the "
        "financial year set against the decision, converted to EUR at the average ECB rate of "
        "that year (turnover_public_amount / turnover_public_fx_rate). Empty for anonymised "
        "decisions and companies absent from data/reference/public_turnover.csv.",
        unit="EUR",
        minimum=0,
        group=_G,
    ),
    Field(
        "turnover_public_year",
        "integer",
        "Financial year of turnover_public_eur: the year "
        "preceding the decision, or the one before when the preceding year's accounts were not "
        "yet published on the decision date.",
        unit="year",
        group=_G,
    ),
    Field(
        "turnover_public_scope",
        "string",
        "Perimeter of the public figure: consolidated_group (preferred) or legal_entity.",
        enum=SCOPES,
        group=_G,
    ),
    Field(
        "turnover_public_entity",
        "string",
        "Entity whose accounts report the public figure (e.g. Alphabet Inc. for Google LLC).",
        group=_G,
    ),
    Field(
        "turnover_public_source",
        "string",
        "URL of the source of the public figure.",
        pattern=_URL,
        group=_G,
    ),
    Field(
        "turnover_public_quote",
        "string",
        "Exact extract of the source containing the figure.",
        group=_G,
    ),
    Field(
        "turnover_public_currency",
        "string",
        "ISO 4217 currency the source reports in.",
        pattern=_CURRENCY,
        group=_G,
    ),
    Field(
        "turnover_public_amount",
        "integer",
        "The public figure as reported, unconverted, in whole units of turnover_public_currency.",
        unit="turnover_public_currency units",
        minimum=1,
        group=_G,
    ),
    Field(
        "turnover_public_fx_rate",
        "number",
        "ECB euro reference rate used: mean of the daily "
        "rates over the financial year, days without an ECB rate left out (1.0 for EUR).",
        unit="turnover_public_currency per EUR",
        minimum=0,
        group=_G,
    ),
    Field(
        "turnover_basis_eur",
        "number",
        "Turnover the analysis has so far set the fine against: the decision's own figure "
        "(turnover_eur, whatever its perimeter: the entity's or the group's) when it states "
        "one, else turnover_public_eur; empty when neither exists. Not the art. 83 basis: the "
        "legal maximum and the EDPB method use turnover_cap_basis_eur (the undertaking's), a "
        "share of the company's own turnover uses turnover_entity_eur. See "
        "docs/turnover_basis.md (limits: Carrefour's figure includes VAT, TotalEnergies' sales "
        "may include excise taxes, perimeter changes at Iliad/Play and Reworld/Doctissimo).",
        unit="EUR",
        minimum=0,
        group=_G,
    ),
    Field(
        "turnover_basis_origin",
        "string",
        "Where turnover_basis_eur comes from: decision or "
        "public_accounts; empty when there is no basis.",
        enum=ORIGINS,
        group=_G,
    ),
    *ENTITY_UNDERTAKING_FIELDS,
    *CAP_BASIS_FIELDS,
]

INPUT_COLUMNS = (
    "decision_id",
    "decision_date",
    "organisation_anonymised",
    "fine_eur",
    "turnover_eur",
    "turnover_year",
    "turnover_scope",
    "turnover_figures",
)


class ReferenceFormatError(ValueError):
    """A row of the public turnover reference file is invalid (names file, line and field)."""


# --- loading ---------------------------------------------------------------------------------


def parse_field_value(field: Field, raw: str, where: str) -> object:
    """Parse and check one raw CSV value against its ``Field``; ``None`` for an empty value.

    Shared by the sourced reference tables (this one, :mod:`cnil_sanctions.official_figures`).
    """
    value = raw.strip()
    if value != raw:
        raise ReferenceFormatError(f"{where}: field {field.name!r} has surrounding whitespace")
    if value == "":
        if field.required:
            raise ReferenceFormatError(f"{where}: required field {field.name!r} is empty")
        return None
    parsed: object
    if field.type == "integer":
        if not re.fullmatch(r"\d+", value):
            raise ReferenceFormatError(
                f"{where}: field {field.name!r} must be a whole number without separators, "
                f"got {value!r}"
            )
        parsed = int(value)
    elif field.type == "date":
        try:
            parsed = dt.date.fromisoformat(value)
        except ValueError:
            raise ReferenceFormatError(
                f"{where}: field {field.name!r} must be a date YYYY-MM-DD, got {value!r}"
            ) from None
    else:
        parsed = value
        if field.enum is not None and value not in field.enum:
            raise ReferenceFormatError(
                f"{where}: field {field.name!r} must be one of {', '.join(field.enum)}, "
                f"got {value!r}"
            )
        if field.pattern is not None and not re.fullmatch(field.pattern, value):
            raise ReferenceFormatError(
                f"{where}: field {field.name!r} does not match {field.pattern!r}: {value!r}"
            )
    if isinstance(parsed, int):
        if field.minimum is not None and parsed < field.minimum:
            raise ReferenceFormatError(
                f"{where}: field {field.name!r} must be >= {field.minimum:g}, got {parsed}"
            )
        if field.maximum is not None and parsed > field.maximum:
            raise ReferenceFormatError(
                f"{where}: field {field.name!r} must be <= {field.maximum:g}, got {parsed}"
            )
    return parsed


def _check_row(row: dict[str, object], where: str) -> None:
    """Cross-field checks of one parsed reference row."""
    quote = row["quote"]
    if isinstance(quote, str) and len(quote) > MAX_QUOTE_CHARS:
        raise ReferenceFormatError(
            f"{where}: field 'quote' is {len(quote)} characters long (at most {MAX_QUOTE_CHARS})"
        )
    currency = row["currency"]
    if currency not in fx.currencies():
        raise ReferenceFormatError(
            f"{where}: field 'currency' {currency!r} has no ECB reference rate "
            f"(use one of {', '.join(sorted(fx.currencies()))})"
        )
    year, end = row["fiscal_year"], row["fiscal_year_end"]
    if isinstance(end, dt.date) and end.year not in (year, year + 1):  # type: ignore[operator]
        raise ReferenceFormatError(
            f"{where}: field 'fiscal_year_end' {end} does not close fiscal year {year}"
        )
    published = row.get("published_date")
    if isinstance(published, dt.date) and isinstance(end, dt.date) and published <= end:
        raise ReferenceFormatError(
            f"{where}: field 'published_date' {published} is not after fiscal_year_end {end}"
        )


def load_public_turnover(path: str | Path | Traversable | None = None) -> pd.DataFrame:
    """Read and validate the public turnover reference file (default :data:`REFERENCE_PATH`).

    Returns one row per reference line, typed with the :data:`REFERENCE_FIELDS` dtypes (dates as
    ``datetime64``). Any invalid value raises :class:`ReferenceFormatError` naming the file, the
    line and the field.
    """
    path = REFERENCE_PATH if path is None else Path(path) if isinstance(path, str) else path
    fields = {f.name: f for f in [*REFERENCE_FIELDS, PUBLISHED_DATE_FIELD]}
    try:
        handle = paths.open_csv(path)
    except OSError as exc:
        raise ReferenceFormatError(f"{path}: cannot read the reference file ({exc})") from exc
    records: list[dict[str, object]] = []
    seen: dict[tuple[object, ...], int] = {}
    with handle:
        reader = csv.DictReader(handle, strict=True)
        header = reader.fieldnames or []
        missing = [f.name for f in REFERENCE_FIELDS if f.name not in header]
        unknown = [name for name in header if name not in fields]
        if missing or unknown:
            raise ReferenceFormatError(
                f"{path}:1: bad header: missing columns {missing}, unknown columns {unknown}"
            )
        try:
            for raw in reader:
                where = f"{path}:{reader.line_num}"
                if None in raw or any(v is None for v in raw.values()):
                    raise ReferenceFormatError(
                        f"{where}: expected {len(header)} fields, the row has a different count"
                    )
                row = {name: parse_field_value(fields[name], raw[name], where) for name in header}
                _check_row(row, where)
                key = (row["decision_id"], row["scope"], row["fiscal_year"])
                if key in seen:
                    raise ReferenceFormatError(
                        f"{where}: duplicate of line {seen[key]} (same decision_id, scope and "
                        f"fiscal_year {key})"
                    )
                seen[key] = reader.line_num
                records.append(row)
        except csv.Error as exc:
            raise ReferenceFormatError(f"{path}:{reader.line_num}: malformed CSV ({exc})") from exc
    columns = [f for f in [*REFERENCE_FIELDS, PUBLISHED_DATE_FIELD] if f.name in header]
    frame = pd.DataFrame.from_records(records, columns=[f.name for f in columns])
    for f in columns:
        if f.type == "date":
            frame[f.name] = pd.to_datetime(frame[f.name]).astype("datetime64[ns]")
        else:
            frame[f.name] = frame[f.name].astype(f.pandas_dtype)
    frame.attrs["source_path"] = str(path)
    return frame


# --- quote check -----------------------------------------------------------------------------


def load_no_basis(path: Path | Traversable | None = None) -> dict[str, str]:
    """Decision number → why it has no turnover basis (:data:`NO_BASIS_PATH`), in file order.

    Raises :class:`ReferenceFormatError` naming the file and line of a bad or repeated row.
    """
    path = NO_BASIS_PATH if path is None else path
    out: dict[str, str] = {}
    with paths.open_csv(path) as fh:
        reader = csv.DictReader(fh, strict=True)
        if reader.fieldnames != ["decision_id", "why"]:
            raise ReferenceFormatError(f"{path}:1: header must be decision_id,why")
        for row in reader:
            where = f"{path}:{reader.line_num}"
            decision, why = row["decision_id"] or "", (row["why"] or "").strip()
            if not re.fullmatch(r"SAN-\d{4}-\d{3}", decision) or not why or decision in out:
                raise ReferenceFormatError(f"{where}: bad or repeated row {row}")
            out[decision] = why
    return out


def named_fines_without_basis(df: pd.DataFrame) -> list[str]:
    """Decision numbers of the named (not anonymised) fines of ``df`` with no turnover basis."""
    missing = df[
        df["fine_eur"].notna()
        & ~df["organisation_anonymised"].fillna(True).astype(bool)
        & df["turnover_basis_eur"].isna()
    ]
    return sorted(missing["decision_id"])


_NUMBER_RUN = re.compile(r"\d[\d,.]*")
_SCALES = (Decimal(1), Decimal(10) ** 3, Decimal(10) ** 6, Decimal(10) ** 9)


def _readings(token: str) -> set[Decimal]:
    """Every value a number written with , . as thousands or decimal separator may mean."""
    token = token.rstrip(",.")
    values: set[Decimal] = set()
    seps = {c for c in token if c in ",."}
    candidates = [token.replace(",", "").replace(".", "")]
    if len(seps) == 2:
        last = max(token.rfind(","), token.rfind("."))
        candidates.append(token[:last].replace(",", "").replace(".", "") + "." + token[last + 1 :])
    elif len(seps) == 1:
        sep = seps.pop()
        if token.count(sep) == 1:
            candidates.append(token.replace(sep, "."))
    for candidate in candidates:
        try:
            values.add(Decimal(candidate))
        except InvalidOperation:
            continue
    return values


def quote_numbers(quote: str) -> set[Decimal]:
    """All readings of the numbers in ``quote`` (space-grouped thousands joined, e.g. 84 461)."""
    text = re.sub(r"[\u00a0\u202f\u2009]", " ", quote)
    groups = re.findall(r"\d[\d,.]*(?: \d[\d,.]*)*", text)
    values: set[Decimal] = set()
    for group in groups:
        parts = group.split(" ")
        for i in range(len(parts)):
            joined = parts[i]
            values |= _readings(joined)
            for part in parts[i + 1 :]:
                if not re.fullmatch(r"\d{3}(?:[,.]\d+)?[,.]?", part):
                    break
                joined += part
                values |= _readings(joined)
    return values


def quote_supports_revenue(quote: str, revenue: int) -> bool:
    """True if some number in ``quote``, times 1, 10^3, 10^6 or 10^9, equals ``revenue``."""
    target = Decimal(revenue)
    return any(value * scale == target for value in quote_numbers(quote) for scale in _SCALES)


# --- turnover basis --------------------------------------------------------------------------


def _year_end_before(template: dt.date, decision: dt.date) -> dt.date:
    """Latest date before ``decision`` with the month and day of ``template``."""
    for year in (decision.year, decision.year - 1):
        try:
            candidate = template.replace(year=year)
        except ValueError:  # 29 February in a non-leap year
            candidate = dt.date(year, 2, 28)
        if candidate < decision:
            return candidate
    raise AssertionError("unreachable: a year end one year back is always before the decision")


def _shift_year(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return dt.date(day.year + years, 2, 28)


def select_public_figure(
    reference: pd.DataFrame,
    decision_id: str,
    decision_date: dt.date,
    scopes: Sequence[str] = SCOPES,
    stated_years: Sequence[int] = (),
) -> pd.Series | None:
    """The reference row to set against a decision, or ``None``.

    For each scope, the financial year is the last one closed before the decision whose accounts
    were published by then (``published_date`` if the reference gives it, else the year end plus
    :data:`ASSUMED_PUBLICATION_LAG`); otherwise the year before it. Only a row for exactly that
    year is used, with one exception: when the reference has no row for that year, the latest
    year the decision itself states a turnover for (``stated_years``) is used — the CNIL's own
    « preceding » year (SAN-2022-009 of April 2022 states only 2019 and 2020 figures). A
    consolidated_group row wins over a legal_entity row (``scopes`` in order of preference).
    """
    rows = reference[reference["decision_id"] == decision_id]
    for scope in scopes:
        scoped = rows[rows["scope"] == scope]
        if scoped.empty:
            continue
        ends = [ts.date() for ts in scoped["fiscal_year_end"]]
        template = max(ends)
        preceding_end = _year_end_before(template, decision_date)
        same = scoped[[end == preceding_end for end in ends]]
        published_on = preceding_end + ASSUMED_PUBLICATION_LAG
        if (
            "published_date" in scoped.columns
            and len(same)
            and pd.notna(same["published_date"].iloc[0])
        ):
            published_on = same["published_date"].iloc[0].date()
        target_end = (
            preceding_end if published_on <= decision_date else _shift_year(preceding_end, -1)
        )
        chosen = scoped[[end == target_end for end in ends]]
        if not len(chosen) and stated_years:
            chosen = scoped[scoped["fiscal_year"] == max(stated_years)]
        if len(chosen):
            return chosen.iloc[0]
    return None


def _decision_date(value: object, decision_id: object) -> dt.date | None:
    if value is None or pd.isna(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raise ValueError(f"{decision_id}: decision_date must be a date or datetime, got {value!r}")


def _public_values(row: pd.Series) -> dict[str, object]:
    """The ``turnover_public_*`` values of a reference row (converted to EUR)."""
    end = row["fiscal_year_end"].date()
    eur, rate = fx.to_eur(
        int(row["revenue"]), str(row["currency"]), int(row["fiscal_year"]), fiscal_year_end=end
    )
    return {
        "turnover_public_eur": eur,
        "turnover_public_year": int(row["fiscal_year"]),
        "turnover_public_scope": row["scope"],
        "turnover_public_entity": row["reported_entity"],
        "turnover_public_source": row["source_url"],
        "turnover_public_quote": row["quote"],
        "turnover_public_currency": row["currency"],
        "turnover_public_amount": int(row["revenue"]),
        "turnover_public_fx_rate": rate,
    }


def _for_choice(row: pd.Series | None) -> dict[str, object] | None:
    if row is None:
        return None
    return {**row.to_dict(), "eur": _public_values(row)["turnover_public_eur"]}


def add_turnover_basis(df: pd.DataFrame, reference: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return a copy of ``df`` with the :data:`PUBLIC_TURNOVER_FIELDS` columns added.

    ``df`` needs the columns in :data:`INPUT_COLUMNS`. ``reference`` defaults to
    :func:`load_public_turnover`. Rule: a decision the CNIL published anonymised (or whose
    anonymisation is unknown, NA) never gets an external figure. Otherwise the public figure is
    chosen by :func:`select_public_figure` and converted with :func:`cnil_sanctions.fx.to_eur`.
    ``turnover_basis_eur`` is the decision's own ``turnover_eur`` when it has one (origin
    ``decision``), else the public figure (origin ``public_accounts``), else empty. The
    entity's and the undertaking's turnover, and ``turnover_cap_basis_*`` (the undertaking's
    when known, else the entity's: the art. 83 basis), come from
    :func:`cnil_sanctions.turnover_scopes.choose_turnovers`.
    """
    missing = [c for c in INPUT_COLUMNS if c not in df.columns]
    if missing:
        raise ValueError(f"add_turnover_basis: missing input columns {missing}")
    if reference is None:
        reference = load_public_turnover()
    out = df.copy()
    values: dict[str, list[object]] = {f.name: [] for f in PUBLIC_TURNOVER_FIELDS}
    for _, facts in df[list(INPUT_COLUMNS)].iterrows():
        decision_id = facts["decision_id"]
        public: dict[str, object] = {f.name: pd.NA for f in PUBLIC_TURNOVER_FIELDS}
        day = _decision_date(facts["decision_date"], decision_id)
        anonymised = facts["organisation_anonymised"]
        allowed = (
            not pd.isna(anonymised)
            and not bool(anonymised)
            and day is not None
            and not pd.isna(decision_id)
        )
        rows: dict[str, pd.Series | None] = {"any": None, "group": None, "entity": None}
        if allowed:
            years = stated_years(facts["turnover_figures"])
            did = str(decision_id)
            assert day is not None  # checked by `allowed`
            rows = {
                "any": select_public_figure(reference, did, day, stated_years=years),
                "group": select_public_figure(
                    reference, did, day, scopes=("consolidated_group",), stated_years=years
                ),
                "entity": select_public_figure(
                    reference, did, day, scopes=("legal_entity",), stated_years=years
                ),
            }
        if rows["any"] is not None:
            public.update(_public_values(rows["any"]))
        own = facts["turnover_eur"]
        if not pd.isna(own):
            public.update(turnover_basis_eur=float(own), turnover_basis_origin="decision")
        elif rows["any"] is not None:
            public.update(
                turnover_basis_eur=public["turnover_public_eur"],
                turnover_basis_origin="public_accounts",
            )
        chosen = choose_turnovers(facts, _for_choice(rows["group"]), _for_choice(rows["entity"]))
        public.update({k: pd.NA if v is None else v for k, v in chosen.items()})
        for name, value in public.items():
            values[name].append(value)
    for f in PUBLIC_TURNOVER_FIELDS:
        out[f.name] = pd.array(values[f.name], dtype=f.pandas_dtype)
    return out
