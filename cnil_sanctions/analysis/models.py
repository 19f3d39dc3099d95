"""Models of the fine: OLS of log10(fine) on log10(turnover) with controls, quantile
regressions, and the precedent interval of a case (:func:`quantile_prediction`).

The sample is small (a few dozen fines): every model result carries its ``n`` and notes, and
controls that are constant or too sparse in the sample are dropped with a stated reason.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from cnil_sanctions import law
from cnil_sanctions.analysis.ratios import (
    VIEW_LABELS,
    _check_view,
    _float,
    add_ratios,
    fines,
)

__all__ = [
    "CONTROLS",
    "ModelResult",
    "QuantilePrediction",
    "QuantileResult",
    "fit_ols",
    "fit_quantiles",
    "quantile_prediction",
]

#: Controls :func:`fit_ols` knows, in the order they are tried.
CONTROLS = ("data_breach", "tier", "year", "sector", "people")


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


def _case_tier(articles: Sequence[str] | None) -> str | None:
    if not articles:
        return None
    tier = law.regime_for(list(articles))
    return tier.label if tier else None


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
