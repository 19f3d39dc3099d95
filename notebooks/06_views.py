# %% [markdown]
# # 6 — The views analysts expect
#
# Fines by article, cookie cases against GDPR cases, sectors over the years, repeat offenders,
# and the time from the CNIL's inspection to its decision. Each table comes from one function of
# `cnil_sanctions.views`, and gives its `n` with every median or share: a median of five fines
# comes with an interval that says how little it pins down.

# %%
from cnil_sanctions import load_articles, plots, views
from cnil_sanctions.notebook import notebook_setup

df, fines = notebook_setup()

# %% [markdown]
# **Read this first.** The dataset holds a few dozen decisions, of which roughly fifty impose a
# fine. Medians come with their distribution-free 95 % confidence interval (order statistics;
# with five values or fewer the interval is the range and its coverage is lower, as
# `median_ci_level` says); shares come with their exact (Clopper–Pearson) 95 % interval. Years
# where the full texts hold less than the CNIL's official total are incomplete (notebook 1): a
# count per year is a count *of this dataset*.
#
# ## Fines by article
#
# One row per article found violated (paragraphs merged: `GDPR 5(1)(c)` counts as `GDPR 5`),
# from the long articles table (`load_articles()`, one row per decision × article). A decision
# that breaches several articles counts under each: the rows do not add up to the number of
# decisions.

# %%
articles = load_articles()
by_article = views.fines_by_article(df, articles)
by_article.head(15)

# %% [markdown]
# The same table for the data-breach cases only (`data_breach` is carried by the long table):

# %%
views.fines_by_article(df, articles[articles["data_breach"].fillna(False).astype(bool)]).head(8)

# %% [markdown]
# ## Cookie cases against GDPR cases
#
# Cookie and e-marketing cases (LIL art. 82, whose fines are capped by LIL art. 20 III:
# `cap_tier == "LIL 20"`) against GDPR cases, per year: number of fines, the kind's share of the
# year's fines with its interval, total and median.

# %%
views.cookie_vs_gdpr(df)

# %%
plots.plot_yearly_totals(df)

# %% [markdown]
# **How to read it.** Linear scale: a bar's height is the year's total. Green: cookie and
# e-marketing fines, blue: GDPR fines, grey: fines whose tier was not read. Hatched bars: years
# the data holds incompletely (named in the caption); the black line over each year is the
# CNIL's own official total, where a stored source gives it.
#
# ## Sectors over the years

# %%
views.sector_summary(df)

# %%
views.sector_by_year(df)

# %% [markdown]
# ## Repeat offenders
#
# Organisations in more than one decision, grouped by a key read from their name (the first
# distinctive word: check the names it groups). Anonymised parties (« société X ») are never
# grouped. An *injunction obeyed* is a follow-up decision closing an injunction without
# liquidating the penalty (« non-lieu à liquidation »); a *penalty liquidated* is one where the
# CNIL collected it.

# %%
views.repeat_offender_summary(df)

# %%
views.repeat_offenders(df)

# %% [markdown]
# ## From the inspection to the decision
#
# `inspection_date` is the earliest inspection (online, on site, on documents) the decision
# dates, read by `cnil_sanctions.extract.timeline` with its sentence as evidence
# (`inspection_date_evidence`). Decisions that date no inspection are counted as *undated*;
# follow-ups of injunctions and formal-notice publications are left out (their inspection belongs
# to an earlier procedure). Days are calendar days from the inspection to the decision.

# %%
views.time_to_decision_summary(df)

# %%
views.time_to_decision(df).tail(10)
