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
from cnil_sanctions import coverage, load_articles, load_sanctions_list, plots
from cnil_sanctions.notebook import notebook_setup
from cnil_sanctions.plots_coverage import plot_coverage

df, fines = notebook_setup()

# %% [markdown]
# The file the frame was read from (the shipped dataset, or `CNIL_SANCTIONS_DATA`):

# %%
df.attrs["source_path"]

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
# ## Coverage by year, against the CNIL's official figures
#
# Decisions per year of deliberation, how many impose a fine, and the amounts. A year with few
# decisions is a year with few *published* sanctions in the corpus — not necessarily a quiet year
# for the CNIL. The CNIL's own yearly figures (`data/reference/cnil_official_yearly.csv`, each
# with its source and quote) say how much of each year the full texts hold.

# %%
A.yearly_summary(df)

# %%
cov = coverage.coverage_by_year(df)
print(coverage.coverage_sentence(cov))
display(cov)

# %%
plot_coverage(df, cov)

# %%
plots.plot_yearly_totals(df, coverage=cov)

# %% [markdown]
# **How to read it.** A linear scale: a bar's height is the year's total. Green: cookie and
# e-marketing fines (capped by LIL art. 20 III), blue: GDPR fines, grey: no tier read. A few very
# large cookie fines (Google, Amazon, Facebook, Microsoft, Apple, TikTok) make up most of the
# totals from 2020 on. Hatched bars: incomplete years (named in the caption); the black line over
# each year: the CNIL's official total. The thin red bar is Dedalus' fine within its year.
#
# ## The CNIL's list of its sanctions
#
# The CNIL publishes a table of its sanctions, including those pronounced under the simplified
# procedure whose full text is never published. `load_sanctions_list()` reads it: one row per
# sanction, with `link_status` saying whether a full-text decision of the dataset matches it.

# %%
sanctions_list = load_sanctions_list()
print(f"{len(sanctions_list)} rows; link status:")
print(sanctions_list["link_status"].value_counts().to_string())
sanctions_list.head(8)

# %% [markdown]
# ## What kinds of decisions
#
# Not every sanction is a fine: some are reprimands (*rappel à l'ordre*), decisions on an earlier
# injunction, or the liquidation of a penalty payment.

# %%
df["measure_kind"].value_counts()

# %% [markdown]
# The `formal_notice_publication` rows (MEDP-…) are bureau decisions to make a formal notice
# public: they are kept as what they are, but they are **not sanctions**. Counting sanctions
# means leaving them out:

# %%
sanctions = df[df["measure_kind"] != "formal_notice_publication"]
print(f"{len(df)} rows, of which {len(sanctions)} sanction decisions")

# %% [markdown]
# ## The largest fines

# %%
A.top_fines(df, 10)

# %% [markdown]
# A fine may have been reduced on appeal before the Conseil d'État: `fine_after_appeal_eur`,
# with the ruling's source, where one was found.

# %%
df.loc[
    df["fine_after_appeal_eur"].notna(),
    [
        "decision_id",
        "organisation",
        "fine_eur",
        "fine_after_appeal_eur",
        "appeal_reference",
        "appeal_outcome",
        "fine_after_appeal_source",
    ],
]

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
# ## The long tables
#
# The multi-valued cells (`articles_violated`, `fines_by_entity`, `turnover_figures`) also come
# as tidy tables, one row per element with its evidence sentence. Every decision that breached
# GDPR art. 32 (security) in a data-breach case is one filter:

# %%
arts = load_articles()
breach_32 = arts[(arts["base_article"] == "GDPR 32") & arts["data_breach"].fillna(False)]
print(f"{breach_32['decision_id'].nunique()} decisions")
breach_32[["decision_id", "article", "decision_date", "evidence"]].head(8)

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
