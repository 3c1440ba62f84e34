"""Small HTML fixes on the HTML an editor wrote, in one BeautifulSoup pass.

Passes, in order, on the same parsed tree (one parse, one serialisation):

1. images: a content ``<img>`` whose file the ``images`` plugin published becomes a
   ``<picture>`` (WebP ``<source>`` + JPEG/PNG ``srcset``) with explicit
   ``width``/``height``; every image in ``<main>`` but the first gets
   ``loading="lazy"`` (the first may be on the first screen);
2. links to other hosts get ``rel="noopener"``;
3. tables are wrapped in a focusable scrolling region (``<div role="region"
   tabindex="0" aria-label=...>``) so a wide table scrolls on a phone, by keyboard too;
4. headings of the text (``.prose h2``–``h4``) get an ``id`` and an anchor link that
   shows when focused or hovered.

Where it runs: on the page of one content item (article, page, bulletin, Q&A entry),
after its template is rendered and before the file is written, on the content's
own HTML fragment only (:func:`finish_page`, a page filter of ``output_guard``'s
writer): the template prints ``item.content`` verbatim, so the fragment is found by
a string search, transformed, and put back; the rest of the page is our templates'
final markup and is never parsed. Listings are not touched (the ``picture`` filter
writes their thumbnails). A page whose template changes the content on the way
(so the fragment is not found) gets the whole ``<main>`` transformed instead.

:func:`transform_html` (a whole page) and :func:`transform_fragment` are pure
(string in, string out; tests call them directly), so a content item's finished
fragment is kept between builds (``cache``: keyed by every input of the transform)
and an unchanged item is not parsed again.
Signals: ``initialized`` (defaults, the page filter, a fresh fragment cache),
``finalized`` (drop cached fragments the build did not use). Settings/context read: ``SITEURL`` (the page's own),
``IMAGES_INDEX`` and ``IMAGES_SIZES`` (from the ``images`` plugin),
``HTML_POSTPROCESS_TABLE_LABEL``, ``HTML_POSTPROCESS_ANCHOR_TEXT``;
the build session's ``page_filters`` (where :func:`finish_page` is added).
"""

import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup, Doctype, NavigableString
from bs4.formatter import HTMLFormatter
from build_session import session
from images.images import DEFAULTS as IMAGES_DEFAULTS
from images.images import picture_parts
from pelican import signals
from pelican.contents import Content
from unidecode import unidecode

from . import cache

DEFAULTS = {
    "HTML_POSTPROCESS_TABLE_LABEL": "Bảng",
    "HTML_POSTPROCESS_ANCHOR_TEXT": "Liên kết đến mục này",
}
HEADINGS = ".prose h2, .prose h3, .prose h4"


class _KeepAsWritten(HTMLFormatter):
    """Serialise as the templates wrote it: UTF-8 text (only &, <, > escaped),
    attributes in their order, void elements without a slash."""

    def __init__(self):
        super().__init__(
            entity_substitution=HTMLFormatter.REGISTRY["minimal"].entity_substitution,
            void_element_close_prefix=None,
        )

    def attributes(self, tag):
        return list(tag.attrs.items())


FORMATTER = _KeepAsWritten()


def transform_html(html, settings, page_path="index.html", images=None):
    """Return ``html`` with every pass applied (``page_path``: its output path).

    Only the ``<main>`` element is parsed when the page has one: what an editor
    wrote is there, and the header, menu and footer around it (most of the page)
    are our templates' final markup.
    """
    start, end = html.find("<main"), html.rfind("</main>")
    if start == -1 or end < start:
        return _transform(html, settings, page_path, images, taken_ids=set())
    end += len("</main>")
    outside = html[:start] + html[end:]
    main = _transform(html[start:end], settings, page_path, images,
                      taken_ids=set(ID_ATTRIBUTE.findall(outside)))
    return html[:start] + main + html[end:]


# An id="..." written by our templates outside <main> (heading ids must not reuse it).
ID_ATTRIBUTE = re.compile(r'\sid="([^"]+)"')


def transform_fragment(fragment, settings, page_path="index.html", images=None,
                       taken_ids=frozenset(), first_image_eager=True, headings=True):
    """Return a content item's HTML ``fragment`` with every pass applied.

    The page around it decides three things, passed in: the ids already used
    outside the fragment (``taken_ids``), whether an image comes before it in
    ``<main>`` (then none of its images is the first: ``first_image_eager``), and
    whether it sits in the ``.prose`` text whose headings get anchors.
    """
    return _transform(fragment, settings, page_path, images, set(taken_ids),
                      heading_selector="h2, h3, h4" if headings else None,
                      first_image_eager=first_image_eager)


def _transform(html, settings, page_path, images, taken_ids,
               heading_selector=HEADINGS, first_image_eager=True):
    settings = {**DEFAULTS, "IMAGES_SIZES": IMAGES_DEFAULTS["IMAGES_SIZES"], **settings}
    soup = BeautifulSoup(html, "html.parser")
    main = soup.find("main") or soup
    _pictures(soup, main, settings, page_path, images or {}, first_image_eager)
    _external_links(soup, settings)
    _scrolling_tables(soup, main, settings)
    if heading_selector:
        _heading_anchors(soup, settings, taken_ids, heading_selector)
    _drop_space_after_doctype(soup)
    return soup.decode(formatter=FORMATTER)


def _drop_space_after_doctype(soup):
    """BeautifulSoup writes a newline after the doctype itself; keep just that one."""
    first = soup.contents[0] if soup.contents else None
    if isinstance(first, Doctype):
        following = first.next_sibling
        if isinstance(following, NavigableString) and not following.strip():
            following.extract()


# --- 1. images ------------------------------------------------------------------------


def _pictures(soup, main, settings, page_path, images, first_image_eager):
    for position, img in enumerate(main.find_all("img")):
        if position == 0 and first_image_eager:
            # The first picture may be the largest thing on the first screen:
            # loading it lazily would delay it (Largest Contentful Paint).
            img.attrs.pop("loading", None)
        else:
            img["loading"] = "lazy"
        if not img.has_attr("decoding"):
            img["decoding"] = "async"
        if img.parent is None or img.parent.name == "picture":
            continue
        image_set = images.get(
            _output_path(img.get("src", ""), page_path, settings.get("SITEURL", ""))
        )
        if image_set is None:
            continue
        sources, attrs = picture_parts(image_set, img["src"], settings["IMAGES_SIZES"])
        img.attrs.update(attrs)
        picture = soup.new_tag("picture")
        img.wrap(picture)
        for source_attrs in sources:
            img.insert_before(soup.new_tag("source", attrs=source_attrs))


def _output_path(src, page_path, siteurl):
    """The output-relative path ``src`` points at, or None for another host."""
    if siteurl and "://" in siteurl and src.startswith(siteurl.rstrip("/") + "/"):
        return unquote(urlsplit(src[len(siteurl.rstrip("/")) + 1 :]).path)
    parts = urlsplit(src)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    if parts.path.startswith("/"):
        return unquote(parts.path.lstrip("/"))
    folder = posixpath.dirname("/" + page_path)
    return unquote(posixpath.normpath(posixpath.join(folder, parts.path)).lstrip("/"))


# --- 2. links to other hosts ----------------------------------------------------------


def _external_links(soup, settings):
    own_host = urlsplit(settings.get("SITEURL", "")).netloc.lower()
    for link in soup.find_all("a", href=True):
        parts = urlsplit(link["href"])
        if parts.scheme not in ("http", "https", "") or not parts.netloc:
            continue
        if parts.netloc.lower() == own_host:
            continue
        rel = link.get("rel") or []
        if "noopener" not in rel:
            link["rel"] = [*rel, "noopener"]


# --- 3. tables ------------------------------------------------------------------------


def _scrolling_tables(soup, main, settings):
    for number, table in enumerate(main.find_all("table"), start=1):
        parent = table.parent
        if parent is not None and "table-scroll" in (parent.get("class") or []):
            continue
        caption = table.find("caption")
        label = caption.get_text(" ", strip=True) if caption else ""
        label = label or f"{settings['HTML_POSTPROCESS_TABLE_LABEL']} {number}"
        region = soup.new_tag(
            "div",
            attrs={
                "class": "table-scroll",
                "role": "region",
                "tabindex": "0",
                "aria-label": label,
            },
        )
        table.wrap(region)


# --- 4. heading anchors ---------------------------------------------------------------


def heading_id(text):
    """ASCII id for a Vietnamese heading: "Đánh giá chung" → "danh-gia-chung"."""
    folded = unidecode(text).lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-") or "muc"


def _heading_anchors(soup, settings, taken_ids, selector):
    taken = taken_ids | {tag["id"] for tag in soup.find_all(id=True)}
    for heading in soup.select(selector):
        if heading.find("a", class_="heading-anchor"):
            continue
        if not heading.get("id"):
            base = candidate = heading_id(heading.get_text(" ", strip=True))
            suffix = 2
            while candidate in taken:
                candidate = f"{base}-{suffix}"
                suffix += 1
            heading["id"] = candidate
            taken.add(candidate)
        anchor = soup.new_tag(
            "a", attrs={"class": "heading-anchor", "href": f"#{heading['id']}"}
        )
        mark = soup.new_tag("span", attrs={"aria-hidden": "true"})
        mark.string = "#"
        hidden = soup.new_tag("span", attrs={"class": "visually-hidden"})
        hidden.string = settings["HTML_POSTPROCESS_ANCHOR_TEXT"]
        anchor.append(mark)
        anchor.append(hidden)
        heading.append(" ")
        heading.append(anchor)


# --- on the page of one content item ----------------------------------------------------


def apply_defaults(pelican):
    """Apply HTML_POSTPROCESS_* defaults once; have the writer call finish_page."""
    for name, value in DEFAULTS.items():
        pelican.settings.setdefault(name, value)
    current = session(pelican.settings)
    current.page_filters.append(finish_page)
    # A fresh cache object per build (autoreload and tests reuse this module).
    current.fragment_cache = cache.FragmentCache(
        Path(pelican.settings["CACHE_PATH"]) / cache.CACHE_DIR)


def prune_cache(pelican):
    """After the build: drop the cached fragments no build used for a while."""
    fragments = session(pelican.settings).fragment_cache
    if fragments is not None and fragments.used:
        fragments.prune()


def editor_content(context):
    """The content item a page is built around (article, page, bulletin, Q&A entry),
    whose HTML an editor wrote; None for a listing.

    Listings (home, categories, date archives, indexes) are our templates' markup
    only, already final (the ``picture`` filter writes their thumbnails): at 20,000
    articles they are most of the pages.
    """
    for key in ("article", "page"):
        if isinstance(context.get(key), Content):
            return context[key]
    return None


# The start tag just before the fragment: the element the template prints it in.
ENCLOSING_TAG = re.compile(r"<[a-zA-Z][^<>]*>\s*\Z")
CLASS_ATTRIBUTE = re.compile(r'\sclass="([^"]*)"')


def finish_page(html, context):
    """A page filter: ``html`` with its content item's fragment transformed."""
    item = editor_content(context)
    if item is None or not context.get("output_file", "").endswith(".html"):
        return html
    page_path = context["output_file"]
    images = context.get("IMAGES_INDEX")
    main = html.find("<main")
    fragment = item.content  # as the template printed it, for this page's SITEURL
    start = html.find(fragment, main) if fragment and main != -1 else -1
    if start == -1:
        return transform_html(html, context, page_path=page_path, images=images)
    end = start + len(fragment)
    before = html[:start]
    enclosing = ENCLOSING_TAG.search(before)
    classes = CLASS_ATTRIBUTE.search(enclosing.group()) if enclosing else None
    taken_ids = ID_ATTRIBUTE.findall(before) + ID_ATTRIBUTE.findall(html[end:])
    first_image_eager = "<img" not in html[main:start]
    headings = bool(classes) and "prose" in classes.group(1).split()
    fragments = session(context).fragment_cache
    key = fragments and fragments.key(fragment, context, page_path, images, taken_ids,
                                      first_image_eager, headings, _output_path)
    transformed = fragments.get(key) if key else None
    if transformed is None:
        transformed = transform_fragment(
            fragment, context, page_path=page_path, images=images,
            taken_ids=taken_ids, first_image_eager=first_image_eager,
            headings=headings,
        )
        if key:
            fragments.put(key, transformed)
    return before + transformed + html[end:]


def register():
    signals.initialized.connect(apply_defaults)
    signals.finalized.connect(prune_cache)
