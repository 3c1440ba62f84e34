"""Editor HTML the sanitiser would change (E-RAW-HTML): the checker's view of it.

Markdown passes raw HTML through, so an editor pasting from another site (or an
imported page) can carry a script, an event handler, a ``javascript:`` link, a
``<form>`` or a ``<meta http-equiv="refresh">``. The build does not pattern-match
for these: every body and summary passes the allowlist sanitiser of plugin
``editor_html`` as it is read. This rule renders each Markdown file with Pelican's
own Markdown reader (the settings' ``MARKDOWN``), runs the same sanitiser and
reports every removal with its file and line, so the editor learns what would
change before it is published. Code (fenced, indented or between backticks) is
text, not HTML, and is never reported.

Inside a build the editor_html plugin reports the same errors itself (from the
reader cache), so this rule is not run there twice (``in_build=False``).

Plain-text fields (Title, Author, Q&A and bulletin fields, ...) are escaped on every
page, so markup there cannot run and is shown as written; a tag in one is reported
as a warning (W-TEXT-MARKUP, at the field's line): a citizen's question may quote
"</script>" on purpose, a pasted title rarely does.
"""

import copy
import re
from html.parser import HTMLParser

from editor_html.editor_html import REMOVED_KEY, removal_errors, sanitise_read
from markdown import Markdown
from pelican.readers import MarkdownReader
from pelican.settings import DEFAULT_CONFIG
from source_errors import finding

from .registry import rule


class _BodyReader(MarkdownReader):
    """Pelican's Markdown reader, leaving every field but the summary as text.

    Dates and other fields are the other rules' business; a bad date must not hide
    a script in the same file.
    """

    def process_metadata(self, name, value):
        return value

    def read_text(self, text, source_path):
        """(HTML, metadata) of Markdown ``text``, as ``read`` gives for a file."""
        self._source_path = source_path
        self._md = Markdown(**self.settings["MARKDOWN"])
        content = self._md.convert(text.removeprefix("\ufeff"))
        meta = getattr(self._md, "Meta", None)
        return content, self._parse_metadata(meta) if meta else {}


_READERS = {}


def _reader(settings):
    key = id(settings)
    if key not in _READERS:
        _READERS.clear()
        markdown = copy.deepcopy(settings.get("MARKDOWN") or DEFAULT_CONFIG["MARKDOWN"])
        _READERS[key] = _BodyReader(
            {**DEFAULT_CONFIG, **settings, "MARKDOWN": markdown})
    return _READERS[key]


# Markdown alone only makes allowlisted HTML; what the sanitiser can remove comes
# from raw HTML or entities (<, &), attribute lists ({: ...}) or a link address
# with a scheme or another host. Files without any of these (most of an archive)
# are not rendered: that keeps `invoke check` near its old speed. The build
# sanitises every file regardless.
MAY_NEED_SANITISING = re.compile(
    r"[<&{]|\]\([^)]*:|\]\(\s*//|^[ ]{0,3}\[[^\]]+\]:\s*\S*(?::|//)", re.MULTILINE)
# Pelican's own link placeholders look like attribute lists but are not.
PELICAN_PLACEHOLDER = re.compile(r"\{(?:static|attach|filename|tag|category|author|"
                                 r"index)\}")


@rule("E-RAW-HTML", in_build=False)
def no_active_html(source, context):
    if source.kind != "markup" or source.text is None:
        return
    if not MAY_NEED_SANITISING.search(PELICAN_PLACEHOLDER.sub("", source.text)):
        return
    try:
        content, metadata = _reader(context.settings).read_text(
            source.text, str(source.path))
    except Exception:  # noqa: BLE001 - unreadable files are other rules' findings
        return
    _, metadata = sanitise_read(content, metadata)
    yield from removal_errors(source.path, metadata.get(REMOVED_KEY, ()),
                              text=source.text)


# Front-matter fields that are shown as plain text (escaped on every page). Markup
# there is never what the editor meant: it would show as written, "<b>" and all.
TEXT_FIELDS = ("title", "author", "authors", "tags", "category", "question", "asker",
               "locality", "answerer", "expert", "field", "contents")


class _MarkupFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = None

    def handle_starttag(self, tag, attrs):
        self.found = self.found or f"<{tag}>"

    def handle_endtag(self, tag):
        self.found = self.found or f"</{tag}>"

    def handle_comment(self, data):
        self.found = self.found or "<!--"

    def handle_decl(self, decl):
        self.found = self.found or f"<!{decl[:20]}>"


def markup_in_text(value):
    """The first tag (or comment) written in ``value``, or None."""
    finder = _MarkupFinder()
    finder.feed(value)
    finder.close()
    return finder.found


@rule("W-TEXT-MARKUP")
def no_markup_in_text_fields(source, context):
    if source.kind != "markup" or source.text is None:
        return
    for item in source.fields:
        if item.key not in TEXT_FIELDS or "<" not in item.value:
            continue
        tag = markup_in_text(item.value)
        if tag:
            yield finding(
                "W-TEXT-MARKUP", source, item.line,
                f"trường '{item.key.capitalize()}:' chứa mã HTML {tag}; trường này "
                "là chữ thuần, mã sẽ hiện nguyên văn trên trang (không chạy): nếu "
                "không cố ý, hãy xóa mã này",
            )
