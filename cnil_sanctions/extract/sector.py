"""Economic sector of the sanctioned organisation, from what the decision says it does.

The taxonomy is the small explicit table :data:`SECTOR_TABLE`: each sector has a definition
and the cues (regular expressions, case-insensitive) that place an organisation in it.
``digital_platforms`` is the *generic* sector (software, apps, web sites, online services):
its cues only decide when no other sector's cue is found, because most organisations
sanctioned by the CNIL run a web site or an app whatever their trade (« une plateforme
numérique de location de véhicules » is transport, « l’exploitation des sites web … qui
permettent la vente en ligne » is retail).

Where the sector is read, in order (the first source with a cue decides):

1. the organisation's name and the title of the decision from « concernant » / « à
   l’encontre de » (« concernant Madame x, députée de x » → politics, « le rectorat X » →
   public_sector, « Régie autonome des transports parisiens » → transport_mobility);
2. the *activity sentences*: sentences of the facts part (before « Motifs de la décision »)
   that say what the organisation does — « est spécialisée dans … », « a pour (principale)
   activité … », « son activité principale est … », « exploite / édite / commercialise /
   propose … », « a développé … », « met en œuvre une plateforme … », « est un opérateur /
   établissement / acteur … », « est principalement actif … » — and, anywhere, the
   formation restreinte's « la société est un acteur … du secteur de … ». Not counted:
   « Vu » clauses and the party's arguments (« fait valoir », « soutient »). Sentences
   about the organisation come before sentences whose subject is « le groupe » or another
   named company (SAN-2020-009: the group is a retailer, the sanctioned entity « est un
   établissement bancaire »; SAN-2021-024: only the parent « FACEBOOK INC. … a développé un
   réseau social » is described, so its activity is used). Within a sentence the earliest
   specific cue wins (« Son activité principale est la grande distribution, mais le groupe
   … dans le secteur bancaire » → retail); a specific cue in any activity sentence beats the
   generic digital cues of an earlier one (« l’édition de logiciels applicatifs » then
   « commercialise des solutions logicielles à destination de laboratoires d’analyses
   médicales » → health);
3. only when no activity sentence has a cue: the clientele or field the decision attributes
   to the organisation — « ses patients » (health), « acteurs du monde de la santé », « acteur
   … du secteur de … » (the cue table applied to what follows « secteur » / « monde »);
4. only when nothing of the above is found (typically a short decision on a previous
   injunction, which does not describe the company again): the web site the decision is
   about (« sur le site web " facebook.com " », « sur le site google.fr ») places the
   organisation in the generic ``digital_platforms`` (it runs an online service; a trade
   behind the site, e.g. the retail of « Amazon.fr », is not said, so it is not guessed);
5. else ``other`` — an activity that fits no sector (sworn translation, agro-biotech) and an
   organisation whose business the text does not describe are both ``other``.

Cues worth knowing: « jeux pour téléphone / jeux mobiles / jeux vidéo », « magasin
d’applications », « App Store » are digital; « média » qualifying devices (« dispositifs de
communication et de média mobiles ») is hardware, not press; « programmes / cartes de
fidélité » sold to consumers are retail; a service to « obtenir les coordonnées » of people,
a « base de données de contacts » is marketing data (a data broker).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cnil_sanctions.extract.names import OrgNames, org_names
from cnil_sanctions.extract.sentences import PARTY_ARGUMENT, Sentence

__all__ = ["SECTOR_TABLE", "SECTORS", "SectorDef", "sector_of", "SectorResult"]


@dataclass(frozen=True)
class SectorDef:
    """One sector of the taxonomy: what it covers and the cues that place an organisation in
    it."""

    definition: str
    cues: str


#: the sector taxonomy: sector → definition and cues (order = tie-break at equal position)
SECTOR_TABLE: dict[str, SectorDef] = {
    "health": SectorDef(
        "health care and medical services: physicians, laboratories, hospitals, medical "
        "software for them, health tests",
        r"\bsanté\b|médic|médecin|patients?\b|laboratoires?\s+(?:d['’]analyses|de\s+biologie)"
        r"|biologie\s+médicale|hôpita|clinique|pharma|radiolog|tests?\s+antigéniques|dépistage",
    ),
    "banking_insurance": SectorDef(
        "banks, credit, payment institutions, insurers and insurance intermediaries",
        r"bancaire|\bbanques?\b|établissement\s+de\s+(?:crédit|paiement)|crédit\s+à\s+la"
        r"|paiements?\b|assuran|assurés|mutuelle",
    ),
    "telecoms": SectorDef(
        "telephone and internet access operators",
        r"opérateur\s+de\s+(?:téléphonie|télécommunication|radio)|télécommunications?"
        r"|téléphonie|fournisseurs?\s+d['’]accès|forfaits?\s+mobiles?",
    ),
    "transport_mobility": SectorDef(
        "public transport, vehicle rental and sharing, mobility services",
        r"\btransports?\b|location\s+de\s+(?:véhicules|voitures|scooters|vélos)|auto-?partage"
        r"|scooters?|trottinettes?|réseau\s+de\s+bus|mobilit[éy]|voyageurs",
    ),
    "energy_utilities": SectorDef(
        "electricity, gas and energy suppliers and producers",
        r"électricité|\bgaz\b|énergies?\b|énergétiques?",
    ),
    "media_publishing": SectorDef(
        "press, magazines, editorial web sites and other media",
        r"\bpresse\b|journa(?:l|ux)\b|magazines?|\bmédias?\b(?!\s+mobiles?)"
        r"|\barticles\b(?!\s+(?:\d|L\.?\s*\d|[IVX]+\b))",
    ),
    "retail_ecommerce": SectorDef(
        "sale of goods, in shops or at a distance (e-commerce, meal delivery)",
        r"\bvente\s+(?:à\s+distance|en\s+ligne|au\s+détail)|e-commerce|commerce\s+(?:en\s+ligne"
        r"|électronique)|grande\s+distribution|distribution\s+de\s+(?:produits|biens)"
        r"|magasins?(?!\s+d['’]applications)|livraison\s+de\s+repas|biens\s+marchands"
        r"|(?:programmes?|cartes?)\s+de\s+fidélité",
    ),
    "real_estate": SectorDef(
        "property development, sale, letting and management",
        r"immobili|logements?\s+sociaux|bailleurs?",
    ),
    "hospitality_leisure": SectorDef(
        "hotels, restaurants, tourism and leisure",
        r"hôtel|tourisme|\bloisirs\b",
    ),
    "marketing_data": SectorDef(
        "direct marketing, prospecting on behalf of advertisers, data brokers",
        r"prospection|courtiers?\s+en\s+données|marketing\s+direct|annonceurs"
        r"|fichiers?\s+de\s+prospects|centres?\s+d['’]appels?"
        r"|(?:obtenir|fournir|fournit|vendre|vend)\s+(?:les\s+|des\s+)?coordonnées"
        r"|bases?\s+de\s+données\s+de\s+contacts",
    ),
    "politics": SectorDef(
        "elected representatives, candidates and political parties",
        r"\bdéputée?s?\b|\bsénat(?:eur|rice)|parti\s+politique|candidate?s?\s+aux"
        r"|campagne\s+électorale",
    ),
    "public_sector": SectorDef(
        "State administrations, local authorities, public services (not EPIC businesses), "
        "court registries",
        r"ministère|rectorat|\bcommune\b|mairie|préfecture|collectivités?\s+territoriales?"
        r"|\bgreffes?\b|service\s+public\s+administratif|établissement\s+public\s+administratif",
    ),
    "digital_platforms": SectorDef(
        "generic: search engines, social networks, apps, software, online services, adtech "
        "(decides only when no other sector's cue is found)",
        r"moteur\s+de\s+recherche|réseau\s+social|plateforme|applications?\b|logiciels?"
        r"|site\s+(?:web|internet)|services?\s+(?:en\s+ligne|numériques?)|régie\s+publicitaire"
        r"|reconnaissance\s+faciale|messagerie|informatiques?\b|numérique|services\s+à"
        r"\s+destination\s+des\s+(?:entreprises|particuliers)|magasins?\s+d['’]applications"
        r"|App\s+Store|jeux\s+(?:vidéo|mobiles?|pour\s+(?:téléphones?|mobiles?|smartphones?"
        r"|ordiphones?))",
    ),
}
#: the sectors, ``other`` last
SECTORS: tuple[str, ...] = (*SECTOR_TABLE, "other")
_GENERIC = "digital_platforms"
_CUE_RE = {k: re.compile(v.cues, re.IGNORECASE) for k, v in SECTOR_TABLE.items()}

_ACTIVITY = re.compile(
    r"spécialisée?\s+(?:dans|en)|(?:a|ayant|avoir)\s+pour\s+(?:principale\s+)?activités?"
    r"|activité\s+principale|exerce\s+(?:une|son|en\s+outre\s+une)\s+activité|une\s+activité\s+d"
    r"|\bexploite\b|\bédite\b|commercialis(?:e|ation)|\bpropose\b|a\s+développé|met\s+en\s+œuvre\s+une"
    r"\s+plateforme|\best\s+(?:un|une)\s+(?:opérateur|établissement|entreprise|acteur"
    r"|logiciel|groupement|société\s+d['’]assurance|plateforme|banque)"
    r"|principalement\s+actif|filiale\s+du\s+groupe[^.;]{0,40}\bqui\s+(?:a|est)"
    r"|acteur\b[^.;]{0,40}\bsecteur",
    re.IGNORECASE,
)
_MOTIFS = re.compile(r"^\s*(?:II\s*[-.–]?\s*)?Motifs\s+de\s+la\s+décision", re.IGNORECASE)
_GROUP_SUBJECT = re.compile(r"^(?:[^,]{0,40},\s*)?le\s+groupe\b", re.IGNORECASE)
_NAMED = re.compile(r"société\s+(?P<n>[A-Z][\w&\-]+(?:[ \-][A-Z][\w&\-]+)*)")
_TITLE_PART = re.compile(r"(?:concernant|à\s+l['’]encontre\s+d)", re.IGNORECASE)
#: « sur le site web " facebook.com " », « le site google.fr », « le site Amazon.fr »
_OWN_SITE = re.compile(
    r"\bsur\s+le\s+site\s+(?:web\s+|internet\s+)?[\"“«]?\s*(?:www\.)?[\w\-]+\.(?:fr|com)\b",
    re.IGNORECASE,
)
_CLIENTELE = re.compile(
    r"\bses\s+patients\b|\bacteurs?\b[^.;]{0,60}?\b(?:secteur|monde)\s+"
    r"(?:de\s+la|de\s+l['’]|du|des|de)\s*[^.;,]{3,60}",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class SectorResult:
    """The sector and the text it was read from (None for ``other``)."""

    sector: str = "other"
    evidence: str | None = None


def _cue(text: str, *, generic: bool = False) -> str | None:
    """The sector whose cue comes first in ``text`` (the generic sector only if asked)."""
    best: tuple[int, int, str] | None = None
    for rank, (sector, rx) in enumerate(_CUE_RE.items()):
        if (sector == _GENERIC) != generic:
            continue
        m = rx.search(text)
        if m and (best is None or (m.start(), rank) < best[:2]):
            best = (m.start(), rank, sector)
    return best[2] if best else None


def _about_other_company(text: str, names: OrgNames) -> bool:
    """True when the company named first in ``text`` is not a sanctioned one
    (:mod:`cnil_sanctions.extract.names`)."""
    m = _NAMED.search(text[:120])
    if not m or not names:
        return False
    if m["n"].casefold() in {"x", "y"}:
        return False
    return not names.refers_to(m["n"])


def _facts(sentences: list[Sentence]) -> list[Sentence]:
    for i, s in enumerate(sentences):
        if _MOTIFS.match(s.text):
            return sentences[:i]
    return sentences


def activity_sentences(sentences: list[Sentence], names: OrgNames | list[str]) -> list[str]:
    """The sentences that say what the organisation does, the organisation's own first and
    those whose subject is « le groupe » or another company after them (rule 2 of the
    module docstring)."""
    names = org_names(names, " ".join(s.text for s in sentences))
    facts = _facts(sentences)
    pool = facts + [
        s for s in sentences[len(facts) :] if re.search(r"acteur\b[^.;]{0,40}\bsecteur", s.text)
    ]
    own: list[str] = []
    group: list[str] = []
    for s in pool:
        t = s.text
        if t.startswith("Vu ") or not _ACTIVITY.search(t) or PARTY_ARGUMENT.search(t):
            continue
        other = _GROUP_SUBJECT.match(t) or _about_other_company(t, names)
        (group if other else own).append(t)
    return own + group


def sector_of(
    sentences: list[Sentence], names: OrgNames | list[str], title: str | None = None
) -> SectorResult:
    """The sector of the organisation ``names`` by the rules of the module docstring."""
    heads = list(names)
    if title and (m := _TITLE_PART.search(title)):
        heads.append(title[m.start() :])
    for h in heads:
        if sector := _cue(h):
            return SectorResult(sector, h)
    activity = activity_sentences(sentences, names)
    for t in activity:
        if sector := _cue(t):
            return SectorResult(sector, t)
    for t in activity:
        if _cue(t, generic=True):
            return SectorResult(_GENERIC, t)
    for s in sentences:
        if s.text.startswith("Vu "):
            continue
        for m in _CLIENTELE.finditer(s.text):
            if sector := _cue(m.group(0)):
                return SectorResult(sector, s.text)
    for s in sentences:  # rule 4: only the web site the organisation runs is described
        if not s.text.startswith("Vu ") and _OWN_SITE.search(s.text):
            return SectorResult(_GENERIC, s.text)
    return SectorResult()
