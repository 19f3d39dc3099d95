"""Shared fixtures. Network: pytest-socket (see pyproject addopts) blocks every connection except
to 127.0.0.1 / ::1, so a unit test can never reach a live site; HTTP tests use pytest-httpserver."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
RAW = ROOT / "data" / "raw"
#: seconds per executed notebook page, set by tests/test_notebooks.py, printed at the end
NOTEBOOK_TIMINGS = pytest.StashKey[dict[str, float]]()


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    """Print how long each notebook took to execute (when the notebooks ran)."""
    timings = config.stash.get(NOTEBOOK_TIMINGS, None)
    if timings:
        terminalreporter.section("notebook execution (seconds)")
        for page, seconds in timings.items():
            terminalreporter.write_line(f"{seconds:6.1f}  {page}")


@pytest.fixture
def fixtures_dir() -> Path:
    """The folder of recorded real documents (and clearly named synthetic ones)."""
    return FIXTURES


@pytest.fixture
def dila_sample_bytes() -> bytes:
    """The real DILA XML sample (CNILTEXT000026026270, a 2012 authorisation, not a sanction)."""
    return (FIXTURES / "dila" / "juri_cnil.xml").read_bytes()
