"""Number of people / accounts / records concerned, and whether there was a data breach.

A candidate is a number directly followed by a unit noun (« 491 840 patients », « plus de
3,7 millions de comptes »); small counts written in words are read too (« des six salariés »),
and collective approximations of people (« une vingtaine de personnes » → 20, approximate).
Devices are a unit of their own (« 27,5 millions de terminaux mobiles », « appareils »): a
decision on trackers may count terminals, not persons. Documents and dwellings are units too
(« 413 144 documents étaient accessibles », « gérer 16 000 logements sociaux »): a decision
may weigh the breach by what it reached, not by a count of persons. « lignes » (of a form, of
a table) are not records of people.

Candidates that are never the people affected:

* numbers in « Vu » clauses, counts of complaints, signatories, mandates;
* staff sizes (« emploie 486 personnes ») and counts of people above the world population
  (a typo such as « 2 474 000 millions de comptes »);
* worldwide audiences (« 2,5 milliards d’utilisateurs actifs par mois dans le monde »,
  « à travers le monde »): the CNIL assesses the people reached in its own case;
* figures quoted from another case (« dans sa décision du 12 mars 2014, … le Conseil d’Etat »);
* the organisation's own arguments (« La société fait valoir … », « soutient », « conteste »);
* a figure for a territory wider than France when the CNIL weighs its own case: « au sein de
  l’Union européenne », « dans l’Espace économique européen », « en Europe » (« environ 60
  millions d’utilisateurs actifs par mois au sein de l’Union européenne et du Royaume-Uni »
  is not the people reached in France);
* a number the sentence denies (« ce nombre ne signifie pas que 27,5 millions d’utilisateurs
  n’ont pas consenti »).
* a count of records followed by the number of people they concern (« plus de trois millions
  de fiches "signalisation" concernant près de 800 000 personnes »): the people are counted.

The headline figure is the one the formation restreinte relies on when it weighs the breach:

1. « le nombre de personnes concernées était de N » beats every other candidate;
2. else a figure tied to a breach: its sentence says the data or people were concerned,
   affected, exposed, kept, divulged (« concern », « affect », « violation », « figuraient »,
   « ont reçu », « à l’égard des N », « données de N » …); the size of the organisation's
   clientele (« dénombrait 8 millions de clients ») is not such a tie;
3. else any other candidate.

Within the best tier the largest figure is kept: the seriousness is weighed on the widest
population the breaches reached (« plus de 28 millions de clients » over « 1,7 million de
visiteurs »). Then:

* refinement: an approximate figure (« près de 500 000 », « plus de 200 ») is replaced by an
  exact figure stated elsewhere with more significant digits and within 10 % of it
  (« 491 840 », « 201 »; « près de 800 000 personnes » by « 790 000 personnes »): the exact
  figure for the same population is preferred to a rounded one;
* approx: True when any mention of the kept value carries « près de », « plus de », « environ »…;
* unit: the generic « personnes » gives way to a specific noun stated for the same value
  (« 491 840 patients »), also in the organisation's own statement, which is not a candidate
  but says who the people are (« la société soutient qu’elle s’est limitée à diffuser le
  formulaire à une vingtaine de salariés » → employees); a record noun followed by whose
  records they are takes the person noun (« 20 millions d’adresses électroniques de
  prospects » → prospects; « 82,5 millions d’adresses de comptes » → accounts).

Several best-tier candidates of different values are recorded as a conflict.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cnil_sanctions.extract.guarded import GuardedPattern
from cnil_sanctions.extract.numbers import find_quantities, parse_number_words
from cnil_sanctions.extract.sentences import Sentence

__all__ = ["PEOPLE_UNITS", "PeopleResult", "extract_people", "has_data_breach", "breach_evidence"]

_UNITS: list[tuple[str, str]] = [
    (r"personnes", "people"),
    (r"patients", "patients"),
    (r"clients", "customers"),
    (r"abonnés", "customers"),
    (r"consommateurs", "customers"),
    (r"comptes", "accounts"),
    (r"utilisateurs", "users"),
    (r"internautes", "users"),
    (r"membres", "users"),
    (r"prospects", "prospects"),
    (r"salariés|agents|employés|collaborateurs", "employees"),
    (r"lycéens|élèves|étudiants", "students"),
    (r"visiteurs", "visitors"),
    (r"identifiants", "identifiers"),
    (r"débiteurs", "people"),
    (r"séries\s+d['’]images", "records"),
    (r"images|photographies|photos", "images"),
    (r"terminaux|appareils", "devices"),
    (r"enregistrements|fiches|dossiers", "records"),
    (r"adresses(?:\s+électroniques|\s+de\s+messagerie)?|numéros\s+de\s+téléphone", "records"),
    (r"documents", "documents"),
    (r"logements", "dwellings"),
]
#: What ``people_affected`` may count (the values of ``people_affected_unit``), in the order of
#: the nouns above; the generic « personnes » is ``people``.
PEOPLE_UNITS: tuple[str, ...] = tuple(dict.fromkeys(name for _, name in _UNITS))
_UNIT_RE = re.compile(
    r"^\s*(?:\([^)]*\)\s*)?(?:de\s+|d['’])?(?:(?:nouveaux|anciens|autres)\s+)?(?P<u>"
    + "|".join(f"(?:{u})" for u, _ in _UNITS)
    + r")\b",
    re.IGNORECASE,
)
#: whose records: « adresses électroniques de prospects », « … distinctes concernant des clients »
_OWNER = re.compile(
    r"^[^.;:]{0,60}?\b(?:de|des|d['’]|concernant\s+des|relatives?\s+(?:à|aux)\s+des)\s+"
    r"(?P<u>clients|prospects|patients|abonnés|utilisateurs|salariés|personnes|comptes)\b",
    re.IGNORECASE,
)
#: records counted with the people they concern (« fiches … concernant près de 800 000
#: personnes »): the people, a candidate of their own, are the population
_RECORDS_OF_PEOPLE = re.compile(
    r"^[^.;:]{0,40}?\b(?:concernant|relatives?\s+à|appartenant\s+à)\s+"
    r"(?:plus\s+de\s+|près\s+de\s+|environ\s+)?\d[\d\s\u00a0\u202f.,]*\s*(?:millions?\s+de\s+)?"
    r"(?:personnes|clients|patients|utilisateurs|abonnés|salariés)\b",
    re.IGNORECASE,
)
_RECORD_UNITS = {"records", "documents", "dwellings", "images"}
#: small counts in words (« six salariés ») — find_quantities reads words only from 100 up
_SMALL_WORDS = re.compile(
    r"(?<![\w-])(?:les|des|aux|ces)\s+(?P<w>deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze"
    r"|quinze|seize|dix-sept|dix-huit|dix-neuf|vingt|trente|quarante|cinquante)(?![\w-])",
    re.IGNORECASE,
)
_STRONG = re.compile(
    r"concern|affect|violation|figuraient|divulgu|exposé|ont\s+reçu|accessibles?|"
    r"méconnu|à\s+l['’]égard\s+d|contenues?\s+dans|"
    r"données\s+(?:à\s+caractère\s+personnel\s+)?de\s+(?:plus\s+de\s+|près\s+de\s+|environ\s+)?\d",
    re.IGNORECASE,
)
_EXCLUDED_CONTEXT = re.compile(r"\bplainte|\bsignataires|\bmandat", re.IGNORECASE)
_WORLDWIDE = re.compile(
    r"dans\s+le\s+monde|à\s+travers\s+le\s+monde|\bmondia|(?:au\s+sein\s+de|dans)\s+l['’]"
    r"(?:Union\s+européenne|Espace\s+économique\s+européen)|\ben\s+Europe\b",
    re.IGNORECASE,
)
_DENIED = re.compile(r"ne\s+(?:signifie|veut\s+dire|implique)\s+pas\s+que\s+$", re.IGNORECASE)
#: « une vingtaine de personnes »: collective nouns of approximate counts
_COLLECTIVE = re.compile(
    r"\bune\s+(?P<w>dizaine|quinzaine|vingtaine|trentaine|quarantaine|cinquantaine|soixantaine"
    r"|centaine)\s+(?=d['’]|de\s)",
    re.IGNORECASE,
)
_COLLECTIVE_VALUE = {
    "dizaine": 10,
    "quinzaine": 15,
    "vingtaine": 20,
    "trentaine": 30,
    "quarantaine": 40,
    "cinquantaine": 50,
    "soixantaine": 60,
    "centaine": 100,
}
_OTHER_CASE = GuardedPattern(
    r"Conseil\s+d['’]\s*[ÉEé]tat|Cour\s+de\s+justice|CJUE|dans\s+(?:sa|son|une|un)\s+"
    r"(?:décision|arrêt)\s+(?:du|n°)",
    needles=("conseil", "cour", "cjue", "décision", "arrêt"),
)
_ARGUMENT = GuardedPattern(
    r"(?:la\s+société|les\s+sociétés|l['’]organisme|son\s+conseil)\s+(?:\w+\s+){0,2}?"
    r"(?:fait\s+(?:\w+\s+)?valoir|soutient|conteste|rappelle|affirme|argue|estime)\b",
    needles=("valoir", "soutient", "conteste", "rappelle", "affirme", "argue", "estime"),
)
_STAFF_BEFORE = re.compile(
    r"(?:emploi\w*|employait|compt\w*|effectif\w*[^.;]{0,40})\s+(?:environ\s+|plus\s+de\s+|près\s+de\s+)?$",
    re.IGNORECASE,
)
_NUMBER_OF = re.compile(
    r"nombre\s+(?:total\s+)?d['’]?e?\s*(?P<u>personnes|clients|patients|comptes|utilisateurs)"
    r"\s+concerné\w*\s+(?:était|est|s['’]élève|s['’]élevait)\s+(?:à|de)\s+(?P<rest>.{1,40})",
    re.IGNORECASE,
)
_PERSON_UNITS = {"people", "patients", "customers", "accounts", "users", "employees", "students"}
_WORLD_POPULATION = 8_100_000_000
_REFINE_TOLERANCE = 0.10


@dataclass
class PeopleResult:
    """People-affected facts of one decision."""

    people_affected: int | None = None
    unit: str | None = None
    approx: bool | None = None
    evidence: str | None = None
    conflicts: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Candidate:
    tier: int
    value: int
    approx: bool
    unit: str
    order: int
    evidence: str


def _unit_name(word: str) -> str:
    for pattern, name in _UNITS:
        if re.fullmatch(pattern, word, re.IGNORECASE):
            return name
    return "people"


def _significant_digits(n: int) -> int:
    return len(str(n).rstrip("0"))


def _counts(t: str) -> list[tuple[int, int, int, bool, bool]]:
    """(value, start, end, approx, in_words) of every count of ``t``: digits, scaled words,
    and small counts in words after a definite determiner (« des six salariés »)."""
    out = [
        (int(q.value), q.start, q.end, q.approx, False)
        for q in find_quantities(t)
        if not q.currency and q.value >= 2 and q.value == int(q.value) and q.high is None
    ]
    taken = [(c[1], c[2]) for c in out]
    for m in _SMALL_WORDS.finditer(t):
        if any(a <= m.start() < b for a, b in taken):
            continue
        out.append((parse_number_words(m["w"]), m.start(), m.end(), False, True))
    for m in _COLLECTIVE.finditer(t):
        if not any(a <= m.start() < b for a, b in taken):
            out.append((_COLLECTIVE_VALUE[m["w"].lower()], m.start(), m.end(), True, True))
    return sorted(out, key=lambda c: c[1])


def _candidates(sentences: list[Sentence], *, arguments: bool = False) -> list[_Candidate]:
    """The candidates of the module docstring; with ``arguments``, those of the organisation's
    own statements instead (used only to name the unit)."""
    out: list[_Candidate] = []
    for s in sentences:
        t = s.text
        if t.startswith("Vu ") or re.match(r"\s*(?:PAR CES MOTIFS|Délibération)", t):
            continue
        if _OTHER_CASE.search(t) or bool(_ARGUMENT.search(t)) != arguments:
            continue
        for m in _NUMBER_OF.finditer(t):  # « le nombre de personnes concernées était de 29 440 »
            qs = [q for q in find_quantities(m["rest"]) if not q.currency and q.value >= 2]
            if qs and qs[0].start < 5:
                q = qs[0]
                out.append(_Candidate(3, int(q.value), q.approx, _unit_name(m["u"]), len(out), t))
        for value, start, end, approx, in_words in _counts(t):
            unit_match = _UNIT_RE.match(t[end : end + 60])
            if not unit_match:
                continue
            unit = _unit_name(unit_match["u"])
            if in_words and unit not in _PERSON_UNITS:
                continue
            if unit in _RECORD_UNITS and _RECORDS_OF_PEOPLE.match(t[end + unit_match.end() :]):
                continue  # « N fiches concernant M personnes »: M is the candidate
            if unit == "records":
                owner = _OWNER.match(t[end + unit_match.end() :])
                if owner:
                    unit = _unit_name(owner["u"])
            if unit in _PERSON_UNITS and value > _WORLD_POPULATION:
                continue
            around = t[max(0, start - 60) : end + 60]
            if _EXCLUDED_CONTEXT.search(around) or _WORLDWIDE.search(t[start : end + 120]):
                continue
            if _DENIED.search(t[max(0, start - 40) : start]):
                continue
            if unit in {"people", "employees"} and _STAFF_BEFORE.search(
                t[max(0, start - 60) : start]
            ):
                continue
            tier = 2 if _STRONG.search(t) else 1
            out.append(_Candidate(tier, value, approx, unit, len(out), t))
    return out


def extract_people(sentences: list[Sentence]) -> PeopleResult:
    """The headline number of people/records concerned, by the rules of the module docstring."""
    res = PeopleResult()
    cands = _candidates(sentences)
    if not cands:
        return res
    top = max(c.tier for c in cands)
    best_tier = [c for c in cands if c.tier == top]
    kept = max(best_tier, key=lambda c: (c.value, not c.approx, -c.order))
    if kept.approx:
        finer = [
            c
            for c in cands
            if not c.approx
            and abs(c.value - kept.value) <= _REFINE_TOLERANCE * kept.value
            and _significant_digits(c.value) > _significant_digits(kept.value)
        ]
        if finer:
            kept = max(finer, key=lambda c: (c.tier, c.unit != "people", -c.order))
    same = [c for c in cands if c.value == kept.value]
    unit = kept.unit
    if unit == "people":
        stated = same + [c for c in _candidates(sentences, arguments=True) if c.value == kept.value]
        unit = next((c.unit for c in stated if c.unit != "people"), unit)
    evidence = next(
        (c.evidence for c in same if c.unit == unit and c.tier == kept.tier), kept.evidence
    )
    res.people_affected, res.unit, res.evidence = kept.value, unit, evidence
    res.approx = any(c.approx for c in same)
    rivals = sorted({c.value for c in best_tier if c.value != kept.value})
    if rivals:
        res.conflicts.append(
            f"people_affected: {kept.value} kept (largest figure tied to a breach); other "
            f"candidates of the same tier: {rivals[:5]}"
        )
    return res


_BREACH = GuardedPattern(
    r"violations?\s+de(?:s)?\s+données|fuite\s+de\s+données|cyberattaque|"
    r"accès\s+non\s+autorisé|divulgation\s+non\s+autorisée",
    needles=("violation", "fuite", "cyberattaque", "autoris"),
)


#: a sentence that establishes a breach took place (not a quote, a defence or a hypothesis)
_BREACH_FACT = re.compile(
    r"notifi|a\s+rendu\s+possible|a\s+permis|concernés?\s+par\s+la\s+violation|a\s+eu\s+lieu|"
    r"intervenues?|victime|a\s+pour\s+cause|à\s+l['’]origine|mettre\s+fin|a\s+constaté|"
    r"a\s+compromis|a\s+concerné|ont\s+eu\s+lieu",
    re.IGNORECASE,
)
_BREACH_NOT_FACT = re.compile(
    r"n['’]est\s+pas\s+nécessaire|en\s+l['’]absence|\bpas\s+à\s+l['’]origine|\béviter\b|"
    r"\brisque\s+(?:de|d['’]|faible)|\ben\s+cas\s+de\b|aurait\s+pu|\bdispose\b|\bprévoit\b|"
    r"^\s*(?:Lors\s+de|Aux\s+termes|En\s+vertu|En\s+défense)\b|\bconsidère\s+qu|\brépond\b|"
    r"\bsanctions\s+pécuniaires\s+où|\bfait\s+valoir\b|\bsoutient\b|Conseil\s+d['’]\s*[ÉEé]tat|"
    r"\baucune?\s+(?:attaque|violation|fuite)|\bn['’]est\s+pas\s+constitué|\bpas\s+seulement\b|"
    r"\ben\s+conclut\b",
    re.IGNORECASE,
)
_NOTIFICATION_ARTICLE = re.compile(r"article\s+3[34]\b", re.IGNORECASE)


def _breach_sentences(sentences: list[Sentence]) -> tuple[list[Sentence], ...]:
    """Sentences outside the « Vu » clauses speaking of a breach: all of them, those that are
    not a quoted rule, a denial, a hypothesis or the organisation's defence (« plain »), and
    the plain ones speaking of the breach as a fact (« factual »)."""
    body = [s for s in sentences if not s.text.startswith("Vu ")]
    speaking = [s for s in body if _BREACH.search(s.text)]
    plain = [
        s for s in speaking if not _BREACH_NOT_FACT.search(s.text) and not _ARGUMENT.search(s.text)
    ]
    factual = [s for s in plain if _fact_near_breach(s.text)]
    return body, speaking, plain, factual


def has_data_breach(sentences: list[Sentence], articles: list[str]) -> bool:
    """True when the decision finds that a personal-data breach occurred: a breach
    notification / communication article (GDPR 33/34) is retained, or at least one sentence
    outside the « Vu » clauses speaks of the breach as a fact (notified, made possible, had
    its cause, concerned N people, compromised data, ended…).

    Mentions that do not establish a breach are not counted, however many there are: the
    rule of art. 32/33/34 quoted or paraphrased (« il est tenu compte … des risques … de la
    divulgation non autorisée », « conformément à l'article 32 »), the formation restreinte
    saying no breach is needed for the art. 32 grievance (« la survenance d'une violation de
    données n'est pas nécessaire », « et non pas seulement … l'existence d'une violation »),
    a denial (« aucune violation de données »), a hypothesis (« en cas d'accès non autorisé »)
    and the organisation's defence (« en défense, la société soutient … »)."""
    if any(re.match(r"GDPR 3[34]\b", a) for a in articles):
        return True
    return bool(_breach_sentences(sentences)[3])


#: a breach named as the object of a duty, in the abstract (« l'obligation de notification
#: d'une violation de données », a joint-controller agreement's list of duties): not a breach
_ABSTRACT_BREACH = re.compile(
    r"(?:obligations?|procédures?|modalités|exigences?|devoirs?)\s+(?:de\s+|d['’]|relatives?\s+à\s+"
    r"(?:la\s+)?)?(?:notification|notifier|communication|communiquer)\s+(?:d['’]une|des|les)\s*$",
    re.IGNORECASE,
)


def _fact_near_breach(t: str) -> bool:
    """A fact verb within 100 characters of a mention of the breach; a breach named only as
    the object of a duty (:data:`_ABSTRACT_BREACH`) is not a mention of a breach."""
    return any(
        _BREACH_FACT.search(t[max(0, m.start() - 100) : m.end() + 100])
        for m in _BREACH.finditer(t)
        if not _ABSTRACT_BREACH.search(t[max(0, m.start() - 80) : m.start()])
    )


def breach_evidence(sentences: list[Sentence]) -> str | None:
    """The sentence that best establishes the breach ``has_data_breach`` found: outside the
    « Vu » clauses, a sentence speaking of the breach as a fact (notified, made possible,
    people concerned by it…) rather than a quoted rule, a defence or a hypothesis; else the
    first sentence speaking of a breach; else one citing article 33 / 34 (notification)."""
    body, speaking, plain, factual = _breach_sentences(sentences)
    for group in (factual, plain, speaking):
        if group:
            return group[0].text
    notif = [s for s in body if _NOTIFICATION_ARTICLE.search(s.text)]
    return notif[0].text if notif else None
