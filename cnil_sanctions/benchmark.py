"""One decision — or a hypothetical case — against every other fine of the dataset.

What notebook 4 (``notebooks/04_dedalus_benchmark``) shows, as library code the notebook calls
in one line per section: :class:`Benchmark` (headline, ranks, figures, nearest precedents,
model predictions fitted on the *other* decisions, EDPB method), and
:func:`health_and_processors`, the precedents a reader of the Dedalus case asks about first.

A benchmark is either a decision of the dataset (``decision_id``; it must impose a fine) or a
:class:`Case` described by its turnover, articles and people affected (what
``cnil-sanctions estimate`` prints, with the figures). Bad input raises :class:`BenchmarkError`
(the command line turns it into exit code 2).
"""

from __future__ import annotations

import math
import re
import shlex
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from statsmodels.tools.sm_exceptions import IterationLimitWarning

from cnil_sanctions import analysis, plots, uncertainty
from cnil_sanctions.errors import CnilSanctionsError
from cnil_sanctions.estimate import FineEstimate, estimate_fine
from cnil_sanctions.extract.sector import SECTORS
from cnil_sanctions.schema import all_fields, is_missing

__all__ = [
    "HEALTH_SECTOR",
    "PROCESSOR_ROLES",
    "Benchmark",
    "BenchmarkError",
    "Case",
    "check_decision",
    "format_share",
    "health_and_processors",
]

#: The sector of health-data cases (a key of the sector taxonomy).
HEALTH_SECTOR = "health"
if HEALTH_SECTOR not in SECTORS:  # pragma: no cover - guards a rename of the taxonomy
    raise ImportError(f"sector {HEALTH_SECTOR!r} is not in the taxonomy {SECTORS}")


def _role_values() -> tuple[str, ...]:
    role = next(f for f in all_fields() if f.name == "role")
    return tuple(role.enum or ())


#: The roles in which the organisation acted (at least partly) as a processor (GDPR art. 28).
PROCESSOR_ROLES: tuple[str, ...] = tuple(r for r in _role_values() if "processor" in r)


class BenchmarkError(CnilSanctionsError):
    """A benchmark that cannot be made: unknown decision, decision without a fine, bad case."""


@dataclass(frozen=True)
class Case:
    """A hypothetical case: what :func:`~cnil_sanctions.estimate.estimate_fine` takes."""

    turnover_eur: float | None
    articles: tuple[str, ...]
    people_affected: int | None = None

    def parameters(self) -> dict[str, Any]:
        """The benchmark notebook's parameters for this case (``decision_id`` None)."""
        return {
            "decision_id": None,
            "turnover_eur": self.turnover_eur,
            "articles": list(self.articles),
            "people_affected": self.people_affected,
        }

    def slug(self) -> str:
        """A file-name part naming the case: ``turnover-16.3M_articles-28-29-32_people-491840``."""
        parts = []
        if self.turnover_eur is not None:
            parts.append(f"turnover-{self.turnover_eur / 1e6:g}M")
        parts.append("articles-" + "-".join(self.articles))
        if self.people_affected is not None:
            parts.append(f"people-{self.people_affected}")
        return re.sub(r"[^A-Za-z0-9.\-_]+", "", "_".join(parts))

    def describe(self) -> str:
        turnover = "unknown" if self.turnover_eur is None else f"€{self.turnover_eur:,.0f}"
        people = "unknown" if self.people_affected is None else f"{self.people_affected:,}"
        return f"turnover {turnover}, articles {', '.join(self.articles)}, people affected {people}"


def check_decision(df: pd.DataFrame, decision_id: str) -> pd.Series:
    """The row of ``decision_id``; BenchmarkError when it is unknown or imposes no fine."""
    ids = df["decision_id"].astype("string")
    hits = df.loc[ids == decision_id]
    if hits.empty:
        raise BenchmarkError(
            f"decision {decision_id} is not in the dataset ({len(df)} decisions, "
            f"{ids.min()} to {ids.max()})"
        )
    row = hits.iloc[0]
    if pd.isna(row["fine_eur"]):
        raise BenchmarkError(
            f"decision {decision_id} imposes no fine (measure: {row['measure_kind']}): "
            "there is nothing to benchmark"
        )
    return row


def _articles(value: object) -> tuple[str, ...]:
    if is_missing(value):
        return ()
    items = value.split(";") if isinstance(value, str) else list(cast(Iterable[object], value))
    return tuple(str(a).strip() for a in items if str(a).strip())


#: Said instead of statsmodels' IterationLimitWarning (which would print in the notebook).
ROUGH_BAND = "a quantile fit stopped at its iteration limit (few fines): read this band as rough"


def _hit_iteration_limit(caught: Sequence[warnings.WarningMessage]) -> bool:
    return any(issubclass(w.category, IterationLimitWarning) for w in caught)


def _tiered(articles: Sequence[str]) -> list[str]:
    """The articles the fine tiers know (``estimate`` and the EDPB method refuse the others)."""
    from cnil_sanctions.edpb import applicable_tier

    known = []
    for article in articles:
        try:
            applicable_tier([article])
        except ValueError:
            continue
        known.append(article)
    return known


def _eur(x: float) -> str:
    return f"€{x:,.0f}"


def format_share(x: float) -> str:
    """9.2%, but 0.015% for a share under 1 % (one decimal would print 0.0%)."""
    return f"{x:.1%}" if x >= 0.01 else f"{x:.3%}"


@dataclass
class Benchmark:
    """A decision of the dataset (``decision_id``) or a :class:`Case`, against the other fines.

    Build it with :meth:`of`. ``row`` is the decision's row with the ratios of
    :func:`cnil_sanctions.analysis.add_ratios` (public view); None for a hypothetical case.
    ``estimate`` is the EDPB method (and the precedent view from the *other* decisions); None
    when the decision names no article.
    """

    df: pd.DataFrame
    decision_id: str | None
    case: Case
    row: pd.Series | None
    estimate: FineEstimate | None
    notes: list[str] = field(default_factory=list)

    @classmethod
    def of(
        cls,
        df: pd.DataFrame,
        decision_id: str | None = analysis.DEDALUS_ID,
        *,
        turnover_eur: float | None = None,
        articles: Sequence[str] | str | None = None,
        people_affected: int | None = None,
    ) -> Benchmark:
        """The benchmark of ``decision_id``, or (``decision_id=None``) of the case described."""
        notes: list[str] = []
        if decision_id is not None:
            check_decision(df, decision_id)
            row = analysis.decision_row(analysis.add_ratios(df, analysis.CAP_BASIS), decision_id)
            # the case as ``estimate`` takes it: the undertaking's turnover (caps, EDPB method,
            # precedents), its articles and its people affected
            turnover = (
                None if is_missing(row["turnover_used_eur"]) else float(row["turnover_used_eur"])
            )
            people = None if is_missing(row["people_affected"]) else int(row["people_affected"])
            case = Case(turnover, _articles(row["articles_violated"]), people)
            others = df.loc[df["decision_id"].astype("string") != decision_id]
        else:
            row = None
            arts = _articles(articles)
            if not arts:
                raise BenchmarkError("a hypothetical case needs its articles (e.g. 28,29,32)")
            if turnover_eur is not None and (
                not math.isfinite(float(turnover_eur)) or float(turnover_eur) <= 0
            ):
                raise BenchmarkError(f"turnover must be a positive amount, got {turnover_eur!r}")
            case = Case(
                None if turnover_eur is None else float(turnover_eur),
                arts,
                None if people_affected is None else int(people_affected),
            )
            others = df
        estimate = None
        if decision_id is not None and case.articles:
            # a decision may cite an article outside the fine tiers (e.g. GDPR 10): left out
            left_out = [a for a in case.articles if a not in _tiered(case.articles)]
            if left_out:
                notes.append(
                    f"EDPB estimate without {', '.join(left_out)} (outside art. 83(4)-(5))"
                )
        if case.articles:
            try:
                chosen = list(case.articles) if decision_id is None else _tiered(case.articles)
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always", IterationLimitWarning)
                    estimate = estimate_fine(
                        case.turnover_eur, chosen, case.people_affected, data=others
                    )
                if _hit_iteration_limit(caught):
                    notes.append(f"CNIL precedent interval: {ROUGH_BAND}")
            except ValueError as exc:
                if decision_id is None:  # the user's own description: bad input
                    raise BenchmarkError(f"case: {exc}") from exc
                notes.append(f"no EDPB estimate for {decision_id}: {exc}")
        else:
            notes.append("the decision names no article: no EDPB estimate")
        return cls(df, decision_id, case, row, estimate, notes)

    # ---------------------------------------------------------------------------- basics

    @property
    def others(self) -> pd.DataFrame:
        """Every decision but the benchmarked one (all of them for a hypothetical case)."""
        if self.decision_id is None:
            return self.df
        return self.df.loc[self.df["decision_id"].astype("string") != self.decision_id]

    @property
    def label(self) -> str:
        if self.row is None:
            return "the hypothetical case"
        org = "" if is_missing(self.row["organisation"]) else str(self.row["organisation"])
        return f"{org.split(';')[0].strip().title()} ({self.decision_id})"

    def title(self) -> str:
        """A Markdown title naming the decision or the case."""
        if self.row is None:
            return f"## A hypothetical case: {self.case.describe()}"
        date = pd.Timestamp(self.row["decision_date"]).date().isoformat()
        return f"## {self.label}, decision of {date}"

    def summary_markdown(self) -> str:
        """The fine, both turnovers, the people affected, the shares of each turnover and of the
        legal maximum (on the undertaking's turnover); a share on a « plus de » turnover is
        given as an upper bound."""
        if self.row is None:
            return self._case_summary()
        r = self.row
        fine = float(r["fine_used_eur"])
        after = (
            f" after appeal (the CNIL's was {_eur(float(r['fine_eur']))})"
            if bool(r["fine_after_appeal"])
            else ""
        )
        parts = [f"**{r['organisation']}** — fine **{_eur(fine)}**{after}"]
        if not is_missing(r["cap_tier"]):
            parts.append(f"tier {r['cap_tier']}")
        if is_missing(r["people_affected"]):
            parts.append("people affected not stated")
        else:
            unit = "" if is_missing(r["people_affected_unit"]) else f" {r['people_affected_unit']}"
            parts.append(f"{int(r['people_affected']):,}{unit} affected")
        parts.append(f"articles {r['articles_violated']}" if self.case.articles else "no article")
        text = ", ".join(parts) + "."
        rows = []
        for view, whose in (
            (analysis.SHARE_BASIS, "the company's own"),
            (analysis.CAP_BASIS, "the undertaking's"),
        ):
            pos = self.position(view)
            if pos.turnover_eur is None:
                rows.append(f"- {whose} turnover: unknown (not stated, no public accounts)")
                continue
            bound = {"lower": "more than ", "approx": "about ", "upper": "less than "}.get(
                pos.turnover_bound or "", ""
            )
            lead = {"upper": "at most ", "lower": "at least ", "approx": "about "}
            share = lead.get(pos.share_bound or "", "") + format_share(float(pos.share or 0))
            rows.append(
                f"- {whose} turnover: {bound}{_eur(pos.turnover_eur)} "
                f"({self._turnover_facts(view)}) — the fine is **{share} of that turnover**"
            )
        text += "\n\n" + "\n".join(rows)
        if not is_missing(r["fine_share_legal_max"]):
            group = not is_missing(r["cap_scope"]) and r["cap_scope"] == "undertaking"
            scope = "" if group else ", the entity's: a lower bound"
            upper = (
                not is_missing(r["legal_max_share_bound"]) and r["legal_max_share_bound"] == "upper"
            )
            at_most = "at most " if upper else ""
            more = "more than " if at_most else ""
            text += (
                f"\n\nLegal maximum on the undertaking's turnover{scope}: "
                f"{more}{_eur(float(r['legal_max_eur']))}; the fine is "
                f"**{at_most}{format_share(float(r['fine_share_legal_max']))} of the legal "
                "maximum**."
            )
        else:
            text += "\n\nWithout the undertaking's turnover, the legal maximum is unknown."
        return text

    def _turnover_facts(self, view: str) -> str:
        assert self.row is not None
        prefix = "turnover_entity" if view == analysis.SHARE_BASIS else "turnover_undertaking"
        r = self.row
        if (
            view == analysis.CAP_BASIS
            and not is_missing(r["cap_scope"])
            and r["cap_scope"] == "entity"
        ):
            prefix = "turnover_entity"
        bits = []
        if prefix == "turnover_undertaking" and not is_missing(r[f"{prefix}_name"]):
            bits.append(str(r[f"{prefix}_name"]))
        if not is_missing(r[f"{prefix}_year"]):
            bits.append(str(int(r[f"{prefix}_year"])))
        bits.append(f"origin: {r[f'{prefix}_origin']}")
        if (
            view == analysis.CAP_BASIS
            and not is_missing(r["cap_scope"])
            and r["cap_scope"] == "entity"
        ):
            bits.append("the group's is unknown")
        return ", ".join(bits)

    def position_markdown(self) -> str:
        """Where the decision stands on both turnovers (the company's own, the undertaking's):
        medians with intervals and n, ranks with intervals, the band and its words."""
        if self.decision_id is None:
            return "A hypothetical case has no fine to position; see the prediction band below."
        out = []
        for view in (analysis.SHARE_BASIS, analysis.CAP_BASIS):
            pos = self.position(view)
            out.append(f"**On {analysis.VIEW_LABELS[view]}**\n")
            out += [f"- {line}" for line in pos.lines()]
            out.append("")
        return "\n".join(out)

    def position(self, view: str) -> analysis.DecisionPosition:
        """Where the decision stands on ``view`` (:func:`analysis.position_on`)."""
        if self.decision_id is None:
            raise BenchmarkError("a hypothetical case has no fine to position")
        return analysis.position_on(self.df, self.decision_id, view)

    def _case_summary(self) -> str:
        est = self.estimate
        assert est is not None  # a case always has articles
        text = (
            f"A case described by {self.case.describe()}: tier **{est.tier.basis}**, legal "
            f"maximum **{_eur(est.legal_maximum)}**"
        )
        if self.case.turnover_eur is None:
            text += " (turnover unknown: the static maximum, a lower bound)"
        if est.precedent_interval is not None:
            p10, p50, p90 = est.precedent_interval
            text += f". Past CNIL fines suggest **{_eur(p10)} to {_eur(p90)}** (median {_eur(p50)})"
        return text + "."

    # ---------------------------------------------------------------------------- ranks

    def rank_lines(self) -> list[str]:
        """Ranks with their 95 % intervals and n: by amount, per person, by share of the legal
        maximum (undertaking's turnover), and on each turnover (the company's own, the
        undertaking's) by raw share beside the size-adjusted rank."""
        if self.decision_id is None:
            return ["a hypothetical case has no fine to rank"]
        assert self.row is not None
        table = analysis.add_ratios(analysis.fines(self.df), analysis.CAP_BASIS)
        lines = []
        for by, what in (
            ("fine_used_eur", "amount (fine after appeal where ruled)"),
            ("fine_per_person", "fine per person affected"),
            ("fine_share_legal_max", "share of the legal maximum (undertaking's turnover)"),
        ):
            value = self.row[by]
            if is_missing(value):
                lines.append(f"{what}: not ranked (no value for this decision)")
                continue
            rank = analysis.ranked(table[by].astype(float), float(value), what)
            lines.append(f"rank {rank.format()}")
        for view in (analysis.SHARE_BASIS, analysis.CAP_BASIS):
            pos = self.position(view)
            label = analysis.VIEW_LABELS[view]
            if pos.share_rank is None or pos.size_rank is None:
                lines.append(f"[{label}] not ranked: no turnover")
                continue
            bound = " (an upper bound)" if pos.share_bound == "upper" else ""
            lines.append(f"[{label}] raw rank {pos.share_rank.format()}{bound}")
            lines.append(
                f"[{label}] size-adjusted rank {pos.size_rank.format()}: the residual from the "
                f"log-log line (slope {pos.slope:.2f} < 1, so raw shares put small firms first)"
            )
        return lines

    # ---------------------------------------------------------------------------- figures

    def figures(self) -> list[Figure]:
        """Every figure of the report with the decision highlighted, or the case's figures."""
        if self.decision_id is None:
            assert self.estimate is not None
            axes = [a for a in ("turnover", "people") if self._case_value(a) is not None]
            return [plots.plot_case(self.df, self.estimate, axis) for axis in axes or ["none"]]
        me = self.decision_id
        return [
            plots.plot_fine_vs_turnover(self.df, "decision", me),
            plots.plot_fine_vs_turnover(self.df, "public", me),
            plots.plot_share_ecdf(self.df, me),
            plots.plot_fine_vs_people(self.df, me),
            plots.plot_yearly_totals(self.df, me),
            plots.plot_edpb_vs_actual(self.df, "public", me),
        ]

    def _case_value(self, axis: str) -> float | None:
        value = self.case.turnover_eur if axis == "turnover" else self.case.people_affected
        return None if value is None else float(value)

    # ---------------------------------------------------------------------------- precedents

    def nearest(self, k: int = 5) -> pd.DataFrame:
        """The ``k`` past fines most alike the case description (turnover of the undertaking,
        articles, people affected): :func:`analysis.nearest_precedents`, the one precedent
        function, called as ``estimate`` calls it — the same description gives the same list
        (the decision itself left out)."""
        return analysis.nearest_precedents(
            self.others,
            turnover_eur=self.case.turnover_eur,
            articles=list(self.case.articles),
            people_affected=self.case.people_affected,
            k=k,
        )

    def estimate_command(self) -> str:
        """The ``cnil-sanctions estimate`` command line of this case description."""
        parts = ["cnil-sanctions estimate"]
        if self.case.turnover_eur is not None:
            parts.append(f"--turnover {self.case.turnover_eur:.0f}")
        arts = _tiered(self.case.articles) if self.decision_id else list(self.case.articles)
        parts.append("--articles " + shlex.quote(",".join(arts)))
        if self.case.people_affected is not None:
            parts.append(f"--people {self.case.people_affected}")
        return " ".join(parts)

    def prediction_lines(self) -> list[str]:
        """What past practice predicts (fitted on the other fines), with the words generated
        from the bounds (:func:`~cnil_sanctions.uncertainty.position_words`).

        With a turnover: per turnover (the company's own and the undertaking's for a decision,
        the undertaking's for a case) the jackknife+ 80 % prediction band around the log-log
        line and the OLS line's 90 % prediction interval (t-based). Without: the precedent
        interval of :func:`analysis.quantile_prediction` (people affected, else the tier).
        """
        fine = None if self.row is None else float(self.row["fine_used_eur"])
        views: list[tuple[str, float | None]] = []
        if self.row is not None:
            for view in (analysis.SHARE_BASIS, analysis.CAP_BASIS):
                t = analysis.turnover_series(self.row.to_frame().T, view).iloc[0]
                views.append((view, None if is_missing(t) else float(t)))
        else:
            views.append((analysis.CAP_BASIS, self.case.turnover_eur))
        lines = []
        if all(turnover is None for _, turnover in views):
            return [self._no_turnover_line("turnover", fine)]
        for view, turnover in views:
            label = analysis.VIEW_LABELS[view]
            if turnover is None:
                lines.append(self._no_turnover_line(label, fine))
                continue
            band = analysis.prediction_band(self.others, turnover, view)
            line = f"- *{label}*, at {_eur(turnover)}: " + band.format(_eur)
            if fine is not None:
                words = uncertainty.position_words(fine, band, f"the {band.level * 100:g} % band")
                line += f"; the actual {_eur(fine)} is **{words}**"
            lines.append(line + ".")
            lines.append(self._average_line(view, turnover, fine))
        return lines

    def _no_turnover_line(self, label: str, fine: float | None) -> str:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", IterationLimitWarning)
            pred = analysis.quantile_prediction(
                self.others,
                turnover_eur=None,
                articles=_tiered(self.case.articles) or None,
                people_affected=self.case.people_affected,
            )
        p10, p50, p90 = pred
        line = (
            f"- *{label}* unknown: 10th / 50th / 90th percentile {_eur(p10)} / {_eur(p50)} / "
            f"{_eur(p90)} ({pred.method})"
        )
        if fine is not None:
            band = uncertainty.Interval(p50, p10, p90, 0.8, pred.n, pred.method, kind="PI")
            line += f"; the actual {_eur(fine)} is **{uncertainty.position_words(fine, band)}**"
        if _hit_iteration_limit(caught):
            line += f" — note: {ROUGH_BAND}"
        return line + "."

    def _average_line(self, view: str, turnover: float, fine: float | None) -> str:
        m = analysis.fit_ols(self.others, view=view)
        x = pd.DataFrame({"log_turnover": [np.log10(turnover)]})
        fit: Any = m.model
        p = fit.get_prediction(x)
        lo, hi = p.conf_int(obs=True, alpha=0.1)[0]
        pi = uncertainty.Interval(
            10 ** float(p.predicted_mean[0]), 10**lo, 10**hi, 0.9, m.n, "OLS", kind="PI"
        )
        text = f"  average line (OLS, t-based): {pi.format(_eur)}"
        if fine is not None:
            words = uncertainty.position_words(fine, pi, "the 90 % interval")
            text += f"; the actual fine is {words}"
        return text + "."

    # ---------------------------------------------------------------------------- EDPB

    def edpb_table(self) -> str:
        """The EDPB method for the case (:meth:`FineEstimate.to_table`), precedents included."""
        if self.estimate is None:
            return "; ".join(self.notes)
        return "\n".join([*(f"Note: {n}" for n in self.notes), self.estimate.to_table()])

    def edpb_comparison(self) -> pd.DataFrame:
        """The decision's row of :func:`analysis.edpb_vs_actual`: on the undertaking's turnover
        (the method's basis), then on the company's own for comparison."""
        if self.decision_id is None:
            return pd.DataFrame()
        cols = {}
        for view in (analysis.CAP_BASIS, analysis.SHARE_BASIS):
            comp = analysis.edpb_vs_actual(self.df, view)
            mine = comp.loc[comp["decision_id"] == self.decision_id]
            if not mine.empty:
                cols[analysis.VIEW_LABELS[view]] = mine.iloc[0]
        return pd.DataFrame(cols)


#: Columns of :func:`health_and_processors`.
SIDE_BY_SIDE_COLUMNS = [
    "decision_id",
    "decision_date",
    "organisation",
    "sector",
    "role",
    "measure_kind",
    "fine_eur",
    "fine_used_eur",
    "turnover_used_eur",
    "turnover_used_origin",
    "fine_share_turnover",
    "share_bound",
    "people_affected",
    "people_affected_unit",
    "data_breach",
    "articles_violated",
]


def health_and_processors(df: pd.DataFrame, view: str = analysis.SHARE_BASIS) -> pd.DataFrame:
    """Every decision in the health sector or where the organisation acted as a processor.

    One row per decision (fines and other measures), oldest first, with the fine (and the fine
    after appeal where ruled), its share of turnover (``view``, default the company's own;
    ``attrs["turnover"]`` names it) and the people affected; ``why`` says which criterion
    selected it.
    """
    table = analysis.add_ratios(df, view)
    health = table["sector"].astype("string") == HEALTH_SECTOR
    processor = table["role"].astype("string").isin(PROCESSOR_ROLES)
    health, processor = health.fillna(False), processor.fillna(False)
    chosen = table.loc[health | processor, SIDE_BY_SIDE_COLUMNS].copy()
    why = np.where(
        health[chosen.index] & processor[chosen.index],
        "health + processor",
        np.where(health[chosen.index], "health", "processor"),
    )
    chosen.insert(3, "why", why)
    out = chosen.sort_values(["decision_date", "decision_id"]).reset_index(drop=True)
    out.attrs["turnover"] = analysis.VIEW_LABELS[view]
    return out
