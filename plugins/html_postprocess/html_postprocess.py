"""One BeautifulSoup pass over every page of editor content, chaining small HTML fixes.

Passes, in order, on the same parsed tree (one parse, one serialisation a page):

1. images: a content ``<img>`` whose file the ``images`` plugin published becomes a
   ``<picture>`` (WebP ``<source>`` + JPEG/PNG ``srcset``) with explicit
   ``width``/``height``; every image in ``<main>`` but the first gets
   ``loading="lazy"`` (the first may be on the first screen);
2. links to other hosts get ``rel="noopener"``;
3. tables are wrapped in a focusable scrolling region (``<div role="region"
   tabindex="0" aria-label=...>``) so a wide table scrolls on a phone, by keyboard too;
4. headings of the text (``.prose h2``–``h4``) get an ``id`` and an anchor link that
   shows when focused or hovered.

:func:`transform_html` is pure (string in, string out; tests call it directly);
:func:`postprocess_page` is the ``content_written`` receiver and only does I/O.
Signals: ``content_written``. Settings/context read: ``SITEURL`` (the page's own),
``IMAGES_INDEX`` and ``IMAGES_SIZES`` (from the ``images`` plugin),
``HTML_POSTPROCESS_TABLE_LABEL``, ``HTML_POSTPROCESS_ANCHOR_TEXT``.
"""

import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup, Doctype, NavigableString
from bs4.formatter import HTMLFormatter
from images.images import DEFAULTS as IMAGES_DEFAULTS
from images.images import picture_parts
from pelican import signals
from pelican.contents import Content
from unidecode import unidecode

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


def _transform(html, settings, page_path, images, taken_ids):
    settings = {**DEFAULTS, "IMAGES_SIZES": IMAGES_DEFAULTS["IMAGES_SIZES"], **settings}
    soup = BeautifulSoup(html, "html.parser")
    main = soup.find("main") or soup
    _pictures(soup, main, settings, page_path, images or {})
    _external_links(soup, settings)
    _scrolling_tables(soup, main, settings)
    _heading_anchors(soup, settings, taken_ids)
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


def _pictures(soup, main, settings, page_path, images):
    for position, img in enumerate(main.find_all("img")):
        if position == 0:
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


def _heading_anchors(soup, settings, taken_ids):
    taken = taken_ids | {tag["id"] for tag in soup.find_all(id=True)}
    for heading in soup.select(HEADINGS):
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


# --- receivers ------------------------------------------------------------------------


def apply_defaults(pelican):
    """Apply HTML_POSTPROCESS_* defaults once."""
    for name, value in DEFAULTS.items():
        pelican.settings.setdefault(name, value)


def shows_editor_content(context):
    """True for a page built around one piece of content (article, page, bulletin,
    Q&A entry), whose HTML an editor wrote.

    Listings (home, categories, date archives, indexes) are our templates' markup
    only, already final (the ``picture`` filter writes their thumbnails), so they
    are not parsed again: at 20,000 articles they are most of the pages, and the
    parse is most of their cost.
    """
    return isinstance(context.get("article"), Content) or isinstance(
        context.get("page"), Content
    )


def postprocess_page(path, context):
    """Rewrite one written HTML page through :func:`transform_html`."""
    if not str(path).endswith(".html") or not shows_editor_content(context):
        return
    page = Path(path)
    html = page.read_text(encoding="utf-8")
    result = transform_html(
        html,
        context,
        page_path=context.get("output_file", ""),
        images=context.get("IMAGES_INDEX"),
    )
    if result != html:
        page.write_text(result, encoding="utf-8")


def register():
    signals.initialized.connect(apply_defaults)
    signals.content_written.connect(postprocess_page)
