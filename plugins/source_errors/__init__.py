"""Errors that point an editor at the file and line to fix.

A small library shared by our plugins, not a plugin itself (it has no ``register``).
Every problem found in content is a :class:`ContentError`; plugins log it with
:func:`report`, and the build driver in ``tasks.py`` fails the build when any error
was logged, so one run lists every problem instead of stopping at the first.
"""

import logging
import os
import re
from pathlib import Path

from sources import read_front_matter

# A file name can hold what a terminal or a log must not act on: a line feed (a
# forged second message), an escape sequence, a bidi control reordering the line.
_UNSHOWABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029"
                         "\u202a-\u202e\u2066-\u2069]")

logger = logging.getLogger(__name__)


class ContentError(ValueError):
    """A problem in one content file, with a stable code and a Vietnamese message."""

    def __init__(self, code, path, line, message):
        self.code = code
        self.path = path
        self.line = line
        self.message = message
        super().__init__(str(self))

    def __str__(self):
        where = display_path(self.path)
        if self.line:
            where = f"{where}:{self.line}"
        return f"{where}: [{self.code}] {self.message}"


def display_path(path):
    """Show ``path`` relative to the working directory when it lies below it, its
    control characters as ``<U+202E>``."""
    path = os.fspath(path)
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        relative = ".."
    shown = path if relative.startswith("..") else relative
    return _UNSHOWABLE.sub(lambda m: f"<U+{ord(m.group()):04X}>", shown)


def metadata_line(path, field):
    """Return the 1-based line of ``field:`` in the front matter of ``path``, or None.

    Read by the project's one front-matter parser (sources), so a build error
    and ``invoke check`` name the same line.
    """
    found = read_front_matter(path).first(field.lower())
    return found.line if found else None


def finding(code, source, line, message, related=()):
    """A ContentError for ``source`` (a sources.SourceFile), optionally naming
    other files."""
    error = ContentError(code, source.path, line, message)
    error.related = [Path(p) for p in related]
    return error


def report(error):
    """Log ``error`` so that the build fails after reading everything."""
    logger.error("%s", error)
