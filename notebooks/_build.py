"""Write the notebooks of this folder from the cell lists below (outputs cleared).

Run ``.venv/bin/python notebooks/_build.py`` after editing a cell here; commit the .ipynb files
as written (no outputs: ``cnil-sanctions report`` executes them). The logic lives in
``cnil_sanctions.analysis`` / ``cnil_sanctions.plots``; the cells only call it and explain it.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent

SETUP = """\
%matplotlib inline
import pandas as pd
from IPython.display import Markdown, display

from cnil_sanctions import analysis as A, load_sanctions, plots

pd.set_option("display.width", 160, "display.max_colwidth", 60)
df = load_sanctions()
fines = A.fines(df)
print(f"{len(df)} decisions, {len(fines)} fines")"""

CAVEAT_SAMPLE = (
    "**Read this first.** The dataset holds a few dozen decisions, of which roughly thirty "
    "impose a fine. Every statistic below states on how many fines it rests and how many were "
    "left out (no turnover, no count of people). With so few cases a single decision can move a "
    "result: read directions and orders of magnitude, not decimals."
)


def md(text: str) -> nbformat.NotebookNode:
    return new_markdown_cell(text.strip())


def code(text: str) -> nbformat.NotebookNode:
    return new_code_cell(text.strip())


NB01 = [
    md(
        """
# 1 — A tour of the dataset

One row per sanction decision of the CNIL's *formation restreinte*, read from the official
French text on Légifrance. Each fact (fine, turnover, articles, people affected, …) comes with
the sentence it was read from (`<fact>_evidence`), so any figure can be checked against the
decision itself.
"""
    ),
    code(SETUP),
    md("## What a row looks like\n\nThe reference case, Dedalus Biologie (SAN-2022-009):"),
    code(
        """
cols = ["decision_id", "decision_date", "organisation", "measure_kind", "fine_eur",
        "turnover_eur", "turnover_year", "articles_violated", "cap_tier",
        "people_affected", "data_breach", "sector", "source_url"]
A.decision_row(df, A.DEDALUS_ID)[cols]
"""
    ),
    md(
        """
## Coverage by year

Decisions per year of deliberation, how many impose a fine, and the amounts. A year with few
decisions is a year with few *published* sanctions in the corpus — not necessarily a quiet year
for the CNIL (see the caveats at the end).
"""
    ),
    code("A.yearly_summary(df)"),
    code("plots.plot_yearly_totals(df)"),
    md(
        """
The bars use a logarithmic scale: a few very large fines in cookie cases (Google, Amazon,
Facebook, Microsoft, Apple, TikTok) dominate the yearly totals from 2020 on — check the table above
for which decisions make up a year. The red bar is Dedalus' fine within its year.

## What kinds of decisions

Not every sanction is a fine: some are reprimands (*rappel à l'ordre*), decisions on an earlier
injunction, or the liquidation of a penalty payment.
"""
    ),
    code("df['measure_kind'].value_counts()"),
    md("## The largest fines"),
    code("A.top_fines(df, 10)"),
    md("## Fines by legal-maximum tier and by sector"),
    code("A.by_group(df, 'cap_tier')"),
    code("A.by_group(df, 'sector')"),
    md(
        """
## What is missing, and why

The CNIL frequently blacks out (`[…]`) the turnover of the sanctioned company, and publishes some
decisions anonymised (« société X »). Where the decision gives no turnover, the dataset adds the
publicly reported revenue of the company (usually its group), flagged
`turnover_basis_origin = public_accounts`, with its source and an exact quote — but **never** for
an anonymised decision: the project does not re-identify companies the CNIL chose not to name.
"""
    ),
    code("A.coverage(df)"),
    code("fines['turnover_basis_origin'].value_counts(dropna=False)"),
    md(
        """
## How to check a value against its evidence

Every extracted fact has an `_evidence` column holding the exact sentence of the decision it
was read from. For instance, the fine and the turnover of the reference case:
"""
    ),
    code(
        """
row = A.decision_row(df, A.DEDALUS_ID)
for fact in ["fine_eur", "turnover_eur", "people_affected", "articles_violated"]:
    display(Markdown(f"**{fact}** = `{row[fact]}`  \\n> {row[fact + '_evidence']}"))
"""
    ),
    md(
        """
## Caveats

- The corpus covers the decisions that were published on Légifrance and captured by the
  project; the CNIL also imposes sanctions that are never published, and a few published ones may
  be missing. Totals per year are totals *of this dataset*.
- Facts are extracted automatically from the French text and checked against a hand-labelled
  gold set; a value can still be wrong — the evidence sentence lets you verify it.
- A public-accounts turnover is a group figure from another source, not what the CNIL relied on.
"""
    ),
]

NB02 = [
    md(
        """
# 2 — Fines against turnover

How does the size of a fine relate to the size of the company? And where do fines sit against
the legal maximum — under GDPR art. 83(4) €10M or 2 % of worldwide turnover, under art. 83(5)
€20M or 4 %, whichever is higher (the same €10M / 2 % for cookie cases under art. 20 of the
French Loi Informatique et Libertés)?
"""
    ),
    code(SETUP),
    md(CAVEAT_SAMPLE),
    md(
        """
## Two views of turnover

Many decisions black out the turnover. Every result below is shown twice: with **the turnover
stated in the decision only**, and with **public accounts filling the gaps** (group revenue, from
the sources in `data/reference/public_turnover.csv`). If a conclusion holds in both views, it does
not depend on the public supplement.
"""
    ),
    code(
        """
for view in A.VIEWS:
    table = A.add_ratios(fines, view)
    n = int(table["turnover_used_eur"].notna().sum())
    print(f"{A.VIEW_LABELS[view]}: {n} fines with a turnover, {len(table) - n} left out")
"""
    ),
    code("plots.plot_fine_vs_turnover(df, 'decision')"),
    code("plots.plot_fine_vs_turnover(df, 'public')"),
    md(
        """
**How to read it.** Both axes are logarithmic: each step is ten times larger. Dashed lines are
2 % and 4 % of turnover; the solid lines are the legal maxima (the fixed floor of €10M or €20M
until 2 % / 4 % of turnover exceeds it). A point on a dashed line would be a fine of exactly 2 % or
4 % of turnover. Hollow points take their turnover from public accounts. Almost every fine sits
far below its maximum; small companies sit closer to the percentage lines than large ones.

## The relation, as a model

An ordinary least-squares regression of the logarithm of the fine on the logarithm of turnover.
The *slope* reads as: when turnover is ten times larger, the fine is on average 10^slope times
larger (a slope of 1 would mean fines proportional to turnover; 0, no relation). Standard errors
are robust to unequal variance (HC3), and the 95 % confidence interval is given.
"""
    ),
    code(
        """
simple = {view: A.fit_ols(df, view=view) for view in A.VIEWS}
for view, m in simple.items():
    print(m.describe(), end="\\n\\n")
"""
    ),
    code(
        """
for view, m in simple.items():
    lo, hi = m.slope_ci
    display(Markdown(
        f"- *{A.VIEW_LABELS[view]}* ({m.n} fines): ten times the turnover goes with "
        f"{10 ** m.slope:.1f} times the fine (95 % interval {10 ** lo:.1f} to {10 ** hi:.1f})."
    ))
"""
    ),
    md(
        """
### With controls

The same regression, adding whether the case involves a data breach, the legal-maximum tier, the
year, the sector and the number of people affected. With so few decisions not every control can be
estimated: a control that is constant in the sample, has a category with fewer than three fines,
or would leave too few degrees of freedom is dropped, and the output says which and why.
Adding the number of people also leaves out the fines without a count.
"""
    ),
    code(
        """
controlled = {view: A.fit_ols(df, controls=A.CONTROLS, view=view) for view in A.VIEWS}
for view, m in controlled.items():
    print(m.describe())
    display(m.table.round(3))
"""
    ),
    md(
        """
## Quantile regression: the typical range, not just the average

The 10th, 50th and 90th percentile lines: for a given turnover, about 10 % of fines fall below the
first and 10 % above the last. With a few dozen points the outer lines rest on very few decisions;
treat them as a rough band.
"""
    ),
    code(
        """
for view in A.VIEWS:
    q = A.fit_quantiles(df, view=view)
    print(f"{A.VIEW_LABELS[view]}: n = {q.n}, left out {q.left_out}")
    display(q.table.round(3))
"""
    ),
    md(
        """
## Fines against the legal maximum

The fine as a share of turnover and as a share of the legal maximum (only where the turnover, and
so the maximum, is known).
"""
    ),
    code("plots.plot_share_ecdf(df)"),
    code(
        """
for view in A.VIEWS:
    t = A.add_ratios(fines, view)
    s, m = t["fine_share_turnover"].dropna(), t["fine_share_legal_max"].dropna()
    print(f"{A.VIEW_LABELS[view]}: median fine = {s.median():.3%} of turnover (n = {len(s)}), "
          f"{m.median():.2%} of the legal maximum (n = {len(m)}); largest {m.max():.1%} of the maximum")
"""
    ),
    md(
        """
## Caveats

- Group revenue from public accounts is usually larger than the turnover of the sanctioned
  entity; it is the basis the GDPR cap refers to (the « undertaking », CJEU C-807/21 *Deutsche
  Wohnen*), but it is not what the CNIL always stated. That is why both views are shown.
- The regression describes past practice; it does not say what a fine *should* be.
- A handful of very large cookie fines (Google, Amazon, Facebook) weigh heavily on any
  regression; the quantile lines are less sensitive to them than the average line.
"""
    ),
]

NB03 = [
    md(
        """
# 3 — Fines against the size of the breach

Do fines grow with the number of people affected? Are data-breach cases fined differently?
"""
    ),
    code(SETUP),
    md(CAVEAT_SAMPLE),
    md(
        """
`people_affected` is the headline count the decision gives — people, but sometimes accounts,
customers, records or images (`people_affected_unit`). Counts of different things are not
strictly comparable.
"""
    ),
    code(
        """
t = A.add_ratios(fines)
with_count = t["people_affected"].notna()
print(f"{int(with_count.sum())} fines with a count, {int((~with_count).sum())} left out (no count)")
t.loc[with_count, "people_affected_unit"].value_counts(dropna=False)
"""
    ),
    code("plots.plot_fine_vs_people(df)"),
    md(
        """
**How to read it.** Logarithmic axes again. Purple points are cases involving a personal-data
breach; grey squares, other cases (consent, cookies, rights of individuals, …). The label gives
Dedalus' fine per affected person.

## Fine per person affected
"""
    ),
    code(
        """
per_person = t.loc[with_count, ["decision_id", "organisation", "fine_eur", "people_affected",
                                "people_affected_unit", "data_breach", "fine_per_person"]]
per_person.sort_values("fine_per_person", ascending=False)
"""
    ),
    md("## Breach cases against other cases"),
    code("A.by_group(df, 'data_breach')"),
    code(
        """
summary = t.groupby(t["data_breach"].astype("boolean").fillna(False))["fine_per_person"].describe()
summary.rename(index={True: "breach case", False: "other case"})
"""
    ),
    md(
        """
## A model: turnover, breach and people together

The regression of notebook 2 with the breach flag and the number of people as controls. Fines
without a turnover or without a count are left out, so the sample shrinks: the output states
by how much.
"""
    ),
    code(
        """
for view in A.VIEWS:
    m = A.fit_ols(df, controls=["data_breach", "people"], view=view)
    print(m.describe())
    display(m.table.round(3))
"""
    ),
    md(
        """
## Caveats

- The count is the one the decision puts forward; for breaches it is often the number of records
  exposed, not of people harmed.
- Breach cases in this dataset are mostly security failures (GDPR art. 32) of smaller
  organisations; the largest fines concern cookies and consent. The comparison mixes both effects.
"""
    ),
]

NB04 = [
    md(
        """
# 4 — Dedalus Biologie (SAN-2022-009) against every other decision

On 15 April 2022 the CNIL fined Dedalus Biologie, a processor of medical laboratories, after the
leak of a file listing patients of its clients. This notebook places that fine against the rest
of the dataset: relative to turnover, relative to the legal maximum, its rank, its nearest
precedents, and what the models fitted on the *other* decisions would have predicted.
All figures are read from the dataset.
"""
    ),
    code(SETUP),
    code(
        """
h = A.headline(df, A.DEDALUS_ID)
row = A.decision_row(df, A.DEDALUS_ID)
display(Markdown(
    f"**{h['organisation']}** — fine **€{h['fine_eur']:,.0f}**, tier {h['cap_tier']}, "
    f"turnover €{h['turnover_eur']:,.0f} ({h['turnover_year']}, origin: {h['turnover_origin']}), "
    f"{int(row['people_affected']):,} {row['people_affected_unit']} affected, "
    f"articles {row['articles_violated']}.\\n\\n"
    f"The fine is **{h['share_turnover']:.1%} of that turnover** and "
    f"**{h['share_legal_max']:.1%} of the legal maximum** (€{h['legal_max_eur']:,.0f})."
))
"""
    ),
    md(
        """
## Its rank

By amount, by share of turnover, by share of the legal maximum and per person affected (rank 1 =
highest). Each rank says among how many fines it is computed.
"""
    ),
    code(
        """
for by in A.RANKABLE:
    for view in A.VIEWS:
        if by in ("fine_eur", "fine_per_person") and view == "decision":
            continue
        print(A.percentile_rank(df, A.DEDALUS_ID, by=by, view=view),
              "" if by in ("fine_eur", "fine_per_person") else f"[{A.VIEW_LABELS[view]}]")
"""
    ),
    md("## Its position on every figure (highlighted in red)"),
    code("plots.plot_fine_vs_turnover(df, 'decision')"),
    code("plots.plot_fine_vs_turnover(df, 'public')"),
    code("plots.plot_share_ecdf(df)"),
    code("plots.plot_fine_vs_people(df)"),
    code("plots.plot_yearly_totals(df)"),
    md(
        """
## Its nearest precedents

The past fines most alike Dedalus on turnover, people affected, articles violated, sector and
breach (distance 0 = identical, 1 = unlike on everything). Each line links to the decision text and
quotes the sentence of the fine.
"""
    ),
    code("A.nearest_precedents(df, A.DEDALUS_ID, k=5)"),
    md(
        """
## What the models would have predicted

The models of notebook 2 fitted **without Dedalus**, then asked about Dedalus' turnover. If the
actual fine lies above the predicted 90th percentile, Dedalus was fined more heavily, relative to
its size, than past practice suggests.
"""
    ),
    code(
        """
others = df[df["decision_id"] != A.DEDALUS_ID]
for view in A.VIEWS:
    pred = A.quantile_prediction(others, turnover_eur=h["turnover_eur"],
                                 articles=row["articles_violated"].split(";"),
                                 people_affected=int(row["people_affected"]), view=view)
    p10, p50, p90 = pred
    where = "above" if h["fine_eur"] > p90 else "below" if h["fine_eur"] < p10 else "within"
    display(Markdown(
        f"- *{A.VIEW_LABELS[view]}*: 10th / 50th / 90th percentile €{p10:,.0f} / €{p50:,.0f} / "
        f"€{p90:,.0f} ({pred.method}); the actual €{h['fine_eur']:,.0f} is **{where}** the band."
    ))
"""
    ),
    code(
        """
import numpy as np
for view in A.VIEWS:
    m = A.fit_ols(others, view=view)
    fit = m.model
    p = fit.get_prediction(pd.DataFrame({"log_turnover": [np.log10(h["turnover_eur"])]}))
    ci = p.conf_int(obs=True, alpha=0.1)[0]
    print(f"{A.VIEW_LABELS[view]} (n = {m.n}): average-line prediction "
          f"€{10 ** p.predicted_mean[0]:,.0f}, 90 % prediction interval "
          f"€{10 ** ci[0]:,.0f} to €{10 ** ci[1]:,.0f}")
"""
    ),
    md(
        """
## The EDPB method for Dedalus

Notebook 5 applies the EDPB Guidelines 04/2022 to every decision; for Dedalus:
"""
    ),
    code(
        """
from cnil_sanctions import estimate_fine
est = estimate_fine(h["turnover_eur"], row["articles_violated"].split(";"),
                    people_affected=int(row["people_affected"]), data=others)
print(est.to_table())
"""
    ),
    md(
        """
## Caveats

- Dedalus' turnover is the entity's own (stated in the decision), while many large fines are
  set against group revenue from public accounts: compare the two views before concluding.
- Neither the regression nor the EDPB ranges here weigh the circumstances the CNIL considered
  (nature of the data, duration, cooperation, …): they show where the fine sits, not why.
"""
    ),
]

NB05 = [
    md(
        """
# 5 — The EDPB method against the CNIL's actual fines

The European Data Protection Board's Guidelines 04/2022 (version 2.1) give a method to compute a
fine: a starting point set by the seriousness of the infringement (low, medium, high) as a share
of the legal maximum, reduced for smaller undertakings according to turnover, then adjusted for
aggravating and mitigating circumstances, and bounded by the legal maximum. Here the method is
applied to every fine of the dataset with a known turnover, **without** any aggravating or
mitigating factor (which the project does not assess), and compared with what the CNIL decided.
"""
    ),
    code(SETUP),
    md(CAVEAT_SAMPLE),
    code(
        """
comparisons = {view: A.edpb_vs_actual(df, view) for view in A.VIEWS}
for view, comp in comparisons.items():
    print(f"{A.VIEW_LABELS[view]}: {len(comp)} fines compared, "
          f"{len(fines) - len(comp)} left out (no turnover)")
"""
    ),
    code("plots.plot_edpb_vs_actual(df, 'public')"),
    md(
        """
**How to read it.** For each decision (sorted by turnover), three bars give the EDPB range for a
low, medium and high seriousness; the dot is the CNIL's fine (hollow when the turnover comes from
public accounts). The ranges overlap because the turnover adjustment is itself a range.

## Where the CNIL's fines fall
"""
    ),
    code(
        """
pd.DataFrame({A.VIEW_LABELS[v]: A.edpb_vs_actual_summary(c) for v, c in comparisons.items()})
"""
    ),
    code(
        "comparisons['public'][['decision_id', 'organisation', 'fine_eur', 'turnover_used_eur', 'turnover_used_origin', 'position']]"
    ),
    md("## Where Dedalus falls"),
    code(
        """
comp = comparisons["decision"]
comp[comp["decision_id"] == A.DEDALUS_ID].T
"""
    ),
    md(
        """
## Caveats

- No aggravating or mitigating factor is applied: the EDPB ranges here are the ranges *before*
  step 3, so a fine above the range may reflect aggravating circumstances the CNIL retained.
- The guidelines date from 2022–2023; most decisions here predate them.
- Cookie cases (LIL art. 20) fall under French law; the EDPB steps are applied by analogy.
- For groups above €500M of turnover the range scales with turnover; group revenue from public
  accounts then drives the result (compare the two views).
"""
    ),
]

NOTEBOOKS = {
    "01_dataset_tour": NB01,
    "02_fines_vs_turnover": NB02,
    "03_fines_vs_breach_size": NB03,
    "04_dedalus_benchmark": NB04,
    "05_edpb_vs_actual": NB05,
}


def build(folder: Path = HERE) -> list[Path]:
    """Write every notebook (outputs cleared) into ``folder``; return the paths."""
    paths = []
    for name, cells in NOTEBOOKS.items():
        nb = new_notebook(cells=cells)
        for i, cell in enumerate(nb.cells):  # stable ids: rebuilding changes nothing
            cell["id"] = f"{name[:2]}-{i:02d}"
        nb.metadata["kernelspec"] = {
            "name": "python3",
            "display_name": "Python 3 (ipykernel)",
            "language": "python",
        }
        nb.metadata["language_info"] = {"name": "python"}
        path = folder / f"{name}.ipynb"
        nbformat.validate(nb)
        nbformat.write(nb, path)
        paths.append(path)
    return paths


if __name__ == "__main__":
    for p in build():
        print(p)
