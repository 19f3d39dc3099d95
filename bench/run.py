"""Scale benchmark (issue 7): ``python -m bench.run`` (``make bench``). Not part of the tests.

For each size (documents in a SYNTHETIC scale archive, see :mod:`bench.scale_archive`), in one
run, every measurement in its own process (:mod:`bench.measure`):

(a) baseline: stream the archive and parse each XML with lxml, nothing else;
(b) ingestion into a fresh raw store: ``ingest`` (one pass: iter_archive + peek_is_sanction +
    RawStore.put) and ``fetch`` (the real ``fetch_dila`` from a local HTTP server: download,
    gzip check, scan pass, store pass, ledger);
(c) build from the fetched store: full (``--jobs 1`` and ``--jobs 2``, fresh cache each), then one
    new sanction arrives in an incremental archive, is fetched, and the store is rebuilt with the
    warm cache; the CSV is compared with a full rebuild without cache (must be byte-identical), and
    ``--jobs 1`` with ``--jobs 2``.

Prints a Markdown table (also written to ``bench/out/results.md``, raw figures to
``bench/out/results.json``). Options: ``--sizes 1000,10000,30000``, ``--share 0.015``,
``--heavy 10000:0.1`` (a sanction-heavy variant; ``--heavy none`` to skip), ``--quick``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench.scale_archive import ScaleArchiveBuilder, write_scale_archive

OUT = Path(__file__).resolve().parent / "out"
GLOBAL_NAME = "Freemium_cnil_global_20250101-000000.tar.gz"
INCREMENTAL_NAME = "CNIL_20250102-000000.tar.gz"
TARGET_INGEST_RATIO = 3.0
TARGET_INCREMENTAL_S = 2.0
TARGET_RSS_MB = 300.0


def machine() -> dict[str, object]:
    """nproc, CPU model, RAM and Python version of this machine."""
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram_gb": round(ram_gb, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


SNAPSHOT = OUT / "snapshot"


def snapshot() -> Path:
    """Copy the code (``cnil_sanctions``, ``bench``) and ``data/reference`` to ``SNAPSHOT``.

    Every measurement runs on this frozen copy, so files edited while the benchmark runs cannot
    change the code version (and so empty the cache) or the output half-way through.
    """
    root = Path(__file__).resolve().parents[1]
    shutil.rmtree(SNAPSHOT, ignore_errors=True)
    skip = shutil.ignore_patterns("__pycache__", "out")
    for rel in ("cnil_sanctions", "bench", "data/reference"):
        shutil.copytree(root / rel, SNAPSHOT / rel, ignore=skip)
    return SNAPSHOT


def measure(*args: str) -> dict[str, object]:
    """Run ``python -m bench.measure ARGS`` on the snapshot in a fresh process; its JSON plus
    the process wall time."""
    t0 = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": str(SNAPSHOT)}
    proc = subprocess.run(
        [sys.executable, "-m", "bench.measure", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=SNAPSHOT,
        env=env,
    )
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"bench.measure {' '.join(args)} failed:\n{proc.stderr[-3000:]}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["process_seconds"] = wall
    return result


def _listing(serve: Path, names: list[str]) -> None:
    links = "\n".join(f'<a href="{n}">{n}</a>' for n in names)
    (serve / "index.html").write_text(f"<html><body>\n{links}\n</body></html>\n")


def run_size(
    label: str, documents: int, share: float, builder: ScaleArchiveBuilder
) -> dict[str, object]:
    """Every measurement for one archive size; see the module docstring."""
    work = OUT / label
    shutil.rmtree(work, ignore_errors=True)
    serve = work / "serve"
    serve.mkdir(parents=True)
    t0 = time.perf_counter()
    spec = write_scale_archive(serve / GLOBAL_NAME, documents, share, builder)
    gen = time.perf_counter() - t0
    _listing(serve, [GLOBAL_NAME])
    archive = str(serve / GLOBAL_NAME)
    r: dict[str, object] = {
        "label": label,
        "documents": spec.documents,
        "sanctions": spec.sanctions,
        "archive_mb": round((serve / GLOBAL_NAME).stat().st_size / 1024**2, 1),
        "xml_mb": round(spec.bytes_uncompressed / 1024**2, 1),
        "generate_seconds": gen,
    }
    print(f"[{label}] archive: {spec.documents} docs, {spec.sanctions} sanctions", flush=True)
    r["baseline"] = measure("baseline", archive)
    r["ingest"] = measure("ingest", archive, str(work / "raw_ingest"))
    r["ingest_prefilter"] = measure("ingest", archive, str(work / "raw_prefilter"), "prefilter")
    raw = work / "raw"
    r["fetch"] = measure("fetch", str(serve), str(raw))
    print(f"[{label}] ingestion done; building", flush=True)
    r["build_j1"] = measure("build", str(raw), str(work / "out_j1"), str(work / "cache_j1"), "1")
    r["build_j2"] = measure("build", str(raw), str(work / "out_j2"), str(work / "cache_j2"), "2")
    # one new sanction arrives in an incremental archive
    write_scale_archive(
        serve / INCREMENTAL_NAME,
        1,
        1.0,
        builder,
        first_id=documents + 1,
        first_sanction=int(spec.sanctions) + 1,
    )
    _listing(serve, [GLOBAL_NAME, INCREMENTAL_NAME])
    r["fetch_incremental"] = measure("fetch", str(serve), str(raw))
    r["build_incremental"] = measure(
        "build", str(raw), str(work / "out_j1"), str(work / "cache_j1"), "1"
    )
    r["build_full_nocache"] = measure("build", str(raw), str(work / "out_full"), "-", "2")
    r["identical_jobs"] = r["build_j1"]["csv_sha256"] == r["build_j2"]["csv_sha256"]  # type: ignore[index]
    r["identical_incremental"] = (work / "out_j1" / "cnil_sanctions.csv").read_bytes() == (
        work / "out_full" / "cnil_sanctions.csv"
    ).read_bytes()
    (work / "serve" / GLOBAL_NAME).unlink()  # archives are large; the stores stay for inspection
    return r


def _rate(n: object, s: object) -> str:
    return f"{float(n) / float(s):,.0f}"  # type: ignore[arg-type]


def table(results: list[dict[str, object]]) -> str:
    """The Markdown table of the report."""
    head = (
        "| archive | docs | sanctions | (a) baseline docs/s | (b) ingest docs/s (× baseline) "
        "| (b) fetch_dila docs/s (× baseline) | prototype lxml pre-filter ingest docs/s (×) "
        "| peak RSS a / ingest / fetch MB "
        "| (c) full build s, jobs 1 / 2 (analyse share) | build RSS MB (worker) "
        "| fetch 1 new doc s | incremental build s (process s) | identical |\n"
        "|---|---:|---:|---:|---:|---:|---:|---|---|---|---:|---|---|\n"
    )
    lines = []
    for r in results:
        a, i, f, pf = r["baseline"], r["ingest"], r["fetch"], r["ingest_prefilter"]
        assert isinstance(pf, dict)
        b1, b2, inc = r["build_j1"], r["build_j2"], r["build_incremental"]
        fi = r["fetch_incremental"]
        assert isinstance(a, dict) and isinstance(i, dict) and isinstance(f, dict)
        assert isinstance(b1, dict) and isinstance(b2, dict) and isinstance(inc, dict)
        assert isinstance(fi, dict)
        share = b1["analyse_seconds"] / b1["seconds"]
        lines.append(
            f"| {r['label']} | {r['documents']:,} | {r['sanctions']} "
            f"| {_rate(a['documents'], a['seconds'])} "
            f"| {_rate(i['documents'], i['seconds'])} ({i['seconds'] / a['seconds']:.1f}×) "
            f"| {_rate(f['documents'], f['seconds'])} ({f['seconds'] / a['seconds']:.1f}×) "
            f"| {_rate(pf['documents'], pf['seconds'])} ({pf['seconds'] / a['seconds']:.1f}×) "
            f"| {a['peak_rss_mb']:.0f} / {i['peak_rss_mb']:.0f} / {f['peak_rss_mb']:.0f} "
            f"| {b1['seconds']:.1f} / {b2['seconds']:.1f} ({share:.0%}) "
            f"| {b1['peak_rss_mb']:.0f} ({b2['children_peak_rss_mb']:.0f}) "
            f"| {fi['seconds']:.2f} "
            f"| {inc['seconds']:.2f} ({inc['process_seconds']:.2f}) "
            f"| jobs {'yes' if r['identical_jobs'] else 'NO'}, "
            f"incr {'yes' if r['identical_incremental'] else 'NO'} |"
        )
    return head + "\n".join(lines) + "\n"


def growth(results: list[dict[str, object]]) -> str:
    """Per-document cost at the largest size relative to the smallest (1.0 = linear)."""
    regular = [r for r in results if not str(r["label"]).startswith("heavy")]
    if len(regular) < 2:
        return ""
    lo, hi = regular[0], regular[-1]
    out = [f"Per-document cost, {hi['label']} relative to {lo['label']} (1.00 = linear):"]
    for key in ("baseline", "ingest", "fetch", "ingest_prefilter"):
        lo_m, hi_m = lo[key], hi[key]
        assert isinstance(lo_m, dict) and isinstance(hi_m, dict)
        ratio = (hi_m["seconds"] / hi_m["documents"]) / (lo_m["seconds"] / lo_m["documents"])
        out.append(f"  {key}: {ratio:.2f}")
    lo_b, hi_b = lo["build_j1"], hi["build_j1"]
    assert isinstance(lo_b, dict) and isinstance(hi_b, dict)
    ratio = (hi_b["seconds"] / hi_b["documents"]) / (lo_b["seconds"] / lo_b["documents"])
    out.append(f"  full build (per stored document): {ratio:.2f}")
    return "\n".join(out) + "\n"


def targets(results: list[dict[str, object]]) -> str:
    """Targets of issue 7, met or not, at the largest regular size."""
    lines = []
    for r in results:
        a, f, i, inc = r["baseline"], r["fetch"], r["ingest"], r["build_incremental"]
        assert isinstance(a, dict) and isinstance(f, dict) and isinstance(i, dict)
        assert isinstance(inc, dict)
        ri, rf = i["seconds"] / a["seconds"], f["seconds"] / a["seconds"]
        rss = max(i["peak_rss_mb"], f["peak_rss_mb"])
        lines.append(
            f"{r['label']}: ingestion ≤ {TARGET_INGEST_RATIO:.0f}× baseline: "
            f"ingest {ri:.1f}× {'MET' if ri <= TARGET_INGEST_RATIO else 'MISSED'}, "
            f"fetch_dila {rf:.1f}× {'MET' if rf <= TARGET_INGEST_RATIO else 'MISSED'}; "
            f"incremental build < {TARGET_INCREMENTAL_S:.0f} s: {inc['seconds']:.2f} s "
            f"{'MET' if inc['seconds'] < TARGET_INCREMENTAL_S else 'MISSED'}; "
            f"ingestion peak RSS < {TARGET_RSS_MB:.0f} MB: {rss:.0f} MB "
            f"{'MET' if rss < TARGET_RSS_MB else 'MISSED'}"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the report."""
    p = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    p.add_argument("--sizes", default="1000,10000,30000")
    p.add_argument("--share", type=float, default=0.015, help="sanction share of the documents")
    p.add_argument("--heavy", default="10000:0.1", help="SIZE:SHARE sanction-heavy run, or none")
    p.add_argument("--quick", action="store_true", help="sizes 1000,3000 and no heavy run")
    args = p.parse_args(argv)
    sizes = [1000, 3000] if args.quick else [int(s) for s in args.sizes.split(",")]
    runs = [(f"{n // 1000}k", n, args.share) for n in sizes]
    if args.heavy != "none" and not args.quick:
        n, share = args.heavy.split(":")
        runs.append((f"heavy-{int(n) // 1000}k", int(n), float(share)))
    OUT.mkdir(parents=True, exist_ok=True)
    info = machine()
    snapshot()
    info["load_before"] = os.getloadavg()
    builder = ScaleArchiveBuilder()
    results = [run_size(label, n, share, builder) for label, n, share in runs]
    info["load_after"] = os.getloadavg()
    version = results[0]["build_j1"]["code_version"]  # type: ignore[index]
    report = (
        f"Machine: {info['nproc']} CPUs ({info['cpu']}), {info['ram_gb']} GB RAM, "
        f"Python {info['python']}, {info['platform']}\n"
        f"Load average before / after: {info['load_before'][0]:.2f} / {info['load_after'][0]:.2f}"
        f" (other processes share the CPUs); code version {str(version)[:12]}\n"
        f"SYNTHETIC archives (real documents repeated with new ids), sanction share "
        f"{args.share:.1%}"
        + (f"; heavy variant {args.heavy}" if len(runs) > len(sizes) else "")
        + "\n\n"
        + table(results)
        + "\n"
        + growth(results)
        + "\n"
        + targets(results)
    )
    print("\n" + report)
    (OUT / "results.md").write_text(report, encoding="utf-8")
    (OUT / "results.json").write_text(
        json.dumps({"machine": info, "results": results}, indent=2), encoding="utf-8"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
