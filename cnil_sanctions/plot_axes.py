"""What the axes of every figure look like: euro, count and percentage tick labels, and the one
rule for a log scale (:func:`log_axes`). Used by :mod:`cnil_sanctions.plots` and
:mod:`cnil_sanctions.plots_coverage`."""

from __future__ import annotations

from collections.abc import Callable

from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.ticker import FuncFormatter, LogLocator, NullLocator

__all__ = ["LOG_MINOR_SUBS", "count_tick", "eur_tick", "log_axes", "pct_tick"]


def eur_tick(x: float, _pos: object = None) -> str:
    """€1.5M, €20k, €3bn."""
    for scale, suffix in ((1e9, "bn"), (1e6, "M"), (1e3, "k")):
        if abs(x) >= scale:
            return f"€{x / scale:g}{suffix}"
    return f"€{x:g}"


def count_tick(x: float, _pos: object = None) -> str:
    """1k, 20M, 3bn (counts of people, accounts…)."""
    for scale, suffix in ((1e9, "bn"), (1e6, "M"), (1e3, "k")):
        if abs(x) >= scale:
            return f"{x / scale:g}{suffix}"
    return f"{x:g}"


def pct_tick(x: float, _pos: object = None) -> str:
    """0.5 %, 10 % (a share given as a fraction)."""
    return f"{x * 100:g} %"


#: Minor ticks of a log axis: at 2× and 5× each power of ten (a 1-2-5 reading aid). Matplotlib's
#: default (every 2×…9×) makes several times more tick objects, and laying out and drawing them
#: was half the rendering time of the figures.
LOG_MINOR_SUBS = (2.0, 5.0)


def log_axes(
    ax: Axes,
    which: str = "xy",
    minor: bool = True,
    ticks: Callable[[float, object], str] | None = None,
) -> None:
    """Put the axes ``which`` (``"x"``, ``"y"`` or ``"xy"``) of ``ax`` on a log scale: the one
    rule of every figure. Minor ticks at :data:`LOG_MINOR_SUBS`, or none (``minor=False``: the
    small facet panels, where they would only crowd the axis); ``ticks`` labels the major ticks
    (e.g. :func:`eur_tick`)."""
    for name in which:
        if name == "x":
            ax.set_xscale("log")
            axis: Axis = ax.xaxis
        elif name == "y":
            ax.set_yscale("log")
            axis = ax.yaxis
        else:
            raise ValueError(f"log_axes: which must hold 'x' and/or 'y', not {which!r}")
        axis.set_minor_locator(LogLocator(subs=LOG_MINOR_SUBS) if minor else NullLocator())
        if ticks is not None:
            axis.set_major_formatter(FuncFormatter(ticks))
