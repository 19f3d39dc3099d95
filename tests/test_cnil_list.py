"""The CNIL's own table of sanctions: the row parser, the stored rows, the list table and its links."""

from __future__ import annotations

import csv
import json
import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from cnil_sanctions import load_sanctions, load_sanctions_list, schema
from cnil_sanctions.errors import SourceFormatError
from cnil_sanctions.sanctions_list import (
    LIST_CSV_NAME,
    LIST_FIELDS,
    link_rows,
    organisation_kind_of_type,
)
from cnil_sanctions.sources.cnil_list import SOURCE_NAME, parse_row
from cnil_sanctions.store import RawStore

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"

# Real rows of the CNIL's table, copied from the raw store (data/raw/cnil_list), each with what it
# says, read by hand: (text, date, organisation type, procedure, breaches, articles, measure,
# injunction, amounts).
REAL_ROWS = [
    (
        "DATE: 2024-01-09 TYPE D'ORGANISME: EDITEUR DE SITE WEB - ANNUAIRE INVERSE (procédure "
        "simplifiée) MANQUEMENTS PRINCIPAUX / THEME: Défaut de coopération avec  la CNIL\n\t\t\t"
        "Non respect du droit d'accès\n\t\t\tNon respect du droit d'opposition DECISION ADOPTEE: "
        "Amende administrative de 1 500 euros",
        date(2024, 1, 9),
        "EDITEUR DE SITE WEB - ANNUAIRE INVERSE",
        "simplified",
        (
            "Défaut de coopération avec la CNIL",
            "Non respect du droit d'accès",
            "Non respect du droit d'opposition",
        ),
        (),
        "fine",
        False,
        (1500,),
    ),
    (
        "DATE: 2024-12-12 TYPE D'ORGANISME: DEUX SOCIETES EXERCANT DES ACTIVITES D'AGENCES DE "
        "PRESSE (procédure simplifiée) MANQUEMENTS PRINCIPAUX / THEME: Consentement des personnes "
        "(cookies) DECISION ADOPTEE: Amendes administratives de 5 000 et 5 000 euros",
        date(2024, 12, 12),
        "DEUX SOCIETES EXERCANT DES ACTIVITES D'AGENCES DE PRESSE",
        "simplified",
        ("Consentement des personnes (cookies)",),
        (),
        "fine",
        False,
        (5000, 5000),
    ),
    (
        "DATE: 2024-12-05 TYPE D'ORGANISME: SOCIETE SPECIALISEE DANS L'ELABORATION ET "
        "ORGANISATION DE CAMPAGNES PUBLICITAIRES (procédure simplifiée) MANQUEMENTS PRINCIPAUX / "
        "THEME: Prospection commerciale (article L. 34-5 CPCE)\n\t\t\tDurée de conservation\n\t\t\t"
        "Information des personnes et transparence DECISION ADOPTEE: Amende administrative de "
        "20 000 euros",
        date(2024, 12, 5),
        "SOCIETE SPECIALISEE DANS L'ELABORATION ET ORGANISATION DE CAMPAGNES PUBLICITAIRES",
        "simplified",
        (
            "Prospection commerciale (article L. 34-5 CPCE)",
            "Durée de conservation",
            "Information des personnes et transparence",
        ),
        ("CPCE L34-5",),
        "fine",
        False,
        (20000,),
    ),
    (
        "DATE: 2024-10-17 TYPE D'ORGANISME: CHIRURGIEN DENTISTE (procédure simplifiée) "
        "MANQUEMENTS PRINCIPAUX / THEME: Non respect du droit d'accès (dossier médical)\n\t\t\t"
        "Défaut de coopération avec la CNIL DECISION ADOPTEE: Amende administrative  3 000 euros "
        "et injonction",
        date(2024, 10, 17),
        "CHIRURGIEN DENTISTE",
        "simplified",
        ("Non respect du droit d'accès (dossier médical)", "Défaut de coopération avec la CNIL"),
        (),
        "fine",
        True,
        (3000,),
    ),
    (
        "DATE: 2024-09-26 TYPE D'ORGANISME: SOCIETE DE MARKETING (procédure simplifiée) "
        "MANQUEMENTS PRINCIPAUX / THEME: Absence de réponse à l'injonction et non-conformité "
        "(procédure d'injonction) DECISION ADOPTEE: Liquidation astreinte de 3 000 euros",
        date(2024, 9, 26),
        "SOCIETE DE MARKETING",
        "simplified",
        ("Absence de réponse à l'injonction et non-conformité (procédure d'injonction)",),
        (),
        "penalty_liquidation",
        False,
        (3000,),
    ),
    (
        "DATE: 2024-07-09 TYPE D'ORGANISME: MINISTERE MANQUEMENTS PRINCIPAUX / THEME: Durée de "
        "conservation\n\t\t\tObligation de traiter les données de façon licite DECISION ADOPTEE: "
        "Rappel à l'ordre et injonction",
        date(2024, 7, 9),
        "MINISTERE",
        "unknown",
        ("Durée de conservation", "Obligation de traiter les données de façon licite"),
        (),
        "reprimand",
        True,
        (),
    ),
    (
        "DATE: 2022-01-22 TYPE D'ORGANISME: SOCIETE D'ENTRETIEN ET DE REPARATION DE VEHICULES "
        "AUTOMOBILES MANQUEMENTS PRINCIPAUX / THEME: Défaut de coopération avec la CNIL DECISION "
        "ADOPTEE: Amende de 3000 euros et injonction sous astreinte",
        date(2022, 1, 22),
        "SOCIETE D'ENTRETIEN ET DE REPARATION DE VEHICULES AUTOMOBILES",
        "unknown",
        ("Défaut de coopération avec la CNIL",),
        (),
        "fine",
        True,
        (3000,),
    ),
    (
        "DATE: 2021-10-28 TYPE D'ORGANISME: ORGANISME PRIVÉ MANQUEMENTS PRINCIPAUX / THEME: "
        "Absence de conformité à la suite de l'injonction prononcée DECISION ADOPTEE: Liquidation "
        "de l'astreinte de 65 000 euros",
        date(2021, 10, 28),
        "ORGANISME PRIVÉ",
        "unknown",
        ("Absence de conformité à la suite de l'injonction prononcée",),
        (),
        "penalty_liquidation",
        False,
        (65000,),
    ),
    (
        "DATE: 2020-12-08 TYPE D'ORGANISME: SOCIÉTÉ DE PRESTATIONS DE GARDE D'ENFANTS À DOMICILE "
        "MANQUEMENTS PRINCIPAUX / THEME: Manquement au principe de minimisation des données ; "
        "manquement relatif à la durée de conservation ; manquement à l’obligation d’assurer la "
        "sécurité des données DECISION ADOPTEE: Injonction sous astreinte",
        date(2020, 12, 8),
        "SOCIÉTÉ DE PRESTATIONS DE GARDE D'ENFANTS À DOMICILE",
        "unknown",
        (
            "Manquement au principe de minimisation des données",
            "manquement relatif à la durée de conservation",
            "manquement à l’obligation d’assurer la sécurité des données",
        ),
        (),
        "injunction",
        True,
        (),
    ),
    (
        "DATE: 2019-12-30 TYPE D'ORGANISME: SOCIETE D'AIDE A DOMICILE DES PERSONNES AGEES ET "
        "HANDICAPEES MANQUEMENTS PRINCIPAUX / THEME: Manquement au principe de limitation de la "
        "durée de conservation, défaut d'information des personnes, manquement à l'obligation "
        "d'assurer la sécurité des données traitées par un sous-traitant DECISION ADOPTEE: "
        "Sanction pécuniaire et injonction sous astreinte",
        date(2019, 12, 30),
        "SOCIETE D'AIDE A DOMICILE DES PERSONNES AGEES ET HANDICAPEES",
        "unknown",
        (
            "Manquement au principe de limitation de la durée de conservation, défaut "
            "d'information des personnes, manquement à l'obligation d'assurer la sécurité des "
            "données traitées par un sous-traitant",
        ),
        (),
        "fine",
        True,
        (),
    ),
    (
        "DATE: 2020-09-03 TYPE D'ORGANISME: ASSOCIATION POLITIQUE MANQUEMENTS PRINCIPAUX / THEME: "
        "Défaut de coopération avec les services de la CNIL DECISION ADOPTEE: Non-lieu",
        date(2020, 9, 3),
        "ASSOCIATION POLITIQUE",
        "unknown",
        ("Défaut de coopération avec les services de la CNIL",),
        (),
        "no_sanction",
        False,
        (),
    ),
    (
        "DATE: 2019-01-31 TYPE D'ORGANISME: MOTEUR DE RECHERCHE MANQUEMENTS PRINCIPAUX / THEME: "
        "Déréférencement DECISION ADOPTEE: Abandon des poursuites",
        date(2019, 1, 31),
        "MOTEUR DE RECHERCHE",
        "unknown",
        ("Déréférencement",),
        (),
        "proceedings_dropped",
        False,
        (),
    ),
    (
        "DATE: 2018-06-26 TYPE D'ORGANISME: TRANSPORT ROUTIER DE FRET DE PROXIMITE MANQUEMENTS "
        "PRINCIPAUX / THEME: Non réponse et droit d'accès à un dossier d'un salarié (notamment aux "
        "données d'un chronotachygraphe) DECISION ADOPTEE: Avertissement non public",
        date(2018, 6, 26),
        "TRANSPORT ROUTIER DE FRET DE PROXIMITE",
        "unknown",
        (
            "Non réponse et droit d'accès à un dossier d'un salarié (notamment aux données "
            "d'un chronotachygraphe)",
        ),
        (),
        "warning",
        False,
        (),
    ),
]


@pytest.mark.parametrize(
    ("text", "day", "org", "procedure", "breaches", "articles", "kind", "injunction", "amounts"),
    REAL_ROWS,
    ids=[f"{r[1]}-{r[6]}" for r in REAL_ROWS],
)
def test_parse_real_row(
    text: str,
    day: date,
    org: str,
    procedure: str,
    breaches: tuple[str, ...],
    articles: tuple[str, ...],
    kind: str,
    injunction: bool,
    amounts: tuple[int, ...],
) -> None:
    row = parse_row(text, "real-row")
    assert row.decision_date == day
    assert row.organisation_type == org
    assert row.procedure == procedure
    assert row.breaches == breaches
    assert row.breach_articles == articles
    assert row.measure_kind == kind
    assert row.injunction is injunction
    assert row.amounts_eur == amounts
    assert row.amount_eur == (sum(amounts) if amounts else None)
    # evidence: every segment is the row's own words
    for segment in (row.organisation_type_text, row.breaches_text, row.decision_text):
        assert segment in text


_GOOD = REAL_ROWS[0][0]


# Synthetic inputs: the first real row above with one part changed, to show each refusal.
@pytest.mark.parametrize(
    ("text", "message"),
    [
        (_GOOD.replace("DATE: 2024-01-09", "DATE: 09/01/2024"), "not an ISO date"),
        (_GOOD.replace("DATE: 2024-01-09", "DATE: 2124-01-09"), "implausible DATE"),
        (_GOOD.replace("DATE: 2024-01-09", "DATE: 1970-01-09"), "implausible DATE"),
        (_GOOD.replace("Amende administrative de", "Blâme de"), "unknown DECISION ADOPTEE"),
        (_GOOD.replace("de 1 500 euros", "de mille"), "no amount"),
        (_GOOD + " publique", "unexpected words after the measure"),
        (_GOOD.replace("DECISION ADOPTEE:", "DECISION ADOPTEE: NOTE: x DECISION ADOPTEE:"), "once"),
        (_GOOD.replace(" MANQUEMENTS", " SECTEUR: web MANQUEMENTS"), "unknown labels"),
        (_GOOD.replace("TYPE D'ORGANISME:", "ORGANISME:"), "found 0 times"),
        ("x " + _GOOD, "text before"),
        (_GOOD.replace("1 500", "0"), "implausible amount"),
    ],
)
def test_parse_row_refuses_bad_input_loudly(text: str, message: str) -> None:
    with pytest.raises(SourceFormatError, match=message) as info:
        parse_row(text, "folder-x/fr.txt")
    assert "folder-x/fr.txt" in str(info.value)


def _manifest() -> list[dict[str, str]]:
    with (DATA / "raw" / "cnil_list_manifest.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_every_stored_row_is_in_the_manifest_with_its_exact_length_and_parses() -> None:
    manifest = {r["sha256"]: r for r in _manifest()}
    entries = list(RawStore(DATA / "raw").entries(SOURCE_NAME))
    assert len(entries) == len(manifest) >= 120
    for entry in entries:
        text = entry.read_bytes().decode("utf-8")
        row = manifest[entry.meta.sha256]
        assert len(text) == int(row["chars"]), row["mirror_folder"]
        assert row["mirror_folder"] in (entry.meta.mirror or "")
        assert row["commit"] in (entry.meta.mirror or "")
        assert parse_row(text, str(entry.folder)).decision_date.isoformat() == row["decision_date"]


def test_list_table_matches_the_store_and_keeps_the_row_text_as_evidence() -> None:
    df = load_sanctions_list()
    assert len(df) == len(_manifest())
    assert df["list_id"].is_unique
    assert str(df["decision_date"].dtype) == "datetime64[ns]"
    assert str(df["amount_eur"].dtype) == "Int64"
    for _, r in df.iterrows():
        assert r["row_text"].startswith(f"DATE: {r['decision_date'].date().isoformat()} ")
        for col in ("organisation_type_evidence", "breaches_evidence", "measure_evidence"):
            assert r[col] in r["row_text"]
        if not pd.isna(r["amount_eur"]):
            several = r["amount_parts_eur"]
            parts = str(several).split(";") if not pd.isna(several) else [str(r["amount_eur"])]
            assert sum(int(p) for p in parts) == r["amount_eur"]
            compact = re.sub(r"\s", "", r["measure_evidence"])
            assert all(p in compact for p in parts), r["list_id"]


def test_every_link_agrees_with_the_main_table_and_ambiguities_are_listed() -> None:
    rows = load_sanctions_list()
    main = load_sanctions().set_index("decision_id")
    for _, r in rows[rows["link_status"] == "linked"].iterrows():
        d = main.loc[r["linked_decision_id"]]
        assert d["decision_date"] == r["decision_date"]
        amount = d["fine_eur"] if r["measure_kind"] == "fine" else d["penalty_liquidated_eur"]
        assert int(amount) == int(r["amount_eur"])
    for _, r in rows[rows["link_status"] == "ambiguous"].iterrows():
        assert pd.isna(r["linked_decision_id"])
        candidates = str(r["link_candidates"]).split(";")
        assert len(candidates) >= 2
        for c in candidates:
            assert main.loc[c, "decision_date"] == r["decision_date"]
    unlinked = rows[rows["link_status"] == "unlinked"]
    assert unlinked["linked_decision_id"].isna().all()
    assert unlinked["link_candidates"].isna().all()


def _main(*rows: tuple[str, str, float | None, float | None, str | None]) -> pd.DataFrame:
    return pd.DataFrame(
        rows,
        columns=[
            "decision_id",
            "decision_date",
            "fine_eur",
            "penalty_liquidated_eur",
            "legal_form",
        ],
    )


def _rows(*rows: tuple[str, str, int | None, str]) -> pd.DataFrame:
    df = pd.DataFrame(
        rows, columns=["decision_date", "measure_kind", "amount_eur", "organisation_type"]
    )
    df["amount_eur"] = df["amount_eur"].astype("Int64")
    return df


def test_link_rule_table() -> None:
    # synthetic main-table rows and list rows (ids and amounts made up) for each case of the rule
    main = _main(
        ("SAN-2030-001", "2030-01-10", 5000, None, "SAS"),
        ("SAN-2030-002", "2030-01-11", 3000, None, "SAS"),
        ("SAN-2030-003", "2030-01-11", 3000, None, None),
        ("SAN-2030-004", "2030-01-12", 4000, None, "individual"),
        ("SAN-2030-005", "2030-01-13", None, 2000, "SAS"),
    )
    rows = _rows(
        ("2030-01-10", "fine", 5000, "SOCIETE DE VENTE"),  # one match: linked
        ("2030-01-10", "fine", 6000, "SOCIETE DE VENTE"),  # other amount: unlinked
        ("2030-01-11", "fine", 3000, "SOCIETE DE VENTE"),  # two matches: ambiguous
        ("2030-01-12", "fine", 4000, "MINISTERE"),  # public body vs individual: unlinked
        ("2030-01-12", "fine", 4000, "MEDECIN GENERALISTE"),  # individual: linked
        ("2030-01-13", "penalty_liquidation", 2000, "SOCIETE"),  # liquidation amount: linked
        ("2030-01-13", "fine", 2000, "SOCIETE"),  # a fine is not a liquidation: unlinked
        ("2030-01-10", "reprimand", None, "SOCIETE DE VENTE"),  # no amount: never linked
    )
    links = link_rows(rows, main)
    assert links.fillna("-").values.tolist() == [
        ["linked", "SAN-2030-001", "-"],
        ["unlinked", "-", "-"],
        ["ambiguous", "-", "SAN-2030-002;SAN-2030-003"],
        ["unlinked", "-", "-"],
        ["linked", "SAN-2030-004", "-"],
        ["linked", "SAN-2030-005", "-"],
        ["unlinked", "-", "-"],
        ["unlinked", "-", "-"],
    ]


@pytest.mark.parametrize(
    ("org_type", "kind"),
    [
        ("MEDECIN GENERALISTE", "individual"),
        ("PARTICULIERS", "individual"),
        ("COMMUNE", "public_body"),
        ("ÉTABLISSEMENT PUBLIC NATIONAL A CARACTÈRE ADMINISTRATIF", "public_body"),
        ("ETABLISSEMENT D'ENSEIGNEMENT SUPERIEUR PRIVE", None),
        ("SOCIETE DE MARKETING", None),
    ],
)
def test_organisation_kind_of_type(org_type: str, kind: str | None) -> None:
    assert organisation_kind_of_type(org_type) == kind


def test_list_resource_in_the_datapackage_derives_from_the_dictionary() -> None:
    descriptor = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    by_name = {r["name"]: r for r in descriptor["resources"]}
    resource = by_name["cnil_sanctions_list"]
    assert resource["path"] == LIST_CSV_NAME
    assert [f["name"] for f in resource["schema"]["fields"]] == [f.name for f in LIST_FIELDS]
    assert resource["rows"] == len(load_sanctions_list())
    assert schema.frictionless_fields(LIST_FIELDS) == resource["schema"]["fields"]
