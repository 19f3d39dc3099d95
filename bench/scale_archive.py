"""SYNTHETIC scale archives for the benchmark: real documents repeated with new ids.

Nothing produced here is a real DILA archive, and no document in it is a real deliberation under
its id. Every archive is built at benchmark time, into ``bench/out/`` (git-ignored), from two real
sources shipped with the project:

- **filler** (non-sanctions): the real DILA open-data document ``tests/fixtures/dila/juri_cnil.xml``
  (CNILTEXT000026026270, an authorisation of 2012), copied with only its ``<ID>``, ``<URL>`` and
  ``<NUMERO>`` changed, so each copy is a distinct document;
- **sanctions**: the real Légifrance texts of ``data/raw/legifrance_text/`` (41 CNIL decisions),
  each parsed with the project's parser and wrapped in the real sample's ``<TEXTE_CNIL>``
  structure (same META fields, ``NATURE_DELIB`` Sanction, one ``<p>`` per text line), under a
  new CNILTEXT id and a new ``SAN-YYYY-NNN`` number that are unique in the archive. The title
  says « [SYNTHETIC BENCHMARK COPY] » so a copy can never be taken for the real decision.

Members are placed at the path their ``URL`` field gives, as in the real archives; sanctions are
spread evenly among the filler (``sanction_share`` of the documents).
"""

from __future__ import annotations

import io
import re
import tarfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from cnil_sanctions.decision import Provenance
from cnil_sanctions.sources.legifrance_text import SOURCE_NAME as TEXT_SOURCE
from cnil_sanctions.sources.legifrance_text import parse_legifrance_text
from cnil_sanctions.store import RawStore

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "fixtures" / "dila" / "juri_cnil.xml"
CORPUS = ROOT / "data" / "raw"
SYNTHETIC_MARK = "[SYNTHETIC BENCHMARK COPY]"
#: First id of the synthetic documents: far above the real CNILTEXT range (…0000 2602 6270).
ID_BASE = 900_000_000_000


@dataclass(frozen=True)
class SanctionTemplate:
    """The parts of one real decision that a synthetic sanction copy reuses."""

    title: str
    date: str
    publication: str
    paragraphs: tuple[str, ...]


def load_templates(corpus: Path = CORPUS) -> list[SanctionTemplate]:
    """Real decision texts of the raw store (source ``legifrance_text``), parsed."""
    templates = []
    for entry in RawStore(corpus).entries(TEXT_SOURCE):
        prov = Provenance(TEXT_SOURCE, entry.meta.source_url, entry.meta.sha256, "")
        d = parse_legifrance_text(entry.read_bytes(), prov, str(entry.document_path))
        lines = tuple(line for line in d.text.split("\n") if line.strip())
        pub = d.publication_date or d.decision_date
        templates.append(
            SanctionTemplate(d.title, d.decision_date.isoformat(), pub.isoformat(), lines)
        )
    if not templates:
        raise FileNotFoundError(f"{corpus}: no legifrance_text documents to build sanctions from")
    return templates


def _member_path(legifrance_id: str) -> str:
    d = legifrance_id[len("CNILTEXT") :]
    pairs = "/".join(d[i : i + 2] for i in range(0, 10, 2))
    return f"texte/cnil/CNIL/TEXT/{pairs}/{legifrance_id}.xml"


def _set(xml: str, tag: str, value: str) -> str:
    """Replace the content of the one ``<tag>…</tag>`` (or ``<tag/>``) of ``xml``."""
    pattern = re.compile(rf"<{tag}>.*?</{tag}>|<{tag}/>", re.S)
    new, n = pattern.subn(lambda _m: f"<{tag}>{value}</{tag}>", xml, count=1)
    if n != 1:
        raise ValueError(f"{SAMPLE}: no <{tag}> to replace")
    return new


class ScaleArchiveBuilder:
    """Makes synthetic documents (see the module docstring) with unique ids."""

    def __init__(self, templates: list[SanctionTemplate] | None = None) -> None:
        self.sample = SAMPLE.read_text(encoding="utf-8")
        self.templates = templates if templates is not None else load_templates()
        head, rest = self.sample.split("<CONTENU>", 1)
        self._head, self._tail = head, rest.split("</CONTENU>", 1)[1]

    def filler(self, n: int) -> tuple[str, bytes]:
        """The real sample under id number ``n`` (member path, bytes)."""
        lid = f"CNILTEXT{ID_BASE + n:012d}"
        xml = _set(self.sample, "ID", lid)
        xml = _set(xml, "URL", _member_path(lid))
        xml = _set(xml, "NUMERO", f"2012-{n % 1000:03d}")
        return _member_path(lid), xml.encode("utf-8")

    def sanction(self, n: int, k: int) -> tuple[str, bytes]:
        """Synthetic sanction number ``k`` (text of template ``k``) under id number ``n``."""
        t = self.templates[k % len(self.templates)]
        lid = f"CNILTEXT{ID_BASE + n:012d}"
        number = f"SAN-{2000 + k // 1000}-{k % 1000:03d}"
        title = escape(f"{SYNTHETIC_MARK} Délibération {number} — copy of: {t.title}")
        body = "\n".join(f"<p>{escape(p)}</p>" for p in t.paragraphs)
        xml = f"{self._head}<CONTENU>\n{body}\n</CONTENU>{self._tail}"
        for tag, value in (
            ("ID", lid),
            ("URL", _member_path(lid)),
            ("TITRE", escape(f"Délibération {number}")),
            ("TITREFULL", title),
            ("NUMERO", number),
            ("NATURE_DELIB", "Sanction"),
            ("DATE_TEXTE", t.date),
            ("DATE_PUBLI", t.publication),
        ):
            xml = _set(xml, tag, value)
        return _member_path(lid), xml.encode("utf-8")


def _add(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = 1_700_000_000
    info.mode = 0o644
    tar.addfile(info, io.BytesIO(data))


@dataclass(frozen=True)
class ArchiveSpec:
    """What :func:`write_scale_archive` wrote."""

    path: Path
    documents: int
    sanctions: int
    bytes_uncompressed: int


def write_scale_archive(
    path: Path,
    documents: int,
    sanction_share: float,
    builder: ScaleArchiveBuilder | None = None,
    *,
    first_id: int = 0,
    first_sanction: int = 0,
) -> ArchiveSpec:
    """Write a SYNTHETIC tar.gz of ``documents`` members, ``sanction_share`` of them sanctions."""
    b = builder or ScaleArchiveBuilder()
    sanctions = round(documents * sanction_share)
    every = documents / sanctions if sanctions else 0.0
    at = {int(i * every) for i in range(sanctions)}
    total = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(path, "w:gz", compresslevel=6) as tar:
        k = first_sanction
        for i in range(documents):
            if i in at:
                name, data = b.sanction(first_id + i, k)
                k += 1
            else:
                name, data = b.filler(first_id + i)
            _add(tar, name, data)
            total += len(data)
    return ArchiveSpec(path, documents, len(at), total)
