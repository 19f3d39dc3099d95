"""The one polite HTTP session of cnil-sanctions.

:class:`PoliteSession` wraps :mod:`requests` with what a long-lived fetcher of public servers
needs:

- an identifying ``User-Agent`` with the project URL;
- connect and read timeouts, and an overall time bound per download;
- retries with exponential backoff and jitter on connection errors, timeouts, bodies cut short,
  HTTP 5xx and 429, honouring ``Retry-After`` (seconds or an HTTP date); retries are bounded in
  count (``max_retries``) and in total waiting time (``max_total_wait``); a ``Retry-After``
  beyond ``max_retry_after`` fails at once instead of sleeping for hours;
- a rate limit per host (``min_interval`` seconds between two requests, one per second by
  default, raised to the site's ``Crawl-delay`` up to ``max_crawl_delay``);
- robots.txt, fetched once per host and honoured (user agent token ``cnil-sanctions``).
  Status 200: its rules apply. 401/403: everything is disallowed. Other 4xx (no robots.txt):
  everything is allowed. Unreachable (connection errors or 5xx after the retries): following
  RFC 9309 §2.3.1.4 everything is disallowed and the fetch fails with a :class:`FetchError`
  saying so, unless ``robots_unreachable="allow"``;
- conditional requests: the ``ETag`` / ``Last-Modified`` of each downloaded file are remembered
  in a small JSON cache (``cache_path``), sent back as ``If-None-Match`` / ``If-Modified-Since``
  while the local copy is intact, and a ``304`` keeps the local copy;
- :meth:`PoliteSession.download` streams to a temporary file beside the destination, checks the
  announced ``Content-Length``, verifies gzip integrity (CRC and length of every member, with a
  bound on the decompressed size and on the compression ratio), then renames atomically. A killed
  download leaves only a ``.tmp-*`` file, removed by the next download of the same file.

Every failure raises :class:`~cnil_sanctions.errors.FetchError` whose message names the URL and
the cause.
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import os
import random
import time
import urllib.robotparser
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal, TypeVar
from urllib.parse import urlsplit

import requests
import urllib3.exceptions

from cnil_sanctions import __version__
from cnil_sanctions.atomic import atomic_write, create_temp
from cnil_sanctions.errors import FetchError

PROJECT_URL = "https://github.com/cnil-sanctions/cnil-sanctions"
USER_AGENT = f"cnil-sanctions/{__version__} (+{PROJECT_URL})"
ROBOTS_TOKEN = "cnil-sanctions"
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_ROBOTS_MAX_BYTES = 512 * 1024
_TMP_PREFIX = ".tmp-"
T = TypeVar("T")


@dataclass(frozen=True)
class HttpConfig:
    """Every knob of :class:`PoliteSession`; the defaults suit a real public server."""

    user_agent: str = USER_AGENT
    connect_timeout: float = 15.0
    read_timeout: float = 60.0
    max_retries: int = 5
    backoff_base: float = 2.0
    backoff_max: float = 120.0
    max_total_wait: float = 900.0
    max_retry_after: float = 600.0
    min_interval: float = 1.0
    max_crawl_delay: float = 30.0
    obey_robots: bool = True
    robots_unreachable: Literal["disallow", "allow"] = "disallow"
    max_download_seconds: float = 6 * 3600.0
    max_download_bytes: int = 20 * 1024**3
    max_gunzip_bytes: int = 50 * 1024**3
    max_gzip_ratio: float = 200.0
    gzip_ratio_min_bytes: int = 16 * 1024 * 1024
    chunk_size: int = 64 * 1024


@dataclass(frozen=True)
class DownloadResult:
    """Outcome of :meth:`PoliteSession.download`."""

    url: str
    path: Path
    not_modified: bool  # True: a 304 confirmed the local copy, nothing was transferred
    size: int
    sha256: str
    etag: str | None
    last_modified: str | None
    retrieved_at: str


class TruncatedGzipError(FetchError):
    """A gzip file ends before its end-of-stream marker (retried: usually a cut connection)."""


class _Retryable(Exception):
    """Internal: a transient failure of one attempt (retried, then turned into FetchError)."""

    def __init__(self, cause: str, retry_after: float | None = None) -> None:
        super().__init__(cause)
        self.cause = cause
        self.retry_after = retry_after


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or HTTP date), else None."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    current = now if now is not None else time.time()
    return max(0.0, when.timestamp() - current)


def _utc_now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1024 * 1024), b""):
            h.update(block)
    return h.hexdigest()


def verify_gzip(
    path: Path, location: str, *, max_bytes: int, max_ratio: float, ratio_min: int
) -> int:
    """Decompress ``path`` fully without keeping the output; return the decompressed size.

    Checks every gzip member's CRC and length (``zlib`` with ``wbits=31``), refuses trailing
    garbage (NUL padding is accepted), a decompressed size beyond ``max_bytes`` and a compression
    ratio beyond ``max_ratio`` once ``ratio_min`` bytes were produced (decompression bombs).
    Raises :class:`FetchError` naming ``location``.
    """
    total_out = 0
    consumed = 0
    d = zlib.decompressobj(wbits=31)
    started = False
    with path.open("rb") as fh:
        while True:
            chunk = fh.read(1024 * 1024)
            if not chunk:
                break
            consumed += len(chunk)
            buf = chunk
            while buf:
                if d.eof:
                    rest = buf
                    if not rest.strip(b"\0"):
                        buf = b""
                        break
                    d = zlib.decompressobj(wbits=31)
                try:
                    out = d.decompress(buf, 1024 * 1024)
                except zlib.error as exc:
                    raise FetchError(f"{location}: corrupt gzip data ({exc})") from exc
                started = True
                total_out += len(out)
                if total_out > max_bytes:
                    raise FetchError(f"{location}: gzip expands beyond {max_bytes} bytes (refused)")
                if total_out > ratio_min and total_out > max_ratio * consumed:
                    raise FetchError(
                        f"{location}: gzip compression ratio above {max_ratio:g} "
                        f"({total_out} bytes from {consumed}): decompression bomb refused"
                    )
                buf = d.unconsumed_tail if not d.eof else d.unused_data
    if not started:
        raise FetchError(f"{location}: empty file where a gzip file was expected")
    if not d.eof:
        raise TruncatedGzipError(f"{location}: truncated gzip data (no end-of-stream marker)")
    return total_out


class PoliteSession:
    """A requests session that is polite, bounded and safe; see the module docstring.

    ``cache_path``: JSON file remembering validators (ETag, Last-Modified) of downloaded files;
    ``None`` keeps them in memory only. ``sleep``, ``clock`` and ``rng`` can be replaced in tests.
    """

    def __init__(
        self,
        config: HttpConfig | None = None,
        *,
        cache_path: Path | str | None = None,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        rng: random.Random | None = None,
    ) -> None:
        self.config = config or HttpConfig()
        self.cache_path = Path(cache_path) if cache_path else None
        self._session = session or requests.Session()
        self._session.headers["User-Agent"] = self.config.user_agent
        self._sleep = sleep
        self._clock = clock
        self._rng = rng or random.Random()
        self._last_request: dict[str, float] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self._cache: dict[str, dict[str, str | int | None]] | None = None
        self.requests_made: list[str] = []  # "METHOD URL -> status", for reports and tests
        self.waits: list[float] = []  # every retry or rate-limit sleep, in seconds

    # --- lifecycle ---------------------------------------------------------------------------

    def close(self) -> None:
        """Close the underlying connection pool."""
        self._session.close()

    def __enter__(self) -> PoliteSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- conditional-request cache -----------------------------------------------------------

    def _load_cache(self) -> dict[str, dict[str, str | int | None]]:
        if self._cache is None:
            self._cache = {}
            if self.cache_path and self.cache_path.exists():
                try:
                    raw = json.loads(self.cache_path.read_text(encoding="utf-8"))
                except (OSError, UnicodeDecodeError, json.JSONDecodeError):
                    raw = {}  # a damaged cache only costs a full download
                if isinstance(raw, dict):
                    self._cache = {k: v for k, v in raw.items() if isinstance(v, dict)}
        return self._cache

    def _save_cache(self) -> None:
        if not self.cache_path or self._cache is None:
            return
        data = json.dumps(self._cache, indent=2, sort_keys=True).encode("utf-8")
        atomic_write(self.cache_path, data)

    def forget(self, url: str) -> None:
        """Drop the remembered validators of ``url`` (its local copy is no longer trusted)."""
        cache = self._load_cache()
        if cache.pop(url, None) is not None:
            self._save_cache()

    def _validators(self, url: str, dest: Path) -> dict[str, str]:
        entry = self._load_cache().get(url)
        if not entry or entry.get("dest") != str(dest) or not dest.is_file():
            return {}
        if dest.stat().st_size != entry.get("size") or _sha256_file(dest) != entry.get("sha256"):
            return {}
        headers: dict[str, str] = {}
        if entry.get("etag"):
            headers["If-None-Match"] = str(entry["etag"])
        if entry.get("last_modified"):
            headers["If-Modified-Since"] = str(entry["last_modified"])
        return headers

    # --- politeness --------------------------------------------------------------------------

    def _host(self, url: str) -> str:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise FetchError(f"{url}: not an http(s) URL")
        return f"{parts.scheme}://{parts.netloc}"

    def _wait_turn(self, host: str) -> None:
        interval = self.config.min_interval
        robots = self._robots.get(host)
        if robots is not None:
            delay = robots.crawl_delay(self.config.user_agent)
            if delay:
                interval = max(interval, min(float(delay), self.config.max_crawl_delay))
        last = self._last_request.get(host)
        if last is not None:
            wait = last + interval - self._clock()
            if wait > 0:
                self.waits.append(wait)
                self._sleep(wait)
        self._last_request[host] = self._clock()

    def _backoff(self, attempt: int) -> float:
        delay = min(self.config.backoff_max, self.config.backoff_base * 2 ** (attempt - 1))
        return delay / 2 + self._rng.uniform(0, delay / 2)

    def _with_retries(self, url: str, attempt_fn: Callable[[], T]) -> T:
        """Run ``attempt_fn`` until it succeeds, retrying :class:`_Retryable` within the bounds."""
        cfg = self.config
        waited = 0.0
        attempt = 0
        while True:
            attempt += 1
            try:
                return attempt_fn()
            except _Retryable as exc:
                if attempt > cfg.max_retries:
                    raise FetchError(
                        f"{url}: {exc.cause} (gave up after {attempt} attempts)"
                    ) from exc
                delay = self._backoff(attempt)
                if exc.retry_after is not None:
                    if exc.retry_after > cfg.max_retry_after:
                        raise FetchError(
                            f"{url}: {exc.cause}; the server asks to retry after "
                            f"{exc.retry_after:.0f} s, beyond the limit of {cfg.max_retry_after:g} s"
                        ) from exc
                    delay = max(exc.retry_after, cfg.min_interval)
                if waited + delay > cfg.max_total_wait:
                    raise FetchError(
                        f"{url}: {exc.cause} (gave up after {attempt} attempts: waiting "
                        f"{delay:.1f} s more would exceed the retry budget of {cfg.max_total_wait:g} s)"
                    ) from exc
                self.waits.append(delay)
                self._sleep(delay)
                waited += delay

    def _send(self, url: str, headers: dict[str, str]) -> requests.Response:
        """One GET (streamed), after the rate-limit wait; transient failures → _Retryable."""
        self._wait_turn(self._host(url))
        try:
            resp = self._session.get(
                url,
                headers=headers,
                timeout=(self.config.connect_timeout, self.config.read_timeout),
                stream=True,
                allow_redirects=True,
            )
        except requests.Timeout as exc:
            self.requests_made.append(f"GET {url} -> timeout")
            raise _Retryable(f"timed out ({exc.__class__.__name__}: {exc})") from exc
        except requests.ConnectionError as exc:
            self.requests_made.append(f"GET {url} -> connection error")
            raise _Retryable(f"connection error ({exc})") from exc
        except requests.RequestException as exc:
            raise FetchError(f"{url}: request failed ({exc.__class__.__name__}: {exc})") from exc
        self.requests_made.append(f"GET {url} -> {resp.status_code}")
        if resp.status_code in _RETRY_STATUSES or resp.status_code >= 500:
            retry_after = None
            if resp.status_code in (429, 503):
                retry_after = parse_retry_after(resp.headers.get("Retry-After"))
            resp.close()
            raise _Retryable(f"HTTP {resp.status_code} {resp.reason or ''}".strip(), retry_after)
        return resp

    def _read_body(
        self,
        resp: requests.Response,
        url: str,
        sink: Callable[[bytes], None],
        *,
        decode: bool,
        max_bytes: int,
    ) -> int:
        """Stream the body into ``sink``; check Content-Length; return the byte count."""
        started = self._clock()
        written = 0
        try:
            for chunk in resp.raw.stream(self.config.chunk_size, decode_content=decode):
                written += len(chunk)
                if written > max_bytes:
                    raise FetchError(f"{url}: body larger than {max_bytes} bytes (refused)")
                if self._clock() - started > self.config.max_download_seconds:
                    raise FetchError(
                        f"{url}: download took more than {self.config.max_download_seconds:g} s"
                    )
                sink(chunk)
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            raise _Retryable(
                f"body cut short after {written} bytes ({exc.__class__.__name__}: {exc})"
            ) from exc
        finally:
            resp.close()
        announced = resp.headers.get("Content-Length")
        encoded = resp.headers.get("Content-Encoding", "identity").strip().lower()
        if announced is not None and announced.strip().isdigit():
            raw_count = written if (encoded in ("", "identity") or not decode) else resp.raw.tell()
            if raw_count != int(announced):
                raise _Retryable(f"truncated body: {raw_count} bytes of {announced} announced")
        return written

    # --- robots.txt --------------------------------------------------------------------------

    def _robots_parser(self, host: str) -> urllib.robotparser.RobotFileParser | None:
        if host in self._robots:
            return self._robots[host]
        robots_url = f"{host}/robots.txt"

        def attempt() -> tuple[int, bytes]:
            resp = self._send(robots_url, {})
            if resp.status_code >= 400:
                resp.close()
                return resp.status_code, b""
            parts: list[bytes] = []
            self._read_body(
                resp, robots_url, parts.append, decode=True, max_bytes=_ROBOTS_MAX_BYTES
            )
            return resp.status_code, b"".join(parts)

        try:
            status, body = self._with_retries(robots_url, attempt)
        except FetchError as exc:
            if self.config.robots_unreachable == "allow":
                self._robots[host] = None
                return None
            raise FetchError(
                f"{robots_url}: robots.txt unreachable, so every URL of {host} is treated as "
                f"disallowed (RFC 9309 §2.3.1.4); cause: {exc}"
            ) from exc
        parser = urllib.robotparser.RobotFileParser(robots_url)
        if status in (401, 403):
            parser.parse(["User-agent: *", "Disallow: /"])  # every URL disallowed
        elif status >= 400:
            parser.parse([])  # no rule: every URL allowed
        else:
            parser.parse(body.decode("utf-8", errors="replace").splitlines())
        self._robots[host] = parser
        return parser

    def check_robots(self, url: str) -> None:
        """Raise :class:`FetchError` if robots.txt of ``url``'s host disallows it."""
        if not self.config.obey_robots:
            return
        parser = self._robots_parser(self._host(url))
        if parser is not None and not parser.can_fetch(self.config.user_agent, url):
            raise FetchError(f"{url}: disallowed by robots.txt for {ROBOTS_TOKEN}")

    # --- public API --------------------------------------------------------------------------

    def get_bytes(self, url: str, *, max_bytes: int = 50 * 1024 * 1024) -> bytes:
        """GET ``url`` (200 only) into memory, with all the checks; for small documents."""
        self.check_robots(url)

        def attempt() -> bytes:
            resp = self._send(url, {})
            if resp.status_code != 200:
                resp.close()
                raise FetchError(f"{url}: HTTP {resp.status_code} {resp.reason or ''}".strip())
            parts: list[bytes] = []
            self._read_body(resp, url, parts.append, decode=True, max_bytes=max_bytes)
            return b"".join(parts)

        return self._with_retries(url, attempt)

    def download(
        self, url: str, dest: Path | str, *, expect_gzip: bool | None = None, progress: bool = False
    ) -> DownloadResult:
        """Download ``url`` to ``dest`` atomically (see the module docstring).

        ``expect_gzip`` (default: ``dest`` ends with ``.gz``) verifies the gzip integrity before
        the rename. A ``304 Not Modified`` to a conditional request keeps ``dest`` and returns
        ``not_modified=True``.
        """
        dest = Path(dest)
        gz = dest.name.endswith(".gz") if expect_gzip is None else expect_gzip
        dest.parent.mkdir(parents=True, exist_ok=True)
        for leftover in dest.parent.glob(f"{_TMP_PREFIX}{dest.name}.*"):
            leftover.unlink(missing_ok=True)
        self.check_robots(url)
        conditional = self._validators(url, dest)
        headers = {"Accept-Encoding": "identity", **conditional}

        def attempt() -> DownloadResult:
            resp = self._send(url, headers)
            if resp.status_code == 304 and conditional:
                resp.close()
                entry = self._load_cache()[url]
                return DownloadResult(
                    url,
                    dest,
                    True,
                    int(entry["size"] or 0),
                    str(entry["sha256"]),
                    resp.headers.get("ETag") or _opt(entry.get("etag")),
                    resp.headers.get("Last-Modified") or _opt(entry.get("last_modified")),
                    _utc_now(),
                )
            if resp.status_code != 200:
                resp.close()
                raise FetchError(f"{url}: HTTP {resp.status_code} {resp.reason or ''}".strip())
            return self._stream_to(resp, url, dest, gz=gz, progress=progress)

        result = self._with_retries(url, attempt)
        if not result.not_modified:
            cache = self._load_cache()
            if result.etag or result.last_modified:
                cache[url] = {
                    "dest": str(dest),
                    "etag": result.etag,
                    "last_modified": result.last_modified,
                    "sha256": result.sha256,
                    "size": result.size,
                }
                self._save_cache()
            elif cache.pop(url, None) is not None:
                self._save_cache()
        return result

    def _stream_to(
        self, resp: requests.Response, url: str, dest: Path, *, gz: bool, progress: bool
    ) -> DownloadResult:
        fd, tmp = create_temp(dest.parent, prefix=f"{_TMP_PREFIX}{dest.name}.")
        digest = hashlib.sha256()
        bar = None
        try:
            with os.fdopen(fd, "wb") as fh:
                if progress:
                    from tqdm import tqdm

                    total = resp.headers.get("Content-Length")
                    bar = tqdm(
                        total=int(total) if total and total.isdigit() else None,
                        unit="B",
                        unit_scale=True,
                        desc=dest.name,
                        leave=False,
                    )

                def sink(chunk: bytes) -> None:
                    fh.write(chunk)
                    digest.update(chunk)
                    if bar is not None:
                        bar.update(len(chunk))

                size = self._read_body(
                    resp, url, sink, decode=not gz, max_bytes=self.config.max_download_bytes
                )
                fh.flush()
                os.fsync(fh.fileno())
            if gz:
                try:
                    verify_gzip(
                        tmp,
                        url,
                        max_bytes=self.config.max_gunzip_bytes,
                        max_ratio=self.config.max_gzip_ratio,
                        ratio_min=self.config.gzip_ratio_min_bytes,
                    )
                except TruncatedGzipError as exc:
                    raise _Retryable(str(exc).removeprefix(f"{url}: ")) from exc
            os.replace(tmp, dest)
        finally:
            if bar is not None:
                bar.close()
            tmp.unlink(missing_ok=True)
        return DownloadResult(
            url,
            dest,
            False,
            size,
            digest.hexdigest(),
            resp.headers.get("ETag"),
            resp.headers.get("Last-Modified"),
            _utc_now(),
        )


def _opt(value: str | int | None) -> str | None:
    return None if value is None else str(value)


__all__ = [
    "USER_AGENT",
    "DownloadResult",
    "HttpConfig",
    "PoliteSession",
    "parse_retry_after",
    "verify_gzip",
]
