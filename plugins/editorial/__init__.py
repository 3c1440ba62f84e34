"""Editors' tools that are not Pelican plugins: new content, legacy import,
live preview and the git pre-commit hook. ``tasks.py`` exposes them as commands
(``commands`` holds what those commands print and how they fail).

They live under plugins/ beside the libraries they reuse (content_check, vn_dates,
source_errors), installed with them as one package (pyproject.toml).
"""
