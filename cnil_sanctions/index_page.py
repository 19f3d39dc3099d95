"""``reports/index.html``: the one page to open after ``make report``.

It links every executed notebook and benchmark page found in the report folder, shows every
figure as a thumbnail (linking the PNG and the SVG), and links ``summary.md`` and the dataset
files, under the date and the coverage line (:func:`coverage_line`).
"""

from __future__ import annotations

import html
import os
import time
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

__all__ = ["INDEX_NAME", "coverage_line", "dataset_files", "write_index"]

INDEX_NAME = "index.html"


def coverage_line(df: pd.DataFrame) -> str:
    """``54 decisions held (43 with a fine), decided 2019–2024.``"""
    years = pd.to_datetime(df["decision_date"]).dt.year
    n_fines = int(df["fine_eur"].notna().sum())
    return (
        f"{len(df)} decisions held ({n_fines} with a fine), decided "
        f"{int(years.min())}–{int(years.max())}."
    )


def dataset_files(data_dir: Path) -> list[Path]:
    """The dataset CSV, its datapackage and the reference tables, as shipped in ``data_dir``."""
    wanted = [data_dir / "cnil_sanctions.csv", data_dir / "datapackage.json"]
    wanted += sorted((data_dir / "reference").glob("*.csv"))
    return [p for p in wanted if p.exists()]


def _href(target: Path, out_dir: Path) -> str:
    """A link from ``out_dir`` to ``target``: relative when possible, else a file URI."""
    try:
        return Path(os.path.relpath(target.resolve(), out_dir.resolve())).as_posix()
    except ValueError:  # another drive (Windows)
        return target.resolve().as_uri()


def _title(stem: str) -> str:
    number, _, rest = stem.partition("_")
    return f"{number} — {rest.replace('_', ' ')}" if number.isdigit() else stem.replace("_", " ")


def _items(links: Sequence[tuple[str, str]]) -> str:
    rows = [f'<li><a href="{html.escape(h)}">{html.escape(t)}</a></li>' for h, t in links]
    return "<ul>\n" + "\n".join(rows) + "\n</ul>" if rows else "<p>none</p>"


def write_index(
    out_dir: Path, df: pd.DataFrame, data_dir: Path, notebooks: Sequence[str] = ()
) -> Path:
    """Write ``out_dir/index.html`` from what ``out_dir`` holds; return its path.

    ``notebooks`` gives the reading order of the notebook pages; other ``*.html`` pages
    (benchmarks) follow in name order.
    """
    out_dir = Path(out_dir)
    pages = {p.stem: p for p in out_dir.glob("*.html") if p.name != INDEX_NAME}
    ordered = [n for n in notebooks if n in pages]
    bench = sorted(s for s in pages if s not in ordered)
    figures = sorted((out_dir / "figures").glob("*.png"))
    thumbs = []
    for png in figures:
        svg = png.with_suffix(".svg")
        name = html.escape(png.stem.replace("_", " "))
        src = html.escape(_href(png, out_dir))
        svg_link = (
            f' · <a href="{html.escape(_href(svg, out_dir))}">SVG</a>' if svg.exists() else ""
        )
        thumbs.append(
            f'<figure><a href="{src}"><img src="{src}" alt="{name}" width="260"></a>'
            f'<figcaption>{name}<br><a href="{src}">PNG</a>{svg_link}</figcaption></figure>'
        )
    summary = out_dir / "summary.md"
    files = [
        (_href(p, out_dir), p.relative_to(data_dir.parent).as_posix())
        for p in dataset_files(data_dir)
    ]
    body = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<title>CNIL sanctions — report</title>",
        "<style>body{font-family:sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem}"
        "figure{display:inline-block;margin:0 1rem 1rem 0;vertical-align:top;text-align:center}"
        "figure img{border:1px solid #ccc}</style></head><body>",
        "<h1>CNIL sanctions — report</h1>",
        f"<p>Generated {time.strftime('%Y-%m-%d %H:%M')} by <code>cnil-sanctions report</code>. "
        f"{html.escape(coverage_line(df))}</p>",
        "<h2>Notebooks (executed)</h2>",
        _items([(f"{n}.html", _title(n)) for n in ordered]),
        "<h2>Benchmark pages</h2>",
        _items([(f"{s}.html", s.replace("_", " ")) for s in bench]),
        "<h2>Figures</h2>",
        "<div>" + "\n".join(thumbs) + "</div>" if thumbs else "<p>none</p>",
        "<h2>Summary and data</h2>",
        _items(
            ([("summary.md", "summary.md — headline figures")] if summary.exists() else []) + files
        ),
        "</body></html>",
    ]
    path = out_dir / INDEX_NAME
    path.write_text("\n".join(body) + "\n", encoding="utf-8")
    return path
