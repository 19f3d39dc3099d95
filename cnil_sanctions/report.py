"""The main job: build the dataset if needed, execute the notebooks, write ``reports/``.

``reports/`` receives:

* ``<notebook>.html``: each notebook of ``notebooks/`` executed top to bottom (nbclient) and
  converted with nbconvert;
* ``figures/<name>.png``: every figure of :data:`cnil_sanctions.plots.FIGURES`, saved straight
  from the plotting functions;
* ``summary.md``: the headline figures, computed from the dataset.

Entry point: :func:`run_report` (``cnil-sanctions report`` / ``make report``).
"""

from __future__ import annotations

import os
import re
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import matplotlib.pyplot as plt
import pandas as pd

from cnil_sanctions import analysis, dataset, paths, plots
from cnil_sanctions.errors import CnilSanctionsError

if TYPE_CHECKING:
    from nbformat import NotebookNode

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS_DIR = ROOT / "notebooks"
#: The notebooks, in reading order.
NOTEBOOKS = (
    "01_dataset_tour",
    "02_fines_vs_turnover",
    "03_fines_vs_breach_size",
    "04_dedalus_benchmark",
    "05_edpb_vs_actual",
)
#: Seconds a single notebook cell may run.
CELL_TIMEOUT = 120
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


class NotebookError(CnilSanctionsError):
    """A notebook failed to execute (the message names the notebook and the failing cell)."""


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


def execute_notebook(path: Path, timeout: int = CELL_TIMEOUT) -> NotebookNode:
    """Execute the notebook at ``path`` (working directory: its folder) and return it.

    Raises :class:`NotebookError` naming the notebook and the error of the failing cell.
    """
    try:
        import nbformat
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionError, CellTimeoutError
    except ModuleNotFoundError as exc:
        raise NotebookError(
            f"executing notebooks needs the 'notebooks' extra ({exc.name} is missing): "
            "pip install 'cnil-sanctions[notebooks]', or run `cnil-sanctions report --no-notebooks`"
        ) from exc

    if not path.exists():
        raise NotebookError(f"{path}: notebook not found")
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    try:
        client.execute()
    except CellExecutionError as exc:
        cell = next(
            (
                i
                for i, c in enumerate(nb.cells)
                if any(o.get("output_type") == "error" for o in c.get("outputs", []))
            ),
            None,
        )
        where = f"cell {cell}" if cell is not None else "a cell"
        raise NotebookError(
            f"{path}: {where} failed: {exc.ename}: {_ANSI.sub('', str(exc.evalue))}"
        ) from exc
    except CellTimeoutError as exc:
        raise NotebookError(f"{path}: a cell ran longer than {timeout} s") from exc
    return nb


def write_html(nb: NotebookNode, path: Path) -> Path:
    """Convert an executed notebook to a standalone HTML page at ``path``."""
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter().from_notebook_node(nb)
    path.write_text(body, encoding="utf-8")
    return path


def save_figures(df: pd.DataFrame, out_dir: Path, dpi: int = 110) -> list[Path]:
    """Save every figure of :data:`cnil_sanctions.plots.FIGURES` as ``out_dir/<name>.png``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, make in plots.FIGURES.items():
        target = out_dir / f"{name}.png"
        fig = make(df)
        fig.savefig(target, dpi=dpi)
        plt.close(fig)
        paths.append(target)
    return paths


def _m(x: float) -> str:
    return f"€{x / 1e6:,.1f}M" if x >= 1e6 else f"€{x:,.0f}"


def headline_lines(df: pd.DataFrame, decision_id: str = analysis.DEDALUS_ID) -> list[str]:
    """Markdown bullets of the headline figures (dataset and Dedalus), computed from ``df``."""
    h: dict[str, Any] = analysis.headline(df, decision_id)
    comp = analysis.edpb_vs_actual(df)
    mine = comp.loc[comp["decision_id"] == decision_id, "position"]
    lines = [
        f"- Decisions in the dataset: **{h['decisions']}** ({h['first_year']}–{h['last_year']}), "
        f"of which **{h['fines']}** pronounce a fine.",
        f"- Total of the fines: **{_m(float(h['total_fines_eur']))}**.",
        f"- Median fine as a share of turnover: **{float(h['median_share_turnover_decision']) * 100:.2f} %** "
        f"with the turnover stated in the decision (n = {h['n_with_turnover_decision']}); "
        f"**{float(h['median_share_turnover_public']) * 100:.3f} %** when public accounts fill "
        f"the gaps (n = {h['n_with_turnover_public']}).",
        "",
        f"**{h['organisation'].title()} ({decision_id})**",
        "",
        f"- Fine **{_m(float(h['fine_eur']))}**, tier {h['cap_tier']}, turnover "
        f"{_m(float(h['turnover_eur']))} ({h['turnover_year']}, origin: {h['turnover_origin']}).",
        f"- Fine = **{float(h['share_turnover']) * 100:.1f} %** of that turnover and "
        f"**{float(h['share_legal_max']) * 100:.1f} %** of the legal maximum "
        f"({_m(float(h['legal_max_eur']))}).",
        f"- Rank by amount: **{h['rank_fine']} of {h['n_rank_fine']}** fines; by share of "
        f"turnover: **{h['rank_share']} of {h['n_rank_share']}** fines with a turnover.",
    ]
    if not mine.empty:
        lines.append(
            f"- Against the EDPB Guidelines 04/2022 ranges (no aggravating or mitigating "
            f"factor): **{mine.iloc[0]}**."
        )
    return lines


def summary_markdown(df: pd.DataFrame, decision_id: str = analysis.DEDALUS_ID) -> str:
    """``reports/summary.md``: headline figures, every number computed from ``df``."""
    comp = analysis.edpb_vs_actual(df)
    edpb_counts = analysis.edpb_vs_actual_summary(comp)
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
        f"Fines with a turnover and a tier: {len(comp)}. Where each falls against the EDPB "
        "range per seriousness level:",
        "",
        "| position | fines |",
        "|---|---|",
        *[f"| {k} | {v} |" for k, v in edpb_counts.items() if v],
        "",
        "## Caveats",
        "",
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


def run_report(out_dir: Path, rebuild: bool, quiet: bool, execute: bool) -> int:
    """Build the dataset if needed, save figures and summary, execute the notebooks.

    Returns 0 on success. Raises :class:`~cnil_sanctions.errors.CnilSanctionsError` (a
    :class:`NotebookError` for a failing notebook) with a message naming what failed.
    """
    started = time.monotonic()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    df = ensure_dataset(rebuild, quiet)
    figures = save_figures(df, out_dir / "figures")
    _say(quiet, f"{len(figures)} figures in {out_dir / 'figures'}")
    (out_dir / "summary.md").write_text(summary_markdown(df), encoding="utf-8")
    _say(quiet, f"summary: {out_dir / 'summary.md'}")
    if execute:
        # the kernels read the same dataset as this process
        os.environ.setdefault(paths.ENV_VAR, str(Path(df.attrs["source_path"]).parent))
        for name in NOTEBOOKS:
            t0 = time.monotonic()
            nb = execute_notebook(NOTEBOOKS_DIR / f"{name}.ipynb")
            write_html(nb, out_dir / f"{name}.html")
            _say(quiet, f"{name}: executed in {time.monotonic() - t0:.1f} s")
    _say(quiet, f"report written to {out_dir} in {time.monotonic() - started:.1f} s")
    return 0


def main() -> int:
    """``python -m cnil_sanctions.report --readme``: refresh the README headline block."""
    if sys.argv[1:] != ["--readme"]:
        print("usage: python -m cnil_sanctions.report --readme", file=sys.stderr)
        return 2
    from cnil_sanctions import readme

    df = dataset.load_sanctions()
    changed = sync_readme(ROOT / "README.md", df)
    changed = readme.sync(ROOT / "README.md", df) or changed
    print("README.md updated" if changed else "README.md already current")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
