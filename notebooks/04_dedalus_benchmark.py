# %% [markdown]
# # 4 — One decision against every other: Dedalus Biologie (SAN-2022-009) by default
#
# On 15 April 2022 the CNIL fined Dedalus Biologie, a processor of medical laboratories, after the
# leak of a file listing patients of its clients. This notebook places a fine against the rest of
# the dataset: relative to turnover, relative to the legal maximum, its rank, its nearest
# precedents, what the models fitted on the *other* decisions would have predicted, and the EDPB
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
# ## Its rank
#
# By amount, by share of turnover, by share of the legal maximum and per person affected (rank 1 =
# highest). Each rank says among how many fines it is computed, and in which turnover view.

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
# The past fines most alike on turnover, people affected, articles violated, sector and breach
# (distance 0 = identical, 1 = unlike on everything). Each line links to the decision text and
# quotes the sentence of the fine.

# %%
bench.nearest(k=5)

# %% [markdown]
# ## What the models would have predicted
#
# The models of notebook 2 fitted **without the decision**, then asked about its turnover (or, when
# the turnover is unknown, its number of people or its tier). If the actual fine lies above the
# predicted 90th percentile, it was heavier, relative to the size of the company, than past
# practice suggests.

# %%
display(Markdown("\n".join(bench.prediction_lines())))

# %% [markdown]
# ## The EDPB method
#
# The EDPB Guidelines 04/2022 applied to the case (no aggravating or mitigating factor), with the
# CNIL precedents of the other decisions: what `cnil-sanctions estimate` prints. Notebook 5
# applies the method to every decision; the decision's row of that comparison follows.

# %%
print(bench.edpb_table())

# %%
bench.edpb_comparison()

# %% [markdown]
# ## Health-data cases and processors, side by side
#
# The precedents a reader of the Dedalus case asks about first: every decision in the health
# sector, or where the organisation acted as a processor (GDPR art. 28), with its fine, the fine
# as a share of turnover (decision figure, else public accounts) and the people affected. `why`
# says which criterion selected it. Decisions without a fine are listed too (their fine is empty).

# %%
health_and_processors(df)

# %% [markdown]
# ## Caveats
#
# - Dedalus' turnover is the entity's own (stated in the decision), while many large fines are
#   set against group revenue from public accounts: compare the two views before concluding.
# - Neither the regression nor the EDPB ranges here weigh the circumstances the CNIL considered
#   (nature of the data, duration, cooperation, …): they show where the fine sits, not why.
# - A handful of health and processor decisions is not a sample: read the side-by-side table
#   case by case, with the decisions' texts.
