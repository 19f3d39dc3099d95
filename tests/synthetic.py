"""Builders of SYNTHETIC test material, made at test time from the real DILA sample.

Everything built here is synthetic and says so: function names start with ``synthetic_`` (or name
the attack they model), each XML document carries a ``<!-- SYNTHETIC ... -->`` comment, sanction
variants use the obviously fictitious year 2099 and ``CNILTEXT99999…`` identifiers, and the
listing page says it is synthetic. The only real document is ``tests/fixtures/dila/juri_cnil.xml``
(CNILTEXT000026026270, a 2012 authorisation, not a sanction), used unchanged or as the skeleton of
the variants. No real DILA listing layout is claimed: the listing is a generic directory index.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import re
import tarfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from werkzeug import Request, Response

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLE_PATH = FIXTURES / "dila" / "juri_cnil.xml"
SAMPLE_ID = "CNILTEXT000026026270"
SYNTHETIC_COMMENT = (
    "<!-- SYNTHETIC test document built by tests/synthetic.py from the real DILA sample "
    "juri_cnil.xml: not a real CNIL decision -->"
)


def sample_bytes() -> bytes:
    """The real DILA sample, unchanged."""
    return SAMPLE_PATH.read_bytes()


def _sub_once(pattern: str, repl: str, text: str) -> str:
    new, n = re.subn(pattern, lambda _m: repl, text, count=1)
    if n != 1:
        raise AssertionError(f"synthetic builder: pattern {pattern!r} not found in the sample")
    return new


def synthetic_sanction_id(n: int) -> str:
    """The fictitious CNILTEXT id of synthetic sanction ``n``."""
    return f"CNILTEXT99999900{n:04d}"


def synthetic_sanction_number(n: int) -> str:
    """The fictitious deliberation number of synthetic sanction ``n`` (year 2099)."""
    return f"SAN-2099-{n:03d}"


def synthetic_sanction_xml(n: int, *, revision: int = 0) -> bytes:
    """SYNTHETIC sanction ``n``: the real sample with a fictitious id, number, nature and title.

    ``revision`` changes one sentence, to model a corrected re-publication (new bytes, same id).
    """
    text = sample_bytes().decode("utf-8")
    ident = synthetic_sanction_id(n)
    number = synthetic_sanction_number(n)
    text = text.replace(
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<?xml version="1.0" encoding="UTF-8"?>\n' + SYNTHETIC_COMMENT,
        1,
    )
    text = _sub_once(r"<ID>CNILTEXT\d+</ID>", f"<ID>{ident}</ID>", text)
    text = _sub_once(
        r"<URL>[^<]*</URL>",
        f"<URL>texte/cnil/CNIL/TEXT/99/99/99/00/{n:02d}/{ident}.xml</URL>",
        text,
    )
    text = _sub_once(
        r"<TITRE>[^<]*</TITRE>",
        f"<TITRE>SYNTHETIC Délibération {number} du 15 janvier 2099</TITRE>",
        text,
    )
    text = _sub_once(
        r"(?s)<TITREFULL>.*?</TITREFULL>",
        f"<TITREFULL>SYNTHETIC Délibération de la formation restreinte n° {number} "
        f"du 15 janvier 2099 (document de test, pas une décision réelle)</TITREFULL>",
        text,
    )
    text = _sub_once(r"<NUMERO>[^<]*</NUMERO>", f"<NUMERO>{number}</NUMERO>", text)
    text = _sub_once(
        r"<NATURE_DELIB>[^<]*</NATURE_DELIB>", "<NATURE_DELIB>Sanction</NATURE_DELIB>", text
    )
    text = _sub_once(r"<DATE_TEXTE>[^<]*</DATE_TEXTE>", "<DATE_TEXTE>2099-01-15</DATE_TEXTE>", text)
    text = _sub_once(
        r"<CONTENU>",
        f"<CONTENU>\n<p>DOCUMENT SYNTHÉTIQUE DE TEST n° {n}, révision {revision} : "
        "texte réel d'une autorisation de 2012 réutilisé, ce n'est pas une décision.</p>",
        text,
    )
    return text.encode("utf-8")


def member_path(xml: bytes) -> str:
    """Archive member path of a document: its ``URL`` field, as in DILA archives."""
    m = re.search(rb"<URL>([^<]+)</URL>", xml)
    if not m:
        raise AssertionError("document has no <URL>")
    return m[1].decode("ascii")


def synthetic_billion_laughs_xml() -> bytes:
    """SYNTHETIC hostile XML: the classic entity-expansion attack, with a TEXTE_CNIL root."""
    ents = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    ]
    return (
        '<?xml version="1.0"?>\n'
        + SYNTHETIC_COMMENT
        + "\n<!DOCTYPE TEXTE_CNIL [\n"
        + "\n".join(ents)
        + "\n]>\n<TEXTE_CNIL>&lol9;</TEXTE_CNIL>\n"
    ).encode()


def synthetic_not_cnil_xml() -> bytes:
    """SYNTHETIC well-formed XML that is not a TEXTE_CNIL document."""
    return f'<?xml version="1.0"?>\n{SYNTHETIC_COMMENT}\n<TEXTE_JURI_ADMIN/>\n'.encode()


# --- tarballs -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Member:
    """One tar member to build: a regular file by default, or a hostile kind."""

    name: str
    data: bytes = b""
    kind: str = "file"  # file | symlink | hardlink | chardev | fifo | dir
    target: str = ""


def build_tar_gz(members: Iterable[Member | tuple[str, bytes]]) -> bytes:
    """A tar.gz (bytes) holding ``members`` exactly as given (no path sanitising)."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz", format=tarfile.GNU_FORMAT) as tar:
        for item in members:
            m = Member(*item) if isinstance(item, tuple) else item
            info = tarfile.TarInfo(m.name)
            info.mtime = 4102444800  # 2100-01-01, a fixed fictitious time: reproducible bytes
            if m.kind == "file":
                info.size = len(m.data)
                tar.addfile(info, io.BytesIO(m.data))
                continue
            info.type = {
                "symlink": tarfile.SYMTYPE,
                "hardlink": tarfile.LNKTYPE,
                "chardev": tarfile.CHRTYPE,
                "fifo": tarfile.FIFOTYPE,
                "dir": tarfile.DIRTYPE,
            }[m.kind]
            info.linkname = m.target
            tar.addfile(info)
    return buf.getvalue()


def documents_tar_gz(docs: Iterable[bytes]) -> bytes:
    """A tar.gz of XML documents, each at its ``URL`` path."""
    return build_tar_gz((member_path(d), d) for d in docs)


def synthetic_bomb_tar_gz(member_bytes: int, members: int) -> bytes:
    """SYNTHETIC decompression bomb: ``members`` XML-named members of zeros (ratio ~1000)."""
    zeros = b"\0" * member_bytes
    return build_tar_gz((f"bomb/part{i:03d}.xml", zeros) for i in range(members))


def corrupt_gzip(data: bytes) -> bytes:
    """``data`` (a gzip file) with bytes flipped in the middle of the deflate stream."""
    mid = len(data) // 2
    return data[:mid] + bytes(b ^ 0xFF for b in data[mid : mid + 64]) + data[mid + 64 :]


def synthetic_gzip(data: bytes) -> bytes:
    """``data`` gzip-compressed with a fixed mtime."""
    return gzip.compress(data, mtime=0)


# --- listing --------------------------------------------------------------------------------


def synthetic_listing_html(names: Iterable[str]) -> bytes:
    """SYNTHETIC generic directory index linking to ``names`` (not a copy of DILA's page)."""
    rows = "\n".join(f'<tr><td><a href="{n}">{n}</a></td><td>-</td></tr>' for n in names)
    return (
        "<!DOCTYPE html>\n<!-- SYNTHETIC listing page built by tests/synthetic.py -->\n"
        "<html><head><title>Index of /OPENDATA/CNIL (synthetic)</title></head><body>\n"
        "<h1>Index of /OPENDATA/CNIL</h1>\n<table>\n<tr><th>Name</th><th>Size</th></tr>\n"
        '<tr><td><a href="../">Parent Directory</a></td><td>-</td></tr>\n'
        f"{rows}\n</table>\n</body></html>\n"
    ).encode()


def synthetic_changed_listing_html() -> bytes:
    """SYNTHETIC listing whose layout changed: a script-driven page with no archive link."""
    return (
        b"<!DOCTYPE html>\n<!-- SYNTHETIC changed-layout page built by tests/synthetic.py -->\n"
        b'<html><body><div id="app"></div><a href="/aide">Aide</a>'
        b"<script>loadFiles('/api/files')</script></body></html>\n"
    )


GLOBAL_NAME = "Freemium_cnil_global_20990101-120000.tar.gz"
INCR_NAMES = ("CNIL_20990102-120000.tar.gz", "CNIL_20990103-120000.tar.gz")


# --- a synthetic DILA site on pytest-httpserver ---------------------------------------------

Handler = Callable[[Request], Response]


@dataclass
class SyntheticDilaSite:
    """A SYNTHETIC DILA-like site served by a pytest-httpserver ``server`` under ``/CNIL/``.

    ``files`` maps a name to bytes; ``faults`` maps a path to a handler that replaces the normal
    response (a fault injector). Every response carries an ETag; a matching ``If-None-Match``
    gets a 304.
    """

    server: object
    files: dict[str, bytes] = field(default_factory=dict)
    faults: dict[str, Handler] = field(default_factory=dict)
    robots: bytes | None = b"User-agent: *\nDisallow: /private/\n"  # None: 404, as DILA's
    listing: bytes | None = None

    @property
    def base_url(self) -> str:
        return self.server.url_for("/CNIL/")  # type: ignore[attr-defined]

    def install(self) -> SyntheticDilaSite:
        self.server.expect_request(re.compile(".*")).respond_with_handler(self._handle)  # type: ignore[attr-defined]
        return self

    def _handle(self, request: Request) -> Response:
        path = request.path
        if path in self.faults:
            return self.faults[path](request)
        if path == "/robots.txt":
            if self.robots is None:
                return Response("not found", status=404)
            return Response(self.robots, content_type="text/plain")
        if path == "/CNIL/":
            body = self.listing if self.listing is not None else synthetic_listing_html(self.files)
            return self._etagged(request, body, "text/html")
        name = path.removeprefix("/CNIL/")
        if name in self.files:
            return self._etagged(request, self.files[name], "application/gzip")
        return Response("not found", status=404)

    @staticmethod
    def _etagged(request: Request, body: bytes, ctype: str) -> Response:
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        headers = {"ETag": etag, "Last-Modified": "Mon, 01 Sep 2025 12:00:00 GMT"}
        if request.headers.get("If-None-Match") == etag:
            return Response(status=304, headers=headers)
        return Response(body, content_type=ctype, headers=headers)

    def requests_for(self, path: str) -> list[Request]:
        """Requests the server received for ``path``."""
        return [req for req, _resp in self.server.log if req.path == path]  # type: ignore[attr-defined]


def standard_files() -> dict[str, bytes]:
    """SYNTHETIC site content: a global archive and two incrementals.

    global: the real sample (not a sanction) + synthetic sanctions 1 and 2;
    incremental 1: synthetic sanction 3 + a corrected re-publication of sanction 2;
    incremental 2: synthetic sanction 4 + the real sample again.
    """
    real = sample_bytes()
    return {
        GLOBAL_NAME: documents_tar_gz([real, synthetic_sanction_xml(1), synthetic_sanction_xml(2)]),
        INCR_NAMES[0]: documents_tar_gz(
            [synthetic_sanction_xml(3), synthetic_sanction_xml(2, revision=1)]
        ),
        INCR_NAMES[1]: documents_tar_gz([synthetic_sanction_xml(4), real]),
    }


# --- store snapshots ------------------------------------------------------------------------

_TIME_FIELDS = ("retrieved_at", "first_seen", "last_seen")


def store_snapshot(root: Path) -> dict[str, object]:
    """Every file under a store root, as comparable data: documents by sha256, meta.json without
    times, ledgers without times; temporary files included (so a leftover shows up)."""
    snap: dict[str, object] = {}
    for path in sorted(root.rglob("*")):
        if path.is_dir():
            continue
        rel = path.relative_to(root).as_posix()
        if rel.endswith("meta.json"):
            meta = json.loads(path.read_text(encoding="utf-8"))
            snap[rel] = {k: v for k, v in meta.items() if k not in _TIME_FIELDS}
        elif rel == "_dila/archives.json":
            ledger = json.loads(path.read_text(encoding="utf-8"))["archives"]
            snap[rel] = {
                n: {k: v for k, v in e.items() if k != "processed_at"} for n, e in ledger.items()
            }
        elif rel in ("_dila/http_cache.json", "_dila/listing.html"):
            snap[rel] = "present"
        else:
            snap[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return snap


def stored_ids(root: Path) -> list[tuple[str, str]]:
    """(legifrance_id, decision_id) of every entry of the dila source, sorted."""
    out = []
    for meta_path in sorted((root / "dila").glob("*/meta.json")):
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        out.append((meta["legifrance_id"], meta["decision_id"]))
    return sorted(out, key=lambda pair: (pair[0] or "", pair[1] or ""))
