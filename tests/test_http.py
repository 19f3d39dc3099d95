"""PoliteSession unit tests against pytest-httpserver on 127.0.0.1 (the network is blocked)."""

from __future__ import annotations

import gzip
from dataclasses import replace
from pathlib import Path

import pytest
from werkzeug import Request, Response

from cnil_sanctions.errors import FetchError
from cnil_sanctions.http import (
    USER_AGENT,
    PoliteSession,
    TruncatedGzipError,
    parse_retry_after,
    verify_gzip,
)
from tests.conftest import FAST_HTTP

pytestmark = pytest.mark.network_local

ROBOTS_OK = "User-agent: *\nDisallow: /private/\n"


@pytest.fixture
def robots(httpserver):
    httpserver.expect_request("/robots.txt").respond_with_data(ROBOTS_OK)
    return httpserver


def _session(tmp_path: Path, **kw) -> PoliteSession:
    return PoliteSession(replace(FAST_HTTP, **kw), cache_path=tmp_path / "cache.json")


def test_user_agent_names_the_project():
    assert USER_AGENT.startswith(
        "cnil-sanctions/0.1.0 (+https://github.com/cnil-sanctions/cnil-sanctions)"
    )


def test_get_bytes_sends_user_agent(robots, tmp_path):
    robots.expect_request("/a").respond_with_data(b"hello")
    with _session(tmp_path) as s:
        assert s.get_bytes(robots.url_for("/a")) == b"hello"
    req = [r for r, _ in robots.log if r.path == "/a"][0]
    assert req.headers["User-Agent"] == USER_AGENT


def test_rate_limit_spaces_requests(robots, tmp_path):
    robots.expect_request("/a").respond_with_data(b"x")
    now = [100.0]
    sent: list[float] = []

    def sleep(d: float) -> None:  # a fake clock: time passes only when the session sleeps
        now[0] += d

    config = replace(FAST_HTTP, min_interval=0.2)
    with PoliteSession(config, sleep=sleep, clock=lambda: now[0]) as s:
        for _ in range(3):
            s.get_bytes(robots.url_for("/a"))
            sent.append(now[0])
    # robots.txt + 3 requests = 4 requests, each 0.2 s after the one before
    assert sent == pytest.approx([100.2, 100.4, 100.6])


def test_crawl_delay_raises_the_interval(httpserver, tmp_path):
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nCrawl-delay: 7\n")
    httpserver.expect_request("/a").respond_with_data(b"x")
    now = [100.0]
    slept: list[float] = []

    def sleep(d: float) -> None:  # a fake clock: time passes only when the session sleeps
        slept.append(d)
        now[0] += d

    s = PoliteSession(replace(FAST_HTTP, max_crawl_delay=5), sleep=sleep, clock=lambda: now[0])
    s.get_bytes(httpserver.url_for("/a"))
    s.get_bytes(httpserver.url_for("/a"))
    assert slept == [5.0, 5.0]  # Crawl-delay 7 capped at max_crawl_delay, before each /a


@pytest.mark.parametrize(
    ("status", "body", "allowed"),
    [
        (200, "User-agent: cnil-sanctions\nDisallow: /a\n", False),
        (200, ROBOTS_OK, True),
        (404, "", True),
        (403, "", False),
        (401, "", False),
    ],
)
def test_robots_rules(httpserver, tmp_path, status, body, allowed):
    httpserver.expect_request("/robots.txt").respond_with_data(body, status=status)
    httpserver.expect_request("/a").respond_with_data(b"x")
    with _session(tmp_path) as s:
        if allowed:
            assert s.get_bytes(httpserver.url_for("/a")) == b"x"
        else:
            with pytest.raises(FetchError, match="disallowed by robots.txt"):
                s.get_bytes(httpserver.url_for("/a"))
    assert [r.path for r, _ in httpserver.log].count("/robots.txt") == 1
    assert ("/a" in [r.path for r, _ in httpserver.log]) is allowed


def test_robots_fetched_once_per_host(robots, tmp_path):
    robots.expect_request("/a").respond_with_data(b"x")
    with _session(tmp_path) as s:
        for _ in range(3):
            s.get_bytes(robots.url_for("/a"))
    assert [r.path for r, _ in robots.log].count("/robots.txt") == 1


def test_robots_unreachable_is_disallow_by_default(httpserver, tmp_path):
    httpserver.expect_request("/robots.txt").respond_with_data("oops", status=500)
    httpserver.expect_request("/a").respond_with_data(b"x")
    with (
        _session(tmp_path) as s,
        pytest.raises(FetchError, match=r"robots.txt unreachable.*RFC 9309"),
    ):
        s.get_bytes(httpserver.url_for("/a"))
    assert "/a" not in [r.path for r, _ in httpserver.log]
    with _session(tmp_path, robots_unreachable="allow") as s:
        assert s.get_bytes(httpserver.url_for("/a")) == b"x"


def test_404_is_not_retried(robots, tmp_path):
    robots.expect_request("/a").respond_with_data("no", status=404)
    with _session(tmp_path) as s, pytest.raises(FetchError, match=r"/a: HTTP 404"):
        s.get_bytes(robots.url_for("/a"))
    assert [r.path for r, _ in robots.log].count("/a") == 1


def test_retry_budget_bounds_total_wait(robots, tmp_path):
    robots.expect_request("/a").respond_with_data("busy", status=429, headers={"Retry-After": "1"})
    slept: list[float] = []
    s = PoliteSession(replace(FAST_HTTP, max_retries=10, max_total_wait=2.5), sleep=slept.append)
    with pytest.raises(FetchError, match=r"HTTP 429.*retry budget of 2.5 s"):
        s.get_bytes(robots.url_for("/a"))
    assert slept == [1.0, 1.0]  # Retry-After honoured, twice, then the budget stops it


def test_backoff_grows_with_jitter(robots, tmp_path):
    robots.expect_request("/a").respond_with_data("down", status=502)
    slept: list[float] = []
    s = PoliteSession(
        replace(FAST_HTTP, max_retries=4, backoff_base=1, backoff_max=100, max_total_wait=100),
        sleep=slept.append,
    )
    with pytest.raises(FetchError, match="gave up after 5 attempts"):
        s.get_bytes(robots.url_for("/a"))
    assert len(slept) == 4
    for i, d in enumerate(slept):
        assert 2**i / 2 <= d <= 2**i


def test_parse_retry_after():
    assert parse_retry_after("120") == 120
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == pytest.approx(10)
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


def _etag_handler(body: bytes, etag: str = '"v1"'):
    def handler(request: Request) -> Response:
        if request.headers.get("If-None-Match") == etag:
            return Response(status=304, headers={"ETag": etag})
        return Response(
            body, headers={"ETag": etag, "Last-Modified": "Wed, 01 Jan 2099 00:00:00 GMT"}
        )

    return handler


def test_download_conditional_request(robots, tmp_path):
    body = gzip.compress(b"payload" * 100, mtime=0)
    robots.expect_request("/f.tar.gz").respond_with_handler(_etag_handler(body))
    dest = tmp_path / "dl" / "f.tar.gz"
    with _session(tmp_path) as s:
        first = s.download(robots.url_for("/f.tar.gz"), dest)
    assert not first.not_modified and dest.read_bytes() == body and first.etag == '"v1"'
    with _session(tmp_path) as s:  # a new session reads the validators from the JSON cache
        second = s.download(robots.url_for("/f.tar.gz"), dest)
    assert second.not_modified and second.sha256 == first.sha256 and dest.read_bytes() == body
    reqs = [r for r, _ in robots.log if r.path == "/f.tar.gz"]
    assert reqs[1].headers["If-None-Match"] == '"v1"'
    assert reqs[1].headers["If-Modified-Since"] == "Wed, 01 Jan 2099 00:00:00 GMT"
    # a damaged local copy is not trusted: no validators are sent, the file is downloaded again
    dest.write_bytes(b"damaged")
    with _session(tmp_path) as s:
        third = s.download(robots.url_for("/f.tar.gz"), dest)
    assert not third.not_modified and dest.read_bytes() == body
    assert "If-None-Match" not in [r for r, _ in robots.log if r.path == "/f.tar.gz"][2].headers


def test_download_leftovers_removed_and_no_partial_file(robots, tmp_path):
    robots.expect_request("/f.gz").respond_with_data(b"not gzip at all")
    dest = tmp_path / "f.gz"
    (tmp_path / ".tmp-f.gz.abc123").write_bytes(b"left by a killed run")
    with _session(tmp_path) as s, pytest.raises(FetchError, match=r"/f.gz: corrupt gzip"):
        s.download(robots.url_for("/f.gz"), dest)
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # no leftover, no dest, no cache


def test_download_keeps_gzip_bytes_when_server_sets_content_encoding(robots, tmp_path):
    """A misconfigured server labels a .tar.gz with Content-Encoding: gzip; the file is kept as is."""
    body = gzip.compress(b"tar bytes" * 50, mtime=0)
    robots.expect_request("/x.tar.gz").respond_with_data(body, headers={"Content-Encoding": "gzip"})
    with _session(tmp_path) as s:
        s.download(robots.url_for("/x.tar.gz"), tmp_path / "x.tar.gz")
    assert (tmp_path / "x.tar.gz").read_bytes() == body


def test_verify_gzip(tmp_path):
    p = tmp_path / "a.gz"
    p.write_bytes(
        gzip.compress(b"a" * 10, mtime=0) + gzip.compress(b"b" * 5, mtime=0)
    )  # two members
    assert verify_gzip(p, "a.gz", max_bytes=100, max_ratio=1000, ratio_min=1000) == 15
    p.write_bytes(gzip.compress(b"a" * 10, mtime=0) + b"\0\0\0")  # NUL padding is accepted
    assert verify_gzip(p, "a.gz", max_bytes=100, max_ratio=1000, ratio_min=1000) == 10
    p.write_bytes(gzip.compress(b"a" * 10, mtime=0) + b"garbage!")
    with pytest.raises(FetchError, match="a.gz: corrupt gzip"):
        verify_gzip(p, "a.gz", max_bytes=100, max_ratio=1000, ratio_min=1000)
    p.write_bytes(gzip.compress(b"abc" * 1000, mtime=0)[:-6])
    with pytest.raises(TruncatedGzipError, match="a.gz: truncated gzip"):
        verify_gzip(p, "a.gz", max_bytes=10**6, max_ratio=1000, ratio_min=10**6)
    p.write_bytes(gzip.compress(b"x" * 5000, mtime=0))
    with pytest.raises(FetchError, match="expands beyond 1000 bytes"):
        verify_gzip(p, "a.gz", max_bytes=1000, max_ratio=1000, ratio_min=10**6)
    p.write_bytes(b"")
    with pytest.raises(FetchError, match="empty file"):
        verify_gzip(p, "a.gz", max_bytes=1000, max_ratio=1000, ratio_min=10**6)


def test_non_http_url_refused(tmp_path):
    with _session(tmp_path) as s, pytest.raises(FetchError, match="not an http"):
        s.get_bytes("file:///etc/passwd")
