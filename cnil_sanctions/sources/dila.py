"""DILA open data « CNIL »: the official bulk source of Légifrance's CNIL base.

DILA publishes, in an HTML directory listing, a global archive ``Freemium_cnil_global_*.tar.gz``
and incremental archives ``CNIL_*.tar.gz``. Each archive holds one XML document per deliberation,
root ``<TEXTE_CNIL>``, at a path that follows its ``URL`` field
(``…/CNIL/TEXT/00/00/26/02/62/CNILTEXT000026026270.xml``).

This module holds the pure parts: :func:`parse_listing` (HTML → archive names),
:func:`iter_archive` (a tar.gz stream → XML members and deletion lists, one at a time, never the
whole archive in memory), :func:`candidate_reason` (the cheap, generous sanction detector run on
raw bytes at fetch time), :func:`read_identity` and :func:`document_drift` (id, number, date and
layout drift, without the strict parse), :func:`repair_entities` (double-escaped entities) and
:func:`parse_dila_xml` (XML bytes → :class:`Decision`, at build time). The thin fetcher is
:mod:`cnil_sanctions.sources.dila_fetch`.
"""

from __future__ import annotations

import html
import re
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, TypeAlias

import defusedxml.ElementTree as SafeET
from bs4 import BeautifulSoup
from defusedxml import DefusedXmlException
from lxml import etree

from cnil_sanctions.decision import (
    DECISION_ID_RE,
    SANCTION_NATURES,
    Decision,
    Provenance,
    is_formal_notice_publication,
    is_sanction_type,
)
from cnil_sanctions.errors import LayoutChangedError, NotASanctionError, SourceFormatError

SOURCE_NAME = "dila"
DEFAULT_BASE_URL = "https://echanges.dila.gouv.fr/OPENDATA/CNIL/"
LEGIFRANCE_URL = "https://www.legifrance.gouv.fr/cnil/id/{id}"

#: Archive names, matched case-insensitively (older tools and DILA itself used lower-case
#: ``cnil_…``; DILA renamed ``legi`` → ``LEGI`` without notice in 2018).
GLOBAL_ARCHIVE_RE = re.compile(r"^Freemium_cnil_global_(\d{8})-(\d{6})\.tar\.gz$", re.I)
INCREMENTAL_ARCHIVE_RE = re.compile(r"^CNIL_(\d{8})-(\d{6})\.tar\.gz$", re.I)
#: Deletion lists of incremental archives (``<STAMP>/liste_suppression_cnil.dat``, and a
#: ``…_dossier.dat`` variant as LEGI has had since 2026): one member path per line, no extension.
DELETION_LIST_RE = re.compile(r"(?:^|/)liste_suppression[^/]*\.dat$", re.I)

#: ``NATURE_DELIB`` values of the CNIL base (compared case-insensitively) other than the
#: sanction-type ones (:data:`cnil_sanctions.decision.SANCTION_NATURES`, which are kept): read and
#: left out. A value in neither list is not an error: it is
#: counted and reported as drift (see :func:`document_drift`), and the document is classified by
#: its number and title (:func:`cnil_sanctions.decision.is_sanction_type`).
OTHER_NATURES = frozenset(
    {
        "Autorisation",
        "Autre autorisation",
        "Autorisation unique",
        "Autorisation de recherche",
        "Avis",
        "Décision",
        "Décision unique",
        "Délibération",
        "Déclaration",
        "Dispense",
        "Dispense de déclaration",
        "Interdiction",
        "Mise en demeure",
        "Méthodologie de référence",
        "Norme simplifiée",
        "Recommandation",
        "Recommandation/Lignes directrices",
        "Référentiel",
        "référentiel/règlement type/norme",
        "Règlement type",
        "Autre",
    }
)
#: META_CNIL children: read, or explicitly ignored (kept in ``Decision.extra`` when non-empty).
_META_CNIL_READ = (
    "TITRE",
    "TITREFULL",
    "NUMERO",
    "NATURE_DELIB",
    "DATE_TEXTE",
    "DATE_PUBLI",
    "ETAT_JURIDIQUE",
)
_META_CNIL_IGNORED = ("NOR", "ORIGINE_PUBLI", "PAGE_DEB_PUBLI", "PAGE_FIN_PUBLI", "NUM_SEQUENCE")
_META_COMMUN_READ = ("ID", "URL", "NATURE", "ORIGINE")
_META_COMMUN_IGNORED = ("ANCIEN_ID",)
_BLOCK_TAGS = frozenset(
    {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "blockquote"}
)
_SAN_NUMBER_RE = re.compile(r"^SAN-(19|20)\d\d-\d{3}$")
_EMPTY_DATE = "2999-01-01"  # DILA's placeholder for "no date"


@dataclass(frozen=True)
class ArchiveLink:
    """An archive offered by the listing: its file name, absolute URL and timestamp."""

    name: str
    url: str
    kind: str  # "global" or "incremental"
    timestamp: datetime


def parse_listing(html: bytes | str, base_url: str) -> list[ArchiveLink]:
    """Archive links of a DILA directory listing, oldest first.

    Raises :class:`LayoutChangedError` when the page has no link to a CNIL archive: a page whose
    layout changed must not look like "no new decisions".
    """
    soup = BeautifulSoup(html, "html.parser")
    anchors = soup.find_all("a", href=True)
    if not anchors:
        raise LayoutChangedError(base_url, "listing has no <a href> links at all")
    links: dict[str, ArchiveLink] = {}
    for a in anchors:
        href = str(a["href"]).strip()
        name = href.rsplit("/", 1)[-1]
        for kind, pattern in (
            ("global", GLOBAL_ARCHIVE_RE),
            ("incremental", INCREMENTAL_ARCHIVE_RE),
        ):
            m = pattern.match(name)
            if m:
                stamp = datetime.strptime(m[1] + m[2], "%Y%m%d%H%M%S")
                links[name] = ArchiveLink(name, base_url.rstrip("/") + "/" + name, kind, stamp)
    if not links:
        raise LayoutChangedError(
            base_url,
            f"expected links to Freemium_cnil_global_*.tar.gz or CNIL_*.tar.gz among "
            f"{len(anchors)} links, found none",
        )
    return sorted(links.values(), key=lambda link: (link.timestamp, link.name))


# --- archives -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ArchiveLimits:
    """Bounds that stop hostile or broken archives (decompression bombs, huge members)."""

    max_member_bytes: int = 20 * 1024 * 1024
    max_total_bytes: int = 20 * 1024 * 1024 * 1024
    max_members: int = 2_000_000
    #: expanded bytes (members and tar headers) per compressed byte read, checked once
    #: ``ratio_min_bytes`` were expanded; real DILA XML tarballs stay far below.
    max_ratio: float = 200.0
    ratio_min_bytes: int = 16 * 1024 * 1024


class _CountingReader:
    """A read-only file wrapper counting the (compressed) bytes handed to ``tarfile``."""

    def __init__(self, fileobj: IO[bytes]) -> None:
        self._f = fileobj
        self.count = 0

    def read(self, size: int = -1) -> bytes:
        data = self._f.read(size)
        self.count += len(data)
        return data


def iter_archive(
    fileobj: IO[bytes], location: str, limits: ArchiveLimits | None = None
) -> Iterator[tuple[str, bytes]]:
    """Stream ``(member path, bytes)`` for every ``.xml`` regular file of a tar.gz stream, and for
    every deletion list (:data:`DELETION_LIST_RE`).

    Members are read one at a time (streaming mode ``r|gz``). Absolute paths, ``..``, links and
    device files are refused with :class:`SourceFormatError`; so is a member or a total beyond
    ``limits``, or a compression ratio beyond ``limits.max_ratio`` (decompression bomb). A
    truncated or corrupt archive raises :class:`SourceFormatError` naming it. Note: the stream
    mode of :mod:`tarfile` does not check the gzip CRC; the fetcher verifies it at download.
    """
    lim = limits or ArchiveLimits()
    total = 0
    count = 0
    counter = _CountingReader(fileobj)

    def check_ratio(expanded: int) -> None:
        if expanded > lim.ratio_min_bytes and expanded > lim.max_ratio * max(counter.count, 1):
            raise SourceFormatError(
                location,
                f"compression ratio above {lim.max_ratio:g} ({expanded} bytes expanded from "
                f"{counter.count}): decompression bomb refused",
            )

    try:
        with tarfile.open(fileobj=counter, mode="r|gz") as tar:  # type: ignore[call-overload]
            for member in tar:
                count += 1
                check_ratio(total + 512 * count)
                if count > lim.max_members:
                    raise SourceFormatError(location, f"more than {lim.max_members} members")
                name = member.name
                parts = name.replace("\\", "/").split("/")
                if name.startswith(("/", "\\")) or ".." in parts or re.match(r"^[A-Za-z]:", name):
                    raise SourceFormatError(location, f"unsafe member path {name!r}")
                if member.issym() or member.islnk():
                    raise SourceFormatError(location, f"link member refused: {name!r}")
                if member.isdev() or member.isfifo():
                    raise SourceFormatError(location, f"device or fifo member refused: {name!r}")
                if member.issparse():
                    raise SourceFormatError(location, f"sparse member refused: {name!r}")
                if member.isdir():
                    continue
                if not member.isfile():
                    raise SourceFormatError(location, f"unsupported member type: {name!r}")
                if member.size > lim.max_member_bytes:
                    raise SourceFormatError(
                        location,
                        f"member {name!r} is {member.size} bytes (limit {lim.max_member_bytes})",
                    )
                total += member.size
                if total > lim.max_total_bytes:
                    raise SourceFormatError(
                        location, f"archive expands beyond {lim.max_total_bytes} bytes"
                    )
                if not name.endswith(".xml") and not DELETION_LIST_RE.search(name):
                    continue
                fh = tar.extractfile(member)
                if fh is None:  # pragma: no cover - regular files always have a file object
                    raise SourceFormatError(location, f"unreadable member {name!r}")
                data = fh.read(lim.max_member_bytes + 1)
                if len(data) != member.size:
                    raise SourceFormatError(location, f"member {name!r} is truncated")
                check_ratio(total + 512 * count)
                yield name, data
            check_ratio(total + 512 * count)
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise SourceFormatError(location, f"corrupt or truncated tar.gz archive ({exc})") from exc


# --- XML documents --------------------------------------------------------------------------

Element: TypeAlias = etree._Element
#: lxml parser that never resolves entities, reads no DTD and never touches the network.
_SAFE_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False
)


def parse_xml_safely(data: bytes, location: str) -> Element:
    """Parse XML bytes with no DTD, no entity expansion and no network access.

    A document that declares a DTD (where entity bombs and external entities live) is handed to
    defusedxml, which refuses it and says why; every other document is parsed by lxml with the
    safe settings above (about 5× faster than defusedxml's pure-Python parser, which matters on
    a base of tens of thousands of documents).
    """
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        try:
            SafeET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
        except DefusedXmlException as exc:
            raise SourceFormatError(
                location, f"refused XML construct ({type(exc).__name__}: {exc})"
            ) from exc
        except SafeET.ParseError as exc:
            raise SourceFormatError(location, f"not well-formed XML ({exc})") from exc
        raise SourceFormatError(location, "refused XML construct (a DTD declaration)")
    try:
        root = etree.fromstring(data, parser=_SAFE_PARSER)
    except etree.XMLSyntaxError as exc:
        raise SourceFormatError(location, f"not well-formed XML ({exc})") from exc
    if root.getroottree().docinfo.internalDTD is not None:
        raise SourceFormatError(location, "refused XML construct (a DTD declaration)")
    return root


def _children(parent: Element, tag: str) -> list[Element]:
    return parent.findall(tag)


def _child(parent: Element, tag: str, location: str) -> Element:
    found = parent.findall(tag)
    if len(found) != 1:
        raise SourceFormatError(location, f"expected exactly one <{tag}>, found {len(found)}")
    return found[0]


#: Entities that come out of the XML still escaped once (DILA texts hold ``&amp;nbsp;``, which an
#: XML parser turns into the literal text ``&nbsp;``): named ones of HTML and numeric ones.
_ESCAPED_ENTITY_RE = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#\d{1,7}|#[xX][0-9A-Fa-f]{1,6});")


def repair_entities(text: str) -> str:
    """Text with double-escaped entities repaired: ``&nbsp;`` → U+00A0, ``&eacute;`` → é,
    ``&#8217;`` → ’, ``&amp;`` → &… (what is left of ``&amp;nbsp;`` after XML parsing). A ``&``
    that does not start a known entity is left as it is."""
    if "&" not in text:
        return text
    return _ESCAPED_ENTITY_RE.sub(lambda m: html.unescape(m[0]), text)


def _text(el: Element | None) -> str:
    return " ".join(repair_entities("".join(el.itertext())).split()) if el is not None else ""


def _iso_date(value: str, what: str, location: str) -> date | None:
    if not value or value == _EMPTY_DATE:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise SourceFormatError(location, f"{what} {value!r} is not an ISO date") from exc


def html_to_text(el: Element) -> str:
    """Text of an HTML fragment (``<CONTENU>``) with one line per paragraph, cell or line break."""
    chunks: list[str] = []

    def walk(node: Element) -> None:
        if not isinstance(node.tag, str):  # comment or processing instruction: no text
            return
        tag = node.tag.lower()
        if tag in _BLOCK_TAGS:
            chunks.append("\n")
        if node.text:
            chunks.append(node.text)
        for sub in node:
            walk(sub)
            if sub.tail:
                chunks.append(sub.tail)
        if tag in _BLOCK_TAGS or tag == "td":
            chunks.append("\n" if tag != "td" else " ")

    walk(el)
    lines = (" ".join(line.split()) for line in repair_entities("".join(chunks)).split("\n"))
    return "\n".join(line for line in lines if line)


def _contenu_text(contenu: Element, location: str) -> str:
    if len(contenu) == 0 and "<" in (contenu.text or ""):
        # HTML stored as escaped text: parse it with an HTML parser (nothing is executed).
        soup = BeautifulSoup(contenu.text or "", "html.parser")
        for br in soup.find_all("br"):
            br.replace_with("\n")
        blocks = [b.get_text(" ", strip=True) for b in soup.find_all(["p", "div", "tr", "li"])]
        text = "\n".join(b for b in blocks if b) or soup.get_text("\n", strip=True)
        text = "\n".join(" ".join(repair_entities(line).split()) for line in text.split("\n"))
    else:
        text = html_to_text(contenu)
    if not text.strip():
        raise SourceFormatError(location, "empty <CONTENU>: the document has no text")
    return text


# --- drift, identity and the cheap sanction detector ----------------------------------------

_META_COMMUN_PATH = "META/META_COMMUN"
_META_CNIL_PATH = "META/META_SPEC/META_CNIL"
_KNOWN_NATURES_FOLDED = frozenset(n.casefold() for n in SANCTION_NATURES | OTHER_NATURES)
#: Drift kinds (the keys of a drift report).
DRIFT_UNKNOWN_FIELD = "unknown META field"
DRIFT_MISSING_FIELD = "missing META field"
DRIFT_REPEATED_FIELD = "repeated META field"
DRIFT_UNKNOWN_NATURE = "unknown NATURE_DELIB"
DRIFT_EMPTY_NATURE = "empty NATURE_DELIB"
DRIFT_LAYOUT = "layout"


def document_drift(root: Element) -> list[tuple[str, str]]:
    """Layout drift of a parsed ``<TEXTE_CNIL>`` document as ``(kind, example)`` pairs: fields
    that are unknown, missing or repeated, a ``NATURE_DELIB`` outside the known lists or empty,
    a missing ``BLOC_TEXTUEL/CONTENU``. Drift is reported, never a reason to drop a document."""
    drift: list[tuple[str, str]] = []
    if root.tag != "TEXTE_CNIL":
        return [(DRIFT_LAYOUT, f"root <{root.tag}>")]
    for path, read, ignored in (
        (_META_COMMUN_PATH, _META_COMMUN_READ, _META_COMMUN_IGNORED),
        (_META_CNIL_PATH, _META_CNIL_READ, _META_CNIL_IGNORED),
    ):
        block = root.find(path)
        if block is None:
            drift.append((DRIFT_LAYOUT, f"no <{path}>"))
            continue
        tags = [c.tag for c in block if isinstance(c.tag, str)]
        known = set(read) | set(ignored)
        drift += [(DRIFT_UNKNOWN_FIELD, f"{path}/{t}") for t in sorted(set(tags) - known)]
        drift += [(DRIFT_MISSING_FIELD, f"{path}/{t}") for t in (*read, *ignored) if t not in tags]
        drift += [(DRIFT_REPEATED_FIELD, f"{path}/{t}") for t in known if tags.count(t) > 1]
    nature = _text(root.find(f"{_META_CNIL_PATH}/NATURE_DELIB"))
    if not nature:
        drift.append((DRIFT_EMPTY_NATURE, _text(root.find(f"{_META_COMMUN_PATH}/ID")) or "?"))
    elif nature.casefold() not in _KNOWN_NATURES_FOLDED:
        drift.append((DRIFT_UNKNOWN_NATURE, nature))
    if root.find("BLOC_TEXTUEL/CONTENU") is None:
        drift.append((DRIFT_LAYOUT, "no <BLOC_TEXTUEL/CONTENU>"))
    return drift


@dataclass(frozen=True)
class Identity:
    """What identifies a document: its CNILTEXT id, deliberation number and date."""

    legifrance_id: str
    number: str
    decision_date: date


def _identity(root: Element, where: str) -> Identity:
    if root.tag != "TEXTE_CNIL":
        raise SourceFormatError(where, f"root element is <{root.tag}>, expected <TEXTE_CNIL>")

    def one(path: str, what: str) -> str:
        values = {_text(e) for e in root.findall(path)}
        values.discard("")
        if len(values) != 1:
            found = "none" if not values else f"conflicting values {sorted(values)}"
            raise SourceFormatError(where, f"cannot read the {what} <{path}>: {found}")
        return values.pop()

    legifrance_id = one(f"{_META_COMMUN_PATH}/ID", "identifier")
    if not re.fullmatch(r"CNILTEXT\d{12}", legifrance_id):
        raise SourceFormatError(where, f"<ID> {legifrance_id!r} is not a CNILTEXT identifier")
    number = one(f"{_META_CNIL_PATH}/NUMERO", "number").replace("\u2011", "-")
    decision_date = _iso_date(one(f"{_META_CNIL_PATH}/DATE_TEXTE", "date"), "DATE_TEXTE", where)
    if decision_date is None:
        raise SourceFormatError(where, "no DATE_TEXTE")
    return Identity(legifrance_id, number, decision_date)


def read_identity(data: bytes, location: str) -> tuple[Identity, list[tuple[str, str]]]:
    """The identity of a document and its drift, without the strict parse (fetch uses this to
    name what it stores). Raises :class:`SourceFormatError` only when the XML or the identity
    (id, number, date) cannot be read."""
    root = parse_xml_safely(data, location)
    return _identity(root, location), document_drift(root)


_NATURE_WORDS = tuple(n.casefold().encode() for n in SANCTION_NATURES)
_CANDIDATE_NUMBER_RE = re.compile(rb"^\s*(?:san|medp)\s*(?:-|\xe2\x80\x91)")
_CANDIDATE_WORDS = (
    (b"restreinte", re.compile(rb"formation\s+restreinte")),
    (b"sanction", re.compile(rb"\bsanction")),
    (b"avertissement", re.compile(rb"\bavertissement")),
)


def _element_text(low: bytes, tag: bytes) -> bytes | None:
    start = low.find(b"<" + tag + b">")
    if start < 0:
        return None
    start += len(tag) + 2
    end = low.find(b"<", start)
    return low[start : end if end >= 0 else len(low)]


def candidate_reason(data: bytes) -> str | None:
    """Why a document could be a sanction (None: it cannot), read cheaply and generously from the
    raw bytes, before any parsing, so that a document the parser cannot read is still kept:
    ``NATURE_DELIB`` says sanction or warning, the number starts with ``SAN-``/``MEDP-``, or the
    title or text says « formation restreinte », « sanction » or « avertissement » (any case,
    any encoding: the words are ASCII)."""
    low = data.lower()
    nature = _element_text(low, b"nature_delib")
    if nature and any(word in nature for word in _NATURE_WORDS):
        return "nature"
    number = _element_text(low, b"numero")
    if number and _CANDIDATE_NUMBER_RE.match(number):
        return "number"
    for word, pattern in _CANDIDATE_WORDS:
        if word in low:
            m = pattern.search(low)
            if m:
                return "words: " + " ".join(m[0].decode("ascii").split())
    return None


# --- the strict parse (at build time) -------------------------------------------------------


def parse_dila_xml(
    data: bytes, provenance: Provenance, location: str | None = None, *, keep_all: bool = False
) -> Decision:
    """Parse one ``<TEXTE_CNIL>`` document.

    Raises :class:`NotASanctionError` for a valid deliberation that is not a sanction-type
    decision nor a bureau decision publishing a formal notice (unless ``keep_all``), and
    :class:`SourceFormatError` when the document cannot be read: not XML, a DTD or entities
    (refused), another root tag, an unreadable identity (id, number, date), no text. Unknown,
    missing or repeated META fields and unknown ``NATURE_DELIB`` values are not errors: they are
    listed in ``Decision.drift`` (and in ``NotASanctionError.drift``).
    """
    where = location or provenance.source_url
    root = parse_xml_safely(data, where)
    ident = _identity(root, where)
    drift = tuple(document_drift(root))
    commun = root.find(_META_COMMUN_PATH)
    cnil = root.find(_META_CNIL_PATH)

    def field(parent: Element | None, tag: str) -> str:
        return _text(parent.find(tag)) if parent is not None else ""

    number = ident.number
    nature = field(cnil, "NATURE_DELIB")
    title = field(cnil, "TITREFULL") or field(cnil, "TITRE")
    decision_id = number if DECISION_ID_RE.match(number) else None
    wanted = is_sanction_type(decision_id or number, nature, title) or (
        is_formal_notice_publication(number)
    )
    if not wanted and not keep_all:
        raise NotASanctionError(where, nature, number, drift)
    contenu = root.find("BLOC_TEXTUEL/CONTENU")
    if contenu is None:
        raise SourceFormatError(where, "no <BLOC_TEXTUEL/CONTENU>: the document has no text")
    extra = {t: field(cnil, t) for t in _META_CNIL_IGNORED if field(cnil, t)}
    extra["short_title"] = field(cnil, "TITRE")
    extra["url_path"] = field(commun, "URL")
    return Decision(
        decision_id=decision_id,
        decision_date=ident.decision_date,
        publication_date=_iso_date(field(cnil, "DATE_PUBLI"), "DATE_PUBLI", where),
        legifrance_id=ident.legifrance_id,
        title=title,
        nature=nature,
        legal_state=field(cnil, "ETAT_JURIDIQUE") or None,
        text=_contenu_text(contenu, where),
        provenance=provenance,
        header=field(cnil, "TITREFULL"),
        extra=extra,
        drift=drift,
    )


def peek_is_sanction(data: bytes, location: str) -> tuple[bool, str | None, str | None]:
    """(is sanction, decision number, CNILTEXT id) of a document, by the strict parse."""
    try:
        decision = parse_dila_xml(data, Provenance(SOURCE_NAME, location, "", ""), location)
    except NotASanctionError:
        return False, None, None
    return True, decision.decision_id, decision.legifrance_id
