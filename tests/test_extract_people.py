"""People-affected rules (cnil_sanctions.extract.people), each on real sentences of the corpus."""

from __future__ import annotations

from cnil_sanctions.extract.people import PeopleResult, extract_people
from cnil_sanctions.extract.sentences import split_sentences


def _people(*sentences: str) -> PeopleResult:
    return extract_people(split_sentences("\n".join(sentences)))


def _triple(res: PeopleResult) -> tuple[int | None, str | None, bool | None]:
    return res.people_affected, res.unit, res.approx


def test_largest_figure_tied_to_a_breach_is_the_headline() -> None:
    # corpus: SAN-2020-008 (retention breach 28 M loyalty members vs cookies 1.7 M visitors)
    res = _people(
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
    )
    assert _triple(res) == (28_000_000, "customers", True)
    assert res.conflicts  # the 1.7 M rival is recorded


def test_breach_tie_beats_the_size_of_the_clientele() -> None:
    # corpus: SAN-2022-011
    res = _people(
        "La formation restreinte relève ensuite que la société est un acteur particulièrement "
        "important du secteur de la production et de la fourniture d’énergies puisqu’elle "
        "dénombrait, en 2021, environ 8 millions de clients et prospects, ce qui la classait au "
        "troisième rang des fournisseurs d’énergies en France.",
        "En l’espèce, la société a méconnu ses obligations résultant de l’article L. 34-5 du "
        "CPCE à l’égard des 4,6 millions de prospects, comptabilisés en septembre 2020, et pour "
        "lesquels une souscription, réalisée à partir du formulaire en ligne, était en cours.",
    )
    assert _triple(res) == (4_600_000, "prospects", False)


def test_size_of_the_clientele_when_nothing_is_tied_to_a_breach() -> None:
    # corpus: SAN-2022-022 (the company's own argument about 322 subscribers is skipped)
    res = _people(
        "Enfin, la société rappelle qu’à l’issue de la campagne visant à rappeler les boîtiers "
        "concernés, elle a adressé une Freebox de remplacement aux 322 abonnés n’ayant pas "
        "restitué leur Freebox et qu’en tout état de cause, celles-ci ont été désactivées en "
        "juillet 2022.",
        "La formation restreinte relève ensuite que la société est un acteur particulièrement "
        "important du secteur des fournisseurs d’accès à Internet puisqu’elle dénombrait, en "
        "2021, environ 6,9 millions d’abonnés, ce qui la classait parmi les principaux "
        "fournisseurs d’accès à Internet.",
    )
    assert _triple(res) == (6_900_000, "customers", True)


def test_rounded_figure_is_refined_by_the_exact_one() -> None:
    # corpus: SAN-2021-012
    res = _people(
        'Ce fichier, intitulé "French Monsanto stakeholders database - cultivating trust" , '
        "comportait une liste de 201 personnes résidant en France, dont des membres "
        "d’associations de protection de l’environnement.",
        "La formation restreinte souligne d’abord que le fichier en cause concernait plus de 200 "
        "personnes et que la société disposait pour la quasi-totalité d’entre elles d’une "
        "information de contact.",
    )
    assert _triple(res) == (201, "people", False)
    assert res.evidence is not None and "201 personnes" in res.evidence


def test_figure_quoted_from_another_case_is_skipped() -> None:
    # corpus: SAN-2021-012
    res = _people(
        "La formation restreinte rappelle à cet égard que, dans sa décision du 12 mars 2014, "
        "Société Pages Jaunes Groupe, n°353193, le Conseil d’Etat a considéré que l’information "
        "par le responsable de traitement de 25 millions de personnes concernées par la collecte "
        "de leurs données à caractère personnel n’était pas impossible."
    )
    assert res.people_affected is None


def test_worldwide_audience_is_not_the_people_affected() -> None:
    # corpus: SAN-2021-024
    res = _people(
        "Ce dernier regroupe actuellement plus de 2,5 milliards d’utilisateurs actifs par mois "
        "dans le monde."
    )
    assert res.people_affected is None


def test_organisation_argument_is_skipped() -> None:
    # corpus: SAN-2019-001
    res = _people(
        "La société fait ensuite valoir le faible nombre d’utilisateurs concernés par les "
        "manquements et indique que sur 76 000 personnes qui configurent un appareil sous le "
        "système d’exploitation x par jour, seul 5 000 personnes créent un compte."
    )
    assert res.people_affected is None


def test_small_count_in_words_after_a_determiner() -> None:
    # corpus: SAN-2019-006 (staff « emploie neuf salariés » is not the people affected)
    res = _people(
        "La société emploie neuf salariés et a réalisé un chiffre d’affaires de 885 739 euros "
        "en 2017 et un résultat net négatif de 110 844 euros.",
        "La délégation a constaté, lors du second contrôle réalisé le 10 octobre 2018, que le "
        "dispositif de vidéosurveillance installé dans le bureau des traducteurs ne présentait "
        "aucune modification depuis le contrôle initial du 16 février 2018 et qu’il permettait "
        "toujours une surveillance constante et permanente des six salariés.",
    )
    assert _triple(res) == (6, "employees", False)


def test_small_count_in_words_without_determiner_is_not_read() -> None:
    # corpus: SAN-2022-008 (people who now have access, not people affected)
    res = _people(
        "il ressort des réponses et justificatifs fournis par la société que seules trois "
        "personnes, dont les fonctions au sein de la société le justifient, ont désormais accès "
        "aux données."
    )
    assert res.people_affected is None


def test_records_take_the_noun_of_their_owners_and_any_approx_mention() -> None:
    # corpus: SAN-2020-016
    res = _people(
        "Par ailleurs, la formation restreinte considère que la gravité des manquements est "
        "constituée au regard du nombre particulièrement important de personnes concernées, la "
        "base d’adresses électroniques détenue par la société comptant près de 20 millions "
        "d’adresses.",
        "La formation restreinte rappelle, deuxièmement, que les manquements ont concerné un très "
        "grand nombre de personnes, la base détenue par la société comportant 20 millions "
        "d’adresses électroniques de prospects.",
    )
    assert _triple(res) == (20_000_000, "prospects", True)


def test_records_concerning_customers() -> None:
    # corpus: SAN-2019-007
    res = _people(
        "En second lieu, en ce qui concerne le nombre de personnes concernées par le défaut de "
        "sécurité, la formation restreinte relève que la délégation a constaté, lors du contrôle "
        "sur place, que la base contenait 148 359 numéros de téléphone distincts et 144 057 "
        "adresses électroniques distinctes concernant des clients."
    )
    assert _triple(res) == (148_359, "customers", False)


def test_generic_people_gives_way_to_the_specific_noun() -> None:
    # corpus: SAN-2022-009
    res = _people(
        "La formation restreinte relève, tout d’abord, les nombreux défauts de sécurité encadrant "
        "le serveur FTP MEGABUS, lequel était insuffisamment protégé, ce qui a entraîné une "
        "violation de données à caractère personnel massive : de très nombreuses données "
        "concernant 491 840 personnes ont été divulguées.",
        "Il est apparu que les données à caractère personnel de 491 840 patients y figuraient, "
        "parmi lesquelles :",
    )
    assert _triple(res) == (491_840, "patients", False)
