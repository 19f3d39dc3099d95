"""The field dictionary of the dataset and everything it drives.

The dictionary is written once, as :class:`~cnil_sanctions.fields.Field` lists: the identification
and provenance columns here, the extracted facts in :mod:`cnil_sanctions.extract.fields`, the
turnover basis in :mod:`cnil_sanctions.public_turnover`. From it come the pandera schema that every
row must pass before anything is written (:func:`validate`), the dtypes of
:func:`cnil_sanctions.dataset.load_sanctions`, and the Frictionless ``datapackage.json``
(:func:`datapackage`).
"""

from __future__ import annotations

from functools import cache
from typing import Literal

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from cnil_sanctions.decision import DECISION_ID_RE
from cnil_sanctions.errors import SchemaError
from cnil_sanctions.fields import Field

IDENTIFICATION_FIELDS: list[Field] = [
    Field(
        "decision_id",
        "string",
        "Number of the deliberation: SAN-2022-009 (formation restreinte since 2019), a plain "
        "number before (2016-204), or MEDP-2021-001 (bureau decision publishing a formal notice).",
        required=True,
        pattern=DECISION_ID_RE.pattern.removeprefix("^").removesuffix("$"),
        scored="value",
    ),
    Field("decision_date", "date", "Date of the deliberation.", required=True, scored="value"),
    Field(
        "publication_date",
        "date",
        "Date of publication on Légifrance (empty when the captured page has no header).",
    ),
    Field(
        "legifrance_id",
        "string",
        "Légifrance identifier of the text (CNILTEXT + 12 digits).",
        pattern=r"CNILTEXT\d{12}",
    ),
    Field(
        "nature",
        "string",
        "« Nature de la délibération » as published (Sanction); empty when the page omits the line.",
    ),
    Field("legal_state", "string", "« Etat juridique » as published (En vigueur / VIGUEUR)."),
    Field("title", "string", "Full title of the deliberation as published.", required=True),
    Field(
        "source",
        "string",
        "Source module the row was read from.",
        required=True,
        enum=("dila", "legifrance_text"),
    ),
    Field("source_url", "string", "Official URL of the document (Légifrance).", required=True),
    Field(
        "mirror_url",
        "string",
        "The copy the document was actually read from, when not the official site.",
    ),
    Field(
        "retrieved_at",
        "datetime",
        "When the document was first retrieved into the raw store (ISO 8601, UTC).",
        required=True,
    ),
    Field(
        "last_seen",
        "datetime",
        "When the document was last seen at its source (UTC).",
        required=True,
    ),
    Field(
        "sha256",
        "string",
        "sha256 of the original document bytes in the raw store.",
        required=True,
        pattern=r"[0-9a-f]{64}",
    ),
    Field(
        "text_chars",
        "integer",
        "Length of the decision text in characters.",
        unit="characters",
        required=True,
        minimum=1,
    ),
    Field(
        "other_versions_sha256",
        "string",
        "sha256 of other stored texts of the same decision, left out by the de-duplication rule "
        "(semicolon-separated).",
    ),
]

_FRICTIONLESS_TYPES = {
    "string": "string",
    "integer": "integer",
    "number": "number",
    "boolean": "boolean",
    "date": "date",
    "datetime": "datetime",
}


@cache
def all_fields() -> tuple[Field, ...]:
    """Every column of the dataset, in order: identification, facts, turnover basis, appeals."""
    from cnil_sanctions.appeals import APPEAL_FIELDS
    from cnil_sanctions.extract.fields import FIELDS as FACT_FIELDS
    from cnil_sanctions.public_turnover import PUBLIC_TURNOVER_FIELDS

    fields = (*IDENTIFICATION_FIELDS, *FACT_FIELDS, *PUBLIC_TURNOVER_FIELDS, *APPEAL_FIELDS)
    names = [f.name for f in fields]
    duplicated = sorted({n for n in names if names.count(n) > 1})
    if duplicated:
        raise SchemaError(f"field dictionary defines columns twice: {duplicated}")
    return fields


def field_names() -> list[str]:
    """Column names in dataset order."""
    return [f.name for f in all_fields()]


def scored_fields(kind: Literal["value", "items"]) -> list[str]:
    """Columns the evaluation compares with the gold set, in dataset order: ``"value"`` value
    by value, ``"items"`` item by item (:attr:`Field.scored <cnil_sanctions.fields.Field>`)."""
    return [f.name for f in all_fields() if f.scored == kind]


def evidence_columns() -> dict[str, Field]:
    """Every evidence column (a field with ``evidence_for``) by name, in dataset order."""
    out = {f.name: f for f in all_fields() if f.evidence_for}
    known = set(field_names())
    for f in out.values():
        unknown = [n for n in f.evidence_for if n not in known]
        if unknown:
            raise SchemaError(f"evidence column {f.name} supports unknown columns {unknown}")
    return out


def _checks(f: Field) -> list[pa.Check]:
    checks: list[pa.Check] = []
    if f.enum is not None:
        checks.append(pa.Check.isin(list(f.enum), error=f"{f.name}: value not in {list(f.enum)}"))
    if f.pattern is not None:
        checks.append(
            pa.Check.str_matches(
                rf"(?:{f.pattern})\Z", error=f"{f.name}: does not match {f.pattern}"
            )
        )
    if f.minimum is not None:
        checks.append(pa.Check.ge(f.minimum, error=f"{f.name}: below {f.minimum}"))
    if f.maximum is not None:
        checks.append(pa.Check.le(f.maximum, error=f"{f.name}: above {f.maximum}"))
    return checks


def pandera_schema_for(
    fields: tuple[Field, ...] | list[Field], unique: list[str], name: str
) -> pa.DataFrameSchema:
    """A strict, ordered pandera schema for any field dictionary (``unique``: key columns)."""
    columns = {
        f.name: pa.Column(
            f.pandas_dtype,
            checks=_checks(f),
            nullable=not f.required,
            required=True,
            description=f.description,
        )
        for f in fields
    }
    return pa.DataFrameSchema(
        columns, strict=True, ordered=True, unique=unique, coerce=False, name=name
    )


@cache
def pandera_schema() -> pa.DataFrameSchema:
    """The pandera schema derived from the field dictionary (strict, ordered, unique ids)."""
    return pandera_schema_for(all_fields(), ["decision_id"], "cnil_sanctions")


def cast(values: pd.Series, f: Field) -> pd.Series:
    """``values`` cast to the dtype of field ``f`` (dates from ISO text; missing stays missing)."""
    if f.type == "date":
        return pd.to_datetime(values, format="%Y-%m-%d").astype(f.pandas_dtype)
    return values.astype(f.pandas_dtype)


def coerce_fields(df: pd.DataFrame, fields: tuple[Field, ...] | list[Field]) -> pd.DataFrame:
    """Cast every column of ``fields`` to its dtype (missing stays missing), in field order."""
    out = df.copy()
    for f in fields:
        if f.name not in out:
            raise SchemaError(f"column {f.name!r} is missing from the dataset")
        out[f.name] = cast(out[f.name], f)
    return out[[f.name for f in fields]]


def coerce(df: pd.DataFrame) -> pd.DataFrame:
    """Cast every column to its dictionary dtype (missing stays missing)."""
    return coerce_fields(df, all_fields())


def is_missing(value: object) -> bool:
    """The one rule for an empty cell: None, ``pd.NA``, NaN or NaT (a string, list or tuple
    never is, even empty)."""
    return value is None or (not isinstance(value, str | list | tuple) and bool(pd.isna(value)))


def validate_with(
    df: pd.DataFrame, schema: pa.DataFrameSchema, id_column: str, label: str | None = None
) -> pd.DataFrame:
    """Validate ``df``; :class:`SchemaError` names each failing row (``label`` and its
    ``id_column`` value) and field."""
    try:
        return schema.validate(df, lazy=True)
    except SchemaErrors as exc:
        cases = exc.failure_cases
        lines = []
        for _, case in cases.head(50).iterrows():
            idx = case.get("index")
            row = (
                df[id_column].iloc[int(idx)]
                if idx is not None and not pd.isna(idx) and id_column in df
                else "?"
            )
            lines.append(
                f"  {label or id_column} {row}, field {case.get('column')}: {case.get('check')} "
                f"(value {case.get('failure_case')!r})"
            )
        raise SchemaError(f"{len(cases)} schema violation(s):\n" + "\n".join(lines)) from exc


def validate(df: pd.DataFrame) -> pd.DataFrame:
    """Validate ``df`` against the dictionary; :class:`SchemaError` names each decision and field."""
    return validate_with(df, pandera_schema(), "decision_id", "decision")


def frictionless_fields(fields: tuple[Field, ...] | list[Field]) -> list[dict[str, object]]:
    """The Frictionless Table Schema ``fields`` of a field dictionary."""
    out = []
    for f in fields:
        desc = f.description + (f" Unit: {f.unit}." if f.unit else "")
        entry: dict[str, object] = {
            "name": f.name,
            "type": _FRICTIONLESS_TYPES[f.type],
            "description": desc,
        }
        constraints: dict[str, object] = {}
        if f.required:
            constraints["required"] = True
        if f.enum is not None:
            constraints["enum"] = list(f.enum)
        if f.pattern is not None:
            constraints["pattern"] = f.pattern
        if f.minimum is not None:
            constraints["minimum"] = f.minimum
        if f.maximum is not None:
            constraints["maximum"] = f.maximum
        if constraints:
            entry["constraints"] = constraints
        if f.unit:
            entry["unit"] = f.unit
        if f.type == "boolean":
            entry["trueValues"] = ["true"]
            entry["falseValues"] = ["false"]
        out.append(entry)
    return out


def tabular_resource(
    name: str,
    path: str,
    fields: tuple[Field, ...] | list[Field],
    rows: int,
    primary_key: list[str],
    description: str | None = None,
) -> dict[str, object]:
    """A Frictionless tabular-data-resource descriptor for one CSV of the package."""
    resource: dict[str, object] = {
        "name": name,
        "path": path,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "rows": rows,
    }
    if description:
        resource["description"] = description
    resource["schema"] = {
        "fields": frictionless_fields(fields),
        "primaryKey": primary_key,
        "missingValues": [""],
    }
    return resource


def datapackage(
    csv_name: str,
    last_updated: str | None,
    row_count: int,
    sources: list[dict[str, str]],
    extra_resources: list[dict[str, object]] | None = None,
) -> dict[str, object]:
    """A Frictionless Data Package descriptor for the dataset CSV (and ``extra_resources``)."""
    return {
        "profile": "tabular-data-package",
        "name": "cnil-sanctions",
        "title": "Sanctions of the French data protection authority (CNIL)",
        "description": (
            "One row per sanction decision of the CNIL's formation restreinte, with the facts "
            "extracted from the French text (fine, turnover, articles violated, people affected, "
            "measures, organisation), each with the sentence it came from."
        ),
        "licenses": [
            {
                "name": "etalab-2.0",
                "title": "Licence Ouverte / Etalab 2.0",
                "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
            }
        ],
        "attribution": f"CNIL, DILA — Légifrance (last update of the newest source document: {last_updated})",
        "sources": sources,
        "resources": [
            tabular_resource("cnil_sanctions", csv_name, all_fields(), row_count, ["decision_id"]),
            *(extra_resources or []),
        ],
    }
