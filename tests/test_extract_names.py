"""Whether a company named in a decision is the sanctioned organisation (extract.names), on
sentences copied from real decisions (SAN-2023-021 Amazon France Logistique, SAN-2023-009
Criteo, SAN-2022-023 Microsoft Ireland Operations, SAN-2020-013 Amazon Europe Core)."""

from __future__ import annotations

import pytest

from cnil_sanctions.extract.names import _aliases, org_names, strip_form
from cnil_sanctions.extract.sentences import split_sentences
from cnil_sanctions.extract.staff import extract_siren
from cnil_sanctions.extract.turnover import extract_turnover

# SAN-2023-021, the Vu clause that defines the alias, §1 and §177 (real text)
AFL_ALIAS = (
    "Vu la décision n° 2019-210C de la présidente de la Commission nationale de l’informatique "
    "et des libertés du 22 octobre 2019 de charger le secrétaire général de procéder ou de "
    "faire procéder à une mission de vérification des traitements de données à caractère "
    'personnel mis en œuvre pour la société AMAZON FRANCE LOGISTIQUE (ci-après " la société '
    '" ou " AFL ") ou pour son compte ;'
)
AFL_1 = (
    "1. La société AFL, société par actions simplifiée immatriculée au registre du commerce "
    "et des sociétés le 3 janvier 2000, est située 67 boulevard du général Leclerc à Clichy "
    "(92110). Son chiffre d’affaires s’élevait à 1,135 milliard d’euros en 2021, pour un "
    "résultat net de 58,9 millions d’euros. 2. La société AFL est directement détenue par la "
    "société Amazon EU SARL située au Luxembourg, elle-même détenue à 100% par la société "
    "Amazon."
)
AFL_177 = (
    "Elle relève que la société AFL a réalisé, en 2021, un chiffre d’affaires de 1,135 "
    "milliard d’euros, pour un résultat net de 58,9 millions d’euros."
)
AFL = "AMAZON FRANCE LOGISTIQUE"


@pytest.mark.parametrize(
    ("published", "written", "refers"),
    [
        # (a) the name, without its legal form, or its first words
        ("CRITEO SA", "CRITEO", True),
        ("CRITEO SA", "Critéo", True),
        ("GIE INFOGREFFE", "INFOGREFFE", True),
        ("LUSHA SYSTEMS INC.", "Lusha", True),
        ("NESTOR SAS", "NESTOR SASLa Commission", True),  # text glued to the title
        ("GOOGLE LLC", "GOOGLE INC", True),  # same name, another legal form
        ("FACEBOOK IRELAND LIMITED", "FACEBOOK INC", False),  # the parent company
        ("TIKTOK TECHNOLOGY LIMITED", "TIKTOK SAS", False),
        ("GOOGLE LLC", "GOOGLE FRANCE SARL", False),
        ("MICROSOFT IRELAND OPERATIONS LIMITED", "MICROSOFT FRANCE", False),
        ("FREE", "FREE MOBILE", False),
        (AFL, "Amazon EU SARL", False),
        # (c) initials
        (AFL, "AFL", True),
        ("MICROSOFT IRELAND OPERATIONS LIMITED", "MIOL", True),
        ("ÉLECTRICITÉ DE FRANCE", "EDF", True),
        ("AMAZON EUROPE CORE", "AEC", True),
        (AFL, "AEC", False),
    ],
)
def test_refers_to(published: str, written: str, refers: bool) -> None:
    assert org_names([published]).refers_to(written) is refers


def test_alias_defined_in_the_text() -> None:
    """(b) « AMAZON FRANCE LOGISTIQUE (ci-après " la société " ou " AFL ") »: AFL, and the
    generic « la société » is not an alias."""
    assert _aliases(AFL, AFL_ALIAS) == {"afl"}
    # SAN-2022-027 (real wording): an alias that is not the initials
    text = (
        'TIKTOK INFORMATION TECHNOLOGIES UK LIMITED (ci-après " TIKTOK UK ") et TIKTOK '
        'TECHNOLOGY LIMITED (ci-après " TIKTOK IRLANDE ") ont i'
    )
    uk = org_names(["TIKTOK INFORMATION TECHNOLOGIES UK LIMITED"], text)
    assert uk.refers_to("TIKTOK UK") and not uk.refers_to("TIKTOK IRLANDE")


def test_alias_with_denommee_and_bare_quotes() -> None:
    """Constructed sentence (not from a decision): the two other alias wordings."""
    text = "la société BETA CONSEIL, ci-après dénommée « BCX », et la société GAMMA (« GX »)."
    assert org_names(["BETA CONSEIL"], text).refers_to("BCX")
    assert org_names(["GAMMA"], text).refers_to("GX")
    assert not org_names(["GAMMA"], text).refers_to("BCX")


def test_strip_form() -> None:
    assert strip_form("CRITEO SA") == "CRITEO"
    assert strip_form("LUSHA SYSTEMS INC.") == "LUSHA SYSTEMS"
    assert strip_form("GIE INFOGREFFE") == "INFOGREFFE"


@pytest.mark.parametrize("facts", [AFL_1, AFL_177])
def test_afl_turnover_is_the_sanctioned_company_s(facts: str) -> None:
    """SAN-2023-021: « la société AFL » is the sanctioned AMAZON FRANCE LOGISTIQUE, so its
    2021 turnover and net result are relied on (they were read as another company's)."""
    res = extract_turnover(split_sentences(AFL_ALIAS + "\n" + facts), [AFL])
    assert (res.turnover_eur, res.turnover_year, res.turnover_scope) == (
        1_135_000_000,
        2021,
        "entity",
    )
    assert res.net_income_eur == 58_900_000
    assert res.evidence and "1,135 milliard" in res.evidence


def test_another_company_s_turnover_is_still_not_relied_on() -> None:
    """The same sentence about the parent company is not the sanctioned company's figure."""
    s = AFL_177.replace("la société AFL", "la société Amazon EU SARL")
    res = extract_turnover(split_sentences(s), [AFL])
    assert res.turnover_eur is None and res.figures


def test_siren_of_the_company_named_by_its_initials() -> None:
    """A registration whose subject is « la société AFL » is the sanctioned company's."""
    text = (
        "La société AFL, société par actions simplifiée, est immatriculée au registre du "
        "commerce et des sociétés de Nanterre sous le numéro 123456789."
    )  # constructed from the §1 wording; the number is a placeholder, not AFL's SIREN
    assert extract_siren(text, [AFL], split_sentences(text)) == "123456789"
    other = text.replace("La société AFL", "La société Amazon EU SARL")
    assert extract_siren(other, [AFL], split_sentences(other)) is None
