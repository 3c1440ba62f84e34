"""Escaping helpers shared by the templates and the plugins that build HTML or JSON.

- :func:`plain_text` turns an HTML fragment into plain text. Unlike Jinja's
  ``striptags`` it never decodes an entity back into markup *as markup*: the result is
  a plain ``str``, so autoescape (or :func:`markupsafe.escape`) escapes it again.
  ``&lt;script&gt;`` stays the visible text ``<script>``, never a live tag.
- :func:`script_json` serialises data for ``<script type="application/ld+json">``:
  ``<``, ``>`` and ``&`` become JSON escapes, so neither ``</script>`` nor ``<!--``
  can end or change the script element. It is the only JSON-LD escaper of the site.
"""

import json
from functools import lru_cache
from html.parser import HTMLParser

from markupsafe import Markup

# Text inside these elements is not shown to readers, so it is no part of the text.
_HIDDEN = frozenset({"script", "style", "template", "noscript", "iframe", "object"})
# Elements whose boundaries separate words; inline ones (<strong>, <a>) do not.
_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "div", "dl",
    "dt", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hr", "img", "li", "main", "nav", "ol", "p", "picture", "pre",
    "section", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})


class _TextCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag in _BLOCKS:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def plain_text(value):
    """The text of an HTML fragment, whitespace collapsed, as a plain (unsafe) str."""
    if value is None:
        return ""
    return _plain_text(str(value))


# A pure function of the fragment, and the same summary is shown on many pages: its
# article's own page (three meta tags) and every list, period and category page that
# lists it, about 12 times per article. Bounded: `make serve` builds again and again.
@lru_cache(maxsize=16384)
def _plain_text(html):
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return " ".join("".join(collector.parts).split())


def script_json(data, indent=None):
    """``data`` as JSON that is inert inside a ``<script>`` element (a Markup)."""
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    text = text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    return Markup(text)
