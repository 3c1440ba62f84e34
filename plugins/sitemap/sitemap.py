"""sitemap.xml and robots.txt for search engines.

Every HTML page written (by any generator, ours included) is listed with a
``<lastmod>``: the modification or publication date of the content it shows; for a
listing, the date of its newest entry; for a page without a date, its source file's
modification time. ``robots.txt`` allows everything and points at the sitemap.

Pages are collected by a ``content_written`` receiver into ``SITEMAP_ENTRIES``, a
dict created on ``initialized`` (the context is a shallow copy of the settings, so
every page's context shares it); the files are written on ``finalized``.
Settings: ``SITEMAP_EXCLUDE`` (fnmatch patterns of output paths, default
``["404.html"]``), ``PORTAL_CANONICAL_SITEURL`` (from the portal plugin, else
``SITEURL``). Without an absolute site URL, locations are root-relative and
robots.txt has no ``Sitemap:`` line (development builds only).
"""

import datetime
import os
from fnmatch import fnmatch
from pathlib import Path
from xml.sax.saxutils import escape

from output_guard import owners
from pelican import signals

DEFAULTS = {"SITEMAP_EXCLUDE": ["404.html"]}


def apply_defaults(pelican):
    """Apply SITEMAP_* defaults and start an empty page list for this build."""
    for name, value in DEFAULTS.items():
        pelican.settings.setdefault(name, value)
    pelican.settings["SITEMAP_ENTRIES"] = {}


def _content_date(content):
    date = getattr(content, "modified", None) or getattr(content, "date", None)
    if date is not None:
        return date
    source = getattr(content, "source_path", None)
    if source and Path(source).exists():
        mtime = Path(source).stat().st_mtime
        return datetime.datetime.fromtimestamp(mtime, tz=datetime.UTC)
    return None


def _newest(items):
    dates = [d for d in (_content_date(item) for item in items) if d is not None]
    return max(dates) if dates else None


def page_lastmod(context):
    """The date a page's content last changed, from its template context."""
    for key in ("article", "page"):
        if context.get(key) is not None:
            return _content_date(context[key])
    for value in context.values():  # our own content types (bulletin, qa, ...)
        if hasattr(value, "source_path") and hasattr(value, "_content"):
            return _content_date(value)
    for key, value in context.items():  # a paginated listing: its current page
        if key.endswith("_page") and hasattr(value, "object_list"):
            return _newest(value.object_list)
    for key in ("dates", "articles"):
        if context.get(key):
            return _newest(context[key])
    return None


def record_page(path, context):
    """Remember each HTML page written, with its lastmod."""
    entries = context.get("SITEMAP_ENTRIES")
    name = context.get("output_file")
    if entries is None or not name or not str(path).endswith(".html"):
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


def sitemap_xml(entries, siteurl):
    """The sitemap document for ``entries`` (save_as → lastmod or None)."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for save_as in sorted(entries):
        lastmod = entries[save_as]
        lines.append(
            f"  <url><loc>{escape(siteurl + '/' + page_url(save_as))}</loc>"
            + (
                f"<lastmod>{lastmod.isoformat(timespec='seconds')}</lastmod>"
                if lastmod
                else ""
            )
            + "</url>"
        )
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots_txt(siteurl):
    """Allow every crawler; name the sitemap when its absolute URL is known."""
    text = "User-agent: *\nAllow: /\n"
    if siteurl.startswith(("http://", "https://")):
        text += f"\nSitemap: {siteurl}/sitemap.xml\n"
    return text


def write_files(pelican):
    """Write sitemap.xml and robots.txt at the root of the output."""
    settings = pelican.settings
    siteurl = (
        settings.get("PORTAL_CANONICAL_SITEURL") or settings.get("SITEURL") or ""
    ).rstrip("/")
    owner = owners.Owner("plugin sitemap")
    sitemap = sitemap_xml(settings.get("SITEMAP_ENTRIES", {}), siteurl)
    for name, text in (("sitemap.xml", sitemap), ("robots.txt", robots_txt(siteurl))):
        owners.write_text(settings, name, text, owner, output_path=pelican.output_path)


def register():
    signals.initialized.connect(apply_defaults)
    signals.content_written.connect(record_page)
    signals.finalized.connect(write_files)
