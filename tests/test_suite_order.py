"""The order in which ``make test`` hands test files to its workers (tests/conftest.py)."""

from __future__ import annotations

from tests.conftest import LONGEST_FILES
from tests.paths import ROOT


def test_the_longest_files_are_test_files_of_this_suite() -> None:
    missing = [path for path in LONGEST_FILES if not (ROOT / path).is_file()]
    assert missing == [], "rename or drop these in tests/conftest.py LONGEST_FILES"
    assert len(set(LONGEST_FILES)) == len(LONGEST_FILES)
    assert "tests/test_notebooks.py" not in LONGEST_FILES  # it goes first by its marker
