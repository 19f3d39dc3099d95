"""Reading rules added after the first held-out run (docs/evaluation.md), each on real
sentences copied from the held-out decisions named in the comments."""

from __future__ import annotations

import pytest

from cnil_sanctions.extract.organisation import extract_organisation
from cnil_sanctions.extract.people import extract_people
from cnil_sanctions.extract.sector import sector_of
from cnil_sanctions.extract.sentences import split_sentences
from cnil_sanctions.extract.staff import extract_siren, extract_staff
from cnil_sanctions.extract.turnover import extract_turnover

# --- 1a. legal maxima are not turnover ------------------------------------------------------


def test_percentage_or_amount_cap_is_not_a_turnover() -> None:
    # corpus: SAN-2022-026 (also SAN-2022-023, SAN-2022-027)
    s = (
        "La formation restreinte rappelle que l’article 20, paragraphe III, de la loi "
        "Informatique et Libertés lui donne compétence pour prononcer diverses sanctions, "
        "notamment des amendes administratives dont le montant maximal peut être équivalant à "
        "2 % du chiffre d’affaires annuel mondial total de l’exercice précédent réalisé par le "
        "responsable de traitement ou à 10 millions d’euros."
    )
    res = extract_turnover(split_sentences(s), ["VOODOO"])
    assert res.figures == [] and res.turnover_eur is None


def test_cap_alternative_in_a_retenu_sentence_is_not_a_turnover() -> None:
    # corpus: SAN-2022-026 (« étant retenu » must not make the 10 M€ cap a basis)
    s = (
        "En dernier lieu, la formation restreinte rappelle qu’en application des dispositions "
        "de l’article 20, paragraphe III, de la loi Informatique et Libertés, la société VOODOO "
        "encourt une sanction financière d’un montant maximum de 2% de son chiffre d’affaires, "
        "lequel s’est élevé à plus de […]euros en 2020 et à environ […] euros en 2021, ou de 10 "
        "millions d’euros, le montant le plus élevé étant retenu."
    )
    res = extract_turnover(split_sentences(s), ["VOODOO"])
    assert res.figures == [] and res.turnover_eur is None
    assert res.redacted


def test_the_fine_after_a_cap_sentence_is_not_a_turnover() -> None:
    # corpus: SAN-2022-025
    s = (
        "Il résulte de tout ce qui précède et des critères dont il a été dûment tenu compte par "
        "la formation restreinte, au vu du montant maximum encouru établi sur la base de 2 % du "
        "chiffre d’affaires, qu’il est justifié de prononcer une amende administrative à hauteur "
        "de 8 millions d’euros."
    )
    assert extract_turnover(split_sentences(s), ["APPLE DISTRIBUTION INTERNATIONAL"]).figures == []


def test_basis_of_the_fine_still_counts_despite_the_word_amende() -> None:
    # corpus: SAN-2020-008
    s = (
        "En conclusion, la formation restreinte retient que le chiffre d'affaires de "
        "l’entreprise, au sens d’unité économique, servant de base au calcul de l’assiette de "
        "l’amende s’élève à 14,9 milliards d’euros en 2019."
    )
    res = extract_turnover(split_sentences(s), ["CARREFOUR FRANCE"])
    assert (res.turnover_eur, res.turnover_year) == (14_900_000_000, 2019)


# --- 1b. a sister company's turnover is kept as a figure, never relied on --------------------

MICROSOFT_FRANCE = (
    "4. La société MICROSOFT FRANCE, filiale de la société MICROSOFT CORPORATION et société "
    "sœur de la société MIOL, est une société par actions simplifiée, immatriculée au registre "
    "du commerce et des sociétés de Nanterre sous le numéro 327733184, dont le siège social est "
    "situé 37/45, quai du Président Roosevelt, Issy-les-Moulineaux (92130). Elle est spécialisée "
    "dans la distribution, la promotion et la vente de produits et services informatiques. En "
    "2020, elle a réalisé un chiffre d’affaires de 2,2 milliards d’euros, pour un résultat net "
    "de 77,9 millions d’euros et, en 2021, de 2,6 milliards d’euros pour un résultat net de "
    "92,4 millions d’euros."
)  # corpus: SAN-2022-023, sanctioned: MICROSOFT IRELAND OPERATIONS LIMITED


def test_sister_company_turnover_is_a_group_figure_not_the_turnover_relied_on() -> None:
    res = extract_turnover(
        split_sentences(MICROSOFT_FRANCE), ["MICROSOFT IRELAND OPERATIONS LIMITED"]
    )
    assert res.turnover_eur is None and res.net_income_eur is None
    assert {(f["value"], f["year"], f["kind"], f["scope"]) for f in res.figures} == {
        (2_200_000_000, 2020, "turnover", "group"),
        (77_900_000, 2020, "net_income", "group"),
        (2_600_000_000, 2021, "turnover", "group"),
        (92_400_000, 2021, "net_income", "group"),
    }
    keys = {"value", "year", "scope", "worldwide", "kind", "currency", "bound", "evidence"}
    assert all(set(f) == keys | {"undertaking", "entity"} for f in res.figures)
    # a sister company's figure is not the undertaking's, and says whose it is
    assert {(f["undertaking"], f["entity"]) for f in res.figures} == {(False, "MICROSOFT FRANCE")}


def test_sister_company_siren_is_not_the_sanctioned_one() -> None:
    names = ["MICROSOFT IRELAND OPERATIONS LIMITED"]
    assert extract_siren(MICROSOFT_FRANCE, names, split_sentences(MICROSOFT_FRANCE)) is None
    # the same registration for the sanctioned company itself is kept
    own = MICROSOFT_FRANCE.replace("MICROSOFT FRANCE,", "MICROSOFT IRELAND OPERATIONS LIMITED,")
    assert extract_siren(own, names, split_sentences(own)) == "327733184"


# --- 2. people affected ---------------------------------------------------------------------


#: (real sentences, expected (people_affected, unit, approximate))
PEOPLE_CASES = [
    pytest.param(
        # corpus: SAN-2022-027
        "Au cours du premier trimestre 2020, l’application TIKTOK comptait environ 60 "
        "millions d’utilisateurs actifs par mois au sein de l’Union européenne et du "
        "Royaume-Uni.\nElle rappelle que le réseau social comptabilisait 13,9 millions de "
        "visiteurs uniques en France pour le mois d’août 2021 d’après les sources "
        "publiquement disponibles, ce qui correspond à près d’un quart de la population "
        "française.",
        (13_900_000, "visitors", False),
        id="audience_outside_france_is_not_the_people_affected",
    ),
    pytest.param(
        # corpus: SAN-2023-013 (89 « lignes » of a form are not people)
        "La CNIL a en effet constaté que le formulaire original comporte 89 lignes à "
        "compléter, tandis que la deuxième traduction du formulaire produite par la société "
        "comporte 50 lignes.\nDans ses observations, la société soutient qu’elle s’est "
        "limitée à diffuser le formulaire à une vingtaine de salariés, ce qui n’implique pas "
        "qu’elle ait eu un rôle déterminant.\nEnsuite, en se procurant le formulaire auprès "
        "de la société-mère et en le diffusant à une vingtaine de personnes, la société a "
        'défini les moyens du traitement, autrement dit le " comment ".',
        (20, "employees", True),
        id="collective_count_with_the_unit_from_the_company_statement",
    ),
    pytest.param(
        # corpus: SAN-2022-025
        "S’agissant du nombre de personnes concernées par les opérations de lecture et /ou "
        "d’écriture des informations et identifiants précités sur leur terminal mobile, il "
        "ressort des informations fournies par la société que 27,5 millions de terminaux "
        "mobiles équipés du système d’exploitation se sont connectés à l'App Store français."
        "\nSi ce nombre ne signifie pas que 27,5 millions d’utilisateurs n’ont pas consenti "
        "aux opérations de lecture et /ou d’écriture, il reflète la place importante occupée "
        "par la société.",
        (27_500_000, "devices", False),
        id="devices_unit_and_denied_number",
    ),
]


@pytest.mark.parametrize(("text", "expected"), PEOPLE_CASES)
def test_people_affected(text: str, expected: tuple[int | None, str | None, bool | None]) -> None:
    res = extract_people(split_sentences(text))
    assert (res.people_affected, res.unit, res.approx) == expected


# --- 3. organisation and legal form of injunction follow-ups --------------------------------


def _org(title: str, text: str = "Vu les autres pièces du dossier ;"):  # type: ignore[no-untyped-def]
    return extract_organisation(text, split_sentences(text), [], title=title)


def test_injunction_follow_up_names_every_company_of_the_title() -> None:
    # corpus: SAN-2021-004
    res = _org(
        "Délibération de la formation restreinte n°SAN-2021-004 du 30 avril 2021 relative à "
        "l’injonction prononcée à l’encontre des sociétés GOOGLE LLC et GOOGLE IRELAND LIMITED "
        "par la délibération n°2020-012 du 7 décembre 2020"
    )
    assert res.organisation == "GOOGLE LLC ; GOOGLE IRELAND LIMITED"
    assert res.legal_form == "LLC ; Ltd"


def test_injunction_follow_up_of_one_company() -> None:
    # corpus: SAN-2022-016
    res = _org(
        "Délibération de la formation restreinte no SAN-2022-016 du 11 juillet 2022 relative à "
        "l’injonction prononcée à l’encontre de la société FACEBOOK IRELAND LIMITED par la "
        "délibération no 2021-024 du 31 décembre 2021"
    )
    assert (res.organisation, res.legal_form) == ("FACEBOOK IRELAND LIMITED", "Ltd")


def test_one_legal_form_per_entity_and_suffix_found_elsewhere() -> None:
    # corpus: SAN-2022-027 (two limited companies fined) and SAN-2022-025
    text = (
        "PAR CES MOTIFSLa formation restreinte de la CNIL, après en avoir délibéré, décide de :"
        "•  prononcer à l’encontre de la société TIKTOK INFORMATION TECHNOLOGIES UK LIMITED une "
        "amende administrative d’un montant de 2,5 millions d’euros ( deux millions cinq cent "
        "mille euros), au regard du manquement constitué à l’article 82 de la loi Informatique "
        "et Libertés ; • prononcer à l’encontre de la société TIKTOK TECHNOLOGY LIMITED une "
        "amende administrative d’un montant de 2,5 millions d’euros (deux millions cinq cent "
        "mille euros), au regard du manquement constitué à l’article 82 de la loi Informatique "
        "et Libertés ;"
    )
    ops = split_sentences(text)
    res = extract_organisation(text, ops, ops, title=None)
    assert res.organisation == (
        "TIKTOK INFORMATION TECHNOLOGIES UK LIMITED ; TIKTOK TECHNOLOGY LIMITED"
    )
    assert res.legal_form == "Ltd ; Ltd"
    apple = _org(
        "Délibération de la formation restreinte n°SAN-2022-025 du 29 décembre 2022 concernant "
        "la société APPLE DISTRIBUTION INTERNATIONAL",
        "Il s’agit notamment des sociétés APPLE DISTRIBUTION INTERNATIONAL LTD (ci-après la "
        'société " ADI "), APPLE FRANCE, APPLE RETAIL FRANCE et APPLE EUROPE INC.',
    )
    assert apple.legal_form == "Ltd"


def test_title_name_keeps_the_dot_of_inc() -> None:
    # corpus: SAN-2022-024
    res = _org(
        "Délibération de la formation restreinte n°SAN-2022-024 du 20 décembre 2022 concernant "
        "la société LUSHA SYSTEMS INC."
    )
    assert (res.organisation, res.legal_form) == ("LUSHA SYSTEMS INC.", "Inc")


# --- 4. sector and staff --------------------------------------------------------------------


def _sector(names: list[str], text: str) -> str:
    return sector_of(split_sentences(text), names).sector


#: (names of the organisation, real sentences, expected sector)
SECTOR_CASES = [
    pytest.param(
        # corpus: SAN-2022-026
        ["VOODOO"],
        'Créée en 2013, la société VOODOO (ci-après " la société "), spécialisée dans '
        "l’édition de jeux pour téléphone, est une société par actions simplifiée dont le "
        "siège social est situé 17 rue Henry Monnier à Paris (75009).",
        "digital_platforms",
        id="mobile_games_publisher_is_digital",
    ),
    pytest.param(
        # corpus: SAN-2022-025
        ["APPLE DISTRIBUTION INTERNATIONAL"],
        'Le groupe APPLE (la société APPLE INC. et ses filiales, collectivement le " groupe '
        'APPLE ") conçoit, fabrique et commercialise des dispositifs de communication et de '
        "média mobiles, des ordinateurs personnels et vend une gamme de logiciels, services "
        "et périphériques, solutions réseau, contenus numériques et applications tierces en "
        "relation avec ces produits.",
        "digital_platforms",
        id="media_devices_and_app_store_are_not_press",
    ),
    pytest.param(
        # corpus: SAN-2022-024
        ["LUSHA SYSTEMS INC."],
        'La société assure la commercialisation d’une extension (ci-après " l’extension '
        'Lusha "), disponible à partir du site " lusha.co ", fonctionnant sur les '
        "navigateurs Chrome et Chromium et permettant à ses utilisateurs d’obtenir les "
        "coordonnées professionnelles (numéro de téléphone et adresse électronique) de "
        "personnes dont ils visitent le profil sur le réseau social LinkedIn.",
        "marketing_data",
        id="contact_data_provider_is_marketing_data",
    ),
    pytest.param(
        # corpus: SAN-2024-003
        ["FORIOU"],
        'La société FORIOU (ci-après " la société "), dont le siège social est situé 23/25 '
        "avenue Kléber à Paris (16ème), est une filiale de la société SFK GROUP.\nElle a pour "
        "activité la commercialisation et la gestion de programmes et de cartes de fidélité.",
        "retail_ecommerce",
        id="loyalty_programmes_are_retail",
    ),
    pytest.param(
        # corpus: SAN-2021-004
        ["GOOGLE LLC", "GOOGLE IRELAND LIMITED"],
        "Le 30 mars 2021, dans le délai fixé par la délibération, la société GOOGLE IRELAND "
        "LIMITED a adressé à la formation restreinte des éléments.\nLa formation restreinte "
        "relève que les personnes se rendant sur le site google.fr sont désormais informées.",
        "digital_platforms",
        id="follow_up_describing_only_the_web_site_is_generic_digital",
    ),
]


@pytest.mark.parametrize(("names", "text", "expected"), SECTOR_CASES)
def test_sector(names: list[str], text: str, expected: str) -> None:
    assert _sector(names, text) == expected


def test_no_employee_is_a_count_of_zero() -> None:
    # corpus: SAN-2024-003
    text = (
        'La société FORIOU (ci-après " la société ") est une filiale de la société SFK GROUP.\n'
        "Elle n’emploie aucun salarié mais s’attache, pour la conduite de ses activités, les "
        "services du personnel d’autres sociétés du groupe."
    )
    res = extract_staff(split_sentences(text), ["FORIOU"])
    assert (res.staff_count, res.scope) == (0, "entity")


def test_parent_headcount_is_the_group_fallback() -> None:
    # corpus: SAN-2022-023 — rule kept from the development gold (SAN-2021-024), see staff.py
    text = (
        "1. La société MICROSOFT CORPORATION, société multinationale créée en 1976 dont le siège "
        "social est situé aux États-Unis, a pour activité principale le développement et la "
        "vente de systèmes d’exploitation. Elle employait en 2020 près de 148 000 personnes dans "
        "120 pays."
    )
    res = extract_staff(split_sentences(text), ["MICROSOFT IRELAND OPERATIONS LIMITED"])
    assert (res.staff_count, res.scope) == (148_000, "group")
