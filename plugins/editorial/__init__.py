"""Editors' tools that are not Pelican plugins: new content, legacy import,
live preview and the git pre-commit hook. ``tasks.py`` exposes them as commands.

They live under plugins/ beside the libraries they reuse (content_check, vn_dates,
source_errors), and are imported the same way: with plugins/ on sys.path.
"""
