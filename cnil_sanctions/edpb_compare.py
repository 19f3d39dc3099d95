"""The EDPB method (:mod:`cnil_sanctions.edpb`) against the fines the CNIL actually pronounced.

Also importable from :mod:`cnil_sanctions.analysis` (``A.edpb_vs_actual``).
"""

from __future__ import annotations

import pandas as pd

from cnil_sanctions import edpb
from cnil_sanctions.analysis.ratios import CAP_BASIS, add_ratios, fines, tier_of

__all__ = ["edpb_vs_actual", "edpb_vs_actual_summary"]


def edpb_vs_actual(df: pd.DataFrame, view: str = CAP_BASIS) -> pd.DataFrame:
    """The EDPB range (Guidelines 04/2022, no aggravating/mitigating factor) for every fine
    with a turnover and a tier, next to the fine the CNIL pronounced (after appeal where the
    Conseil d'État ruled: ``fine_used_eur``).

    The method uses the undertaking's turnover (``view="undertaking"``, the default: the group's,
    else the entity's, flagged in ``cap_scope``); other views are for comparison only.

    Columns: ``edpb_<level>_low`` / ``_high`` for low, medium and high seriousness, and
    ``position``: the seriousness levels whose range holds the fine (``low``, ``low or medium``
    where ranges overlap, ...), else ``below low``, ``above high`` or ``between``. The tier is the dataset's
    ``cap_tier`` (LIL 20 cases: EDPB steps applied by analogy).
    """
    table = add_ratios(fines(df), view)
    table = table.loc[table["turnover_used_eur"].notna() & table["cap_tier"].notna()].copy()
    cols: dict[str, list[float]] = {}
    positions = []
    for _, row in table.iterrows():
        tier = tier_of(str(row["cap_tier"]))
        fine = float(row["fine_used_eur"])
        ranges = {
            level: edpb.edpb_range(tier, float(row["turnover_used_eur"]), level).final
            for level in edpb.SERIOUSNESS_LEVELS
        }
        for level, r in ranges.items():
            cols.setdefault(f"edpb_{level}_low", []).append(r.low)
            cols.setdefault(f"edpb_{level}_high", []).append(r.high)
        positions.append(_edpb_position(fine, ranges))
    for name, values in cols.items():
        table[name] = values
    table["position"] = positions
    keep = [
        "decision_id",
        "organisation",
        "cap_tier",
        "fine_eur",
        "fine_used_eur",
        "turnover_used_eur",
        "turnover_used_origin",
        "turnover_used_bound",
        "cap_scope",
        "legal_max_eur",
        *cols,
        "position",
    ]
    return table[keep].reset_index(drop=True)


def _edpb_position(fine: float, ranges: dict[str, edpb.FineRange]) -> str:
    """``"low"``, ``"low or medium"`` (ranges overlap), ``"above high"``, ``"below low"``,
    ``"between"`` (in a gap between two ranges)."""
    levels = list(ranges)
    if fine < ranges[levels[0]].low:
        return "below low"
    inside = [lv for lv in levels if ranges[lv].contains(fine)]
    if inside:
        return " or ".join(inside)
    if fine > ranges[levels[-1]].high:
        return "above high"
    return "between"


def edpb_vs_actual_summary(comparison: pd.DataFrame) -> pd.Series:
    """How many fines fall in each position of :func:`edpb_vs_actual`."""
    order = ["below low", "low", "low or medium", "medium", "medium or high", "high"]
    order += ["low or medium or high", "between", "above high"]
    counts = comparison["position"].value_counts()
    order += sorted(set(counts.index) - set(order))
    return counts.reindex(order, fill_value=0).rename("fines")
