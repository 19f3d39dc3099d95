"""The second table: the CNIL's own list of its sanctions, ``data/cnil_sanctions_list.csv``.

Each row of the CNIL's table (« Les sanctions prononcées par la CNIL ») kept in the raw store
(source ``cnil_list``, parsed by :mod:`cnil_sanctions.sources.cnil_list`) becomes one row here,
with the row's whole text (``row_text``) as the evidence of every value and the segment each value
was read from in its ``*_evidence`` column. :data:`LIST_FIELDS` is the field dictionary of the
table: it drives the pandera schema, the dtypes of :func:`load_sanctions_list` and the table's
resource in ``datapackage.json``.

Links to the full-text table (:func:`link_rows`): a list row is linked to the decision of
``data/cnil_sanctions.csv`` with the same date, the same amount (fine, or penalty liquidated) and
a compatible organisation type (:data:`ORGANISATION_KINDS`); when several decisions match, the
row is left unlinked and listed as ambiguous.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from cnil_sanctions import law, schema
from cnil_sanctions.errors import CnilSanctionsError, SchemaError
from cnil_sanctions.extract.fields import FIELDS as FACT_FIELDS
from cnil_sanctions.fields import Field
from cnil_sanctions.sources import cnil_list
from cnil_sanctions.store import RawStore

LIST_CSV_NAME = "cnil_sanctions_list.csv"
RESOURCE_NAME = "cnil_sanctions_list"
_G = "cnil_list"
_ARTICLES = next(f.pattern for f in FACT_FIELDS if f.name == "articles_violated")
LINK_STATUSES = ("linked", "ambiguous", "unlinked")


def _f(name: str, type_: str, description: str, **kw: object) -> Field:
    return Field(name=name, type=type_, description=description, group=_G, **kw)  # type: ignore[arg-type]


#: The field dictionary of ``data/cnil_sanctions_list.csv``.
LIST_FIELDS: list[Field] = [
    _f(
        "list_id",
        "string",
        "Identifier of the row: its date and the first 8 hex digits of the sha256 of its text.",
        required=True,
        pattern=r"\d{4}-\d{2}-\d{2}-[0-9a-f]{8}",
    ),
    _f(
        "decision_date",
        "date",
        "DATE of the row: the day the sanction was pronounced.",
        required=True,
    ),
    _f(
        "organisation_type",
        "string",
        "TYPE D'ORGANISME as written (spaces collapsed, « (procédure simplifiée) » removed). "
        "The table never names the organisation.",
        required=True,
    ),
    _f(
        "organisation_type_evidence",
        "string",
        "The row's TYPE D'ORGANISME segment, unchanged.",
        required=True,
    ),
    _f(
        "procedure",
        "string",
        "simplified when the row says « (procédure simplifiée) »; unknown otherwise (the table "
        "does not mark the ordinary procedure).",
        required=True,
        enum=("simplified", "unknown"),
    ),
    _f(
        "breaches",
        "string",
        "MANQUEMENTS PRINCIPAUX / THEME as written, one breach per item, ' ; '-separated.",
        required=True,
    ),
    _f(
        "breaches_evidence",
        "string",
        "The row's MANQUEMENTS segment, unchanged (line breaks and tabs kept).",
        required=True,
    ),
    _f(
        "breach_articles",
        "string",
        "Articles the breaches name, in the notation of articles_violated of the main table "
        "(read by the extractor's rule); empty when the row names no article (most rows name "
        "themes only).",
        pattern=_ARTICLES,
    ),
    _f(
        "measure_kind",
        "string",
        "What the row's DECISION ADOPTEE says: fine (amende, sanction pécuniaire), "
        "penalty_liquidation (liquidation d'astreinte), reprimand (rappel à l'ordre), warning "
        "(avertissement), injunction (injonction sous astreinte alone), no_sanction (non-lieu), "
        "proceedings_dropped (abandon des poursuites).",
        required=True,
        enum=cnil_list.MEASURE_KINDS,
    ),
    _f(
        "is_sanction",
        "boolean",
        "False for rows that close a case without a sanction (no_sanction, proceedings_dropped).",
        required=True,
    ),
    _f(
        "injunction",
        "boolean",
        "The decision adds an injunction (« et injonction »).",
        required=True,
    ),
    _f(
        "amount_eur",
        "integer",
        "Amount the row states (fine or penalty liquidated; several fines added up); empty "
        "when it states none.",
        unit="EUR",
        minimum=1,
    ),
    _f(
        "amount_parts_eur",
        "string",
        "The amounts when the row states several (« 5 000 et 5 000 euros » → 5000;5000).",
        pattern=r"\d+(?:;\d+)+",
    ),
    _f(
        "measure_evidence",
        "string",
        "The row's DECISION ADOPTEE segment, unchanged: evidence of measure_kind, injunction "
        "and amount_eur.",
        required=True,
    ),
    _f(
        "link_status",
        "string",
        "linked: one decision of data/cnil_sanctions.csv has the same date, amount and a "
        "compatible organisation type; ambiguous: several do (left unlinked); unlinked: none.",
        required=True,
        enum=LINK_STATUSES,
    ),
    _f(
        "linked_decision_id",
        "string",
        "The matching decision of data/cnil_sanctions.csv when link_status is linked.",
        pattern=r"SAN-(19|20)\d\d-\d{3}",
    ),
    _f(
        "link_candidates",
        "string",
        "The decisions that match when link_status is ambiguous (semicolon-separated).",
    ),
    _f(
        "row_text",
        "string",
        "The whole row as stored (the evidence of every value, including the date).",
        required=True,
    ),
    _f(
        "source",
        "string",
        "Source module of the row.",
        required=True,
        enum=(cnil_list.SOURCE_NAME,),
    ),
    _f("source_url", "string", "The CNIL page the table is published on.", required=True),
    _f("mirror_url", "string", "The copy the row was actually read from.", required=True),
    _f(
        "retrieved_at",
        "datetime",
        "When the row was put into the raw store (UTC).",
        required=True,
    ),
    _f(
        "sha256",
        "string",
        "sha256 of the row's bytes in the raw store.",
        required=True,
        pattern=r"[0-9a-f]{64}",
    ),
]

#: Organisation kinds recognisable on both sides: words that start a TYPE D'ORGANISME, and the
#: main table's legal_form values. A row and a decision are compatible unless both have a kind
#: and the kinds differ.
ORGANISATION_KINDS: dict[str, tuple[re.Pattern[str], tuple[str, ...]]] = {
    "individual": (
        re.compile(
            r"^(?:PARTICULIERS?|MEDECIN|AVOCAT|CHIRURGIEN|ORTHOPHONISTE|STOMATOLOGUE|NOTAIRE|"
            r"PERSONNALITE)\b"
        ),
        ("individual",),
    ),
    "public_body": (
        re.compile(r"^(?:MINISTERE|COMMUNE|UNIVERSITE|[EÉ]TABLISSEMENT PUBLIC)\b"),
        ("public_body", "EPIC"),
    ),
}


def organisation_kind_of_type(organisation_type: str) -> str | None:
    """The kind of organisation a TYPE D'ORGANISME names, when it names one of the known kinds."""
    return next(
        (k for k, (rx, _) in ORGANISATION_KINDS.items() if rx.search(organisation_type)), None
    )


def organisation_kind_of_legal_form(legal_form: object) -> str | None:
    """The kind of organisation of a main-table ``legal_form`` (None when not a known kind)."""
    if not isinstance(legal_form, str):
        return None
    forms = {p.strip() for p in legal_form.split(";")}
    return next((k for k, (_, lf) in ORGANISATION_KINDS.items() if forms & set(lf)), None)


@dataclass
class ListBuildSummary:
    """What the list build read, parsed, linked, and what it could not read or link."""

    read: int = 0
    parsed: int = 0
    unreadable: list[tuple[str, str]] = field(default_factory=list)
    linked: int = 0
    ambiguous: list[tuple[str, list[str]]] = field(default_factory=list)
    #: rows whose amount exceeds the cap of the procedure they name (law.over_simplified_cap)
    over_cap: list[tuple[str, int]] = field(default_factory=list)

    def to_text(self) -> str:
        """A short human-readable account."""
        lines = [
            f"CNIL list rows read: {self.read}",
            f"rows parsed: {self.parsed}",
            f"rows unreadable: {len(self.unreadable)}",
            *[f"  {where}: {why}" for where, why in self.unreadable],
            f"rows linked to a full-text decision: {self.linked}",
            f"rows with several matching decisions (left unlinked): {len(self.ambiguous)}",
            *[f"  {lid}: {';'.join(c)}" for lid, c in self.ambiguous],
            f"simplified-procedure rows above the €20,000 cap (LIL art. 22-1): "
            f"{len(self.over_cap)}",
            *[f"  {lid}: €{amount:,}" for lid, amount in self.over_cap],
        ]
        return "\n".join(lines)


def _amount_column(kind: str) -> str | None:
    return {"fine": "fine_eur", "penalty_liquidation": "penalty_liquidated_eur"}.get(kind)


def link_rows(rows: pd.DataFrame, main: pd.DataFrame) -> pd.DataFrame:
    """``link_status``, ``linked_decision_id``, ``link_candidates`` for each list row.

    A decision of ``main`` matches a row when it has the row's date, the same amount in the
    column of the row's measure (``fine_eur`` for a fine, ``penalty_liquidated_eur`` for a
    liquidation) and a compatible organisation kind. Rows without an amount are never linked.
    """
    # (amount column, date, amount) -> (decision id, legal form) of every decision of main
    dates = pd.to_datetime(main["decision_date"])
    forms = main["legal_form"] if "legal_form" in main else pd.Series(None, index=main.index)
    by_key: dict[tuple[str, pd.Timestamp, int], list[tuple[str, object]]] = {}
    for amount_column in ("fine_eur", "penalty_liquidated_eur"):
        amounts = pd.to_numeric(main[amount_column], errors="coerce")
        for decision_id, when, amount, form in zip(
            main["decision_id"], dates, amounts, forms, strict=True
        ):
            if pd.isna(when) or pd.isna(amount) or amount != int(amount):
                continue
            key = (amount_column, when, int(amount))
            by_key.setdefault(key, []).append((str(decision_id), form))
    out: list[tuple[str, str | None, str | None]] = []
    for r in rows.to_dict("records"):
        column = _amount_column(str(r["measure_kind"]))
        matches: list[str] = []
        if column is not None and not pd.isna(r["amount_eur"]):
            key = (column, pd.Timestamp(r["decision_date"]), int(r["amount_eur"]))
            kind = organisation_kind_of_type(str(r["organisation_type"]))
            for decision_id, form in by_key.get(key, []):
                other = organisation_kind_of_legal_form(form)
                if kind is None or other is None or kind == other:
                    matches.append(decision_id)
        matches.sort()
        if len(matches) == 1:
            out.append(("linked", matches[0], None))
        elif matches:
            out.append(("ambiguous", None, ";".join(matches)))
        else:
            out.append(("unlinked", None, None))
    return pd.DataFrame(
        out, columns=["link_status", "linked_decision_id", "link_candidates"], index=rows.index
    )


def list_records(raw_dir: Path, summary: ListBuildSummary) -> list[dict[str, object]]:
    """Every ``cnil_list`` row of the raw store, parsed (unreadable rows go to ``summary``)."""
    records: list[dict[str, object]] = []
    for entry in RawStore(raw_dir).entries(cnil_list.SOURCE_NAME):
        summary.read += 1
        try:
            text = entry.read_bytes().decode("utf-8")
            row = cnil_list.parse_row(text, str(entry.document_path))
        except (CnilSanctionsError, UnicodeDecodeError) as exc:
            summary.unreadable.append((str(entry.folder), str(exc)))
            continue
        summary.parsed += 1
        records.append(
            {
                "list_id": f"{row.decision_date.isoformat()}-{entry.meta.sha256[:8]}",
                "decision_date": row.decision_date.isoformat(),
                "organisation_type": row.organisation_type,
                "organisation_type_evidence": row.organisation_type_text,
                "procedure": row.procedure,
                "breaches": " ; ".join(row.breaches),
                "breaches_evidence": row.breaches_text,
                "breach_articles": ";".join(row.breach_articles) or None,
                "measure_kind": row.measure_kind,
                "is_sanction": row.is_sanction,
                "injunction": row.injunction,
                "amount_eur": row.amount_eur,
                "amount_parts_eur": (
                    ";".join(str(a) for a in row.amounts_eur) if len(row.amounts_eur) > 1 else None
                ),
                "measure_evidence": row.decision_text,
                "row_text": text,
                "source": entry.meta.source,
                "source_url": entry.meta.source_url,
                "mirror_url": entry.meta.mirror,
                "retrieved_at": entry.meta.retrieved_at,
                "sha256": entry.meta.sha256,
            }
        )
    return records


def build_list_frame(raw_dir: Path, main: pd.DataFrame) -> tuple[pd.DataFrame, ListBuildSummary]:
    """The validated list table from the raw store, linked to ``main``, and its summary."""
    summary = ListBuildSummary()
    records = list_records(raw_dir, summary)
    names = [f.name for f in LIST_FIELDS]
    if not records:
        return schema.coerce_fields(pd.DataFrame(columns=names), LIST_FIELDS), summary
    df = pd.DataFrame(records)
    df["decision_date"] = pd.to_datetime(df["decision_date"], format="%Y-%m-%d")
    df["amount_eur"] = df["amount_eur"].astype("Int64")
    links = link_rows(df, main)
    df = pd.concat([df, links], axis=1)
    summary.linked = int((df["link_status"] == "linked").sum())
    summary.ambiguous = [
        (str(r["list_id"]), str(r["link_candidates"]).split(";"))
        for _, r in df[df["link_status"] == "ambiguous"].iterrows()
    ]
    summary.over_cap = [
        (str(r["list_id"]), int(r["amount_eur"]))
        for _, r in df.iterrows()
        if not pd.isna(r["amount_eur"])
        and law.over_simplified_cap(float(r["amount_eur"]), str(r["procedure"]))
    ]
    df = df.sort_values(["decision_date", "list_id"], kind="stable").reset_index(drop=True)
    return validate_list(schema.coerce_fields(df, LIST_FIELDS)), summary


def validate_list(df: pd.DataFrame) -> pd.DataFrame:
    """Validate a list frame against :data:`LIST_FIELDS` (unique ``list_id``)."""
    return schema.validate_with(
        df, schema.pandera_schema_for(LIST_FIELDS, ["list_id"], RESOURCE_NAME), "list_id"
    )


def list_resource(rows: int) -> dict[str, object]:
    """The ``datapackage.json`` resource of the list table."""
    return schema.tabular_resource(
        RESOURCE_NAME,
        LIST_CSV_NAME,
        LIST_FIELDS,
        rows,
        ["list_id"],
        description=(
            "One row per row of the CNIL's own table of its sanctions (« Les sanctions "
            "prononcées par la CNIL », via the GDPRxiv mirror): date, organisation type, "
            "breaches, measure and amount as the table states them, with the row's text as "
            "evidence, and the link to the full-text decision of cnil_sanctions.csv when one "
            "matches."
        ),
    )


def load_sanctions_list(path: Path | str | None = None) -> pd.DataFrame:
    """The CNIL's list table (``cnil_sanctions_list.csv``) with its dictionary's dtypes.

    Found like :func:`cnil_sanctions.load_sanctions` (``path``, ``$CNIL_SANCTIONS_DATA``, a
    rebuilt copy, else the copy shipped with the package); ``df.attrs["source_path"]`` says which.
    """
    from cnil_sanctions import paths

    chosen = paths.dataset_file(LIST_CSV_NAME, path)
    csv_path = str(chosen.file)
    with paths.open_csv(chosen.file) as handle:
        raw = pd.read_csv(handle, dtype=str, keep_default_na=False, na_values=[""])
    expected = [f.name for f in LIST_FIELDS]
    if list(raw.columns) != expected:
        raise SchemaError(
            f"{csv_path}: columns differ from the list field dictionary "
            f"(missing {[c for c in expected if c not in raw.columns]}, "
            f"extra {[c for c in raw.columns if c not in expected]})"
        )
    for f in LIST_FIELDS:
        if f.type == "boolean":
            bad = set(raw[f.name].dropna()) - {"true", "false"}
            if bad:
                raise SchemaError(f"{csv_path}: column {f.name} has non-boolean values {bad}")
            raw[f.name] = raw[f.name].map({"true": True, "false": False}, na_action="ignore")
        elif f.type == "integer":
            raw[f.name] = pd.to_numeric(raw[f.name], errors="raise")
    df = validate_list(schema.coerce_fields(raw, LIST_FIELDS))
    df.attrs["source_path"] = csv_path
    df.attrs["source_origin"] = chosen.origin
    return df
