"""Models of the fine: OLS of log10(fine) on log10(turnover) with controls, quantile
regressions, and the precedent interval of a case (:func:`quantile_prediction`).

The sample is small (a few dozen fines): every model result carries its ``n`` and notes, and
controls that are constant or too sparse in the sample are dropped with a stated reason.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from cnil_sanctions import law, uncertainty
from cnil_sanctions.analysis.ratios import (
    VIEW_LABELS,
    _check_view,
    _float,
    add_ratios,
    fine_used,
    fines,
)
from cnil_sanctions.uncertainty import Interval

__all__ = [
    "CONTROLS",
    "ModelResult",
    "QuantilePrediction",
    "QuantileResult",
    "fit_ols",
    "prediction_band",
    "size_adjusted_ranks",
    "wild_bootstrap_p",
    "fit_quantiles",
    "quantile_prediction",
]

#: Controls :func:`fit_ols` knows, in the order they are tried.
CONTROLS = ("data_breach", "tier", "year", "sector", "people")
#: Draws of the wild bootstrap of :func:`wild_bootstrap_p`.
WILD_BOOT = 1999
#: Level of the prediction band of :func:`prediction_band` (the 10th-90th percentile range).
BAND_LEVEL = 0.8


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
            "log_fine": np.log10(table["fine_used_eur"].to_numpy(float)),  # after appeal
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


_CATEGORICAL = ("tier", "sector")


def _categories_ok(
    raw: pd.DataFrame, controls: Sequence[str], min_level: int
) -> tuple[pd.DataFrame, tuple[str, str] | None]:
    """``raw`` with its categorical controls lumped (:func:`_lump`), checked on these very rows;
    the second item is ``(control, reason)`` for the first control that fails, else None."""
    out = raw
    for control in controls:
        if control not in _CATEGORICAL:
            continue
        col = _CONTROL_COLUMN[control]
        values = _lump(raw[col].astype(str), min_level)
        out = out.assign(**{col: values})
        if values.nunique() < 2:
            return out, (control, "constant in the sample")
        if values.value_counts().min() < min_level:
            return out, (control, f"a category has fewer than {min_level} fines")
    return out, None


def _select_controls(
    frame: pd.DataFrame, controls: Sequence[str], min_residual_df: int, min_level: int
) -> tuple[pd.DataFrame, list[str], dict[str, str], dict[str, int]]:
    """Add ``controls`` one by one; the category sizes of every categorical control used so far
    are checked again on the rows left AFTER each drop (a control that removes rows may leave a
    category of an earlier one with too few fines: it is then refused)."""
    used: list[str] = []
    dropped: dict[str, str] = {}
    extra_left: dict[str, int] = {}
    raw = frame
    lumped = frame
    for control in controls:
        if control not in _CONTROL_COLUMN:
            raise ValueError(f"unknown control {control!r}: expected some of {CONTROLS}")
        col = _CONTROL_COLUMN[control]
        trial_raw = raw.dropna(subset=[col])
        lost = len(raw) - len(trial_raw)
        if control not in _CATEGORICAL and trial_raw[col].nunique() < 2:
            dropped[control] = "constant in the sample"
            continue
        trial, failure = _categories_ok(trial_raw, [*used, control], min_level)
        if failure is not None:
            which, why = failure
            dropped[control] = (
                why
                if which == control
                else f"leaving out the {lost} fines without it, control {which}: {why}"
            )
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
        raw, lumped = trial_raw, trial
        if lost:
            extra_left[f"without {control}"] = lost
    return lumped, used, dropped, extra_left


def _hc3_t(x: np.ndarray, y: np.ndarray, j: int) -> float:
    """The HC3 t statistic of coefficient ``j`` of the least-squares fit of ``y`` on ``x``."""
    xtx_inv = np.linalg.inv(x.T @ x)
    beta = xtx_inv @ x.T @ y
    resid = y - x @ beta
    h = np.einsum("ij,jk,ik->i", x, xtx_inv, x)
    meat = (x * (resid / (1 - h))[:, None] ** 2).T @ x
    cov = xtx_inv @ meat @ xtx_inv
    return float(beta[j] / math.sqrt(cov[j, j]))


def _hc3_t_many(x: np.ndarray, ys: np.ndarray, j: int) -> np.ndarray:
    """:func:`_hc3_t` for every row of ``ys`` (one response per row) at once: the design ``x``
    is the same for all, so its inverse, hat values and the row of the sandwich are computed
    once (HC3 variance of coefficient j = Σᵢ aᵢ² (eᵢ / (1 − hᵢ))², a = x (XᵀX)⁻¹ eⱼ)."""
    xtx_inv = np.linalg.inv(x.T @ x)
    betas = ys @ (xtx_inv @ x.T).T
    resid = ys - betas @ x.T
    h = np.einsum("ij,jk,ik->i", x, xtx_inv, x)
    a = x @ xtx_inv[:, j]
    var = ((resid / (1 - h)) ** 2) @ (a**2)
    return np.asarray(betas[:, j] / np.sqrt(var))


def wild_bootstrap_p(fit: object, term: str, draws: int = WILD_BOOT, seed: int = 20220415) -> float:
    """Two-sided p-value of ``term`` = 0 by the restricted wild bootstrap (Rademacher weights)
    of the HC3 t statistic — reliable with a dozen observations where the t approximation is
    not (Davidson & Flachaire 2008). ``fit`` is a statsmodels OLS result."""
    model = fit.model  # type: ignore[attr-defined]
    x = np.asarray(model.exog, dtype=float)
    y = np.asarray(model.endog, dtype=float)
    j = list(model.exog_names).index(term)
    t_obs = _hc3_t(x, y, j)
    x0 = np.delete(x, j, axis=1)
    beta0 = np.linalg.lstsq(x0, y, rcond=None)[0]
    fitted0 = x0 @ beta0
    resid0 = y - fitted0
    rng = np.random.default_rng(seed)
    signs = rng.choice((-1.0, 1.0), size=(draws, len(y)))
    stats = _hc3_t_many(x, fitted0 + resid0 * signs, j)
    return float((np.sum(np.abs(stats) >= abs(t_obs)) + 1) / (draws + 1))


def _n_params(frame: pd.DataFrame, control: str) -> int:
    col = _CONTROL_COLUMN[control]
    if control in ("tier", "sector"):
        return int(frame[col].nunique()) - 1
    return 1


def fit_ols(
    df: pd.DataFrame,
    controls: Sequence[str] = (),
    view: str = "undertaking",
    min_residual_df: int = 5,
    min_level: int = 3,
    wild_bootstrap: bool = True,
) -> ModelResult:
    """OLS of log10(fine) on log10(turnover), optionally with ``controls`` (see :data:`CONTROLS`).

    Robust standard errors (HC3, suited to small samples) with Student t critical values
    (``use_t``: p-values and 95 % confidence intervals on ``n - k`` degrees of freedom), and a
    wild-bootstrap p-value for the slope (``wild_bootstrap``). Controls are added in the order
    given; one is dropped, with the reason recorded, when it is constant
    in the sample, when a category (tier, sector; rare categories are first lumped into « other »)
    has fewer than ``min_level`` fines, or when it would leave fewer than ``min_residual_df``
    residual degrees of freedom; category sizes are checked again after every row drop.
    ``people`` (log10 people affected) also removes the fines
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
    fit = smf.ols(formula, data=frame).fit(cov_type="HC3", use_t=True)
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
    table["wild_bootstrap_p"] = np.nan
    if wild_bootstrap:
        table.loc["log_turnover", "wild_bootstrap_p"] = wild_bootstrap_p(fit, "log_turnover")
    notes = [
        f"inference: HC3 standard errors with Student t critical values "
        f"({int(fit.df_resid)} residual degrees of freedom), not the normal approximation"
        + (
            "; wild_bootstrap_p: restricted wild bootstrap (Rademacher, "
            f"{WILD_BOOT} draws) of the HC3 t statistic"
            if wild_bootstrap
            else ""
        )
    ]
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
    notes: list[str] = field(default_factory=list)

    @property
    def finite_intervals(self) -> bool:
        """True when every quantile's slope has a finite 95 % confidence interval."""
        cols = self.table[["slope_ci_low", "slope_ci_high"]].to_numpy(float)
        return bool(np.isfinite(cols).all())

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
    df: pd.DataFrame, quantiles: Sequence[float] = (0.1, 0.5, 0.9), view: str = "undertaking"
) -> QuantileResult:
    """Quantile regression of log10(fine) on log10(turnover) at each of ``quantiles``.

    With a few dozen fines the 10th and 90th percentile lines rest on two or three decisions
    each, and their confidence intervals are often not finite (``notes`` says so): they are
    not a prediction band; :func:`prediction_band` is.
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
    finite = np.isfinite(table[["slope_ci_low", "slope_ci_high"]].to_numpy(float))
    notes = []
    if not finite.all():
        bad = [f"{q:g}" for q, ok in zip(qs, finite.all(axis=1), strict=True) if not ok]
        notes.append(
            f"quantile(s) {', '.join(bad)}: no finite confidence interval for the slope with "
            f"{len(frame)} fines (the kernel estimate of the sparsity fails at the tails): "
            "these lines are not a band; use prediction_band (jackknife+) instead"
        )
    return QuantileResult(view, len(frame), left_out, qs, table, models, notes)


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
    view: str = "undertaking",
) -> QuantilePrediction:
    """The CNIL precedent interval for a case: fine quantiles predicted from past decisions.

    With a turnover and symmetric ``(q, 0.5, 1 - q)`` quantiles: the jackknife+ prediction band
    of level ``1 - 2q`` (:func:`prediction_band`) around the least-squares line of log10(fine)
    on log10(turnover), its centre as the middle value (the line's prediction, a median on the
    log scale if residuals are symmetric); other quantiles: quantile regression. Without one: quantile regression on log10(people affected) when
    ``people_affected`` is given and at least 5 fines have a count, else the plain quantiles of
    past fines in the same legal-maximum tier as ``articles`` (all fines if no tier). Predictions
    are sorted (no quantile crossing).
    """
    qs = tuple(float(q) for q in quantiles)
    if turnover_eur is not None:
        if not math.isfinite(turnover_eur) or turnover_eur <= 0:
            raise ValueError(f"turnover must be a positive amount of euros, got {turnover_eur!r}")
        if len(qs) == 3 and math.isclose(qs[1], 0.5) and math.isclose(qs[0], 1 - qs[2]):
            band = prediction_band(df, float(turnover_eur), view, level=qs[2] - qs[0])
            return QuantilePrediction(
                qs,
                (band.low, band.estimate, band.high),
                band.n,
                f"jackknife+ {band.level * 100:g} % prediction band around the least-squares line of "
                f"log fine on log turnover ({band.n} fines, {VIEW_LABELS[view]})",
            )
        res = fit_quantiles(df, qs, view)
        pred = res.predict(float(turnover_eur))
        return QuantilePrediction(
            qs,
            tuple(pred[q] for q in qs),
            res.n,
            f"quantile regression of log fine on log turnover ({res.n} fines, {VIEW_LABELS[view]})",
        )
    fined = fines(df)
    amounts = fine_used(fined)
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


def _xy(df: pd.DataFrame, view: str) -> tuple[np.ndarray, np.ndarray, pd.DataFrame]:
    frame, _ = _model_frame(df, view)
    return frame["log_turnover"].to_numpy(float), frame["log_fine"].to_numpy(float), frame


def prediction_band(
    df: pd.DataFrame, turnover_eur: float, view: str = "undertaking", level: float = BAND_LEVEL
) -> Interval:
    """The prediction band of a new fine at ``turnover_eur``: jackknife+ on the least-squares
    line of log10(fine) on log10(turnover) over the fines of ``df`` with a turnover in ``view``
    (:func:`cnil_sanctions.uncertainty.jackknife_plus_band`), returned in euros.

    ``level`` 0.8 is the 10th–90th percentile range; its finite-sample coverage is at least
    ``2 * level - 1`` and about ``level`` in practice.
    """
    _check_view(view)
    if not math.isfinite(turnover_eur) or turnover_eur <= 0:
        raise ValueError(f"turnover must be a positive amount of euros, got {turnover_eur!r}")
    x, y, _ = _xy(df, view)
    band = uncertainty.jackknife_plus_band(x, y, math.log10(turnover_eur), level)
    return dataclasses.replace(
        band,
        estimate=10**band.estimate,
        low=10**band.low,
        high=10**band.high,
        method=f"{band.method} of log10 fine on log10 turnover ({VIEW_LABELS[view]})",
    )


def size_adjusted_ranks(df: pd.DataFrame, view: str = "entity") -> pd.DataFrame:
    """Every fine with a turnover in ``view``: its raw rank by share of turnover beside its
    size-adjusted rank (rank of its residual from the log10 fine ~ log10 turnover line).

    Fines grow less than proportionally with turnover (slope < 1), so fine / turnover falls with
    size and ranking by share ranks small firms first by construction; the residual says how
    heavy a fine is *for a firm of that size*. Columns: ``decision_id``, ``fine_used_eur``,
    ``turnover_used_eur``, ``fine_share_turnover``, ``share_rank``, ``residual`` (log10 units:
    +0.3 = twice the line), ``size_adjusted_rank`` (1 = heaviest), ``slope``, ``n``.
    """
    x, y, frame = _xy(df, view)
    if len(x) < 3:
        raise ValueError(f"size_adjusted_ranks: only {len(x)} fines with a turnover")
    slope, intercept = np.polyfit(x, y, 1)
    resid = y - (intercept + slope * x)
    out = pd.DataFrame(
        {
            "decision_id": frame["decision_id"].to_numpy(),
            "fine_used_eur": 10**y,
            "turnover_used_eur": 10**x,
            "fine_share_turnover": 10 ** (y - x),
            "residual": resid,
        }
    )
    out["share_rank"] = out["fine_share_turnover"].rank(ascending=False, method="min").astype(int)
    out["size_adjusted_rank"] = out["residual"].rank(ascending=False, method="min").astype(int)
    out["slope"] = float(slope)
    out["n"] = len(out)
    return out.sort_values("size_adjusted_rank").reset_index(drop=True)
