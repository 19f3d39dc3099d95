"""SYNTHETIC « real-shaped » DILA CNIL base: listing, archives and documents built at test time.

Everything here is synthetic and labelled so, but each piece is derived from a REAL part:

- the listing is derived from a verbatim Apache index of the same DILA server (another base,
  JORFSIMPLE; ``tests/fixtures/dila/real_apache_index_jorfsimple_verbatim.html``, provenance in
  ``tests/fixtures/dila/README.md``): its header (title, sort links ``?C=N;O=D``, parent link
  ``/OPENDATA/``) is kept and its rows are rewritten, in the same column layout, with CNIL names;
- documents are the real sample ``juri_cnil.xml`` (element names and layout) with a fictitious
  id (``CNILTEXT999999…``), number, nature, title and a short synthetic text saying it is one;
- archives follow the real member layouts: global ``cnil/global/CNIL/TEXT/…/CNILTEXT….xml``,
  incremental ``<STAMP>/cnil/global/CNIL/TEXT/…`` plus ``<STAMP>/liste_suppression_cnil.dat``
  (one path per line, no extension).

No real decision, amount or company is claimed: the numbers (``…-9NN``) and ids are fictitious
and the companies are « société SYNTHETIC … ».
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tests.synthetic import FIXTURES, SYNTHETIC_COMMENT, _sub_once, build_tar_gz, sample_bytes

VERBATIM_INDEX = FIXTURES / "dila" / "real_apache_index_jorfsimple_verbatim.html"
DERIVED_INDEX = FIXTURES / "dila" / "synthetic_cnil_listing_derived_from_real_jorfsimple.html"
#: Name column width of the verbatim index (name + padding before the date), measured on it.
_NAME_WIDTH = 57
_DERIVED_COMMENT = (
    "<!-- SYNTHETIC: CNIL listing DERIVED by tests/synthetic_cnil_base.py from the verbatim "
    "JORFSIMPLE index real_apache_index_jorfsimple_verbatim.html (header kept, rows rewritten "
    "with CNIL names in the same layout) -->\n"
)

PDF_NAME = "DILA_CNIL_Presentation_20170824.pdf"
OLD_INCREMENTAL = "CNIL_20250701-120000.tar.gz"
GLOBAL = "Freemium_cnil_global_20250713-140000.tar.gz"
INCR_1 = "CNIL_20250801-120000.tar.gz"
INCR_2 = "CNIL_20250901-120000.tar.gz"
#: (name, last modified, size) of the standard derived listing, in directory order.
STANDARD_ROWS = (
    (PDF_NAME, "2017-08-24 10:00", "512K"),
    (OLD_INCREMENTAL, "2025-07-01 12:00", "12K"),
    (GLOBAL, "2025-07-13 14:00", "19M"),
    (INCR_1, "2025-08-01 12:00", "8.0K"),
    (INCR_2, "2025-09-01 12:00", "6.0K"),
)


def synthetic_cnil_listing(rows: tuple[tuple[str, str, str], ...] = STANDARD_ROWS) -> bytes:
    """SYNTHETIC CNIL listing derived from the verbatim JORFSIMPLE index (module docstring)."""
    verbatim = VERBATIM_INDEX.read_text(encoding="utf-8")
    lines = verbatim.split("\n")
    header = "\n".join(lines[:2]).replace("/OPENDATA/JORFSIMPLE", "/OPENDATA/CNIL")
    body = []
    for name, modified, size in rows:
        icon = (
            '<img src="/icons/layout.gif" alt="[   ]">'
            if name.endswith(".pdf")
            else '<img src="/icons/compressed.gif" alt="[   ]">'
        )
        pad = " " * max(1, _NAME_WIDTH - len(name))
        body.append(f'{icon} <a href="{name}">{name}</a>{pad}{modified} {size:>5}')
    return (_DERIVED_COMMENT + header + "\n" + "\n".join(body) + "\n").encode("utf-8")


# --- documents ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Doc:
    """A SYNTHETIC CNIL document to build (see :func:`build_doc`)."""

    n: int  # fictitious id CNILTEXT9999990200NN
    number: str
    nature: str
    date: str  # ISO
    title: str
    body: str  # synthetic paragraphs of the operative part, HTML
    extra_meta: str = ""  # XML inserted at the end of META_CNIL (a field DILA might add)
    revision: int = 0

    @property
    def legifrance_id(self) -> str:
        return f"CNILTEXT99999902{self.n:04d}"

    @property
    def url_path(self) -> str:
        """Path of the document under ``CNIL/TEXT/`` (as the real ``URL`` field gives it)."""
        return f"99/99/99/02/{self.n:02d}/{self.legifrance_id}"


def build_doc(doc: Doc) -> bytes:
    """SYNTHETIC document: the real sample with ``doc``'s identity and text."""
    text = sample_bytes().decode("utf-8")
    text = text.replace(
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<?xml version="1.0" encoding="UTF-8"?>\n' + SYNTHETIC_COMMENT,
        1,
    )
    text = _sub_once(r"<ID>CNILTEXT\d+</ID>", f"<ID>{doc.legifrance_id}</ID>", text)
    text = _sub_once(
        r"<URL>[^<]*</URL>", f"<URL>texte/cnil/CNIL/TEXT/{doc.url_path}.xml</URL>", text
    )
    text = _sub_once(r"<TITRE>[^<]*</TITRE>", f"<TITRE>{doc.title[:60]}</TITRE>", text)
    text = _sub_once(r"(?s)<TITREFULL>.*?</TITREFULL>", f"<TITREFULL>{doc.title}</TITREFULL>", text)
    text = _sub_once(r"<NUMERO>[^<]*</NUMERO>", f"<NUMERO>{doc.number}</NUMERO>", text)
    nature = f"<NATURE_DELIB>{doc.nature}</NATURE_DELIB>" if doc.nature else "<NATURE_DELIB/>"
    text = _sub_once(r"<NATURE_DELIB>[^<]*</NATURE_DELIB>", nature, text)
    text = _sub_once(
        r"<DATE_TEXTE>[^<]*</DATE_TEXTE>", f"<DATE_TEXTE>{doc.date}</DATE_TEXTE>", text
    )
    if doc.extra_meta:
        text = _sub_once(r"</META_CNIL>", doc.extra_meta + "\n</META_CNIL>", text)
    contenu = (
        "<CONTENU>\n<p>DOCUMENT SYNTHÉTIQUE DE TEST (révision "
        f"{doc.revision}) : ce n'est pas une décision réelle.</p>\n"
        f"{doc.body}\n<p>Le Président</p>\n</CONTENU>"
    )
    text = _sub_once(r"(?s)<CONTENU>.*</CONTENU>", contenu, text)
    return text.encode("utf-8")


def _operative(decision: str) -> str:
    return (
        "<p>La Commission nationale de l'informatique et des libertés, réunie en sa formation "
        "restreinte,</p>\n<p>Vu le dossier ;</p>\n"
        "<p>PAR CES MOTIFS</p>\n<p>La formation restreinte de la CNIL, après en avoir "
        f"délibéré, décide de :</p>\n<p>{decision} ;</p>\n<p>rendre publique sa délibération.</p>"
    )


#: A real-shaped operative sentence whose amount DILA double-escaped (``&amp;nbsp;``).
DOUBLE_ESCAPED_FINE = (
    "prononcer à l'encontre de la société SYNTHETIC Alpha une amende administrative d'un "
    "montant de 100&amp;nbsp;000 (cent mille) euros"
)

#: Variations of the real base, one per document (each labelled in its title).
FINE_ESCAPED = Doc(
    1,
    "SAN-2021-901",
    "Sanction",
    "2021-06-10",
    "SYNTHETIC Délibération de la formation restreinte n° SAN-2021-901 du 10 juin 2021 "
    "concernant la société SYNTHETIC Alpha (montant double-échappé)",
    _operative(DOUBLE_ESCAPED_FINE),
)
PLAIN_2016 = Doc(
    2,
    "2016-901",
    "Sanction",
    "2016-07-07",
    "SYNTHETIC Délibération de la formation restreinte n° 2016-901 du 7 juillet 2016 "
    "prononçant une sanction pécuniaire à l'encontre de la société SYNTHETIC Beta",
    _operative(
        "prononcer à l'encontre de la société SYNTHETIC Beta une sanction pécuniaire d'un "
        "montant de 50 000 (cinquante mille) euros"
    ),
)
WARNING_2014 = Doc(
    3,
    "2014-901",
    "Avertissement",
    "2014-03-20",
    "SYNTHETIC Délibération de la formation restreinte n° 2014-901 du 20 mars 2014 "
    "prononçant un avertissement à l'encontre de la société SYNTHETIC Gamma",
    _operative("prononcer à l'encontre de la société SYNTHETIC Gamma un avertissement public"),
)
MEDP_EMPTY_NATURE = Doc(
    4,
    "MEDP-2021-901",
    "",
    "2021-02-01",
    "SYNTHETIC Décision n° MEDP-2021-901 du 1er février 2021 du Bureau de la CNIL décidant de "
    "rendre publique la mise en demeure de la société SYNTHETIC Delta",
    "<p>En conséquence, le bureau de la Commission nationale de l'informatique et des libertés "
    "décide de rendre publique la décision n° MED-2021-901 de la Présidente de la CNIL mettant "
    "en demeure la société SYNTHETIC Delta.</p>",
)
EXTRA_META_EMPTY_NATURE = Doc(
    5,
    "SAN-2020-901",
    "",
    "2020-11-05",
    "SYNTHETIC Délibération de la formation restreinte n° SAN-2020-901 du 5 novembre 2020 "
    "concernant la société SYNTHETIC Epsilon (nature vide, champ META inconnu)",
    _operative(
        "prononcer à l'encontre de la société SYNTHETIC Epsilon une amende administrative "
        "d'un montant de 20 000 (vingt mille) euros"
    ),
    extra_meta="<CHAMP_SYNTHETIQUE_NOUVEAU>valeur</CHAMP_SYNTHETIQUE_NOUVEAU>",
)
UNKNOWN_NATURE = Doc(
    6,
    "SAN-2022-901",
    "Nature SYNTHETIQUE inconnue",
    "2022-04-12",
    "SYNTHETIC Délibération de la formation restreinte n° SAN-2022-901 du 12 avril 2022 "
    "concernant la société SYNTHETIC Zeta (NATURE_DELIB inconnue)",
    _operative(
        "prononcer à l'encontre de la société SYNTHETIC Zeta une amende administrative "
        "d'un montant de 30 000 (trente mille) euros"
    ),
)
WITHDRAWN_LATER = Doc(
    7,
    "SAN-2019-901",
    "Sanction",
    "2019-09-09",
    "SYNTHETIC Délibération de la formation restreinte n° SAN-2019-901 du 9 septembre 2019 "
    "concernant la société SYNTHETIC Eta (retirée par la liste de suppression)",
    _operative(
        "prononcer à l'encontre de la société SYNTHETIC Eta une amende administrative "
        "d'un montant de 10 000 (dix mille) euros"
    ),
)
REPUBLISHED = Doc(
    8,
    "SAN-2023-901",
    "Sanction",
    "2023-05-15",
    "SYNTHETIC Délibération de la formation restreinte n° SAN-2023-901 du 15 mai 2023 "
    "concernant la société SYNTHETIC Theta (republiée)",
    _operative(
        "prononcer à l'encontre de la société SYNTHETIC Theta une amende administrative "
        "d'un montant de 40 000 (quarante mille) euros"
    ),
)
GUIDELINES = Doc(
    9,
    "2020-902",
    "Recommandation/Lignes directrices",
    "2020-09-17",
    "SYNTHETIC Délibération n° 2020-902 du 17 septembre 2020 portant adoption de lignes "
    "directrices (une délibération de la séance plénière)",
    "<p>Adopte les lignes directrices annexées.</p>",
)
NEW_IN_INCR_2 = Doc(
    10,
    "SAN-2024-901",
    "Sanction",
    "2024-02-02",
    "SYNTHETIC Délibération de la formation restreinte n° SAN-2024-901 du 2 février 2024 "
    "concernant la société SYNTHETIC Iota",
    _operative(
        "prononcer à l'encontre de la société SYNTHETIC Iota une amende administrative "
        "d'un montant de 60 000 (soixante mille) euros"
    ),
)
IN_OLD_INCREMENTAL = Doc(
    11,
    "SAN-2018-901",
    "Sanction",
    "2018-12-12",
    "SYNTHETIC Délibération de la formation restreinte n° SAN-2018-901 du 12 décembre 2018 "
    "(archive plus ancienne que la globale, déjà comprise dans celle-ci)",
    _operative(
        "prononcer à l'encontre de la société SYNTHETIC Kappa une amende administrative "
        "d'un montant de 5 000 (cinq mille) euros"
    ),
)

GLOBAL_DOCS = (
    FINE_ESCAPED,
    PLAIN_2016,
    WARNING_2014,
    MEDP_EMPTY_NATURE,
    EXTRA_META_EMPTY_NATURE,
    UNKNOWN_NATURE,
    WITHDRAWN_LATER,
    REPUBLISHED,
    GUIDELINES,
    IN_OLD_INCREMENTAL,
)
#: The sanction-type and MEDP decisions the dataset must hold after the standard run.
EXPECTED_IN_DATASET = {
    d.number
    for d in (
        FINE_ESCAPED,
        PLAIN_2016,
        WARNING_2014,
        MEDP_EMPTY_NATURE,
        EXTRA_META_EMPTY_NATURE,
        UNKNOWN_NATURE,
        REPUBLISHED,
        NEW_IN_INCR_2,
        IN_OLD_INCREMENTAL,
    )
}


def global_member(doc: Doc) -> str:
    """Member path in a global archive."""
    return f"cnil/global/CNIL/TEXT/{doc.url_path}.xml"


def incremental_member(stamp: str, doc: Doc) -> str:
    """Member path in an incremental archive."""
    return f"{stamp}/cnil/global/CNIL/TEXT/{doc.url_path}.xml"


def deletion_line(doc: Doc) -> str:
    """A deletion-list line: the member path without extension (LEGI convention)."""
    return f"cnil/global/CNIL/TEXT/{doc.url_path}"


def stamp_of(archive: str) -> str:
    m = re.search(r"(\d{8}-\d{6})", archive)
    assert m
    return m[1]


def global_archive(docs: tuple[Doc, ...] = GLOBAL_DOCS, *, mutate=None) -> bytes:  # type: ignore[no-untyped-def]
    """SYNTHETIC global archive: the real sample + ``docs`` (``mutate``: bytes → bytes, applied
    to every document, to model a format change)."""
    real = sample_bytes()
    members = [("cnil/global/CNIL/TEXT/00/00/26/02/62/CNILTEXT000026026270.xml", real)]
    members += [(global_member(d), build_doc(d)) for d in docs]
    if mutate is not None:
        members = [(name, mutate(data)) for name, data in members]
    return build_tar_gz(members)


def incremental_archive(
    archive: str,
    docs: tuple[Doc, ...],
    deleted: tuple[Doc, ...] = (),
    extra_deleted_lines: tuple[str, ...] = (),
    list_name: str = "liste_suppression_cnil.dat",
    mutate=None,  # type: ignore[no-untyped-def]
) -> bytes:
    """SYNTHETIC incremental archive with the real layout and a deletion list."""
    stamp = stamp_of(archive)
    members = [(incremental_member(stamp, d), build_doc(d)) for d in docs]
    if mutate is not None:
        members = [(name, mutate(data)) for name, data in members]
    lines = [deletion_line(d) for d in deleted] + list(extra_deleted_lines)
    members.append((f"{stamp}/{list_name}", ("\n".join(lines) + "\n").encode()))
    return build_tar_gz(members)


def standard_site_files(mutate=None) -> dict[str, bytes]:  # type: ignore[no-untyped-def]
    """SYNTHETIC site content: an old incremental (older than the global: not taken), the global,
    incremental 1 (re-publication of SAN-2023-901, deletion of SAN-2019-901 and of a text never
    stored) and incremental 2 (a new sanction)."""
    republished = Doc(**{**REPUBLISHED.__dict__, "revision": 1})
    return {
        OLD_INCREMENTAL: incremental_archive(OLD_INCREMENTAL, (IN_OLD_INCREMENTAL,), mutate=mutate),
        GLOBAL: global_archive(mutate=mutate),
        INCR_1: incremental_archive(
            INCR_1,
            (republished,),
            deleted=(WITHDRAWN_LATER,),
            extra_deleted_lines=("cnil/global/CNIL/TEXT/00/00/26/02/62/CNILTEXT000026026271",),
            mutate=mutate,
        ),
        INCR_2: incremental_archive(INCR_2, (NEW_IN_INCR_2,), mutate=mutate),
        PDF_NAME: b"%PDF-1.4 SYNTHETIC placeholder\n",
    }
