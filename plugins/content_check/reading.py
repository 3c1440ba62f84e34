"""Refuse, while Pelican reads a file, what would otherwise crash the build later.

A file that is not UTF-8, holds control characters, nests Markdown thousands of
levels deep or names a template of another type made the build fail with a Python
error naming no file (a ValueError in the feeds of ``make publish``, a
RecursionError in the HTML passes, an UndefinedError in Jinja), or only much later.
:func:`guarded` wraps the Markdown reader so that the checker's own rules for these
(encoding, controls, nesting, templates: one implementation for ``invoke check``,
the hook and the build) run on the file first; a problem raises its ContentError,
Pelican logs it with the file's name and skips the file, and the build fails with
the code, file and line. Anything python-markdown still cannot nest is reported as
E-NESTING instead of a RecursionError.
"""

from pathlib import Path

from source_errors import ContentError, report
from sources import MARKUP_EXTENSIONS, load

from . import controls, encoding, nesting, templates
from .runner import CheckContext, content_type_for

READING_RULES = (encoding.valid_utf8, controls.no_control_characters,
                 nesting.nesting_is_shallow, templates.template_fits_the_type)


def reading_errors(path, settings):
    """The errors of READING_RULES for the Markdown file ``path``."""
    content_root = Path(settings["PATH"]).resolve()
    path = Path(path).resolve()
    try:
        relpath = path.relative_to(content_root).as_posix()
    except ValueError:
        return []
    source = load(path, content_root, content_type_for(relpath, settings))
    context = CheckContext(settings, content_root, in_build=True)
    return [error for check in READING_RULES for error in check(source, context) or ()]


def guarded(reader_class):
    """A subclass of ``reader_class`` that checks each file before reading it."""

    class CheckedReader(reader_class):
        def read(self, source_path):
            errors = reading_errors(source_path, self.settings)
            if errors:
                first, *others = errors
                for error in others:
                    report(error)
                raise first
            try:
                return super().read(source_path)
            except RecursionError:
                raise ContentError(
                    "E-NESTING", source_path, None,
                    "nội dung lồng nhau quá sâu để đọc (trích dẫn, danh sách hoặc thẻ "
                    "HTML trong nhau); hãy bớt số cấp lồng nhau",
                ) from None

    CheckedReader.__name__ = f"Checked{reader_class.__name__}"
    CheckedReader.__qualname__ = CheckedReader.__name__
    return CheckedReader


def check_while_reading(readers):
    """Wrap the reader of each Markdown extension (vn_dates has swapped in its own)."""
    if not readers.settings.get("CHECK_IN_BUILD", True):
        return
    extensions = {suffix.lstrip(".") for suffix in MARKUP_EXTENSIONS}
    for extension, reader_class in list(readers.reader_classes.items()):
        if reader_class and extension in extensions:
            readers.reader_classes[extension] = guarded(reader_class)
