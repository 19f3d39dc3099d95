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

Raw first, parse later. Each archive is read twice: a first pass checks the whole archive
(safety limits, member paths, gzip/tar integrity) and picks the documents that could be sanctions
with the cheap, generous detector :func:`~cnil_sanctions.sources.dila.candidate_reason`, BEFORE
any strict parsing; only their identity (id, number, date) and layout drift are read. Only if the
whole archive is sound does the store pass keep the raw bytes of every candidate, readable or
not (an unreadable one is stored under its sha256 and reported); parsing happens at ``build``.
So a hostile or corrupt archive stores nothing and raises :class:`SourceFormatError`.
Deletion lists (``liste_suppression*.dat``) withdraw texts and re-published texts replace older
versions by the rule of :mod:`~cnil_sanctions.sources.dila_versions`. The ledger
``<store root>/_dila/archives.json`` (name, url, sha256, size, etag, last_modified, processed_at,
counts, ids withdrawn) gets an archive's entry, atomically, only after ALL its candidates are
stored: an archive whose candidates failed to store is taken again by the next run. As
:meth:`RawStore.put` is idempotent, a run killed at any moment is resumed by the next run and
ends with the same store. Archives are processed in order and the run stops at the first
failure, so the ledger never has gaps.

Downloaded archives are kept in ``<store root>/_dila/archives/`` (they are small), so
:func:`rescan_dila` can read them again with a newer detector without downloading anything.

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
from cnil_sanctions.errors import SourceFormatError, StoreError
from cnil_sanctions.http import PoliteSession
from cnil_sanctions.sources import dila_drift
from cnil_sanctions.sources.dila import (
    DEFAULT_BASE_URL,
    DELETION_LIST_RE,
    GLOBAL_ARCHIVE_RE,
    INCREMENTAL_ARCHIVE_RE,
    LEGIFRANCE_URL,
    SOURCE_NAME,
    ArchiveLimits,
    ArchiveLink,
    candidate_reason,
    iter_archive,
    parse_listing,
    read_identity,
)
from cnil_sanctions.sources.dila_drift import DriftLog
from cnil_sanctions.sources.dila_versions import (
    ARCHIVE,
    LAST_ARCHIVE,
    archive_stamp,
    entry_stamp,
    folders_by_id,
    parse_deletion_list,
    reconcile,
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
    """What one :func:`fetch_dila` (or :func:`rescan_dila`) run did.

    ``skipped`` counts documents that could not be read, by reason, and ``skipped_details``
    names each one (``archive:member: problem``, the first 200); those that are sanction
    candidates are stored all the same (``candidates_unreadable``). ``drift`` counts layout
    drift by kind. :attr:`alarms` says whether the run must fail.
    """

    base_url: str
    archives_listed: int = 0
    archives_selected: int = 0
    archives_skipped: int = 0  # listed, and already processed according to the ledger
    archives_downloaded: int = 0  # transferred over the network
    archives_not_modified: int = 0  # local copy confirmed by a 304
    archives_processed: int = 0
    archives_rescanned: int = 0
    documents_read: int = 0
    candidates: int = 0  # documents the detector flagged as possible sanctions
    candidates_unreadable: int = 0  # of which identity unreadable: stored raw, reported
    sanctions_stored: int = 0  # candidates stored = sanctions_new + sanctions_known
    sanctions_new: int = 0
    sanctions_known: int = 0
    not_sanctions: int = 0  # documents the detector left out
    deletions_listed: int = 0
    withdrawn: list[str] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)
    superseded: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    skipped_details: list[str] = field(default_factory=list)
    drift: DriftLog = field(default_factory=DriftLog)
    empty_global_archives: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def documents_skipped(self) -> int:
        """Documents that could not be read (candidates among them are stored all the same)."""
        return sum(self.skipped.values())

    @property
    def alarms(self) -> list[str]:
        """Failures to report with a non-zero exit (:func:`dila_drift.alarms`)."""
        return dila_drift.alarms(
            unreadable_candidates=self.candidates_unreadable,
            candidates=self.candidates,
            empty_global_archives=self.empty_global_archives,
        )

    def to_text(self) -> str:
        """A short human summary, one fact per line."""
        lines = [
            f"DILA CNIL fetch from {self.base_url}",
            f"  archives: {self.archives_listed} listed, {self.archives_selected} selected, "
            f"{self.archives_skipped} already processed, {self.archives_downloaded} downloaded, "
            f"{self.archives_not_modified} not modified, {self.archives_processed} processed, "
            f"{self.archives_rescanned} re-scanned",
            f"  documents read: {self.documents_read}",
            f"  sanction candidates: {self.candidates} "
            f"({self.candidates_unreadable} unreadable, kept raw)",
            f"  sanctions stored: {self.sanctions_stored} ({self.sanctions_new} new, "
            f"{self.sanctions_known} already in the store)",
            f"  not sanctions (left out): {self.not_sanctions}",
            f"  deletion lists: {self.deletions_listed} texts listed, "
            f"{len(self.withdrawn)} stored texts withdrawn, {len(self.restored)} re-published",
            f"  older versions replaced: {self.superseded}",
            f"  unreadable documents: {self.documents_skipped}",
        ]
        lines += [f"    {n} × {reason}" for reason, n in sorted(self.skipped.items())]
        lines += [f"    - {d}" for d in self.skipped_details[:20]]
        if len(self.skipped_details) > 20:
            lines.append(f"    … and {len(self.skipped_details) - 20} more")
        lines.append(f"  format drift: {sum(self.drift.counts.values())}")
        lines += self.drift.to_lines()
        lines += [f"  withdrawn: {i}" for i in self.withdrawn[:20]]
        lines += [f"  note: {n}" for n in self.notes]
        lines += [f"  ALARM: {a}" for a in self.alarms]
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


#: Candidate bytes kept in memory by the scan pass (beyond it, the store pass re-reads the archive).
STAGE_BUDGET_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class _Candidate:
    index: int
    member: str
    sha256: str
    legifrance_id: str | None
    number: str | None
    reason: str
    data: bytes | None = None  # kept by the scan pass while within STAGE_BUDGET_BYTES


@dataclass
class _Scan:
    candidates: list[_Candidate] = field(default_factory=list)
    deleted_ids: list[str] = field(default_factory=list)


def _skip(report: FetchReport, where: str, problem: str) -> None:
    report.skipped[reason_key(problem)] += 1
    if len(report.skipped_details) < _MAX_DETAILS:
        report.skipped_details.append(f"{where}: {problem}")


def _scan(
    path: Path, link: ArchiveLink, limits: ArchiveLimits, report: FetchReport, progress: bool
) -> _Scan:
    """First pass: check the whole archive, pick the sanction candidates (raw first: by the
    detector, before any strict parsing), read their identity and every document's drift, and
    read the deletion lists."""
    scan = _Scan()
    staged = 0
    with path.open("rb") as fh:
        members: Iterator[tuple[str, bytes]] = iter_archive(fh, link.name, limits)
        if progress:
            from tqdm import tqdm

            members = tqdm(members, desc=link.name, unit="doc", leave=False)
        for index, (member, data) in enumerate(members):
            where = f"{link.name}:{member}"
            if DELETION_LIST_RE.search(member):
                ids, odd = parse_deletion_list(data)
                scan.deleted_ids += ids
                report.deletions_listed += len(ids)
                for line in odd:
                    report.drift.add("deletion list line without a CNILTEXT id", line[:120])
                continue
            report.documents_read += 1
            reason = candidate_reason(data)
            legifrance_id = number = None
            try:
                identity, drift = read_identity(data, where)
                legifrance_id, number = identity.legifrance_id, identity.number
                report.drift.add_all(drift)
            except SourceFormatError as exc:
                suffix = " (sanction candidate: raw bytes kept)" if reason else ""
                _skip(report, where, exc.problem + suffix)
                if reason:
                    report.candidates_unreadable += 1
            if reason is None:
                report.not_sanctions += 1
                continue
            report.candidates += 1
            staged += len(data)
            scan.candidates.append(
                _Candidate(
                    index,
                    member,
                    sha256_hex(data),
                    legifrance_id,
                    number,
                    reason,
                    data if staged <= STAGE_BUDGET_BYTES else None,
                )
            )
    return scan


def _store_candidates(
    path: Path,
    link: ArchiveLink,
    limits: ArchiveLimits,
    candidates: list[_Candidate],
    store: RawStore,
    known: set[str],
    mirror: str | None,
    retrieved_at: str | None,
    report: FetchReport,
    folders: dict[str, set[Path]],
) -> list[str]:
    """Store the raw bytes of every candidate found by :func:`_scan` (from the bytes it kept,
    or, beyond the staging budget, from a second reading checked member by member). Returns the
    failures (``member: problem``); the caller then leaves the archive out of the ledger."""
    failures: list[str] = []

    def put(c: _Candidate, member: str, data: bytes) -> None:
        try:
            entry = store.put(
                data,
                source=SOURCE_NAME,
                source_url=LEGIFRANCE_URL.format(id=c.legifrance_id or "")
                if c.legifrance_id
                else f"{link.url}#{member}",
                media_type="application/xml",
                retrieved_at=retrieved_at,
                legifrance_id=c.legifrance_id,
                decision_id=c.number or None,
                mirror=mirror,
                extra={ARCHIVE: link.name, "member": member, "detector": c.reason},
            )
            if archive_stamp(link.name) > entry_stamp(entry):
                store.set_extra(entry, {**entry.meta.extra, LAST_ARCHIVE: link.name})
            if c.legifrance_id:
                folders.setdefault(c.legifrance_id, set()).add(entry.folder)
        except StoreError as exc:
            failures.append(f"{member}: {exc}")
            return
        report.sanctions_stored += 1
        if c.sha256 in known:
            report.sanctions_known += 1
        else:
            report.sanctions_new += 1
            known.add(c.sha256)

    if all(c.data is not None for c in candidates):
        for c in candidates:
            assert c.data is not None
            put(c, c.member, c.data)
        return failures
    wanted = {c.index: c for c in candidates}
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
    return failures


def _deletions(ledger: dict[str, dict[str, object]]) -> dict[str, list[str]]:
    """CNILTEXT id → archives whose deletion lists name it, from the ledger."""
    out: dict[str, list[str]] = {}
    for name, entry in ledger.items():
        ids = entry.get("withdrawn_ids") or []
        assert isinstance(ids, list)
        for legifrance_id in ids:
            out.setdefault(str(legifrance_id), []).append(name)
    return out


def _ingest(
    path: Path,
    link: ArchiveLink,
    store: RawStore,
    limits: ArchiveLimits,
    known: set[str],
    mirror: str | None,
    retrieved_at: str | None,
    report: FetchReport,
    progress: bool,
    ledger: dict[str, dict[str, object]],
    folders: dict[str, set[Path]],
) -> dict[str, object]:
    """Scan, store, apply deletions and versions for one local archive; return the ledger
    fields it adds. Raises :class:`StoreError` if a candidate could not be stored."""
    scan = _scan(path, link, limits, report, progress)
    if link.kind == "global" and not scan.candidates:
        report.empty_global_archives.append(link.name)
    failures = _store_candidates(
        path, link, limits, scan.candidates, store, known, mirror, retrieved_at, report, folders
    )
    if failures:
        raise StoreError(
            f"{link.name}: {len(failures)} sanction candidates could not be stored (the archive "
            f"is kept and will be taken again): " + "; ".join(failures[:5])
        )
    deletions = _deletions({k: v for k, v in ledger.items() if k != link.name})
    for legifrance_id in scan.deleted_ids:
        deletions.setdefault(legifrance_id, []).append(link.name)
    touched = {c.legifrance_id for c in scan.candidates if c.legifrance_id}
    result = reconcile(store, SOURCE_NAME, touched | set(scan.deleted_ids), deletions, folders)
    report.withdrawn += result.withdrawn
    report.restored += result.restored
    report.superseded += result.superseded
    return {
        "sanctions": len(scan.candidates),
        "withdrawn_ids": sorted(set(scan.deleted_ids)),
    }


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
    keep_archives: bool = True,
) -> FetchReport:
    """Fetch new sanction candidates from the DILA « CNIL » listing at ``base_url`` into ``store``.

    ``session``: the :class:`PoliteSession` to use (default: one with default politeness and its
    conditional-request cache at ``<store root>/_dila/http_cache.json``). ``keep_archives``: keep
    downloaded archives in ``<store root>/_dila/archives/`` (default; ``False`` deletes them once
    processed, the ledger keeps their sha256, and :func:`rescan_dila` cannot read them again).
    Raises :class:`FetchError` (network, HTTP, gzip integrity), :class:`LayoutChangedError`
    (listing), :class:`SourceFormatError` (corrupt or hostile archive, damaged ledger) or
    :class:`StoreError` (a candidate could not be stored); archives processed before the failure
    stay processed. Drift and alarms are in the report.
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
        folders = folders_by_id(store, SOURCE_NAME)
        for link in chosen:
            dest = archives_dir / link.name
            result = sess.download(link.url, dest, expect_gzip=True, progress=progress)
            if result.not_modified:
                report.archives_not_modified += 1
            else:
                report.archives_downloaded += 1
            try:
                counts = _ingest(
                    dest,
                    link,
                    store,
                    lim,
                    known,
                    mirror,
                    result.retrieved_at,
                    report,
                    progress,
                    ledger,
                    folders,
                )
            except SourceFormatError:
                sess.forget(link.url)
                dest.unlink(missing_ok=True)
                raise
            ledger[link.name] = {
                "name": link.name,
                "url": link.url,
                "sha256": result.sha256,
                "size": result.size,
                "etag": result.etag,
                "last_modified": result.last_modified,
                "processed_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
                **counts,
            }
            _save_ledger(root, ledger)
            report.archives_processed += 1
            if not keep_archives:
                sess.forget(link.url)
                dest.unlink(missing_ok=True)
    finally:
        if own_session:
            sess.close()
    return report


def _link_of(name: str, url: str) -> ArchiveLink:
    for kind, pattern in (("global", GLOBAL_ARCHIVE_RE), ("incremental", INCREMENTAL_ARCHIVE_RE)):
        m = pattern.match(name)
        if m:
            return ArchiveLink(name, url, kind, datetime.strptime(m[1] + m[2], "%Y%m%d%H%M%S"))
    raise SourceFormatError(name, "archive name of the ledger is not a DILA CNIL archive name")


def rescan_dila(
    store: RawStore, *, progress: bool = False, limits: ArchiveLimits | None = None
) -> FetchReport:
    """Read every kept archive of the ledger again (oldest first) with the current detector and
    store what it finds; nothing is downloaded. Archives not kept are named in the notes."""
    root = store.root
    archives_dir = root / STATE_DIR / ARCHIVES_DIR
    report = FetchReport(base_url=f"(re-scan of {archives_dir})")
    ledger = load_ledger(root)
    lim = limits or ArchiveLimits()
    known = {e.meta.sha256 for e in store.entries(SOURCE_NAME)}
    folders = folders_by_id(store, SOURCE_NAME)
    links = sorted(
        (_link_of(name, str(entry.get("url", ""))) for name, entry in ledger.items()),
        key=lambda link: (link.timestamp, link.name),
    )
    for link in links:
        path = archives_dir / link.name
        if not path.is_file():
            report.notes.append(f"{link.name}: not kept, cannot be re-scanned")
            continue
        if sha256_hex(path.read_bytes()) != ledger[link.name].get("sha256"):
            report.notes.append(f"{link.name}: kept copy differs from the ledger's sha256; skipped")
            continue
        mirror_url = str(ledger[link.name].get("url", ""))
        base = mirror_url.rsplit("/", 1)[0] + "/" if mirror_url else ""
        mirror = None if base == _normalise(DEFAULT_BASE_URL) else base or None
        processed_at = str(ledger[link.name].get("processed_at") or "")
        counts = _ingest(
            path,
            link,
            store,
            lim,
            known,
            mirror,
            processed_at or None,
            report,
            progress,
            ledger,
            folders,
        )
        ledger[link.name] = {**ledger[link.name], **counts}
        _save_ledger(root, ledger)
        report.archives_rescanned += 1
    return report


__all__ = [
    "FetchReport",
    "choose_archives",
    "fetch_dila",
    "load_ledger",
    "reason_key",
    "rescan_dila",
]
