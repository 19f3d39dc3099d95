"""Tidy long tables of the multi-valued cells: one row per decision × article, per fined entity,
per stated turnover figure, each with its evidence.

The main table keeps ``articles_violated`` (``GDPR 28(3);GDPR 32``), ``fines_by_entity`` and
``turnover_figures`` (JSON lists) as one cell per decision. ``cnil-sanctions build`` also writes
them long, as ``data/articles.csv``, ``data/fines_by_entity.csv`` and
``data/turnover_figures.csv``, declared as resources of ``data/datapackage.json``, so that
« every decision that breached GDPR 32 in a data-breach case » is one filter::

    arts = load_articles()
    arts[(arts["base_article"] == "GDPR 32") & arts["data_breach"]]

The columns of each table are declared once, below, as :class:`~cnil_sanctions.fields.Field`
lists (:data:`LONG_TABLES`); the key columns repeated from the main table reuse its fields.

Evidence of one element (an exact quote of the decision text, like every ``*_evidence`` column):

* article: the sentences of ``articles_violated_evidence`` that name the article's number, else
  the whole cell evidence;
* fined entity: the sentences of ``fine_eur_evidence`` that name the entity, else state its
  amount, else the whole cell evidence;
* turnover figure: the sentence of the row's turnover / net income / individual income evidence
  that states the amount, else the first sentence of the decision text that states it (figures
  the extractor did not rely on have no evidence column of their own).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

from cnil_sanctions import law, schema
from cnil_sanctions.errors import CnilSanctionsError, SchemaError
from cnil_sanctions.extract.fields import ARTICLE_PATTERN
from cnil_sanctions.extract.numbers import find_amounts
from cnil_sanctions.fields import Field

__all__ = [
    "LONG_TABLES",
    "PRIMARY_KEYS",
    "articles_table",
    "build_long_tables",
    "fines_by_entity_table",
    "load_articles",
    "load_fines_by_entity",
    "load_turnover_figures",
    "turnover_figures_table",
]

#: How evidence cells join several sentences (see :mod:`cnil_sanctions.extract.fields`).
EVIDENCE_JOIN = " […] "


def _main(name: str) -> Field:
    """A field of the main table, reused as is (key columns repeated in a long table)."""
    return next(f for f in schema.all_fields() if f.name == name)


def _f(name: str, type_: str, description: str, **kw: object) -> Field:
    return Field(name=name, type=type_, description=description, group="long", **kw)  # type: ignore[arg-type]


def _position(what: str) -> Field:
    return _f(
        "position",
        "integer",
        f"Order of the {what} in the main table's cell (1 = first).",
        required=True,
        minimum=1,
    )


def _evidence(what: str) -> Field:
    return _f(
        "evidence",
        "string",
        f"Sentence(s) of the decision text that state the {what} (exact quote; several joined "
        "with ' […] ').",
        required=True,
    )


_TIER_LABELS = (
    law.TIER_83_4.label,
    law.TIER_83_5.label,
    law.TIER_LIL_20_III.label,
    law.NO_TIER,
)

ARTICLE_FIELDS: list[Field] = [
    _main("decision_id"),
    _position("article"),
    _f(
        "article",
        "string",
        "One breach retained, as in `articles_violated` (e.g. 'GDPR 28(3)', 'LIL 82').",
        required=True,
        pattern=ARTICLE_PATTERN,
    ),
    _f(
        "base_article",
        "string",
        "The article without its paragraphs ('GDPR 28(3)' → 'GDPR 28'): filter on it to find "
        "every breach of an article.",
        required=True,
    ),
    _f(
        "law",
        "string",
        "The text the article belongs to: GDPR, LIL (Loi Informatique et Libertés), CPCE.",
        required=True,
        enum=("GDPR", "LIL", "LIL(1978)", "CPCE"),
    ),
    _f(
        "article_tier",
        "string",
        "Legal-maximum tier of this article alone (cnil_sanctions.law.classify_article); "
        f"'{law.NO_TIER}' for an article listed in neither GDPR art. 83(4) nor 83(5) nor "
        "LIL art. 20 III (it does not decide the case's tier).",
        required=True,
        enum=_TIER_LABELS,
    ),
    _main("decision_date"),
    _main("data_breach"),
    _evidence("article"),
]

FINE_BY_ENTITY_FIELDS: list[Field] = [
    _main("decision_id"),
    _position("entity"),
    _f("entity", "string", "Fined entity as named in the operative part.", required=True),
    _f(
        "fine_eur",
        "integer",
        "Fine pronounced against this entity.",
        unit="EUR",
        required=True,
        minimum=0,
    ),
    _evidence("fine of this entity"),
]

TURNOVER_FIGURE_FIELDS: list[Field] = [
    _main("decision_id"),
    _position("figure"),
    _f(
        "kind",
        "string",
        "What the figure is: turnover (a bank's « produit net bancaire » included), net_income, "
        "individual_income.",
        required=True,
        enum=("turnover", "net_income", "individual_income"),
    ),
    _f(
        "value",
        "integer",
        "The figure as stated, in `currency` (negative net income = loss).",
        required=True,
    ),
    _f(
        "currency",
        "string",
        "Currency of `value` as the decision states it (ISO 4217).",
        enum=("EUR", "USD", "GBP"),
    ),
    _f(
        "bound",
        "string",
        "« plus de » → lower (the figure is a lower bound); « environ / près de » → approx.",
        enum=("lower", "upper", "approx"),
    ),
    _f("entity", "string", "Whose figure it is, as the decision names it."),
    _f(
        "undertaking",
        "boolean",
        "The figure is the undertaking's (group, economic unit or parent company).",
    ),
    _f("year", "integer", "Financial year of the figure, when stated.", minimum=1990, maximum=2100),
    _f(
        "scope",
        "string",
        "Whose figure it is: the sanctioned entity or its group.",
        required=True,
        enum=("entity", "group"),
    ),
    _f("worldwide", "boolean", "The text calls the figure worldwide (« mondial »).", required=True),
    _f(
        "period",
        "string",
        "Period of an individual income (month or year); empty for other kinds.",
        enum=("month", "year"),
    ),
    _f(
        "relied_on",
        "boolean",
        "This figure is the row's `turnover_eur` (same value, year and scope).",
        required=True,
    ),
    _evidence("figure"),
]

#: The long tables: resource name → its fields, in column order.
LONG_TABLES: dict[str, list[Field]] = {
    "articles": ARTICLE_FIELDS,
    "fines_by_entity": FINE_BY_ENTITY_FIELDS,
    "turnover_figures": TURNOVER_FIGURE_FIELDS,
}
PRIMARY_KEYS: dict[str, list[str]] = {name: ["decision_id", "position"] for name in LONG_TABLES}
#: One line per table for ``datapackage.json``.
DESCRIPTIONS: dict[str, str] = {
    "articles": "One row per decision × breach retained (articles_violated, split), with the "
    "article's own tier and the sentences naming it.",
    "fines_by_entity": "One row per entity fined by a decision that fines several "
    "(fines_by_entity, split), with the operative sentence.",
    "turnover_figures": "One row per turnover, net income or individual income figure a "
    "decision states (turnover_figures, split), with the sentence stating it.",
}


def csv_name(table: str) -> str:
    """File name of a long table in ``data/``."""
    return f"{table}.csv"


# --------------------------------------------------------------------------------------------
# Evidence
# --------------------------------------------------------------------------------------------


def _segments(*cells: object) -> list[str]:
    out: list[str] = []
    for cell in cells:
        if isinstance(cell, str) and cell.strip():
            out += [s for s in cell.split(EVIDENCE_JOIN) if s.strip()]
    return out


def _article_mention(ref: law.ArticleRef) -> re.Pattern[str]:
    number = re.escape(ref.article).replace("L", r"L\.?\s*")
    return re.compile(rf"(?<![\d-])(?:{number})(?![\d])")


def _states_amount(text: str, amount: int) -> bool:
    return any(a.amount == abs(amount) for a in find_amounts(text))


# --------------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------------


def _frame(table: str, rows: list[dict[str, object]]) -> pd.DataFrame:
    fields = LONG_TABLES[table]
    names = [f.name for f in fields]
    df = pd.DataFrame(rows, columns=names)
    return cast(df, fields, table)


def _has_value(value: object) -> bool:
    return not schema.is_missing(value)


def articles_table(df: pd.DataFrame) -> pd.DataFrame:
    """One row per decision × article retained (``articles_violated`` split)."""
    rows = []
    for _, r in df.iterrows():
        if not _has_value(r["articles_violated"]):
            continue
        segments = _segments(r["articles_violated_evidence"])
        for i, article in enumerate(str(r["articles_violated"]).split(";"), start=1):
            ref = law.parse_article(article)
            tier = law.classify_article(ref)
            mention = _article_mention(ref)
            named = [s for s in segments if mention.search(s)]
            rows.append(
                {
                    "decision_id": r["decision_id"],
                    "position": i,
                    "article": article,
                    "base_article": f"{ref.law} {ref.article}",
                    "law": ref.law,
                    "article_tier": tier.label if tier else law.NO_TIER,
                    "decision_date": r["decision_date"],
                    "data_breach": r["data_breach"],
                    "evidence": EVIDENCE_JOIN.join(named) or r["articles_violated_evidence"],
                }
            )
    return _frame("articles", rows)


def fines_by_entity_table(df: pd.DataFrame) -> pd.DataFrame:
    """One row per fined entity of the decisions that fine several (``fines_by_entity``)."""
    rows = []
    for _, r in df.iterrows():
        if not _has_value(r["fines_by_entity"]):
            continue
        segments = _segments(r["fine_eur_evidence"])
        for i, item in enumerate(json.loads(str(r["fines_by_entity"])), start=1):
            entity, amount = str(item["entity"]), int(item["fine_eur"])
            named = [s for s in segments if entity.casefold() in s.casefold()]
            named = named or [s for s in segments if _states_amount(s, amount)]
            rows.append(
                {
                    "decision_id": r["decision_id"],
                    "position": i,
                    "entity": entity,
                    "fine_eur": amount,
                    "evidence": EVIDENCE_JOIN.join(named) or r["fine_eur_evidence"],
                }
            )
    return _frame("fines_by_entity", rows)


def turnover_figures_table(df: pd.DataFrame) -> pd.DataFrame:
    """One row per figure of ``turnover_figures``, with the sentence the extractor read it from
    (its ``evidence``). Raises :class:`CnilSanctionsError` naming the decision when a figure
    lacks its sentence or its currency (the extractor writes both for every figure)."""
    rows = []
    for _, r in df.iterrows():
        if not _has_value(r["turnover_figures"]):
            continue
        did = str(r["decision_id"])
        for i, fig in enumerate(json.loads(str(r["turnover_figures"])), start=1):
            value = int(fig["value"])
            evidence, currency = fig.get("evidence"), fig.get("currency")
            if not (isinstance(evidence, str) and evidence.strip()) or not currency:
                raise CnilSanctionsError(
                    f"{did}: the {fig['kind']} figure {value} of turnover_figures has no "
                    "sentence or no currency (rebuild with the current extractor)"
                )
            relied = (
                fig["kind"] == "turnover"
                and currency == "EUR"
                and _has_value(r["turnover_eur"])
                and int(r["turnover_eur"]) == value
                and _has_value(r["turnover_year"])
                and fig.get("year") == int(r["turnover_year"])
                and fig.get("scope") == r["turnover_scope"]
            )
            rows.append(
                {
                    "decision_id": did,
                    "position": i,
                    "kind": fig["kind"],
                    "value": value,
                    "currency": currency,
                    "bound": fig.get("bound"),
                    "entity": fig.get("entity"),
                    "undertaking": fig.get("undertaking"),
                    "year": fig.get("year"),
                    "scope": fig["scope"],
                    "worldwide": bool(fig["worldwide"]),
                    "period": fig.get("period"),
                    "relied_on": bool(relied),
                    "evidence": evidence,
                }
            )
    return _frame("turnover_figures", rows)


def build_long_tables(df: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The three long tables of the dataset frame ``df``."""
    return {
        "articles": articles_table(df),
        "fines_by_entity": fines_by_entity_table(df),
        "turnover_figures": turnover_figures_table(df),
    }


# --------------------------------------------------------------------------------------------
# Types and loaders
# --------------------------------------------------------------------------------------------


_BOOLEANS: dict[object, bool] = {"true": True, "false": False, True: True, False: False}


def cast(df: pd.DataFrame, fields: list[Field], what: str) -> pd.DataFrame:
    """Cast ``df`` to the dtypes of ``fields`` and check required columns are filled and keys
    unique; :class:`SchemaError` naming ``what`` otherwise."""
    names = [f.name for f in fields]
    if list(df.columns) != names:
        raise SchemaError(f"{what}: columns {list(df.columns)} differ from its fields {names}")
    out = df.copy()
    for f in fields:
        if f.type == "date":
            out[f.name] = pd.to_datetime(out[f.name], format="%Y-%m-%d").astype("datetime64[ns]")
        elif f.type == "boolean" and not pd.api.types.is_bool_dtype(out[f.name]):
            col = out[f.name].astype(object)
            bad = {v for v in col.dropna() if v not in _BOOLEANS}
            if bad:
                raise SchemaError(
                    f"{what}: {f.name} has non-boolean values {sorted(map(str, bad))}"
                )
            out[f.name] = col.map(_BOOLEANS, na_action="ignore").astype("boolean")
        else:
            out[f.name] = out[f.name].astype(f.pandas_dtype)
        empty = out[f.name].isna()
        if f.required and empty.any():
            raise SchemaError(f"{what}: {int(empty.sum())} empty values in required {f.name}")
        if f.enum is not None:
            bad = set(out[f.name].dropna()) - set(f.enum)
            if bad:
                raise SchemaError(f"{what}: {f.name} has values {sorted(bad)} not in {f.enum}")
    keys = PRIMARY_KEYS.get(what)
    if keys and out.duplicated(keys).any():
        raise SchemaError(f"{what}: duplicate keys {keys}")
    return out


def _load(table: str, path: Path | str | None) -> pd.DataFrame:
    """Read a long table, found like :func:`cnil_sanctions.load_sanctions` (``path``,
    ``$CNIL_SANCTIONS_DATA``, a rebuilt copy, else the copy shipped with the package)."""
    from cnil_sanctions import paths

    chosen = paths.dataset_file(csv_name(table), path)
    csv_path = str(chosen.file)
    fields = LONG_TABLES[table]
    with paths.open_csv(chosen.file) as handle:
        raw = pd.read_csv(handle, dtype=str, keep_default_na=False, na_values=[""])
    for f in fields:
        if f.name in raw and f.type == "integer":
            raw[f.name] = pd.to_numeric(raw[f.name], errors="raise")
    try:
        df = cast(raw, fields, table)
    except SchemaError as exc:
        raise SchemaError(f"{csv_path}: {exc}") from exc
    df.attrs["source_path"] = csv_path
    df.attrs["source_origin"] = chosen.origin
    return df


def load_articles(path: Path | str | None = None) -> pd.DataFrame:
    """``data/articles.csv``: one row per decision × article retained, with its evidence."""
    return _load("articles", path)


def load_fines_by_entity(path: Path | str | None = None) -> pd.DataFrame:
    """``data/fines_by_entity.csv``: one row per entity fined by a multi-entity decision."""
    return _load("fines_by_entity", path)


def load_turnover_figures(path: Path | str | None = None) -> pd.DataFrame:
    """``data/turnover_figures.csv``: one row per turnover / income figure a decision states."""
    return _load("turnover_figures", path)
