"""Editors' tools that are not Pelican plugins: new content, legacy import,
live preview and the git pre-commit hook. ``tasks.py`` exposes them as commands."""

import sys
from pathlib import Path

# The tools reuse the plugins' libraries (content_check, vn_dates, source_errors);
# pelicanconf.py puts plugins/ on sys.path the same way for Pelican.
_PLUGINS_DIR = str(Path(__file__).resolve().parents[1] / "plugins")
if _PLUGINS_DIR not in sys.path:
    sys.path.insert(0, _PLUGINS_DIR)
