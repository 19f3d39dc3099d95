"""Columns the fact extractor adds to the dataset (group ``facts``).

The names match the keys of the gold records in ``tests/gold/``. Every ``<name>_evidence`` column
holds the sentence the value was read from, an exact substring of the decision text (several
sentences are joined with `` […] ``).
"""

from __future__ import annotations

from typing import Any, Literal

from cnil_sanctions.extract.people import PEOPLE_UNITS
from cnil_sanctions.extract.sector import SECTORS
from cnil_sanctions.fields import Field, FieldType
from cnil_sanctions.law import TIERS

_ISO_DURATION = r"P\d+[DWMY]"
#: One article reference in the project's notation (the pattern of every article column).
ARTICLE_PATTERN = (
    r"(?:GDPR \d+(?:\(\d+\))*(?:\([a-h]\))?|LIL \d+|LIL\(1978\) \d+(?:\(\d+\))*(?:\([a-h]\))?"
    r"|CPCE L\d+-\d+)"
)


def _f(
    name: str,
    type_: FieldType,
    description: str,
    *,
    scored: Literal["value", "items"] | None = "value",
    **kw: Any,
) -> Field:
    """A fact column, compared with the gold set value by value unless ``scored`` says not."""
    return Field(name=name, type=type_, description=description, group="facts", scored=scored, **kw)


def _evidence(
    name: str, description: str, supports: tuple[str, ...], *, strict: bool = True
) -> Field:
    """An evidence column (never scored) supporting the ``supports`` columns."""
    return _f(
        name, "string", description, scored=None, evidence_for=supports, evidence_strict=strict
    )


def _ev(name: str) -> Field:
    return _evidence(
        f"{name}_evidence",
        f"Sentence of the decision text that states `{name}` (exact quote; empty when "
        f"`{name}` is empty).",
        (name,),
        strict=False,
    )


FIELDS: list[Field] = [
    _f(
        "measure_kind",
        "string",
        "Kind of decision: fine, warning (avertissement, the pre-GDPR sanction without a fine), "
        "reprimand (rappel à l'ordre, no fine), injunction_follow_up "
        "(decision on a previous injunction, no penalty collected), penalty_liquidation "
        "(liquidation d'astreinte), formal_notice_publication (bureau decision to publish a "
        "mise en demeure), other.",
        enum=(
            "fine",
            "warning",
            "reprimand",
            "injunction_follow_up",
            "penalty_liquidation",
            "formal_notice_publication",
            "other",
        ),
    ),
    _f(
        "organisation",
        "string",
        "Sanctioned organisation(s) as published in the operative part (or the title), e.g. "
        "« DEDALUS BIOLOGIE », « société X », « Monsieur […] »; several joined with ' ; '.",
    ),
    _ev("organisation"),
    _f("organisation_anonymised", "boolean", "The decision hides the organisation's name."),
    _f(
        "legal_form",
        "string",
        "Legal form as stated: SAS, SASU, SA, SARL, LLC, Ltd, Inc, GIE, EPIC, individual, "
        "public_body, …; several joined with ' ; '.",
    ),
    _evidence(
        "legal_form_evidence",
        "Where `legal_form` is read (exact quote; empty when `legal_form` is empty): the sentence "
        "or title naming the organisation with its form (« Monsieur […] », « … SAS »), else the "
        "sentence spelling the form out (« société par actions simplifiée »).",
        ("legal_form",),
    ),
    _f(
        "role",
        "string",
        "GDPR role of the organisation for the breaches retained.",
        enum=("controller", "processor", "controller_and_processor"),
    ),
    _ev("role"),
    _f(
        "sector",
        "string",
        "Economic sector, from what the decision says the organisation does (taxonomy and "
        "rules: cnil_sanctions.extract.sector.SECTOR_TABLE); 'other' when the activity fits "
        "no sector or is not described.",
        enum=SECTORS,
        fallback="other",
    ),
    _ev("sector"),
    _f("siren", "string", "SIREN / RCS number if stated (digits only).", pattern=r"\d{9}"),
    _f("staff_count", "integer", "Number of employees if stated.", unit="employees", minimum=0),
    _f(
        "staff_count_scope",
        "string",
        "Whose staff `staff_count` counts: the sanctioned entity itself, or its group / parent "
        "(used when the decision gives no figure for the entity).",
        enum=("entity", "group"),
        scored=None,
    ),
    _ev("staff_count"),
    _f(
        "inspection_date",
        "date",
        "Date of the earliest dated inspection (contrôle en ligne, sur place, sur pièces, sur "
        "audition) the decision describes; not the date of the president's decision ordering "
        "it nor of the report's notification (see cnil_sanctions.extract.timeline). Not in the "
        "gold records: scored on its own hand-read table (docs/evaluation.md).",
        scored=None,
    ),
    _ev("inspection_date"),
    _f(
        "fine_eur",
        "integer",
        "Total administrative fine pronounced in the operative part (« PAR CES MOTIFS … "
        "décide de »); empty when no fine. Not the rapporteur's proposal, not a liquidated "
        "penalty payment.",
        unit="EUR",
        minimum=0,
    ),
    _ev("fine_eur"),
    _f(
        "fines_by_entity",
        "string",
        'JSON list [{"entity": str, "fine_eur": int}] when several entities are fined, else empty.',
        scored="items",
    ),
    _f(
        "fines_by_article",
        "string",
        'JSON list [{"fine_eur": int, "articles": [str, …]}] (plus "entity" when several '
        "entities are fined): the parts of a fine the operative part breaks down by breach "
        "(« qui se décompose comme suit : 200 000 € pour manquement à l’article … ; … »), or "
        "the amounts of a fine split by legal basis; articles in the notation of "
        "`articles_violated`. The parts add up to `fine_eur`, else the difference is recorded "
        "in `extraction_conflicts`. Empty when the fine is one amount. Not in the gold set "
        "(not scored).",
        scored=None,
    ),
    _evidence(
        "fines_by_article_evidence",
        "The operative sentences that state the total and its parts (exact quotes joined with "
        "« […] »; empty when `fines_by_article` is empty).",
        ("fines_by_article",),
    ),
    _f(
        "fine_after_appeal_eur",
        "integer",
        "Fine after a Conseil d'État judgment (0 if annulled): the one the decision's header "
        "notes, else (named decisions) the row of data/reference/appeals.csv; "
        "fine_after_appeal_source says which.",
        unit="EUR",
        minimum=0,
    ),
    _evidence(
        "fine_after_appeal_eur_evidence",
        "The Conseil d'État note of the header (« Par une décision du …, le Conseil d’État a "
        "réformé / annulé … ») that states both `fine_after_appeal_eur` and `appeal_reference` "
        "(exact quote of the header or text; empty when both are empty).",
        ("fine_after_appeal_eur", "appeal_reference"),
    ),
    _f(
        "appeal_reference",
        "string",
        "Conseil d'État judgment noted in the header, else the appeals-table row's, "
        "normalised as 'CE, <day> <month abbr.> <year>, n° <number>'.",
    ),
    _f(
        "penalty_liquidated_eur",
        "integer",
        "Amount of a liquidated penalty payment (liquidation d'astreinte).",
        unit="EUR",
        minimum=0,
    ),
    _evidence(
        "penalty_liquidated_eur_evidence",
        "Operative sentence that liquidates the penalty payment and states "
        "`penalty_liquidated_eur` (exact quote; empty when `penalty_liquidated_eur` is empty).",
        ("penalty_liquidated_eur",),
    ),
    _f("injunction", "boolean", "An injunction to comply (injonction) is pronounced."),
    _f(
        "injunction_deadline",
        "string",
        "Deadline of the injunction as an ISO 8601 duration (P3M = three months).",
        pattern=_ISO_DURATION,
    ),
    _f(
        "astreinte_eur_per_day",
        "integer",
        "Penalty payment per day of delay attached to the injunction.",
        unit="EUR/day",
        minimum=0,
    ),
    _f(
        "publicity",
        "boolean",
        "The decision is made public with the organisation's name (« rend publique »).",
    ),
    _f(
        "publicity_duration",
        "string",
        "How long the name stays in the published decision (ISO 8601 duration, P2Y).",
        pattern=_ISO_DURATION,
    ),
    _f("reprimand", "boolean", "A reprimand (rappel à l'ordre) is pronounced."),
    _evidence(
        "measures_evidence",
        "Operative sentences, in text order, that support the non-fine measures: `injunction` "
        "and `injunction_deadline`, `astreinte_eur_per_day`, `publicity` and "
        "`publicity_duration`, `reprimand` — only those whose value is non-empty / true (exact "
        "quotes joined with ' […] '; empty when there is none).",
        (
            "injunction",
            "injunction_deadline",
            "astreinte_eur_per_day",
            "publicity",
            "publicity_duration",
            "reprimand",
        ),
    ),
    _f(
        "turnover_eur",
        "integer",
        "Turnover the decision relies on: a figure said to be the basis of the fine, else the "
        "sanctioned entity's own turnover (for a bank its « produit net bancaire ») of the "
        "latest year stated, else the group's; never a figure without a year.",
        unit="EUR",
    ),
    _ev("turnover_eur"),
    _f("turnover_year", "integer", "Financial year of turnover_eur.", minimum=1990, maximum=2100),
    _f(
        "turnover_scope",
        "string",
        "Whose turnover turnover_eur is: the sanctioned entity or its group.",
        enum=("entity", "group"),
    ),
    _f(
        "turnover_redacted",
        "boolean",
        "A turnover or net-income figure is blacked out in the text ([…]).",
    ),
    _evidence(
        "turnover_redacted_evidence",
        "First sentence where a turnover or net-income figure is blacked out (« chiffre "
        "d’affaires … […] »), supporting `turnover_redacted` (exact quote; empty when false).",
        ("turnover_redacted",),
    ),
    _f(
        "turnover_figures",
        "string",
        'JSON list of every figure stated: [{"value": int, "year": int|null, "scope": '
        '"entity"|"group", "worldwide": bool, "kind": "turnover"|"net_income"|'
        '"individual_income", "currency": "EUR"|"USD", "bound": "lower"|"upper"|"approx"|'
        'null}]; "value" is in "currency" as stated (« 160 milliards de dollars » → 160e9, '
        'USD), "bound" comes from the marker before it (« plus de » → lower, « moins de » → '
        "upper, « environ / près de » → approx). A turnover or net_income figure also has "
        '"entity" (whose figure: the sanctioned organisation, « groupe X », or another named '
        'company; null when unknown) and "undertaking" (true when it is the figure of the '
        "group / economic unit / parent company, false for the sanctioned entity's own or a "
        'sister company\'s); an individual_income figure has "period": "month"|"year" '
        '(« par mois » → month); every figure has "evidence", the sentence it is first read from '
        "(exact quote). A bank's « produit net bancaire » is kind turnover.",
        scored="items",
    ),
    _f(
        "net_income_eur",
        "integer",
        "Net result (résultat net) for the year and scope of turnover_eur (negative = loss).",
        unit="EUR",
    ),
    _evidence(
        "net_income_eur_evidence",
        "Sentence that states `net_income_eur` (exact quote; empty when `net_income_eur` is "
        "empty).",
        ("net_income_eur",),
    ),
    _f(
        "individual_income_eur",
        "integer",
        "An individual's income (a physician's « revenus », « gagner environ 8 000 € par "
        "mois »), as stated, kept apart from turnover; its period (month or year) is the "
        "figure's period in turnover_figures.",
        unit="EUR",
    ),
    _evidence(
        "individual_income_eur_evidence",
        "Sentence that states `individual_income_eur` (exact quote; empty when "
        "`individual_income_eur` is empty).",
        ("individual_income_eur",),
    ),
    _f(
        "articles_violated",
        "string",
        "Breaches retained by the formation restreinte, semicolon-separated, e.g. "
        "'GDPR 28(3);GDPR 29;GDPR 32' (GDPR, LIL = Loi Informatique et Libertés, LIL(1978) = "
        "the same Loi in its numbering before 1 June 2019, e.g. 'LIL(1978) 34', CPCE). Read "
        "from the operative part and the sanction section, else the breach conclusions; never "
        "from « Vu » clauses.",
        pattern=rf"{ARTICLE_PATTERN}(?:;{ARTICLE_PATTERN})*",
        scored="items",
    ),
    _ev("articles_violated"),
    _f(
        "cap_tier",
        "string",
        "Legal-maximum tier of the fine, by cnil_sanctions.law.cap_tier: GDPR 83(5) (4 % / "
        "20 M€) if a retained GDPR article falls under 83(5), else GDPR 83(4) (2 % / 10 M€); "
        "LIL 20 for Loi I&L/CPCE-only cases; the pre-GDPR cap (LIL 1978 art. 47, LIL 2016) for "
        "facts before 25 May 2018; empty without a fine.",
        enum=tuple(TIERS),
    ),
    _ev("cap_tier"),
    _f(
        "regime",
        "string",
        "The law whose cap applies to the decision (cnil_sanctions.law.regime_for, from the "
        "decision date, the end of the facts when the text dates them before 25 May 2018 (or "
        "when a decision of 25 May 2018 – 31 May 2019 retains only articles of the 1978 Loi), "
        "and the articles retained): LIL 1978 art. 47 (pre-2016), LIL 2016 (Loi pour une "
        "République numérique), GDPR 83(4), GDPR 83(5) or LIL 20 (the labels of `cap_tier`). "
        "Set with or without a fine: without one (a reprimand, a fine the law rules out for the "
        "State) it names the law that applies to the breaches retained and the cap a fine would "
        "have had, not an amount that was or could be imposed; empty when no breach is retained "
        "or none has a tier. Scored against the gold records that carry it (held-out batch 4 on).",
        enum=tuple(TIERS),
    ),
    _evidence(
        "regime_evidence",
        "Sentence that shows `regime` (exact quote): the one dating the facts before the GDPR, "
        "for a decision dated before 25 May 2018 the first citing the Loi's sanction articles "
        "(45, 47), else the Loi of 6 January 1978, else the « sanction pécuniaire »; otherwise "
        "the evidence of `articles_violated`; empty when `regime` is empty.",
        ("regime",),
    ),
    _f(
        "people_affected",
        "integer",
        "Headline number of people / accounts / customers / patients / records concerned.",
        minimum=0,
    ),
    _ev("people_affected"),
    _f(
        "people_affected_unit",
        "string",
        "What people_affected counts: persons (people, patients, customers, accounts, users, "
        "employees, students, visitors, prospects) or what the breach reached when the decision "
        "counts that (identifiers, images, devices, records, documents, dwellings).",
        enum=PEOPLE_UNITS,
    ),
    _f(
        "people_affected_approx",
        "boolean",
        "The text gives people_affected as approximate (« près de », « plus de », « environ »).",
    ),
    _f(
        "data_breach",
        "boolean",
        "The decision finds that a personal-data breach occurred (GDPR 33/34 retained, or a "
        "« violation de données » / leak / unauthorised access spoken of as a fact: notified, "
        "made possible, concerned N people); not a quoted rule, a breach said to be unnecessary "
        "for the art. 32 grievance or not to have occurred, nor the organisation's defence.",
    ),
    _evidence(
        "data_breach_evidence",
        "Sentence that establishes the breach behind `data_breach` (« violation de données », "
        "unauthorised access… spoken of as a fact — notified, made possible, people concerned — "
        "rather than a quoted rule or a defence; exact quote; empty when `data_breach` is false).",
        ("data_breach",),
    ),
    _f(
        "extraction_conflicts",
        "string",
        "Conflicting candidates the extractor met and the rule it applied, one per line "
        "(e.g. figures vs words of an amount, two turnover figures for the same year).",
        scored=None,
    ),
]

#: names of the columns, in order
FIELD_NAMES: list[str] = [f.name for f in FIELDS]
