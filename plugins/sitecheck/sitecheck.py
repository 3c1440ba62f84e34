"""The pre-upload gate's checks on a built site (a library, not a Pelican plugin).

``check_site(site_dir, siteurl)`` returns every Problem found; an empty list means
the site may be uploaded. It checks:

- every internal link, image and asset reference: ``href``/``src``/``srcset``/
  ``poster``/``data`` in every HTML page (each page parsed once, with lxml.html), and
  ``url(...)`` in CSS, resolved against the page's URL and SITEURL, must name a file
  of the site (E-LINK-BROKEN);
- the site loads nothing from another host: images, scripts, styles, frames and
  media must be the site's own (E-ASSET-EXTERNAL); links to other sites are fine;
- feeds (Atom/RSS files) are well-formed XML whose links are absolute, and links
  into this site name existing pages (E-FEED-XML, E-FEED-LINK). The feeds plugin
  owns the full feed rules; this is the part a deploy cannot do without;
- no page and no feed item carries executable content (E-ACTIVE-CONTENT): an
  inline script (JSON-LD excepted; one from another host is E-ASSET-EXTERNAL), an
  event handler (``on...=``), a ``javascript:``/``vbscript:``/``data:`` URL,
  ``<base>``, a frame, ``<object>``/``<embed>``, a form or ``formaction`` to
  another host, a ``<meta http-equiv="refresh">`` to another host. Editor HTML is
  sanitised when it is read (plugin editor_html); this is the last line, on what
  would go live.

Used by ``invoke publish`` (tasks.py) before anything is uploaded.
"""

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import lxml.html
from digests import file_digest
from lxml import etree

ATOM = "{http://www.w3.org/2005/Atom}"
# Schemes that point outside the web: nothing to check.
_NOT_WEB = ("mailto:", "tel:", "javascript:", "data:", "sms:", "geo:")
# Where the site's pages are resolved when SITEURL is empty (a development build).
_PLACEHOLDER_SITE = "http://site.invalid"
_CSS_URL = re.compile(r"""url\(\s*(["']?)([^"')]+)\1\s*\)""")
_FEED_SUFFIXES = (".xml", ".atom", ".rss")


@dataclass(frozen=True)
class Problem:
    code: str
    page: str  # path inside the site, e.g. tin-tuc/2019/08/x/index.html
    target: str  # the reference as written
    message: str  # Vietnamese, for whoever publishes

    def __str__(self):
        return f"[{self.code}] {self.page}: {self.message} ({self.target})"


@dataclass(frozen=True)
class Reference:
    url: str
    is_link: bool  # <a>/<area> (may go anywhere) rather than a resource loaded


def references_in_html(html):
    """Every URL a page links to or loads, in document order."""
    if not html.strip():
        return []
    return _references(lxml.html.document_fromstring(html))


def _references(document):
    found = []
    for element in document.iter(etree.Element):
        tag = element.tag
        for attribute in ("href", "src", "poster", "data"):
            value = element.get(attribute)
            if value is None or (attribute == "data" and tag != "object"):
                continue
            is_link = tag in ("a", "area") or (
                tag == "link" and not _loads_resource(element)
            )
            found.append(Reference(value.strip(), is_link))
        srcset = element.get("srcset")
        if srcset:
            found.extend(Reference(url, False) for url in _srcset_urls(srcset))
    return found


# --- executable content -------------------------------------------------------------
_SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:")
_URL_ATTRIBUTES = ("href", "src", "action", "formaction", "poster", "data",
                   "xlink:href", "background", "lowsrc", "dynsrc",
                   "values", "to", "from")  # SVG <animate>/<set> can write an href
_DATA_TYPES = ("application/ld+json", "application/json")
_NEVER = frozenset({"base", "iframe", "frame", "frameset", "object", "embed",
                    "applet"})
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")


def _is_script_url(value):
    # As a browser's URL parser: leading controls and spaces go, tabs and newlines
    # go anywhere ("java\tscript:" is javascript:).
    value = _TAB_OR_NEWLINE.sub("", value.lstrip("".join(map(chr, range(33)))))
    return value.lower().startswith(_SCRIPT_SCHEMES)


def active_content(document, is_internal):
    """(what, value) of every piece of executable content in a parsed document.

    ``is_internal(url)``: True when the (possibly relative) URL is on this site.
    """
    found = []
    for element in document.iter(etree.Element):
        tag = element.tag if isinstance(element.tag, str) else ""
        tag = tag.rsplit("}", 1)[-1].lower()
        for name, value in element.attrib.items():
            name = name.rsplit("}", 1)[-1].lower()
            if name.startswith("on") or (
                    name in _URL_ATTRIBUTES and _is_script_url(value)):
                found.append((f"<{tag} {name}=>", value))
            elif name == "formaction" and not is_internal(value):
                found.append((f"<{tag} formaction=>", value))
            elif name == "srcdoc":
                found.append((f"<{tag} srcdoc=>", value))
        if tag in _NEVER:
            found.append((f"<{tag}>", element.get("src") or element.get("href") or ""))
        elif tag == "script":
            # A script file from another host is E-ASSET-EXTERNAL already.
            kind = (element.get("type") or "").strip().lower()
            if element.get("src") is None and kind not in _DATA_TYPES:
                found.append(("<script> nội tuyến", (element.text or "")[:60]))
        elif tag == "form" and not is_internal(element.get("action") or ""):
            found.append(("<form action> tới máy chủ khác", element.get("action")))
        elif tag == "meta" and (element.get("http-equiv") or "").lower() == "refresh":
            target = (element.get("content") or "").partition("=")[2].strip(" '\"")
            if not target or not is_internal(target):
                found.append(('<meta http-equiv="refresh">', element.get("content")))
    return found


def _active_problems(site, page_rel, page_url, document):
    def is_internal(url):
        absolute = urljoin(page_url, url.strip())
        return not _is_script_url(url) and site.is_internal(absolute)

    return [
        Problem("E-ACTIVE-CONTENT", page_rel, f"{what} {value or ''}".strip(),
                "trang có mã có thể chạy trong trình duyệt của người đọc; không "
                "được đăng")
        for what, value in active_content(document, is_internal)
    ]


def _loads_resource(link):
    """A <link> the browser fetches (stylesheet, icon, preload), not just names."""
    relations = set((link.get("rel") or "").lower().split())
    return bool(relations & {"stylesheet", "icon", "preload", "modulepreload",
                             "apple-touch-icon", "manifest"})


def _srcset_urls(srcset):
    # "a.jpg 480w, b.jpg 2x": each candidate is a URL then an optional descriptor.
    return [c.split()[0] for c in srcset.split(",") if c.split()]


class _Site:
    """Maps URLs of the site to files of the built folder."""

    def __init__(self, site_dir, siteurl):
        self.root = Path(site_dir)
        self.base = (siteurl or _PLACEHOLDER_SITE).rstrip("/")
        base = urlsplit(self.base)
        self.origin = (base.scheme, base.netloc)
        self.path_prefix = base.path.rstrip("/")
        self._exists = {}

    def url_of(self, relpath):
        return f"{self.base}/{relpath}"

    def is_internal(self, absolute_url):
        parts = urlsplit(absolute_url)
        return (parts.scheme, parts.netloc) == self.origin and (
            parts.path == self.path_prefix
            or parts.path.startswith(self.path_prefix + "/")
        )

    def file_exists(self, absolute_url):
        """Would a static server find a file for this (internal) URL?"""
        return self.path_exists(urlsplit(absolute_url).path)

    def path_exists(self, path):
        """file_exists for the URL's path alone."""
        # Menus and footers repeat the same links on every page: look each up once.
        if path not in self._exists:
            self._exists[path] = self._find_file(path)
        return self._exists[path]

    def lookups(self):
        """{URL path: found} of every file_exists answer so far."""
        return dict(self._exists)

    def _find_file(self, url_path):
        path = unquote(url_path)[len(self.path_prefix):]
        target = self.root / path.lstrip("/")
        if path.endswith("/") or path == "" or target.is_dir():
            target = target / "index.html"
        try:
            target.resolve().relative_to(self.root.resolve())
        except ValueError:  # ../ past the site root
            return False
        return target.is_file()


def _check_reference(site, page_rel, page_url, reference, problems):
    url = reference.url
    if not url or url.startswith("#") or url.lower().startswith(_NOT_WEB):
        return
    absolute = urljoin(page_url, url)
    if urlsplit(absolute).scheme not in ("http", "https"):
        return
    if site.is_internal(absolute):
        if not site.file_exists(absolute):
            problems.append(Problem(
                "E-LINK-BROKEN", page_rel, url,
                "liên kết hoặc tệp được tham chiếu không có trong trang đã xây dựng",
            ))
    elif not reference.is_link:
        problems.append(Problem(
            "E-ASSET-EXTERNAL", page_rel, url,
            "trang tải tài nguyên từ máy chủ khác; chỉ được dùng tệp của chính trang",
        ))


def check_links(site_dir, siteurl="", clean=None):
    """Problems with references in HTML pages and stylesheets.

    ``clean``: a :class:`CleanPages` of an earlier check; a page it holds as clean,
    unchanged, is not read again (and the pages found clean are added to it)."""
    site = _Site(site_dir, siteurl)
    problems = []
    for page in sorted(site.root.rglob("*.html")):
        page_rel = page.relative_to(site.root).as_posix()
        if clean is not None and clean.still_clean(page_rel, page):
            continue
        page_url = site.url_of(page_rel)
        found = len(problems)
        html = page.read_text(encoding="utf-8", errors="replace")
        if html.strip():
            document = lxml.html.document_fromstring(html)
            for reference in _references(document):
                _check_reference(site, page_rel, page_url, reference, problems)
            problems += _active_problems(site, page_rel, page_url, document)
        if clean is not None and len(problems) == found:
            clean.add(page_rel, page)
    for sheet in sorted(site.root.rglob("*.css")):
        sheet_rel = sheet.relative_to(site.root).as_posix()
        css = sheet.read_text(encoding="utf-8", errors="replace")
        for match in _CSS_URL.finditer(css):
            reference = Reference(match[2].strip(), False)
            _check_reference(site, sheet_rel, site.url_of(sheet_rel), reference,
                             problems)
    if clean is not None:
        clean.note_named(site)
    return problems


def _feed_links(root):
    """(what, url) of each link in an Atom or RSS document; None if not a feed."""
    if root.tag == f"{ATOM}feed":
        links = [("link", link.get("href", "")) for link in root.iter(f"{ATOM}link")]
        links += [("id", e.text or "") for e in root.iter(f"{ATOM}id")
                  if (e.text or "").startswith(("http:", "https:", "/"))]
        return links
    if root.tag == "rss":
        links = [("link", e.text or "") for e in root.iter("link")]
        links += [("guid", e.text or "") for e in root.iter("guid")
                  if e.get("isPermaLink", "true") != "false"]
        links += [("enclosure", e.get("url", "")) for e in root.iter("enclosure")]
        return links
    return None


def _active_in_feed(site, rel, root):
    """Executable content in the HTML of a feed's items (Atom content/summary of
    type html, RSS description and content:encoded)."""
    problems = []
    for element in root.iter(etree.Element):
        name = etree.QName(element).localname
        is_html = (name in ("content", "summary") and element.get("type") == "html"
                   ) or name in ("description", "encoded")
        if is_html and (element.text or "").strip():
            fragment = lxml.html.fragment_fromstring(element.text, create_parent="div")
            item_url = site.url_of(rel)
            problems += _active_problems(site, rel, item_url, fragment)
    return problems


def check_feeds(site_dir, siteurl=""):
    """Problems with feeds: not well-formed, relative links, links to nothing."""
    site = _Site(site_dir, siteurl)
    problems = []
    for path in sorted(site.root.rglob("*")):
        if path.suffix not in _FEED_SUFFIXES or not path.is_file():
            continue
        rel = path.relative_to(site.root).as_posix()
        try:
            root = etree.parse(str(path), etree.XMLParser(resolve_entities=False,
                                                          no_network=True)).getroot()
        except etree.XMLSyntaxError as error:
            problems.append(Problem("E-FEED-XML", rel, str(error),
                                    "tệp XML không hợp lệ"))
            continue
        problems += _active_in_feed(site, rel, root)
        for what, url in _feed_links(root) or []:
            url = url.strip()
            if urlsplit(url).scheme not in ("http", "https"):
                problems.append(Problem(
                    "E-FEED-LINK", rel, url or "(trống)",
                    f"<{what}> của nguồn tin phải là địa chỉ tuyệt đối (https://...)",
                ))
            elif site.is_internal(url) and not site.file_exists(url):
                problems.append(Problem(
                    "E-FEED-LINK", rel, url,
                    f"<{what}> của nguồn tin trỏ tới trang không có",
                ))
    return problems


def check_site(site_dir, siteurl="", memo=None):
    """Every problem the gate knows about, links first, then feeds.

    ``memo``: a file remembering the pages found clean (see :class:`CleanPages`):
    a page with the bytes found clean at the last publish is not parsed again."""
    clean = CleanPages.load(memo, site_dir, siteurl) if memo else None
    problems = check_links(site_dir, siteurl, clean) + check_feeds(site_dir, siteurl)
    if clean is not None:
        clean.save(memo)
    return problems


class CleanPages:
    """The HTML pages an earlier check found without a problem, by path, with the
    BLAKE2 hash of the bytes it read, and the site's paths their references named.

    A page with the same hash has the same bytes, so the same references and no
    active content (an in-place edit that keeps size, mtime and inode is read);
    its references still name files as long as every path the
    earlier check found is still there (files only added cannot break a link, and
    a removed file no page named, such as an old search index chunk, breaks
    none). So the memo is used only when the site's URL is the same and every
    such path still resolves; otherwise every page is read, as without it."""

    def __init__(self, siteurl, named, pages):
        self.siteurl, self.named, self.pages = siteurl, named, pages
        self.found = {}

    @classmethod
    def load(cls, path, site_dir, siteurl):
        try:
            earlier = json.loads(Path(path).read_text(encoding="utf-8"))
            named = set(earlier["named"])
            pages = {name: str(hashed) for name, hashed in earlier["pages"].items()}
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return cls(siteurl, set(), {})
        site = _Site(site_dir, siteurl)
        if earlier.get("siteurl") != siteurl or not all(
                site.path_exists(url_path) for url_path in named):
            return cls(siteurl, set(), {})
        return cls(siteurl, named, pages)

    def still_clean(self, name, path):
        hashed = file_digest(path)
        if hashed is None or self.pages.get(name) != hashed:
            return False
        self.found[name] = hashed
        return True

    def add(self, name, path):
        hashed = file_digest(path)
        if hashed is not None:
            self.found[name] = hashed

    def note_named(self, site):
        """The paths this check found files for (``site``'s lookups)."""
        self.named |= {path for path, exists in site.lookups().items() if exists}

    def save(self, path):
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        temporary.write_text(json.dumps({"siteurl": self.siteurl,
                                         "named": sorted(self.named),
                                         "pages": self.found}), encoding="utf-8")
        os.replace(temporary, path)
