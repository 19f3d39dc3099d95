"""People-affected rules (cnil_sanctions.extract.people): a table of (real sentences of the
corpus, expected (people_affected, unit, approximate)); the decision each comes from is noted."""

from __future__ import annotations

import pytest

from cnil_sanctions.extract.people import PeopleResult, extract_people
from cnil_sanctions.extract.sentences import split_sentences


def _people(*sentences: str) -> PeopleResult:
    return extract_people(split_sentences("\n".join(sentences)))


Triple = tuple[int | None, str | None, bool | None]

#: (sentences, expected (people_affected, unit, approx)); (None, None, None): nothing is read
CASES = [
    pytest.param(
        # corpus: SAN-2020-008 (retention breach 28 M loyalty members vs cookies 1.7 M visitors)
        (
            "La formation restreinte note que la délégation de contrôle a constaté la présence de "
            "données concernant des clients inactifs depuis plus de quatre ans, et notamment plus de "
            "vingt-huit millions de clients membres du programme fidélité inactifs depuis cinq à dix "
            "ans.",
            "Concernant le nombre de personnes concernées, ce critère est particulièrement aggravant "
            "pour le manquement relatif à la durée de conservation des données, qui a concerné "
            "plusieurs millions de personnes, pour l’information, puisque chaque personne ayant "
            "adhéré au programme fidélité ou ayant créé un compte sur le site carrefour.fr a été "
            "concernée, et pour le manquement relatif aux cookies, puisque des cookies ont été "
            "déposés sans consentement sur le terminal des 1,7 millions de visiteurs unique du site.",
        ),
        (28_000_000, "customers", True),
        id="largest_figure_tied_to_a_breach_is_the_headline",
    ),
    pytest.param(
        # corpus: SAN-2022-011
        (
            "La formation restreinte relève ensuite que la société est un acteur particulièrement "
            "important du secteur de la production et de la fourniture d’énergies puisqu’elle "
            "dénombrait, en 2021, environ 8 millions de clients et prospects, ce qui la classait au "
            "troisième rang des fournisseurs d’énergies en France.",
            "En l’espèce, la société a méconnu ses obligations résultant de l’article L. 34-5 du "
            "CPCE à l’égard des 4,6 millions de prospects, comptabilisés en septembre 2020, et pour "
            "lesquels une souscription, réalisée à partir du formulaire en ligne, était en cours.",
        ),
        (4_600_000, "prospects", False),
        id="breach_tie_beats_the_size_of_the_clientele",
    ),
    pytest.param(
        # corpus: SAN-2022-022 (the company's own argument about 322 subscribers is skipped)
        (
            "Enfin, la société rappelle qu’à l’issue de la campagne visant à rappeler les boîtiers "
            "concernés, elle a adressé une Freebox de remplacement aux 322 abonnés n’ayant pas "
            "restitué leur Freebox et qu’en tout état de cause, celles-ci ont été désactivées en "
            "juillet 2022.",
            "La formation restreinte relève ensuite que la société est un acteur particulièrement "
            "important du secteur des fournisseurs d’accès à Internet puisqu’elle dénombrait, en "
            "2021, environ 6,9 millions d’abonnés, ce qui la classait parmi les principaux "
            "fournisseurs d’accès à Internet.",
        ),
        (6_900_000, "customers", True),
        id="size_of_the_clientele_when_nothing_is_tied_to_a_breach",
    ),
    pytest.param(
        # corpus: SAN-2021-012
        (
            'Ce fichier, intitulé "French Monsanto stakeholders database - cultivating trust" , '
            "comportait une liste de 201 personnes résidant en France, dont des membres "
            "d’associations de protection de l’environnement.",
            "La formation restreinte souligne d’abord que le fichier en cause concernait plus de 200 "
            "personnes et que la société disposait pour la quasi-totalité d’entre elles d’une "
            "information de contact.",
        ),
        (201, "people", False),
        id="rounded_figure_is_refined_by_the_exact_one",
    ),
    pytest.param(
        # corpus: SAN-2021-012
        (
            "La formation restreinte rappelle à cet égard que, dans sa décision du 12 mars 2014, "
            "Société Pages Jaunes Groupe, n°353193, le Conseil d’Etat a considéré que l’information "
            "par le responsable de traitement de 25 millions de personnes concernées par la collecte "
            "de leurs données à caractère personnel n’était pas impossible.",
        ),
        (None, None, None),
        id="figure_quoted_from_another_case_is_skipped",
    ),
    pytest.param(
        # corpus: SAN-2021-024
        (
            "Ce dernier regroupe actuellement plus de 2,5 milliards d’utilisateurs actifs par mois "
            "dans le monde.",
        ),
        (None, None, None),
        id="worldwide_audience_is_not_the_people_affected",
    ),
    pytest.param(
        # corpus: SAN-2019-001
        (
            "La société fait ensuite valoir le faible nombre d’utilisateurs concernés par les "
            "manquements et indique que sur 76 000 personnes qui configurent un appareil sous le "
            "système d’exploitation x par jour, seul 5 000 personnes créent un compte.",
        ),
        (None, None, None),
        id="organisation_argument_is_skipped",
    ),
    pytest.param(
        # corpus: SAN-2019-006 (staff « emploie neuf salariés » is not the people affected)
        (
            "La société emploie neuf salariés et a réalisé un chiffre d’affaires de 885 739 euros "
            "en 2017 et un résultat net négatif de 110 844 euros.",
            "La délégation a constaté, lors du second contrôle réalisé le 10 octobre 2018, que le "
            "dispositif de vidéosurveillance installé dans le bureau des traducteurs ne présentait "
            "aucune modification depuis le contrôle initial du 16 février 2018 et qu’il permettait "
            "toujours une surveillance constante et permanente des six salariés.",
        ),
        (6, "employees", False),
        id="small_count_in_words_after_a_determiner",
    ),
    pytest.param(
        # corpus: SAN-2022-008 (people who now have access, not people affected)
        (
            "il ressort des réponses et justificatifs fournis par la société que seules trois "
            "personnes, dont les fonctions au sein de la société le justifient, ont désormais accès "
            "aux données.",
        ),
        (None, None, None),
        id="small_count_in_words_without_determiner_is_not_read",
    ),
    pytest.param(
        # corpus: SAN-2020-016
        (
            "Par ailleurs, la formation restreinte considère que la gravité des manquements est "
            "constituée au regard du nombre particulièrement important de personnes concernées, la "
            "base d’adresses électroniques détenue par la société comptant près de 20 millions "
            "d’adresses.",
            "La formation restreinte rappelle, deuxièmement, que les manquements ont concerné un très "
            "grand nombre de personnes, la base détenue par la société comportant 20 millions "
            "d’adresses électroniques de prospects.",
        ),
        (20_000_000, "prospects", True),
        id="records_take_the_noun_of_their_owners_and_any_approx_mention",
    ),
    pytest.param(
        # corpus: SAN-2019-007
        (
            "En second lieu, en ce qui concerne le nombre de personnes concernées par le défaut de "
            "sécurité, la formation restreinte relève que la délégation a constaté, lors du contrôle "
            "sur place, que la base contenait 148 359 numéros de téléphone distincts et 144 057 "
            "adresses électroniques distinctes concernant des clients.",
        ),
        (148_359, "customers", False),
        id="records_concerning_customers",
    ),
    pytest.param(
        # corpus: SAN-2022-009
        (
            "La formation restreinte relève, tout d’abord, les nombreux défauts de sécurité encadrant "
            "le serveur FTP MEGABUS, lequel était insuffisamment protégé, ce qui a entraîné une "
            "violation de données à caractère personnel massive : de très nombreuses données "
            "concernant 491 840 personnes ont été divulguées.",
            "Il est apparu que les données à caractère personnel de 491 840 patients y figuraient, "
            "parmi lesquelles :",
        ),
        (491_840, "patients", False),
        id="generic_people_gives_way_to_the_specific_noun",
    ),
    pytest.param(
        # held-out: SAN-2018-003 (the stored documents, not the sample downloaded)
        (
            "La formation restreinte relève qu’il ressort des pièces du dossier qu’à la date de "
            "l’incident de sécurité, 42 652 documents étaient stockés sur le disque dur de "
            "l’association avec les formulaires de demande remplis par les utilisateurs.",
            "La délégation de contrôle a pu télécharger un échantillon de 385 documents, après "
            "dédoublonnage, hébergés dans les répertoires de l’association.",
        ),
        (42_652, "documents", False),
        id="documents_are_a_unit",
    ),
    pytest.param(
        # held-out: SAN-2018-010
        (
            "En premier lieu, la formation restreinte relève que l’association ne conteste pas "
            "l’existence d’un incident de sécurité sur le sous-domaine […] qui a rendu accessibles "
            "413 144 documents contenant les données à caractère personnel des personnes suivant "
            "les cours de français qu’elle dispense.",
        ),
        (413_144, "documents", False),
        id="documents_made_accessible",
    ),
    pytest.param(
        # held-out: SAN-2018-007
        (
            "Elle estime par ailleurs que si les catégories de données à caractère personnel "
            "traitées (nom, prénom et adresse postale) ne sont pas de nature à porter une atteinte "
            "irrémédiable à la vie privée des locataires visés, en revanche, le nombre de "
            "personnes concernées est important, X indiquant gérer 16 000 logements sociaux.",
        ),
        (16_000, "dwellings", False),
        id="dwellings_are_a_unit",
    ),
    pytest.param(
        # held-out: SAN-2018-008
        (
            "Elle a également confirmé que la violation de données avait concerné 82,5 millions "
            "d’adresses de comptes ainsi que 18,3 millions de mots de passe chiffrés",
        ),
        (82_500_000, "accounts", False),
        id="addresses_of_accounts_count_accounts",
    ),
    pytest.param(
        # held-out: SAN-2021-016 (records counted with their people; the exact figure for the
        # same population beats the rounded one)
        (
            "La formation restreinte relève également qu’un très grand nombre de personnes sont "
            "concernées par ce fichier, le ministère de l'intérieur lui-même évoquant, dans ses "
            "opérations de mise en conformité, la suppression de plus de trois millions de fiches "
            '"signalisation" concernant près de 800 000 personnes.',
            "L’ensemble des fiches dont la durée de conservation était dépassée a été supprimé, "
            "soit plus de trois millions de signalisations concernant 790 000 personnes.",
        ),
        (790_000, "people", False),
        id="records_concerning_people_count_the_people_exact_over_rounded",
    ),
    pytest.param(
        # held-out: SAN-2021-016, the rounded sentence alone
        (
            "La formation restreinte relève également qu’un très grand nombre de personnes sont "
            "concernées par ce fichier, le ministère de l'intérieur lui-même évoquant, dans ses "
            "opérations de mise en conformité, la suppression de plus de trois millions de fiches "
            '"signalisation" concernant près de 800 000 personnes.',
        ),
        (800_000, "people", True),
        id="records_concerning_people_count_the_people",
    ),
]


@pytest.mark.parametrize(("sentences", "expected"), CASES)
def test_people_affected(sentences: tuple[str, ...], expected: Triple) -> None:
    res = _people(*sentences)
    assert (res.people_affected, res.unit, res.approx) == expected


def test_the_rival_figure_is_recorded_as_a_conflict() -> None:
    # corpus: SAN-2020-008: the 1.7 M cookie visitors lose to the 28 M loyalty members
    sentences = next(
        p.values[0] for p in CASES if p.id == "largest_figure_tied_to_a_breach_is_the_headline"
    )
    assert _people(*sentences).conflicts


def test_the_evidence_is_the_sentence_of_the_exact_figure() -> None:
    # corpus: SAN-2021-012: « plus de 200 » is refined by « 201 personnes »
    sentences = next(
        p.values[0] for p in CASES if p.id == "rounded_figure_is_refined_by_the_exact_one"
    )
    res = _people(*sentences)
    assert res.evidence is not None and "201 personnes" in res.evidence
