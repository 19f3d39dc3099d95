"""The main job: build the dataset if needed, execute the notebooks, write ``reports/``.

``reports/`` receives:

* ``<notebook>.html``: each notebook of ``notebooks/`` executed top to bottom (nbclient, one
  shared kernel: :mod:`cnil_sanctions.notebook_exec`) and converted with nbconvert;
* ``benchmark_<decision>.html`` / ``benchmark_case_<case>.html``: the benchmark notebook run
  with injected parameters (``--benchmark``, ``--case``);
* ``figures/<name>.png`` and ``.svg``: every figure of :data:`cnil_sanctions.plots.FIGURES`,
  saved straight from the plotting functions;
* ``summary.md``: the headline figures, computed from the dataset;
* ``index.html``: the page linking all of the above and the dataset files
  (:mod:`cnil_sanctions.index_page`); its path is the last line printed.

Entry points: :func:`run_report` (``cnil-sanctions report`` / ``make report``) and
:func:`refresh_readme` (``cnil-sanctions readme`` / ``make readme``).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import pandas as pd

from cnil_sanctions import coverage, dataset, paths, plots
from cnil_sanctions.analysis import CAP_BASIS, DEDALUS_ID, SHARE_BASIS, VIEW_LABELS, position
from cnil_sanctions.benchmark import Benchmark, Case
from cnil_sanctions.index_page import write_index
from cnil_sanctions.notebook_exec import (
    CELL_TIMEOUT,
    KernelSession,
    NotebookError,
    execute_notebook,
    write_html,
)

__all__ = [
    "CELL_TIMEOUT",
    "NOTEBOOKS",
    "NotebookError",
    "execute_notebook",
    "planned_pages",
    "run_report",
    "summary_markdown",
    "write_html",
]
from cnil_sanctions.edpb_compare import edpb_vs_actual, edpb_vs_actual_summary
from cnil_sanctions.errors import CnilSanctionsError
from cnil_sanctions.headline import HEADLINE_VIEWS, headline, turnover_coverage

#: The notebooks, in reading order.
NOTEBOOKS = (
    "01_dataset_tour",
    "02_fines_vs_turnover",
    "03_fines_vs_breach_size",
    "04_dedalus_benchmark",
    "05_edpb_vs_actual",
    "06_views",
)
#: The notebook that ``--benchmark`` / ``--case`` execute with their parameters.
BENCHMARK_NOTEBOOK = "04_dedalus_benchmark"
#: Formats every figure is saved in (PNG for the pages, SVG for reports and slides).
FIGURE_FORMATS = ("png", "svg")


def _say(quiet: bool, text: str) -> None:
    if not quiet:
        print(text, file=sys.stderr)


def ensure_dataset(rebuild: bool = False, quiet: bool = True) -> pd.DataFrame:
    """The dataset frame (:func:`~cnil_sanctions.dataset.load_sanctions`), built from the raw
    store into :data:`~cnil_sanctions.dataset.DATA_DIR` when ``rebuild`` or when no dataset is
    found."""
    if not rebuild:
        try:
            df = dataset.load_sanctions()
        except FileNotFoundError:
            pass
        else:
            _say(quiet, f"dataset: {df.attrs['source_path']} ({df.attrs['source_origin']})")
            return df
    csv_path = dataset.DATA_DIR / dataset.CSV_NAME
    _say(quiet, f"building {csv_path} from {dataset.RAW_DIR} ...")
    df, summary = dataset.build_dataset(progress=not quiet)
    _say(quiet, summary.to_text())
    return df


def save_figures(df: pd.DataFrame, out_dir: Path, dpi: int = 110) -> list[Path]:
    """Save every figure of :data:`cnil_sanctions.plots.FIGURES` as ``out_dir/<name>.png`` and
    ``.svg`` (reproducible: no creation date in the files); return the PNG paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, make in plots.FIGURES.items():
        fig = make(df)
        for fmt in FIGURE_FORMATS:
            meta = {"Software": None} if fmt == "png" else {"Date": None, "Creator": None}
            fig.savefig(out_dir / f"{name}.{fmt}", dpi=dpi, metadata=meta)
            # the layout computed for the first file is kept for the next: the SVG has the
            # PNG's layout exactly, without a second constrained-layout pass
            fig.set_layout_engine("none")
        plt.close(fig)
        paths.append(out_dir / f"{name}.png")
    return paths


def _m(x: float) -> str:
    return f"€{x / 1e6:,.1f}M" if x >= 1e6 else f"€{x:,.0f}"


def _pct(x: float) -> str:
    return position.pct(x)


def _turnover_text(amount: float, year: Any, origin: object, name: object = None) -> str:
    parts = [str(name)] if name else []
    parts += [f"{int(year)}" if year is not None else "year not stated", f"origin: {origin}"]
    return f"{_m(float(amount))} ({', '.join(parts)})"


def headline_lines(df: pd.DataFrame, decision_id: str = DEDALUS_ID) -> list[str]:
    """Markdown bullets of the headline figures (dataset and Dedalus), computed from ``df``.

    Every median and share with its 95 % interval and n, every rank with its interval; the
    decision on both turnovers (the company's own and the undertaking's)."""
    h: dict[str, Any] = headline(df, decision_id)
    med_fine = h["median_fine"].format(_m)
    lines = [
        f"- Decisions in the dataset: **{h['decisions']}** ({h['first_year']}–{h['last_year']}: "
        f"{h['decisions'] - h['formal_notices']} sanction-type decisions and "
        f"{h['formal_notices']} bureau decisions publishing a formal notice, not sanctions), "
        f"of which **{h['fines']}** pronounce a fine; **{h['appeals']}** of those were changed "
        "by the Conseil d'État, and the fine after appeal is used throughout.",
        f"- Total of the fines (after appeal): **{_m(float(h['total_fines_eur']))}**; median "
        f"fine **{med_fine}**.",
        "- Median fine as a share of turnover (95 % distribution-free interval): "
        + "; ".join(
            f"of **{VIEW_LABELS[view]}** **{h[f'median_share_turnover_{view}'].format(_pct)}**"
            + (
                f" ({h[f'share_upper_bounds_{view}']} shares are upper bounds: « plus de » "
                "turnovers)"
                if h[f"share_upper_bounds_{view}"]
                else ""
            )
            for view in (*HEADLINE_VIEWS, "public")
        )
        + ".",
        "",
        f"**{h['organisation'].title()} ({decision_id})**",
        "",
    ]
    fine = _m(float(h["fine_eur"])) + (" after appeal" if h["fine_after_appeal"] else "")
    lo, hi = h["rank_fine_ci"]
    lines.append(
        f"- Fine **{fine}**, tier {h['cap_tier']}; rank **{h['rank_fine']} of "
        f"{h['n_rank_fine']}** by amount (95 % CI {lo}–{hi}, n = {h['n_rank_fine']})."
    )
    if h["share_legal_max"] is not None:
        scope = "" if h["cap_scope"] == "undertaking" else " (the entity's: a lower bound)"
        at_most = "at most " if h["legal_max_share_bound"] == "upper" else ""
        lines.append(
            f"- Legal maximum on the undertaking's turnover{scope}: "
            f"{'more than ' if at_most else ''}{_m(float(h['legal_max_eur']))}; the fine is "
            f"**{at_most}"
            f"{_pct(float(h['share_legal_max']))}** of it."
        )
    turnovers = {
        SHARE_BASIS: (
            "the company's own turnover",
            (h["turnover_eur"], h["turnover_year"], h["turnover_origin"], None),
        ),
        CAP_BASIS: (
            "the undertaking's turnover",
            (
                h["undertaking_eur"],
                h["undertaking_year"],
                h["undertaking_origin"],
                h["undertaking_name"],
            ),
        ),
    }
    for view, (label, facts) in turnovers.items():
        pos = h["positions"][view]
        if facts[0] is None:
            lines.append(f"- On {label}: not known for this decision.")
            continue
        more = {"lower": "more than ", "upper": "less than ", "approx": "about "}.get(
            pos.turnover_bound or "", ""
        )
        lines.append(f"- On {label}, {more}{_turnover_text(*facts)}:")
        lines += [f"  - {text}." for text in pos.lines()[1:]]
    comp = {view: edpb_vs_actual(df, view) for view in HEADLINE_VIEWS}
    where = {view: c.loc[c["decision_id"] == decision_id, "position"] for view, c in comp.items()}
    if not where[CAP_BASIS].empty:
        text = (
            "- Against the EDPB Guidelines 04/2022 ranges (no aggravating or mitigating factor), "
            f"on the undertaking's turnover (the method's basis): **{where[CAP_BASIS].iloc[0]}**"
        )
        if not where[SHARE_BASIS].empty:
            text += f"; on the company's own turnover it would be {where[SHARE_BASIS].iloc[0]}"
        lines.append(text + ".")
    return lines


def _coverage_caveat(df: pd.DataFrame) -> str:
    c = turnover_coverage(df)
    return (
        f"- Two turnovers: of the fines, {c['both']} know both the company's own and the "
        f"undertaking's, {c['entity_only']} only the company's, {c['undertaking_only']} only the "
        f"undertaking's and {c['neither']} neither; for {c['cap_on_entity']} the legal maximum "
        "rests on the company's own turnover (the group's unknown), a lower bound."
    )


def summary_markdown(df: pd.DataFrame, decision_id: str = DEDALUS_ID) -> str:
    """``reports/summary.md``: headline figures, every number computed from ``df``."""
    comp = edpb_vs_actual(df)
    edpb_counts = edpb_vs_actual_summary(comp)
    cov = coverage.coverage_by_year(df)
    lines = [
        "# CNIL sanctions — headline figures",
        "",
        f"Generated {time.strftime('%Y-%m-%d')} from `data/cnil_sanctions.csv` by "
        "`cnil-sanctions report`. Every number below is computed from the dataset.",
        "",
        *headline_lines(df, decision_id),
        "",
        "## EDPB method vs actual fines",
        "",
        f"Fines with a turnover and a tier: {len(comp)}, on the undertaking's turnover (the "
        "group's, else the company's own), fines after appeal. Where each falls against the "
        "EDPB range per seriousness level:",
        "",
        "| position | fines |",
        "|---|---|",
        *[f"| {k} | {v} |" for k, v in edpb_counts.items() if v],
        "",
        "## Coverage against the CNIL's official figures",
        "",
        "Official figures: `data/reference/cnil_official_yearly.csv` (each with its source and "
        "an exact quote; — where no stored source states one). A year is *complete* when the "
        f"full-text decisions hold at least {coverage.COMPLETE_SHARE:.0%} of the official total "
        "of fines; the CNIL's list (`data/cnil_sanctions_list.csv`) adds the sanctions whose "
        "decision is not published.",
        "",
        *coverage.coverage_markdown(cov),
        "",
        "## Caveats",
        "",
        _coverage_caveat(df),
        "- Yearly totals of incomplete years are not the CNIL's totals: a drop there is a gap in "
        "the data, not a change of policy.",
        "- A few dozen fines: every model has wide intervals; see the notebooks for n and the "
        "decisions left out.",
        "- The CNIL blacks out the turnover in many decisions; public accounts (group figures, "
        "flagged `public_accounts`) fill some gaps, never for anonymised decisions.",
        "",
        "Figures: `figures/*.png`; executed notebooks: `*.html`.",
    ]
    return "\n".join(lines) + "\n"


README_START, README_END = "<!-- HEADLINE:START -->", "<!-- HEADLINE:END -->"
README_FIGURE = "docs/img/fine_vs_turnover.png"


def readme_block(df: pd.DataFrame) -> str:
    """The README's headline section (between the HEADLINE markers), computed from ``df``."""
    return "\n".join(
        [
            README_START,
            "## Headline figures (shipped dataset)",
            "",
            coverage.coverage_sentence(coverage.coverage_by_year(df)),
            "",
            *headline_lines(df),
            "",
            f"![Fines against turnover, Dedalus highlighted]({README_FIGURE})",
            "",
            "_Generated by `make readme` from the dataset; `make test` checks it is current._",
            README_END,
        ]
    )


def sync_readme(readme: Path, df: pd.DataFrame) -> bool:
    """Rewrite the README headline block and its figure; True if anything changed."""
    text = readme.read_text(encoding="utf-8")
    start, end = text.index(README_START), text.index(README_END) + len(README_END)
    new = text[:start] + readme_block(df) + text[end:]
    figure = readme.parent / README_FIGURE
    figure.parent.mkdir(parents=True, exist_ok=True)
    fig = plots.FIGURES["fine_vs_turnover"](df)
    fig.savefig(figure, dpi=90, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    if new != text:
        readme.write_text(new, encoding="utf-8")
        return True
    return False


def benchmark_page(decision_id: str | None = None, case: Case | None = None) -> str:
    """The file stem of a benchmark page: ``benchmark_SAN-2023-009`` or ``benchmark_case_…``."""
    if case is not None:
        return f"benchmark_case_{case.slug()}"
    return f"benchmark_{decision_id}"


def notebook_folder() -> Path:
    """The project's ``notebooks/`` folder; :class:`NotebookError` saying what to do when the
    package runs without it (installed from a wheel: the notebooks are not shipped)."""
    folder = paths.notebooks_dir()
    if folder is None:
        raise NotebookError(
            "the notebooks are not installed with the package: run the report (and "
            "--benchmark / --case) from a clone of the repository, or pass --no-notebooks"
        )
    return folder


def check_notebook_pairs(folder: Path | None = None) -> None:
    """NotebookError when a ``.py`` / ``.ipynb`` pair of ``folder`` (default: the project's)
    drifted (run ``make sync``)."""
    from cnil_sanctions.notebook_pairs import drifted_pairs

    gaps = drifted_pairs(notebook_folder() if folder is None else folder)
    if gaps:
        raise NotebookError(
            "notebook pair out of sync (open it in JupyterLab or run `make sync`): "
            + "; ".join(gaps)
        )


def planned_pages(
    execute: bool, benchmarks: Sequence[str] = (), cases: Sequence[Case] = ()
) -> list[tuple[str, dict[str, object]]]:
    """The pages a report executes, in order, each ``(page, parameters)``: the notebooks of
    :data:`NOTEBOOKS` (when ``execute``; no parameters), then one page of the benchmark
    notebook per decision of ``benchmarks`` and per case of ``cases``."""
    runs: list[tuple[str, dict[str, object]]] = []
    if execute:
        runs += [(name, {}) for name in NOTEBOOKS]
    runs += [(benchmark_page(d), {"decision_id": d}) for d in benchmarks]
    runs += [(benchmark_page(case=c), c.parameters()) for c in cases]
    return runs


def run_report(
    out_dir: Path,
    rebuild: bool,
    quiet: bool,
    execute: bool,
    benchmarks: Sequence[str] = (),
    cases: Sequence[Case] = (),
) -> int:
    """Build the dataset if needed, save figures and summary, execute the notebooks, write the
    benchmark pages of ``benchmarks`` (decision ids) and ``cases``, then ``index.html``.

    Every benchmark is checked before anything runs (:class:`~cnil_sanctions.benchmark.
    BenchmarkError` for an unknown decision, one without a fine, or a bad case). Returns 0 on
    success. Raises :class:`~cnil_sanctions.errors.CnilSanctionsError` (a
    :class:`NotebookError` for a failing notebook) with a message naming what failed.
    """
    started = time.monotonic()
    out_dir = Path(out_dir)
    df = ensure_dataset(rebuild, quiet)
    for decision_id in benchmarks:
        Benchmark.of(df, decision_id)
    for case in cases:
        Benchmark.of(df, None, **{k: v for k, v in case.parameters().items() if k != "decision_id"})
    runs = planned_pages(execute, benchmarks, cases)
    folder = notebook_folder() if runs else None
    if folder is not None:
        check_notebook_pairs(folder)
    out_dir.mkdir(parents=True, exist_ok=True)
    figures = save_figures(df, out_dir / "figures")
    _say(quiet, f"{len(figures)} figures (PNG and SVG) in {out_dir / 'figures'}")
    (out_dir / "summary.md").write_text(summary_markdown(df), encoding="utf-8")
    _say(quiet, f"summary: {out_dir / 'summary.md'}")
    if folder is not None:
        # the kernel reads the same dataset as this process
        os.environ.setdefault(paths.ENV_VAR, str(Path(df.attrs["source_path"]).parent))
        t0 = time.monotonic()
        with KernelSession(cwd=folder) as session:
            _say(quiet, f"kernel started in {time.monotonic() - t0:.1f} s")
            for page, parameters in runs:
                t0 = time.monotonic()
                source = BENCHMARK_NOTEBOOK if parameters else page
                nb = session.run(folder / f"{source}.ipynb", parameters or None)
                write_html(nb, out_dir / f"{page}.html")
                _say(quiet, f"{page}: executed in {time.monotonic() - t0:.1f} s")
    index = write_index(out_dir, df, dataset.DATA_DIR, NOTEBOOKS)
    _say(quiet, f"report written to {out_dir} in {time.monotonic() - started:.1f} s")
    if not quiet:
        print(index)
    return 0


def refresh_readme(readme: Path | None = None) -> int:
    """Refresh the README's generated blocks from the dataset (``cnil-sanctions readme``): the
    headline block and figure, and the lists of :mod:`cnil_sanctions.readme`. ``readme``:
    default the clone's; :class:`CnilSanctionsError` when there is none (installed package)."""
    from cnil_sanctions import readme as readme_lists

    if readme is None:
        readme = paths.readme_file()
        if readme is None:
            raise CnilSanctionsError(
                "no README.md to refresh: `cnil-sanctions readme` runs in a clone of the repository"
            )

    df = dataset.load_sanctions()
    changed = sync_readme(readme, df)
    changed = readme_lists.sync(readme, df) or changed
    print(f"{readme.name} updated" if changed else f"{readme.name} already current")
    return 0


def main(argv: list[str] | None = None) -> int:
    """``python -m cnil_sanctions.report --readme``: the same as ``cnil-sanctions readme``."""
    from cnil_sanctions.cli import main as cli_main

    args = sys.argv[1:] if argv is None else argv
    return cli_main(["readme", *(a for a in args if a != "--readme")])


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
