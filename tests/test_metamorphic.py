"""Metamorphic tests on every gold decision (issue 15): the operative part rewritten in the
other real forms (tests/operative_forms.py) must give the same facts.

Only what the operative part states is extracted for each variant (fine, breakdown, entities,
measures, the breaches it names) — the base extraction is computed once per decision — so the
whole file runs in a few seconds. One test runs the full extractor on a combined rewrite.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cnil_sanctions.evaluation import DEFAULT_GOLD, HELDOUT_DIR, CorpusText, load_corpus, load_gold
from cnil_sanctions.extract import extract_facts
from cnil_sanctions.extract.articles import extract_articles
from cnil_sanctions.extract.fine import extract_fine
from cnil_sanctions.extract.measures import extract_measures
from cnil_sanctions.extract.sentences import operative_part, split_sentences
from tests import operative_forms as forms


@dataclass(frozen=True)
class Decision:
    """A gold decision: its text, the span of its operative part, its gold record."""

    doc: CorpusText
    span: tuple[int, int]
    gold: dict[str, object]

    @property
    def operative(self) -> str:
        return self.doc.text[self.span[0] : self.span[1]]

    def with_operative(self, new: str) -> str:
        return self.doc.text[: self.span[0]] + new + self.doc.text[self.span[1] :]


def _load() -> list[Decision]:
    gold = {**load_gold(), **load_gold(DEFAULT_GOLD / HELDOUT_DIR)}
    out = []
    for doc in load_corpus():
        span = operative_part(doc.text)
        if doc.source_md5 in gold and span is not None:
            out.append(Decision(doc, span, gold[doc.source_md5]))
    return out


DECISIONS = _load()
IDS = [f"{d.doc.decision_id}-{d.doc.source_md5[:4]}" for d in DECISIONS]


def operative_facts(text: str, rename: Callable[[str], str] = str) -> dict[str, object]:
    """The facts read from the operative part of ``text`` (entity names passed through
    ``rename``, so that a variant with dotted names compares with the base)."""
    span = operative_part(text)
    assert span is not None
    ops = split_sentences(text, *span)
    fine = extract_fine(ops)
    m = extract_measures(ops)
    articles, _ = extract_articles([], ops)
    return {
        "fine_eur": fine.fine_eur,
        "fines_by_entity": [{**e, "entity": rename(str(e["entity"]))} for e in fine.by_entity],
        "fines_by_article": [
            {**p, "entity": rename(str(p["entity"]))} if "entity" in p else p
            for p in fine.by_article
        ],
        "conflicts": len(fine.conflicts),
        "penalty_liquidated_eur": m.penalty_liquidated_eur,
        "astreinte_eur_per_day": m.astreinte_eur_per_day,
        "injunction": m.injunction,
        "injunction_deadline": m.injunction_deadline,
        "publicity": m.publicity,
        "publicity_duration": m.publicity_duration,
        "reprimand": m.reprimand,
        "operative_articles": articles,
    }


_BY_MD5 = {d.doc.source_md5: d for d in DECISIONS}


@functools.cache
def base_facts(md5: str) -> dict[str, object]:
    """The operative facts of the unchanged text, computed once per decision."""
    return operative_facts(_BY_MD5[md5].doc.text)


def _names(d: Decision) -> list[str]:
    """Names of the fined entities that a dot can be given to (not « société X », « […] »)."""
    facts = base_facts(d.doc.source_md5)
    names = [str(e["entity"]) for e in facts["fines_by_entity"]]  # type: ignore[union-attr]
    org = d.gold.get("organisation")
    if isinstance(org, str):
        names += [n.strip() for n in org.split(";")]
    return [n for n in dict.fromkeys(names) if len(n) >= 3 and n[:1].isupper() and n.isupper()]


def _check(d: Decision, variant: str, rename: Callable[[str], str] = str) -> None:
    base = base_facts(d.doc.source_md5)
    got = operative_facts(d.with_operative(variant), rename)
    assert got == base, (
        f"{d.doc.decision_id}: {json.dumps(base, ensure_ascii=False)} != "
        f"{json.dumps(got, ensure_ascii=False)}"
    )


def test_every_gold_decision_is_covered() -> None:
    assert len(DECISIONS) == len(load_gold()) + len(load_gold(DEFAULT_GOLD / HELDOUT_DIR))


@pytest.mark.parametrize("d", DECISIONS, ids=IDS)
def test_base_fine_is_the_gold_fine(d: Decision) -> None:
    assert base_facts(d.doc.source_md5)["fine_eur"] == d.gold["fine_eur"]


@pytest.mark.parametrize("d", DECISIONS, ids=IDS)
def test_rewrites_keep_the_facts(d: Decision) -> None:
    op = d.operative
    for sep in forms.SEPARATORS:
        _check(d, forms.spaces(op, sep))
    for cur in forms.CURRENCIES:
        _check(d, forms.currency(op, cur))
    for form in forms.AMOUNT_FORMS:
        variant, n = forms.amounts_in(op, form)
        if d.gold["fine_eur"]:
            assert n >= 1, f"{d.doc.decision_id}: no amount rewritten"
        _check(d, variant)
    for bullet in forms.BULLETS:
        _check(d, forms.bullets(op, bullet))
    names = _names(d)
    if names:
        renamed = {forms.dotted(n): n for n in names}
        _check(d, forms.dotted_names(op, names), lambda s: renamed.get(s, s))


def test_rewrites_do_change_the_text() -> None:
    """The rewrites are not no-ops on the corpus (else the tests above could not fail)."""
    changed = {
        "spaces": sum(forms.spaces(d.operative, "") != d.operative for d in DECISIONS),
        "currency": sum(forms.currency(d.operative, "EUR") != d.operative for d in DECISIONS),
        "amounts": sum(
            forms.amounts_in(d.operative, forms.AMOUNT_FORMS[3])[0] != d.operative
            for d in DECISIONS
        ),
        "bullets": sum(forms.bullets(d.operative, "\uf0a7 ") != d.operative for d in DECISIONS),
        "names": sum(bool(_names(d)) for d in DECISIONS),
    }
    fined = sum(bool(d.gold["fine_eur"]) for d in DECISIONS)
    assert changed["amounts"] >= fined, changed
    assert min(changed.values()) >= 15, changed


def test_a_variant_reads_the_words_and_figures_conflict() -> None:
    """The check is not blind: an amount whose words say something else is a conflict."""
    d = next(d for d in DECISIONS if d.gold["fine_eur"] == 600_000)  # ACCOR (SAN-2022-017)
    variant, n = forms.amounts_in(
        d.operative,
        lambda v: f"{forms.french_words(v + 1000)} euros ({forms.group(v, ' ')} €)",
    )
    assert n >= 3
    got = operative_facts(d.with_operative(variant))
    assert got["fine_eur"] == 600_000
    assert got["conflicts"] == n


def test_full_extractor_on_a_combined_rewrite() -> None:
    """Every fact of the full extractor (not only the operative ones) stays the same when the
    operative part of the decisions with a breakdown or several entities is rewritten."""
    picked = [
        d
        for d in DECISIONS
        if base_facts(d.doc.source_md5)["fines_by_article"]
        or base_facts(d.doc.source_md5)["fines_by_entity"]
    ]
    assert len(picked) >= 3
    for d in picked:
        op, _ = forms.amounts_in(d.operative, forms.AMOUNT_FORMS[2])
        op = forms.bullets(forms.spaces(op, "\u202f"), "\uf0a7 ")
        base = extract_facts(d.doc.text, title=d.doc.title, header=d.doc.header)
        got = extract_facts(d.with_operative(op), title=d.doc.title, header=d.doc.header)
        for name, value in base.items():
            if name.endswith("_evidence") or name == "extraction_conflicts":
                continue
            assert got[name] == value, (d.doc.decision_id, name)


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    st.sampled_from(DECISIONS),
    st.sampled_from(forms.SEPARATORS),
    st.sampled_from(forms.CURRENCIES),
    st.sampled_from(range(len(forms.AMOUNT_FORMS))),
    st.sampled_from(forms.BULLETS),
    st.booleans(),
)
def test_any_combination_of_forms_keeps_the_facts(
    d: Decision, sep: str, cur: str, form: int, bullet: str, dots: bool
) -> None:
    op, _ = forms.amounts_in(d.operative, forms.AMOUNT_FORMS[form])
    op = forms.bullets(forms.currency(forms.spaces(op, sep), cur), bullet)
    rename: Callable[[str], str] = str
    names = _names(d) if dots else []
    if names:
        op = forms.dotted_names(op, names)
        renamed = {forms.dotted(n): n for n in names}
        rename = lambda s: renamed.get(s, s)  # noqa: E731
    _check(d, op, rename)
