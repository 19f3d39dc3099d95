"""The set-up every notebook of ``notebooks/`` shares, in one call.

>>> from cnil_sanctions.notebook import notebook_setup
>>> df, fines = notebook_setup()      # doctest: +SKIP

It sets the display options (pandas width, inline PNG figures of a modest size, so that notebooks
execute fast and their HTML stays small), loads the dataset (``CNIL_SANCTIONS_DATA`` or the
shipped one) and prints how many decisions and fines it holds.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import pandas as pd

__all__ = ["FIGURE_DPI", "NotebookData", "notebook_setup"]

#: Resolution of the figures shown in notebooks (and so in the executed HTML pages).
FIGURE_DPI = 80


class NotebookData(NamedTuple):
    """What a notebook works on: every decision, and the decisions that impose a fine."""

    df: pd.DataFrame
    fines: pd.DataFrame


def _inline_figures() -> None:
    """Show matplotlib Figures inline as PNG when running inside IPython (no-op otherwise)."""
    try:
        from IPython import get_ipython
    except ImportError:  # plain Python: nothing to configure
        return
    shell = get_ipython()
    if shell is None:
        return
    shell.run_line_magic("matplotlib", "inline")
    from matplotlib_inline.backend_inline import set_matplotlib_formats

    # the figures use a constrained layout: no second "tight" pass needed when rendering
    set_matplotlib_formats("png", dpi=FIGURE_DPI, bbox_inches=None)


def notebook_setup(path: Path | str | None = None, quiet: bool = False) -> NotebookData:
    """Configure the display, load the dataset (``path`` or the shipped one) and its fines."""
    from cnil_sanctions import analysis
    from cnil_sanctions.dataset import load_sanctions

    pd.set_option("display.width", 160, "display.max_colwidth", 60)
    _inline_figures()
    df = load_sanctions(path)
    fines = analysis.fines(df)
    if not quiet:
        print(f"{len(df)} decisions, {len(fines)} fines")
    return NotebookData(df, fines)
