"""The CNIL's official yearly figures: a sourced reference table, one figure per row.

``data/reference/cnil_official_yearly.csv`` holds what the CNIL said it pronounced each year —
number of sanctions, total of the fines, how many were made public, how many came under the
ordinary and the simplified procedure — each figure with the URL of a stored page, the page's
title, who published it, and an exact quote that contains the figure. A year or a figure no
stored page states is absent (never estimated). :func:`load_official_yearly` reads and validates
the file; :func:`official_by_year` gives one row per year.
"""

from __future__ import annotations

import csv
import re
from importlib.resources.abc import Traversable
from pathlib import Path

import pandas as pd

from cnil_sanctions import paths
from cnil_sanctions.extract.numbers import parse_number_words
from cnil_sanctions.fields import Field
from cnil_sanctions.public_turnover import (
    MAX_QUOTE_CHARS,
    ReferenceFormatError,
    parse_field_value,
    quote_supports_revenue,
)

#: The reference file shipped with the package (``data/reference/`` in the repository).
REFERENCE_PATH: Traversable = paths.shipped_file("reference/cnil_official_yearly.csv")

#: The figures the table may hold: metric → meaning (counts of sanctions, or euros).
METRICS: dict[str, str] = {
    "sanctions": "Number of sanctions the CNIL pronounced in the year.",
    "fines_total_eur": "Total amount of the fines of the year, in euros.",
    "sanctions_public": "Number of the year's sanctions made public.",
    "sanctions_ordinary": "Sanctions pronounced by the formation restreinte (ordinary procedure).",
    "sanctions_simplified": "Sanctions pronounced under the simplified procedure (from 2022).",
}
PUBLISHERS = ("cnil", "cnil_reprint", "government", "press_or_firm")
_G = "official_yearly_reference"

#: Columns of ``cnil_official_yearly.csv``, in file order.
OFFICIAL_FIELDS: list[Field] = [
    Field(
        "year",
        "integer",
        "Calendar year of the figure.",
        required=True,
        minimum=2000,
        maximum=2100,
        group=_G,
    ),
    Field(
        "metric",
        "string",
        "Which figure: " + "; ".join(f"{k}: {v}" for k, v in METRICS.items()),
        required=True,
        enum=tuple(METRICS),
        group=_G,
    ),
    Field(
        "value",
        "integer",
        "The figure as the source states it (euros for fines_total_eur, else a count).",
        required=True,
        minimum=0,
        group=_G,
    ),
    Field(
        "source_url",
        "string",
        "Where the figure was read.",
        required=True,
        pattern=r"https?://\S+",
        group=_G,
    ),
    Field("source_title", "string", "Title and publisher of the source.", required=True, group=_G),
    Field(
        "publisher",
        "string",
        "Who publishes the source: cnil (the CNIL's site), cnil_reprint (the CNIL's release "
        "reprinted), government (vie-publique.fr), press_or_firm (press or a law firm quoting "
        "the CNIL's report).",
        required=True,
        enum=PUBLISHERS,
        group=_G,
    ),
    Field(
        "quote",
        "string",
        f"Exact extract of the source (at most {MAX_QUOTE_CHARS} characters) containing the "
        "figure.",
        required=True,
        group=_G,
    ),
    Field("accessed_via", "string", "How the source was reached.", required=True, group=_G),
    Field("notes", "string", "Caveats and corroborating sources.", group=_G),
]

_WORD = re.compile(r"[a-zàâçéèêëîïôûùüÿœ-]+", re.IGNORECASE)


def quote_supports(quote: str, value: int) -> bool:
    """True if ``quote`` states ``value``: in figures (« 55 212 400 », « 51,4 millions ») or in
    words (« dix »)."""
    if quote_supports_revenue(quote, value):
        return True
    for word in _WORD.findall(quote):
        try:
            if parse_number_words(word.lower()) == value:
                return True
        except ValueError:
            continue
    return False


def load_official_yearly(path: str | Path | Traversable | None = None) -> pd.DataFrame:
    """Read and validate the official yearly figures (default :data:`REFERENCE_PATH`).

    Every row must have a source, a quote that contains its value, and a (year, metric) no
    other row has; anything else raises :class:`ReferenceFormatError` naming file, line, field.
    """
    source: Path | Traversable = (
        REFERENCE_PATH if path is None else Path(path) if isinstance(path, str) else path
    )
    fields = {f.name: f for f in OFFICIAL_FIELDS}
    try:
        handle = paths.open_csv(source)
    except OSError as exc:
        raise ReferenceFormatError(f"{source}: cannot read the reference file ({exc})") from exc
    records: list[dict[str, object]] = []
    seen: dict[tuple[object, object], int] = {}
    with handle:
        reader = csv.DictReader(handle, strict=True)
        header = reader.fieldnames or []
        if header != list(fields):
            raise ReferenceFormatError(f"{source}:1: header must be {list(fields)}, got {header}")
        try:
            for raw in reader:
                where = f"{source}:{reader.line_num}"
                if None in raw or any(v is None for v in raw.values()):
                    raise ReferenceFormatError(f"{where}: wrong number of fields")
                row = {name: parse_field_value(fields[name], raw[name], where) for name in header}
                quote, value = str(row["quote"]), int(row["value"])  # type: ignore[call-overload]
                if len(quote) > MAX_QUOTE_CHARS:
                    raise ReferenceFormatError(
                        f"{where}: quote is {len(quote)} characters (at most {MAX_QUOTE_CHARS})"
                    )
                if not quote_supports(quote, value):
                    raise ReferenceFormatError(f"{where}: the quote does not state {value}")
                key = (row["year"], row["metric"])
                if key in seen:
                    raise ReferenceFormatError(f"{where}: duplicate of line {seen[key]} {key}")
                seen[key] = reader.line_num
                records.append(row)
        except csv.Error as exc:
            raise ReferenceFormatError(
                f"{source}:{reader.line_num}: malformed CSV ({exc})"
            ) from exc
    frame = pd.DataFrame.from_records(records, columns=list(fields))
    for f in OFFICIAL_FIELDS:
        frame[f.name] = frame[f.name].astype(f.pandas_dtype)
    return frame


def official_by_year(reference: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per year with a column per metric (``Int64``; missing where no source states it)."""
    ref = load_official_yearly() if reference is None else reference
    wide = ref.pivot(index="year", columns="metric", values="value")
    wide = wide.reindex(columns=list(METRICS)).astype("Int64")
    wide.index = wide.index.astype(int)
    wide.columns.name = None
    return wide.sort_index()
