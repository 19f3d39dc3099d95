"""Exports for analysts: the dataset and its long tables as CSV, Excel, Parquet or SQLite.

``cnil-sanctions export --format csv|xlsx|parquet|sqlite [--columns …] [--out …]`` or, from
Python, :func:`export`. Every format holds the same tables: ``cnil_sanctions`` (the main table,
optionally restricted to ``columns``), the long tables of :mod:`cnil_sanctions.long_tables`
(``articles``, ``fines_by_entity``, ``turnover_figures``) and ``fields``, the field dictionary
(table, name, type, unit, description).

* ``csv`` / ``parquet``: a folder with one file per table;
* ``xlsx``: one sheet per table, frozen header, euro number format on every column whose unit
  is EUR (from the field dictionary);
* ``sqlite``: one table per table, plus ``paragraphs``, the full decision texts one row per
  paragraph with an FTS5 full-text index that ignores case and accents
  (:mod:`cnil_sanctions.texts`; query it with :func:`cnil_sanctions.texts.search_texts`).

xlsx needs openpyxl and parquet needs pyarrow: ``pip install 'cnil-sanctions[export]'``.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from cnil_sanctions.errors import CnilSanctionsError
from cnil_sanctions.fields import Field

if TYPE_CHECKING:
    import pandas as pd

# pandas, pandera and the long tables are imported where they are used: this module is imported
# by ``import cnil_sanctions`` (for ``cnil_sanctions.export(...)``), which stays light.

__all__ = ["EURO_FORMAT", "FORMATS", "MissingExtraError", "export", "export_tables"]

#: Formats :func:`export` writes, with the extension of the file / folder it writes by default.
FORMATS = ("csv", "xlsx", "parquet", "sqlite")
_DEFAULT_OUT = {
    "csv": "cnil_sanctions_csv",
    "xlsx": "cnil_sanctions.xlsx",
    "parquet": "cnil_sanctions_parquet",
    "sqlite": "cnil_sanctions.sqlite",
}
#: Excel number format of euro columns.
EURO_FORMAT = '#,##0 "€"'
MAIN_TABLE = "cnil_sanctions"
FIELDS_TABLE = "fields"
_SQL_TYPES = {
    "string": "TEXT",
    "integer": "INTEGER",
    "number": "REAL",
    "boolean": "INTEGER",
    "date": "TEXT",
    "datetime": "TEXT",
}


class MissingExtraError(CnilSanctionsError):
    """An export format needs a package of the ``[export]`` extra that is not installed."""


def _need(module: str, fmt: str) -> object:
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingExtraError(
            f"the {fmt} export needs the package {module!r}, which is not installed: "
            "pip install 'cnil-sanctions[export]'"
        ) from exc


def is_euro(f: Field) -> bool:
    """True for a column of euro amounts (unit ``EUR`` or ``EUR/…``)."""
    return f.unit is not None and (f.unit == "EUR" or f.unit.startswith("EUR/"))


def _table_fields(columns: Sequence[str] | None) -> dict[str, list[Field]]:
    from cnil_sanctions import long_tables, schema

    main = list(schema.all_fields())
    if columns is not None:
        known = {f.name: f for f in main}
        unknown = [c for c in columns if c not in known]
        if unknown:
            raise ValueError(f"unknown columns {unknown}: the main table has {', '.join(known)}")
        wanted = ["decision_id", *(c for c in columns if c != "decision_id")]
        main = [known[c] for c in wanted]
    return {MAIN_TABLE: main, **long_tables.LONG_TABLES}


def export_tables(
    columns: Sequence[str] | None = None, data_dir: Path | None = None
) -> tuple[dict[str, pd.DataFrame], dict[str, list[Field]]]:
    """The tables every export holds (frames and their fields), read from ``data_dir`` (default:
    the dataset folder). ``columns`` restricts the main table (``decision_id`` is always kept)."""
    import pandas as pd

    from cnil_sanctions import dataset, long_tables

    folder = Path(data_dir) if data_dir is not None else dataset.DATA_DIR
    fields = _table_fields(columns)
    frames = {MAIN_TABLE: dataset.load_sanctions(folder / dataset.CSV_NAME)}
    frames[MAIN_TABLE] = frames[MAIN_TABLE][[f.name for f in fields[MAIN_TABLE]]]
    frames["articles"] = long_tables.load_articles(folder / long_tables.csv_name("articles"))
    frames["fines_by_entity"] = long_tables.load_fines_by_entity(
        folder / long_tables.csv_name("fines_by_entity")
    )
    frames["turnover_figures"] = long_tables.load_turnover_figures(
        folder / long_tables.csv_name("turnover_figures")
    )
    dictionary = pd.DataFrame(
        [
            {
                "table": table,
                "name": f.name,
                "type": f.type,
                "unit": f.unit,
                "description": f.description,
            }
            for table, fs in fields.items()
            for f in fs
        ]
    ).astype("string")
    frames[FIELDS_TABLE] = dictionary
    fields[FIELDS_TABLE] = [
        Field(c, "string", f"{c} of the column (field dictionary)") for c in dictionary.columns
    ]
    return frames, fields


def export(
    format: str = "csv",
    out: Path | str | None = None,
    columns: Sequence[str] | None = None,
    *,
    data_dir: Path | None = None,
    raw_dir: Path | None = None,
) -> Path:
    """Write the dataset's tables in ``format`` (one of :data:`FORMATS`) to ``out`` and return
    its path (default in the working directory: ``cnil_sanctions.xlsx``, ``cnil_sanctions.sqlite``,
    or the folders ``cnil_sanctions_csv/``, ``cnil_sanctions_parquet/``).

    ``columns`` restricts the main table; ``data_dir`` is the dataset folder (default: the
    shipped one); ``raw_dir`` the raw store the SQLite export reads the decision texts from.
    Raises ValueError on an unknown format or column, :class:`MissingExtraError` when the
    format needs a package of the ``[export]`` extra.
    """
    if format not in FORMATS:
        raise ValueError(f"unknown export format {format!r}: expected one of {', '.join(FORMATS)}")
    if format == "xlsx":
        _need("openpyxl", format)
    if format == "parquet":
        _need("pyarrow", format)
    from cnil_sanctions import dataset, texts

    frames, fields = export_tables(columns, data_dir)
    target = Path(out) if out is not None else Path(_DEFAULT_OUT[format])
    if format in ("csv", "parquet"):
        _write_folder(frames, fields, target, format)
    elif format == "xlsx":
        _write_xlsx(frames, fields, target)
    else:
        folder = Path(data_dir) if data_dir is not None else dataset.DATA_DIR
        if raw_dir is None:
            raw_dir = folder / "raw" if data_dir is not None else dataset.RAW_DIR
        full = dataset.load_sanctions(folder / dataset.CSV_NAME)
        _write_sqlite(frames, fields, target, texts.decision_texts(full, raw_dir))
    return target


def _write_folder(
    frames: dict[str, pd.DataFrame], fields: dict[str, list[Field]], folder: Path, fmt: str
) -> None:
    from cnil_sanctions.dataset import to_csv_text

    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in frames.items():
        if fmt == "csv":
            (folder / f"{name}.csv").write_text(to_csv_text(frame, fields[name]), encoding="utf-8")
        else:
            frame.to_parquet(folder / f"{name}.parquet", index=False)


def _write_xlsx(
    frames: dict[str, pd.DataFrame], fields: dict[str, list[Field]], path: Path
) -> None:
    import pandas as pd
    from openpyxl.utils import get_column_letter

    path.parent.mkdir(parents=True, exist_ok=True)
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, frame in frames.items():
            frame.to_excel(writer, sheet_name=name, index=False, freeze_panes=(1, 0))
            sheet = writer.sheets[name]
            for i, f in enumerate(fields[name], start=1):
                if is_euro(f):
                    letter = get_column_letter(i)
                    for (cell,) in sheet[f"{letter}2:{letter}{len(frame) + 1}"]:
                        cell.number_format = EURO_FORMAT


def _sql_value(value: object, f: Field) -> object:
    import pandas as pd

    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if f.type == "date":
        return pd.Timestamp(value).date().isoformat()
    if f.type in ("integer", "boolean"):
        return int(value)  # type: ignore[call-overload]
    if f.type == "number":
        return float(value)  # type: ignore[arg-type]
    return str(value)


def _write_sqlite(
    frames: dict[str, pd.DataFrame],
    fields: dict[str, list[Field]],
    path: Path,
    decision_texts: dict[str, str],
) -> None:
    import sqlite3

    from cnil_sanctions import long_tables, texts

    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        path.unlink()
    conn = sqlite3.connect(path)
    try:
        for name, frame in frames.items():
            fs = fields[name]
            keys = ["decision_id"] if name == MAIN_TABLE else long_tables.PRIMARY_KEYS.get(name, [])
            cols = ", ".join(f'"{f.name}" {_SQL_TYPES[f.type]}' for f in fs)
            pk = f", PRIMARY KEY ({', '.join(keys)})" if keys else ""
            conn.execute(f'CREATE TABLE "{name}" ({cols}{pk})')
            rows = [
                tuple(_sql_value(v, f) for v, f in zip(record, fs, strict=True))
                for record in frame.itertuples(index=False, name=None)
            ]
            marks = ", ".join("?" * len(fs))
            conn.executemany(f'INSERT INTO "{name}" VALUES ({marks})', rows)
        texts.write_paragraphs(conn, decision_texts)
        conn.commit()
    finally:
        conn.close()
