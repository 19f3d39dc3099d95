"""The field dictionary primitive: one ``Field`` per dataset column.

Every module that contributes columns to the dataset declares them as a list of
``Field`` objects (``IDENTIFICATION_FIELDS`` in :mod:`cnil_sanctions.schema`,
``FIELDS`` in :mod:`cnil_sanctions.extract.fields`, ...). :mod:`cnil_sanctions.schema`
assembles them into the one field dictionary that drives the pandera schema, the
pandas dtypes of :func:`cnil_sanctions.load_sanctions` and ``datapackage.json``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

FieldType = Literal["string", "integer", "number", "boolean", "date", "datetime"]

#: pandas dtype used for each field type (nullable dtypes: missing stays missing).
PANDAS_DTYPES: dict[str, str] = {
    "string": "string",
    "integer": "Int64",
    "number": "Float64",
    "boolean": "boolean",
    "date": "datetime64[ns]",
    "datetime": "string",  # ISO 8601 with offset, kept as text: exact round-trip
}


@dataclass(frozen=True)
class Field:
    """One column of the dataset: name, type, unit and meaning.

    ``required``: the column may not be empty in any row.
    ``enum``: the only values allowed (for strings).
    ``minimum`` / ``maximum``: inclusive bounds for numbers.
    ``pattern``: a regular expression every non-empty string value must match fully.
    ``scored``: how :mod:`cnil_sanctions.evaluation` compares the column with the gold set —
    ``"value"`` (one value), ``"items"`` (a list, item by item) or ``None`` (not scored).
    ``evidence_for``: for an evidence column, the columns whose values it supports (each
    non-empty / true value of them must come with a non-empty evidence).
    ``evidence_strict``: the evidence column is also empty whenever all it supports is empty.
    ``fallback``: the value given when the text says nothing more precise (e.g. sector
    ``other``); it needs no evidence.
    """

    name: str
    type: FieldType
    description: str
    unit: str | None = None
    required: bool = False
    enum: tuple[str, ...] | None = None
    minimum: float | None = None
    maximum: float | None = None
    pattern: str | None = None
    group: str = "identification"
    scored: Literal["value", "items"] | None = None
    evidence_for: tuple[str, ...] = ()
    evidence_strict: bool = False
    fallback: str | None = None
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def pandas_dtype(self) -> str:
        """The pandas dtype this field is loaded as."""
        return PANDAS_DTYPES[self.type]
