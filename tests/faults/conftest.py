"""Fault-injection fixtures: a threaded local HTTP server on 127.0.0.1 serving a SYNTHETIC DILA
site (tests/synthetic.py), fault handlers, and a fast polite session (tiny, bounded delays)."""

from __future__ import annotations

import os
import socket
import struct
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from cnil_sanctions.http import HttpConfig, PoliteSession
from cnil_sanctions.sources.dila_fetch import FetchReport, fetch_dila
from cnil_sanctions.store import RawStore
from tests.conftest import FAST_HTTP
from tests.synthetic import SyntheticDilaSite, standard_files


@pytest.fixture(scope="session")
def _threaded_server() -> Iterator[HTTPServer]:
    srv = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    srv.start()
    try:
        yield srv
    finally:
        srv.clear()
        if srv.is_running():
            srv.stop()


@pytest.fixture
def server(_threaded_server: HTTPServer) -> Iterator[HTTPServer]:
    """A threaded pytest-httpserver on 127.0.0.1 (slow handlers do not block the retries),
    started once per session (stopping one costs 0.5 s) and cleared after each test."""
    _threaded_server.clear()
    yield _threaded_server
    _threaded_server.clear()


@pytest.fixture
def site(server: HTTPServer) -> SyntheticDilaSite:
    return SyntheticDilaSite(server, files=standard_files()).install()


def run_fetch(
    site: SyntheticDilaSite,
    root: Path,
    config: HttpConfig = FAST_HTTP,
    sleep: Callable[[float], None] | None = None,
    **kw,
) -> FetchReport:
    """fetch_dila against ``site`` into ``root`` with a fast session (``sleep``: the session's
    waits, e.g. a recorder instead of real sleeping)."""
    extra = {} if sleep is None else {"sleep": sleep}
    with PoliteSession(config, cache_path=root / "_dila" / "http_cache.json", **extra) as sess:
        return fetch_dila(site.base_url, RawStore(root), session=sess, **kw)


def failing_then(
    times: int, fail: Callable[[Request], Response], site: SyntheticDilaSite
) -> Callable[[Request], Response]:
    """A handler applying ``fail`` to the first ``times`` requests, then serving normally."""
    calls = {"n": 0}

    def handler(request: Request) -> Response:
        calls["n"] += 1
        if calls["n"] <= times:
            return fail(request)
        path = request.path
        saved = site.faults.pop(path)
        try:
            return site._handle(request)
        finally:
            site.faults[path] = saved

    handler.calls = calls  # type: ignore[attr-defined]
    return handler


def cut_body(
    body: bytes, *, keep: int, reset: bool, delay: float = 0.0
) -> Callable[[Request], Response]:
    """A response announcing ``len(body)`` bytes that sends ``keep`` and drops the connection.

    ``reset``: close with SO_LINGER 0, so the peer gets a TCP RST (connection reset); otherwise an
    orderly close (a truncated body).
    """

    def handler(request: Request) -> Response:
        sock: socket.socket = request.environ["werkzeug.socket"]

        def gen() -> Iterator[bytes]:
            yield body[:keep]
            if delay:
                time.sleep(delay)
            if reset:
                # linger 0, then drop the last reference to the socket: the kernel sends a RST.
                # (dup2 of /dev/null over its descriptor keeps the number taken until werkzeug
                # closes it, so no other connection can reuse it meanwhile.)
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                null = os.open(os.devnull, os.O_RDWR)
                try:
                    os.dup2(null, sock.fileno())
                finally:
                    os.close(null)
            raise ConnectionAbortedError("fault injected: connection dropped mid-body")

        return Response(
            gen(),
            headers={"Content-Length": str(len(body))},
            content_type="application/gzip",
            direct_passthrough=True,
        )

    return handler


def slow_body(body: bytes, *, chunks: int, pause: float) -> Callable[[Request], Response]:
    """A response streaming ``body`` in ``chunks`` pieces with ``pause`` s between them."""

    def handler(request: Request) -> Response:
        step = max(1, len(body) // chunks)

        def gen() -> Iterator[bytes]:
            for i in range(0, len(body), step):
                yield body[i : i + step]
                time.sleep(pause)

        return Response(
            gen(),
            headers={"Content-Length": str(len(body))},
            content_type="application/gzip",
            direct_passthrough=True,
        )

    return handler
