"""The ``cnil-sanctions`` command line: all argument parsing of the package lives here.

The other modules expose plain functions that the sub-commands call (``python -m
cnil_sanctions.report --readme`` and ``python -m cnil_sanctions.evaluation`` are thin hooks
into :func:`main`).

Exit codes scripts can rely on: 0 success; 1 the job ran but failed (bad data found, target
missed); 2 bad usage or bad input (unknown decision, unreadable file, malformed amount);
3 network/fetch failure.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    import pandas as pd

    from cnil_sanctions.benchmark import Case
    from cnil_sanctions.edpb import Factor
    from cnil_sanctions.estimate import FineEstimate
    from cnil_sanctions.http import HttpConfig, PoliteSession

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_FETCH = 0, 1, 2, 3
T = TypeVar("T")


def _err(msg: str) -> None:
    print(f"cnil-sanctions: error: {msg}", file=sys.stderr)


def _session(args: argparse.Namespace) -> PoliteSession:
    from cnil_sanctions.http import HttpConfig, PoliteSession
    from cnil_sanctions.sources.dila_fetch import CACHE_NAME, STATE_DIR

    config = replace(args.http_config or HttpConfig(), min_interval=args.min_interval)
    return PoliteSession(
        config,
        cache_path=Path(args.raw_dir) / STATE_DIR / CACHE_NAME,
    )


def _alarms(alarms: list[str]) -> int:
    """Print every alarm on stderr; EXIT_FAILED if there is one."""
    for alarm in alarms:
        _err(alarm)
    return EXIT_FAILED if alarms else EXIT_OK


def _network_job(job: Callable[[], T]) -> tuple[T | None, int]:
    """Run a job that talks to the DILA server: (its result, EXIT_OK), or (None, the exit code
    of its error: EXIT_FETCH for a network failure, EXIT_FAILED for bad data), said on stderr."""
    from cnil_sanctions.errors import CnilSanctionsError, FetchError

    try:
        return job(), EXIT_OK
    except FetchError as exc:
        _err(str(exc))
        return None, EXIT_FETCH
    except CnilSanctionsError as exc:
        _err(str(exc))
        return None, EXIT_FAILED


def _cmd_fetch(args: argparse.Namespace) -> int:
    from cnil_sanctions.sources.dila_fetch import FetchReport, fetch_dila, rescan_dila
    from cnil_sanctions.store import RawStore

    store = RawStore(args.raw_dir)

    def job() -> FetchReport:
        if args.rescan:
            return rescan_dila(store, progress=not args.quiet)
        with _session(args) as session:
            return fetch_dila(
                args.base_url,
                store,
                since=args.since,
                session=session,
                progress=not args.quiet,
                keep_archives=not args.delete_archives,
            )

    report, code = _network_job(job)
    if report is None:
        return code
    if not args.quiet:
        print(report.to_text())
    return _alarms(report.alarms)


def _cmd_update(args: argparse.Namespace) -> int:
    from cnil_sanctions.update import UpdateResult, run_update

    def job() -> UpdateResult:
        with _session(args) as session:
            return run_update(
                args.base_url,
                Path(args.raw_dir),
                Path(args.out_dir),
                session=session,
                since=args.since,
                progress=not args.quiet,
                jobs=args.jobs,
            )

    result, code = _network_job(job)
    if result is None:
        return code
    if not args.quiet:
        print(result.fetch.to_text())
        print(result.build.to_text())
    print(result.changes.to_text())
    if args.changes_out:
        Path(args.changes_out).write_text(result.changes.to_markdown(), encoding="utf-8")
    return _alarms(result.alarms)


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
    return _alarms(summary.alarms)


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


def _parse_case(text: str) -> Case:
    """``"turnover=16.3M articles=28,29,32 people=491840"`` → a :class:`Case` (ValueError)."""
    from cnil_sanctions.benchmark import Case
    from cnil_sanctions.extract.numbers import parse_amount, parse_french_number

    values: dict[str, str] = {}
    for item in text.split():
        key, sep, value = item.partition("=")
        if not sep or not value:
            raise ValueError(f"--case {text!r}: {item!r} is not KEY=VALUE")
        if key not in CASE_KEYS:
            raise ValueError(
                f"--case {text!r}: unknown key {key!r} (expected {', '.join(CASE_KEYS)})"
            )
        values[key] = value
    if "articles" not in values:
        raise ValueError(f"--case {text!r}: articles=… is required (e.g. articles=28,29,32)")
    turnover = None
    if "turnover" in values:
        try:
            turnover = float(parse_amount(values["turnover"]))
        except ValueError as exc:
            raise ValueError(f"--case turnover={values['turnover']!r}: {exc}") from None
    people = None
    if "people" in values:
        try:
            number = parse_french_number(values["people"])
        except ValueError:
            raise ValueError(f"--case people={values['people']!r}: not a number") from None
        if number != int(number) or number < 0:
            raise ValueError(f"--case people={values['people']!r}: not a whole number of people")
        people = int(number)
    articles = tuple(a.strip() for a in values["articles"].split(",") if a.strip())
    return Case(turnover, articles, people)


#: The keys ``--case`` accepts.
CASE_KEYS = ("turnover", "articles", "people")


def _cmd_report(args: argparse.Namespace) -> int:
    from cnil_sanctions.benchmark import BenchmarkError
    from cnil_sanctions.errors import CnilSanctionsError
    from cnil_sanctions.report import run_report

    try:
        cases = [_parse_case(text) for text in args.case]
    except ValueError as exc:
        _err(str(exc))
        return EXIT_USAGE
    benchmarks = [b.strip().upper() for b in args.benchmark]
    try:
        return run_report(
            out_dir=Path(args.out_dir),
            rebuild=args.rebuild,
            quiet=args.quiet,
            execute=not args.no_notebooks,
            benchmarks=benchmarks,
            cases=cases,
        )
    except BenchmarkError as exc:
        _err(str(exc))
        return EXIT_USAGE
    except CnilSanctionsError as exc:
        _err(str(exc))
        return EXIT_FAILED


# --- estimate ----------------------------------------------------------------------------------


def _parse_factor(text: str, kind: str) -> Factor:
    from cnil_sanctions.edpb import Factor

    name, sep, pct = text.rpartition("=")
    if not sep or not name.strip():
        raise ValueError(f"{kind} factor {text!r}: expected NAME=PERCENT, e.g. cooperation=10")
    pct = pct.strip().removesuffix("%").strip()
    try:
        value = float(pct.replace(",", "."))
    except ValueError:
        raise ValueError(f"{kind} factor {text!r}: {pct!r} is not a percentage") from None
    return Factor(name.strip(), value)


def _parse_people(text: str) -> int:
    from cnil_sanctions.extract.numbers import parse_french_number

    try:
        value = parse_french_number(text)
    except ValueError:
        raise ValueError(f"--people {text!r}: not a number of people") from None
    if not math.isfinite(value) or value != int(value):
        raise ValueError(f"--people {text!r}: not a whole number of people")
    return int(value)


def _precedent_data(args: argparse.Namespace) -> tuple[pd.DataFrame | None, str | None]:
    """The dataset for the precedent view, or None and the reason it is not used."""
    if getattr(args, "no_precedents", False):
        return None, None
    from cnil_sanctions.dataset import load_sanctions

    path = getattr(args, "data", None)
    try:
        return load_sanctions(Path(path) if path else None), None
    except FileNotFoundError as exc:
        return None, f"precedents not computed: {exc}"


def _estimate_from_args(args: argparse.Namespace) -> FineEstimate:
    from cnil_sanctions.estimate import estimate_fine
    from cnil_sanctions.extract.numbers import parse_amount

    turnover = None
    if args.turnover is not None:
        try:
            turnover = float(parse_amount(args.turnover))
        except ValueError as exc:
            raise ValueError(f"--turnover {args.turnover!r}: {exc}") from None
    articles = [a.strip() for a in args.articles.split(",") if a.strip()]
    if not articles:
        raise ValueError(f"--articles {args.articles!r}: no article given")
    people = None if args.people is None else _parse_people(args.people)
    k = getattr(args, "k", 5)
    if k < 1:
        raise ValueError(f"-k {k}: at least one nearest decision")
    data, why = _precedent_data(args)
    est = estimate_fine(
        turnover,
        articles,
        people_affected=people,
        seriousness=args.seriousness,
        aggravating=[_parse_factor(f, "aggravating") for f in args.aggravating],
        mitigating=[_parse_factor(f, "mitigating") for f in args.mitigating],
        data=data,
        precedents=data is not None,
        k=k,
    )
    if why is not None:
        est = replace(est, precedent_note=why)
    return est


def _cmd_estimate(args: argparse.Namespace) -> int:
    """Print the estimate table, or a message on stderr and exit code 2 on bad input."""
    try:
        est = _estimate_from_args(args)
    except ValueError as exc:
        print(f"cnil-sanctions estimate: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(est.to_table())
    return EXIT_OK


def _add_estimate(sub: argparse._SubParsersAction) -> None:
    from cnil_sanctions.edpb import SERIOUSNESS_LEVELS

    p = sub.add_parser(
        "estimate",
        help="EDPB fine range (and CNIL precedents) for a case",
        description=(
            "Estimate a fine with the EDPB Guidelines 04/2022 method. Amounts accept 16.3M, "
            "16300000, '16,3 M€'. Factors are NAME=PERCENT (e.g. cooperation=10)."
        ),
    )
    p.add_argument("--turnover", help="worldwide annual turnover in euros (omit if unknown)")
    p.add_argument(
        "--articles",
        required=True,
        help="comma-separated infringed articles, e.g. 28,29,32 or 'GDPR 5(1)(c),LIL 82'",
    )
    p.add_argument("--people", help="number of people affected")
    p.add_argument("--seriousness", choices=SERIOUSNESS_LEVELS, help="only this level")
    p.add_argument("--aggravating", action="append", default=[], metavar="NAME=PCT")
    p.add_argument("--mitigating", action="append", default=[], metavar="NAME=PCT")
    p.add_argument("--data", help="dataset CSV for the precedents (default: the shipped one)")
    p.add_argument("--no-precedents", action="store_true", help="EDPB method only")
    p.add_argument("-k", type=int, default=5, help="number of nearest decisions (default 5)")
    p.set_defaults(func=_cmd_estimate)


# --- eval, readme, export ------------------------------------------------------------------------


def _cmd_eval(args: argparse.Namespace) -> int:
    from cnil_sanctions.evaluation import run_evaluation

    return run_evaluation(args.gold, args.raw, quiet=args.quiet)


def _cmd_readme(args: argparse.Namespace) -> int:
    from cnil_sanctions.errors import CnilSanctionsError
    from cnil_sanctions.report import refresh_readme

    try:
        return refresh_readme()
    except CnilSanctionsError as exc:
        _err(str(exc))
        return EXIT_FAILED


def _cmd_export(args: argparse.Namespace) -> int:
    from cnil_sanctions.errors import CnilSanctionsError
    from cnil_sanctions.export import MissingExtraError, export

    columns = None
    if args.columns is not None:
        columns = [c.strip() for c in args.columns.split(",") if c.strip()]
    try:
        path = export(
            args.format,
            args.out,
            columns,
            data_dir=Path(args.data_dir) if args.data_dir else None,
            raw_dir=Path(args.raw_dir) if args.raw_dir else None,
        )
    except (ValueError, FileNotFoundError, MissingExtraError) as exc:
        _err(str(exc))
        return EXIT_USAGE
    except CnilSanctionsError as exc:
        _err(str(exc))
        return EXIT_FAILED
    if not args.quiet:
        print(f"wrote {path}")
    return EXIT_OK


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not an ISO date (YYYY-MM-DD): {value!r}") from exc


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    from cnil_sanctions.dataset import DATA_DIR, RAW_DIR
    from cnil_sanctions.evaluation import DEFAULT_GOLD, DEFAULT_RAW
    from cnil_sanctions.export import FORMATS
    from cnil_sanctions.sources.dila import DEFAULT_BASE_URL

    parser = argparse.ArgumentParser(
        prog="cnil-sanctions", description="CNIL sanction decisions: fetch, build, show, analyse."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("--quiet", "-q", action="store_true", help="no progress bars or summaries")
        return p

    def fetch_options(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--base-url",
            default=DEFAULT_BASE_URL,
            help="DILA listing URL (or a mirror / local server)",
        )
        p.add_argument("--raw-dir", default=str(RAW_DIR), help="raw store folder")
        p.add_argument(
            "--since",
            type=_date,
            default=None,
            help="only archives published on or after this date",
        )
        p.add_argument(
            "--min-interval", type=float, default=1.0, help="seconds between requests (rate limit)"
        )

    p = common(sub.add_parser("fetch", help="download new sanction decisions from DILA open data"))
    fetch_options(p)
    p.add_argument(
        "--delete-archives",
        action="store_true",
        help="delete downloaded archives once processed (kept in <raw>/_dila/archives by default)",
    )
    p.add_argument(
        "--rescan",
        action="store_true",
        help="re-scan the kept archives with the current detector; download nothing",
    )
    p.set_defaults(func=_cmd_fetch)

    p = common(
        sub.add_parser(
            "update",
            help="fetch, then build, then print the decisions new/updated/withdrawn since the "
            "last run",
        )
    )
    fetch_options(p)
    p.add_argument("--out-dir", default=str(DATA_DIR))
    p.add_argument("--jobs", "-j", type=int, default=1, help="processes (0: one per CPU)")
    p.add_argument(
        "--changes-out", default=None, help="also write the changes as Markdown to this file"
    )
    p.set_defaults(func=_cmd_update)

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
        "--no-notebooks",
        action="store_true",
        help="do not execute the five notebooks (benchmark pages are still written)",
    )
    p.add_argument(
        "--benchmark",
        action="append",
        default=[],
        metavar="DECISION",
        help="also write benchmark_<DECISION>.html: the benchmark notebook for that fine "
        "(repeatable)",
    )
    p.add_argument(
        "--case",
        action="append",
        default=[],
        metavar='"turnover=16.3M articles=28,29,32 people=491840"',
        help="also write a benchmark page for a hypothetical case (repeatable)",
    )
    p.set_defaults(func=_cmd_report)

    _add_estimate(sub)

    p = common(sub.add_parser("eval", help="score the fact extractor against the gold set"))
    p.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="gold records folder")
    p.add_argument("--raw", type=Path, default=DEFAULT_RAW, help="raw store folder")
    p.set_defaults(func=_cmd_eval)

    p = sub.add_parser("readme", help="refresh the README headline figures from the dataset")
    p.set_defaults(func=_cmd_readme)

    p = common(
        sub.add_parser(
            "export",
            help="the dataset and its long tables as csv, xlsx, parquet or sqlite (with texts)",
        )
    )
    p.add_argument("--format", default="csv", help=f"one of {', '.join(FORMATS)} (default csv)")
    p.add_argument("--columns", help="comma-separated columns of the main table (default: all)")
    p.add_argument(
        "--out", help="file (xlsx, sqlite) or folder (csv, parquet) to write; default in ."
    )
    p.add_argument("--data-dir", help="dataset folder (default: the shipped dataset)")
    p.add_argument("--raw-dir", help="raw store for the decision texts (sqlite)")
    p.set_defaults(func=_cmd_export)
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
