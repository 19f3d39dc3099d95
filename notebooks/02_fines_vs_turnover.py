# %% [markdown]
# # 2 — Fines against turnover
#
# How does the size of a fine relate to the size of the company? And where do fines sit against
# the legal maximum — under GDPR art. 83(4) €10M or 2 % of worldwide turnover, under art. 83(5)
# €20M or 4 %, whichever is higher (the same €10M / 2 % for cookie cases under art. 20 of the
# French Loi Informatique et Libertés)?

# %%
from IPython.display import Markdown, display

from cnil_sanctions import analysis as A
from cnil_sanctions import missingness, plots, uncertainty
from cnil_sanctions.analysis.position import pct
from cnil_sanctions.notebook import notebook_setup

df, fines = notebook_setup()

# %% [markdown]
# **Read this first.** The dataset holds a few dozen decisions, of which a few dozen impose a
# fine. Every statistic below states on how many fines it rests and how many were left out (no
# turnover, no count of people), and every median comes with its 95 % interval. With so few
# cases a single decision can move a result: read directions and orders of magnitude, not
# decimals. Fines are the fines **after appeal** where the Conseil d'État ruled
# (`fine_after_appeal_eur`: e.g. Amazon France Logistique €15M instead of €32M).

# %% [markdown]
# ## Which turnover
#
# The law uses two turnovers, and so does this notebook; every table and figure names its own:
#
# - **the company's own turnover** (*entity*, `turnover_entity_eur`): « the fine as a share of
#   the company's turnover »;
# - **the undertaking's turnover** (*undertaking*, `turnover_cap_basis_eur`): the group acting as
#   one economic unit (CJEU C‑807/21 *Deutsche Wohnen*), the basis of the GDPR caps and of the
#   EDPB method; where the group's figure is unknown the entity's stands in (a lower bound,
#   flagged `cap_scope = entity`).
#
# The former basis (*decision figure, else public accounts*) is kept for comparison.
# « plus de » figures are lower bounds: a share computed on them is an upper bound.

# %%
for view in A.VIEWS:
    table = A.add_ratios(fines, view)
    n = int(table["turnover_used_eur"].notna().sum())
    bounds = int((table["share_bound"] == "upper").sum())
    print(
        f"{A.VIEW_LABELS[view]}: {n} fines with a turnover, {len(table) - n} left out; "
        f"{bounds} shares are upper bounds (« plus de » turnover)"
    )

# %%
plots.plot_fine_vs_turnover(df, "entity")

# %%
plots.plot_fine_vs_turnover(df, "undertaking")

# %% [markdown]
# **How to read it.** Both axes are logarithmic: each step is ten times larger. Dashed lines are
# 2 % and 4 % of turnover; the solid lines are the legal maxima (the fixed floor of €10M or €20M
# until 2 % / 4 % of turnover exceeds it). Hollow points take their turnover from public accounts.
# Almost every fine sits far below its maximum; small companies sit closer to the percentage
# lines than large ones.
#
# ## The median share of turnover, with its interval
#
# The distribution-free (order-statistic) 95 % interval of the median, and a percentile-bootstrap
# interval for comparison. The intervals of the two turnovers barely overlap, and each is wide.

# %%
rows = []
for view in A.VIEWS:
    share = A.add_ratios(fines, view)["fine_share_turnover"].to_numpy(float)
    exact = uncertainty.median_ci(share)
    boot = uncertainty.bootstrap_ci(share)
    rows.append(
        f"- *{A.VIEW_LABELS[view]}*: median {exact.format(pct)}; bootstrap {boot.format(pct)}"
    )
display(Markdown("\n".join(rows)))

# %% [markdown]
# ## The relation, as a model
#
# An ordinary least-squares regression of the logarithm of the fine on the logarithm of turnover.
# The *slope* reads as: when turnover is ten times larger, the fine is on average 10^slope times
# larger (a slope of 1 would mean fines proportional to turnover; 0, no relation). Standard errors
# are robust to unequal variance (HC3) and, with so few fines, tested against Student's t (not
# the normal); the column `wild_bootstrap_p` is a restricted wild-bootstrap p-value for the slope,
# which does not rely on that approximation.

# %%
simple = {view: A.fit_ols(df, view=view) for view in ("entity", "undertaking")}
for m in simple.values():
    print(m.describe(), end="\n\n")

# %%
for view, m in simple.items():
    lo, hi = m.slope_ci
    display(
        Markdown(
            f"- *{A.VIEW_LABELS[view]}* ({m.n} fines): ten times the turnover goes with "
            f"{10**m.slope:.1f} times the fine (95 % interval {10**lo:.1f} to {10**hi:.1f}); "
            f"the slope {m.slope:.2f} is below 1, so the *share* of turnover falls with size."
        )
    )

# %% [markdown]
# ### With controls
#
# The same regression, adding whether the case involves a data breach, the legal-maximum tier, the
# year, the sector and the number of people affected. A control that is constant in the sample,
# has a category with fewer than three fines — checked again after every control that leaves
# fines out — or would leave too few degrees of freedom is dropped, and the output says which
# and why. Adding the number of people also leaves out the fines without a count.

# %%
controlled = {
    view: A.fit_ols(df, controls=A.CONTROLS, view=view) for view in ("entity", "undertaking")
}
for m in controlled.values():
    print(m.describe())
    display(m.table.round(3))

# %% [markdown]
# ## A prediction band, not quantile lines
#
# The 10th and 90th percentile regression lines rest on two or three fines each, and their
# confidence intervals are not finite with this few fines (the notes below say so when it
# happens): they are not a band. The band used in the benchmark (notebook 4) is the jackknife+
# 80 % prediction interval around the least-squares line (Barber et al. 2021): refit without each
# fine in turn, and take the spread of the left-out errors.

# %%
for view in ("entity", "undertaking"):
    q = A.fit_quantiles(df, view=view)
    print(f"{A.VIEW_LABELS[view]}: quantile regression, n = {q.n}")
    print("\n".join(q.notes) or "every slope has a finite 95 % interval")
    display(q.table.round(3))
    for t in (1e7, 1e9, 1e11):
        band = A.prediction_band(df, t, view)
        print(f"  jackknife+ at €{t:,.0f}: {band.format(lambda x: f'€{x:,.0f}')}")

# %% [markdown]
# ## Ranking by share of turnover ranks by size
#
# Because the slope is below 1, a small company's fine is a larger share of its turnover than a
# large company's fine of the same weight: ranking by share puts the smallest firms first by
# construction. The size-adjusted rank ranks the residual from the log-log line instead (how much
# heavier the fine is than the line predicts for a firm of that size). Both, on the company's own
# turnover:

# %%
A.size_adjusted_ranks(df, "entity").merge(
    fines[["decision_id", "organisation"]], on="decision_id"
).round(4)

# %% [markdown]
# ## Which fines lack a turnover, and how they differ
#
# The CNIL blacks out the turnover in many decisions and public accounts fill the gap only for
# named (mostly large) companies. The fines with a turnover are therefore not a random sample.
# Per group: number of fines, median fine with its interval, median staff, legal persons; the
# last row tests (Mann–Whitney U) whether fines with and without a turnover differ in amount.

# %%
for column, label in (
    ("turnover_cap_basis_eur", "the undertaking's turnover"),
    ("turnover_entity_eur", "the company's own turnover"),
):
    print(label)
    display(missingness.compare_missing(df, column))

# %% [markdown]
# ### How much the headline median depends on the gap
#
# Bounds on the median share over **all** fines (partial identification): with no assumption a
# missing share may be anything from 0 to +∞; with the size-bracket assumption, a missing
# turnover lies in the bracket its staff count suggests (EU SME ceilings — an assumption, not a
# fact). The wider the bounds, the more the complete-case median depends on who is missing.

# %%
lines = []
for column in ("turnover_entity_eur", "turnover_cap_basis_eur"):
    for use_staff in (False, True):
        lines.append("- " + missingness.median_share_bounds(df, column, use_staff).format())
display(Markdown("\n".join(lines)))

# %% [markdown]
# ## Fines against the legal maximum
#
# The fine as a share of the legal maximum, computed on the undertaking's turnover (the
# maximum's legal basis), only where that turnover — and so the maximum — is known.

# %%
plots.plot_share_ecdf(df)

# %%
t = A.add_ratios(fines, A.CAP_BASIS)
of_max = uncertainty.median_ci(t["fine_share_legal_max"].to_numpy(float))
fallback = int((t["cap_scope"] == "entity").sum())
display(
    Markdown(
        f"Median fine = **{of_max.format(pct)}** of the legal maximum (undertaking's "
        f"turnover; for {fallback} fines the group's is unknown and the entity's stands in, so "
        f"their maximum is a lower bound); largest {t['fine_share_legal_max'].max():.1%}."
    )
)

# %% [markdown]
# ## Caveats
#
# - The undertaking's turnover is, for most large companies, a group figure from public accounts;
#   the company's own turnover is mostly what the decision states. The two describe different
#   things and the law uses each for a different purpose: compare them, don't mix them.
# - The regression describes past practice; it does not say what a fine *should* be.
# - A handful of very large cookie fines (Google, Amazon, Facebook) weigh heavily on any
#   regression; the jackknife+ band accounts for that by leaving each fine out in turn.
