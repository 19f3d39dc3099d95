"""The data shipped with cnil-sanctions (package ``cnil_sanctions.data``; see cnil_sanctions.paths).

In the repository this is the ``data/`` folder; ``pyproject.toml`` maps it to the package
``cnil_sanctions.data`` so that the wheel ships the dataset and ``data/reference/`` (never
``data/raw/`` nor ``data/cache/``) and the library reads them with importlib.resources.
"""
