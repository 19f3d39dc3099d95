"""cnil-sanctions: the fines of the French data protection authority (CNIL) as data.

Data flows one way: ``sources`` (fetch + pure parsers) → ``store`` (raw store) → ``extract``
(facts with evidence) → ``dataset`` (validated CSV and its long tables) → ``analysis`` /
``plots`` → notebooks; ``export`` writes every table as csv / xlsx / parquet / sqlite.

>>> from cnil_sanctions import load_sanctions
>>> df = load_sanctions()
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

# light (no pandas at import time), and bound here so that the function, not the module
# ``cnil_sanctions.export``, is ``cnil_sanctions.export``
from cnil_sanctions.export import export

__version__ = "0.1.0"
__all__ = [
    "__version__",
    "estimate_fine",
    "export",
    "load_articles",
    "load_fines_by_entity",
    "load_sanctions",
    "load_sanctions_list",
    "load_turnover_figures",
    "search_texts",
]

if TYPE_CHECKING:
    from cnil_sanctions.dataset import load_sanctions
    from cnil_sanctions.estimate import estimate_fine
    from cnil_sanctions.long_tables import (
        load_articles,
        load_fines_by_entity,
        load_turnover_figures,
    )
    from cnil_sanctions.sanctions_list import load_sanctions_list
    from cnil_sanctions.texts import search_texts

#: Entry points imported on first use (pandas, statsmodels), by the module that defines them.
_LAZY = {
    "load_sanctions": "cnil_sanctions.dataset",
    "estimate_fine": "cnil_sanctions.estimate",
    "load_articles": "cnil_sanctions.long_tables",
    "load_fines_by_entity": "cnil_sanctions.long_tables",
    "load_turnover_figures": "cnil_sanctions.long_tables",
    "load_sanctions_list": "cnil_sanctions.sanctions_list",
    "search_texts": "cnil_sanctions.texts",
}


def __getattr__(name: str) -> Any:
    """Import the heavy entry points (pandas, statsmodels) only when they are used."""
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'cnil_sanctions' has no attribute {name!r}")
