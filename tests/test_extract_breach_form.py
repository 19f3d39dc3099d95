"""Reading rules for `data_breach` and single-member legal forms, each on real sentences
copied from the corpus decisions named in the comments."""

from __future__ import annotations

import pytest

from cnil_sanctions.extract.organisation import extract_organisation
from cnil_sanctions.extract.people import breach_evidence, has_data_breach
from cnil_sanctions.extract.sentences import split_sentences

# --- data_breach: a breach that occurred, not one quoted, denied, hypothesised or argued ----

#: corpus: SAN-2021-019 (notified breach), SAN-2019-005 (breach made possible by the defect),
#: SAN-2020-014 (the breach had a cause), SAN-2022-009 (breach concerned ~500 000 people)
FOUND = [
    "Le 18 mai 2020, la RATP a notifié à la Commission une violation de données à caractère "
    "personnel.",
    "Elle constate que ce défaut de sécurité a rendu possible la violation de données à "
    "caractère personnel dans la mesure où il a permis à des tiers non autorisés d’accéder à "
    "ces données.",
    "Tout d’abord, la formation restreinte souligne qu’il n’est pas contesté que la violation "
    "de données a pour cause l’ouverture des ports réseaux de la box Internet utilisée au "
    "domicile de M. [...] couplée au paramétrage de la fonction serveur du logiciel "
    "d’imagerie [...] .",
    "La formation restreinte observe ainsi que les vulnérabilités existantes ont été exploitées "
    "et que plusieurs violations de données ont eu lieu : des intrusions sur le serveur FTP, "
    "suivies par la diffusion d’un fichier contenant les données médico-administratives de "
    "près de 500 000 personnes.",
    # SAN-2021-020 and SAN-2022-022: a notification made (« notifié », « procédé … à une
    # notification de violation ») is a fact, not a duty
    "Le 17 février 2020, la société a notifié la violation de données à la Commission nationale "
    'de l’informatique et des libertés (ci-après la " Commission " ou la " CNIL ").',
    "Le 8 février 2019, la société a procédé auprès de la CNIL à une notification de violation "
    "de données à caractère personnel puis, le 22 février 2019 à une notification "
    "complémentaire.",
]

#: sentences that speak of a breach without finding that one occurred
NOT_FOUND = [
    # SAN-2023-006: no breach needed for the art. 32 grievance (said twice in the decision)
    "En second lieu, la formation restreinte rappelle que la survenance d’une attaque ou d’une "
    "violation de données n’est pas nécessaire à la caractérisation d’un manquement à "
    "l’article 32 du RGPD.",
    # SAN-2023-006: the company's defence, which says none occurred
    "En défense, la société soutient que le RGPD ne prévoit pas d’obligation de mettre en "
    "œuvre le protocole HTTPS et que la CNIL ne peut donc sanctionner l’usage du protocole "
    '" http " sur la base d’une simple recommandation alors même qu’il n’a fait l’objet '
    "d’aucune violation de données.",
    # SAN-2021-021 / SAN-2022-018: a breach is not required (« et non pas seulement »)
    "Outre ces recommandations, la formation restreinte souligne qu’elle a, à plusieurs "
    "reprises, adopté des sanctions pécuniaires où la caractérisation d’un manquement à "
    "l’article 32 du RGPD est le résultat de mesures insuffisantes pour garantir la sécurité "
    "des données traités, et non pas seulement le résultant de l’existence d’une violation de "
    "données à caractère personnel.",
    # SAN-2021-021: the company's argument that no breach occurred
    "S’agissant du manquement relatif à la sécurité des données, la société considère qu’en "
    "l’absence d’une violation de données à caractère personnel, la transmission en clair des "
    'mots de passe des utilisateurs n’est pas une " violation caractérisée de l’obligation de '
    'sécurité ".',
    # SAN-2022-018: defence and hypothesis about unauthorised access
    "En défense, l’organisme fait valoir que l’obligation de sécurité est une obligation de "
    "moyens qui doit être appréciée in concreto et que son inexécution doit être constatée par "
    "un constat de l’inefficacité des mesures mises en œuvre, ayant conduit à un accès non "
    "autorisé, ce qui n’est pas le cas en l’espèce.",
    # SAN-2020-003: the rule of art. 32(2), paraphrased (two mentions in one sentence)
    "Le responsable du traitement doit ainsi, conformément à l’article 32-2 du RGPD, tenir "
    "compte des risques que présente le traitement, résultant notamment de la destruction, de "
    "la perte, de l’altération, de la divulgation non autorisée de données à caractère "
    "personnel transmises, conservées ou traitées d’une autre manière, ou de l’accès non "
    "autorisé à de telles données, de manière accidentelle ou illicite.",
    # SAN-2023-009 (Criteo): a joint-controller agreement (art. 26) that does not share out the
    # duty to notify « une violation de données »: a duty named in the abstract, not a breach
    "En l’espèce, la formation restreinte relève qu’à la date des constatations, l’accord conclu "
    "par la société avec ses partenaires ne précisait pas certaines des obligations respectives "
    "des responsables de traitements vis-à-vis d’exigences contenues dans le RGPD, telles que "
    "l’exercice par les personnes concernées de leurs droits, l’obligation de notification d’une "
    "violation de données à l’autorité de contrôle et aux personnes concernées ou bien, le cas "
    "échéant, la réalisation d’une étude d’impact au titre de l’article 35 du RGPD.",
    # SAN-2020-008: the rapporteur's view of a duty to notify breaches, in the abstract
    "Le rapporteur estime que la société a manqué à son obligation de notifier les violations de "
    "données à caractère personnel, cette obligation ressortant des circonstances de la "
    "violation et des données concernées.",
]


@pytest.mark.parametrize("sentence", FOUND)
def test_a_breach_found_as_a_fact_is_a_data_breach(sentence: str) -> None:
    sents = split_sentences(sentence)
    assert has_data_breach(sents, [])
    assert breach_evidence(sents) == sentence


@pytest.mark.parametrize("sentence", NOT_FOUND)
def test_a_breach_quoted_denied_or_argued_is_not_a_data_breach(sentence: str) -> None:
    assert not has_data_breach(split_sentences(sentence), [])


def test_many_non_factual_mentions_do_not_add_up_to_a_breach() -> None:
    # corpus: SAN-2023-006 has three such mentions and no breach; the old rule counted two
    assert not has_data_breach(split_sentences(" ".join(NOT_FOUND)), [])


def test_a_retained_notification_article_is_a_data_breach() -> None:
    # corpus: SAN-2020-008 (GDPR 33 retained)
    assert has_data_breach(split_sentences(NOT_FOUND[0]), ["GDPR 32", "GDPR 33"])


# --- legal form: single-member companies -----------------------------------------------------


def _form(text: str) -> tuple[str | None, str | None]:
    res = extract_organisation(text, split_sentences(text), [], title=None)
    return res.legal_form, res.legal_form_evidence


@pytest.mark.parametrize(
    ("sentence", "form"),
    [
        # corpus: SAN-2022-009 (Dedalus Biologie)
        (
            'La société DEDALUS BIOLOGIE (ci-après " la société ") est une société par actions '
            "simplifiée à associé unique immatriculée au registre du commerce et des sociétés.",
            "SASU",
        ),
        # corpus: SAN-2022-015 (Ubeeqo International)
        (
            'La société Ubeeqo International (ci-après " Ubeeqo " ou " la société ") est une '
            "société par actions simplifiée unipersonnelle, dont le siège social est situé à "
            "Boulogne-Billancourt.",
            "SASU",
        ),
        # corpus: SAN-2023-003 (CITYSCOOT), a plain SAS stays SAS
        (
            'La société CITYSCOOT (ci-après " la société ") est une société par actions '
            "simplifiée au capital de 121 002,10 euros, sise 8 rue Bayen à Paris (75017).",
            "SAS",
        ),
        # corpus: SAN-2020-016 (PERFORMECLIC), a plain SARL stays SARL
        (
            "La société PERFORMECLIC (ci-après la société ) est une société à responsabilité "
            "limitée en activité depuis huit ans.",
            "SARL",
        ),
        # SAN-2020-016's sentence with the single-member wording of the Code de commerce
        # (art. L. 223-1) in place of the form: constructed, no corpus decision says it
        (
            "La société PERFORMECLIC (ci-après la société ) est une société à responsabilité "
            "limitée unipersonnelle en activité depuis huit ans.",
            "EURL",
        ),
    ],
)
def test_single_member_company_form_wins_over_the_general_form(sentence: str, form: str) -> None:
    got, evidence = _form(sentence)
    assert got == form
    assert evidence == sentence


# --- articles_violated: breach conclusions complete the operative part ----------------------


def _articles(text: str, operative: str) -> list[str]:
    from cnil_sanctions.extract.articles import extract_articles

    full = text + "\n" + operative
    sents = split_sentences(full)
    op = [s for s in sents if s.start >= full.index(operative)]
    return extract_articles([s for s in sents if s not in op], op)[0]


def test_section_conclusions_complete_the_operative_articles() -> None:
    # corpus: SAN-2019-006 (the injunction names art. 32; the reasoning retains 12 and 13)
    concl = (
        "Sur la base de ces éléments, la formation restreinte considère que le manquement aux "
        "articles 12 et 13 du Règlement est constitué."
    )
    operative = (
        "prononcer à l’encontre de la société X une amende pour le manquement à l’article 32 "
        "du Règlement."
    )
    assert _articles(concl, operative) == ["GDPR 12", "GDPR 13", "GDPR 32"]


def test_a_conclusion_never_refines_an_article_the_operative_part_names() -> None:
    # corpus: SAN-2022-022 (operative « 17 », a conclusion « 17, paragraphe 1, a) »)
    concl = "Un manquement à l’article 17, paragraphe 1, a) du RGPD est donc constitué."
    operative = "prononcer une amende pour les manquements aux articles 17 et 32 du RGPD."
    assert _articles(concl, operative) == ["GDPR 17", "GDPR 32"]


def test_an_article_of_an_arrete_is_not_a_gdpr_article() -> None:
    # corpus: SAN-2020-006
    from cnil_sanctions.extract.articles import parse_article_refs

    s = (
        "La formation restreinte relève d’abord que le manquement à l’article 5-1-a) est "
        "caractérisé par la transmission des données à caractère personnel à une personne qui, "
        "aux termes de l’article 3 de l’arrêté du 22 avril 2013, ne figure pas parmi les "
        "destinataires habilités."
    )
    assert parse_article_refs(s) == ["GDPR 5(1)(a)"]


def test_unmarked_article_82_cut_by_the_sentence_end_is_the_cookie_article() -> None:
    # corpus: SAN-2020-008 (sentence split at « (anciennement 32. II) de la loi … »)
    from cnil_sanctions.extract.articles import parse_article_refs

    s = (
        "prononcer à l’encontre de la société CARREFOUR FRANCE une amende administrative pour "
        "les manquements aux articles 5-1 e), 12 et 33 du RGPD, à l’article L34-5 du code des "
        "postes et des communications électroniques et à l’article 82 (anciennement 32."
    )
    assert parse_article_refs(s) == ["GDPR 5(1)(e)", "GDPR 12", "GDPR 33", "CPCE L34-5", "LIL 82"]
