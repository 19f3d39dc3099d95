"""Nearest precedents: the past fines most alike a decision or a case description."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from cnil_sanctions import edpb
from cnil_sanctions.analysis.ratios import add_ratios, fines
from cnil_sanctions.analysis.tables import decision_row

__all__ = ["DISTANCE_WEIGHTS", "NEAREST_COLUMNS", "nearest_precedents"]


def _article_numbers(articles: Iterable[str] | str | None) -> frozenset[str]:
    """``"GDPR 28(3);GDPR 29"`` or ``["28", "LIL 82"]`` → ``{"GDPR 28", "GDPR 29"}``."""
    if articles is None:
        return frozenset()
    items = articles.split(";") if isinstance(articles, str) else list(articles)
    out = set()
    for item in items:
        item = str(item).strip()
        if not item:
            continue
        ref = edpb.parse_article(item)
        out.add(f"{ref.law} {ref.article}")
    return frozenset(out)


#: Weights of the components of the precedent distance.
DISTANCE_WEIGHTS = {
    "turnover": 2.0,
    "people": 1.0,
    "articles": 2.0,
    "sector": 1.0,
    "breach": 1.0,
}
#: A difference of this many orders of magnitude counts as completely different.
_LOG_SPAN = 3.0
#: Distance given to a component when either side does not know it.
_UNKNOWN = 0.5

NEAREST_COLUMNS = [
    "decision_id",
    "decision_date",
    "organisation",
    "fine_eur",
    "turnover_used_eur",
    "turnover_used_origin",
    "people_affected",
    "articles_violated",
    "sector",
    "data_breach",
    "distance",
    "source_url",
    "fine_eur_evidence",
]


def _log_distance(a: float | None, b: float) -> float:
    if a is None or b is None or math.isnan(b) or a <= 0 or b <= 0:
        return _UNKNOWN
    return min(abs(math.log10(a) - math.log10(b)) / _LOG_SPAN, 1.0)


def nearest_precedents(
    df: pd.DataFrame,
    decision: str | None = None,
    *,
    turnover_eur: float | None = None,
    articles: Sequence[str] | str | None = None,
    people_affected: int | None = None,
    sector: str | None = None,
    data_breach: bool | None = None,
    k: int = 5,
    view: str = "public",
) -> pd.DataFrame:
    """The ``k`` past fines most alike a decision (by id) or a case description.

    Distance (0 = identical, 1 = unlike on everything): a weighted mean
    (:data:`DISTANCE_WEIGHTS`) of the gap in log10 turnover and in log10 people affected (3
    orders of magnitude = 1), the Jaccard distance between the sets of articles (by article
    number), and a mismatch of sector and of breach case; a component either side lacks counts
    0.5. When ``decision`` is given, its own facts are the description and it is left out of
    the candidates. Returns :data:`NEAREST_COLUMNS` sorted by distance, with the source URL and
    the fine's evidence sentence to check each figure.
    """
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    table = add_ratios(fines(df), view)
    if decision is not None:
        full = add_ratios(df, view)
        me = decision_row(full, decision)
        turnover_eur = None if pd.isna(me["turnover_used_eur"]) else float(me["turnover_used_eur"])
        articles = None if pd.isna(me["articles_violated"]) else str(me["articles_violated"])
        people_affected = None if pd.isna(me["people_affected"]) else int(me["people_affected"])
        sector = None if pd.isna(me["sector"]) else str(me["sector"])
        data_breach = None if pd.isna(me["data_breach"]) else bool(me["data_breach"])
        table = table.loc[table["decision_id"].astype("string") != decision]
    if turnover_eur is not None and (not math.isfinite(turnover_eur) or turnover_eur < 0):
        raise ValueError(f"turnover must be a non-negative amount of euros, got {turnover_eur!r}")
    wanted = _article_numbers(articles)
    w = DISTANCE_WEIGHTS
    distances = []
    for _, row in table.iterrows():
        parts = {
            "turnover": _log_distance(turnover_eur, float(row["turnover_used_eur"])),
            "people": _log_distance(
                None if people_affected is None else float(people_affected),
                np.nan if pd.isna(row["people_affected"]) else float(row["people_affected"]),
            ),
        }
        theirs = (
            _article_numbers(str(row["articles_violated"]))
            if not pd.isna(row["articles_violated"])
            else frozenset()
        )
        if wanted and theirs:
            parts["articles"] = 1 - len(wanted & theirs) / len(wanted | theirs)
        else:
            parts["articles"] = _UNKNOWN
        parts["sector"] = (
            _UNKNOWN
            if sector is None or pd.isna(row["sector"])
            else float(str(row["sector"]) != sector)
        )
        parts["breach"] = (
            _UNKNOWN
            if data_breach is None or pd.isna(row["data_breach"])
            else float(bool(row["data_breach"]) != data_breach)
        )
        distances.append(sum(w[c] * v for c, v in parts.items()) / sum(w.values()))
    table = table.assign(distance=distances)
    table = table.sort_values(["distance", "decision_id"], kind="stable").head(k)
    return table[NEAREST_COLUMNS].reset_index(drop=True)
