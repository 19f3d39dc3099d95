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
from cnil_sanctions import plots
from cnil_sanctions.notebook import notebook_setup

df, fines = notebook_setup()

# %% [markdown]
# **Read this first.** The dataset holds a few dozen decisions, of which roughly thirty impose a fine. Every statistic below states on how many fines it rests and how many were left out (no turnover, no count of people). With so few cases a single decision can move a result: read directions and orders of magnitude, not decimals.

# %% [markdown]
# ## Two views of turnover
#
# Many decisions black out the turnover. Every result below is shown twice: with **the turnover
# stated in the decision only**, and with **public accounts filling the gaps** (group revenue, from
# the sources in `data/reference/public_turnover.csv`). If a conclusion holds in both views, it does
# not depend on the public supplement.

# %%
for view in A.VIEWS:
    table = A.add_ratios(fines, view)
    n = int(table["turnover_used_eur"].notna().sum())
    print(f"{A.VIEW_LABELS[view]}: {n} fines with a turnover, {len(table) - n} left out")

# %%
plots.plot_fine_vs_turnover(df, "decision")

# %%
plots.plot_fine_vs_turnover(df, "public")

# %% [markdown]
# **How to read it.** Both axes are logarithmic: each step is ten times larger. Dashed lines are
# 2 % and 4 % of turnover; the solid lines are the legal maxima (the fixed floor of €10M or €20M
# until 2 % / 4 % of turnover exceeds it). A point on a dashed line would be a fine of exactly 2 % or
# 4 % of turnover. Hollow points take their turnover from public accounts. Almost every fine sits
# far below its maximum; small companies sit closer to the percentage lines than large ones.
#
# ## The relation, as a model
#
# An ordinary least-squares regression of the logarithm of the fine on the logarithm of turnover.
# The *slope* reads as: when turnover is ten times larger, the fine is on average 10^slope times
# larger (a slope of 1 would mean fines proportional to turnover; 0, no relation). Standard errors
# are robust to unequal variance (HC3), and the 95 % confidence interval is given.

# %%
simple = {view: A.fit_ols(df, view=view) for view in A.VIEWS}
for m in simple.values():
    print(m.describe(), end="\n\n")

# %%
for m in simple.values():
    lo, hi = m.slope_ci
    display(
        Markdown(
            f"- *{A.VIEW_LABELS[view]}* ({m.n} fines): ten times the turnover goes with "
            f"{10**m.slope:.1f} times the fine (95 % interval {10**lo:.1f} to {10**hi:.1f})."
        )
    )

# %% [markdown]
# ### With controls
#
# The same regression, adding whether the case involves a data breach, the legal-maximum tier, the
# year, the sector and the number of people affected. With so few decisions not every control can be
# estimated: a control that is constant in the sample, has a category with fewer than three fines,
# or would leave too few degrees of freedom is dropped, and the output says which and why.
# Adding the number of people also leaves out the fines without a count.

# %%
controlled = {view: A.fit_ols(df, controls=A.CONTROLS, view=view) for view in A.VIEWS}
for m in controlled.values():
    print(m.describe())
    display(m.table.round(3))

# %% [markdown]
# ## Quantile regression: the typical range, not just the average
#
# The 10th, 50th and 90th percentile lines: for a given turnover, about 10 % of fines fall below the
# first and 10 % above the last. With a few dozen points the outer lines rest on very few decisions;
# treat them as a rough band.

# %%
for view in A.VIEWS:
    q = A.fit_quantiles(df, view=view)
    print(f"{A.VIEW_LABELS[view]}: n = {q.n}, left out {q.left_out}")
    display(q.table.round(3))

# %% [markdown]
# ## Fines against the legal maximum
#
# The fine as a share of turnover and as a share of the legal maximum (only where the turnover, and
# so the maximum, is known).

# %%
plots.plot_share_ecdf(df)

# %%
for view in A.VIEWS:
    t = A.add_ratios(fines, view)
    s, m = t["fine_share_turnover"].dropna(), t["fine_share_legal_max"].dropna()
    print(
        f"{A.VIEW_LABELS[view]}: median fine = {s.median():.3%} of turnover (n = {len(s)}), "
        f"{m.median():.2%} of the legal maximum (n = {len(m)}); largest {m.max():.1%} of the maximum"
    )

# %% [markdown]
# ## Caveats
#
# - Group revenue from public accounts is usually larger than the turnover of the sanctioned
#   entity; it is the basis the GDPR cap refers to (the « undertaking », CJEU C-807/21 *Deutsche
#   Wohnen*), but it is not what the CNIL always stated. That is why both views are shown.
# - The regression describes past practice; it does not say what a fine *should* be.
# - A handful of very large cookie fines (Google, Amazon, Facebook) weigh heavily on any
#   regression; the quantile lines are less sensitive to them than the average line.
