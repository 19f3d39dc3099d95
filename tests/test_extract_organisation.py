"""Organisation facts (cnil_sanctions.extract.organisation) on real sentences of the corpus."""

from __future__ import annotations

from cnil_sanctions.extract.organisation import OrganisationResult, extract_organisation
from cnil_sanctions.extract.sentences import split_sentences


def _org(title: str, *sentences: str) -> OrganisationResult:
    text = "\n".join(sentences)
    return extract_organisation(text, split_sentences(text), [], title=title)


def test_role_evidence_is_the_formation_restreinte_finding_not_the_rapporteur() -> None:
    # corpus: SAN-2022-009 (the rapporteur's sentence comes first in the text)
    res = _org(
        "Délibération de la formation restreinte n° SAN-2022-009 du 15 avril 2022 concernant la "
        "société DEDALUS BIOLOGIE",
        "La société doit donc être regardée comme agissant en tant que sous-traitant des "
        "laboratoires au sens de l’article 4, point 8, du RGPD selon le rapporteur.",
        "À ce titre, elle relève qu’il ressort des éléments communiqués à la CNIL que la société "
        "DEDALUS BIOLOGIE agit en qualité de sous-traitant des traitements mis en œuvre pour le "
        "compte de ses clients, les laboratoires, qui sont responsables de traitement, dans la "
        "mesure où elle met à disposition des laboratoires des outils informatiques leur "
        "permettant de mettre en œuvre leurs traitements et qu’elle agit, de manière générale, "
        "uniquement sur la base de leurs instructions.",
    )
    assert res.role == "processor"
    assert res.role_evidence is not None and "DEDALUS BIOLOGIE agit" in res.role_evidence


def test_processor_qualification_of_another_company_and_quotes_are_not_the_role() -> None:
    # corpus: SAN-2021-012
    res = _org(
        "Délibération de la formation restreinte n°SAN-2021-012 du 26 juillet 2021 concernant la "
        "société MONSANTO COMPANY",
        "Inversement, la partie agissant en tant que sous-traitant ne peut jamais déterminer la "
        'finalité du traitement" (traduction libre).',
        "Ces éléments démontrent que la société FLEISHMAN-HILLARD a agi en tant que sous-traitant "
        "de la société MONSANTO, au sens de l’article 4(8) du RGPD.",
        "La formation restreinte considère donc, compte tenu de ces éléments, que la société "
        "MONSANTO doit être qualifiée de responsable de traitement.",
    )
    assert res.role == "controller"
    assert res.role_evidence is not None and res.role_evidence.startswith(
        "La formation restreinte considère donc"
    )


def test_individual_civility_is_written_out_and_legal_form_individual() -> None:
    # corpus: SAN-2020-014 (operative part)
    text = (
        "PAR CES MOTIFSLa formation restreinte de la CNIL, après en avoir délibéré, décide de "
        ":prononcer à l’encontre de M. [...] une amende administrative d’un montant de 3 000 € "
        "(trois mille euros) pour les manquements aux articles 32 et 33 du RGPD"
    )
    sentences = split_sentences(text)
    res = extract_organisation(text, sentences, sentences, title=None)
    assert (res.organisation, res.legal_form, res.anonymised) == (
        "Monsieur [...]",
        "individual",
        True,
    )
