"""Editor HTML made safe where it is made, and escaping for everything else.

Every reader (Markdown, and any other Pelican has) is wrapped so that the HTML it
makes of a file, the body and the ``Summary:``, goes through the allowlist
sanitiser (:mod:`.sanitiser`) right after reading. Pelican's reader cache stores the
sanitised result, so an unchanged file costs nothing on the next build. What the
sanitiser removed is kept with the content (``editor_html_removed``) and reported
as E-RAW-HTML with file and line on every build, cached or not, so the build fails
instead of publishing a silently changed text. Bulletins and Q&A entries are read by
the same readers, so they are covered too. The site's own transforms (figures in the
Markdown tree; pictures, heading anchors and table regions in html_postprocess)
run before (figures) or after (html_postprocess) on HTML that is already clean.

Templates run with Jinja autoescape on (``JINJA_ENVIRONMENT`` in pelicanconf.py);
only the sanitised ``content`` and ``summary`` are marked ``|safe``.

Filters: ``plain_text`` (HTML to plain text, then autoescaped; replaces ``striptags``).
Signals: ``initialized`` (defaults), ``readers_init`` (wrap the readers; connect
after vn_dates, which replaces the Markdown reader), ``content_object_init``
(report removals), ``generator_init`` (filters), ``all_generators_finalized``
(reader_cache: the saved reader caches let go, and the UTF-8 copies their
pickling left in every body).
Settings: ``EDITOR_HTML_REFUSE`` (default True: a removal is an error; False: a
warning, and the sanitised text is published; only tests turn it off).
Errors: E-RAW-HTML (file, line, what was removed).
"""

import logging
from pathlib import Path

from pelican import signals
from source_errors import ContentError, report
from sources import text_lines

from .escaping import plain_text
from .reader_cache import release_reader_caches
from .sanitiser import locate, removals, sanitise

logger = logging.getLogger(__name__)

REMOVED_KEY = "editor_html_removed"
# Metadata that holds HTML after reading (Pelican's FORMATTED_FIELDS default).
HTML_FIELDS = ("summary",)


def apply_defaults(pelican):
    """Set the EDITOR_HTML_* defaults once."""
    pelican.settings.setdefault("EDITOR_HTML_REFUSE", True)


def sanitise_read(content, metadata):
    """Sanitise a reader's ``(content, metadata)``; record what was removed."""
    removed = []
    clean = sanitise(content)
    removed += [("body", r.what, r.needles) for r in removals(content, clean)]
    metadata = dict(metadata)
    for name in HTML_FIELDS:
        value = metadata.get(name)
        if isinstance(value, str):
            clean_value = sanitise(value)
            removed += [(name, r.what, r.needles) for r in removals(value, clean_value)]
            metadata[name] = clean_value
    if removed:
        metadata[REMOVED_KEY] = removed
    return clean, metadata


def sanitising(reader_class):
    """``reader_class`` with its output sanitised (itself if it already is)."""
    if getattr(reader_class, "sanitises_html", False):
        return reader_class

    class SanitisingReader(reader_class):
        sanitises_html = True

        def read(self, source_path):
            content, metadata = super().read(source_path)
            return sanitise_read(content, metadata)

    SanitisingReader.__name__ = SanitisingReader.__qualname__ = (
        "Sanitising" + reader_class.__name__)
    return SanitisingReader


def wrap_readers(readers):
    """Wrap every enabled reader class so its output is sanitised."""
    for extension, reader_class in list(readers.reader_classes.items()):
        # READERS = {"html": None} disables a reader: Pelican keeps the None.
        if reader_class is not None:
            readers.reader_classes[extension] = sanitising(reader_class)


def removal_errors(path, removed, text=None):
    """One ContentError (E-RAW-HTML) per removal, at the line it was written
    (``text``: the file's text, when the caller has read it already)."""
    if text is None:
        try:
            text = Path(path).read_text(encoding="utf-8", errors="replace")
        except OSError:
            text = ""
    lines = text_lines(text)
    # Front matter ends at the first blank line; the body follows it.
    body_start = next((i for i, line in enumerate(lines) if not line.strip()),
                      len(lines))
    errors = []
    # Removals come in document order, so two of one kind (two javascript: links)
    # are found one below the other.
    searched_to = {}
    for where, what, needles in removed:
        if where == "body":
            start = max(body_start, searched_to.get(needles[0], 0))
            line = locate(needles, lines[start:], start + 1)
            if line is None and start > body_start:
                line = locate(needles, lines[body_start:], body_start + 1)
            if line is not None:
                searched_to[needles[0]] = line
            elif body_start + 1 < len(lines):
                line = body_start + 2
        else:
            line = _field_line(lines[:body_start], where, needles)
        field_note = "" if where == "body" else f" (trường '{where.capitalize()}:')"
        errors.append(ContentError(
            "E-RAW-HTML", path, line,
            f"nội dung{field_note} chứa {what}, không được phép trên cổng thông tin "
            "(bộ lọc HTML sẽ xóa nó); hãy xóa hoặc sửa đoạn mã này (ảnh, video: "
            "dùng ảnh trên cổng hoặc liên kết thường)",
        ))
    return errors


def _field_line(front_matter, name, needles):
    start = next((i for i, line in enumerate(front_matter)
                  if line.lower().lstrip().startswith(name + ":")), None)
    if start is None:
        return None
    # The value may continue on indented lines: look for the removal there.
    end = start + 1
    while end < len(front_matter) and front_matter[end].startswith("    "):
        end += 1
    return locate(needles, front_matter[start:end], start + 1) or start + 1


def report_removals(content):
    """Report what the sanitiser removed from ``content`` (on every build)."""
    removed = content.metadata.get(REMOVED_KEY)
    if not removed or not content.source_path:
        return
    for error in removal_errors(content.source_path, removed):
        if content.settings.get("EDITOR_HTML_REFUSE", True):
            report(error)
        else:
            logger.warning("%s", error)


def add_filters(generator):
    """Make ``plain_text`` available to every template."""
    generator.env.filters["plain_text"] = plain_text


def register():
    signals.initialized.connect(apply_defaults)
    signals.readers_init.connect(wrap_readers)
    signals.content_object_init.connect(report_removals)
    signals.generator_init.connect(add_filters)
    signals.all_generators_finalized.connect(release_reader_caches)
