"""The sentence splitter on French legal text (issue 15): a table of (input, expected split).

Rows marked « corpus » are copied from the decision texts of ``data/raw`` (run together exactly as
Légifrance publishes them). Rows marked « issue 15 » use a form the issue quotes from decisions
not in the repository (« HUBSIDE.STORE », « Booking.com », « leboncoin.fr », U+F0A7 bullets) set in
a corpus sentence: they are constructed, and say so.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cnil_sanctions.extract.sentences import split_sentences

TABLE: list[tuple[str, str, list[str]]] = [
    # --- names and domains with a dot --------------------------------------------------------
    (
        "corpus (domain in capitals, then a sentence)",
        "soit remplir un formulaire en ligne disponible à partir du domaine PERFORMECLIC.FR . "
        "La rapporteure reproche à la société de ne pas informer les personnes concernées",
        [
            "soit remplir un formulaire en ligne disponible à partir du domaine PERFORMECLIC.FR .",
            "La rapporteure reproche à la société de ne pas informer les personnes concernées",
        ],
    ),
    (
        "corpus (domain in lower case, then a run-together sentence)",
        "l’ensemble des liens indexés par le moteur de recherche Duckduckgo.com, ce dont la "
        "délégation a pris acte par courriel du 4 juillet suivant.La société indique avoir",
        [
            "l’ensemble des liens indexés par le moteur de recherche Duckduckgo.com, ce dont la "
            "délégation a pris acte par courriel du 4 juillet suivant.",
            "La société indique avoir",
        ],
    ),
    (
        "corpus (domains carrefour.fr, then a paragraph number)",
        "édite notamment le site web www.carrefour.fr (ci-après le site carrefour.fr ), "
        "permettant à ses clients de créer et d’accéder à un espace personnel et de passer "
        "commande.5. Entre le 8 juin 2018",
        [
            "édite notamment le site web www.carrefour.fr (ci-après le site carrefour.fr ), "
            "permettant à ses clients de créer et d’accéder à un espace personnel et de passer "
            "commande.",
            "Entre le 8 juin 2018",
        ],
    ),
    (
        "corpus (company name with a dot)",
        'La société américaine MUSICAL.LY INC. proposait l’application " musical.ly " aux '
        "utilisateurs situés aux États-Unis et dans l’Union européenne. À la suite de cette "
        "acquisition",
        [
            'La société américaine MUSICAL.LY INC. proposait l’application " musical.ly " aux '
            "utilisateurs situés aux États-Unis et dans l’Union européenne.",
            "À la suite de cette acquisition",
        ],
    ),
    (
        "issue 15 (operative sentence quoted by the issue, constructed)",
        "prononcer à l’encontre de la société HUBSIDE.STORE une amende administrative d’un "
        "montant de 525 000 euros ;",
        [
            "prononcer à l’encontre de la société HUBSIDE.STORE une amende administrative d’un "
            "montant de 525 000 euros",
        ],
    ),
    (
        "issue 15 (HUBSIDE.STORE followed by « d’un montant », constructed)",
        "prononcer à l’encontre de la société HUBSIDE.STORE d’un montant de 75 000 euros.",
        ["prononcer à l’encontre de la société HUBSIDE.STORE d’un montant de 75 000 euros."],
    ),
    (
        "issue 15 (Booking.com and leboncoin.fr set in a corpus sentence, constructed)",
        "relatif au site Booking.com et au site leboncoin.fr et aux traitements mis en œuvre. "
        "Le Booking.org de la société",
        [
            "relatif au site Booking.com et au site leboncoin.fr et aux traitements mis en œuvre.",
            "Le Booking.org de la société",
        ],
    ),
    # --- abbreviations ---------------------------------------------------------------------
    (
        "corpus (« l’art. » ends a sentence when no number follows)",
        "les précautions élémentaires de sécurité correspondant à l’état de l’art. Dès lors, la "
        "formation restreinte rappelle",
        [
            "les précautions élémentaires de sécurité correspondant à l’état de l’art.",
            "Dès lors, la formation restreinte rappelle",
        ],
    ),
    (
        "issue 15 (« art. » before a number, constructed)",
        "en méconnaissance de l’art. 32 du RGPD et de l’art. L. 34-5 du CPCE. La société",
        [
            "en méconnaissance de l’art. 32 du RGPD et de l’art. L. 34-5 du CPCE.",
            "La société",
        ],
    ),
    (
        "corpus (numbered paragraph after a long sentence)",
        "un manquement à l’article L.34-5 du code des postes et des communications "
        "électroniques est constitué dès lors qu’aucun moyen de s’opposer à la prospection par "
        "voie électronique n’a été offert à ces personnes.154. La formation restreinte relève",
        [
            "un manquement à l’article L.34-5 du code des postes et des communications "
            "électroniques est constitué dès lors qu’aucun moyen de s’opposer à la prospection par "
            "voie électronique n’a été offert à ces personnes.",
            "La formation restreinte relève",
        ],
    ),
    (
        "corpus (M., Mme, n°)",
        "composée de M. Jean-François CARREZ, Président, M. Alexandre LINDEN, Vice-président, "
        "Mme Dominique CASTERA, Mme Marie-Hélène MITJAVILE et M. Maurice RONAI, membres ;Vu la "
        "Convention n° 108 du Conseil de l’Europe",
        [
            "composée de M. Jean-François CARREZ, Président, M. Alexandre LINDEN, Vice-président, "
            "Mme Dominique CASTERA, Mme Marie-Hélène MITJAVILE et M. Maurice RONAI, membres",
            "Vu la Convention n° 108 du Conseil de l’Europe",
        ],
    ),
    (
        "corpus (cf. mid-sentence)",
        "Google Spain en 2014 (cf. notamment la décision CNIL, formation restreinte, 27 avril 2017",
        [
            "Google Spain en 2014 (cf. notamment la décision CNIL, formation restreinte, 27 avril 2017"
        ],
    ),
    (
        "corpus (pts. before a number)",
        "C‑230/14, pts. 30 et 31). La CJUE estime en outre",
        ["C‑230/14, pts. 30 et 31).", "La CJUE estime en outre"],
    ),
    (
        "corpus (« etc. » ends a sentence)",
        "collecte, combinaison, analyse etc. Par conséquent, dans la mesure où",
        ["collecte, combinaison, analyse etc.", "Par conséquent, dans la mesure où"],
    ),
    (
        "corpus (« etc. » mid-sentence)",
        "(secrétariat général, fiscalité, comptabilité, audit interne, etc.). Elle indique",
        ["(secrétariat général, fiscalité, comptabilité, audit interne, etc.).", "Elle indique"],
    ),
    (
        "corpus (« 32.II » is a reference)",
        "et à l’article 82 (anciennement 32.II) de la loi informatique et libertés ;· rendre "
        "publique",
        [
            "et à l’article 82 (anciennement 32.II) de la loi informatique et libertés",
            "rendre publique",
        ],
    ),
    # --- paragraphs run together -------------------------------------------------------------
    (
        "corpus (« …européens.Elle »)",
        "concernant les ressortissants européens.Elle considère également que la définition",
        [
            "concernant les ressortissants européens.",
            "Elle considère également que la définition",
        ],
    ),
    (
        "corpus (numbered paragraphs « 10. … 11. »)",
        "pour les salariés quittant la société.10. Cette décision a été notifiée à la société le "
        "30 juillet 2018.11. La société a, par lettre datée",
        [
            "pour les salariés quittant la société.",
            "Cette décision a été notifiée à la société le 30 juillet 2018.",
            "La société a, par lettre datée",
        ],
    ),
    (
        "corpus (paragraph number glued to a heading)",
        "a adopté la décision suivante :I. Faits et procédure1. La société CARREFOUR FRANCE "
        "(ci-après la société ) est une filiale",
        [
            "a adopté la décision suivante :",
            "I. Faits et procédure",
            "La société CARREFOUR FRANCE (ci-après la société ) est une filiale",
        ],
    ),
    (
        "corpus (heading « III. » glued to « RGPD. »)",
        "ces faits sont constitutifs d’un manquement à l’article 28 du RGPD.III. Sur les mesures "
        "correctrices et la publicité92. Aux termes du III de l’article 20",
        [
            "ces faits sont constitutifs d’un manquement à l’article 28 du RGPD.",
            "III.",
            "Sur les mesures correctrices et la publicité",
            "Aux termes du III de l’article 20",
        ],
    ),
    (
        "corpus (numbered paragraph after a space)",
        "font l’objet d’une journalisation. 69. Faute pour la société de s’être mise totalement "
        "en conformité sur ce manquement, il y a lieu de maintenir l’injonction.70",
        [
            "font l’objet d’une journalisation.",
            "Faute pour la société de s’être mise totalement en conformité sur ce manquement, il y "
            "a lieu de maintenir l’injonction.70",
        ],
    ),
    # --- list bullets ------------------------------------------------------------------------
    (
        "corpus (• bullets, a breakdown after « : »)",
        "décide de :• prononcer à l’encontre de la société ACCOR SA une amende administrative "
        "d’un montant de 600 000 euros pour l’ensemble des manquements constatés, qui se "
        "décompose comme suit : 100 000 (cent mille) euros au titre du manquement",
        [
            "décide de :",
            "prononcer à l’encontre de la société ACCOR SA une amende administrative d’un montant "
            "de 600 000 euros pour l’ensemble des manquements constatés, qui se décompose comme "
            "suit :",
            "100 000 (cent mille) euros au titre du manquement",
        ],
    ),
    (
        "corpus (· bullets)",
        "amende administrative d’un montant de 60 000 000 euros (soixante millions d’euros) pour "
        "manquement à l’article 82 de la loi informatique et libertés ;· prononcer à l’encontre "
        "de la",
        [
            "amende administrative d’un montant de 60 000 000 euros (soixante millions d’euros) pour "
            "manquement à l’article 82 de la loi informatique et libertés",
            "prononcer à l’encontre de la",
        ],
    ),
    (
        "issue 15 (private-use bullet U+F0A7, constructed from a corpus operative part)",
        "décide de :\uf0a7 prononcer à l’encontre de la société une amende administrative ;"
        "\uf0a7 rendre publique sa délibération",
        [
            "décide de :",
            "prononcer à l’encontre de la société une amende administrative",
            "rendre publique sa délibération",
        ],
    ),
    (
        "corpus (dash bullets after a colon)",
        "décide de :- prononcer à l’encontre de la société AMAZON EUROPE CORE, une amende "
        "administrative d’un montant de 35 (trente-cinq) millions d’euros ;- prononcer une "
        "injonction",
        [
            "décide de :",
            "prononcer à l’encontre de la société AMAZON EUROPE CORE, une amende administrative "
            "d’un montant de 35 (trente-cinq) millions d’euros",
            "prononcer une injonction",
        ],
    ),
]


@pytest.mark.parametrize(("source", "text", "expected"), TABLE, ids=[r[0] for r in TABLE])
def test_split_table(source: str, text: str, expected: list[str]) -> None:
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == expected, source
    for s in sentences:  # spans are exact, so a sentence can be quoted as evidence
        assert text[s.start : s.end] == s.text


def test_corpus_rows_are_copied_from_the_corpus() -> None:
    """Every row labelled « corpus » is an exact substring of a text of ``data/raw``."""
    raw = Path(__file__).resolve().parent.parent / "data" / "raw" / "legifrance_text"
    texts = [p.read_text(encoding="utf-8") for p in sorted(raw.glob("*/document.txt"))]
    assert texts, f"no texts under {raw}"
    rows = [(src, t) for src, t, _ in TABLE if src.startswith("corpus")]
    assert len(rows) >= 15
    for src, t in rows:
        assert any(t in x for x in texts), src


def test_split_keeps_the_span_of_a_window() -> None:
    text = "Vu le code ;Vu la loi.La formation restreinte décide."
    inner = split_sentences(text, 12, len(text))
    assert [s.text for s in inner] == ["Vu la loi.", "La formation restreinte décide."]
    assert all(text[s.start : s.end] == s.text for s in inner)
