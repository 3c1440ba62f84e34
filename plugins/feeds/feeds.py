"""RSS 2.0 and Atom feeds, written with feedgen, that pass the W3C feed validator.

What it adds (paths are settings):

- ``feeds/tin-tuc.rss.xml`` and ``.atom.xml``: all news;
- ``feeds/chuyen-muc/<slug>.rss.xml`` and ``.atom.xml``: one news category;
- ``feeds/ban-tin.*``: bulletins, each with its PDF as an enclosure (URL, length, type);
- ``feeds/hoi-dap.*``: questions and answers.

Bulletins and Q&A come from the context lists ``bulletins`` and ``qa_entries`` when
another plugin provides them (newest first; a bulletin has ``.enclosure`` with
``url``, ``length``, ``mime_type``); without them those feeds are not written.

What stock Pelican feeds get wrong, and what we do instead:

- entry ids: a ``tag:`` URI from the source file's path under content/ (or the
  ``Guid:``/``Id:`` metadata), so it stays the same from build to build and when the
  date or the URL changes; the RSS guid says ``isPermaLink="false"``;
- ``<language>vi</language>`` and ``xml:lang="vi"``;
- an author name on every entry (the article's, else ``SITENAME``);
- every link inside the item HTML made absolute against the item's URL; scripts,
  styles and embedded frames left out (an embedded video becomes a link to it);
- times with the site's offset (+07:00), and the feed's own date is that of its
  newest item, so an unchanged site gives byte-identical feeds.

Feeds need absolute URLs. They are written only when ``FEEDS_SITEURL`` (or else
``SITEURL``) is an absolute http(s) URL: publishconf.py sets it; with pelicanconf.py
(SITEURL = "") the build logs one info line and writes no feed and no feed link.

Signals: ``initialized`` (defaults), ``all_generators_finalized`` (decide which feeds
exist, and put ``feed_links`` in the context for ``partials/feed_links.html``),
``get_generators`` (:class:`FeedsGenerator` writes them).
Settings: ``FEEDS_SITEURL``, ``FEEDS_MAX_ITEMS``, ``FEEDS_FULL_TEXT``,
``FEEDS_ID_AUTHORITY`` (``host,yyyy`` of the tag URIs), ``FEEDS_ALL_RSS``/``_ATOM``,
``FEEDS_CATEGORY_RSS``/``_ATOM`` (with ``{slug}``), ``FEEDS_BULLETINS_RSS``/``_ATOM``,
``FEEDS_QA_RSS``/``_ATOM`` (a path, or None/"" for no such feed),
``FEEDS_BULLETINS_SECTION``/``FEEDS_QA_SECTION`` (URL prefix of the pages that
announce those feeds). Templates: ``partials/feed_links.html`` reads ``feed_links``.
"""

import logging
import os
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePath
from urllib.parse import quote, urljoin, urlsplit
from zoneinfo import ZoneInfo

from bs4 import BeautifulSoup
from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from lxml import etree
from pelican import signals
from pelican.generators import Generator

logger = logging.getLogger(__name__)

DEFAULTS = {
    "FEEDS_SITEURL": None,  # None: use SITEURL when it is absolute
    "FEEDS_MAX_ITEMS": 20,
    "FEEDS_FULL_TEXT": True,
    "FEEDS_ID_AUTHORITY": None,  # None: "<host of the site URL>,2019"
    "FEEDS_ALL_RSS": "feeds/tin-tuc.rss.xml",
    "FEEDS_ALL_ATOM": "feeds/tin-tuc.atom.xml",
    "FEEDS_CATEGORY_RSS": "feeds/chuyen-muc/{slug}.rss.xml",
    "FEEDS_CATEGORY_ATOM": "feeds/chuyen-muc/{slug}.atom.xml",
    "FEEDS_BULLETINS_RSS": "feeds/ban-tin.rss.xml",
    "FEEDS_BULLETINS_ATOM": "feeds/ban-tin.atom.xml",
    "FEEDS_QA_RSS": "feeds/hoi-dap.rss.xml",
    "FEEDS_QA_ATOM": "feeds/hoi-dap.atom.xml",
    "FEEDS_BULLETINS_SECTION": "ban-tin/",
    "FEEDS_QA_SECTION": "hoi-dap/",
}

MIME_TYPES = {"rss": "application/rss+xml", "atom": "application/atom+xml"}
LABELS = {"rss": "RSS", "atom": "Atom"}
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


# --- Pure helpers (tested on strings) ----------------------------------------------


def absolute_siteurl(settings):
    """The absolute site URL feeds are written for, or None when there is none."""
    siteurl = settings.get("FEEDS_SITEURL") or settings.get("SITEURL") or ""
    if urlsplit(siteurl).scheme in ("http", "https") and urlsplit(siteurl).netloc:
        return siteurl.rstrip("/")
    return None


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
    explicit = metadata.get("guid") or metadata.get("id")
    if explicit:
        explicit = str(explicit).strip()
        if _SCHEME.match(explicit):
            return explicit
        return f"tag:{authority}:{quote(explicit, safe=ID_SAFE)}"
    source = PurePath(os.path.relpath(item.source_path, content_path)).as_posix()
    return f"tag:{authority}:{quote(source, safe=ID_SAFE)}"


def author_name(item, fallback):
    """The item's author(s), else ``fallback``: feeds never carry a blank name."""
    authors = getattr(item, "authors", None) or []
    if not authors and getattr(item, "author", None):
        authors = [item.author]
    names = [str(getattr(a, "name", a)).strip() for a in authors]
    return ", ".join(name for name in names if name) or fallback


# --- Which feeds exist -------------------------------------------------------------


@dataclass
class Feed:
    """One feed, written as RSS and Atom, with the items it lists (newest first)."""

    key: str  # "all", "category", "bulletins", "qa"
    title: str
    page_url: str  # the HTML page the feed mirrors, relative to the site
    items: list
    paths: dict = field(default_factory=dict)  # {"rss": path, "atom": path}
    category: str | None = None  # slug, for category feeds
    section: str | None = None  # URL prefix of pages that announce it


def plan_feeds(context, settings):
    """The feeds this site has, from the context once every generator has read."""
    sitename = settings["SITENAME"]
    articles = context.get("articles") or []

    def paths(prefix, **values):
        found = {}
        for kind in ("rss", "atom"):
            pattern = settings.get(f"{prefix}_{kind.upper()}")
            if pattern:
                found[kind] = pattern.format(**values)
        return found

    feeds = [Feed("all", f"{sitename} – Tin tức", "", articles, paths("FEEDS_ALL"))]
    for category, category_articles in context.get("categories") or []:
        feeds.append(
            Feed(
                "category",
                f"{sitename} – {category.name}",
                category.url,
                category_articles,
                paths("FEEDS_CATEGORY", slug=category.slug),
                category=category.slug,
            )
        )
    sections = (
        ("bulletins", "bulletins", "Bản tin", "FEEDS_BULLETINS"),
        ("qa", "qa_entries", "Hỏi đáp", "FEEDS_QA"),
    )
    for key, context_name, label, prefix in sections:
        items = context.get(context_name)
        if items:
            section = settings.get(f"{prefix}_SECTION") or None
            feeds.append(
                Feed(
                    key,
                    f"{sitename} – {label}",
                    section or "",
                    items,
                    paths(prefix),
                    section=section,
                )
            )
    return [feed for feed in feeds if feed.paths]


def link_entries(feeds):
    """What ``partials/feed_links.html`` needs to announce each feed."""
    links = []
    for feed in feeds:
        for kind, path in feed.paths.items():
            links.append(
                {
                    "url": path,
                    "type": MIME_TYPES[kind],
                    "title": f"{feed.title} ({LABELS[kind]})",
                    "scope": feed.key,
                    "category": feed.category,
                    "section": feed.section,
                }
            )
    return links


# --- Writing -----------------------------------------------------------------------


class FeedWriter:
    """Turns one :class:`Feed` into RSS and Atom files with feedgen."""

    def __init__(self, settings, siteurl, output_path):
        self.settings = settings
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
            data = (
                generator.rss_str(pretty=True)
                if kind == "rss"
                else (generator.atom_str(pretty=True))
            )
            target = Path(self.output_path) / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            logger.info("Writing %s", target)

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
        # The feed's date is its newest item's, not "now": rebuilding an unchanged
        # site gives the same bytes, and readers see no change where there is none.
        newest = max((self._updated(item) for item in items), default=None)
        newest = newest or self._site_epoch()  # an empty feed still needs a date
        generator.updated(newest)
        generator.lastBuildDate(newest)
        for item in items:  # newest first, kept in order
            self._add_entry(generator.add_entry(order="append"), item, kind)
        return generator

    def _site_epoch(self):
        zone = ZoneInfo(self.settings.get("TIMEZONE") or "UTC")
        return datetime(2000, 1, 1, tzinfo=zone)

    @staticmethod
    def _updated(item):
        return getattr(item, "modified", None) or item.date

    def _add_entry(self, entry, item, kind):
        item_url = self.url(item.url)
        entry.id(entry_id(item, self.content_path, self.authority))
        entry.title(_plain(item.title))
        entry.link(href=item_url, rel="alternate")
        entry.published(item.date)
        entry.updated(self._updated(item))
        name = author_name(item, self.sitename)
        entry.author({"name": name})
        entry.dc.dc_creator(name)
        category = getattr(item, "category", None)
        if category is not None:
            entry.category(term=category.name)

        summary = feed_html(_summary(item, self.siteurl), item_url)
        if summary:
            entry.summary(summary, type="html")
        if self.full_text or not summary:
            entry.content(
                feed_html(_content(item, self.siteurl), item_url), type="html"
            )

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


def _plain(text):
    """Titles are plain text in feeds: drop any markup an editor put in."""
    return BeautifulSoup(str(text), "html.parser").get_text()


def _content(item, siteurl):
    getter = getattr(item, "get_content", None)
    return getter(siteurl) if getter else item.content


def _summary(item, siteurl):
    getter = getattr(item, "get_summary", None)
    return getter(siteurl) if getter else getattr(item, "summary", "")


class FeedsGenerator(Generator):
    """Writes every feed :func:`plan_feeds` found, once all pages are known."""

    def generate_context(self):
        """Nothing to read; the feeds are planned once every generator has read."""

    def generate_output(self, writer):
        siteurl = absolute_siteurl(self.settings)
        if siteurl is None:
            return
        feed_writer = FeedWriter(self.settings, siteurl, self.output_path)
        for feed in self.context.get("feeds_planned") or []:
            feed_writer.write(feed)


# --- Receivers ---------------------------------------------------------------------


def apply_defaults(pelican):
    """Fill in the FEEDS_* defaults; say once when feeds are off and why."""
    settings = pelican.settings
    for name, value in DEFAULTS.items():
        settings.setdefault(name, value)
    if absolute_siteurl(settings) is None:
        logger.info(
            "feeds: không tạo RSS/Atom vì SITEURL '%s' không phải địa chỉ tuyệt đối "
            "(publishconf.py đặt địa chỉ này; hoặc đặt FEEDS_SITEURL)",
            settings.get("SITEURL"),
        )


def plan_site_feeds(generators):
    """Decide the feeds once every content type is read, before any page is written."""
    if not generators:
        return
    context, settings = generators[0].context, generators[0].settings
    if absolute_siteurl(settings) is None:
        planned = []
    else:
        planned = plan_feeds(context, settings)
    context["feeds_planned"] = planned
    context["feed_links"] = link_entries(planned)


def add_generator(pelican):
    return FeedsGenerator


def register():
    signals.initialized.connect(apply_defaults)
    signals.all_generators_finalized.connect(plan_site_feeds)
    signals.get_generators.connect(add_generator)
