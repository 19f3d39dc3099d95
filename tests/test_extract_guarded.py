"""GuardedPattern: the pattern answers as re does, and the needles of every guarded pattern of
the extractors are a proven promise — each way through the pattern spells one of them.

The proof reads the pattern's parse tree (``re._parser``, the parser behind ``re.compile``): a
sequence guarantees a needle when one of its items does (a run of literal characters holding the
needle in lower case, a group or a repeat of at least once whose content does, an alternation
whose every branch does). It holds for any text, not only the shipped decisions.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import re._parser as sre_parse  # the parser of re.compile (Python 3.11+)
from re._constants import BRANCH, LITERAL, MAX_REPEAT, MIN_REPEAT, POSSESSIVE_REPEAT, SUBPATTERN

import pytest

from cnil_sanctions.extract import articles, organisation, people, sentences, timeline, turnover
from cnil_sanctions.extract.guarded import GuardedPattern

#: every guarded pattern of the extractors (tests/test_extract_guarded.py finds any it misses)
GUARDED = {
    "organisation._PROCESSOR": organisation._PROCESSOR,
    "organisation._CONTROLLER_Q": organisation._CONTROLLER_Q,
    "organisation._CONTROLLER_FINDING": organisation._CONTROLLER_FINDING,
    "turnover.TURNOVER_TOPIC": turnover.TURNOVER_TOPIC,
    "sentences.PARTY_CONTENTION": sentences.PARTY_CONTENTION,
    "timeline._INSPECTION": timeline._INSPECTION,
    "timeline._PARTY": timeline._PARTY,
    "articles._CONCLUSION": articles._CONCLUSION,
    "people._OTHER_CASE": people._OTHER_CASE,
    "people._ARGUMENT": people._ARGUMENT,
    "people._BREACH": people._BREACH,
}


def _guarantees(items: list[tuple[object, object]], needles: tuple[str, ...]) -> bool:
    """True when every match of the parsed sequence ``items`` contains one of ``needles``."""
    run: list[str] = []

    def run_has_needle() -> bool:
        text = "".join(run).lower()
        return any(n in text for n in needles)

    for op, av in items:
        if op is LITERAL:
            run.append(chr(av))  # type: ignore[arg-type]
            continue
        if run_has_needle():
            return True
        run = []
        if op is SUBPATTERN and _guarantees(list(av[-1]), needles):  # type: ignore[index]
            return True
        if op is BRANCH and all(_guarantees(list(b), needles) for b in av[1]):  # type: ignore[index]
            return True
        if op in (MAX_REPEAT, MIN_REPEAT, POSSESSIVE_REPEAT):
            low, _high, body = av  # type: ignore[misc]
            if low >= 1 and _guarantees(list(body), needles):
                return True
    return run_has_needle()


@pytest.mark.parametrize("name", sorted(GUARDED))
def test_every_way_through_the_pattern_spells_a_needle(name: str) -> None:
    guarded = GUARDED[name]
    parsed = sre_parse.parse(guarded.pattern, re.IGNORECASE)
    assert _guarantees(list(parsed), guarded.needles), f"{name}: a match may hold no needle"


def test_every_guarded_pattern_of_the_extractors_is_proven() -> None:
    """No GuardedPattern of any module of cnil_sanctions.extract is left out of GUARDED (and so
    of the proof); a module importing one (PARTY_CONTENTION) holds the same object."""
    package = importlib.import_module("cnil_sanctions.extract")
    found = {
        id(value): f"{name}.{attr}"
        for info in pkgutil.iter_modules(package.__path__)
        for name in [info.name]
        for attr, value in vars(importlib.import_module(f"{package.__name__}.{name}")).items()
        if isinstance(value, GuardedPattern)
    }
    assert set(found) == {id(p) for p in GUARDED.values()}, sorted(found.values())


@pytest.mark.parametrize(
    ("pattern", "needles", "holds"),
    [
        (r"est\s+(?:le\s+)?sous-traitant", ("sous-traitant",), True),
        (r"responsables?\s+conjointe?s?|détermin\w*\s+les\s+finalités", ("responsab",), False),
        (
            r"responsables?\s+conjointe?s?|détermin\w*\s+les\s+finalités",
            ("responsab", "finalit"),
            True,
        ),
        (r"\bgagn(?:er|e|ait)\b", ("gagne",), False),  # « gagnait » has no « gagne »
        (r"(?:a|ont)\s+manqué", ("manqu",), True),
        (r"(?:fait\s+)?valoir", ("fait",), False),  # the group is optional
        (r"(?:fait\s+)+valoir", ("fait",), True),
    ],
)
def test_the_proof_itself(pattern: str, needles: tuple[str, ...], holds: bool) -> None:
    assert _guarantees(list(sre_parse.parse(pattern, re.IGNORECASE)), needles) is holds


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("La société est le sous-traitant de ses clients.", "est le sous-traitant"),
        ("LA SOCIÉTÉ EST SOUS-TRAITANT.", "EST SOUS-TRAITANT"),
        ("La société est responsable du traitement.", None),
        ("", None),
    ],
)
def test_search_answers_as_the_pattern(text: str, found: str | None) -> None:
    cue = GuardedPattern(r"est\s+(?:le\s+)?sous-traitant", needles=("sous-traitant",))
    match = cue.search(text)
    assert (match[0] if match else None) == found
    plain = re.compile(cue.pattern, re.IGNORECASE).search(text)
    assert (plain[0] if plain else None) == found
    assert [m[0] for m in cue.finditer(text)] == ([found] if found else [])


def test_needles_must_be_lower_case_words() -> None:
    with pytest.raises(ValueError, match="lower case"):
        GuardedPattern(r"Sous-traitant", needles=("Sous-traitant",))
    with pytest.raises(ValueError, match="lower case"):
        GuardedPattern(r"x", needles=())
