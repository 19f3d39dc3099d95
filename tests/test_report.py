"""report.py: summary and figures on a SYNTHETIC frame; notebook execution is in test_notebooks."""

from __future__ import annotations

import re

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from cnil_sanctions import dataset, plots, report
from cnil_sanctions.errors import CnilSanctionsError
from cnil_sanctions.notebook_exec import KernelSession
from tests.analysis_frames import REF_ID, sample_frame
from tests.paths import ROOT


def test_summary_markdown_quotes_the_data():
    text = report.summary_markdown(sample_frame(), REF_ID)
    assert "**13**" in text and "**12** pronounce a fine" in text
    assert "fine = **9.2 %** of this turnover" in text and "the fine is **15 %** of it" in text
    assert "rank **2 of 12** by amount (95 % CI" in text
    assert "raw rank 1 of 8 by share of turnover (95 % CI" in text  # the company's own
    assert "On the company's own turnover" in text and "On the undertaking's turnover" in text
    assert "above high" in text


#: A median or rank without its interval and n is a violation; what follows « median » up to the
#: next « ; » must hold « CI » and « n = », a « rank r of n » must be followed by « (95 % CI ».
_MEDIAN = re.compile(r"\bmedian\b", re.IGNORECASE)
_RANK = re.compile(r"\brank(?!ed)\b", re.IGNORECASE)
_RANK_OK = re.compile(r"\brank\W+\d+ of \d+\**[^(;]*\(95 % CI \d+–\d+", re.IGNORECASE)


def unqualified(text: str) -> list[str]:
    """The lines of ``text`` quoting a median or a rank without its interval and n."""
    bad = []
    for line in text.splitlines():
        for part in line.split("; "):
            if _MEDIAN.search(part) and not ("CI" in part and re.search(r"n = \d+", part)):
                bad.append(part)
            if len(_RANK.findall(part)) != len(_RANK_OK.findall(part)):
                bad.append(part)
    return bad


@pytest.mark.parametrize(
    ("line", "violations"),
    [  # hand-made lines, labelled: not from the dataset
        ("- median fine **€345,000 (95 % CI €180,000–€800,000, n = 50)**.", 0),
        ("- median fine **€345,000**.", 1),
        ("- median share 0.3 % (95 % CI 0.1 %–1.2 %)", 1),  # no n
        ("- rank **15 of 50** by amount (95 % CI 9–23, n = 50).", 0),
        ("- rank **15 of 50** by amount.", 1),
        ("- raw rank 2 of 21 by share (95 % CI 1–6); median 3 (95 % CI 1–5, n = 9)", 0),
        ("- the fine is ranked among the largest", 0),
    ],
)
def test_unqualified_finds_bare_medians_and_ranks(line, violations):
    assert len(unqualified(line)) == violations


@pytest.mark.parametrize("frame", ["synthetic", "shipped"])
def test_summary_has_no_median_or_rank_without_interval_and_n(frame):
    if frame == "synthetic":
        text = report.summary_markdown(sample_frame(), REF_ID)
    else:
        text = report.summary_markdown(dataset.load_sanctions())
    assert _MEDIAN.search(text) and _RANK.search(text)  # the check has something to check
    assert unqualified(text) == []


def _stand_in_figure(df):
    """A one-line figure: the real figures are rendered by tests/test_plots.py (synthetic frame)
    and saved as PNG and SVG by the report run of tests/test_notebooks.py (shipped data)."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(2, 1))
    ax.plot([0, len(df)], [0, 1])
    return fig


def test_run_report_without_notebooks(tmp_path, monkeypatch):
    df = sample_frame()
    # the report's plumbing (every figure of plots.FIGURES saved as PNG and SVG, the summary,
    # the index) with cheap figures under the real names: rendering them is tested elsewhere
    monkeypatch.setattr(plots, "FIGURES", dict.fromkeys(plots.FIGURES, _stand_in_figure))
    monkeypatch.setattr(report, "ensure_dataset", lambda rebuild, quiet: df)
    out = tmp_path / "reports"
    # the real summary asks for the reference case by id: point it at the synthetic one
    real = report.summary_markdown
    monkeypatch.setattr(report, "summary_markdown", lambda d: real(d, REF_ID))
    assert report.run_report(out, rebuild=False, quiet=True, execute=False) == 0
    pngs = sorted(p.stem for p in (out / "figures").glob("*.png"))
    assert pngs == sorted(plots.FIGURES)
    svgs = sorted(p.stem for p in (out / "figures").glob("*.svg"))
    assert svgs == pngs
    assert "headline figures" in (out / "summary.md").read_text(encoding="utf-8")
    assert [p.name for p in out.glob("*.html")] == ["index.html"]


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    """One kernel for the tiny notebooks below (as the report shares one for its notebooks)."""
    with KernelSession(cwd=tmp_path_factory.mktemp("kernel")) as shared:
        yield shared


def _write(path, *sources, tags=None):
    cells = [new_code_cell(src) for src in sources]
    if tags is not None:
        cells[0].metadata["tags"] = tags
    nbformat.write(new_notebook(cells=cells), path)
    return path


def test_execute_and_convert_a_tiny_notebook(tmp_path, session):
    path = _write(tmp_path / "tiny.ipynb", "print(6 * 7)")
    done = report.execute_notebook(path, session=session)
    assert done.cells[0].outputs[0]["text"].strip() == "42"
    html = report.write_html(done, tmp_path / "tiny.html").read_text(encoding="utf-8")
    assert "42" in html and "<html" in html


def test_stderr_is_marked_in_the_html(tmp_path, session):
    """The marker tests/test_notebooks.py looks for is really there when a cell writes stderr."""
    from tests.test_notebooks import STDERR_MARK

    path = _write(tmp_path / "noisy.ipynb", "import sys; print('careful', file=sys.stderr)")
    html = report.write_html(session.run(path), tmp_path / "noisy.html")
    assert STDERR_MARK in html.read_text(encoding="utf-8")


def test_parameters_are_injected_after_the_parameters_cell(tmp_path, session):
    path = _write(
        tmp_path / "params.ipynb", "x = 1\nname = 'a'", "print(x * 7, name)", tags=["parameters"]
    )
    done = session.run(path, {"x": 6, "name": None})
    assert done.cells[1].metadata["tags"] == ["injected-parameters"]
    assert done.cells[1].source.splitlines()[1:] == ["x = 6", "name = None"]
    assert done.cells[2].outputs[0]["text"].strip() == "42 None"
    with pytest.raises(report.NotebookError, match="no cell tagged 'parameters'"):
        session.run(_write(tmp_path / "plain.ipynb", "1"), {"x": 1})
    with pytest.raises(report.NotebookError, match="not a literal"):
        session.run(path, {"x": object()})


def test_a_shared_kernel_starts_each_notebook_afresh(tmp_path, session):
    session.run(_write(tmp_path / "first.ipynb", "leftover = 1"))
    with pytest.raises(report.NotebookError, match="NameError: name 'leftover'"):
        session.run(_write(tmp_path / "second.ipynb", "leftover"))


def test_failing_notebook_names_itself(tmp_path, session):
    path = _write(tmp_path / "broken.ipynb", "1 / 0")
    with pytest.raises(
        report.NotebookError,
        match=r"broken\.ipynb: cell 0 failed: ZeroDivisionError: division by zero",
    ):
        report.execute_notebook(path, session=session)
    with pytest.raises(CnilSanctionsError, match="not found"):
        report.execute_notebook(tmp_path / "absent.ipynb")


def test_index_page_links_what_the_folder_holds(tmp_path):
    from cnil_sanctions.index_page import coverage_line, write_index

    df = sample_frame()
    out = tmp_path / "reports"
    (out / "figures").mkdir(parents=True)
    (out / "figures" / "a_figure.png").write_bytes(b"png")
    (out / "figures" / "a_figure.svg").write_text("<svg/>")
    for page in ("02_second", "01_first", "benchmark_SAN-2090-009"):
        (out / f"{page}.html").write_text("<html></html>")
    (out / "summary.md").write_text("# summary")
    data = tmp_path / "data"
    (data / "reference").mkdir(parents=True)
    (data / "cnil_sanctions.csv").write_text("decision_id\n")
    (data / "reference" / "public_turnover.csv").write_text("x\n")
    text = write_index(out, df, data, ["01_first", "02_second"]).read_text(encoding="utf-8")
    assert coverage_line(df) == "13 decisions held (12 with a fine), decided 2090–2093."
    assert coverage_line(df) in text
    hrefs = re.findall(r'(?:href|src)="([^"]+)"', text)
    assert hrefs.index("01_first.html") < hrefs.index("02_second.html")
    assert "benchmark_SAN-2090-009.html" in hrefs
    assert {"figures/a_figure.png", "figures/a_figure.svg", "summary.md"} <= set(hrefs)
    assert {"../data/cnil_sanctions.csv", "../data/reference/public_turnover.csv"} <= set(hrefs)
    assert "datapackage.json" not in text  # only the files that exist are linked


def test_licence_is_an_spdx_expression():
    """setuptools >= 77 warns about a licence table; an SPDX string builds quietly."""
    import tomllib

    from packaging.licenses import canonicalize_license_expression

    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    licence = meta["project"]["license"]
    assert isinstance(licence, str)
    assert canonicalize_license_expression(licence) == licence == "MIT AND etalab-2.0"
    assert any(r.startswith("setuptools>=77") for r in meta["build-system"]["requires"])


def test_without_the_notebooks_the_report_says_what_to_do(monkeypatch, tmp_path):
    """An installed package has no notebooks/: executing them (or a benchmark page) is a clear
    error naming the way out, and the report without notebooks still works."""
    from cnil_sanctions import paths

    monkeypatch.setattr(paths, "notebooks_dir", lambda: None)
    with pytest.raises(report.NotebookError, match="--no-notebooks"):
        report.run_report(tmp_path / "r", rebuild=False, quiet=True, execute=True)
    assert not (tmp_path / "r").exists()  # refused before writing anything


def test_readme_refresh_needs_a_clone(monkeypatch):
    from cnil_sanctions import paths

    monkeypatch.setattr(paths, "readme_file", lambda: None)
    with pytest.raises(CnilSanctionsError, match="clone"):
        report.refresh_readme()
    from cnil_sanctions.cli import EXIT_FAILED, main

    assert main(["readme"]) == EXIT_FAILED  # said on stderr, no traceback


def test_planned_pages_one_per_benchmark_and_case_after_the_notebooks():
    """``--benchmark`` and ``--case`` repeat: one page of the benchmark notebook each, in the
    order given, after the notebooks (the notebook run in tests/test_notebooks.py executes one
    of each; this is the rule for several)."""
    from cnil_sanctions.benchmark import Case

    small, big = Case(16.3e6, ("28", "32"), 491840), Case(None, ("5(1)(c)",))
    pages = report.planned_pages(True, ["SAN-2023-009", "SAN-2020-008"], [small, big])
    assert [p for p, _ in pages] == [
        *report.NOTEBOOKS,
        "benchmark_SAN-2023-009",
        "benchmark_SAN-2020-008",
        "benchmark_case_turnover-16.3M_articles-28-32_people-491840",
        "benchmark_case_articles-51c",
    ]
    assert [params for _, params in pages[: len(report.NOTEBOOKS)]] == [{}] * len(report.NOTEBOOKS)
    assert pages[-3][1] == {"decision_id": "SAN-2020-008"}
    assert pages[-1][1] == {
        "decision_id": None,
        "turnover_eur": None,
        "articles": ["5(1)(c)"],
        "people_affected": None,
    }
    assert [p for p, _ in report.planned_pages(False, ["SAN-2023-009"])] == [
        "benchmark_SAN-2023-009"
    ]


class _RecordingSession:
    """A stand-in for KernelSession: records what run_report asks it to execute and returns a
    one-cell notebook naming the parameters (no kernel; executing is tests/test_notebooks.py's)."""

    calls: list[tuple[str, dict[str, object] | None]] = []

    def __init__(self, cwd=None, timeout=None):  # type: ignore[no-untyped-def]
        self.cwd = cwd

    def __enter__(self):  # type: ignore[no-untyped-def]
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def run(self, path, parameters=None):  # type: ignore[no-untyped-def]
        self.calls.append((path.name, parameters))
        return new_notebook(cells=[nbformat.v4.new_markdown_cell(f"parameters: {parameters!r}")])


def test_each_benchmark_and_case_is_a_run_of_the_benchmark_notebook(tmp_path, monkeypatch):
    """`report --benchmark A --benchmark B --case …` executes the benchmark notebook once per
    page with its parameters injected, writes each page and links it from the index."""
    from cnil_sanctions.benchmark import Case

    monkeypatch.setattr(plots, "FIGURES", dict.fromkeys(plots.FIGURES, _stand_in_figure))
    monkeypatch.setattr(report, "summary_markdown", lambda df: "# summary\n")
    monkeypatch.setattr(report, "KernelSession", _RecordingSession)
    monkeypatch.setattr(_RecordingSession, "calls", [])
    case = Case(16.3e6, ("28", "29", "32"), 491840)
    out = tmp_path / "reports"
    benchmarks = ["SAN-2023-009", "SAN-2020-008"]
    assert report.run_report(out, False, True, False, benchmarks, [case]) == 0
    notebook = f"{report.BENCHMARK_NOTEBOOK}.ipynb"
    assert _RecordingSession.calls == [
        (notebook, {"decision_id": "SAN-2023-009"}),
        (notebook, {"decision_id": "SAN-2020-008"}),
        (notebook, case.parameters()),
    ]
    pages = ["benchmark_SAN-2023-009", "benchmark_SAN-2020-008", f"benchmark_case_{case.slug()}"]
    index = (out / "index.html").read_text(encoding="utf-8")
    for page, (_, parameters) in zip(pages, _RecordingSession.calls, strict=True):
        assert f"parameters: {parameters!r}" in (out / f"{page}.html").read_text("utf-8")
        assert f'href="{page}.html"' in index


def test_a_kernel_that_never_answers_is_shut_down(tmp_path, monkeypatch):
    """KernelSession stops the kernel it started when the kernel does not become ready: no
    `with` block runs, so nothing else would."""
    from jupyter_client.asynchronous.client import AsyncKernelClient

    async def never_ready(self, timeout=None):  # type: ignore[no-untyped-def]
        raise RuntimeError("kernel did not answer")

    monkeypatch.setattr(AsyncKernelClient, "wait_for_ready", never_ready)
    session = KernelSession(cwd=tmp_path)
    with pytest.raises(RuntimeError, match="did not answer"):
        session.__enter__()
    assert session._km is None and session._kc is None and session._runtime is None
