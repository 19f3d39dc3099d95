"""Thin fetcher of the DILA « CNIL » open data: listing → archives → sanction XML in the raw store.

:func:`fetch_dila` gets the listing, chooses archives, downloads each (through the one
:class:`~cnil_sanctions.http.PoliteSession`) to ``<store root>/_dila/archives/``, reads it with
:func:`~cnil_sanctions.sources.dila.iter_archive` and stores every sanction with
:meth:`RawStore.put`.

Choice of archives (listing sorted oldest first; the ledger lists archives already processed):

- nothing processed yet and no ``since``: the newest global archive, then every incremental
  archive newer than it;
- otherwise: every incremental archive newer than the newest processed archive, and (with
  ``since``) dated on or after ``since``; with ``since`` and nothing processed, the global archive
  is not taken;
- an archive already in the ledger is never taken again (counted as skipped).

Each archive is read twice: a first pass checks the whole archive (safety limits, member paths,
gzip/tar integrity) and classifies every XML document; only if the whole archive is sound does a
second pass store its sanctions (bytes checked against the first pass by sha256). So a hostile or
corrupt archive stores nothing and raises :class:`SourceFormatError`; a malformed document inside
a sound archive is skipped and counted with its reason. The ledger
``<store root>/_dila/archives.json`` (name, url, sha256, size, etag, last_modified, processed_at,
counts) gets an archive's entry, atomically, only after all its sanctions are stored; as
:meth:`RawStore.put` is idempotent, a run killed at any moment is resumed by the next run and ends
with the same store. Archives are processed in order and the run stops at the first failure, so
the ledger never has gaps.

Nothing read from an archive becomes a file path: documents go to the store under keys derived
from their sha256 and official id, member paths are only recorded as metadata.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from cnil_sanctions.atomic import atomic_write
from cnil_sanctions.decision import Provenance
from cnil_sanctions.errors import NotASanctionError, SourceFormatError
from cnil_sanctions.http import PoliteSession
from cnil_sanctions.sources.dila import (
    DEFAULT_BASE_URL,
    LEGIFRANCE_URL,
    SOURCE_NAME,
    ArchiveLimits,
    ArchiveLink,
    iter_archive,
    parse_dila_xml,
    parse_listing,
)
from cnil_sanctions.store import RawStore, sha256_hex

STATE_DIR = "_dila"
LEDGER_NAME = "archives.json"
CACHE_NAME = "http_cache.json"
LISTING_NAME = "listing.html"
ARCHIVES_DIR = "archives"
_MAX_DETAILS = 200


@dataclass
class FetchReport:
    """What one :func:`fetch_dila` run did. ``skipped`` counts malformed documents by reason;
    ``skipped_details`` names each one (``archive:member: problem``, the first 200)."""

    base_url: str
    archives_listed: int = 0
    archives_selected: int = 0
    archives_skipped: int = 0  # listed, and already processed according to the ledger
    archives_downloaded: int = 0  # transferred over the network
    archives_not_modified: int = 0  # local copy confirmed by a 304
    archives_processed: int = 0
    documents_read: int = 0
    sanctions_stored: int = 0  # = sanctions_new + sanctions_known
    sanctions_new: int = 0
    sanctions_known: int = 0
    not_sanctions: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    skipped_details: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def documents_skipped(self) -> int:
        """Malformed documents left out."""
        return sum(self.skipped.values())

    def to_text(self) -> str:
        """A short human summary, one fact per line."""
        lines = [
            f"DILA CNIL fetch from {self.base_url}",
            f"  archives: {self.archives_listed} listed, {self.archives_selected} selected, "
            f"{self.archives_skipped} already processed, {self.archives_downloaded} downloaded, "
            f"{self.archives_not_modified} not modified, {self.archives_processed} processed",
            f"  documents read: {self.documents_read}",
            f"  sanctions stored: {self.sanctions_stored} ({self.sanctions_new} new, "
            f"{self.sanctions_known} already in the store)",
            f"  not sanctions (left out): {self.not_sanctions}",
            f"  malformed documents skipped: {self.documents_skipped}",
        ]
        lines += [f"    {n} × {reason}" for reason, n in sorted(self.skipped.items())]
        lines += [f"    - {d}" for d in self.skipped_details[:20]]
        if len(self.skipped_details) > 20:
            lines.append(f"    … and {len(self.skipped_details) - 20} more")
        lines += [f"  note: {n}" for n in self.notes]
        return "\n".join(lines)


def reason_key(problem: str) -> str:
    """A stable category for a problem message (quoted values and numbers removed)."""
    key = re.sub(r"'[^']*'|\"[^\"]*\"|<[^>]*>|\d+", "…", problem)
    return key.split(" (", 1)[0].strip()


# --- ledger ---------------------------------------------------------------------------------


def _atomic_write_json(path: Path, obj: object) -> None:
    data = (json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")
    atomic_write(path, data)


def load_ledger(root: Path) -> dict[str, dict[str, object]]:
    """Archives already processed, by name (empty if none). A damaged ledger is an error."""
    path = root / STATE_DIR / LEDGER_NAME
    if not path.exists():
        return {}
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SourceFormatError(str(path), f"unreadable archive ledger ({exc})") from exc
    archives = raw.get("archives") if isinstance(raw, dict) else None
    if not isinstance(archives, dict):
        raise SourceFormatError(str(path), "archive ledger has no 'archives' object")
    return archives


def _save_ledger(root: Path, ledger: dict[str, dict[str, object]]) -> None:
    _atomic_write_json(root / STATE_DIR / LEDGER_NAME, {"archives": ledger})


# --- choice of archives ---------------------------------------------------------------------


def choose_archives(
    links: list[ArchiveLink], processed: set[str], since: date | None
) -> tuple[list[ArchiveLink], list[str]]:
    """Archives to take (oldest first) and notes; see the module docstring for the rule."""
    notes: list[str] = []
    by_name = {link.name: link for link in links}
    done = [by_name[n] for n in processed if n in by_name]
    incrementals = [link for link in links if link.kind == "incremental"]
    if since is not None:
        chosen = [link for link in incrementals if link.timestamp.date() >= since]
        if done:
            last = max(link.timestamp for link in done)
            chosen = [link for link in chosen if link.timestamp > last]
        return [link for link in chosen if link.name not in processed], notes
    if processed:
        if not done:
            notes.append("no archive of the ledger is listed any more; taking every incremental")
            return incrementals, notes
        last = max(link.timestamp for link in done)
        return [link for link in incrementals if link.timestamp > last], notes
    globals_ = [link for link in links if link.kind == "global"]
    if not globals_:
        notes.append("no global archive listed: only incremental archives were taken")
        return incrementals, notes
    newest = globals_[-1]
    return [newest] + [link for link in incrementals if link.timestamp > newest.timestamp], notes


# --- reading one archive --------------------------------------------------------------------


#: Sanction bytes kept in memory by the scan pass (beyond it, the store pass re-reads the archive).
STAGE_BUDGET_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class _Sanction:
    index: int
    member: str
    sha256: str
    legifrance_id: str
    decision_id: str | None
    data: bytes | None = None  # kept by the scan pass while within STAGE_BUDGET_BYTES


def _scan(
    path: Path, link: ArchiveLink, limits: ArchiveLimits, report: FetchReport, progress: bool
) -> list[_Sanction]:
    """First pass: check the whole archive and classify each document.

    The sanctions' bytes are kept (up to :data:`STAGE_BUDGET_BYTES`), so that the store pass
    needs no second decompression of the archive in the usual case.
    """
    found: list[_Sanction] = []
    staged = 0
    with path.open("rb") as fh:
        members: Iterator[tuple[str, bytes]] = iter_archive(fh, link.name, limits)
        if progress:
            from tqdm import tqdm

            members = tqdm(members, desc=link.name, unit="doc", leave=False)
        for index, (member, data) in enumerate(members):
            report.documents_read += 1
            where = f"{link.name}:{member}"
            prov = Provenance(SOURCE_NAME, where, sha256_hex(data), "")
            try:
                decision = parse_dila_xml(data, prov, where)
            except NotASanctionError:
                report.not_sanctions += 1
                continue
            except SourceFormatError as exc:
                report.skipped[reason_key(exc.problem)] += 1
                if len(report.skipped_details) < _MAX_DETAILS:
                    report.skipped_details.append(f"{where}: {exc.problem}")
                continue
            staged += len(data)
            found.append(
                _Sanction(
                    index,
                    member,
                    prov.sha256,
                    decision.legifrance_id or "",
                    decision.decision_id,
                    data if staged <= STAGE_BUDGET_BYTES else None,
                )
            )
    return found


def _store_sanctions(
    path: Path,
    link: ArchiveLink,
    limits: ArchiveLimits,
    sanctions: list[_Sanction],
    store: RawStore,
    known: set[str],
    mirror: str | None,
    retrieved_at: str,
    report: FetchReport,
) -> None:
    """Store the sanctions found by :func:`_scan`: from the bytes it kept, or (beyond the
    staging budget) by a second reading of the archive, checked member by member."""

    def put(s: _Sanction, member: str, data: bytes) -> None:
        store.put(
            data,
            source=SOURCE_NAME,
            source_url=LEGIFRANCE_URL.format(id=s.legifrance_id),
            media_type="application/xml",
            retrieved_at=retrieved_at,
            legifrance_id=s.legifrance_id,
            decision_id=s.decision_id,
            mirror=mirror,
            extra={"archive": link.name, "member": member},
        )
        report.sanctions_stored += 1
        if s.sha256 in known:
            report.sanctions_known += 1
        else:
            report.sanctions_new += 1
            known.add(s.sha256)

    if all(s.data is not None for s in sanctions):
        for s in sanctions:
            assert s.data is not None
            put(s, s.member, s.data)
        return
    wanted = {s.index: s for s in sanctions}
    last_index = max(wanted)
    with path.open("rb") as fh:
        for index, (member, data) in enumerate(iter_archive(fh, link.name, limits)):
            target = wanted.get(index)
            if target is None:
                continue
            if member != target.member or sha256_hex(data) != target.sha256:
                raise SourceFormatError(
                    f"{link.name}:{member}", "archive changed between its two readings"
                )
            put(target, member, data)
            if index == last_index:
                break


# --- the fetch ------------------------------------------------------------------------------


def _normalise(url: str) -> str:
    return url.rstrip("/") + "/"


def fetch_dila(
    base_url: str,
    store: RawStore,
    *,
    since: date | None = None,
    session: PoliteSession | None = None,
    progress: bool = False,
    limits: ArchiveLimits | None = None,
    keep_archives: bool = False,
) -> FetchReport:
    """Fetch new sanctions from the DILA « CNIL » listing at ``base_url`` into ``store``.

    ``session``: the :class:`PoliteSession` to use (default: one with default politeness and its
    conditional-request cache at ``<store root>/_dila/http_cache.json``). ``keep_archives``: keep
    downloaded archives in ``<store root>/_dila/archives/`` after processing (they are deleted by
    default; the ledger keeps their sha256). Raises :class:`FetchError` (network, HTTP, gzip
    integrity), :class:`LayoutChangedError` (listing) or :class:`SourceFormatError` (corrupt or
    hostile archive, damaged ledger); archives processed before the failure stay processed.
    """
    base = _normalise(base_url)
    root = store.root
    state = root / STATE_DIR
    archives_dir = state / ARCHIVES_DIR
    mirror = None if base == _normalise(DEFAULT_BASE_URL) else base
    report = FetchReport(base_url=base)
    own_session = session is None
    sess = session or PoliteSession(cache_path=state / CACHE_NAME)
    try:
        swept = store.sweep()  # leftovers of a killed run: temporary files, entries without meta
        if swept:
            report.notes.append(f"removed {len(swept)} leftovers of an interrupted run")
        ledger = load_ledger(root)
        if not keep_archives and archives_dir.is_dir():
            for name in ledger:  # killed after the ledger write, before the deletion
                (archives_dir / name).unlink(missing_ok=True)
        listing = sess.download(base, state / LISTING_NAME, expect_gzip=False)
        links = parse_listing(listing.path.read_bytes(), base)
        report.archives_listed = len(links)
        report.archives_skipped = sum(1 for link in links if link.name in ledger)
        chosen, notes = choose_archives(links, set(ledger), since)
        report.notes += notes
        report.archives_selected = len(chosen)
        lim = limits or ArchiveLimits()
        known = {e.meta.sha256 for e in store.entries(SOURCE_NAME)}
        for link in chosen:
            _process(
                link,
                sess,
                store,
                archives_dir,
                lim,
                known,
                mirror,
                report,
                progress,
                ledger,
                keep_archives,
            )
    finally:
        if own_session:
            sess.close()
    return report


def _process(
    link: ArchiveLink,
    sess: PoliteSession,
    store: RawStore,
    archives_dir: Path,
    limits: ArchiveLimits,
    known: set[str],
    mirror: str | None,
    report: FetchReport,
    progress: bool,
    ledger: dict[str, dict[str, object]],
    keep_archives: bool,
) -> None:
    """Download, check and store one archive, then record it in the ledger."""
    dest = archives_dir / link.name
    result = sess.download(link.url, dest, expect_gzip=True, progress=progress)
    if result.not_modified:
        report.archives_not_modified += 1
    else:
        report.archives_downloaded += 1
    try:
        sanctions = _scan(dest, link, limits, report, progress)
    except SourceFormatError:
        sess.forget(link.url)
        dest.unlink(missing_ok=True)
        raise
    _store_sanctions(
        dest, link, limits, sanctions, store, known, mirror, result.retrieved_at, report
    )
    ledger[link.name] = {
        "name": link.name,
        "url": link.url,
        "sha256": result.sha256,
        "size": result.size,
        "etag": result.etag,
        "last_modified": result.last_modified,
        "processed_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "sanctions": len(sanctions),
    }
    _save_ledger(store.root, ledger)
    report.archives_processed += 1
    if not keep_archives:
        sess.forget(link.url)
        dest.unlink(missing_ok=True)


__all__ = ["FetchReport", "choose_archives", "fetch_dila", "load_ledger", "reason_key"]
