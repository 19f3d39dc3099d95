"""report.py: summary and figures on a SYNTHETIC frame; notebook execution is in test_notebooks."""

from __future__ import annotations

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from cnil_sanctions import plots, report
from cnil_sanctions.errors import CnilSanctionsError
from tests.analysis_frames import REF_ID, sample_frame


def test_summary_markdown_quotes_the_data():
    text = report.summary_markdown(sample_frame(), REF_ID)
    assert "**13**" in text and "**12** pronounce a fine" in text
    assert "**9.2 %** of that turnover" in text and "**15.0 %** of the legal maximum" in text
    assert "**2 of 12**" in text and "**1 of 11**" in text
    assert "above high" in text


def test_run_report_without_notebooks(tmp_path, monkeypatch):
    df = sample_frame()
    monkeypatch.setattr(report, "ensure_dataset", lambda rebuild, quiet: df)
    out = tmp_path / "reports"
    # the real summary asks for the reference case by id: point it at the synthetic one
    real = report.summary_markdown
    monkeypatch.setattr(report, "summary_markdown", lambda d: real(d, REF_ID))
    assert report.run_report(out, rebuild=False, quiet=True, execute=False) == 0
    pngs = sorted(p.stem for p in (out / "figures").glob("*.png"))
    assert pngs == sorted(plots.FIGURES)
    assert "headline figures" in (out / "summary.md").read_text(encoding="utf-8")
    assert not list(out.glob("*.html"))


def test_execute_and_convert_a_tiny_notebook(tmp_path):
    nb = new_notebook(cells=[new_code_cell("print(6 * 7)")])
    path = tmp_path / "tiny.ipynb"
    nbformat.write(nb, path)
    done = report.execute_notebook(path)
    assert done.cells[0].outputs[0]["text"].strip() == "42"
    html = report.write_html(done, tmp_path / "tiny.html").read_text(encoding="utf-8")
    assert "42" in html and "<html" in html


def test_failing_notebook_names_itself(tmp_path):
    path = tmp_path / "broken.ipynb"
    nbformat.write(new_notebook(cells=[new_code_cell("1 / 0")]), path)
    with pytest.raises(
        report.NotebookError,
        match=r"broken\.ipynb: cell 0 failed: ZeroDivisionError: division by zero",
    ):
        report.execute_notebook(path)
    with pytest.raises(CnilSanctionsError, match="not found"):
        report.execute_notebook(tmp_path / "absent.ipynb")
