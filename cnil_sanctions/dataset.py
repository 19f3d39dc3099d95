"""Raw store → dataset: ``data/cnil_sanctions.csv`` and ``data/datapackage.json``.

:func:`build_dataset` reads every entry of the raw store, parses it with its source's parser,
keeps sanctions, drops duplicate texts of one decision by a documented rule, extracts the facts,
adds the turnover basis and the appeals, validates every row against the field dictionary, and only then writes.
:func:`load_sanctions` reads the shipped CSV back with the dictionary's dtypes, offline.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
from tqdm import tqdm

from cnil_sanctions import long_tables, paths, schema
from cnil_sanctions.appeals import APPEAL_FIELDS, add_appeals
from cnil_sanctions.atomic import atomic_write
from cnil_sanctions.cache import CACHE_FILE, ExtractionCache, Record
from cnil_sanctions.decision import DECISION_ID_RE, EARLIEST_DECISION, Decision
from cnil_sanctions.errors import CnilSanctionsError, NotASanctionError, SchemaError
from cnil_sanctions.extract import extract_facts
from cnil_sanctions.fields import Field
from cnil_sanctions.public_turnover import PUBLIC_TURNOVER_FIELDS, add_turnover_basis
from cnil_sanctions.sanctions_list import (
    LIST_CSV_NAME,
    LIST_FIELDS,
    ListBuildSummary,
    build_list_frame,
    list_resource,
)
from cnil_sanctions.sources import cnil_list, dila, dila_drift, legifrance_text, parse_stored
from cnil_sanctions.sources.dila_drift import DriftLog
from cnil_sanctions.sources.dila_versions import SUPERSEDED_BY, WITHDRAWN_BY
from cnil_sanctions.store import EntryMeta, RawStore, StoredDocument

#: Where ``build`` writes and ``fetch`` stores (see :func:`cnil_sanctions.paths.work_dir`):
#: ``$CNIL_SANCTIONS_DATA``, else a checkout's ``data/``, else the user data directory.
DATA_DIR = paths.work_dir()
RAW_DIR = DATA_DIR / "raw"
#: Per-document parsing/extraction cache (content-addressed, so one cache serves any store).
CACHE_DIR = DATA_DIR / "cache"
CSV_NAME = "cnil_sanctions.csv"
DATAPACKAGE_NAME = "datapackage.json"

#: Which source wins when one decision is stored more than once (lower wins): the official
#: DILA XML before a page text copied by a mirror.
SOURCE_PRIORITY = {dila.SOURCE_NAME: 0, legifrance_text.SOURCE_NAME: 1}
#: Sources of the raw store that feed another table (read by their own builder, not here).
OTHER_TABLE_SOURCES = frozenset({cnil_list.SOURCE_NAME})
#: Sanity bounds on the number of decisions a build may produce (zavod-style assertions),
#: derived from the store: at least :data:`MIN_ROWS` rows, at most one per document read, and
#: at most ``max(MAX_LEFT_OUT, MAX_LEFT_OUT_SHARE × documents read)`` documents left out as
#: unreadable, not a sanction or skipped (duplicate texts of a kept decision do not count). The
#: shipped store leaves out 2 of 57 (two bureau decisions); a parser or sanction-detection
#: regression that drops a fifth of the store stops the build instead of shrinking the dataset.
MIN_ROWS = 1
MAX_LEFT_OUT = 5
MAX_LEFT_OUT_SHARE = 0.2

_log = logging.getLogger(__name__)


@dataclass
class BuildSummary:
    """What a build read, kept and skipped, and why; drift and alarms (loud, not lossy)."""

    read: int = 0
    kept: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (location, reason)
    duplicates: list[tuple[str, str, str]] = field(
        default_factory=list
    )  # (decision, kept, dropped)
    list_summary: ListBuildSummary | None = None
    withdrawn: list[tuple[str, str]] = field(default_factory=list)  # (decision, archive)
    drift: DriftLog = field(default_factory=DriftLog)

    def reasons(self) -> Counter[str]:
        """Number of skipped documents per reason."""
        return Counter(reason.split(":", 1)[0] for _, reason in self.skipped)

    @property
    def unreadable(self) -> list[tuple[str, str]]:
        """(file, reason) of every document the parsers could not read (kept in the store)."""
        return [(loc, r) for loc, r in self.skipped if r.startswith("unreadable")]

    @property
    def alarms(self) -> list[str]:
        """Failures to report with a non-zero exit (:func:`dila_drift.alarms`)."""
        return dila_drift.alarms(unreadable_candidates=len(self.unreadable), candidates=self.read)

    def to_text(self) -> str:
        """A short human-readable account."""
        lines = [
            f"documents read: {self.read}",
            f"decisions kept: {self.kept}",
            f"documents skipped: {len(self.skipped)}",
        ]
        lines += [f"  {n} × {reason}" for reason, n in sorted(self.reasons().items())]
        lines += [f"  - {loc}: {reason}" for loc, reason in self.unreadable[:50]]
        lines.append(f"duplicate texts left out: {len(self.duplicates)}")
        lines += [f"  {d}: kept {k[:12]}…, left out {x[:12]}…" for d, k, x in self.duplicates]
        if self.list_summary is not None:
            lines.append(self.list_summary.to_text())
        if self.withdrawn:
            lines.append(f"withdrawn by DILA (left out, raw bytes kept): {len(self.withdrawn)}")
            lines += [f"  {d}: withdrawn by {a}" for d, a in self.withdrawn]
        if self.drift:
            lines.append(f"format drift: {sum(self.drift.counts.values())}")
            lines += self.drift.to_lines("  ")
        lines += [f"ALARM: {a}" for a in self.alarms]
        return "\n".join(lines)


def _skip_reason(decision: Decision) -> str | None:
    """Why a parsed document is not a row of the dataset (None: it is one)."""
    if decision.decision_id is None or not DECISION_ID_RE.match(decision.decision_id):
        return f"no decision number: {decision.title[:80]!r}"
    if not (decision.is_sanction or decision.is_formal_notice_publication):
        return f"not a sanction: {decision.decision_id} (other deliberation)"
    if not EARLIEST_DECISION <= decision.decision_date <= date.today():
        return (
            f"implausible date: {decision.decision_id} dated {decision.decision_date.isoformat()}"
        )
    return None


def decision_fields(d: Decision) -> dict[str, object]:
    """The identification fields of a decision as JSON-ready scalars (dates as ISO strings)."""
    return {
        "decision_id": d.decision_id,
        "decision_date": d.decision_date.isoformat(),
        "publication_date": d.publication_date.isoformat() if d.publication_date else None,
        "legifrance_id": d.legifrance_id,
        "nature": d.nature,
        "legal_state": d.legal_state,
        "title": d.title,
    }


def _row(
    fields: Mapping[str, object],
    meta: EntryMeta,
    text_chars: int,
    other_versions: list[str],
    facts: Mapping[str, object],
) -> dict[str, object]:
    row: dict[str, object] = {
        **fields,
        "source": meta.source,
        "source_url": meta.source_url,
        "mirror_url": meta.mirror,
        "retrieved_at": meta.retrieved_at,
        "last_seen": meta.last_seen,
        "sha256": meta.sha256,
        "text_chars": text_chars,
        "other_versions_sha256": ";".join(sorted(other_versions)) or None,
    }
    overlap = set(facts) & set(row)
    if overlap:
        raise SchemaError(f"extractor returned identification columns {sorted(overlap)}")
    row.update(facts)
    return row


def _facts(d: Decision) -> dict[str, object]:
    return extract_facts(d.text, title=d.title, header=d.header, decision_date=d.decision_date)


# --- cached, parallel analysis of store entries (issue 7) -----------------------------------


def analyse_entry(entry: StoredDocument) -> tuple[Record, bool]:
    """Parse one entry and, if it is a sanction to keep, extract its facts.

    Returns ``(record, cacheable)``. A record is JSON-ready: ``status`` ``not_sanction``
    (``nature``), ``skipped`` (``reason``), ``unreadable`` (``reason``; never cached, so the
    problem is reported again by every build) or ``decision`` (``fields``, ``text_chars``,
    ``text_lines``, ``facts``). Facts are extracted for every candidate, including a duplicate
    text that the selection will leave out.
    """
    try:
        decision = parse_stored(entry)
    except NotASanctionError as exc:
        return {"status": "not_sanction", "nature": exc.nature, "drift": _drift(exc.drift)}, True
    except CnilSanctionsError as exc:
        return {"status": "unreadable", "reason": f"unreadable: {exc}"}, False
    reason = _skip_reason(decision)
    if reason:
        return {"status": "skipped", "reason": reason, "drift": _drift(decision.drift)}, True
    record: Record = {
        "status": "decision",
        "drift": _drift(decision.drift),
        "fields": decision_fields(decision),
        "text_chars": len(decision.text),
        "text_lines": decision.text.count("\n"),
        "facts": _facts(decision),
    }
    return record, True


def _drift(drift: tuple[tuple[str, str], ...]) -> list[list[str]]:
    return [[kind, example] for kind, example in drift]


def _intact(entry: StoredDocument) -> bool:
    """True if the stored bytes still match ``meta.json`` (checked on every build, as a build
    without cache does when it parses)."""
    try:
        entry.read_bytes()
    except CnilSanctionsError:
        return False
    return True


def _chunks(items: list[StoredDocument], size: int) -> Iterator[list[StoredDocument]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def analyse_entries(
    entries: list[StoredDocument],
    cache: ExtractionCache | None = None,
    jobs: int = 1,
    progress: bool = False,
) -> list[Record]:
    """:func:`analyse_entry` for every entry (same order), from ``cache`` where possible.

    Misses are analysed in a pool of ``jobs`` processes (``jobs <= 1``: in this process) and
    stored in the cache in batches, so an interrupted build keeps what it computed. A cached
    entry's bytes are still checked against its sha256 (a damaged file is analysed again and
    reported). The result does not depend on ``jobs`` or on the cache.
    """
    cached = cache.get_many(e.meta.sha256 for e in entries) if cache is not None else {}
    for e in entries:
        if e.meta.sha256 in cached and not _intact(e):
            del cached[e.meta.sha256]  # analysed again, so reported as unreadable
    missing = [e for e in entries if e.meta.sha256 not in cached]
    fresh: dict[str, Record] = {}
    bar = tqdm(total=len(missing), desc="analyse", unit="doc", disable=not progress)
    pool = ProcessPoolExecutor(max_workers=jobs) if jobs > 1 and len(missing) > 1 else None
    try:
        for batch in _chunks(missing, 256):
            if pool is not None:
                size = max(1, min(16, len(batch) // (4 * jobs)))
                results = list(pool.map(analyse_entry, batch, chunksize=size))
            else:
                results = [analyse_entry(e) for e in batch]
            storable = {}
            for entry, (record, cacheable) in zip(batch, results, strict=True):
                fresh[entry.meta.sha256] = record
                if cacheable:
                    storable[entry.meta.sha256] = record
            if cache is not None and storable:
                cache.put_many(storable)
            bar.update(len(batch))
    finally:
        bar.close()
        if pool is not None:
            pool.shutdown()
    return [cached.get(e.meta.sha256) or fresh[e.meta.sha256] for e in entries]


@dataclass(frozen=True)
class _Candidate:
    entry: StoredDocument
    record: Record

    def rank(self) -> tuple[int, int, float, int, str]:
        """Which text of a decision is kept (lowest first): :data:`SOURCE_PRIORITY`, then a text
        DILA has not replaced (:mod:`~cnil_sanctions.sources.dila_versions`), then the most
        recently retrieved (a corrected re-publication wins), then the text with more paragraph
        breaks (a native capture over a flattened one), then sha256."""
        lines = self.record["text_lines"]
        assert isinstance(lines, int)
        retrieved = datetime.fromisoformat(self.entry.meta.retrieved_at).timestamp()
        return (
            SOURCE_PRIORITY.get(self.entry.meta.source, 99),
            int(SUPERSEDED_BY in self.entry.meta.extra),
            -retrieved,
            -lines,
            self.entry.meta.sha256,
        )


def _rows_from_records(
    entries: list[StoredDocument], records: list[Record], summary: BuildSummary
) -> list[dict[str, object]]:
    """Select one text per decision (:meth:`_Candidate.rank`) and build the rows, from analysed
    records; every skip and every duplicate left out is recorded in ``summary``."""
    by_id: dict[str, list[_Candidate]] = {}
    for entry, record in zip(entries, records, strict=True):
        summary.read += 1
        status = record["status"]
        drift = record.get("drift") or []
        assert isinstance(drift, list)
        summary.drift.add_all(drift)
        withdrawn_by = entry.meta.extra.get(WITHDRAWN_BY)
        if status == "decision" and withdrawn_by:
            fields = record["fields"]
            assert isinstance(fields, dict)
            summary.withdrawn.append((str(fields["decision_id"]), withdrawn_by))
        elif status == "not_sanction":
            reason = f"not a sanction: nature {record['nature']!r}"
            summary.skipped.append((str(entry.document_path), reason))
        elif status in ("skipped", "unreadable"):
            summary.skipped.append((str(entry.folder), str(record["reason"])))
        else:
            fields = record["fields"]
            assert isinstance(fields, dict)
            by_id.setdefault(str(fields["decision_id"]), []).append(_Candidate(entry, record))
    rows = []
    for decision_id in sorted(by_id):
        ranked = sorted(by_id[decision_id], key=_Candidate.rank)
        best = ranked[0]
        for other in ranked[1:]:
            summary.duplicates.append(
                (decision_id, best.entry.meta.sha256, other.entry.meta.sha256)
            )
        fields, facts, chars = (
            best.record["fields"],
            best.record["facts"],
            best.record["text_chars"],
        )
        assert isinstance(fields, dict) and isinstance(facts, dict) and isinstance(chars, int)
        others = [o.entry.meta.sha256 for o in ranked[1:]]
        rows.append(_row(fields, best.entry.meta, chars, others, facts))
    summary.kept = len(rows)
    return rows


def rows_to_frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    """Rows (python scalars) → a frame of identification and fact columns, typed.

    The turnover-basis and appeal columns are added afterwards by :func:`add_turnover_basis`
    and :func:`add_appeals`; the whole frame is validated once, at the end of
    :func:`build_frame`.
    """
    basis = {f.name for f in (*PUBLIC_TURNOVER_FIELDS, *APPEAL_FIELDS)}
    names = [n for n in schema.field_names() if n not in basis]
    df = pd.DataFrame(rows)
    missing = [n for n in names if n not in df.columns]
    extra = [c for c in df.columns if c not in names]
    if missing or extra:
        raise SchemaError(
            f"rows do not match the field dictionary: missing {missing}, extra {extra}"
        )
    types = {f.name: f for f in schema.all_fields()}
    for n in names:
        df[n] = schema.cast(df[n], types[n])
    return df[names]


def decision_entries(store: RawStore) -> list[StoredDocument]:
    """The store's decision documents: every entry but those of :data:`OTHER_TABLE_SOURCES`."""
    return [e for e in store.entries() if e.meta.source not in OTHER_TABLE_SOURCES]


def row_bounds(documents_read: int, duplicates: int) -> tuple[int, int]:
    """The (min, max) number of rows a build of a store of ``documents_read`` documents, of which
    ``duplicates`` are duplicate texts of kept decisions, may produce (see :data:`MIN_ROWS`)."""
    left_out = max(MAX_LEFT_OUT, int(MAX_LEFT_OUT_SHARE * documents_read))
    return max(MIN_ROWS, documents_read - duplicates - left_out), documents_read - duplicates


def check_row_count(summary: BuildSummary, where: Path) -> None:
    """Raise :class:`CnilSanctionsError` when the build kept a number of decisions outside
    :func:`row_bounds` (the message names the store and the reasons documents were left out)."""
    low, high = row_bounds(summary.read, len(summary.duplicates))
    if not low <= summary.kept <= high:
        reasons = ", ".join(f"{n} × {r}" for r, n in sorted(summary.reasons().items())) or "none"
        raise CnilSanctionsError(
            f"{where}: build produced {summary.kept} decisions, outside the sanity bounds "
            f"[{low}, {high}] ({summary.read} documents read; left out: {reasons})"
        )


def build_frame(
    raw_dir: Path = RAW_DIR,
    progress: bool = False,
    *,
    jobs: int = 1,
    cache_dir: Path | None = CACHE_DIR,
) -> tuple[pd.DataFrame, BuildSummary]:
    """The validated dataset frame built from the raw store, and the build summary.

    ``jobs``: processes analysing documents (0: one per CPU); ``cache_dir``: folder of the
    per-document cache (:mod:`cnil_sanctions.cache`), ``None`` for no cache. Neither changes
    the result.
    """
    store = RawStore(raw_dir)
    summary = BuildSummary()
    entries = decision_entries(store)
    workers = jobs if jobs > 0 else (os.cpu_count() or 1)
    if cache_dir is None:
        records = analyse_entries(entries, None, workers, progress)
    else:
        with ExtractionCache(Path(cache_dir) / CACHE_FILE) as cache:
            records = analyse_entries(entries, cache, workers, progress)
    rows = _rows_from_records(entries, records, summary)
    check_row_count(summary, raw_dir)
    base = rows_to_frame(rows)
    with_basis = add_appeals(add_turnover_basis(base))
    df = schema.validate(schema.coerce(with_basis))
    return df.sort_values("decision_id", kind="stable").reset_index(drop=True), summary


def _csv_cell(value: Any, ftype: str) -> str:
    """One CSV cell (``value``: a pandas scalar of any dtype)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""  # None, pd.NA, NaN and NaT alike
    if isinstance(value, pd.Timestamp):
        return "" if pd.isna(value) else value.date().isoformat()
    if ftype == "boolean":
        return "true" if bool(value) else "false"
    if ftype == "number":
        return repr(float(value))
    return str(value)


def to_csv_text(df: pd.DataFrame, fields: Iterable[Field] | None = None) -> str:
    """The dataset (or a table of ``fields``) as CSV text: UTF-8, ISO dates, integers without
    decimals, true/false."""
    import csv
    import io

    types = {f.name: f.type for f in (schema.all_fields() if fields is None else fields)}
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(df.columns)
    for record in df.itertuples(index=False, name=None):
        writer.writerow(_csv_cell(v, types[c]) for c, v in zip(df.columns, record, strict=True))
    return buf.getvalue()


def write_dataset(
    df: pd.DataFrame,
    out_dir: Path = DATA_DIR,
    list_df: pd.DataFrame | None = None,
    long: Mapping[str, pd.DataFrame] | None = None,
) -> tuple[Path, Path]:
    """Write the CSV, the CNIL list table ``list_df``, the ``long`` tables
    (:mod:`cnil_sanctions.long_tables`) and the datapackage.json declaring them all (each file
    atomically); return the paths of the CSV and of the datapackage."""
    out_dir.mkdir(parents=True, exist_ok=True)
    csv_path, dp_path = out_dir / CSV_NAME, out_dir / DATAPACKAGE_NAME
    newest = df["publication_date"].max()
    last_updated = None if pd.isna(newest) else newest.date().isoformat()
    sources = [
        {
            "title": "DILA open data « CNIL » (Légifrance CNIL base)",
            "path": dila.DEFAULT_BASE_URL,
        },
        {
            "title": "Légifrance CNIL page texts, via the GDPRxiv public mirror",
            "path": "https://github.com/lawfulcomputing/GDPRxiv",
        },
        {
            "title": "Publicly reported annual revenue (data/reference/public_turnover.csv)",
            "path": "data/reference/public_turnover.csv",
        },
        {
            "title": "Conseil d'État rulings on CNIL sanctions (data/reference/appeals.csv)",
            "path": "data/reference/appeals.csv",
        },
    ]
    extra = []
    if list_df is not None:
        sources.append(
            {
                "title": "CNIL, « Les sanctions prononcées par la CNIL » (table rows via the "
                "GDPRxiv public mirror)",
                "path": cnil_list.OFFICIAL_URL,
            }
        )
        extra.append(list_resource(len(list_df)))
        atomic_write(out_dir / LIST_CSV_NAME, to_csv_text(list_df, LIST_FIELDS).encode("utf-8"))
    for name, table in (long or {}).items():
        fields = long_tables.LONG_TABLES[name]
        path = long_tables.csv_name(name)
        atomic_write(out_dir / path, to_csv_text(table, fields).encode("utf-8"))
        extra.append(
            schema.tabular_resource(
                name,
                path,
                fields,
                len(table),
                long_tables.PRIMARY_KEYS[name],
                long_tables.DESCRIPTIONS[name],
            )
        )
    descriptor = schema.datapackage(CSV_NAME, last_updated, len(df), sources, extra)
    atomic_write(csv_path, to_csv_text(df).encode("utf-8"))
    atomic_write(
        dp_path, (json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    )
    return csv_path, dp_path


def build_dataset(
    raw_dir: Path = RAW_DIR,
    out_dir: Path = DATA_DIR,
    progress: bool = False,
    *,
    jobs: int = 1,
    cache_dir: Path | None = CACHE_DIR,
) -> tuple[pd.DataFrame, BuildSummary]:
    """Build and write the dataset and its long tables from the raw store; return the frame
    and the summary.

    ``jobs`` and ``cache_dir``: see :func:`build_frame`.
    """
    df, summary = build_frame(raw_dir, progress, jobs=jobs, cache_dir=cache_dir)
    list_df, summary.list_summary = build_list_frame(raw_dir, df)
    long = long_tables.build_long_tables(df)
    csv_path, _ = write_dataset(df, out_dir, list_df, long)
    df.attrs["source_path"] = str(csv_path)
    df.attrs["source_origin"] = "built"
    return df, summary


#: Validated frames of the dataset files read in this process, by the sha256 of their bytes
#: (at most :data:`_LOADED_MAX`, oldest dropped first): reading the same bytes again returns a
#: copy instead of parsing, casting and validating them again — the notebooks, the report and
#: the analysis functions each load the dataset. A changed file has other bytes, so it is read.
_LOADED: dict[str, pd.DataFrame] = {}
_LOADED_MAX = 8


def load_sanctions(path: Path | str | None = None) -> pd.DataFrame:
    """The dataset as a DataFrame with proper dtypes.

    Reads ``path`` if given, else the first of: ``$CNIL_SANCTIONS_DATA/cnil_sanctions.csv``, a
    dataset rebuilt in the checkout's ``data/`` or in the user data directory, the copy shipped
    with the package (:func:`cnil_sanctions.paths.dataset_file`). Which file was read is in
    ``df.attrs["source_path"]`` and ``df.attrs["source_origin"]`` (``path``, ``env``,
    ``checkout``, ``user`` or ``shipped``) and logged at INFO level.

    Amounts are nullable integers (``Int64``) in euros, dates ``datetime64``, flags ``boolean``.
    Each call returns a frame of its own (a copy when the same bytes were read before).
    """
    chosen = paths.dataset_file(CSV_NAME, path)
    csv_path = str(chosen.file)
    _log.info("cnil-sanctions: reading %s (%s)", csv_path, chosen.origin)
    with chosen.file.open("rb") as handle:
        content = handle.read()
    key = hashlib.sha256(content).hexdigest()
    if key not in _LOADED:
        _LOADED[key] = _parse_dataset(content, csv_path)
        while len(_LOADED) > _LOADED_MAX:
            del _LOADED[next(iter(_LOADED))]
    df = _LOADED[key].copy(deep=True)
    df.attrs = {"source_path": csv_path, "source_origin": chosen.origin}
    return df


def _parse_dataset(content: bytes, csv_path: str) -> pd.DataFrame:
    """The validated frame of the dataset CSV ``content`` (read from ``csv_path``, which the
    errors name)."""
    text = io.TextIOWrapper(io.BytesIO(content), encoding="utf-8", newline="")
    raw = pd.read_csv(text, dtype=str, keep_default_na=False, na_values=[""])
    expected = schema.field_names()
    if list(raw.columns) != expected:
        missing = [c for c in expected if c not in raw.columns]
        extra = [c for c in raw.columns if c not in expected]
        raise SchemaError(
            f"{csv_path}: columns differ from the field dictionary (missing {missing}, extra {extra})"
        )
    for f in schema.all_fields():
        if f.type == "boolean":
            col = raw[f.name]
            bad = set(col.dropna()) - {"true", "false"}
            if bad:
                raise SchemaError(
                    f"{csv_path}: column {f.name} has non-boolean values {sorted(bad)}"
                )
            raw[f.name] = col.map({"true": True, "false": False}, na_action="ignore")
        elif f.type == "integer":
            raw[f.name] = pd.to_numeric(raw[f.name], errors="raise")
    return schema.validate(schema.coerce(raw))
