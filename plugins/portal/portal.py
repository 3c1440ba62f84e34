"""Data the portal theme shows, computed once here instead of in templates.

- ``portal_menu`` (context): ``PORTAL_MENU`` with each item's ``save_as`` (to mark
  the current page) and, for ``"categories": True``, the news categories that have
  articles, in ``NEWS_CATEGORIES`` order, as its submenu;
- ``portal_news_section`` (context): that menu item (title, url), for breadcrumbs;
- ``home_sections`` (context): ``(category, latest articles)`` pairs for the home
  page, in ``NEWS_CATEGORIES`` order;
- ``article.other_news``: "Các tin khác", the articles of the same category just
  older than this one (topped up with the nearest newer ones), like the old portal.
  Each category's list is already sorted, so this is O(count) per article;
- ``PORTAL_CANONICAL_SITEURL`` (setting): ``SITEURL`` when it is absolute, else "",
  for canonical links, Open Graph, JSON-LD and the sitemap, which need absolute URLs
  (with ``RELATIVE_URLS`` the templates' ``SITEURL`` is a relative path);
- ``portal_footer_links`` (context): the ``PORTAL_FOOTER_LINKS`` this site can
  answer (another host, a page, or a section URL setting);
- ``page.parent_trail``: the pages whose URL holds this page's (``gioi-thieu/`` for
  ``gioi-thieu/lich-su/``) as (title, url), outermost first, for breadcrumbs;
- Jinja filter ``news_article_jsonld``: the schema.org NewsArticle of an article.

Signals: ``initialized``, ``article_generator_finalized``,
``all_generators_finalized`` (footer links, parent pages), ``generator_init``.
Settings: ``PORTAL_MENU``, ``NEWS_CATEGORIES``, ``PORTAL_HOME_PER_CATEGORY``,
``PORTAL_HOME_LATEST``, ``PORTAL_HOME_ACTION_BLOCKS``, ``PORTAL_HOME_SIDE_BLOCKS``,
``PORTAL_DEFAULT_THUMBNAIL``,
``PORTAL_CATEGORY_THUMBNAILS`` (read by the templates ``home.html`` and
``partials/entry_thumb.html``),
``PORTAL_OTHER_NEWS``, ``SITENAME``, ``PORTAL_EMBLEM``.
Templates: base.html (menu), home.html, article.html.
"""

import logging

from editor_html.escaping import script_json
from pelican import signals

logger = logging.getLogger(__name__)

DEFAULTS = {
    "PORTAL_MENU": [{"title": "Trang chủ", "url": ""}],
    "PORTAL_FOOTER_LINKS": [],
    "PORTAL_HOME_PER_CATEGORY": 4,
    "PORTAL_HOME_LATEST": 6,
    "PORTAL_HOME_ACTION_BLOCKS": [],
    "PORTAL_HOME_SIDE_BLOCKS": [],
    "PORTAL_DEFAULT_THUMBNAIL": None,
    "PORTAL_CATEGORY_THUMBNAILS": {},
    "PORTAL_OTHER_NEWS": 8,
}


def apply_defaults(pelican):
    """Apply PORTAL_* defaults once and derive the absolute site URL."""
    settings = pelican.settings
    for name, value in DEFAULTS.items():
        settings.setdefault(name, value)
    siteurl = settings.get("SITEURL", "")
    settings["PORTAL_CANONICAL_SITEURL"] = (
        siteurl.rstrip("/") if siteurl.startswith(("http://", "https://")) else ""
    )


def _ordered_categories(generator):
    """(category, articles newest first) in NEWS_CATEGORIES order, then the rest."""
    order = {
        name: i
        for i, name in enumerate(generator.settings.get("NEWS_CATEGORIES") or [])
    }
    return sorted(
        generator.categories,
        key=lambda pair: (order.get(pair[0].name, len(order)), pair[0].name),
    )


def _save_as(url):
    return url + "index.html" if url == "" or url.endswith("/") else url


def build_menu(menu, categories):
    """Menu items as dicts with ``url``, ``save_as`` and ``children``.

    A submenu is either the news categories (``"categories": True``) or the
    configured ``"children"`` ({title, url} relative to the site root).
    """
    items = []
    for entry in menu:
        url = entry.get("url", "")
        item = {
            "title": entry["title"],
            "url": url,
            "children": [{"title": child["title"], "url": child["url"],
                          "save_as": _save_as(child["url"])}
                         for child in entry.get("children") or []],
            "save_as": _save_as(url),
        }
        if entry.get("categories"):
            item["children"] = [
                {
                    "title": category.name,
                    "url": category.url,
                    "save_as": category.save_as,
                }
                for category, _ in categories
            ]
        items.append(item)
    return items


def other_news(articles, count):
    """For each article of one category (newest first): its "Các tin khác".

    The ``count`` articles just older than it; near the end of the list, topped up
    with the nearest newer ones. Slices only: linear in the number of articles.
    """
    result = {}
    for position, article in enumerate(articles):
        older = articles[position + 1 : position + 1 + count]
        missing = count - len(older)
        newer = articles[max(0, position - missing) : position] if missing else []
        result[id(article)] = newer + older
    return result


def compute_theme_data(generator):
    """Fill the context with the menu and home sections; set article.other_news."""
    settings = generator.settings
    categories = _ordered_categories(generator)
    menu = build_menu(settings["PORTAL_MENU"], categories)
    generator.context["portal_menu"] = menu
    # The menu item that holds the categories names the news section (breadcrumbs).
    news = next((item for entry, item in zip(settings["PORTAL_MENU"], menu)
                 if entry.get("categories")), None)
    generator.context["portal_news_section"] = news or {
        "title": "Tin tức",
        "url": "tin-tuc/",
    }
    per_category = settings["PORTAL_HOME_PER_CATEGORY"]
    generator.context["home_sections"] = [
        (category, articles[:per_category]) for category, articles in categories
    ]
    count = settings["PORTAL_OTHER_NEWS"]
    for _, articles in categories:
        others = other_news(articles, count)
        for article in articles:
            article.other_news = others[id(article)]


def news_article_jsonld(article, settings):
    """The schema.org NewsArticle of ``article`` as a safe <script> body."""
    siteurl = settings.get("PORTAL_CANONICAL_SITEURL", "")
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "datePublished": article.date.isoformat(),
        "dateModified": getattr(article, "modified", article.date).isoformat(),
        "inLanguage": settings.get("DEFAULT_LANG", "vi"),
        "articleSection": article.category.name,
        "publisher": {
            "@type": "GovernmentOrganization",
            "name": settings["SITENAME"],
        },
    }
    if getattr(article, "author", None):
        data["author"] = {"@type": "Person", "name": article.author.name}
    if siteurl:
        url = f"{siteurl}/{article.url}"
        data["mainEntityOfPage"] = {"@type": "WebPage", "@id": url}
        data["url"] = url
        if settings.get("PORTAL_EMBLEM"):
            data["publisher"]["logo"] = {
                "@type": "ImageObject",
                "url": f"{siteurl}/{settings['PORTAL_EMBLEM']}",
            }
        lead = getattr(article, "lead_image", None)
        if lead:
            data["image"] = [f"{siteurl}/{lead.largest.path}"]
    return script_json(data)


# The settings news_article_jsonld reads.
JSONLD_SETTINGS = ("PORTAL_CANONICAL_SITEURL", "DEFAULT_LANG", "SITENAME", "PORTAL_EMBLEM")


def add_filters(generator):
    """Add the ``news_article_jsonld`` filter, over the values of the settings it
    reads (not the settings themselves: jinja_shared then shares the templates'
    compiled code between builds)."""
    values = {name: generator.settings[name] for name in JSONLD_SETTINGS
              if name in generator.settings}
    generator.env.filters["news_article_jsonld"] = lambda article: news_article_jsonld(
        article, values
    )


def footer_links(links, pages, settings):
    """The configured footer links this site can answer.

    A link to another host is kept; one within the site is kept when a page has that
    URL or a section setting (``*_URL``: the archive, bulletins, Q&A, RSS page...)
    names it, so a site without, say, the accessibility statement page links to no
    missing page (the publishing gate would refuse it).
    """
    known = {page.url for page in pages}
    known |= {value for name, value in settings.items()
              if name.endswith("_URL") and isinstance(value, str)}
    kept = []
    for link in links or []:
        if "://" in link["url"] or link["url"] in known:
            kept.append(link)
        else:
            logger.info("portal: bỏ liên kết cuối trang '%s': không có trang '%s'",
                        link["title"], link["url"])
    return kept


def choose_footer_links(generators):
    """Put ``portal_footer_links`` in the context once the pages are read."""
    if not generators:
        return
    context, settings = generators[0].context, generators[0].settings
    context["portal_footer_links"] = footer_links(
        settings.get("PORTAL_FOOTER_LINKS"), context.get("pages") or [], settings)


def parent_trail(url, pages_by_url):
    """(title, url) of the pages whose URL is a folder above ``url``, outermost first."""
    parts = url.strip("/").split("/")[:-1]
    folders = ("/".join(parts[:depth]) + "/" for depth in range(1, len(parts) + 1))
    return [(pages_by_url[folder].title, folder) for folder in folders
            if folder in pages_by_url]


def link_parent_pages(generators):
    """Give every page its ``parent_trail`` (Lịch sử sits under Giới thiệu)."""
    if not generators:
        return
    pages = generators[0].context.get("pages") or []
    by_url = {page.url: page for page in pages}
    for page in pages:
        page.parent_trail = parent_trail(page.url, by_url)


def register():
    signals.initialized.connect(apply_defaults)
    signals.article_generator_finalized.connect(compute_theme_data)
    signals.all_generators_finalized.connect(choose_footer_links)
    signals.all_generators_finalized.connect(link_parent_pages)
    signals.generator_init.connect(add_filters)
