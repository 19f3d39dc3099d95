"""Network faults injected by a local server: each test asserts the outcome and the store."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest
from werkzeug import Request, Response

from cnil_sanctions.errors import FetchError, LayoutChangedError
from cnil_sanctions.sources.dila_fetch import load_ledger
from tests.conftest import FAST_HTTP
from tests.faults.conftest import cut_body, failing_then, run_fetch
from tests.synthetic import (
    GLOBAL_NAME,
    INCR_NAMES,
    stored_ids,
    synthetic_changed_listing_html,
    synthetic_sanction_id,
)

pytestmark = pytest.mark.network_local

#: the store after a complete fetch of the standard synthetic site
ALL = sorted((synthetic_sanction_id(n), f"SAN-2099-00{n}") for n in (1, 2, 2, 3, 4))
#: the store after the global archive only
GLOBAL_ONLY = sorted((synthetic_sanction_id(n), f"SAN-2099-00{n}") for n in (1, 2))


def _assert_complete(report, root):
    assert report.archives_processed == 3 and report.sanctions_new == 5
    assert stored_ids(root) == ALL
    assert sorted(load_ledger(root)) == sorted([GLOBAL_NAME, *INCR_NAMES])
    assert not list(root.rglob(".tmp-*"))


def _assert_stopped_after_global(root):
    """The run stopped at the first incremental: the global is fully stored, nothing else."""
    assert stored_ids(root) == GLOBAL_ONLY
    assert sorted(load_ledger(root)) == [GLOBAL_NAME]
    assert not list(root.rglob(".tmp-*"))
    assert not (root / "_dila" / "archives" / INCR_NAMES[0]).exists()


def test_429_with_retry_after_is_honoured(site, tmp_path):
    path = f"/CNIL/{INCR_NAMES[0]}"

    def too_many(_req: Request) -> Response:
        return Response("slow down", status=429, headers={"Retry-After": "1"})

    handler = failing_then(1, too_many, site)
    site.faults[path] = handler
    slept: list[float] = []  # the session's waits, recorded instead of slept
    report = run_fetch(site, tmp_path, sleep=slept.append)
    _assert_complete(report, tmp_path)
    assert handler.calls["n"] == 2
    assert 1.0 in slept  # waited the Retry-After second, not the tiny backoff
    assert all(s < 1.0 for s in slept if s != 1.0)  # and nothing else that long


def test_retry_after_beyond_limit_fails_at_once(site, tmp_path):
    path = f"/CNIL/{INCR_NAMES[0]}"
    site.faults[path] = lambda _r: Response("later", status=503, headers={"Retry-After": "3600"})
    with pytest.raises(
        FetchError, match=r"CNIL_20990102-120000\.tar\.gz: HTTP 503.*retry after 3600 s"
    ):
        run_fetch(site, tmp_path)
    assert len(site.requests_for(path)) == 1
    _assert_stopped_after_global(tmp_path)


def test_500s_then_success(site, tmp_path):
    path = f"/CNIL/{GLOBAL_NAME}"
    site.faults[path] = failing_then(2, lambda _r: Response("boom", status=500), site)
    report = run_fetch(site, tmp_path)
    _assert_complete(report, tmp_path)
    assert [r.status_code for q, r in site.server.log if q.path == path] == [500, 500, 200]


def test_persistent_503_gives_up_after_bounded_retries(site, tmp_path):
    path = f"/CNIL/{INCR_NAMES[0]}"
    site.faults[path] = lambda _r: Response("down", status=503)
    t0 = time.monotonic()
    with pytest.raises(
        FetchError, match=r"CNIL_20990102-120000\.tar\.gz: HTTP 503.*gave up after 4 attempts"
    ):
        run_fetch(site, tmp_path)
    assert time.monotonic() - t0 < 5
    assert len(site.requests_for(path)) == FAST_HTTP.max_retries + 1
    _assert_stopped_after_global(tmp_path)
    # the next run, with the server healthy again, resumes and completes
    del site.faults[path]
    report = run_fetch(site, tmp_path)
    assert report.archives_skipped == 1 and report.archives_processed == 2
    assert stored_ids(tmp_path) == ALL


def test_connection_reset_mid_body_then_success(site, tmp_path):
    path = f"/CNIL/{GLOBAL_NAME}"
    body = site.files[GLOBAL_NAME]
    site.faults[path] = failing_then(
        1, cut_body(body, keep=len(body) // 2, reset=True, delay=0.05), site
    )
    report = run_fetch(site, tmp_path)
    _assert_complete(report, tmp_path)
    assert len(site.requests_for(path)) == 2


def test_connection_reset_every_time_is_a_clear_error(site, tmp_path):
    path = f"/CNIL/{INCR_NAMES[0]}"
    body = site.files[INCR_NAMES[0]]
    site.faults[path] = cut_body(body, keep=len(body) // 2, reset=True, delay=0.05)
    with pytest.raises(
        FetchError,
        match=r"CNIL_20990102-120000\.tar\.gz: .*Connection reset by peer.*gave up after 4",
    ):
        run_fetch(site, tmp_path)
    _assert_stopped_after_global(tmp_path)


def test_truncated_body_is_retried_then_refused(site, tmp_path):
    path = f"/CNIL/{INCR_NAMES[0]}"
    body = site.files[INCR_NAMES[0]]
    site.faults[path] = cut_body(body, keep=100, reset=False)
    with pytest.raises(
        FetchError, match=r"CNIL_20990102-120000\.tar\.gz: (truncated body|body cut short)"
    ):
        run_fetch(site, tmp_path)
    assert len(site.requests_for(path)) == FAST_HTTP.max_retries + 1
    _assert_stopped_after_global(tmp_path)


def test_truncated_body_without_length_caught_by_gzip_check(site, tmp_path):
    """No Content-Length and an orderly end: only the gzip integrity check can see the cut."""
    path = f"/CNIL/{INCR_NAMES[0]}"
    half = site.files[INCR_NAMES[0]][:300]

    def no_length(_r: Request) -> Response:
        return Response(iter([half]), content_type="application/gzip", direct_passthrough=True)

    site.faults[path] = no_length
    with pytest.raises(FetchError, match=r"CNIL_20990102-120000\.tar\.gz: truncated gzip data"):
        run_fetch(site, tmp_path)
    _assert_stopped_after_global(tmp_path)


def test_response_slower_than_timeout_then_fast(site, tmp_path):
    path = f"/CNIL/{GLOBAL_NAME}"

    def slow(req: Request) -> Response:
        time.sleep(FAST_HTTP.read_timeout * 2)
        return site._etagged(req, site.files[GLOBAL_NAME], "application/gzip")

    handler = failing_then(1, slow, site)
    site.faults[path] = handler
    report = run_fetch(site, tmp_path)
    _assert_complete(report, tmp_path)
    assert handler.calls["n"] == 2  # (the server log only lists answered requests)


def test_response_always_slower_than_timeout(site, tmp_path):
    path = f"/CNIL/{INCR_NAMES[0]}"

    def slow(req: Request) -> Response:
        time.sleep(FAST_HTTP.read_timeout * 2)
        return Response("late", status=200)

    site.faults[path] = slow
    cfg = replace(FAST_HTTP, max_retries=1)
    t0 = time.monotonic()
    with pytest.raises(
        FetchError, match=r"CNIL_20990102-120000\.tar\.gz: timed out.*gave up after 2 attempts"
    ):
        run_fetch(site, tmp_path, config=cfg)
    assert time.monotonic() - t0 < 4
    _assert_stopped_after_global(tmp_path)


def test_changed_listing_layout_raises_layout_changed(site, tmp_path):
    site.listing = synthetic_changed_listing_html()
    with pytest.raises(LayoutChangedError) as info:
        run_fetch(site, tmp_path)
    assert info.value.location == site.base_url
    assert "expected links to Freemium_cnil_global_*.tar.gz or CNIL_*.tar.gz" in str(info.value)
    assert stored_ids(tmp_path) == [] and load_ledger(tmp_path) == {}


def test_listing_404_is_a_clear_error(site, tmp_path):
    site.faults["/CNIL/"] = lambda _r: Response("gone", status=404)
    with pytest.raises(FetchError, match=r"/CNIL/: HTTP 404"):
        run_fetch(site, tmp_path)
    assert len(site.requests_for("/CNIL/")) == 1  # a 404 is not retried
    assert stored_ids(tmp_path) == []


def test_robots_disallow_stops_the_fetch(site, tmp_path):
    site.robots = b"User-agent: cnil-sanctions\nDisallow: /CNIL/\n"
    with pytest.raises(FetchError, match="disallowed by robots.txt"):
        run_fetch(site, tmp_path)
    assert site.requests_for("/CNIL/") == []
    assert stored_ids(tmp_path) == []
