"""Offline full-text search: a Pagefind index built with the site, and its page.

What it adds:

- ``tim-kiem/index.html`` (template ``search.html``): the search page. Without
  JavaScript it says so and points to the archive and the categories.
- ``pagefind/``: the Pagefind bundle (index, filters, fragments, pagefind.js and
  its WebAssembly), written into the build's own output folder, so it is part of
  the staging build: when indexing fails the build fails and the published
  output stays as it was.

How the index is fed: one small HTML record per published news article,
bulletin and Q&A entry, made from Pelican's content objects and indexed by the
pagefind binary (from the pagefind-bin package) in a temporary folder, not by
crawling the written pages. So no template of another content type has to carry
``data-pagefind-*`` attributes, readers download no extra hidden text, and the
title is an ``<h1>`` that Pagefind weights above the body. Each record holds the
real text, then the đ→d folded copy of its đ-words (see ``folding``), which makes
"dang" find "Đảng"; search.js maps hits on that copy back to the real words, so
the excerpt always shows real Vietnamese.

Which content is indexed, and as which type, follows the URL: the section (URL
prefix) of a content type declared ``searchable`` (content_types) that a
published item's URL starts with gives its type label ("Tin tức", "Bản tin",
"Hỏi đáp"); other items (static pages) are not indexed. The type and the
category are Pagefind filters (``loai``; ``chuyen_muc``, a news category or a Q&A
field); the date is metadata (``ngay`` dd/mm/yyyy, ``ngay_iso``) and a sort key
(``ngay``). Besides title and body, the
text holds what the item's page shows around them: an explicit ``Summary:``, a
Q&A entry's ``Question:``, a bulletin's table of contents.

Signals: ``initialized`` (defaults), ``get_generators`` (SearchGenerator).
Settings: ``SEARCH_URL``, ``SEARCH_SAVE_AS``,
``SEARCH_ARCHIVE_URL``, ``SEARCH_LANGUAGE``.
Templates: ``search.html`` (context: ``search_types``, ``search_categories``),
``partials/search_box.html`` (the header box, included by base.html).
"""

import html
import logging
import shutil
import subprocess
import tempfile
import time
import unicodedata
from pathlib import Path

from content_types import search_sections
from pelican import signals
from pelican.contents import Content
from pelican.generators import Generator

from .folding import d_folded_words, html_to_text

logger = logging.getLogger(__name__)

DEFAULTS = {
    "SEARCH_URL": "tim-kiem/",
    "SEARCH_SAVE_AS": "tim-kiem/index.html",
    # Where the no-JavaScript message sends readers instead.
    "SEARCH_ARCHIVE_URL": "luu-tru/",
    "SEARCH_LANGUAGE": "vi",
}

# Folder of the Pagefind bundle in the output: search.js loads <root>/pagefind/.
BUNDLE_DIR = "pagefind"
# Files Pagefind writes for its ready-made interfaces; our own search.js talks to
# pagefind.js directly, so these would only be dead weight on the server.
UNUSED_BUNDLE_FILES = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)


class SearchIndexError(RuntimeError):
    """Pagefind could not build or write the index."""


def apply_defaults(pelican):
    """Fill in the SEARCH_* settings the configuration leaves out."""
    for name, value in DEFAULTS.items():
        pelican.settings.setdefault(name, value)


def section_label(url, sections):
    """The type label of the first section whose prefix ``url`` starts with."""
    for prefix, label in sections.items():
        if url.startswith(prefix):
            return label
    return None


def collect_entries(context, sections):
    """Published, dated contents to index, each with its type label, newest first.

    Content types live under different context keys (articles, bulletins, ...),
    so every list in the context is scanned and items are kept once each.
    """
    seen = set()
    entries = []
    for value in context.values():
        if not isinstance(value, list):
            continue
        for item in value:
            if not isinstance(item, Content) or item.source_path in seen:
                continue
            seen.add(item.source_path)
            if getattr(item, "status", "published") != "published":
                continue
            if not item.save_as:
                continue
            label = section_label(item.url, sections)
            if label is not None and getattr(item, "date", None) is not None:
                entries.append((item, label))
    entries.sort(key=lambda entry: entry[0].date, reverse=True)
    return entries


def category_name(item):
    """A news category, or a Q&A entry's field (Lĩnh vực); None for neither."""
    category = getattr(item, "category", None)
    if category is not None:
        return category.name
    field = item.metadata.get("field")
    return field if isinstance(field, str) and field else None


def extra_texts(item):
    """Text a reader sees on the item's page besides its body, as plain text.

    An explicit ``Summary:`` (the lead of an article or bulletin), a Q&A entry's
    full ``Question:`` (its body is the answer), a bulletin's table of contents.
    """
    texts = []
    summary = item.metadata.get("summary")
    if isinstance(summary, str):
        texts.append(html_to_text(summary))
    # The question and the contents are plain text (escaped on the page), not HTML.
    question = item.metadata.get("question")
    if isinstance(question, str):
        texts.append(plain(question))
    for entry in getattr(item, "toc", None) or []:
        title = getattr(entry, "title", None)
        if isinstance(title, str):
            texts.append(plain(title))
    return texts


def plain(text):
    """A plain-text field (a title) as the page shows it: NFC, spaces collapsed."""
    return unicodedata.normalize("NFC", " ".join(str(text).split()))


def record_html(item, label, language):
    """The HTML Pagefind indexes for one content: title, text, folded đ-words.

    Filters, metadata and sort keys are attributes of empty elements, so they add
    no words to the text (and so no positions for search.js to account for).
    """
    title = plain(item.title)
    body = " ".join(filter(None, [*extra_texts(item), html_to_text(item.content)]))
    folded = " ".join(d_folded_words(f"{title} {body}"))
    attributes = [
        ("filter", "loai", label),
        ("meta", "loai", label),
        ("meta", "ngay", item.date.strftime("%d/%m/%Y")),
        ("meta", "ngay_iso", item.date.isoformat()),
        ("sort", "ngay", item.date.strftime("%Y-%m-%dT%H:%M")),
    ]
    category = category_name(item)
    if category:
        attributes.append(("filter", "chuyen_muc", category))
        attributes.append(("meta", "chuyen_muc", category))
    tags = "".join(
        f'<span data-pagefind-{kind}="{name}[data-v]" data-v="{html.escape(value)}">'
        "</span>"
        for kind, name, value in attributes
    )
    return (
        f'<!DOCTYPE html><html lang="{language}"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title></head><body>"
        f"<main data-pagefind-body><h1>{html.escape(title)}</h1>"
        f"<p>{html.escape(body)}</p>"
        f"<p>{html.escape(folded)}</p>{tags}</main></body></html>"
    )


def pagefind_executable():
    """The pagefind binary: $PAGEFIND_BINARY_PATH, else the one pagefind-bin ships."""
    from pagefind.service import get_executable

    executable = get_executable()
    if executable is None or not Path(executable).is_file():
        raise SearchIndexError(
            f"không tìm thấy chương trình pagefind ({executable or 'gói pagefind-bin'})"
        )
    return executable


def write_index(records, bundle, language):
    """Build the Pagefind bundle for ``records`` ((url, html) pairs) in ``bundle``.

    The records are written as small files in a temporary folder, one per URL, and
    the pagefind binary indexes that folder in one run. (Its Python API answers
    each added record only after a 0.1 s poll, which would cost 8 minutes for
    5,000 articles; the binary indexes them in seconds.)
    """
    shutil.rmtree(bundle, ignore_errors=True)
    executable = pagefind_executable()
    with tempfile.TemporaryDirectory(prefix="search-records-") as folder:
        site = Path(folder)
        for url, content in records:
            relative = url.lstrip("/")
            target = site / relative / "index.html" if url.endswith("/") else (
                site / relative
            )
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8")
        command = [
            str(executable), "--site", str(site), "--output-path", str(bundle),
            "--force-language", language, "--quiet",
        ]
        try:
            run = subprocess.run(command, capture_output=True, text=True, check=False)
        except OSError as error:
            raise SearchIndexError(f"không chạy được {executable}: {error}") from error
    if run.returncode != 0 or not (bundle / "pagefind.js").is_file():
        output = (run.stderr or run.stdout).strip().splitlines()[-5:]
        raise SearchIndexError(
            f"pagefind dừng với mã {run.returncode}: " + " / ".join(output)
        )
    for name in UNUSED_BUNDLE_FILES:
        (bundle / name).unlink(missing_ok=True)


class SearchGenerator(Generator):
    """Writes the search page and the Pagefind index, after every context is built."""

    def generate_context(self):
        """Nothing to read: everything comes from the other generators' contexts."""

    def generate_output(self, writer):
        settings = self.settings
        entries = collect_entries(self.context, search_sections(settings))
        types = list(dict.fromkeys(label for _, label in entries))
        categories = sorted({category_name(item) for item, _ in entries} - {None})
        if settings["SEARCH_SAVE_AS"]:
            writer.write_file(
                settings["SEARCH_SAVE_AS"],
                self.get_template("search"),
                self.context,
                relative_urls=settings["RELATIVE_URLS"],
                url=settings["SEARCH_URL"],
                search_types=types,
                search_categories=categories,
            )

        language = settings["SEARCH_LANGUAGE"]
        records = [
            (item.url, record_html(item, label, language)) for item, label in entries
        ]
        bundle = Path(self.output_path) / BUNDLE_DIR
        if not records:  # Pagefind refuses an empty site; there is nothing to find
            logger.warning("Chưa có bài nào để tìm: không tạo chỉ mục tìm kiếm")
            return
        started = time.perf_counter()
        try:
            write_index(records, bundle, language)
        except SearchIndexError as error:
            logger.error(
                "[E-SEARCH-INDEX] không tạo được chỉ mục tìm kiếm (%d trang): %s",
                len(records), error,
            )
            return
        logger.info(
            "Chỉ mục tìm kiếm: %d trang vào %s trong %.1f s",
            len(records), bundle, time.perf_counter() - started,
        )


def get_generators(pelican):
    return SearchGenerator


def register():
    signals.initialized.connect(apply_defaults)
    signals.get_generators.connect(get_generators)
