# %% [markdown]
# # 3 — Fines against the size of the breach
#
# Do fines grow with the number of people affected? Are data-breach cases fined differently?

# %%
from IPython.display import display

from cnil_sanctions import analysis as A
from cnil_sanctions import plots
from cnil_sanctions.notebook import notebook_setup

df, fines = notebook_setup()

# %% [markdown]
# **Read this first.** The dataset holds a few dozen decisions, of which roughly thirty impose a fine. Every statistic below states on how many fines it rests and how many were left out (no turnover, no count of people). With so few cases a single decision can move a result: read directions and orders of magnitude, not decimals.

# %% [markdown]
# `people_affected` is the headline count the decision gives — people, but sometimes accounts,
# customers, records or images (`people_affected_unit`). Counts of different things are not
# strictly comparable.

# %%
t = A.add_ratios(fines)
with_count = t["people_affected"].notna()
print(f"{int(with_count.sum())} fines with a count, {int((~with_count).sum())} left out (no count)")
t.loc[with_count, "people_affected_unit"].value_counts(dropna=False)

# %%
plots.plot_fine_vs_people(df)

# %% [markdown]
# **How to read it.** One panel per unit of count: people, customers, accounts, devices, records…
# are different things, so they do not share an axis (each panel's title gives its unit and `n`).
# Logarithmic axes; the fine axis is common to all panels. Purple points are cases involving a
# personal-data breach; grey squares, other cases (consent, cookies, rights of individuals, …);
# hollow markers: the decision gives an order of magnitude (« près de », « plus de »). Dedalus
# counts *patients*.
#
# ## Fine per person affected

# %%
per_person = t.loc[
    with_count,
    [
        "decision_id",
        "organisation",
        "fine_eur",
        "people_affected",
        "people_affected_unit",
        "data_breach",
        "fine_per_person",
    ],
]
per_person.sort_values("fine_per_person", ascending=False)

# %% [markdown]
# ## Breach cases against other cases

# %%
A.by_group(df, "data_breach")

# %%
summary = t.groupby(t["data_breach"].astype("boolean").fillna(False))["fine_per_person"].describe()
summary.rename(index={True: "breach case", False: "other case"})

# %% [markdown]
# ## A model: turnover, breach and people together
#
# The regression of notebook 2 with the breach flag and the number of people as controls. Fines
# without a turnover or without a count are left out, so the sample shrinks: the output states
# by how much.

# %%
for view in A.VIEWS:
    m = A.fit_ols(df, controls=["data_breach", "people"], view=view)
    print(m.describe())
    display(m.table.round(3))

# %% [markdown]
# ## Caveats
#
# - The count is the one the decision puts forward; for breaches it is often the number of records
#   exposed, not of people harmed.
# - Breach cases in this dataset are mostly security failures (GDPR art. 32) of smaller
#   organisations; the largest fines concern cookies and consent. The comparison mixes both effects.
