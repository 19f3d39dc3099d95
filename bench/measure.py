"""One benchmark measurement, run in its own process: ``python -m bench.measure TASK ARGS…``.

Prints one JSON object: ``seconds`` (the task alone, imports excluded), ``peak_rss_mb`` (peak
resident set of this process, from ``getrusage``, the figure ``/usr/bin/time -v`` reports),
``children_peak_rss_mb`` (largest pool worker, if any) and task-specific counts.

Tasks:
  baseline ARCHIVE                  stream the tar.gz and parse every XML member with lxml
  ingest ARCHIVE STORE              iter_archive + peek_is_sanction + RawStore.put, one pass
  fetch SERVE_DIR STORE             fetch_dila from a local HTTP server serving SERVE_DIR
  build STORE OUT CACHE|- JOBS      build_dataset (CACHE '-': no cache)
"""

from __future__ import annotations

import hashlib
import json
import resource
import sys
import tarfile
import threading
import time
from collections.abc import Callable
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


def _peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024.0


def baseline(archive: str) -> dict[str, object]:
    """The floor: stream the archive and parse each XML with lxml, nothing else."""
    from lxml import etree

    n = 0
    t0 = time.perf_counter()
    with tarfile.open(archive, mode="r|gz") as tar:
        for member in tar:
            if member.isfile() and member.name.endswith(".xml"):
                fh = tar.extractfile(member)
                assert fh is not None
                etree.fromstring(fh.read())
                n += 1
    return {"seconds": time.perf_counter() - t0, "documents": n}


def _lxml_prefilter() -> Callable[[bytes, str], tuple[bool, str | None, str | None]]:
    """PROTOTYPE, not the product: a peek that reads NATURE_DELIB/NUMERO with lxml and calls
    the real ``peek_is_sanction`` (defusedxml, full checks) only for sanction candidates and for
    documents with a DOCTYPE. Measured to show what a pre-filter in ``dila.py`` would gain; it
    does not report malformed non-sanctions as the real peek does."""
    from lxml import etree

    from cnil_sanctions.sources.dila import _SAN_NUMBER_RE, SANCTION_NATURES, peek_is_sanction

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    meta = "META/META_SPEC/META_CNIL/"

    def peek(data: bytes, where: str) -> tuple[bool, str | None, str | None]:
        try:
            root = etree.fromstring(data, parser)
        except etree.XMLSyntaxError:
            return peek_is_sanction(data, where)
        if root.getroottree().docinfo.doctype:
            return peek_is_sanction(data, where)
        nature = (root.findtext(meta + "NATURE_DELIB") or "").strip()
        number = (root.findtext(meta + "NUMERO") or "").strip().replace("\u2011", "-")
        if nature in SANCTION_NATURES or _SAN_NUMBER_RE.match(number):
            return peek_is_sanction(data, where)
        return False, None, None

    return peek


def ingest(archive: str, store_dir: str, variant: str = "product") -> dict[str, object]:
    """Ingestion core, one pass: what ``fetch`` does per archive minus download and ledger.

    ``variant`` ``prefilter``: the :func:`_lxml_prefilter` prototype instead of the real peek.
    """
    from cnil_sanctions.sources.dila import (
        LEGIFRANCE_URL,
        SOURCE_NAME,
        iter_archive,
        peek_is_sanction,
    )
    from cnil_sanctions.store import RawStore

    peek = _lxml_prefilter() if variant == "prefilter" else peek_is_sanction
    store = RawStore(store_dir)
    n = stored = 0
    t0 = time.perf_counter()
    with open(archive, "rb") as fh:
        for member, data in iter_archive(fh, archive):
            n += 1
            is_sanction, number, lid = peek(data, f"{archive}:{member}")
            if is_sanction:
                store.put(
                    data,
                    source=SOURCE_NAME,
                    source_url=LEGIFRANCE_URL.format(id=lid),
                    media_type="application/xml",
                    legifrance_id=lid,
                    decision_id=number,
                    extra={"archive": Path(archive).name, "member": member},
                )
                stored += 1
    return {"seconds": time.perf_counter() - t0, "documents": n, "sanctions_stored": stored}


def fetch(serve_dir: str, store_dir: str) -> dict[str, object]:
    """The real ``fetch_dila`` against a local HTTP server (127.0.0.1) serving ``serve_dir``."""
    from cnil_sanctions.http import HttpConfig, PoliteSession
    from cnil_sanctions.sources.dila_fetch import fetch_dila
    from cnil_sanctions.store import RawStore

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=serve_dir))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        session = PoliteSession(HttpConfig(min_interval=0.0, robots_unreachable="allow"))
        t0 = time.perf_counter()
        report = fetch_dila(url, RawStore(store_dir), session=session)
        seconds = time.perf_counter() - t0
        session.close()
    finally:
        server.shutdown()
    return {
        "seconds": seconds,
        "documents": report.documents_read,
        "sanctions_stored": report.sanctions_stored,
        "sanctions_new": report.sanctions_new,
        "archives_processed": report.archives_processed,
        "skipped": report.documents_skipped,
    }


def build(store_dir: str, out_dir: str, cache_dir: str, jobs: str) -> dict[str, object]:
    """``build_dataset``; the time spent analysing documents (parse + extract) is reported."""
    from cnil_sanctions import dataset as ds
    from cnil_sanctions.cache import code_version

    timings: dict[str, float] = {"analyse": 0.0, "entries": 0.0}
    counts: dict[str, int] = {}
    original: Callable[..., object] = ds.analyse_entries

    def timed_analyse(entries, cache=None, jobs=1, progress=False):  # type: ignore[no-untyped-def]
        t = time.perf_counter()
        out = original(entries, cache, jobs, progress)
        timings["analyse"] += time.perf_counter() - t
        if cache is not None:
            counts["cache_hits"], counts["cache_misses"] = cache.hits, cache.misses
        return out

    ds.analyse_entries = timed_analyse  # type: ignore[assignment]
    t0 = time.perf_counter()
    df, summary = ds.build_dataset(
        Path(store_dir),
        Path(out_dir),
        jobs=int(jobs),
        cache_dir=None if cache_dir == "-" else Path(cache_dir),
    )
    seconds = time.perf_counter() - t0
    csv = (Path(out_dir) / ds.CSV_NAME).read_bytes()
    return {
        "seconds": seconds,
        "analyse_seconds": timings["analyse"],
        "documents": summary.read,
        "rows": len(df),
        "csv_sha256": hashlib.sha256(csv).hexdigest(),
        "code_version": code_version(),
        "module": ds.__file__,
        **counts,
    }


TASKS: dict[str, Callable[..., dict[str, object]]] = {
    "baseline": baseline,
    "ingest": ingest,
    "fetch": fetch,
    "build": build,
}


def main(argv: list[str]) -> int:
    """Run one task and print its JSON result."""
    result = TASKS[argv[0]](*argv[1:])
    result["peak_rss_mb"] = round(_peak_mb(resource.RUSAGE_SELF), 1)
    result["children_peak_rss_mb"] = round(_peak_mb(resource.RUSAGE_CHILDREN), 1)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
