"""Each notebook of ``notebooks/`` is a pair: ``NN_name.py`` (jupytext percent format, the
reviewed and linted source) and ``NN_name.ipynb`` (what JupyterLab opens and the report
executes). ``notebooks/jupytext.toml`` pairs them (``formats = "ipynb,py:percent"``), so
JupyterLab with jupytext saves both; ``jupytext --sync notebooks/*.py`` (``make sync``) brings
a pair back together after editing one side in another editor.

:func:`drift` tells whether the two sides hold the same cells (type and source; outputs,
execution counts and ids are ignored). ``python -m cnil_sanctions.notebook_pairs notebooks``
(part of ``make lint``) exits 1 naming every pair that drifted.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

__all__ = ["drift", "drifted_pairs", "main", "pairs"]


def pairs(folder: Path) -> list[tuple[Path, Path]]:
    """Every ``(NN_name.py, NN_name.ipynb)`` of ``folder`` (a side may be missing)."""
    stems = sorted(
        {p.stem for p in folder.glob("[0-9]*.py")} | {p.stem for p in folder.glob("[0-9]*.ipynb")}
    )
    return [(folder / f"{s}.py", folder / f"{s}.ipynb") for s in stems]


def _cells(path: Path) -> list[tuple[str, str]]:
    import jupytext

    nb = jupytext.read(path)
    return [(c.cell_type, c.source.strip()) for c in nb.cells]


def drift(py: Path, ipynb: Path) -> str | None:
    """None when the pair holds the same cells, else a one-line description of the first gap."""
    for side in (py, ipynb):
        if not side.exists():
            return f"{side} is missing (its pair is {ipynb if side == py else py})"
    a, b = _cells(py), _cells(ipynb)
    for i, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            first = (x[1] or y[1]).splitlines()[0][:60] if (x[1] or y[1]) else ""
            return f"{py.name} and {ipynb.name} differ at cell {i} ({x[0]} vs {y[0]}): {first!r}"
    if len(a) != len(b):
        return f"{py.name} has {len(a)} cells, {ipynb.name} has {len(b)}"
    return None


def drifted_pairs(folder: Path) -> list[str]:
    """The description of every pair of ``folder`` that drifted (empty: all in sync)."""
    out = []
    for py, ipynb in pairs(folder):
        gap = drift(py, ipynb)
        if gap is not None:
            out.append(gap)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m cnil_sanctions.notebook_pairs [folder]``: exit 1 when a pair drifted."""
    args = list(sys.argv[1:] if argv is None else argv)
    folder = Path(args[0]) if args else Path("notebooks")
    gaps = drifted_pairs(folder)
    for gap in gaps:
        print(f"notebook pair out of sync: {gap}", file=sys.stderr)
    if gaps:
        print(
            "Open the notebook in JupyterLab (jupytext saves both files) or run `make sync`.",
            file=sys.stderr,
        )
        return 1
    print(f"{len(pairs(folder))} notebook pairs in sync")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
