"""Editors' tools that are not Pelican plugins: new content, legacy import,
live preview and the git pre-commit hook. ``tasks.py`` exposes them as commands."""
