"""The views analysts expect, each a tidy DataFrame with its ``n`` and intervals.

- :func:`fines_by_article`: per article found violated (from the long articles table,
  :func:`cnil_sanctions.load_articles`) — decisions, fines, median fine with its
  distribution-free 95 % interval, total;
- :func:`cookie_vs_gdpr`: per year, the cookie and e-marketing cases (LIL art. 82, capped by LIL
  art. 20 III: ``cap_tier == "LIL 20"``) beside the GDPR cases, with the cookie share of the
  year's fines and its exact interval (:func:`fine_kind` is the one rule, used by the figures);
- :func:`sector_by_year` (number or total per sector and year) and :func:`sector_summary` (per
  sector: n, share of all fines with its interval, median with its interval);
- :func:`repeat_offenders`: organisations in more than one decision, one row per decision with
  what it did (:func:`decision_outcome`); :func:`repeat_offender_summary`: one row per
  organisation — fines, injunctions, injunctions obeyed (« non-lieu à liquidation »), penalties
  liquidated;
- :func:`time_to_decision`: days from the first dated inspection (``inspection_date``, read by
  :mod:`cnil_sanctions.extract.timeline`) to the decision, per decision, and
  :func:`time_to_decision_summary`: per year of decision, n and the median with its interval.

Medians come with :func:`cnil_sanctions.uncertainty.median_ci`; nothing here is typed in.
"""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

from cnil_sanctions.analysis import fines as _fines
from cnil_sanctions.uncertainty import median_ci, proportion_ci

__all__ = [
    "COOKIE_KIND",
    "GDPR_KIND",
    "KINDS",
    "UNKNOWN_KIND",
    "cookie_vs_gdpr",
    "decision_outcome",
    "fine_kind",
    "fines_by_article",
    "organisation_key",
    "repeat_offender_summary",
    "repeat_offenders",
    "sector_by_year",
    "sector_summary",
    "time_to_decision",
    "time_to_decision_summary",
]

#: The cap tier of the cookie and e-marketing cases (LIL art. 82, capped by LIL art. 20 III).
_COOKIE_TIER = "LIL 20"
GDPR_KIND = "GDPR"
COOKIE_KIND = "cookies / e-marketing (LIL 20)"
UNKNOWN_KIND = "tier unknown"
#: Kinds of fine, in stacking order.
KINDS = (GDPR_KIND, COOKIE_KIND, UNKNOWN_KIND)


def fine_kind(df: pd.DataFrame) -> pd.Series:
    """Per row: :data:`COOKIE_KIND` (``cap_tier == "LIL 20"``), :data:`GDPR_KIND` (a GDPR tier)
    or :data:`UNKNOWN_KIND` (no tier read)."""
    tier = df["cap_tier"].astype("string")
    kind = pd.Series(GDPR_KIND, index=df.index, dtype="object")
    kind[(tier == _COOKIE_TIER).fillna(False).to_numpy(bool)] = COOKIE_KIND
    kind[tier.isna().to_numpy(bool)] = UNKNOWN_KIND
    return kind


def _median_cells(amounts: pd.Series) -> dict[str, object]:
    ci = median_ci(amounts.astype(float).to_numpy())
    return {
        "median_fine_eur": ci.estimate,
        "median_ci_low": ci.low,
        "median_ci_high": ci.high,
        "median_ci_level": ci.level,
    }


def fines_by_article(df: pd.DataFrame, articles: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per article (``base_article``: ``GDPR 28(3)`` → ``GDPR 28``): decisions, fines, median
    fine (95 % interval), total; largest n first.

    ``articles`` is the long articles table (default :func:`cnil_sanctions.load_articles`; any
    frame with ``decision_id`` and ``base_article``). A decision counts once per article; only
    decisions of ``df`` count.
    """
    if articles is None:
        from cnil_sanctions.long_tables import load_articles

        articles = load_articles()
    long = articles[["decision_id", "base_article"]].drop_duplicates()
    merged = long.merge(df[["decision_id", "fine_eur"]], on="decision_id", how="inner")
    rows = []
    for number, part in merged.groupby("base_article", sort=False):
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
    """Per year and kind (:func:`fine_kind`): n, total, median (95 % CI), and the kind's share of
    the year's fines with its Clopper–Pearson 95 % interval.

    Fines without a tier (no article read) are counted under :data:`UNKNOWN_KIND`.
    """
    fined = _fines(df)
    fined["kind"] = fine_kind(fined)
    fined["year"] = pd.to_datetime(fined["decision_date"]).dt.year
    per_year = fined.groupby("year").size()
    rows = []
    for (year, k), part in fined.groupby(["year", "kind"]):
        share = proportion_ci(len(part), int(per_year[year]))
        rows.append(
            {
                "year": int(year),
                "kind": k,
                "fines": len(part),
                "fines_of_year": int(per_year[year]),
                "share_of_year": share.estimate,
                "share_ci_low": share.low,
                "share_ci_high": share.high,
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


def sector_summary(df: pd.DataFrame) -> pd.DataFrame:
    """Per sector (``unknown`` when not read): fines, share of all fines (Clopper–Pearson 95 %),
    median fine (95 % CI), total; largest n first."""
    fined = _fines(df)
    sector = fined["sector"].astype("string").fillna("unknown")
    rows = []
    for name, part in fined.groupby(sector.to_numpy()):
        share = proportion_ci(len(part), len(fined))
        rows.append(
            {
                "sector": name,
                "fines": len(part),
                "share_of_fines": share.estimate,
                "share_ci_low": share.low,
                "share_ci_high": share.high,
                **_median_cells(part["fine_eur"]),
                "total_fines_eur": float(part["fine_eur"].astype(float).sum()),
            }
        )
    out = pd.DataFrame(rows)
    return out.sort_values(["fines", "sector"], ascending=[False, True], ignore_index=True)


_STOP = {
    "de", "la", "le", "les", "du", "des", "societe", "ste", "groupe", "group", "gie", "sa",
    "sas", "sasu", "sarl", "inc", "llc", "ltd", "limited", "company", "regie", "a", "et",
    "ministere", "l",
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


#: What a decision did to the organisation, from ``measure_kind`` and the measures: an
#: injunction follow-up without penalty is a « non-lieu à liquidation », the injunction obeyed.
OUTCOMES = {
    "fine": "fine",
    "injunction_follow_up": "injunction obeyed (non-lieu à liquidation)",
    "penalty_liquidation": "penalty liquidated",
    "reprimand": "reprimand",
    "warning": "warning",
    "formal_notice_publication": "formal notice published (not a sanction)",
    "other": "other",
}


def decision_outcome(row: pd.Series) -> str:
    """:data:`OUTCOMES` of the row's ``measure_kind``, ``+ injunction`` when it orders one."""
    kind = row["measure_kind"]
    words = "unknown" if pd.isna(kind) else OUTCOMES.get(str(kind), str(kind))
    injunction = row["injunction"]
    return words + (" + injunction" if not pd.isna(injunction) and bool(injunction) else "")


def repeat_offenders(df: pd.DataFrame) -> pd.DataFrame:
    """Organisations in more than one decision: one row per decision, grouped by key.

    Columns: ``group_key``, ``decision_id``, ``decision_date``, ``organisation``,
    ``measure_kind``, ``outcome`` (:func:`decision_outcome`), ``fine_eur``,
    ``penalty_liquidated_eur``, ``injunction`` — so a reader sees the fines, the follow-ups of
    injunctions (« non-lieu à liquidation » means the injunction was obeyed) and the penalties
    liquidated. The key is a heuristic (:func:`organisation_key`): check the names it groups.
    """
    keyed = df.assign(group_key=[organisation_key(n) for n in df["organisation"]])
    keyed = keyed.loc[keyed["group_key"].notna()]
    counts = keyed["group_key"].value_counts()
    repeat = keyed.loc[keyed["group_key"].isin(counts[counts > 1].index)].copy()
    repeat["outcome"] = [decision_outcome(r) for _, r in repeat.iterrows()]
    cols = [
        "group_key",
        "decision_id",
        "decision_date",
        "organisation",
        "measure_kind",
        "outcome",
        "fine_eur",
        "penalty_liquidated_eur",
        "injunction",
    ]
    return repeat[cols].sort_values(["group_key", "decision_date"], ignore_index=True)


def repeat_offender_summary(df: pd.DataFrame) -> pd.DataFrame:
    """One row per organisation of :func:`repeat_offenders`: decisions, first and last date,
    fines (n, total), injunctions ordered, injunctions obeyed (follow-ups without penalty),
    penalties liquidated (n, total); most decisions first."""
    per = repeat_offenders(df)
    rows = []
    for key, part in per.groupby("group_key"):
        kind = part["measure_kind"].astype("string")
        fined = part["fine_eur"].dropna().astype(float)
        penalty = part["penalty_liquidated_eur"].dropna().astype(float)
        rows.append(
            {
                "group_key": key,
                "names": "; ".join(dict.fromkeys(part["organisation"].astype(str))),
                "decisions": len(part),
                "first": part["decision_date"].min(),
                "last": part["decision_date"].max(),
                "fines": len(fined),
                "total_fines_eur": float(fined.sum()),
                "injunctions_ordered": int(
                    part["injunction"].astype("boolean").fillna(False).sum()
                ),
                "injunctions_obeyed": int((kind == "injunction_follow_up").fillna(False).sum()),
                "penalties_liquidated": len(penalty),
                "penalties_liquidated_eur": float(penalty.sum()),
            }
        )
    out = pd.DataFrame(rows)
    return out.sort_values(["decisions", "group_key"], ascending=[False, True], ignore_index=True)


def time_to_decision(df: pd.DataFrame) -> pd.DataFrame:
    """Per sanction decision whose text dates an inspection: ``decision_id``, ``organisation``,
    ``measure_kind``, ``inspection_date``, ``decision_date``, ``days`` (decision − inspection),
    ``year`` of decision; the evidence sentence is in the dataset (``inspection_date_evidence``).

    Follow-ups of injunctions and formal-notice publications are left out (their inspection
    belongs to an earlier procedure). Sorted by decision date.
    """
    kind = df["measure_kind"].astype("string")
    keep = ~kind.isin(["injunction_follow_up", "formal_notice_publication"]).fillna(False)
    rows = df.loc[keep.to_numpy(bool) & df["inspection_date"].notna().to_numpy(bool)]
    decided = pd.to_datetime(rows["decision_date"])
    inspected = pd.to_datetime(rows["inspection_date"])
    out = pd.DataFrame(
        {
            "decision_id": rows["decision_id"],
            "organisation": rows["organisation"],
            "measure_kind": rows["measure_kind"],
            "inspection_date": inspected,
            "decision_date": decided,
            "days": (decided - inspected).dt.days.astype(int),
            "year": decided.dt.year.astype(int),
        }
    )
    return out.sort_values("decision_date", ignore_index=True)


def time_to_decision_summary(df: pd.DataFrame) -> pd.DataFrame:
    """Per year of decision and over all years (``"all"``): decisions with a dated inspection,
    decisions without, median days (distribution-free 95 % interval), shortest and longest."""
    per = time_to_decision(df)
    kind = df["measure_kind"].astype("string")
    counted = df.loc[
        (~kind.isin(["injunction_follow_up", "formal_notice_publication"]).fillna(False))
    ]
    all_years = pd.to_datetime(counted["decision_date"]).dt.year
    rows = []
    groups: list[tuple[object, pd.DataFrame, int]] = [
        (int(y), part, int((all_years == y).sum())) for y, part in per.groupby("year")
    ]
    groups.append(("all", per, len(counted)))
    for year, part, total in groups:
        ci = median_ci(part["days"].astype(float).to_numpy())
        rows.append(
            {
                "year": year,
                "decisions_dated": len(part),
                "decisions_undated": total - len(part),
                "median_days": ci.estimate,
                "median_ci_low": ci.low,
                "median_ci_high": ci.high,
                "median_ci_level": ci.level,
                "min_days": int(part["days"].min()) if len(part) else None,
                "max_days": int(part["days"].max()) if len(part) else None,
            }
        )
    return pd.DataFrame(rows)
