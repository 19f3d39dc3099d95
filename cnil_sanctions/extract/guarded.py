"""A case-insensitive pattern that first looks for the words every one of its matches contains.

The extractors test each sentence of a decision (a few hundred per text) against dozens of
patterns. A pattern that begins with an alternation (« qualité|qualifié|agi… ») is tried at
every position of every sentence, which was most of the extraction time; a plain substring test
on the lower-cased sentence rules out almost all of them first.

>>> cue = GuardedPattern(r"est\\s+(?:le\\s+)?sous-traitant", needles=("sous-traitant",))
>>> cue.search("La société est le sous-traitant de ses clients.") is not None
True
>>> cue.search("La société est responsable du traitement.") is None
True

The needles are a promise about the pattern: every match contains one of them (compared in
lower case), so skipping a sentence without any never loses a match.
tests/test_extract_guarded.py checks the promise for each guarded pattern of the extractors on
every sentence of the shipped decisions.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["GuardedPattern"]


#: The last text lower-cased and its lower-case form: the extractors test one sentence against
#: several guarded patterns in a row (one tuple, replaced whole, so threads cannot mix two).
_last: tuple[str, str] = ("", "")


def _lower(text: str) -> str:
    global _last
    last = _last
    if last[0] is text:
        return last[1]
    low = text.lower()
    _last = (text, low)
    return low


class GuardedPattern:
    """``re.compile(pattern, re.IGNORECASE)`` behind a test for one of ``needles``.

    ``needles``: lower-case words, at least one of which every match of ``pattern`` contains
    (for an alternation: one in each alternative). :meth:`search` and :meth:`finditer` answer
    exactly as the compiled pattern does; ``pattern`` and ``regex`` give the pattern itself.
    """

    def __init__(self, pattern: str, needles: tuple[str, ...]) -> None:
        if not needles or any(not n or n != n.lower() for n in needles):
            raise ValueError(f"GuardedPattern: needles must be non-empty lower case: {needles!r}")
        self.regex = re.compile(pattern, re.IGNORECASE)
        self.pattern = pattern
        self.needles = needles

    def may_match(self, text: str) -> bool:
        """False when ``text`` holds none of the needles (then the pattern cannot match)."""
        low = _lower(text)
        return any(needle in low for needle in self.needles)

    def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
        """The first match in ``text`` from ``pos``, as ``regex.search``."""
        return self.regex.search(text, pos) if self.may_match(text) else None

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """Every match in ``text``, as ``regex.finditer``."""
        return self.regex.finditer(text) if self.may_match(text) else iter(())

    def __repr__(self) -> str:
        return f"GuardedPattern({self.pattern[:40]!r}…, needles={self.needles!r})"
