"""The views analysts expect, each a tidy DataFrame with its ``n`` and intervals.

- :func:`fines_by_article`: per article found violated — decisions, fines, median fine with its
  distribution-free 95 % interval, total;
- :func:`cookie_vs_gdpr`: per year, the cookie and e-marketing cases (capped by LIL art. 20 III,
  ``cap_tier == "LIL 20"``) beside the GDPR cases;
- :func:`sector_by_year`: number and total of fines per sector and year;
- :func:`repeat_offenders`: organisations sanctioned in more than one decision (fines,
  follow-ups of injunctions, penalty liquidations), with what each decision did.

Medians come with :func:`cnil_sanctions.uncertainty.median_ci`; nothing here is typed in.
"""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

from cnil_sanctions.uncertainty import median_ci

__all__ = [
    "articles_long",
    "cookie_vs_gdpr",
    "fines_by_article",
    "organisation_key",
    "repeat_offenders",
    "sector_by_year",
]

_COOKIE_TIER = "LIL 20"


def _fines(df: pd.DataFrame) -> pd.DataFrame:
    return df.loc[df["fine_eur"].notna()].copy()


def _median_cells(amounts: pd.Series) -> dict[str, object]:
    ci = median_ci(amounts.astype(float).to_numpy())
    return {
        "median_fine_eur": ci.estimate,
        "median_ci_low": ci.low,
        "median_ci_high": ci.high,
        "median_ci_level": ci.level,
    }


def articles_long(df: pd.DataFrame) -> pd.DataFrame:
    """One row per decision × article found violated (``decision_id``, ``article``, ``number``).

    ``number`` is the article without paragraph (``GDPR 28(3)`` → ``GDPR 28``), the level at
    which fines are compared. Built from the ``articles_violated`` cell (``;``-separated).
    """
    rows = []
    for did, cell in zip(df["decision_id"], df["articles_violated"], strict=True):
        if pd.isna(cell):
            continue
        for art in str(cell).split(";"):
            art = art.strip()
            if art:
                rows.append({"decision_id": did, "article": art, "number": art.split("(")[0]})
    return pd.DataFrame(rows, columns=["decision_id", "article", "number"])


def fines_by_article(df: pd.DataFrame, articles: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per article number: decisions, fines, median fine (95 % interval), total; largest n first.

    ``articles`` is a long table with ``decision_id`` and ``number`` (default: built from ``df``
    by :func:`articles_long`). A decision counts once per article number.
    """
    long = articles_long(df) if articles is None else articles
    long = long.drop_duplicates(["decision_id", "number"])
    merged = long.merge(df[["decision_id", "fine_eur"]], on="decision_id", how="left")
    rows = []
    for number, part in merged.groupby("number", sort=False):
        fined = part.loc[part["fine_eur"].notna(), "fine_eur"]
        rows.append(
            {
                "article": number,
                "decisions": part["decision_id"].nunique(),
                "fines": len(fined),
                **_median_cells(fined),
                "total_fines_eur": float(fined.astype(float).sum()),
            }
        )
    out = pd.DataFrame(rows)
    return out.sort_values(["decisions", "article"], ascending=[False, True], ignore_index=True)


def cookie_vs_gdpr(df: pd.DataFrame) -> pd.DataFrame:
    """Per year and kind (``cookies / e-marketing (LIL 20)`` or ``GDPR``): n, total, median (CI).

    Fines without a tier (no article read) are counted under ``tier unknown``.
    """
    fined = _fines(df)
    tier = fined["cap_tier"].astype("string")
    kind = pd.Series("GDPR", index=fined.index)
    kind[tier == _COOKIE_TIER] = "cookies / e-marketing (LIL 20)"
    kind[tier.isna()] = "tier unknown"
    fined["kind"] = kind
    fined["year"] = pd.to_datetime(fined["decision_date"]).dt.year
    rows = []
    for (year, k), part in fined.groupby(["year", "kind"]):
        rows.append(
            {
                "year": int(year),
                "kind": k,
                "fines": len(part),
                "total_fines_eur": float(part["fine_eur"].astype(float).sum()),
                **_median_cells(part["fine_eur"]),
            }
        )
    return pd.DataFrame(rows)


def sector_by_year(df: pd.DataFrame, value: str = "count") -> pd.DataFrame:
    """Sector × year table of fines: ``value="count"`` (number) or ``"total"`` (EUR)."""
    if value not in ("count", "total"):
        raise ValueError(f"value must be 'count' or 'total', got {value!r}")
    fined = _fines(df)
    fined["year"] = pd.to_datetime(fined["decision_date"]).dt.year
    fined["sector"] = fined["sector"].astype("string").fillna("unknown")
    fined["amount"] = fined["fine_eur"].astype(float)
    table = fined.pivot_table(
        index="sector",
        columns="year",
        values="amount",
        aggfunc="count" if value == "count" else "sum",
        fill_value=0,
    )
    table["all years"] = table.sum(axis=1)
    return table.sort_values("all years", ascending=False)


_STOP = {
    "de", "la", "le", "les", "du", "des", "societe", "ste", "groupe", "group", "gie", "sa",
    "sas", "sasu", "sarl", "inc", "llc", "ltd", "limited", "company", "regie", "a", "et",
}  # fmt: skip
_ANONYMOUS = re.compile(r"\b(?:x|\[\s*(?:\.\.\.|…)\s*\])(?:\W|$)|\[\s*(?:\.\.\.|…)\s*\]", re.I)


def organisation_key(name: str | None) -> str | None:
    """A grouping key for an organisation: its first distinctive word, upper case, no accents.

    ``"FREE MOBILE"`` and ``"FREE"`` → ``FREE``; ``"GOOGLE LLC ; GOOGLE IRELAND LIMITED"`` →
    ``GOOGLE``. Anonymised names (« société X », « Monsieur […] ») get None: they are never
    grouped, since nothing says two anonymised decisions concern the same party. The key is a
    heuristic shown beside the names it groups, for the reader to check.
    """
    if name is None or pd.isna(name) or _ANONYMOUS.search(str(name)):
        return None
    plain = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode()
    for word in re.findall(r"[A-Za-z0-9]+", plain):
        if word.lower() not in _STOP and len(word) >= 3:
            return word.upper()
    return None


def repeat_offenders(df: pd.DataFrame) -> pd.DataFrame:
    """Organisations in more than one decision: one row per decision, grouped by key.

    Columns: ``group_key``, ``decision_id``, ``decision_date``, ``organisation``,
    ``measure_kind``, ``fine_eur``, ``penalty_liquidated_eur``, ``injunction`` — so a reader
    sees the fines, the follow-ups of injunctions (« non-lieu à liquidation » means the
    injunction was obeyed) and the penalties liquidated.
    """
    keyed = df.assign(group_key=[organisation_key(n) for n in df["organisation"]])
    keyed = keyed.loc[keyed["group_key"].notna()]
    counts = keyed["group_key"].value_counts()
    repeat = keyed.loc[keyed["group_key"].isin(counts[counts > 1].index)]
    cols = [
        "group_key",
        "decision_id",
        "decision_date",
        "organisation",
        "measure_kind",
        "fine_eur",
        "penalty_liquidated_eur",
        "injunction",
    ]
    return repeat[cols].sort_values(["group_key", "decision_date"], ignore_index=True)
