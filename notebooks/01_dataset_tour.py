# %% [markdown]
# # 1 — A tour of the dataset
#
# One row per sanction decision of the CNIL's *formation restreinte*, read from the official
# French text on Légifrance. Each fact (fine, turnover, articles, people affected, …) comes with
# the sentence it was read from (`<fact>_evidence`), so any figure can be checked against the
# decision itself.

# %%
from IPython.display import Markdown, display

from cnil_sanctions import analysis as A
from cnil_sanctions import plots
from cnil_sanctions.notebook import notebook_setup

df, fines = notebook_setup()

# %% [markdown]
# ## What a row looks like
#
# The reference case, Dedalus Biologie (SAN-2022-009):

# %%
cols = [
    "decision_id",
    "decision_date",
    "organisation",
    "measure_kind",
    "fine_eur",
    "turnover_eur",
    "turnover_year",
    "articles_violated",
    "cap_tier",
    "people_affected",
    "data_breach",
    "sector",
    "source_url",
]
A.decision_row(df, A.DEDALUS_ID)[cols]

# %% [markdown]
# ## Coverage by year
#
# Decisions per year of deliberation, how many impose a fine, and the amounts. A year with few
# decisions is a year with few *published* sanctions in the corpus — not necessarily a quiet year
# for the CNIL (see the caveats at the end).

# %%
A.yearly_summary(df)

# %%
plots.plot_yearly_totals(df)

# %% [markdown]
# The bars use a logarithmic scale: a few very large fines in cookie cases (Google, Amazon,
# Facebook, Microsoft, Apple, TikTok) dominate the yearly totals from 2020 on — check the table above
# for which decisions make up a year. The red bar is Dedalus' fine within its year.
#
# ## What kinds of decisions
#
# Not every sanction is a fine: some are reprimands (*rappel à l'ordre*), decisions on an earlier
# injunction, or the liquidation of a penalty payment.

# %%
df["measure_kind"].value_counts()

# %% [markdown]
# ## The largest fines

# %%
A.top_fines(df, 10)

# %% [markdown]
# ## Fines by legal-maximum tier and by sector

# %%
A.by_group(df, "cap_tier")

# %%
A.by_group(df, "sector")

# %% [markdown]
# ## What is missing, and why
#
# The CNIL frequently blacks out (`[…]`) the turnover of the sanctioned company, and publishes some
# decisions anonymised (« société X »). Where the decision gives no turnover, the dataset adds the
# publicly reported revenue of the company (usually its group), flagged
# `turnover_basis_origin = public_accounts`, with its source and an exact quote — but **never** for
# an anonymised decision: the project does not re-identify companies the CNIL chose not to name.

# %%
A.coverage(df)

# %%
fines["turnover_basis_origin"].value_counts(dropna=False)

# %% [markdown]
# ## How to check a value against its evidence
#
# Every extracted fact has an `_evidence` column holding the exact sentence of the decision it
# was read from. For instance, the fine and the turnover of the reference case:

# %%
row = A.decision_row(df, A.DEDALUS_ID)
for fact in ["fine_eur", "turnover_eur", "people_affected", "articles_violated"]:
    display(Markdown(f"**{fact}** = `{row[fact]}`  \n> {row[fact + '_evidence']}"))

# %% [markdown]
# ## Caveats
#
# - The corpus covers the decisions that were published on Légifrance and captured by the
#   project; the CNIL also imposes sanctions that are never published, and a few published ones may
#   be missing. Totals per year are totals *of this dataset*.
# - Facts are extracted automatically from the French text and checked against a hand-labelled
#   gold set; a value can still be wrong — the evidence sentence lets you verify it.
# - A public-accounts turnover is a group figure from another source, not what the CNIL relied on.
