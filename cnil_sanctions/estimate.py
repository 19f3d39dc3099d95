"""Fine calculator: what a case *should* cost under the EDPB method, next to CNIL precedents.

:func:`estimate_fine` applies :mod:`cnil_sanctions.edpb` to a case description and returns a
:class:`FineEstimate`; :meth:`FineEstimate.to_table` renders it. The precedent view
(``precedent_interval``, ``nearest``) comes from :mod:`cnil_sanctions.analysis` when a dataset is
passed (``data=load_sanctions()``); without one those fields stay ``None`` and the table says so.
The ``estimate`` command loads the shipped dataset (``--data`` for another CSV).

The ``estimate`` sub-command (its argument parsing lives in :mod:`cnil_sanctions.cli`)::

    cnil-sanctions estimate --turnover 16.3M --articles 28,29,32 --people 491840 \
        [--seriousness low|medium|high] [--aggravating NAME=PCT ...] [--mitigating NAME=PCT ...] \
        [--data data/cnil_sanctions.csv] [--no-precedents] [-k 5]
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from cnil_sanctions.edpb import (
    EdpbResult,
    Factor,
    edpb_ranges,
)
from cnil_sanctions.law import Tier, applicable_tier, article_tiers, legal_maximum, parse_article

__all__ = ["FineEstimate", "estimate_fine"]

FactorsArg = Mapping[str, float] | Sequence[Factor]


@dataclass(frozen=True, eq=False)
class FineEstimate:
    """The EDPB ranges for a case and, once wired, the CNIL precedent view.

    ``edpb`` maps each computed seriousness level to its :class:`~cnil_sanctions.edpb.EdpbResult`.
    ``precedent_interval`` is ``(10th, 50th, 90th percentile)`` in euros and ``nearest`` the
    k most similar past decisions; both are ``None`` when not computed.
    """

    turnover_eur: float | None
    articles: tuple[str, ...]
    people_affected: int | None
    tier: Tier
    legal_maximum: float
    edpb: dict[str, EdpbResult]
    aggravating: tuple[Factor, ...] = ()
    mitigating: tuple[Factor, ...] = ()
    precedent_interval: tuple[float, float, float] | None = None
    nearest: pd.DataFrame | None = None
    precedent_method: str | None = None
    precedent_note: str | None = None

    def to_table(self) -> str:
        """A plain-text table of the case, the EDPB ranges and the precedents."""
        lines = ["Case"]
        turnover = "unknown" if self.turnover_eur is None else _eur(self.turnover_eur)
        people = "unknown" if self.people_affected is None else f"{self.people_affected:,}"
        rows = [
            ("Turnover", turnover),
            (
                "Articles",
                ", ".join(f"{a} ({tier})" for a, tier in article_tiers(self.articles)),
            ),
            ("People affected", people),
            (
                "Tier",
                f"{self.tier.basis}: {_eur(self.tier.static_max_eur)} or "
                f"{self.tier.turnover_share * 100:g} % of turnover, whichever is higher",
            ),
            ("Legal maximum", _eur(self.legal_maximum)),
        ]
        lines += [f"  {k:<17} {v}" for k, v in rows]
        lines += ["", "EDPB Guidelines 04/2022 (v2.1): range by seriousness"]
        header = (
            "Seriousness",
            "Starting point (para 60)",
            "Turnover (para 65)",
            "Factors",
            "Range",
        )
        body = []
        for level, r in self.edpb.items():
            if r.band is not None:
                adj = f"{r.band.low_share * 100:g}-{r.band.high_share * 100:g} %"
            elif r.turnover_eur is None:
                adj = "unknown (0.2-100 %)"
            else:
                adj = "none (> €500M)"
            body.append(
                (
                    level,
                    _range(r.starting.low, r.starting.high),
                    adj,
                    f"x{r.multiplier:.2f}",
                    _range(r.final.low, r.final.high),
                )
            )
        lines += _columns([header, *body])
        factors = [f"+{f.percent:g} % {f.name}" for f in self.aggravating] + [
            f"-{f.percent:g} % {f.name}" for f in self.mitigating
        ]
        lines.append("  Factors: " + ("; ".join(factors) if factors else "none given"))
        notes = sorted({n for r in self.edpb.values() for n in r.notes})
        lines += [f"  Note: {n}" for n in notes]
        lines += ["", "CNIL precedents"]
        if self.precedent_note:
            lines.append(f"  {self.precedent_note}")
        if self.precedent_interval is None:
            lines.append("  Prediction interval: not computed")
        else:
            p10, p50, p90 = self.precedent_interval
            band = (self.precedent_method or "").startswith("jackknife+")
            what = "80 % band: low / line / high" if band else "10th / 50th / 90th percentile"
            lines.append(f"  Prediction interval ({what}): {_eur(p10)} / {_eur(p50)} / {_eur(p90)}")
            if self.precedent_method:
                lines.append(f"    from {self.precedent_method}")
        if self.nearest is None:
            lines.append("  Nearest decisions: not computed")
        elif self.nearest.empty:
            lines.append("  Nearest decisions: none found")
        else:
            lines.append(f"  Nearest decisions ({len(self.nearest)}):")
            lines.append(
                "    (only the components known on both sides are compared; "
                "*fine after appeal where the Conseil d'État ruled)"
            )
            table = _nearest_display(self.nearest).to_string(index=False)
            lines += [f"    {row}" for row in table.splitlines()]
        return "\n".join(lines)


_NEAREST_SHOWN = {
    "decision_id": "decision",
    "organisation": "organisation",
    "fine_used_eur": "fine*",
    "turnover_used_eur": "undertaking turnover",
    "people_affected": "people",
    "distance": "distance",
    "compared": "compared on",
    "match": "note",
    "source_url": "text",
}


def _nearest_display(nearest: pd.DataFrame) -> pd.DataFrame:
    """The columns of the nearest decisions worth printing, amounts formatted."""
    cols = [c for c in _NEAREST_SHOWN if c in nearest.columns]
    if not cols:
        return nearest
    out = nearest[cols].copy()
    for c in ("fine_eur", "fine_used_eur", "turnover_used_eur"):
        if c in out:
            out[c] = [("" if pd.isna(v) else _eur(float(v))) for v in out[c]]
    if "distance" in out:
        out["distance"] = out["distance"].map(lambda d: f"{d:.2f}")
    if "organisation" in out:
        out["organisation"] = out["organisation"].map(
            lambda o: "" if pd.isna(o) else str(o).split(";")[0].strip()[:28]
        )
    return out.rename(columns=_NEAREST_SHOWN)


def _eur(x: float) -> str:
    return f"€{x:,.0f}"


def _range(low: float, high: float) -> str:
    return f"{_eur(low)} - {_eur(high)}"


def _columns(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return [
        "  " + "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows
    ]


def _factors(arg: FactorsArg | None, kind: str) -> tuple[Factor, ...]:
    if arg is None:
        return ()
    if isinstance(arg, Mapping):
        return tuple(Factor(name, pct) for name, pct in arg.items())
    if isinstance(arg, str | bytes):
        raise ValueError(f"{kind} factors must be Factor objects or a name → percent mapping")
    out = tuple(arg)
    for f in out:
        if not isinstance(f, Factor):
            raise ValueError(f"{kind} factor {f!r} is not a Factor (use Factor(name, percent))")
    return out


def estimate_fine(
    turnover_eur: float | None,
    articles: Sequence[str],
    people_affected: int | None = None,
    seriousness: str | None = None,
    aggravating: FactorsArg | None = None,
    mitigating: FactorsArg | None = None,
    *,
    data: pd.DataFrame | None = None,
    precedents: bool = True,
    k: int = 5,
) -> FineEstimate:
    """Estimate a fine for a case under the EDPB method (guidelines 04/2022, steps 1-4).

    ``turnover_eur`` is the undertaking's worldwide annual turnover (``None`` if unknown),
    ``articles`` the infringed provisions (``["GDPR 28(3)", "29", "32"]``, ``["LIL 82"]``).
    ``seriousness`` restricts the result to one level; by default all three are given.
    ``aggravating`` / ``mitigating`` are :class:`~cnil_sanctions.edpb.Factor` lists or
    ``{name: percent}`` mappings; none is assumed. ``people_affected`` is reported, not used
    in the EDPB arithmetic (it is one input of the seriousness judgement, para 54).

    The CNIL precedent view is added from ``data`` (default: the shipped dataset,
    ``load_sanctions()``; ``precedents=False`` leaves it out): the 10th/50th/90th percentile fine
    predicted by :func:`cnil_sanctions.analysis.quantile_prediction` and the ``k`` nearest past
    fines (:func:`cnil_sanctions.analysis.nearest_precedents`, the one precedent function the
    benchmark and the report call too), both on the undertaking's turnover.

    Raises ValueError with a clear message on bad input (negative turnover, unknown article,
    unknown seriousness, negative people count).
    """
    if isinstance(articles, str | bytes) or not isinstance(articles, Sequence):
        raise ValueError(f"articles must be a list of article references, got {articles!r}")
    if people_affected is not None and (
        isinstance(people_affected, bool)
        or not isinstance(people_affected, numbers.Integral)
        or people_affected < 0
    ):
        raise ValueError(f"people affected must be a whole number >= 0, got {people_affected!r}")
    agg = _factors(aggravating, "aggravating")
    mit = _factors(mitigating, "mitigating")
    refs = [parse_article(a) for a in articles]
    tier = applicable_tier(refs)
    ranges = edpb_ranges(refs, turnover_eur, seriousness, agg, mit)
    interval = method = note = nearest = None
    if precedents and data is None:
        from cnil_sanctions.dataset import load_sanctions

        data = load_sanctions()
    if precedents and data is not None:
        from cnil_sanctions import analysis

        names = [str(r) for r in refs]
        try:
            pred = analysis.quantile_prediction(
                data, turnover_eur=turnover_eur, articles=names, people_affected=people_affected
            )
        except ValueError as exc:
            note = f"precedent interval not computed: {exc}"
        else:
            p10, p50, p90 = pred.values
            interval, method = (p10, p50, p90), pred.method
            note = (
                "CNIL precedents: a prediction band from a few dozen past fines, not a "
                "guarantee; an 80 % band leaves about 1 past fine in 5 outside it."
            )
        nearest = analysis.nearest_precedents(
            data,
            turnover_eur=turnover_eur,
            articles=names,
            people_affected=people_affected,
            k=k,
        )
    return FineEstimate(
        turnover_eur=None if turnover_eur is None else float(turnover_eur),
        articles=tuple(str(r) for r in refs),
        people_affected=None if people_affected is None else int(people_affected),
        tier=tier,
        legal_maximum=legal_maximum(tier, turnover_eur),
        edpb=ranges,
        aggravating=agg,
        mitigating=mit,
        precedent_interval=interval,
        nearest=nearest,
        precedent_method=method,
        precedent_note=note,
    )
