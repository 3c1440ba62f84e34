"""The allowlist for editor HTML, the sanitiser (nh3, Ammonia's binding) and its diff.

Editors write Markdown, which passes raw HTML through; pasted or imported text can
carry anything. Every HTML fragment an editor controls (a body, a summary) is
rebuilt by :func:`sanitise` keeping only :data:`TAGS`, :data:`ATTRIBUTES` and URLs
that are relative or use one of :data:`URL_SCHEMES`; ``<script>``, ``<style>``
and their text are dropped whole. Pictures (``img src``) must be on this site: a
picture from another host would make every reader's browser ask that host.

:func:`removals` says what the sanitiser took out of one fragment, so that the
checker reports it (nothing an editor wrote disappears silently). Only a real change
counts: both versions are read back into the same event stream (start tags with
their attributes, and the text), so serialisation differences (``<br />`` or
``<br>``, ``&#39;`` or ``'``) and dropped comments are not reported.
"""

import re
from collections import Counter
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3

# What Markdown (with the extra, attr_list and our figures extensions) produces, and
# the plain structure an editor may write by hand.
TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col",
    "colgroup", "dd", "del", "dfn", "div", "dl", "dt", "em", "figcaption", "figure",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark",
    "ol", "p", "picture", "pre", "q", "s", "samp", "section", "small", "source",
    "span", "strong", "sub",
    "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul",
    "var", "wbr",
})
# Removed with everything inside them (their text is code, not prose).
CONTENT_DROPPED = frozenset({"script", "style"})
GENERIC_ATTRIBUTES = frozenset({"class", "id", "title", "lang", "dir"})
ATTRIBUTES = {
    "*": set(GENERIC_ATTRIBUTES),
    "a": {"href", "hreflang", "rel"},
    "abbr": set(),
    "blockquote": {"cite"},
    "col": {"span"},
    "colgroup": {"span"},
    "del": {"cite", "datetime"},
    "img": {"src", "srcset", "sizes", "alt", "width", "height", "loading"},
    "ins": {"cite", "datetime"},
    "li": {"value"},
    "ol": {"start", "type", "reversed"},
    "q": {"cite"},
    "source": {"srcset", "sizes", "type", "media", "width", "height"},
    "td": {"colspan", "rowspan", "headers", "align", "style"},
    "th": {"colspan", "rowspan", "headers", "align", "scope", "style"},
    "time": {"datetime"},
}
# Markdown tables align columns with style="text-align: ..."; nothing else of CSS.
STYLE_PROPERTIES = frozenset({"text-align"})
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
URL_ATTRIBUTES = frozenset({"href", "src", "cite"})


def is_allowed_url(url):
    """True for a relative URL or one with an allowed scheme (as sanitised)."""
    return sanitise(f'<a href="{_attribute_text(url)}">x</a>') != "<a>x</a>"


def _attribute_text(value):
    return value.replace("&", "&amp;").replace('"', "&quot;")


def _on_this_site(url):
    parts = urlsplit(url.strip())
    return not parts.scheme and not parts.netloc


def _attribute_allowed(tag, name):
    if name.startswith("data-"):
        # data-pagefind-* would steer the search index (weights, hidden text).
        return not name.startswith("data-pagefind")
    return name in ATTRIBUTES["*"] or name in ATTRIBUTES.get(tag, ())


def _picture_kept(tag, attribute, value):
    """False for a picture address on another host (that host would see every
    reader; the CSP blocks it anyway)."""
    if attribute == "srcset":
        return all(_on_this_site(candidate.split()[0])
                   for candidate in value.split(",") if candidate.strip())
    return not (tag == "img" and attribute == "src") or _on_this_site(value)


def _filter_attribute(tag, attribute, value):
    if attribute.startswith("data-pagefind"):
        return None
    if not _picture_kept(tag, attribute, value):
        return None
    return value


_CLEANER = nh3.Cleaner(
    tags=set(TAGS),
    clean_content_tags=set(CONTENT_DROPPED),
    attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
    attribute_filter=_filter_attribute,
    url_schemes=set(URL_SCHEMES),
    filter_style_properties=set(STYLE_PROPERTIES),
    generic_attribute_prefixes={"data-"},
    link_rel=None,  # html_postprocess adds rel="noopener" to links to other hosts
    strip_comments=True,
)


def sanitise(html):
    """``html`` rebuilt from the allowlist only."""
    if not html:
        return html
    return _CLEANER.clean(html)


# --- what was removed --------------------------------------------------------------
@dataclass(frozen=True)
class Removal:
    """One thing the sanitiser took out: Vietnamese ``what`` and a ``needle`` to find
    the line it came from in the source (lower case)."""

    what: str
    needles: tuple


class _Events(HTMLParser):
    """Start tags (with attributes) and text, the parts of HTML a reader gets."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []
        self.text = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, tuple(sorted(
            (name, _normal_value(name, value or "")) for name, value in attrs))))

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        self.text.append(data)

    def events(self):
        return self.tags, " ".join("".join(self.text).split())


def _normal_value(name, value):
    if name == "style":
        return value.replace(" ", "").rstrip(";").lower()
    return value


def _events(html):
    parser = _Events()
    parser.feed(html)
    parser.close()
    return parser.tags, parser.events()


def removals(html, clean=None):
    """What :func:`sanitise` removes from ``html`` (``clean``: its output, if known)."""
    if not html:
        return []
    clean = sanitise(html) if clean is None else clean
    if clean == html:
        return []
    tags, (before_tags, before_text) = _events(html)
    _, (after_tags, after_text) = _events(clean)
    # The parser may add what HTML implies (<tbody> in a table): only losses count.
    if not Counter(before_tags) - Counter(after_tags) and before_text == after_text:
        return []
    found = list(dict.fromkeys(_explain(tags)))
    return found or [Removal("mã HTML không hợp lệ (đã bị sửa lại)", ("<",))]


def _explain(tags):
    for tag, attrs in tags:
        if tag not in TAGS:
            yield Removal(f"thẻ <{tag}>", (f"<{tag}", tag))
            continue
        for name, value in attrs:
            if not _attribute_allowed(tag, name):
                yield Removal(f"thuộc tính {name}= của thẻ <{tag}>", (name,))
            elif not _picture_kept(tag, name, value):
                yield Removal(f"ảnh lấy từ trang khác '{_shown_url(value)}' (ảnh phải "
                              "đặt trong content/images/)", _url_needles(value))
            elif name in URL_ATTRIBUTES and not is_allowed_url(value):
                shown = _shown_url(value)
                yield Removal(f"địa chỉ '{shown}' ở thuộc tính {name}= của <{tag}>",
                              _url_needles(value))
            elif name == "style" and _style_dropped(value):
                yield Removal(f"kiểu trình bày style=\"{value}\" của thẻ <{tag}>",
                              ("style",))


def _shown_url(value):
    value = " ".join(value.split())
    return value if len(value) <= 60 else value[:57] + "…"


SCHEME = re.compile(r"^\s*([^:/?#]+):")


def _url_needles(value):
    # The source may spell the URL with entities (java&#115;cript:): try the scheme,
    # then its first letters, then the start of the value.
    value = value.strip().lower()
    match = SCHEME.match(value)
    scheme = match.group(1) if match else ""
    return tuple(n for n in (scheme + ":", scheme, scheme[:4], value[:20]) if n)


def _style_dropped(value):
    properties = {part.split(":")[0].strip().lower()
                  for part in value.split(";") if part.strip()}
    return bool(properties - STYLE_PROPERTIES)


def locate(needles, lines, first_line=1):
    """The number of the line of ``lines`` (the first is ``first_line``) where a
    removal was written (its ``needles``, tried in order), or None."""
    # As written first; then as the browser reads it (entities decoded, spaces
    # and control characters dropped), for java&#115;cript: and jav\tascript:.
    for view in (str.lower, _as_read):
        seen = [view(line) for line in lines]
        for needle in needles:
            needle = view(needle)
            for number, line in enumerate(seen, start=first_line):
                if needle and needle in line:
                    return number
    return None


_SPACES_AND_CONTROLS = re.compile(r"[\x00-\x20]+")


def _as_read(text):
    return _SPACES_AND_CONTROLS.sub("", unescape(text)).lower()
