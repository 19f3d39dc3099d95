"""The ``cnil-sanctions`` command line.

Exit codes scripts can rely on: 0 success; 1 the job ran but failed (bad data found, target
missed); 2 bad usage or bad input (unknown decision, unreadable file, malformed amount);
3 network/fetch failure.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cnil_sanctions.http import HttpConfig

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_FETCH = 0, 1, 2, 3


def _err(msg: str) -> None:
    print(f"cnil-sanctions: error: {msg}", file=sys.stderr)


def _cmd_fetch(args: argparse.Namespace) -> int:
    from cnil_sanctions.errors import CnilSanctionsError, FetchError
    from cnil_sanctions.http import HttpConfig, PoliteSession
    from cnil_sanctions.sources.dila_fetch import CACHE_NAME, STATE_DIR, fetch_dila
    from cnil_sanctions.store import RawStore

    store = RawStore(args.raw_dir)
    config = replace(args.http_config or HttpConfig(), min_interval=args.min_interval)
    session = PoliteSession(
        config,
        cache_path=Path(args.raw_dir) / STATE_DIR / CACHE_NAME,
    )
    try:
        with session:
            report = fetch_dila(
                args.base_url,
                store,
                since=args.since,
                session=session,
                progress=not args.quiet,
                keep_archives=args.keep_archives,
            )
    except FetchError as exc:
        _err(str(exc))
        return EXIT_FETCH
    except CnilSanctionsError as exc:
        _err(str(exc))
        return EXIT_FAILED
    if not args.quiet:
        print(report.to_text())
    return EXIT_OK


def _cmd_import_mirror(args: argparse.Namespace) -> int:
    from cnil_sanctions.errors import CnilSanctionsError
    from cnil_sanctions.sources.gdprxiv import import_mirror
    from cnil_sanctions.store import RawStore

    try:
        stored = import_mirror(Path(args.folder), RawStore(args.raw_dir))
    except (CnilSanctionsError, OSError) as exc:
        _err(str(exc))
        return EXIT_USAGE
    if not args.quiet:
        print(f"{len(stored)} documents in the raw store from {args.folder}")
    return EXIT_OK


def _cmd_build(args: argparse.Namespace) -> int:
    from cnil_sanctions.dataset import build_dataset
    from cnil_sanctions.errors import CnilSanctionsError

    try:
        df, summary = build_dataset(
            Path(args.raw_dir), Path(args.out_dir), progress=not args.quiet, jobs=args.jobs
        )
    except CnilSanctionsError as exc:
        _err(str(exc))
        return EXIT_FAILED
    if not args.quiet:
        print(summary.to_text())
        print(f"wrote {len(df)} rows to {Path(args.out_dir) / 'cnil_sanctions.csv'}")
    return EXIT_OK


def _cmd_show(args: argparse.Namespace) -> int:
    from cnil_sanctions.dataset import load_sanctions
    from cnil_sanctions.show import format_decision

    df = load_sanctions(args.dataset)
    wanted = args.decision.strip().upper()
    rows = df[df["decision_id"] == wanted]
    if rows.empty:
        _err(
            f"decision {wanted} is not in the dataset ({len(df)} decisions; e.g. {df['decision_id'].iloc[0]})"
        )
        return EXIT_USAGE
    print(format_decision(rows.iloc[0]))
    return EXIT_OK


def _cmd_report(args: argparse.Namespace) -> int:
    from cnil_sanctions.errors import CnilSanctionsError
    from cnil_sanctions.report import run_report

    try:
        return run_report(
            out_dir=Path(args.out_dir),
            rebuild=args.rebuild,
            quiet=args.quiet,
            execute=not args.no_notebooks,
        )
    except CnilSanctionsError as exc:
        _err(str(exc))
        return EXIT_FAILED


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not an ISO date (YYYY-MM-DD): {value!r}") from exc


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    from cnil_sanctions import estimate
    from cnil_sanctions.dataset import DATA_DIR, RAW_DIR
    from cnil_sanctions.sources.dila import DEFAULT_BASE_URL

    parser = argparse.ArgumentParser(
        prog="cnil-sanctions", description="CNIL sanction decisions: fetch, build, show, analyse."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("--quiet", "-q", action="store_true", help="no progress bars or summaries")
        return p

    p = common(sub.add_parser("fetch", help="download new sanction decisions from DILA open data"))
    p.add_argument(
        "--base-url", default=DEFAULT_BASE_URL, help="DILA listing URL (or a mirror / local server)"
    )
    p.add_argument("--raw-dir", default=str(RAW_DIR), help="raw store folder")
    p.add_argument(
        "--since", type=_date, default=None, help="only archives published on or after this date"
    )
    p.add_argument(
        "--min-interval", type=float, default=1.0, help="seconds between requests (rate limit)"
    )
    p.add_argument(
        "--keep-archives",
        action="store_true",
        help="keep downloaded archives in <raw>/_dila/archives",
    )
    p.set_defaults(func=_cmd_fetch)

    p = common(
        sub.add_parser(
            "import-mirror", help="import Légifrance page texts from a GDPRxiv mirror folder"
        )
    )
    p.add_argument("folder", help="folder of <md5>/fr.txt + metadata.json")
    p.add_argument("--raw-dir", default=str(RAW_DIR))
    p.set_defaults(func=_cmd_import_mirror)

    p = common(
        sub.add_parser("build", help="raw store → data/cnil_sanctions.csv + datapackage.json")
    )
    p.add_argument("--raw-dir", default=str(RAW_DIR))
    p.add_argument("--out-dir", default=str(DATA_DIR))
    p.add_argument("--jobs", "-j", type=int, default=1, help="processes (0: one per CPU)")
    p.set_defaults(func=_cmd_build)

    p = common(sub.add_parser("show", help="one decision, field by field, with evidence"))
    p.add_argument("decision", help="decision number, e.g. SAN-2022-009")
    p.add_argument("--dataset", default=None, help="CSV to read (default: the shipped dataset)")
    p.set_defaults(func=_cmd_show)

    p = common(
        sub.add_parser(
            "report", help="main job: build if needed, run the notebooks, write reports/"
        )
    )
    p.add_argument("--out-dir", default="reports")
    p.add_argument(
        "--rebuild", action="store_true", help="rebuild the dataset from the raw store first"
    )
    p.add_argument(
        "--no-notebooks", action="store_true", help="only the summary, no notebook execution"
    )
    p.set_defaults(func=_cmd_report)

    estimate.add_subparser(sub)
    return parser


def main(argv: Sequence[str] | None = None, *, http_config: HttpConfig | None = None) -> int:
    """Entry point of the ``cnil-sanctions`` script.

    ``http_config``: the HTTP settings of ``fetch`` (timeouts, retries, back-off; default
    :class:`~cnil_sanctions.http.HttpConfig`); ``--min-interval`` still applies on top.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    args.http_config = http_config
    try:
        return int(args.func(args))
    except BrokenPipeError:  # output piped into `head` and closed: not an error
        sys.stderr.close()
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
