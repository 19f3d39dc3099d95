"""Appeals as data: Conseil d'État rulings on CNIL sanctions (issue 16).

``data/reference/appeals.csv`` lists, for CNIL sanctions appealed to the Conseil d'État, the
case number, the date of the ruling, its outcome and the fine after appeal, each row with a
source URL and an exact quote in which the amount after appeal appears (plus the ArianeWeb
page of the case). :func:`load_appeals` reads and validates it; :func:`add_appeals` joins it
into the dataset's ``fine_after_appeal_eur`` / ``appeal_reference`` and adds the
:data:`APPEAL_FIELDS` columns.

Join rule: the decision's own header note (« Par une décision du …, le Conseil d'État a
réformé … », read by the extractor) is kept when there is one (``fine_after_appeal_source`` =
``decision_header``); otherwise the table's row for the decision fills the columns
(``appeals_table``). When both exist and disagree, the header is kept and the disagreement is
written to ``extraction_conflicts``. A decision published anonymised gets no row from the table
(its source names the company: no re-identification).
"""

from __future__ import annotations

import csv
import datetime as dt
from importlib.resources.abc import Traversable
from pathlib import Path

import pandas as pd

from cnil_sanctions import paths
from cnil_sanctions.extract.fine import ce_reference
from cnil_sanctions.fields import Field
from cnil_sanctions.public_turnover import (
    ReferenceFormatError,
    parse_field_value,
    quote_supports_revenue,
)

#: The appeals table shipped with the package (``data/reference/`` in the repository).
APPEALS_PATH: Traversable = paths.shipped_file("reference/appeals.csv")

OUTCOMES = ("rejected", "fine_reduced", "annulled", "partially_annulled")
SOURCES = ("decision_header", "appeals_table")
MAX_QUOTE_CHARS = 300
_URL = r"https?://\S+"
_R = "appeals_reference"

#: Columns of ``appeals.csv``, in file order.
APPEAL_REFERENCE_FIELDS: list[Field] = [
    Field(
        "decision_id",
        "string",
        "CNIL deliberation appealed.",
        required=True,
        pattern=r"SAN-\d{4}-\d{3}",
        group=_R,
    ),
    Field(
        "organisation", "string", "The appellant, as the sources name it.", required=True, group=_R
    ),
    Field(
        "case_number",
        "string",
        "Conseil d'État case number (n°).",
        required=True,
        pattern=r"\d{6}",
        group=_R,
    ),
    Field("ruling_date", "date", "Date the ruling was read (ISO 8601).", required=True, group=_R),
    Field(
        "outcome",
        "string",
        "rejected (the fine stands), fine_reduced (reformed, lower fine), annulled (fine set "
        "aside), partially_annulled.",
        required=True,
        enum=OUTCOMES,
        group=_R,
    ),
    Field(
        "fine_eur",
        "integer",
        "Fine the CNIL pronounced.",
        unit="EUR",
        required=True,
        minimum=0,
        group=_R,
    ),
    Field(
        "fine_after_appeal_eur",
        "integer",
        "Fine after the ruling (0 if annulled).",
        unit="EUR",
        required=True,
        minimum=0,
        group=_R,
    ),
    Field(
        "source_url", "string", "Where the outcome was read.", required=True, pattern=_URL, group=_R
    ),
    Field("source_title", "string", "Title of the source.", group=_R),
    Field(
        "quote",
        "string",
        f"Exact extract (at most {MAX_QUOTE_CHARS} characters) of the source stating the "
        "outcome; the fine after appeal appears in it.",
        required=True,
        group=_R,
    ),
    Field(
        "case_source_url",
        "string",
        "The ruling's page (ArianeWeb) giving its number and date.",
        required=True,
        pattern=_URL,
        group=_R,
    ),
    Field("accessed_via", "string", "How the sources were reached.", group=_R),
    Field("notes", "string", "What each source shows, corroboration, caveats.", group=_R),
]

_G = "appeals"
#: Columns :func:`add_appeals` adds to the dataset.
APPEAL_FIELDS: list[Field] = [
    Field(
        "fine_after_appeal_source",
        "string",
        "Where fine_after_appeal_eur and appeal_reference come from: the decision's own header "
        "note (decision_header) or data/reference/appeals.csv (appeals_table); empty when no "
        "appeal outcome is known.",
        enum=SOURCES,
        group=_G,
    ),
    Field(
        "appeal_outcome",
        "string",
        "Outcome of the Conseil d'État ruling: rejected, fine_reduced, annulled, "
        "partially_annulled.",
        enum=OUTCOMES,
        group=_G,
    ),
    Field(
        "appeal_source_url",
        "string",
        "URL of the source of an appeals-table row (empty for a header note: the decision "
        "itself is the source).",
        pattern=_URL,
        group=_G,
    ),
    Field(
        "appeal_quote",
        "string",
        "Exact quote of that source stating the outcome and the fine after appeal.",
        group=_G,
    ),
]

INPUT_COLUMNS = (
    "decision_id",
    "organisation_anonymised",
    "fine_eur",
    "fine_after_appeal_eur",
    "appeal_reference",
    "extraction_conflicts",
)


def _check_row(row: dict[str, object], where: str) -> None:
    quote = str(row["quote"])
    if len(quote) > MAX_QUOTE_CHARS:
        raise ReferenceFormatError(
            f"{where}: field 'quote' is {len(quote)} characters long (at most {MAX_QUOTE_CHARS})"
        )
    after, before = int(row["fine_after_appeal_eur"]), int(row["fine_eur"])  # type: ignore[call-overload]
    if after and not quote_supports_revenue(quote, after):
        raise ReferenceFormatError(
            f"{where}: the quote does not show the fine after appeal {after}"
        )
    expected = {
        "rejected": after == before,
        "fine_reduced": 0 < after < before,
        "annulled": after == 0,
    }
    if not expected.get(str(row["outcome"]), after <= before):
        raise ReferenceFormatError(
            f"{where}: outcome {row['outcome']!r} does not match fine {before} -> {after}"
        )
    case_number = str(row["case_number"])
    if case_number not in str(row["case_source_url"]):
        raise ReferenceFormatError(f"{where}: case_source_url does not name case {case_number}")


def load_appeals(path: str | Path | Traversable | None = None) -> pd.DataFrame:
    """The appeals table, validated (:class:`ReferenceFormatError` names file, line and field)."""
    source: Path | Traversable = (
        APPEALS_PATH if path is None else Path(path) if isinstance(path, str) else path
    )
    fields = {f.name: f for f in APPEAL_REFERENCE_FIELDS}
    records: list[dict[str, object]] = []
    seen: dict[str, int] = {}
    with paths.open_csv(source) as fh:
        reader = csv.DictReader(fh)
        header = list(reader.fieldnames or [])
        if header != list(fields):
            raise ReferenceFormatError(f"{source}: columns must be {list(fields)}, got {header}")
        for raw in reader:
            where = f"{source.name}:{reader.line_num}"
            if None in raw or any(v is None for v in raw.values()):
                raise ReferenceFormatError(f"{where}: expected {len(header)} fields")
            row = {name: parse_field_value(fields[name], raw[name], where) for name in header}
            _check_row(row, where)
            key = str(row["decision_id"])
            if key in seen:
                raise ReferenceFormatError(f"{where}: second row for {key} (line {seen[key]})")
            seen[key] = reader.line_num
            records.append(row)
    frame = pd.DataFrame.from_records(records, columns=list(fields))
    for f in APPEAL_REFERENCE_FIELDS:
        if f.type == "date":
            frame[f.name] = pd.to_datetime(frame[f.name]).astype("datetime64[ns]")
        else:
            frame[f.name] = frame[f.name].astype(f.pandas_dtype)
    return frame


def _header_outcome(fine: object, after: object) -> str | None:
    if pd.isna(after):
        return None
    if int(after) == 0:  # type: ignore[call-overload]
        return "annulled"
    if not pd.isna(fine) and int(after) < int(fine):  # type: ignore[call-overload]
        return "fine_reduced"
    return "rejected"


def add_appeals(df: pd.DataFrame, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return a copy of ``df`` with the table joined and :data:`APPEAL_FIELDS` added (rule:
    module docstring)."""
    missing = [c for c in INPUT_COLUMNS if c not in df.columns]
    if missing:
        raise ValueError(f"add_appeals: missing input columns {missing}")
    if table is None:
        table = load_appeals()
    by_id = {str(r["decision_id"]): r for _, r in table.iterrows()}
    out = df.copy()
    cols: dict[str, list[object]] = {
        n: list(out[n])
        for n in ("fine_after_appeal_eur", "appeal_reference", "extraction_conflicts")
    }
    new: dict[str, list[object]] = {f.name: [] for f in APPEAL_FIELDS}
    for i, (_, r) in enumerate(df[list(INPUT_COLUMNS)].iterrows()):
        values: dict[str, object] = {f.name: None for f in APPEAL_FIELDS}
        header = not pd.isna(r["fine_after_appeal_eur"]) or not pd.isna(r["appeal_reference"])
        anonymised = pd.isna(r["organisation_anonymised"]) or bool(r["organisation_anonymised"])
        row = None if anonymised else by_id.get(str(r["decision_id"]))
        if header:
            values.update(
                fine_after_appeal_source="decision_header",
                appeal_outcome=_header_outcome(r["fine_eur"], r["fine_after_appeal_eur"]),
            )
        if row is not None:
            ruling: dt.date = row["ruling_date"].date()
            reference = ce_reference(ruling, str(row["case_number"]))
            after = int(row["fine_after_appeal_eur"])
            if not header:
                cols["fine_after_appeal_eur"][i] = after
                cols["appeal_reference"][i] = reference
                values.update(
                    fine_after_appeal_source="appeals_table",
                    appeal_outcome=row["outcome"],
                    appeal_source_url=row["source_url"],
                    appeal_quote=row["quote"],
                )
            elif cols["fine_after_appeal_eur"][i] != after:
                note = (
                    f"fine_after_appeal_eur: the decision's header says "
                    f"{cols['fine_after_appeal_eur'][i]} ({r['appeal_reference']}); "
                    f"data/reference/appeals.csv says {after} ({reference}); the header is kept"
                )
                prior = cols["extraction_conflicts"][i]
                cols["extraction_conflicts"][i] = note if pd.isna(prior) else f"{prior}\n{note}"
        for name, value in values.items():
            new[name].append(value)
    types = {f.name: f for f in (*APPEAL_FIELDS,)}
    for name, values_ in cols.items():
        out[name] = pd.array(
            [pd.NA if v is None or (not isinstance(v, str) and pd.isna(v)) else v for v in values_],
            dtype=df[name].dtype,
        )
    for name, values_ in new.items():
        out[name] = pd.array(
            [pd.NA if v is None else v for v in values_], dtype=types[name].pandas_dtype
        )
    return out
