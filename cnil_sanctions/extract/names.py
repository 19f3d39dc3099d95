"""The names by which a decision refers to the sanctioned organisation.

Several rules ask whether a sentence is about the sanctioned company or about *another named
company* (its turnover, net income, staff, SIREN, role, sector). They all use this single
notion: a company name written in the text (« la société NAME ») refers to the sanctioned
organisation when, compared without case, accents, spacing and punctuation, it is

(a) a sanctioned name, or that name without its legal form (« CRITEO SA » → « CRITEO »,
    « GIE INFOGREFFE » → « INFOGREFFE »), or its first words (« GOOGLE » for « GOOGLE
    LLC », « Lusha » for « LUSHA SYSTEMS INC. », « MONSANTO » for « MONSANTO COMPANY »);
    a written name that carries a legal form of its own must be the whole name without
    it (« GOOGLE INC » for « GOOGLE LLC », but « FACEBOOK INC » or « TIKTOK SAS » are other
    companies than « FACEBOOK IRELAND LIMITED » or « TIKTOK TECHNOLOGY LIMITED »); text
    glued to a name in the source is cut off (« NESTOR SASLa Commission », « VOODOO15 »);
(b) an alias the text defines for it right after one of those names: « AMAZON FRANCE LOGISTIQUE (ci-après " la société " ou " AFL ") » → « AFL »,
    « X, ci-après dénommée « Y » », « X (« Y ») »; generic words (« la société »,
    « l’organisme ») are not aliases;
(c) the initials of its words, with or without the legal form, when it has at least two
    words (« AMAZON FRANCE LOGISTIQUE » → « AFL », « MICROSOFT IRELAND OPERATIONS
    LIMITED » → « MIOL » or « MIO »), also without French function words (« ÉLECTRICITÉ DE
    FRANCE » → « EDF » or « EF »).

Anything else is another company (« AMAZON EU SARL » for AMAZON FRANCE LOGISTIQUE,
« GOOGLE FRANCE SARL » for GOOGLE LLC, « MICROSOFT FRANCE » for MICROSOFT IRELAND OPERATIONS
LIMITED). An anonymised « société X » is referred to as « X ».
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

__all__ = ["OrgNames", "org_names"]

_FORM = re.compile(
    r"[\s,]+(?:SASU|SAS|SARL|EURL|SA|SE|SCA|LLC|LIMITED|LTD|INC|GMBH|BV|PLC|AG|CO)\.?\s*$",
    re.IGNORECASE,
)
_LEAD = re.compile(r"^(?:la\s+|le\s+|l['’]\s*)?(?:société|societe|GIE)\s+", re.IGNORECASE)
_FUNCTION_WORDS = {"de", "du", "des", "la", "le", "les", "l", "d", "et", "a", "à", "en", "au"}
_QUOTED = re.compile(r"[«\"“]\s*(?P<a>[^«»\"“”]{1,60}?)\s*[»\"”]")
#: an alias definition right after the name: « (ci-après … ) », « ci-après dénommée « Y » »,
#: « (« Y ») »
_ALIAS_DEF = re.compile(
    r"^[\s,]{0,3}(?P<d>\(\s*(?:ci-après|ci-dessous|dénommée?s?|désignée?s?)[^)]{0,120}\)"
    r"|(?:ci-après\s+)?(?:dénommée?s?|désignée?s?)\s+(?:la\s+|le\s+|l['’])?[«\"“][^»\"”]{1,60}[»\"”]"
    r"|\(\s*[«\"“][^)]{1,60}\))",
    re.IGNORECASE,
)
_GENERIC = {"", "société", "societe", "organisme", "entreprise", "groupe", "x"}


def _fold(name: str) -> str:
    """Casefolded, without accents, punctuation other than « & », or repeated spaces."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    s = re.sub(r"[^\w&]+", " ", s)
    return re.sub(r"\s+", " ", s).strip()


#: where text glued to a name in the source begins: « SASLa Commission », « LLC58 », and a
#: sentence opening after a name in capitals (« … LIMITED La Commission »)
_GLUE = re.compile(
    r"(?<=[A-Z]{2})(?=[A-Z][a-zà-ÿ])|(?<=[A-Za-z])(?=\d)|(?<=[A-Z]{2})\s+(?=(?:La|Le|Les|Vu)\b)"
)


def _unglue(name: str) -> str:
    return _GLUE.split(name, maxsplit=1)[0]


def strip_form(name: str) -> str:
    """The name without a leading « société » / « GIE » and a trailing legal form."""
    name = _LEAD.sub("", name.strip())
    while (stripped := _FORM.sub("", name)) != name and stripped:
        name = stripped
    return name.strip(" ,.")


def _initials(name: str) -> set[str]:
    out: set[str] = set()
    for written in {strip_form(name), _LEAD.sub("", name.strip())}:
        words = [w for w in re.split(r"[\s\-–]+", written) if w and w[0].isalnum()]
        if len(words) >= 2:
            out.add("".join(w[0] for w in words))
            content = [w for w in words if _fold(w) not in _FUNCTION_WORDS]
            if len(content) >= 2:
                out.add("".join(w[0] for w in content))
    return {_fold(i) for i in out}


def _aliases(name: str, text: str) -> set[str]:
    """Aliases the text defines right after an occurrence of ``name`` (or its short form)."""
    out: set[str] = set()
    for written in {name.strip(), strip_form(name)}:
        if len(written) < 2:
            continue
        for m in re.finditer(re.escape(written), text):
            d = _ALIAS_DEF.match(text[m.end() : m.end() + 320])
            if not d:
                continue
            for q in _QUOTED.finditer(d["d"]):
                alias = _fold(_LEAD.sub("", q["a"].strip()))
                alias = re.sub(r"^(?:la|le|l|les)\s+", "", alias)
                if alias not in _GENERIC and q["a"].strip()[:1].isupper():
                    out.add(alias)
    return out


@dataclass(frozen=True)
class OrgNames:
    """The sanctioned organisations' names as published, and every form that refers to one."""

    published: tuple[str, ...] = ()
    #: folded form → the published name it refers to
    forms: dict[str, str] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.published)

    def __iter__(self) -> Iterator[str]:
        return iter(self.published)

    def __len__(self) -> int:
        return len(self.published)

    def match(self, company: str) -> str | None:
        """The published name ``company`` (a name written in the text) refers to, else None."""
        company = _unglue(company)
        key = _fold(company)
        if key in self.forms:
            return self.forms[key]
        short = _fold(strip_form(company))
        if short in self.forms:
            return self.forms[short]
        if short != _fold(company):  # it has a legal form of its own: the whole name only
            return None
        words = short.split()
        if not words or (len(words) == 1 and words[0] in _FUNCTION_WORDS):
            return None
        for n in self.published:  # its first words: « GOOGLE » for « GOOGLE LLC »
            if _fold(strip_form(n)).split()[: len(words)] == words:
                return n
        return None

    def refers_to(self, company: str) -> bool:
        """True when ``company`` names a sanctioned organisation (rules (a)–(c))."""
        return self.match(company) is not None


def org_names(names: OrgNames | Iterable[str] | None, text: str = "") -> OrgNames:
    """The :class:`OrgNames` of ``names`` (published names), with the aliases ``text``
    defines; an :class:`OrgNames` is returned as is."""
    if isinstance(names, OrgNames):
        return names
    published: Sequence[str] = [n.strip() for n in names or [] if n and n.strip()]
    forms: dict[str, str] = {}
    for n in published:
        keys = {_fold(n), _fold(strip_form(n))} | _initials(n) | _aliases(n, text)
        for k in keys:
            if k and k not in _GENERIC:
                forms.setdefault(k, n)
    # an anonymised « société X » is referred to as « X »
    for n in published:
        if _fold(strip_form(n)) == "x":
            forms.setdefault("x", n)
    return OrgNames(tuple(published), forms)
