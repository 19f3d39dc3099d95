# %% [markdown]
# # 5 — The EDPB method against the CNIL's actual fines
#
# The European Data Protection Board's Guidelines 04/2022 (version 2.1) give a method to compute a
# fine: a starting point set by the seriousness of the infringement (low, medium, high) as a share
# of the legal maximum, reduced for smaller undertakings according to turnover, then adjusted for
# aggravating and mitigating circumstances, and bounded by the legal maximum. Here the method is
# applied to every fine of the dataset with a known turnover, **without** any aggravating or
# mitigating factor (which the project does not assess), and compared with what the CNIL decided.

# %%
import pandas as pd

from cnil_sanctions import analysis as A
from cnil_sanctions import plots
from cnil_sanctions.notebook import notebook_setup

df, fines = notebook_setup()

# %% [markdown]
# **Read this first.** The dataset holds a few dozen decisions, of which roughly thirty impose a fine. Every statistic below states on how many fines it rests and how many were left out (no turnover, no count of people). With so few cases a single decision can move a result: read directions and orders of magnitude, not decimals.

# %%
comparisons = {view: A.edpb_vs_actual(df, view) for view in A.VIEWS}
for view, comp in comparisons.items():
    print(
        f"{A.VIEW_LABELS[view]}: {len(comp)} fines compared, "
        f"{len(fines) - len(comp)} left out (no turnover)"
    )

# %% [markdown]
# The method's basis is the **undertaking's** turnover (GDPR art. 83, the group acting as one
# economic unit: `turnover_cap_basis_eur`, the company's own where the group's is unknown); the other
# views are shown beside it for comparison only.

# %%
plots.plot_edpb_vs_actual(df, "undertaking")

# %% [markdown]
# **How to read it.** For each decision (sorted by turnover), three bars give the EDPB range for a
# low, medium and high seriousness; the dot is the CNIL's fine (hollow when the turnover comes from
# public accounts). The ranges overlap because the turnover adjustment is itself a range.
#
# ## Where the CNIL's fines fall

# %%
pd.DataFrame({A.VIEW_LABELS[v]: A.edpb_vs_actual_summary(c) for v, c in comparisons.items()})

# %%
comparisons["undertaking"][
    [
        "decision_id",
        "organisation",
        "fine_eur",
        "turnover_used_eur",
        "turnover_used_origin",
        "position",
    ]
]

# %% [markdown]
# ## Where Dedalus falls

# %%
pd.DataFrame(
    {
        A.VIEW_LABELS[v]: c.loc[c["decision_id"] == A.DEDALUS_ID].iloc[0]
        for v, c in comparisons.items()
        if (c["decision_id"] == A.DEDALUS_ID).any()
    }
)

# %% [markdown]
# ## Caveats
#
# - No aggravating or mitigating factor is applied: the EDPB ranges here are the ranges *before*
#   step 3, so a fine above the range may reflect aggravating circumstances the CNIL retained.
# - The guidelines date from 2022–2023; most decisions here predate them.
# - Cookie cases (LIL art. 20) fall under French law; the EDPB steps are applied by analogy.
# - For groups above €500M of turnover the range scales with turnover; group revenue from public
#   accounts then drives the result (compare the views). Dedalus' position differs by view: on its
#   own €16.3M the fine is above the high range; on the Dedalus group's €461M (public accounts), the
#   method's basis, it is medium or high.
