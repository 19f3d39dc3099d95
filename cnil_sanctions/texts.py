"""The full decision texts: read from the raw store, split into paragraphs, searched in full text.

:func:`decision_texts` gives the parsed text of the stored document each row of the dataset was
built from (matched by ``sha256``). :func:`write_paragraphs` stores them one row per paragraph
in an SQLite FTS5 table (``paragraphs``) whose tokenizer ignores case and accents
(``unicode61 remove_diacritics 2``): « PSEUDONYMISATION » finds « pseudonymisation », « donnees »
finds « données », and « sous traitant » finds « sous-traitant » (the hyphen separates tokens).
:func:`search_texts` answers a query from an exported SQLite file or, without one, from the
raw store::

    >>> search_texts("pseudonymisation sous-traitant")      # doctest: +SKIP
       decision_id  paragraph  text
    0  SAN-2022-009         57  …

Paragraphs are the non-empty lines of the parsed text, numbered from 1.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from cnil_sanctions.errors import CnilSanctionsError

__all__ = [
    "FTS_TABLE",
    "TOKENIZE",
    "decision_texts",
    "fts_query",
    "paragraphs",
    "search_texts",
    "write_paragraphs",
]

#: The FTS5 table of paragraphs (decision_id, paragraph, text).
FTS_TABLE = "paragraphs"
#: Case- and accent-insensitive tokenisation of French text.
TOKENIZE = "unicode61 remove_diacritics 2"


def decision_texts(df: pd.DataFrame, raw_dir: Path | None = None) -> dict[str, str]:
    """Decision id → parsed text of the stored document the row of ``df`` was built from.

    Raises :class:`CnilSanctionsError` naming the decisions whose document (by ``sha256``) is
    not in the raw store ``raw_dir`` (default: the dataset's raw store).
    """
    from cnil_sanctions import dataset
    from cnil_sanctions.sources import parse_stored
    from cnil_sanctions.store import RawStore

    raw = Path(raw_dir) if raw_dir is not None else dataset.RAW_DIR
    wanted = dict(zip(df["sha256"].astype(str), df["decision_id"].astype(str), strict=True))
    out: dict[str, str] = {}
    if raw.is_dir():
        for entry in RawStore(raw).entries():
            decision_id = wanted.get(entry.meta.sha256)
            if decision_id is not None and decision_id not in out:
                out[decision_id] = parse_stored(entry).text
    missing = sorted(set(wanted.values()) - set(out))
    if missing:
        shown = ", ".join(missing[:5]) + (" …" if len(missing) > 5 else "")
        raise CnilSanctionsError(
            f"{raw}: the raw store lacks the texts of {len(missing)} decisions of the dataset "
            f"({shown}); pass the raw store the dataset was built from"
        )
    return out


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a parsed decision text: its non-empty lines, stripped."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def write_paragraphs(conn: sqlite3.Connection, texts: Mapping[str, str]) -> int:
    """Create the FTS5 table :data:`FTS_TABLE` in ``conn`` with one row per paragraph of
    ``texts``; return the number of rows."""
    conn.execute(
        f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5("
        f"decision_id UNINDEXED, paragraph UNINDEXED, text, tokenize = '{TOKENIZE}')"
    )
    rows = [
        (decision_id, i, para)
        for decision_id in sorted(texts)
        for i, para in enumerate(paragraphs(texts[decision_id]), start=1)
    ]
    conn.executemany(f"INSERT INTO {FTS_TABLE} VALUES (?, ?, ?)", rows)
    return len(rows)


def fts_query(query: str) -> str:
    """Plain words → an FTS5 query where every word (hyphenated words as a phrase) must occur:
    ``pseudonymisation sous-traitant`` → ``"pseudonymisation" AND "sous-traitant"``."""
    words = query.split()
    if not words:
        raise ValueError("empty search: give at least one word")
    return " AND ".join('"' + w.replace('"', '""') + '"' for w in words)


def _connect(
    db: Path | str | None, raw_dir: Path | None, data: pd.DataFrame | None
) -> sqlite3.Connection:
    if db is not None:
        path = Path(db)
        if not path.exists():
            raise FileNotFoundError(f"{path}: no such SQLite file (write one with `export`)")
        return sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    if data is None:
        from cnil_sanctions.dataset import load_sanctions

        data = load_sanctions()
    conn = sqlite3.connect(":memory:")
    write_paragraphs(conn, decision_texts(data, raw_dir))
    return conn


def search_texts(
    query: str,
    *,
    db: Path | str | None = None,
    same_paragraph: bool = True,
    fts: bool = False,
    raw_dir: Path | None = None,
    data: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Paragraphs of the decision texts that match ``query``, best match first.

    ``query``: plain words, all of which must occur (case and accents ignored; a hyphenated word
    is a phrase), or FTS5 syntax when ``fts`` (``pseudonymisation AND NOT "sous-traitant"``).
    ``same_paragraph=False`` finds the decisions where every word occurs somewhere and returns
    their paragraphs matching any of the words. Reads the ``paragraphs`` table of an SQLite file
    written by ``export(format="sqlite")`` (``db``), else builds it in memory from the texts of
    the raw store ``raw_dir`` for the decisions of ``data`` (default: the dataset).

    Returns columns ``decision_id``, ``paragraph`` (1 = first non-empty line) and ``text``.
    """
    conn = _connect(db, raw_dir, data)
    try:
        if fts or same_paragraph:
            match = query if fts else fts_query(query)
            sql = (
                f"SELECT decision_id, paragraph, text FROM {FTS_TABLE} "
                f"WHERE {FTS_TABLE} MATCH ? ORDER BY rank, decision_id, paragraph"
            )
            params: list[str] = [match]
        else:
            words = [fts_query(w) for w in query.split()] or [fts_query(query)]
            every = " INTERSECT ".join(
                f"SELECT decision_id FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ?" for _ in words
            )
            sql = (
                f"SELECT decision_id, paragraph, text FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ? "
                f"AND decision_id IN ({every}) ORDER BY decision_id, paragraph"
            )
            params = [" OR ".join(words), *words]
        try:
            rows = conn.execute(sql, params).fetchall()
        except sqlite3.OperationalError as exc:
            raise ValueError(f"search {query!r}: {exc}") from exc
    finally:
        conn.close()
    out = pd.DataFrame(rows, columns=["decision_id", "paragraph", "text"])
    return out.astype({"decision_id": "string", "paragraph": "Int64", "text": "string"})
