"""Nearest precedents: the past fines most alike a decision or a case description.

ONE function, :func:`nearest_precedents`, used by ``estimate``
(:func:`cnil_sanctions.estimate.estimate_fine`), the benchmark (notebook 4,
:class:`cnil_sanctions.benchmark.Benchmark`) and the report alike: the same case description
gives the same list.

The rule (issue 16): a component (turnover, people affected, articles, sector, breach) is
compared only when BOTH the case and the precedent know it — an unknown component is neither
close nor far, it is left out. The distance is the weighted mean (:data:`DISTANCE_WEIGHTS`)
over the compared components; ``compared`` says how many and which. A precedent compared on
less than half of the weight the case knows (:data:`MIN_COMPARED_SHARE`) ranks after every
better-compared one, and one matched on a single component is labelled as such.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from cnil_sanctions import edpb
from cnil_sanctions.analysis.ratios import add_ratios, fines
from cnil_sanctions.analysis.tables import decision_row

__all__ = [
    "DISTANCE_WEIGHTS",
    "MIN_COMPARED_SHARE",
    "NEAREST_COLUMNS",
    "PRECEDENT_VIEW",
    "CaseDescription",
    "component_distances",
    "nearest_precedents",
]


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
#: A precedent compared on less than this share of the weight the case knows ranks after the
#: others (and is labelled).
MIN_COMPARED_SHARE = 0.5
#: The turnover the precedents are compared on: the undertaking's, the turnover ``estimate``
#: takes (the basis of the caps and of the EDPB method).
PRECEDENT_VIEW = "undertaking"
#: A difference of this many orders of magnitude counts as completely different.
_LOG_SPAN = 3.0

NEAREST_COLUMNS = [
    "decision_id",
    "decision_date",
    "organisation",
    "fine_eur",
    "fine_used_eur",
    "turnover_used_eur",
    "turnover_used_origin",
    "people_affected",
    "articles_violated",
    "sector",
    "data_breach",
    "distance",
    "n_compared",
    "compared",
    "compared_weight_share",
    "match",
    "source_url",
    "fine_eur_evidence",
]


@dataclass(frozen=True)
class CaseDescription:
    """What a case is compared on; ``None`` = unknown (then never compared)."""

    turnover_eur: float | None = None
    articles: frozenset[str] = frozenset()
    people_affected: float | None = None
    sector: str | None = None
    data_breach: bool | None = None

    def known(self) -> list[str]:
        """The components this description knows, in :data:`DISTANCE_WEIGHTS` order."""
        have = {
            "turnover": self.turnover_eur is not None,
            "people": self.people_affected is not None,
            "articles": bool(self.articles),
            "sector": self.sector is not None,
            "breach": self.data_breach is not None,
        }
        return [c for c in DISTANCE_WEIGHTS if have[c]]


def _positive(x: object) -> float | None:
    if x is None or pd.isna(x):
        return None
    v = float(x)  # type: ignore[arg-type]
    return v if v > 0 else None


def _describe_row(row: pd.Series) -> CaseDescription:
    return CaseDescription(
        turnover_eur=_positive(row["turnover_used_eur"]),
        articles=(
            frozenset()
            if pd.isna(row["articles_violated"])
            else _article_numbers(str(row["articles_violated"]))
        ),
        people_affected=_positive(row["people_affected"]),
        sector=None if pd.isna(row["sector"]) else str(row["sector"]),
        data_breach=None if pd.isna(row["data_breach"]) else bool(row["data_breach"]),
    )


def _log_gap(a: float, b: float) -> float:
    return min(abs(math.log10(a) - math.log10(b)) / _LOG_SPAN, 1.0)


def component_distances(case: CaseDescription, other: CaseDescription) -> dict[str, float]:
    """The distance (0 = same, 1 = unlike) on each component BOTH sides know; the others are
    absent from the result. Turnover and people: gap in log10, 3 orders of magnitude = 1;
    articles: Jaccard distance of the article numbers; sector, breach: 0 if equal, else 1."""
    out: dict[str, float] = {}
    if case.turnover_eur is not None and other.turnover_eur is not None:
        out["turnover"] = _log_gap(case.turnover_eur, other.turnover_eur)
    if case.people_affected is not None and other.people_affected is not None:
        out["people"] = _log_gap(case.people_affected, other.people_affected)
    if case.articles and other.articles:
        union = case.articles | other.articles
        out["articles"] = 1 - len(case.articles & other.articles) / len(union)
    if case.sector is not None and other.sector is not None:
        out["sector"] = float(case.sector != other.sector)
    if case.data_breach is not None and other.data_breach is not None:
        out["breach"] = float(case.data_breach != other.data_breach)
    return {c: out[c] for c in DISTANCE_WEIGHTS if c in out}


def _match_label(n_compared: int, share: float) -> str:
    if n_compared == 0:
        return "nothing compared"
    if n_compared == 1:
        return "matched on one component only"
    if share < MIN_COMPARED_SHARE:
        return f"compared on less than {MIN_COMPARED_SHARE:.0%} of the case's known weight"
    return ""


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
    view: str = PRECEDENT_VIEW,
) -> pd.DataFrame:
    """The ``k`` past fines most alike a decision (by id) or a case description.

    Only the components known on both sides are compared (:func:`component_distances`);
    ``distance`` is their weighted mean (:data:`DISTANCE_WEIGHTS`), ``n_compared`` and
    ``compared`` say how many and which, ``compared_weight_share`` which share of the weight the
    case knows they cover, and ``match`` labels a precedent matched on one component only or on
    less than :data:`MIN_COMPARED_SHARE` of that weight; those rank after the others (then by
    distance, then by decision id). Turnovers are those of ``view`` (default the undertaking's,
    like ``estimate``). When ``decision`` is given, its own facts are the description and it is
    left out of the candidates. Fines are after appeal where ruled (``fine_used_eur``). Returns
    :data:`NEAREST_COLUMNS`, with the source URL and the fine's evidence sentence.
    """
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    table = add_ratios(fines(df), view)
    if decision is not None:
        me = _describe_row(decision_row(add_ratios(df, view), decision))
        table = table.loc[table["decision_id"].astype("string") != decision]
    else:
        if turnover_eur is not None and (not math.isfinite(turnover_eur) or turnover_eur < 0):
            raise ValueError(
                f"turnover must be a non-negative amount of euros, got {turnover_eur!r}"
            )
        me = CaseDescription(
            turnover_eur=_positive(turnover_eur),
            articles=_article_numbers(articles),
            people_affected=_positive(people_affected),
            sector=sector,
            data_breach=data_breach,
        )
    w = DISTANCE_WEIGHTS
    known_weight = sum(w[c] for c in me.known())
    rows = []
    for _, row in table.iterrows():
        parts = component_distances(me, _describe_row(row))
        weight = sum(w[c] for c in parts)
        share = weight / known_weight if known_weight else 0.0
        rows.append(
            {
                "distance": (
                    sum(w[c] * v for c, v in parts.items()) / weight if weight else np.nan
                ),
                "n_compared": len(parts),
                "compared": ", ".join(parts) if parts else "none",
                "compared_weight_share": share,
                "match": _match_label(len(parts), share),
                "_after": len(parts) <= 1 or share < MIN_COMPARED_SHARE,
            }
        )
    extra = (
        pd.DataFrame(rows, index=table.index)
        if rows
        else pd.DataFrame(
            columns=[
                "distance",
                "n_compared",
                "compared",
                "compared_weight_share",
                "match",
                "_after",
            ]
        )
    )
    table = pd.concat([table, extra], axis=1)
    table = table.sort_values(
        ["_after", "distance", "decision_id"], kind="stable", na_position="last"
    ).head(k)
    return table[NEAREST_COLUMNS].reset_index(drop=True)
