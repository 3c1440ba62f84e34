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

Feeds need absolute URLs: ``FEEDS_SITEURL``, else ``SITEURL`` when absolute
(publishconf.py), else ``FEEDS_DEVELOPMENT_SITEURL`` (pelicanconf.py: the preview's
``http://127.0.0.1:8000``, so ``make html`` and ``make serve`` show the feeds too).
With none of them absolute the build logs one info line and writes no feed.

It also writes the page "RSS" (``FEEDS_PAGE_SAVE_AS``, template ``feeds.html``)
listing every feed with what it carries and how to subscribe; ``feeds_page_url`` in
the context links to it (footer, ``partials/feed_subscribe.html``).

This module decides which feeds exist and when; ``writer.py`` writes one feed.

Signals: ``initialized`` (defaults), ``all_generators_finalized`` (decide which feeds
exist, and put ``feed_links`` in the context for ``partials/feed_links.html``),
``get_generators`` (:class:`FeedsGenerator` writes them).
Settings: ``FEEDS_SITEURL``, ``FEEDS_DEVELOPMENT_SITEURL``, ``FEEDS_PAGE_URL``/
``FEEDS_PAGE_SAVE_AS`` (the RSS page; "" for none), ``FEEDS_MAX_ITEMS``,
``FEEDS_FULL_TEXT``, ``FEEDS_ID_AUTHORITY`` (``host,yyyy`` of the tag URIs),
``FEEDS_ALL_RSS``/``_ATOM``,
``FEEDS_CATEGORY_RSS``/``_ATOM`` (with ``{slug}``), ``FEEDS_BULLETINS_RSS``/``_ATOM``,
``FEEDS_QA_RSS``/``_ATOM`` (a path, or None/"" for no such feed; any content type
declared with ``feed="X"`` has ``FEEDS_X_RSS``/``_ATOM``, announced on the pages of
its section: content_types). Templates: ``partials/feed_links.html`` and
``partials/feed_subscribe.html`` read ``feed_links``; ``feeds.html`` (the RSS page)
reads ``feeds_planned`` (each with ``name``, ``title``, ``description``,
``page_url``, ``formats``).
"""

import logging
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from content_types import content_types
from html_postprocess.cache import TextCache
from pelican import signals
from pelican.generators import Generator

from .writer import MIME_TYPES, FeedWriter

logger = logging.getLogger(__name__)
# Items' finished HTML, kept between builds under CACHE_PATH.
HTML_CACHE_DIR = "feed-html"

DEFAULTS = {
    "FEEDS_SITEURL": None,  # None: use SITEURL when it is absolute
    "FEEDS_DEVELOPMENT_SITEURL": None,  # used when SITEURL is not absolute
    "FEEDS_PAGE_URL": "rss/",
    "FEEDS_PAGE_SAVE_AS": "rss/index.html",
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
}

LABELS = {"rss": "RSS", "atom": "Atom"}


# --- Site URL ----------------------------------------------------------------------


def absolute_siteurl(settings):
    """The absolute site URL feeds are written for, or None when there is none."""
    for name in ("FEEDS_SITEURL", "SITEURL", "FEEDS_DEVELOPMENT_SITEURL"):
        siteurl = settings.get(name) or ""
        if urlsplit(siteurl).scheme in ("http", "https") and urlsplit(siteurl).netloc:
            return siteurl.rstrip("/")
    return None


def public_siteurl(settings):
    """The site's own absolute URL (FEEDS_SITEURL or SITEURL), "" in development.

    What pages and downloads show readers: a development build may be opened from
    any host, so it shows addresses from the site root ("/feeds/..."), never the
    preview's FEEDS_DEVELOPMENT_SITEURL.
    """
    for name in ("FEEDS_SITEURL", "SITEURL"):
        siteurl = settings.get(name) or ""
        if urlsplit(siteurl).scheme in ("http", "https") and urlsplit(siteurl).netloc:
            return siteurl.rstrip("/")
    return ""


# --- Which feeds exist -------------------------------------------------------------


@dataclass
class Feed:
    """One feed, written as RSS and Atom, with the items it lists (newest first)."""

    key: str  # "all", "category", "bulletins", "qa"
    title: str
    description: str  # what it carries, for the RSS page
    page_url: str  # the HTML page the feed mirrors, relative to the site
    items: list
    paths: dict = field(default_factory=dict)  # {"rss": path, "atom": path}
    category: str | None = None  # slug, for category feeds
    section: str | None = None  # URL prefix of pages that announce it

    @property
    def name(self):
        """The title without the site's name: "Tin tức", "Thanh tra", "Bản tin"."""
        return self.title.rsplit(" – ", 1)[-1]

    @property
    def formats(self):
        """``[(label, path, media type)]`` of its RSS and Atom files."""
        return [(LABELS[kind], path, MIME_TYPES[kind])
                for kind, path in self.paths.items()]


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

    feeds = [Feed("all", f"{sitename} – Tin tức", "Mọi tin tức mới, mọi chuyên mục",
                  "", articles, paths("FEEDS_ALL"))]
    for category, category_articles in context.get("categories") or []:
        feeds.append(
            Feed(
                "category",
                f"{sitename} – {category.name}",
                f"Tin tức chuyên mục {category.name}",
                category.url,
                category_articles,
                paths("FEEDS_CATEGORY", slug=category.slug),
                category=category.slug,
            )
        )
    # Every other type with a feed is declared with one (content_types).
    for kind in content_types(settings):
        items = context.get(kind.context_key) if kind.feed else None
        if items:
            section = kind.section(settings) or None
            feeds.append(
                Feed(
                    kind.feed.lower(),
                    f"{sitename} – {kind.label}",
                    kind.feed_description,
                    section or "",
                    items,
                    paths(f"FEEDS_{kind.feed}"),
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
                    "kind": kind,
                    "label": LABELS[kind],
                    "title": f"{feed.title} ({LABELS[kind]})",
                    "scope": feed.key,
                    "category": feed.category,
                    "section": feed.section,
                }
            )
    return links


class FeedsGenerator(Generator):
    """Writes every feed :func:`plan_feeds` found, once all pages are known."""

    def generate_context(self):
        """Nothing to read; the feeds are planned once every generator has read."""

    def generate_output(self, writer):
        siteurl = absolute_siteurl(self.settings)
        if siteurl is None:
            return
        html_cache = TextCache(Path(self.settings["CACHE_PATH"]) / HTML_CACHE_DIR)
        feed_writer = FeedWriter(self.settings, siteurl, self.output_path, html_cache)
        planned = self.context.get("feeds_planned") or []
        for feed in planned:
            feed_writer.write(feed)
        html_cache.prune()  # what this build's feeds did not carry
        if planned and self.settings["FEEDS_PAGE_SAVE_AS"]:
            writer.write_file(
                self.settings["FEEDS_PAGE_SAVE_AS"],
                self.get_template("feeds"),
                self.context,
                relative_urls=self.settings["RELATIVE_URLS"],
                url=self.settings["FEEDS_PAGE_URL"],
                feeds_siteurl=public_siteurl(self.settings),
            )


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
    if planned and settings["FEEDS_PAGE_SAVE_AS"]:
        context["feeds_page_url"] = settings["FEEDS_PAGE_URL"]


def add_generator(pelican):
    return FeedsGenerator


def register():
    signals.initialized.connect(apply_defaults)
    signals.all_generators_finalized.connect(plan_site_feeds)
    signals.get_generators.connect(add_generator)
