"""Shared fixtures. Network: pytest-socket (see pyproject addopts) blocks every connection except
to 127.0.0.1 / ::1, so a unit test can never reach a live site; HTTP tests use pytest-httpserver.

No test skips silently: a skipped test (``pytest.skip``, ``importorskip``, a ``skipif``) is
reported as a failure by :func:`pytest_runtest_makereport` / :func:`pytest_make_collect_report`.
"""

from __future__ import annotations

from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest

from cnil_sanctions.http import HttpConfig
from tests.paths import FIXTURES, RAW, ROOT

__all__ = ["FAST_HTTP", "FIXTURES", "RAW", "ROOT"]

#: The one HTTP configuration of the tests: every delay tiny and every loop bounded (3 retries,
#: at most 3 s of waiting in all), so no test sleeps through a real back-off.
FAST_HTTP = HttpConfig(
    connect_timeout=1.0,
    read_timeout=0.5,
    max_retries=3,
    backoff_base=0.01,
    backoff_max=0.05,
    max_total_wait=3.0,
    max_retry_after=5.0,
    min_interval=0.0,
)


@pytest.fixture
def fast_http() -> HttpConfig:
    """:data:`FAST_HTTP`, for tests that build a :class:`~cnil_sanctions.http.PoliteSession`."""
    return FAST_HTTP


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


def _no_skip(report: pytest.TestReport | pytest.CollectReport) -> None:
    if report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"a test was skipped, and skips count as failures here: {reason}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, Any, None]:
    """Turn a skipped test into a failure (no test skips silently)."""
    outcome = yield
    _no_skip(outcome.get_result())


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(
    collector: pytest.Collector,
) -> Generator[None, Any, None]:
    """Turn a module skipped at collection (``importorskip``) into an error."""
    outcome = yield
    _no_skip(outcome.get_result())


#: The test files that take longest after the notebook run (seconds of CPU, measured with
#: ``--durations`` in December 2026), longest first. Only the order in which ``make test`` hands
#: files to its two workers depends on it: long files first, short ones last, so that neither
#: worker ends the run alone on a long file. A file missing here just keeps its place.
LONGEST_FILES = (
    "tests/test_packaging.py",
    "tests/test_dataset.py",
    "tests/test_plots.py",
    "tests/test_incremental.py",
    "tests/test_gold.py",
    "tests/test_report.py",
    "tests/test_export.py",
    "tests/test_metamorphic.py",
    "tests/test_analysis_layout.py",
    "tests/faults/test_network_faults.py",
    "tests/faults/test_kill_resume.py",
    "tests/test_benchmark.py",
    "tests/test_dila_real_shape.py",
)


def _dispatch_order(item: pytest.Item) -> tuple[bool, int]:
    path = item.nodeid.split("::", 1)[0]
    rank = LONGEST_FILES.index(path) if path in LONGEST_FILES else len(LONGEST_FILES)
    return item.get_closest_marker("notebooks") is None, rank


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The notebook run (``@pytest.mark.notebooks``, the longest test by far) first, then the
    files of :data:`LONGEST_FILES`, then the rest in their order: with ``make test``'s
    ``--dist loadfile --no-loadscope-reorder``, the notebook file starts on one worker at once
    while the other worker takes the rest, and the run ends on short files on both."""
    items.sort(key=_dispatch_order)
