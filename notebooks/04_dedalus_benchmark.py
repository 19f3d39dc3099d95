# %% [markdown]
# # 4 — One decision against every other: Dedalus Biologie (SAN-2022-009) by default
#
# On 15 April 2022 the CNIL fined Dedalus Biologie, a processor of medical laboratories, after the
# leak of a file listing patients of its clients. This notebook places a fine against the rest of
# the dataset: relative to turnover (the company's own and its undertaking's), relative to the
# legal maximum, its rank, its nearest precedents, what the models fitted on the *other* decisions would have predicted, and the EDPB
# method. All figures are read from the dataset.
#
# **Any decision, or a hypothetical case.** The next cell holds the parameters (papermill
# convention: the cell is tagged `parameters`). Change `decision_id` to benchmark another fine, or
# set it to `None` and describe a case by its turnover, articles and people affected. From the
# command line: `cnil-sanctions report --benchmark SAN-2023-009` writes
# `reports/benchmark_SAN-2023-009.html`, and
# `cnil-sanctions report --case "turnover=16.3M articles=28,29,32 people=491840"` a page for the
# case.

# %%
from IPython.display import Markdown, display

from cnil_sanctions.benchmark import Benchmark, health_and_processors
from cnil_sanctions.notebook import notebook_setup

df, fines = notebook_setup()

# %% tags=["parameters"]
decision_id = "SAN-2022-009"
# a hypothetical case instead (used when decision_id is None):
turnover_eur = None  # e.g. 16.3e6
articles = None  # e.g. ["28", "29", "32"]
people_affected = None  # e.g. 491840

# %%
bench = Benchmark.of(
    df,
    decision_id,
    turnover_eur=turnover_eur,
    articles=articles,
    people_affected=people_affected,
)
display(Markdown(bench.title()))
display(Markdown(bench.summary_markdown()))

# %% [markdown]
# ## Where it stands, on both turnovers
#
# Dedalus Biologie's own turnover (€16.3M, stated in the decision) and its undertaking's — the
# Dedalus group, which the decision says employs about nine hundred people (€461M, public
# accounts, `data/reference/public_turnover.csv`) — tell different stories: the law sets the
# maximum and the EDPB method on the undertaking, « share of the company's turnover » is on the
# entity. For each: the median share over the other fines (95 % interval, n), the decision's raw
# and size-adjusted ranks (95 % intervals), and where its fine falls against the jackknife+ 80 %
# prediction band fitted on the *other* fines — the words are generated from the band's bounds.

# %%
display(Markdown(bench.position_markdown()))

# %% [markdown]
# ## Its ranks
#
# By amount, per person affected, by share of the legal maximum, and by share of each turnover —
# raw, and size-adjusted (rank 1 = highest). Fines grow less than proportionally with turnover
# (slope < 1), so the raw share ranks put small firms first by construction; the size-adjusted
# rank is the one to compare. Each rank gives its 95 % interval and among how many fines.

# %%
print("\n".join(bench.rank_lines()))

# %% [markdown]
# ## Its position on every figure (highlighted in red)
#
# For a hypothetical case: the EDPB ranges and the CNIL precedent band at the case's turnover and
# number of people, against the past fines.

# %%
for figure in bench.figures():
    display(figure)

# %% [markdown]
# ## Its nearest precedents
#
# The past fines most alike the case described by the undertaking's turnover, its articles and
# its people affected — the same function and the same description as `cnil-sanctions estimate`
# (the command below lists these precedents, plus the decision itself). Only the components known
# on both sides are compared (`compared`); a precedent compared on less than half of what the case
# knows ranks after the others and is labelled (`match`). Distance 0 = identical, 1 = unlike on
# every compared component; fines after appeal where ruled (`fine_used_eur`).

# %%
print(bench.estimate_command())
bench.nearest(k=5)

# %% [markdown]
# ## What the models would have predicted
#
# Fitted **without the decision**, then asked about its turnover (each of the two), or, when the
# turnover is unknown, its number of people or its tier: the jackknife+ 80 % prediction band and
# the average line's 90 % prediction interval. Whether the fine is inside or outside each is
# read off the bounds, not judged.

# %%
display(Markdown("\n".join(bench.prediction_lines())))

# %% [markdown]
# ## The EDPB method
#
# The EDPB Guidelines 04/2022 applied to the case on the undertaking's turnover (no aggravating
# or mitigating factor), with the CNIL precedents of the other decisions: what
# `cnil-sanctions estimate` prints. Notebook 5 applies the method to every decision; the
# decision's row of that comparison follows, on the undertaking's turnover (the method's basis)
# and, for comparison only, on the company's own.

# %%
print(bench.edpb_table())

# %%
bench.edpb_comparison()

# %% [markdown]
# ## Health-data cases and processors, side by side
#
# The precedents a reader of the Dedalus case asks about first: every decision in the health
# sector, or where the organisation acted as a processor (GDPR art. 28), with its fine (after
# appeal where ruled: `fine_used_eur`), the fine as a share of the company's own turnover (empty
# where unknown; `share_bound` says when it is only a bound) and the people affected. `why` says
# which criterion selected it. Decisions without a fine are listed too (their fine is empty).

# %%
health_and_processors(df)

# %% [markdown]
# ## Caveats
#
# - The two turnovers can tell different stories (for Dedalus: €16.3M for the company, €461M for
#   the group): the legal maximum and the EDPB method use the undertaking's, « share of the
#   company's turnover » the entity's. Every position above is given on both, with its interval;
#   none is a verdict.
# - Neither the regression nor the EDPB ranges here weigh the circumstances the CNIL considered
#   (nature of the data, duration, cooperation, …): they show where the fine sits, not why.
# - A handful of health and processor decisions is not a sample: read the side-by-side table
#   case by case, with the decisions' texts.
