"""fetch_dila on a local SYNTHETIC DILA site (pytest-httpserver): happy path, second run, --since.

The listing and the archives are synthetic, built at test time by tests/synthetic.py from the real
DILA sample (an authorisation, left out) and fictitious sanction variants of it (year 2099).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from cnil_sanctions.http import PoliteSession
from cnil_sanctions.sources.dila import LayoutChangedError, parse_listing
from cnil_sanctions.sources.dila_fetch import choose_archives, fetch_dila, load_ledger
from cnil_sanctions.store import RawStore
from tests.conftest import FAST_HTTP
from tests.synthetic import (
    GLOBAL_NAME,
    INCR_NAMES,
    SyntheticDilaSite,
    standard_files,
    store_snapshot,
    stored_ids,
    synthetic_changed_listing_html,
    synthetic_listing_html,
    synthetic_sanction_id,
    synthetic_sanction_xml,
)

pytestmark = pytest.mark.network_local


@pytest.fixture
def site(httpserver) -> SyntheticDilaSite:
    return SyntheticDilaSite(httpserver, files=standard_files()).install()


def _session(root: Path) -> PoliteSession:
    return PoliteSession(FAST_HTTP, cache_path=root / "_dila" / "http_cache.json")


def _fetch(site: SyntheticDilaSite, root: Path, **kw):
    with _session(root) as sess:
        return fetch_dila(site.base_url, RawStore(root), session=sess, **kw)


def test_first_fetch_stores_every_synthetic_sanction(site, tmp_path):
    report = _fetch(site, tmp_path)
    assert report.archives_listed == 3
    assert report.archives_downloaded == 3
    assert report.archives_processed == 3
    assert report.documents_read == 7
    assert report.not_sanctions == 2  # the real sample, twice
    assert report.sanctions_stored == report.sanctions_new == 5
    assert report.documents_skipped == 0
    # sanction 2 twice: its first version and its synthetic corrected re-publication
    assert stored_ids(tmp_path) == sorted(
        [(synthetic_sanction_id(n), f"SAN-2099-00{n}") for n in (1, 2, 2, 3, 4)]
    )
    entries = list(RawStore(tmp_path).entries("dila"))
    for entry in entries:
        assert (
            entry.meta.source_url
            == f"https://www.legifrance.gouv.fr/cnil/id/{entry.meta.legifrance_id}"
        )
        assert entry.meta.mirror == site.base_url  # a local server is a mirror, not the DILA URL
        assert entry.meta.extra["archive"] in (GLOBAL_NAME, *INCR_NAMES)
        assert entry.meta.extra["member"].endswith(f"{entry.meta.legifrance_id}.xml")
        assert b"SYNTHETIC" in entry.read_bytes()
    by_member = {e.meta.sha256 for e in entries}
    assert len(by_member) == 5
    stored = {e.read_bytes() for e in entries}
    assert synthetic_sanction_xml(4) in stored and synthetic_sanction_xml(2, revision=1) in stored
    ledger = load_ledger(tmp_path)
    assert sorted(ledger) == sorted([GLOBAL_NAME, *INCR_NAMES])
    assert ledger[GLOBAL_NAME]["sanctions"] == 2
    assert set(ledger[GLOBAL_NAME]) >= {
        "name",
        "url",
        "sha256",
        "size",
        "etag",
        "last_modified",
        "processed_at",
    }
    # archives are kept (for `fetch --rescan`); no temporary file is left anywhere
    kept = sorted(p.name for p in (tmp_path / "_dila" / "archives").iterdir())
    assert kept == sorted([GLOBAL_NAME, *INCR_NAMES])
    assert not [p for p in tmp_path.rglob(".tmp-*")]
    text = report.to_text()
    assert "5 new" in text and "documents read: 7" in text
    # the polite session identified itself and asked robots.txt once
    ua = {req.headers["User-Agent"] for req, _ in site.server.log}
    assert ua == {"cnil-sanctions/0.1.0 (+https://github.com/cnil-sanctions/cnil-sanctions)"}
    assert len(site.requests_for("/robots.txt")) == 1


def test_second_fetch_downloads_nothing_new(site, tmp_path):
    _fetch(site, tmp_path)
    before = store_snapshot(tmp_path)
    site.server.clear_log()
    report = _fetch(site, tmp_path)
    assert report.archives_skipped == 3
    assert report.archives_downloaded == report.archives_processed == 0
    assert report.sanctions_stored == 0
    assert [req.path for req, _ in site.server.log] == ["/robots.txt", "/CNIL/"]
    listing_req = site.requests_for("/CNIL/")[0]
    assert listing_req.headers.get("If-None-Match")  # conditional request
    assert site.server.log[-1][1].status_code == 304
    assert store_snapshot(tmp_path) == before


def test_new_incremental_is_fetched_alone(site, tmp_path):
    _fetch(site, tmp_path)
    from tests.synthetic import documents_tar_gz

    site.files["CNIL_20990104-120000.tar.gz"] = documents_tar_gz([synthetic_sanction_xml(5)])
    site.server.clear_log()
    report = _fetch(site, tmp_path)
    assert report.archives_downloaded == 1 and report.sanctions_new == 1
    assert [r.path for r, _ in site.server.log if r.path.endswith(".tar.gz")] == [
        "/CNIL/CNIL_20990104-120000.tar.gz"
    ]
    assert (synthetic_sanction_id(5), "SAN-2099-005") in stored_ids(tmp_path)


def test_since_takes_incrementals_from_that_date_only(site, tmp_path):
    report = _fetch(site, tmp_path, since=date(2099, 1, 3))
    assert report.archives_selected == report.archives_processed == 1
    assert stored_ids(tmp_path) == [(synthetic_sanction_id(4), "SAN-2099-004")]
    assert sorted(load_ledger(tmp_path)) == [INCR_NAMES[1]]
    assert not site.requests_for(f"/CNIL/{GLOBAL_NAME}")
    again = _fetch(site, tmp_path, since=date(2099, 1, 3))
    assert again.archives_selected == 0 and again.archives_skipped == 1


def test_known_sanction_counted_as_known(site, tmp_path):
    """A sanction already stored (same bytes) is put again idempotently and counted as known."""
    store = RawStore(tmp_path)
    store.put(
        synthetic_sanction_xml(1),
        source="dila",
        source_url="x",
        media_type="application/xml",
        legifrance_id=synthetic_sanction_id(1),
        decision_id="SAN-2099-001",
    )
    report = _fetch(site, tmp_path)
    assert report.sanctions_known == 1 and report.sanctions_new == 4
    assert len(stored_ids(tmp_path)) == 5


def test_changed_listing_layout_raises(site, tmp_path):
    site.listing = synthetic_changed_listing_html()
    with pytest.raises(LayoutChangedError, match="Freemium_cnil_global"):
        _fetch(site, tmp_path)
    assert stored_ids(tmp_path) == [] and load_ledger(tmp_path) == {}


def test_choose_archives_rule():
    names = [
        GLOBAL_NAME,
        *INCR_NAMES,
        "Freemium_cnil_global_20981201-120000.tar.gz",
        "CNIL_20981215-120000.tar.gz",
    ]
    links = parse_listing(synthetic_listing_html(names), "http://127.0.0.1/CNIL/")
    first, _ = choose_archives(links, set(), None)
    assert [link.name for link in first] == [GLOBAL_NAME, *INCR_NAMES]
    later, _ = choose_archives(links, {GLOBAL_NAME, INCR_NAMES[0]}, None)
    assert [link.name for link in later] == [INCR_NAMES[1]]
    since, _ = choose_archives(links, set(), date(2098, 12, 31))
    assert [link.name for link in since] == list(INCR_NAMES)
    incr_only = [n for n in names if n.startswith("CNIL_")]
    only, notes = choose_archives(
        parse_listing(synthetic_listing_html(incr_only), "http://x/"), set(), None
    )
    assert len(only) == 3 and "no global archive" in notes[0]


def test_ledger_damaged_is_a_clear_error(site, tmp_path):
    (tmp_path / "_dila").mkdir()
    (tmp_path / "_dila" / "archives.json").write_text("{not json", encoding="utf-8")
    from cnil_sanctions.errors import SourceFormatError

    with pytest.raises(SourceFormatError, match="archives.json: unreadable archive ledger"):
        _fetch(site, tmp_path)
    assert json.loads("{}") == {} and stored_ids(tmp_path) == []


def test_progress_and_keep_archives(site, tmp_path, capsys):
    report = _fetch(site, tmp_path, progress=True)
    assert report.archives_processed == 3
    kept = sorted(p.name for p in (tmp_path / "_dila" / "archives").iterdir())
    assert kept == sorted([GLOBAL_NAME, *INCR_NAMES])
    assert (tmp_path / "_dila" / "archives" / GLOBAL_NAME).read_bytes() == site.files[GLOBAL_NAME]
    # a later run with keep_archives=False removes the copies of processed archives
    _fetch(site, tmp_path, keep_archives=False)
    assert list((tmp_path / "_dila" / "archives").iterdir()) == []


def test_beyond_the_staging_budget_the_archive_is_read_twice_with_the_same_store(
    site, tmp_path, monkeypatch
):
    """Sanctions are normally stored from the bytes the scan kept; past the budget, the store
    pass re-reads the archive (checked member by member) and ends with the same store."""
    from collections import Counter

    import cnil_sanctions.sources.dila_fetch as dila_fetch

    staged = tmp_path / "staged"
    _fetch(site, staged)
    reads: list[str] = []
    real_iter = dila_fetch.iter_archive

    def counting(fh, location, limits=None):  # type: ignore[no-untyped-def]
        reads.append(location)
        return real_iter(fh, location, limits)

    monkeypatch.setattr(dila_fetch, "STAGE_BUDGET_BYTES", 0)
    monkeypatch.setattr(dila_fetch, "iter_archive", counting)
    reread = tmp_path / "reread"
    _fetch(site, reread)
    assert store_snapshot(reread) == store_snapshot(staged)
    assert set(Counter(reads).values()) == {2}  # every archive read twice (scan, store)
