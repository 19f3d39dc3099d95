"""Analysis of the sanctions dataset: fines against turnover, legal caps and breach size.

Every function takes the validated frame of :func:`cnil_sanctions.load_sanctions` (or any frame
with the same columns) and returns plain pandas objects or small dataclasses that say how many
decisions they rest on and how many were left out, and why.

Two turnover views are offered everywhere a turnover is used (issue 8):

* ``"decision"``: only the turnover the decision itself states (``turnover_basis_origin ==
  "decision"``);
* ``"public"`` (default): ``turnover_basis_eur``, the decision's own figure, else the publicly
  reported group figure (``turnover_basis_origin == "public_accounts"``).

The sample is small (a few dozen fines): every model result carries its ``n`` and notes, and
controls that are constant or too sparse in the sample are dropped with a stated reason.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from cnil_sanctions import edpb

__all__ = [
    "CONTROLS",
    "DEDALUS_ID",
    "VIEWS",
    "ModelResult",
    "PercentileRank",
    "QuantilePrediction",
    "QuantileResult",
    "add_ratios",
    "by_group",
    "coverage",
    "decision_row",
    "edpb_vs_actual",
    "edpb_vs_actual_summary",
    "fines",
    "fit_ols",
    "fit_quantiles",
    "headline",
    "legal_maximum",
    "nearest_precedents",
    "percentile_rank",
    "quantile_prediction",
    "tier_of",
    "top_fines",
    "turnover_series",
    "yearly_summary",
]

#: The reference case of the project: Dedalus Biologie, 15 April 2022.
DEDALUS_ID = "SAN-2022-009"

#: Turnover views: decision figures only, or with the public-accounts supplement.
VIEWS = ("decision", "public")
VIEW_LABELS = {
    "decision": "turnover stated in the decision only",
    "public": "decision figure, else public accounts",
}

#: Controls :func:`fit_ols` knows, in the order they are tried.
CONTROLS = ("data_breach", "tier", "year", "sector", "people")

_TIERS: dict[str, edpb.Tier] = {
    "GDPR 83(4)": edpb.TIER_83_4,
    "GDPR 83(5)": edpb.TIER_83_5,
    "LIL 20": edpb.TIER_LIL_20_III,
}


# --------------------------------------------------------------------------------------------
# Columns and ratios
# --------------------------------------------------------------------------------------------


def _float(series: pd.Series) -> pd.Series:
    """A nullable numeric column as float64 with NaN for missing values."""
    return pd.Series(
        pd.to_numeric(series, errors="raise").astype("Float64").to_numpy(float, na_value=np.nan),
        index=series.index,
        name=series.name,
    )


def _require(df: pd.DataFrame, columns: Iterable[str], what: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"{what}: the frame lacks the columns {missing}")


def _check_view(view: str) -> str:
    if view not in VIEWS:
        raise ValueError(f"unknown turnover view {view!r}: expected one of {VIEWS}")
    return view


def tier_of(tier: str | edpb.Tier) -> edpb.Tier:
    """The :class:`~cnil_sanctions.edpb.Tier` of a ``cap_tier`` value (``"GDPR 83(4)"``, ...)."""
    if isinstance(tier, edpb.Tier):
        return tier
    try:
        return _TIERS[str(tier).strip()]
    except KeyError:
        raise ValueError(f"unknown cap tier {tier!r}: expected one of {sorted(_TIERS)}") from None


def legal_maximum(turnover_eur: float | None, tier: str | edpb.Tier) -> float:
    """The legal maximum fine: the higher of the fixed amount and the turnover share.

    GDPR art. 83(4): €10M or 2 % of worldwide annual turnover; art. 83(5): €20M or 4 %;
    Loi Informatique et Libertés art. 20 III (``"LIL 20"``, cookie and e-marketing cases): €10M
    or 2 %. With an unknown turnover (``None`` or NaN) the fixed amount is returned, which is
    then only a lower bound of the true maximum.
    """
    t = tier_of(tier)
    if turnover_eur is None or (isinstance(turnover_eur, float) and math.isnan(turnover_eur)):
        return edpb.legal_maximum(t, None)
    return edpb.legal_maximum(t, float(turnover_eur))


def turnover_series(df: pd.DataFrame, view: str = "public") -> pd.Series:
    """The turnover (EUR, float, NaN when unknown) each decision is set against in ``view``."""
    _check_view(view)
    _require(df, ["turnover_basis_eur", "turnover_basis_origin"], "turnover_series")
    basis = _float(df["turnover_basis_eur"])
    if view == "decision":
        basis = basis.where(df["turnover_basis_origin"].astype("string") == "decision")
    return basis.rename("turnover_used_eur")


def fines(df: pd.DataFrame) -> pd.DataFrame:
    """The decisions that pronounce a fine (``measure_kind == "fine"`` and a positive amount)."""
    _require(df, ["measure_kind", "fine_eur"], "fines")
    kind = df["measure_kind"].astype("string")
    amount = _float(df["fine_eur"])
    mask = (kind == "fine").fillna(False).to_numpy(bool) & (amount > 0).to_numpy(bool)
    return df.loc[mask].copy()


def add_ratios(df: pd.DataFrame, view: str = "public") -> pd.DataFrame:
    """A copy of ``df`` with the ratios the analysis uses.

    Added columns: ``turnover_used_eur`` and ``turnover_used_origin`` (per ``view``),
    ``legal_max_eur`` (per ``cap_tier``; NaN without a tier), ``legal_max_known`` (False when
    the turnover is unknown and ``legal_max_eur`` is only the fixed floor), ``fine_share_turnover``,
    ``fine_share_legal_max`` (NaN when the maximum is not known exactly), ``fine_per_person``
    (EUR per affected person/account/record, see ``people_affected_unit``), ``year``.
    """
    _require(
        df,
        ["fine_eur", "cap_tier", "people_affected", "decision_date", "turnover_basis_origin"],
        "add_ratios",
    )
    out = df.copy()
    turnover = turnover_series(df, view)
    out["turnover_used_eur"] = turnover
    origin = df["turnover_basis_origin"].astype("string").where(turnover.notna())
    out["turnover_used_origin"] = origin
    fine = _float(df["fine_eur"])
    tiers = df["cap_tier"].astype("string")
    maxima = [
        np.nan if pd.isna(tier) else legal_maximum(None if pd.isna(t) else t, tier)
        for tier, t in zip(tiers, turnover, strict=True)
    ]
    out["legal_max_eur"] = np.array(maxima, dtype=float)
    out["legal_max_known"] = tiers.notna().to_numpy(bool) & turnover.notna().to_numpy(bool)
    out["fine_share_turnover"] = fine / turnover.where(turnover > 0)
    out["fine_share_legal_max"] = (fine / out["legal_max_eur"]).where(out["legal_max_known"])
    people = _float(df["people_affected"])
    out["fine_per_person"] = fine / people.where(people > 0)
    out["year"] = pd.to_datetime(df["decision_date"]).dt.year
    return out


# --------------------------------------------------------------------------------------------
# Descriptive tables
# --------------------------------------------------------------------------------------------


def yearly_summary(df: pd.DataFrame) -> pd.DataFrame:
    """Per year of decision: decisions, fines, total/median/largest fine (EUR)."""
    _require(df, ["decision_date", "fine_eur", "measure_kind"], "yearly_summary")
    years = pd.to_datetime(df["decision_date"]).dt.year.rename("year")
    fined = fines(df)
    fine_years = pd.to_datetime(fined["decision_date"]).dt.year
    amounts = _float(fined["fine_eur"])
    out = pd.DataFrame({"decisions": years.value_counts().sort_index()})
    grouped = amounts.groupby(fine_years)
    out["fines"] = grouped.size()
    out["total_fines_eur"] = grouped.sum()
    out["median_fine_eur"] = grouped.median()
    out["largest_fine_eur"] = grouped.max()
    out["fines"] = out["fines"].fillna(0).astype(int)
    out["total_fines_eur"] = out["total_fines_eur"].fillna(0.0)
    out.index.name = "year"
    return out


_DISPLAY = [
    "decision_id",
    "decision_date",
    "organisation",
    "sector",
    "cap_tier",
    "fine_eur",
    "turnover_used_eur",
    "turnover_used_origin",
    "fine_share_turnover",
    "fine_share_legal_max",
    "people_affected",
]


def top_fines(df: pd.DataFrame, n: int = 10, view: str = "public") -> pd.DataFrame:
    """The ``n`` largest fines with their turnover basis and ratios."""
    table = add_ratios(fines(df), view)
    table = table.assign(_fine=_float(table["fine_eur"]))
    table = table.sort_values(["_fine", "decision_id"], ascending=[False, True]).head(n)
    return table[_DISPLAY].reset_index(drop=True)


def by_group(df: pd.DataFrame, column: str, view: str = "public") -> pd.DataFrame:
    """Fines grouped by ``column`` (e.g. ``cap_tier``, ``sector``, ``data_breach``).

    Columns: number of fines, total, median fine, and the median share of turnover with the
    number of fines it rests on (turnover known in ``view``).
    """
    table = add_ratios(fines(df), view)
    _require(table, [column], "by_group")
    key = table[column].astype("string").fillna("(unknown)")
    fine = _float(table["fine_eur"])
    share = table["fine_share_turnover"]
    out = pd.DataFrame(
        {
            "fines": fine.groupby(key).size(),
            "total_fines_eur": fine.groupby(key).sum(),
            "median_fine_eur": fine.groupby(key).median(),
            "median_share_turnover": share.groupby(key).median(),
            "n_with_turnover": share.notna().groupby(key).sum().astype(int),
        }
    )
    out.index.name = column
    return out.sort_values(["total_fines_eur"], ascending=False)


def coverage(df: pd.DataFrame) -> pd.DataFrame:
    """How many fines have each key fact, and why the missing ones are missing.

    One row per fact: ``known``, ``missing`` (among fines) and a short account of the reasons.
    """
    fined = fines(df)
    n = len(fined)
    rows = []
    origin = fined["turnover_basis_origin"].astype("string")
    redacted = fined["turnover_redacted"].astype("boolean").fillna(False)
    anonymised = fined["organisation_anonymised"].astype("boolean").fillna(False)
    no_turnover = origin.isna()
    rows.append(
        {
            "fact": "turnover stated in the decision",
            "known": int((origin == "decision").sum()),
            "missing": int(n - (origin == "decision").sum()),
            "why missing": (
                f"{int((redacted & (origin != 'decision').fillna(True)).sum())} blacked out "
                "([…]) in the published text; the others state none"
            ),
        }
    )
    rows.append(
        {
            "fact": "turnover basis (decision or public accounts)",
            "known": int((~no_turnover).sum()),
            "missing": int(no_turnover.sum()),
            "why missing": (
                f"{int((no_turnover & anonymised).sum())} anonymised decisions (never "
                f"re-identified); {int((no_turnover & ~anonymised).sum())} named organisations "
                "with no public figure in data/reference/public_turnover.csv"
            ),
        }
    )
    for col, label, why in [
        ("people_affected", "people affected", "the decision gives no count"),
        ("articles_violated", "articles violated", "not read from the operative part"),
        ("cap_tier", "legal-maximum tier", "no article read"),
        ("sector", "sector", "not classified"),
    ]:
        known = int(fined[col].notna().sum())
        rows.append({"fact": label, "known": known, "missing": n - known, "why missing": why})
    return pd.DataFrame(rows).set_index("fact")


def decision_row(df: pd.DataFrame, decision_id: str) -> pd.Series:
    """The row of one decision; KeyError naming the id when it is not in the frame."""
    _require(df, ["decision_id"], "decision_row")
    hits = df.loc[df["decision_id"].astype("string") == decision_id]
    if hits.empty:
        raise KeyError(f"decision {decision_id!r} is not in the dataset")
    return hits.iloc[0]


@dataclass(frozen=True)
class PercentileRank:
    """Where one decision stands among the fines on one measure.

    ``rank`` 1 is the highest value; ``percentile`` is the share (0-100) of the ``n`` fines with
    a value at or below this one.
    """

    decision_id: str
    by: str
    value: float
    rank: int
    n: int
    percentile: float

    def __str__(self) -> str:
        return (
            f"{self.decision_id}: {self.by} = {self.value:,.4g}, rank {self.rank} of {self.n} "
            f"(higher than or equal to {self.percentile:.0f} % of fines)"
        )


RANKABLE = ("fine_eur", "fine_share_turnover", "fine_share_legal_max", "fine_per_person")


def percentile_rank(
    df: pd.DataFrame, decision_id: str = DEDALUS_ID, by: str = "fine_eur", view: str = "public"
) -> PercentileRank:
    """Rank of ``decision_id`` among the fines on ``by`` (one of :data:`RANKABLE`).

    Only fines with a known value of ``by`` take part (``n`` says how many). ValueError when the
    decision has no value for ``by``.
    """
    if by not in RANKABLE:
        raise ValueError(f"cannot rank by {by!r}: expected one of {RANKABLE}")
    table = add_ratios(fines(df), view)
    values = _float(table[by]) if by == "fine_eur" else table[by].astype(float)
    ids = table["decision_id"].astype("string")
    known = values.notna()
    mine = values[ids == decision_id]
    if mine.empty:
        raise KeyError(f"decision {decision_id!r} is not among the fines of the dataset")
    value = float(mine.iloc[0])
    if math.isnan(value):
        raise ValueError(f"decision {decision_id!r} has no value for {by} ({VIEW_LABELS[view]})")
    vals = values[known]
    return PercentileRank(
        decision_id=decision_id,
        by=by,
        value=value,
        rank=int((vals > value).sum()) + 1,
        n=int(known.sum()),
        percentile=float((vals <= value).mean() * 100),
    )


# --------------------------------------------------------------------------------------------
# Models
# --------------------------------------------------------------------------------------------


@dataclass
class ModelResult:
    """An OLS fit of log10(fine) with its sample and its caveats.

    ``table``: coefficient, robust (HC3) standard error, 95 % confidence interval and p-value per
    term. ``n`` decisions were used; ``left_out`` counts the fines left out per reason;
    ``dropped_controls`` maps each requested control that was not used to the reason.
    """

    name: str
    formula: str
    view: str
    n: int
    left_out: dict[str, int]
    table: pd.DataFrame
    r_squared: float
    controls: list[str]
    dropped_controls: dict[str, str]
    notes: list[str] = field(default_factory=list)
    model: object = None

    @property
    def slope(self) -> float:
        """The coefficient of log10 turnover (elasticity of the fine to turnover)."""
        return float(self.table.loc["log_turnover", "coef"])

    @property
    def slope_ci(self) -> tuple[float, float]:
        row = self.table.loc["log_turnover"]
        return float(row["ci_low"]), float(row["ci_high"])

    def sample_text(self) -> str:
        """« n = 18 fines; left out: 12 without turnover » style sentence."""
        parts = [f"{k}: {v}" for k, v in self.left_out.items() if v]
        out = f"n = {self.n} fines ({VIEW_LABELS[self.view]})"
        if parts:
            out += "; left out — " + ", ".join(parts)
        return out

    def describe(self) -> str:
        """A plain-text account: sample, formula, slope with its interval, dropped controls."""
        lo, hi = self.slope_ci
        lines = [
            f"{self.name}: {self.formula}",
            self.sample_text(),
            f"slope on log10 turnover: {self.slope:.2f} (95 % CI {lo:.2f} to {hi:.2f}), "
            f"R² = {self.r_squared:.2f}",
        ]
        lines += [f"control {c} not used: {why}" for c, why in self.dropped_controls.items()]
        lines += self.notes
        return "\n".join(lines)


def _model_frame(df: pd.DataFrame, view: str) -> tuple[pd.DataFrame, dict[str, int]]:
    """Fines with the model columns; rows without a turnover are left out and counted."""
    table = add_ratios(fines(df), view)
    frame = pd.DataFrame(
        {
            "decision_id": table["decision_id"].astype(str).to_numpy(),
            "log_fine": np.log10(_float(table["fine_eur"]).to_numpy()),
            "log_turnover": np.log10(table["turnover_used_eur"].where(lambda s: s > 0)).to_numpy(),
            "data_breach": table["data_breach"]
            .astype("boolean")
            .astype("Float64")
            .to_numpy(float, na_value=np.nan),
            "tier": table["cap_tier"].astype("string").to_numpy(object, na_value=None),
            "year": (table["year"] - table["year"].min()).to_numpy(float),
            "sector": table["sector"].astype("string").to_numpy(object, na_value=None),
            "log_people": np.log10(
                _float(table["people_affected"]).where(lambda s: s > 0)
            ).to_numpy(),
        }
    )
    missing = frame["log_turnover"].isna()
    left_out = {"without turnover": int(missing.sum())}
    return frame.loc[~missing].reset_index(drop=True), left_out


_CONTROL_COLUMN = {
    "data_breach": "data_breach",
    "tier": "tier",
    "year": "year",
    "sector": "sector",
    "people": "log_people",
}
_CONTROL_TERM = {
    "data_breach": "data_breach",
    "tier": "C(tier)",
    "year": "year",  # years since the first decision of the sample
    "sector": "C(sector)",
    "people": "log_people",
}


def _lump(values: pd.Series, min_count: int) -> pd.Series:
    """Categories seen fewer than ``min_count`` times become « other »."""
    counts = values.value_counts()
    rare = counts[counts < min_count].index
    return values.where(~values.isin(rare), "other")


def _select_controls(
    frame: pd.DataFrame, controls: Sequence[str], min_residual_df: int, min_level: int
) -> tuple[pd.DataFrame, list[str], dict[str, str], dict[str, int]]:
    used: list[str] = []
    dropped: dict[str, str] = {}
    extra_left: dict[str, int] = {}
    for control in controls:
        if control not in _CONTROL_COLUMN:
            raise ValueError(f"unknown control {control!r}: expected some of {CONTROLS}")
        col = _CONTROL_COLUMN[control]
        trial = frame.dropna(subset=[col])
        lost = len(frame) - len(trial)
        values = trial[col]
        if control in ("tier", "sector"):
            values = _lump(values.astype(str), min_level)
            trial = trial.assign(**{col: values})
        if values.nunique() < 2:
            dropped[control] = "constant in the sample"
            continue
        if control in ("tier", "sector") and values.value_counts().min() < min_level:
            dropped[control] = f"a category has fewer than {min_level} fines"
            continue
        n_params = 2 + sum(_n_params(trial, c) for c in [*used, control])
        if len(trial) - n_params < min_residual_df:
            dropped[control] = (
                f"too sparse: {len(trial)} fines left"
                + (f" ({lost} without it)" if lost else "")
                + f" for {n_params} coefficients"
            )
            continue
        used.append(control)
        frame = trial
        if lost:
            extra_left[f"without {control}"] = lost
    return frame, used, dropped, extra_left


def _n_params(frame: pd.DataFrame, control: str) -> int:
    col = _CONTROL_COLUMN[control]
    if control in ("tier", "sector"):
        return int(frame[col].nunique()) - 1
    return 1


def fit_ols(
    df: pd.DataFrame,
    controls: Sequence[str] = (),
    view: str = "public",
    min_residual_df: int = 5,
    min_level: int = 3,
) -> ModelResult:
    """OLS of log10(fine) on log10(turnover), optionally with ``controls`` (see :data:`CONTROLS`).

    Robust standard errors (HC3, suited to small samples) and 95 % confidence intervals. Controls
    are added in the order given; one is dropped, with the reason recorded, when it is constant
    in the sample, when a category (tier, sector; rare categories are first lumped into « other »)
    has fewer than ``min_level`` fines, or when it would leave fewer than ``min_residual_df``
    residual degrees of freedom. ``people`` (log10 people affected) also removes the fines
    without a count, which ``left_out`` reports.
    """
    import statsmodels.formula.api as smf

    _check_view(view)
    frame, left_out = _model_frame(df, view)
    if len(frame) < 3:
        raise ValueError(
            f"fit_ols: only {len(frame)} fines with a turnover ({VIEW_LABELS[view]}); "
            "at least 3 are needed"
        )
    frame, used, dropped, extra = _select_controls(frame, controls, min_residual_df, min_level)
    left_out.update(extra)
    terms = ["log_turnover", *(_CONTROL_TERM[c] for c in used)]
    formula = "log_fine ~ " + " + ".join(terms)
    fit = smf.ols(formula, data=frame).fit(cov_type="HC3")
    ci = fit.conf_int(0.05)
    table = pd.DataFrame(
        {
            "coef": fit.params,
            "robust_se": fit.bse,
            "ci_low": ci[0],
            "ci_high": ci[1],
            "p_value": fit.pvalues,
        }
    )
    notes = []
    if len(frame) < 30:
        notes.append(
            f"small sample ({len(frame)} fines): intervals are wide and one decision can move "
            "the slope; read the direction, not the decimals"
        )
    name = "OLS with controls" if controls else "OLS, turnover only"
    return ModelResult(
        name=name,
        formula=formula,
        view=view,
        n=int(fit.nobs),
        left_out=left_out,
        table=table,
        r_squared=float(fit.rsquared),
        controls=used,
        dropped_controls=dropped,
        notes=notes,
        model=fit,
    )


@dataclass
class QuantileResult:
    """Quantile regressions of log10(fine) on log10(turnover), one per quantile."""

    view: str
    n: int
    left_out: dict[str, int]
    quantiles: tuple[float, ...]
    table: pd.DataFrame  # index quantile, columns intercept, slope, slope_ci_low, slope_ci_high
    models: dict[float, object] = field(default_factory=dict)

    def predict(self, turnover_eur: float) -> dict[float, float]:
        """Predicted fine (EUR) at each quantile for ``turnover_eur`` (sorted: no crossing)."""
        x = math.log10(turnover_eur)
        raw = [
            10 ** (self.table.loc[q, "intercept"] + self.table.loc[q, "slope"] * x)
            for q in self.quantiles
        ]
        return dict(zip(self.quantiles, sorted(raw), strict=True))

    def line(self, turnover_eur: np.ndarray) -> pd.DataFrame:
        """Predicted fines along a grid of turnovers, one column per quantile."""
        return pd.DataFrame(
            {q: [self.predict(float(t))[q] for t in turnover_eur] for q in self.quantiles},
            index=pd.Index(turnover_eur, name="turnover_eur"),
        )


def fit_quantiles(
    df: pd.DataFrame, quantiles: Sequence[float] = (0.1, 0.5, 0.9), view: str = "public"
) -> QuantileResult:
    """Quantile regression of log10(fine) on log10(turnover) at each of ``quantiles``.

    With a few dozen fines the 10th and 90th percentile lines rest on two or three decisions
    each: treat them as a rough band, not a prediction interval with guaranteed coverage.
    """
    import statsmodels.formula.api as smf

    _check_view(view)
    qs = tuple(float(q) for q in quantiles)
    if not qs or any(not 0 < q < 1 for q in qs):
        raise ValueError(f"quantiles must be in (0, 1), got {quantiles!r}")
    frame, left_out = _model_frame(df, view)
    if len(frame) < 5:
        raise ValueError(
            f"fit_quantiles: only {len(frame)} fines with a turnover ({VIEW_LABELS[view]}); "
            "at least 5 are needed"
        )
    rows, models = [], {}
    for q in qs:
        fit = smf.quantreg("log_fine ~ log_turnover", frame).fit(q=q, max_iter=5000)
        ci = fit.conf_int(0.05)
        rows.append(
            {
                "quantile": q,
                "intercept": float(fit.params["Intercept"]),
                "slope": float(fit.params["log_turnover"]),
                "slope_ci_low": float(ci.loc["log_turnover", 0]),
                "slope_ci_high": float(ci.loc["log_turnover", 1]),
            }
        )
        models[q] = fit
    table = pd.DataFrame(rows).set_index("quantile")
    return QuantileResult(view, len(frame), left_out, qs, table, models)


@dataclass(frozen=True)
class QuantilePrediction:
    """A precedent interval: predicted fine (EUR) at each quantile, with how it was obtained."""

    quantiles: tuple[float, ...]
    values: tuple[float, ...]
    n: int
    method: str

    def __iter__(self) -> Iterator[float]:
        """Unpack as ``p10, p50, p90 = prediction``."""
        return iter(self.values)

    def as_dict(self) -> dict[float, float]:
        return dict(zip(self.quantiles, self.values, strict=True))


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


def _case_tier(articles: Sequence[str] | None) -> str | None:
    if not articles:
        return None
    tier = edpb.applicable_tier(list(articles))
    return {v.name: k for k, v in _TIERS.items()}[tier.name]


def quantile_prediction(
    df: pd.DataFrame,
    *,
    turnover_eur: float | None,
    articles: Sequence[str] | None = None,
    people_affected: int | None = None,
    quantiles: Sequence[float] = (0.1, 0.5, 0.9),
    view: str = "public",
) -> QuantilePrediction:
    """The CNIL precedent interval for a case: fine quantiles predicted from past decisions.

    With a turnover: quantile regression of log10(fine) on log10(turnover) over the fines with a
    turnover basis. Without one: quantile regression on log10(people affected) when
    ``people_affected`` is given and at least 5 fines have a count, else the plain quantiles of
    past fines in the same legal-maximum tier as ``articles`` (all fines if no tier). Predictions
    are sorted (no quantile crossing).
    """
    qs = tuple(float(q) for q in quantiles)
    if turnover_eur is not None:
        if not math.isfinite(turnover_eur) or turnover_eur <= 0:
            raise ValueError(f"turnover must be a positive amount of euros, got {turnover_eur!r}")
        res = fit_quantiles(df, qs, view)
        pred = res.predict(float(turnover_eur))
        return QuantilePrediction(
            qs,
            tuple(pred[q] for q in qs),
            res.n,
            f"quantile regression of log fine on log turnover ({res.n} fines, {VIEW_LABELS[view]})",
        )
    fined = fines(df)
    amounts = _float(fined["fine_eur"])
    people = _float(fined["people_affected"])
    if people_affected is not None and people_affected > 0 and int(people.notna().sum()) >= 5:
        import statsmodels.api as sm

        ok = people.notna() & (people > 0)
        x = sm.add_constant(np.log10(people[ok].to_numpy()))
        y = np.log10(amounts[ok].to_numpy())
        values: list[float] = []
        for q in qs:
            fit = sm.QuantReg(y, x).fit(q=q, max_iter=5000)
            values.append(10 ** (fit.params[0] + fit.params[1] * math.log10(people_affected)))
        return QuantilePrediction(
            qs,
            tuple(sorted(values)),
            int(ok.sum()),
            f"quantile regression of log fine on log people affected ({int(ok.sum())} fines; "
            "turnover unknown)",
        )
    tier = _case_tier(articles)
    pool = amounts
    label = "all fines"
    if tier is not None:
        same = fined["cap_tier"].astype("string") == tier
        if int(same.sum()) >= 5:
            pool = amounts[same.fillna(False).to_numpy(bool)]
            label = f"fines under {tier}"
    if len(pool) == 0:
        raise ValueError("quantile_prediction: the dataset has no fines")
    quantiles = tuple(float(np.quantile(pool.to_numpy(), q)) for q in qs)
    return QuantilePrediction(
        qs, quantiles, len(pool), f"quantiles of past {label} ({len(pool)}; turnover unknown)"
    )


# --------------------------------------------------------------------------------------------
# Nearest precedents
# --------------------------------------------------------------------------------------------

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


# --------------------------------------------------------------------------------------------
# EDPB method against the CNIL's actual fines
# --------------------------------------------------------------------------------------------


def edpb_vs_actual(df: pd.DataFrame, view: str = "public") -> pd.DataFrame:
    """The EDPB range (Guidelines 04/2022, no aggravating/mitigating factor) for every fine
    with a turnover and a tier, next to the fine the CNIL pronounced.

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
        fine = float(row["fine_eur"])
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
        "turnover_used_eur",
        "turnover_used_origin",
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


# --------------------------------------------------------------------------------------------
# Headline figures
# --------------------------------------------------------------------------------------------


def headline(df: pd.DataFrame, decision_id: str = DEDALUS_ID) -> dict[str, object]:
    """The headline figures of the report, computed from the dataset (nothing typed in).

    Keys: ``decisions``, ``fines``, ``total_fines_eur``, ``first_year``, ``last_year``, for each
    view ``n_with_turnover_<view>`` and ``median_share_turnover_<view>``, and for ``decision_id``
    (Dedalus by default) its ``fine_eur``, ``turnover_eur``, ``turnover_year``,
    ``share_turnover``, ``legal_max_eur``, ``share_legal_max``, ``rank_fine`` / ``n_rank_fine``
    and ``rank_share`` / ``n_rank_share`` (share of turnover, public view).
    """
    fined = fines(df)
    years = pd.to_datetime(df["decision_date"]).dt.year
    out: dict[str, object] = {
        "decisions": len(df),
        "fines": len(fined),
        "total_fines_eur": float(_float(fined["fine_eur"]).sum()),
        "first_year": int(years.min()),
        "last_year": int(years.max()),
    }
    for view in VIEWS:
        share = add_ratios(fined, view)["fine_share_turnover"]
        out[f"n_with_turnover_{view}"] = int(share.notna().sum())
        out[f"median_share_turnover_{view}"] = float(share.median())
    ratios = add_ratios(df, "public")
    me = decision_row(ratios, decision_id)
    out.update(
        decision_id=decision_id,
        organisation=str(me["organisation"]),
        fine_eur=float(me["fine_eur"]),
        turnover_eur=None if pd.isna(me["turnover_used_eur"]) else float(me["turnover_used_eur"]),
        turnover_origin=None if pd.isna(me["turnover_used_origin"]) else me["turnover_used_origin"],
        turnover_year=None if pd.isna(me["turnover_year"]) else int(me["turnover_year"]),
        cap_tier=None if pd.isna(me["cap_tier"]) else str(me["cap_tier"]),
        share_turnover=float(me["fine_share_turnover"]),
        legal_max_eur=float(me["legal_max_eur"]),
        share_legal_max=float(me["fine_share_legal_max"]),
    )
    r_fine = percentile_rank(df, decision_id, "fine_eur")
    r_share = percentile_rank(df, decision_id, "fine_share_turnover")
    out.update(
        rank_fine=r_fine.rank,
        n_rank_fine=r_fine.n,
        rank_share=r_share.rank,
        n_rank_share=r_share.n,
    )
    return out
