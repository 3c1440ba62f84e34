"""sitemap.xml and robots.txt for search engines.

Every HTML page written (by any generator, ours included) is listed with a
``<lastmod>``: the modification or publication date of the content it shows; for a
listing, the date of its newest entry; a page without a date (``Modified:`` or
``Date:``) has no ``<lastmod>``, which the protocol allows. ``robots.txt`` allows everything and points at ``sitemap.xml``.

The sitemap protocol caps one file at 50,000 URLs and 50 MB (uncompressed); search
engines ignore a larger one. Below ``SITEMAP_MAX_URLS`` and ``SITEMAP_MAX_BYTES``
``sitemap.xml`` is one ``<urlset>``; above, the URLs go into parts
``sitemap-1.xml``, ``sitemap-2.xml``, ... (each under both limits, URLs in sorted
order) and ``sitemap.xml`` becomes the ``<sitemapindex>`` naming them, so robots.txt
and what was submitted to search engines keep one address. The parts sit at the
root because a sitemap may only list URLs under its own folder.

Pages are collected by a ``content_written`` receiver into the build session's
``sitemap_pages`` (build_session; every page's context, a shallow copy of the
settings, holds the same session), emptied on ``initialized``; the files are
written on ``finalized``.
Settings: ``SITEMAP_EXCLUDE`` (fnmatch patterns of output paths, default
``["404.html"]``), ``SITEMAP_MAX_URLS``, ``SITEMAP_MAX_BYTES`` (one file's limits), ``PORTAL_CANONICAL_SITEURL`` (from the portal plugin, else
``SITEURL``). Without an absolute site URL, locations are root-relative and
robots.txt has no ``Sitemap:`` line (development builds only).
"""

import os
from fnmatch import fnmatch
from xml.sax.saxutils import escape

from build_session import session
from output_guard import owners
from pelican import signals

DEFAULTS = {
    "SITEMAP_EXCLUDE": ["404.html"],
    # The protocol's limits for one sitemap file (sitemaps.org).
    "SITEMAP_MAX_URLS": 50_000,
    "SITEMAP_MAX_BYTES": 50 * 1024 * 1024,
}
NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'
INDEX_NAME = "sitemap.xml"
PART_NAME = "sitemap-{number}.xml"


def apply_defaults(pelican):
    """Apply SITEMAP_* defaults and start an empty page list for this build."""
    for name, value in DEFAULTS.items():
        pelican.settings.setdefault(name, value)
    session(pelican.settings).sitemap_pages = {}


def _content_date(content):
    """The content's ``Modified:`` or ``Date:``, or None: never its file's
    mtime, which a ``git checkout`` or a copy changes with nothing edited (the
    sitemap would then differ between two builds of the same sources)."""
    return getattr(content, "modified", None) or getattr(content, "date", None)


def _newest(items):
    dates = [d for d in (_content_date(item) for item in items) if d is not None]
    return max(dates) if dates else None


def page_lastmod(context):
    """The date a page's content last changed, from its template context."""
    for key in ("article", "page"):
        if context.get(key) is not None:
            return _content_date(context[key])
    # Settings (upper case: some hundreds of them in every page's context) are
    # never what a page shows; leaving them out is most of this function's time.
    own = [(key, value) for key, value in context.items() if not key.isupper()]
    for _, value in own:  # our own content types (bulletin, qa, ...)
        if hasattr(value, "source_path") and hasattr(value, "_content"):
            return _content_date(value)
    for key, value in own:  # a paginated listing: its current page
        if key.endswith("_page") and hasattr(value, "object_list"):
            return _newest(value.object_list)
    for key in ("dates", "articles"):
        if context.get(key):
            return _newest(context[key])
    return None


def record_page(path, context):
    """Remember each HTML page written, with its lastmod."""
    entries = session(context).sitemap_pages
    name = context.get("output_file")
    if not name or not str(path).endswith(".html"):
        return
    name = name.replace(os.sep, "/")
    if any(fnmatch(name, pattern) for pattern in context["SITEMAP_EXCLUDE"]):
        return
    entries[name] = page_lastmod(context)


def page_url(save_as):
    """``a/b/index.html`` → ``a/b/``; ``index.html`` → ``""``."""
    if save_as == "index.html":
        return ""
    if save_as.endswith("/index.html"):
        return save_as[: -len("index.html")]
    return save_as


def _lastmod(date):
    return f"<lastmod>{date.isoformat(timespec='seconds')}</lastmod>" if date else ""


def url_line(siteurl, save_as, lastmod):
    """The ``<url>`` element of one page, on one line."""
    return (
        f"  <url><loc>{escape(siteurl + '/' + page_url(save_as))}</loc>"
        f"{_lastmod(lastmod)}</url>"
    )


def document(root, lines):
    """A sitemap XML document: ``root`` element (urlset, sitemapindex) around lines."""
    return "\n".join(
        [XML_DECLARATION, f'<{root} xmlns="{NAMESPACE}">', *lines, f"</{root}>"]
    ) + "\n"


def part_ranges(lines, max_urls, max_bytes):
    """(start, stop) of consecutive runs of ``lines``, each a urlset under both limits.

    Greedy and in order, so a page keeps its part until the pages before it change.
    """
    overhead = len(document("urlset", []).encode("utf-8"))
    ranges, start, size = [], 0, overhead
    for position, line in enumerate(lines):
        length = len(line.encode("utf-8")) + 1  # and its newline
        count = position - start
        if count and (count >= max_urls or size + length > max_bytes):
            ranges.append((start, position))
            start, size = position, overhead
        size += length
    if lines:
        ranges.append((start, len(lines)))
    return ranges


def sitemap_files(entries, siteurl, max_urls, max_bytes):
    """{file name: XML} for ``entries`` (save_as → lastmod or None).

    One ``<urlset>`` in sitemap.xml when it fits, else the parts and, in
    sitemap.xml, the ``<sitemapindex>`` naming each with its newest lastmod.
    """
    names = sorted(entries)
    lines = [url_line(siteurl, name, entries[name]) for name in names]
    ranges = part_ranges(lines, max_urls, max_bytes)
    if len(ranges) <= 1:
        return {INDEX_NAME: document("urlset", lines)}
    files, index_lines = {}, []
    for number, (start, stop) in enumerate(ranges, 1):
        name = PART_NAME.format(number=number)
        files[name] = document("urlset", lines[start:stop])
        dates = [entries[n] for n in names[start:stop] if entries[n]]
        index_lines.append(
            f"  <sitemap><loc>{escape(siteurl + '/' + name)}</loc>"
            f"{_lastmod(max(dates) if dates else None)}</sitemap>"
        )
    files[INDEX_NAME] = document("sitemapindex", index_lines)
    return files


def robots_txt(siteurl):
    """Allow every crawler; name the sitemap when its absolute URL is known."""
    text = "User-agent: *\nAllow: /\n"
    if siteurl.startswith(("http://", "https://")):
        text += f"\nSitemap: {siteurl}/{INDEX_NAME}\n"
    return text


def write_files(pelican):
    """Write sitemap.xml (and its parts, if any) and robots.txt at the output root."""
    settings = pelican.settings
    siteurl = (
        settings.get("PORTAL_CANONICAL_SITEURL") or settings.get("SITEURL") or ""
    ).rstrip("/")
    owner = owners.Owner("plugin sitemap")
    files = sitemap_files(
        session(settings).sitemap_pages, siteurl,
        settings["SITEMAP_MAX_URLS"], settings["SITEMAP_MAX_BYTES"],
    )
    files["robots.txt"] = robots_txt(siteurl)
    for name, text in files.items():
        owners.write_text(settings, name, text, owner, output_path=pelican.output_path)


def register():
    signals.initialized.connect(apply_defaults)
    signals.content_written.connect(record_page)
    signals.finalized.connect(write_files)
