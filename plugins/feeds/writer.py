"""Writing one feed as RSS 2.0 and Atom with feedgen, the way the W3C validator wants.

Pure helpers (``feed_html``, ``entry_id``, ``author_name``) work on strings and plain
objects; :class:`FeedWriter` turns a planned feed (see ``feeds.py``) into two files.
"""

import functools
import logging
import os
import re
from datetime import datetime, timedelta
from html import escape
from pathlib import Path, PurePath
from urllib.parse import quote, urljoin, urlsplit
from zoneinfo import ZoneInfo

import bs4
from bs4 import BeautifulSoup
from content_check.metadata import guid_is_valid
from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from html_postprocess.cache import text_key
from lxml import etree
from output_guard import owners

logger = logging.getLogger(__name__)
# What a cached feed_html result depends on besides its arguments: this code.
_CODE = text_key(bs4.__version__, Path(__file__).read_bytes())

MIME_TYPES = {"rss": "application/rss+xml", "atom": "application/atom+xml"}
# Attributes that hold one URL, and the one that holds a list of them.
URL_ATTRIBUTES = ("href", "src", "poster", "cite", "data")
SRCSET = "srcset"
# Elements the W3C feed validator reports as a security risk inside item HTML.
UNSAFE_ELEMENTS = [
    "script",
    "style",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "link",
    "meta",
    "base",
]
EMBED_LINK_TEXT = "Xem nội dung nhúng"
ID_SAFE = "/-._~"  # kept as they are in the specific part of a tag: URI
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


# --- Item HTML, ids, authors (tested on strings) --------------------------------------


# An article is in the all-news feed and its category's, each in RSS and Atom: the
# same (html, url) pair is rewritten up to four times a build without this cache.
@functools.lru_cache(maxsize=512)
def feed_html(html, base_url):
    """Return item HTML fit for a feed: absolute links, nothing a reader would block.

    Feed readers show items out of the site, so ``../anh.jpg`` or ``/lien-he/``
    would point nowhere; scripts, styles and embedded frames are what the W3C
    validator calls a security risk (an embedded video becomes a link to it).
    """
    if not html:
        return html
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(UNSAFE_ELEMENTS):
        source = tag.get("src") or tag.get("data")
        if tag.name in ("iframe", "embed", "object") and isinstance(source, str):
            link = soup.new_tag("a", href=source)
            link.string = EMBED_LINK_TEXT
            tag.replace_with(link)
        else:
            tag.decompose()
    for tag in soup.find_all(True):
        for attribute in [name for name in tag.attrs if name.lower().startswith("on")]:
            del tag[attribute]
        for attribute in URL_ATTRIBUTES:
            value = tag.get(attribute)
            if isinstance(value, str) and _is_relative(value):
                tag[attribute] = urljoin(base_url, value.strip())
        if tag.get(SRCSET):
            tag[SRCSET] = _absolutize_srcset(tag[SRCSET], base_url)
    return str(soup)


def _is_relative(url):
    # "#muc" too: in a feed reader it would resolve against the feed, not the item.
    url = url.strip()
    return bool(url) and not (url.startswith("//") or _SCHEME.match(url))


def _absolutize_srcset(srcset, base_url):
    candidates = []
    for candidate in srcset.split(","):
        parts = candidate.split()
        if parts and _is_relative(parts[0]):
            parts[0] = urljoin(base_url, parts[0])
        candidates.append(" ".join(parts))
    return ", ".join(candidates)


def entry_id(item, content_path, authority):
    """A permanent id: the ``Guid:``/``Id:`` metadata, else a tag URI of the source.

    The source path under content/ does not change when an editor corrects the date
    or the title (and so the URL), so readers do not see the item again as new.
    """
    metadata = getattr(item, "metadata", None) or {}
    explicit = str(metadata.get("guid") or metadata.get("id") or "").strip()
    # The checker refuses any other (E-META-GUID); never a javascript: id here.
    if explicit and _SCHEME.match(explicit):
        if guid_is_valid(explicit):
            return explicit
    elif explicit:
        return f"tag:{authority}:{quote(explicit, safe=ID_SAFE)}"
    source = PurePath(os.path.relpath(item.source_path, content_path)).as_posix()
    return f"tag:{authority}:{quote(source, safe=ID_SAFE)}"


def category_term(item):
    """The item's category name, else its field (Lĩnh vực); None for neither."""
    category = getattr(item, "category", None)
    if category is not None:
        return str(getattr(category, "name", category)).strip() or None
    field_name = getattr(item, "field", None)
    if isinstance(field_name, str) and field_name.strip():
        return field_name.strip()
    return None


def item_text(item):
    """Plain text describing an item that has no summary or body of its own."""
    text = getattr(item, "feed_text", None)
    return str(text).strip() if text else str(item.title).strip()


def _has_text(html):
    return bool(html) and bool(BeautifulSoup(html, "html.parser").get_text().strip())


def distinct_moments(items, moment):
    """{id(item): its updated time}, no two alike within one feed.

    Its own time (``moment``) first; items sharing one (a batch of procedures
    published the same day) get a stable offset of whole seconds, in order of their
    source path, so the date each shows stays the true one.
    """
    taken, result = set(), {}
    for item in sorted(items, key=lambda i: (moment(i),
                                              str(getattr(i, "source_path", "")))):
        when = moment(item)
        while when in taken:
            when += timedelta(seconds=1)
        taken.add(when)
        result[id(item)] = when
    return result


def author_name(item, fallback):
    """The item's author(s), else ``fallback``: feeds never carry a blank name."""
    authors = getattr(item, "authors", None) or []
    if not authors and getattr(item, "author", None):
        authors = [item.author]
    names = [str(getattr(a, "name", a)).strip() for a in authors]
    return ", ".join(name for name in names if name) or fallback


# --- feedgen ------------------------------------------------------------------------


class _NoFeedExtension(BaseExtension):
    """feedgen wants a feed-level class for every extension; this one adds nothing."""


class AtomEnclosures(BaseEntryExtension):
    """``<link rel="enclosure" length=... type=...>`` in Atom entries.

    feedgen 1.0.0 drops rel, type and length from entry links in Atom (it reads them
    from the new XML element instead of the link data), so an enclosure would come
    out as a second rel="alternate" link, which the W3C validator refuses.
    """

    def __init__(self):
        self.links = []

    def extend_atom(self, entry):
        for attributes in self.links:
            link = etree.SubElement(entry, "link", rel="enclosure")
            for name, value in attributes.items():
                link.set(name, value)
        return entry


def _content(item, siteurl):
    getter = getattr(item, "get_content", None)
    return getter(siteurl) if getter else item.content


def _summary(item, siteurl):
    getter = getattr(item, "get_summary", None)
    return getter(siteurl) if getter else getattr(item, "summary", "")


class FeedWriter:
    """Turns one :class:`Feed` into RSS and Atom files with feedgen."""

    def __init__(self, settings, siteurl, output_path, html_cache=None):
        """``html_cache``: a TextCache of finished item HTML (None: none)."""
        self.settings = settings
        self.html_cache = html_cache
        self.siteurl = siteurl
        self.output_path = output_path
        self.content_path = settings["PATH"]
        self.sitename = settings["SITENAME"]
        self.language = settings.get("DEFAULT_LANG") or "vi"
        self.max_items = settings["FEEDS_MAX_ITEMS"]
        self.full_text = settings["FEEDS_FULL_TEXT"]
        self.authority = settings["FEEDS_ID_AUTHORITY"] or (
            f"{urlsplit(siteurl).hostname},2019"
        )

    def url(self, relative):
        """Absolute URL of a path relative to the site (absolute URLs pass through)."""
        relative = relative or ""
        if _SCHEME.match(relative):
            return relative
        return f"{self.siteurl}/{relative.lstrip('/')}"

    def write(self, feed):
        items = feed.items[: self.max_items] if self.max_items else list(feed.items)
        for kind, path in feed.paths.items():
            generator = self._feed(feed, items, kind, path)
            if kind == "rss":
                data = generator.rss_str(pretty=True)
            else:
                data = generator.atom_str(pretty=True)
            owners.write_bytes(self.settings, path, data, owners.Owner("plugin feeds"),
                               output_path=self.output_path)
            logger.info("Writing %s", path)

    def _feed(self, feed, items, kind, path):
        generator = FeedGenerator()
        generator.load_extension("dc", atom=False, rss=True)
        generator.register_extension(
            "atom_enclosures", _NoFeedExtension, AtomEnclosures, atom=True, rss=False
        )
        generator.id(f"tag:{self.authority}:{path}")
        generator.title(feed.title)
        generator.description(self.settings.get("SITESUBTITLE") or feed.title)
        generator.subtitle(self.settings.get("SITESUBTITLE") or feed.title)
        generator.language(self.language)
        generator.author({"name": self.sitename})
        # feedgen gives RSS's <link> the last link added: the page, not the feed.
        generator.link(href=self.url(path), rel="self", type=MIME_TYPES[kind])
        generator.link(href=self.url(feed.page_url), rel="alternate")
        generator.generator("Pelican + feedgen")
        # feedgen refuses an entry without a title (a Python ValueError naming no
        # file); a blank Title: is already an error of the build with file and line
        # (E-META-MISSING), so leave the item out and let that speak.
        items = [item for item in items if str(item.title or "").strip()]
        moments = distinct_moments(items, self._updated)
        # The feed's date is its newest item's, not "now": rebuilding an unchanged
        # site gives the same bytes, and readers see no change where there is none.
        newest = max(moments.values(), default=None)
        newest = newest or self._site_epoch()  # an empty feed still needs a date
        generator.updated(newest)
        generator.lastBuildDate(newest)
        for item in items:  # newest first, kept in order
            self._add_entry(generator.add_entry(order="append"), item, kind,
                            moments[id(item)])
        return generator

    def _html(self, html, base_url):
        """feed_html, kept between builds: a BeautifulSoup pass per item costs about
        a second per build for the few hundred items the feeds carry."""
        if not html or self.html_cache is None:
            return feed_html(html, base_url)
        key = text_key(_CODE, html, base_url)
        return self.html_cache.cached(key, lambda: feed_html(html, base_url))

    def _site_epoch(self):
        zone = ZoneInfo(self.settings.get("TIMEZONE") or "UTC")
        return datetime(2000, 1, 1, tzinfo=zone)

    @staticmethod
    def _updated(item):
        return getattr(item, "modified", None) or item.date

    def _add_entry(self, entry, item, kind, updated):
        item_url = self.url(item.url)
        entry.id(entry_id(item, self.content_path, self.authority))
        # A title is plain text, on the site (autoescaped) as here: shown as
        # written, never read as markup (which could empty it or make a tag).
        entry.title(str(item.title))
        entry.link(href=item_url, rel="alternate")
        entry.published(item.date)
        entry.updated(updated)
        name = author_name(item, self.sitename)
        entry.author({"name": name})
        entry.dc.dc_creator(name)
        term = category_term(item)
        if term:
            entry.category(term=term)

        summary = self._html(_summary(item, self.siteurl), item_url)
        if not (summary and summary.strip()) and not _has_text(
                _content(item, self.siteurl)):
            # Nothing written: what the item is (a procedure's code, level and
            # field), never an entry without text.
            summary = f"<p>{escape(item_text(item))}</p>"
        if summary:
            entry.summary(summary, type="html")
        if self.full_text or not summary:
            content = self._html(_content(item, self.siteurl), item_url)
            # A bulletin issue may have no introduction: an empty <content/> is a
            # warning for the W3C validator ("content should not be blank").
            if content and content.strip():
                entry.content(content, type="html")

        enclosure = getattr(item, "enclosure", None)
        if enclosure is not None:
            attributes = {
                "href": self.url(enclosure.url),
                "length": str(enclosure.length),
                "type": enclosure.mime_type,
            }
            if kind == "rss":
                entry.enclosure(
                    url=attributes["href"],
                    length=attributes["length"],
                    type=attributes["type"],
                )
            else:
                entry.atom_enclosures.links.append(attributes)
