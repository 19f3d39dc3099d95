"""The README's generated lists: each rendered from the one file that holds it.

``make readme`` (``python -m cnil_sanctions.report --readme``) rewrites, between their markers:

* ``NO-BASIS`` — the named fines without a turnover basis, from
  ``data/reference/no_turnover_basis.csv`` (:func:`~cnil_sanctions.public_turnover.load_no_basis`),
  with each organisation as the dataset names it; the list must match the dataset;
* ``TARGETS`` — the accuracy targets, from ``tests/gold/targets.csv``
  (:func:`~cnil_sanctions.evaluation.load_targets`);
* ``ACCURACY`` — the accuracy table: development and held-out sets scored now, beside the
  pooled first-run (unseen-data) figures of ``docs/evaluation.md``
  (:func:`~cnil_sanctions.evaluation.current_accuracy_markdown`; runs the extractor).

``tests/test_readme.py`` checks the README is current.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from cnil_sanctions.errors import CnilSanctionsError
from cnil_sanctions.public_turnover import NO_BASIS_PATH, load_no_basis, named_fines_without_basis


def no_basis_table(df: pd.DataFrame) -> str:
    """The Markdown table of named fines without a turnover basis; raises
    :class:`CnilSanctionsError` when the reference list and the dataset disagree."""
    why = load_no_basis()
    expected = named_fines_without_basis(df)
    if sorted(why) != expected:
        raise CnilSanctionsError(
            f"{NO_BASIS_PATH}: lists {sorted(set(why) - set(expected))} that have a basis or no "
            f"fine, and misses {sorted(set(expected) - set(why))}; update the file"
        )
    names = df.set_index("decision_id")["organisation"]
    lines = ["| decision | organisation | why there is no turnover |", "|---|---|---|"]
    lines += [f"| {d} | {names[d]} | {why[d]} |" for d in sorted(why)]
    return "\n".join(lines)


def targets_table(df: pd.DataFrame) -> str:
    """The Markdown table of the accuracy targets (``df`` unused: every block takes it)."""
    from cnil_sanctions.evaluation import load_targets, targets_markdown

    return targets_markdown(load_targets())


def accuracy_table(df: pd.DataFrame) -> str:
    """The Markdown accuracy table (``df`` unused: every block takes it)."""
    from cnil_sanctions.evaluation import current_accuracy_markdown

    return current_accuracy_markdown()


#: marker name → renderer of the block's body
BLOCKS: dict[str, Callable[[pd.DataFrame], str]] = {
    "NO-BASIS": no_basis_table,
    "TARGETS": targets_table,
    "ACCURACY": accuracy_table,
}


def markers(name: str) -> tuple[str, str]:
    """The start and end comments of block ``name``."""
    return f"<!-- {name}:START -->", f"<!-- {name}:END -->"


def render(text: str, df: pd.DataFrame, skip: frozenset[str] = frozenset()) -> str:
    """``text`` (the README) with every block of :data:`BLOCKS` but ``skip`` rendered from its
    source (the tests check ``ACCURACY`` from the scores they already have)."""
    for name, make in BLOCKS.items():
        if name in skip:
            continue
        start, end = markers(name)
        if start not in text or end not in text:
            raise CnilSanctionsError(f"README: the markers {start} … {end} are missing")
        head, rest = text.split(start, 1)
        _, tail = rest.split(end, 1)
        text = f"{head}{start}\n{make(df)}\n{end}{tail}"
    return text


def sync(readme: Path, df: pd.DataFrame) -> bool:
    """Rewrite the generated lists of ``readme``; True if anything changed."""
    text = readme.read_text(encoding="utf-8")
    new = render(text, df)
    if new != text:
        readme.write_text(new, encoding="utf-8")
        return True
    return False
