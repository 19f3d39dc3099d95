"""cnil-sanctions: the fines of the French data protection authority (CNIL) as data.

Data flows one way: ``sources`` (fetch + pure parsers) → ``store`` (raw store) → ``extract``
(facts with evidence) → ``dataset`` (validated CSV) → ``analysis`` / ``plots`` → notebooks.

>>> from cnil_sanctions import load_sanctions
>>> df = load_sanctions()
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["__version__", "estimate_fine", "load_sanctions", "load_sanctions_list"]

if TYPE_CHECKING:
    from cnil_sanctions.dataset import load_sanctions
    from cnil_sanctions.estimate import estimate_fine
    from cnil_sanctions.sanctions_list import load_sanctions_list


def __getattr__(name: str) -> Any:
    """Import the heavy entry points (pandas, statsmodels) only when they are used."""
    if name == "load_sanctions":
        from cnil_sanctions.dataset import load_sanctions

        return load_sanctions
    if name == "load_sanctions_list":
        from cnil_sanctions.sanctions_list import load_sanctions_list

        return load_sanctions_list
    if name == "estimate_fine":
        from cnil_sanctions.estimate import estimate_fine

        return estimate_fine
    raise AttributeError(f"module 'cnil_sanctions' has no attribute {name!r}")
