"""Incremental, parallel build (issue 7): the cache and ``jobs`` never change the output.

Stores here are copies of real entries of ``data/raw/legifrance_text`` (the shipped corpus).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cnil_sanctions import dataset as ds
from cnil_sanctions.cache import CACHE_FILE, ExtractionCache
from cnil_sanctions.sources import parse_stored
from cnil_sanctions.store import RawStore, StoredDocument

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
#: Real decisions used: three fines, a bureau decision (MEDP, kept as a formal-notice publication), and the
#: two texts of SAN-2020-015 (a duplicate pair).
WANTED = ("SAN-2022-009", "SAN-2019-001", "MEDP-2021-001", "SAN-2020-015", "SAN-2021-003")
NEW = "SAN-2022-021"


def _entries_by_decision() -> dict[str, list[StoredDocument]]:
    out: dict[str, list[StoredDocument]] = {}
    for entry in ds.decision_entries(RawStore(RAW)):
        out.setdefault(parse_stored(entry).decision_id or "", []).append(entry)
    return out


@pytest.fixture(scope="module")
def real_entries() -> dict[str, list[StoredDocument]]:
    found = _entries_by_decision()
    missing = [d for d in (*WANTED, NEW) if d not in found]
    assert not missing, f"{RAW}: decisions {missing} not in the shipped raw store"
    assert len(found["SAN-2020-015"]) == 2
    return found


def _copy(entries: list[StoredDocument], raw: Path) -> None:
    for e in entries:
        dest = raw / e.meta.source / e.folder.name
        shutil.copytree(e.folder, dest)


@pytest.fixture
def store(tmp_path: Path, real_entries: dict[str, list[StoredDocument]]) -> Path:
    raw = tmp_path / "raw"
    _copy([e for d in WANTED for e in real_entries[d]], raw)
    return raw


def _reference_rows(raw: Path) -> tuple[list[dict[str, object]], str]:
    """Rows by the plain path: no cache, one process."""
    return _cached_rows(raw, None, 1)


def _cached_rows(raw: Path, cache: ExtractionCache | None, jobs: int = 1):  # type: ignore[no-untyped-def]
    entries = list(RawStore(raw).entries())
    records = ds.analyse_entries(entries, cache, jobs)
    summary = ds.BuildSummary()
    return ds._rows_from_records(entries, records, summary), summary.to_text()


def test_cached_and_parallel_rows_equal_the_uncached_path(store: Path, tmp_path: Path) -> None:
    ref_rows, ref_summary = _reference_rows(store)
    assert [r["decision_id"] for r in ref_rows] == sorted(
        {"SAN-2022-009", "SAN-2019-001", "SAN-2020-015", "SAN-2021-003", "MEDP-2021-001"}
    )
    medp = next(r for r in ref_rows if r["decision_id"] == "MEDP-2021-001")
    assert medp["measure_kind"] == "formal_notice_publication"  # kept as what it is
    assert "duplicate texts left out: 1" in ref_summary
    with ExtractionCache(tmp_path / "cache" / CACHE_FILE) as cache:
        for jobs in (1, 2):
            for _ in range(2):  # cold, then warm
                rows, summary = _cached_rows(store, cache, jobs)
                assert rows == ref_rows
                assert [list(r) for r in rows] == [list(r) for r in ref_rows]
                assert summary == ref_summary
        assert cache.hits > 0
    assert _cached_rows(store, None, 2) == (ref_rows, ref_summary)


def test_adding_one_document_analyses_only_that_document(
    store: Path,
    tmp_path: Path,
    real_entries: dict[str, list[StoredDocument]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cache_path = tmp_path / "cache" / CACHE_FILE
    with ExtractionCache(cache_path) as cache:
        _cached_rows(store, cache)
    analysed: list[str] = []
    real = ds.analyse_entry

    def counting(entry: StoredDocument):  # type: ignore[no-untyped-def]
        analysed.append(entry.meta.sha256)
        return real(entry)

    monkeypatch.setattr(ds, "analyse_entry", counting)
    _copy(real_entries[NEW], store)
    with ExtractionCache(cache_path) as cache:
        rows, _ = _cached_rows(store, cache)
        assert (cache.misses, cache.hits) == (1, 6)
    assert analysed == [real_entries[NEW][0].meta.sha256]
    assert NEW in [r["decision_id"] for r in rows]
    monkeypatch.setattr(ds, "analyse_entry", real)
    assert rows == _reference_rows(store)[0]


def test_store_metadata_is_read_fresh_not_from_the_cache(store: Path, tmp_path: Path) -> None:
    cache_path = tmp_path / "cache" / CACHE_FILE
    with ExtractionCache(cache_path) as cache:
        before, _ = _cached_rows(store, cache)
    raw_store = RawStore(store)
    entry = next(e for e in raw_store.entries() if parse_stored(e).decision_id == "SAN-2022-009")
    raw_store.put(
        entry.read_bytes(),
        source=entry.meta.source,
        source_url=entry.meta.source_url,
        media_type=entry.meta.media_type,
        retrieved_at="2099-01-01T00:00:00+00:00",
        legifrance_id=entry.meta.legifrance_id,
    )
    with ExtractionCache(cache_path) as cache:
        after, _ = _cached_rows(store, cache)
        assert cache.misses == 0
    row = next(r for r in after if r["decision_id"] == "SAN-2022-009")
    assert row["last_seen"] == "2099-01-01T00:00:00+00:00"
    assert after == _reference_rows(store)[0]
    assert after != before


def test_a_damaged_document_is_reported_by_every_build_even_when_cached(
    store: Path, tmp_path: Path
) -> None:
    cache_path = tmp_path / "cache" / CACHE_FILE
    with ExtractionCache(cache_path) as cache:
        clean, _ = _cached_rows(store, cache)
    entry = next(
        e for e in RawStore(store).entries() if "SAN-2022-009" in str(e.read_bytes()[:200])
    )
    original = entry.document_path.read_bytes()
    entry.document_path.write_bytes(original + b" tampered")
    for _ in range(2):
        with ExtractionCache(cache_path) as cache:
            rows, summary = _cached_rows(store, cache)
        assert "1 × unreadable" in summary
        assert "SAN-2022-009" not in [r["decision_id"] for r in rows]
        assert (rows, summary) == (_reference_rows(store)[0], _reference_rows(store)[1])
    entry.document_path.write_bytes(original)
    with ExtractionCache(cache_path) as cache:
        assert _cached_rows(store, cache)[0] == clean
        assert cache.misses == 0


def test_incremental_build_writes_the_same_bytes_as_a_full_rebuild(
    store: Path, tmp_path: Path, real_entries: dict[str, list[StoredDocument]]
) -> None:
    cache_dir = tmp_path / "cache"
    ds.build_dataset(store, tmp_path / "first", cache_dir=cache_dir, jobs=2)
    _copy(real_entries[NEW], store)
    ds.build_dataset(store, tmp_path / "incremental", cache_dir=cache_dir)
    ds.build_dataset(store, tmp_path / "full", cache_dir=None, jobs=1)
    for name in (ds.CSV_NAME, ds.DATAPACKAGE_NAME):
        incremental = (tmp_path / "incremental" / name).read_bytes()
        assert incremental == (tmp_path / "full" / name).read_bytes(), name
    assert NEW.encode() in (tmp_path / "incremental" / ds.CSV_NAME).read_bytes()
