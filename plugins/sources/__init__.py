"""One content file as the checker sees it: bytes, text, front matter with lines.

Front matter follows python-markdown's ``meta`` extension, which Pelican uses: the
``Key: value`` lines at the top (optionally between ``---`` lines), indented lines
continuing the previous value, ending at the first blank line. A key must be ASCII
letters, digits, ``-`` or ``_``: a line such as ``Số: 3`` or ``Tác giả: ...``
silently ends the front matter and it, and every field after it, shows up in the
article body, so it is reported (E-META-SYNTAX, naming the field and the English
key to use: :func:`english_key`).

This is the project's one front-matter parser: the checker, the build's plugins
(source_errors.metadata_line and front_matter_lines delegate here) and
``invoke new-*`` read front matter through it.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

META_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)$")
CONTINUATION = re.compile(r"^[ ]{4,}(?P<value>.*)$")
LOOKS_LIKE_FIELD = re.compile(r"^\s*[^\s:]{1,30}\s*:")
# "Tác giả: ...", "Ngày đăng : ...": up to four words before the colon.
FIELD_WITH_SPACES = re.compile(r"^\s*(?P<key>[^\W\d_][\w-]*(?:[ ]+[\w-]+){0,3})\s*:")
FENCE = re.compile(r"^\s*(```|~~~)")
BOM = b"\xef\xbb\xbf"

MARKUP_EXTENSIONS = {".md", ".markdown", ".mkd", ".mdown"}
IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp", ".tif", ".tiff"}


@dataclass
class Field:
    key: str  # lower-cased, as Pelican stores it
    value: str
    line: int
    # (line, text) of the key's own line and of each continuation line, stripped.
    parts: list = field(default_factory=list)


@dataclass
class SourceFile:
    path: Path  # absolute
    relpath: str  # relative to the content folder, with "/"
    kind: str  # "markup" or "static"
    content_type: object = None  # registry.ContentType for markup in a known folder
    raw: bytes = b""
    text: str | None = None  # None when the bytes are not UTF-8
    fields: list = field(default_factory=list)
    # (line, text, key as written, English key or None) of the line that was meant
    # as a field but is not one ("Số: 3", "Tác giả: ..."): it ends the front matter.
    syntax_errors: list = field(default_factory=list)
    body_start: int = 1  # first line of the body
    bom: bool = False  # the bytes start with a UTF-8 byte-order mark (not in text)

    def first(self, key):
        """The first Field named ``key`` (lower case), or None."""
        return next((f for f in self.fields if f.key == key), None)

    def value(self, key, default=None):
        """The value of the first field named ``key``, or ``default``."""
        found = self.first(key)
        return found.value if found else default

    def lines(self):
        """(number, line) of the whole file."""
        return enumerate(text_lines(self.text or ""), start=1)

    def body_lines(self, skip_code=True):
        """(number, line) of the body, fenced code blocks left out."""
        in_fence = False
        for number, line in self.lines():
            if number < self.body_start:
                continue
            if skip_code and FENCE.match(line):
                in_fence = not in_fence
                continue
            if not in_fence or not skip_code:
                yield number, line


def text_lines(text):
    """The lines of ``text`` as Pelican and python-markdown see them.

    Only CR/LF end a line: ``str.splitlines`` also splits at a vertical tab, a form
    feed or U+2028, which would shift every line number after one.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return lines[:-1] if lines and lines[-1] == "" else lines


def load(path, content_root, content_type=None, raw=None):
    """Read ``path`` and parse its front matter (markup files only).

    ``raw``: the file's bytes when the caller has read them already (cache.py).
    """
    path = Path(path)
    relpath = path.relative_to(content_root).as_posix()
    kind = "markup" if path.suffix.lower() in MARKUP_EXTENSIONS else "static"
    source = SourceFile(path=path, relpath=relpath, kind=kind,
                        content_type=content_type)
    if kind != "markup":
        raw = b""
    source.raw = path.read_bytes() if raw is None else raw
    if kind == "markup":
        # A byte-order mark (Notepad adds one) is accepted, as Pelican does; the
        # text starts after it and `invoke check --fix` removes it.
        source.bom = source.raw.startswith(BOM)
        try:
            source.text = source.raw[len(BOM) if source.bom else 0:].decode("utf-8")
        except UnicodeDecodeError:
            source.text = None
        else:
            parse_front_matter(source)
    return source


def read_front_matter(path):
    """The front matter of ``path`` alone (no content folder, undecodable bytes
    replaced): for plugins that only need a field's line."""
    path = Path(path)
    source = SourceFile(path=path, relpath=path.name, kind="markup")
    try:
        raw = path.read_bytes()
    except OSError:
        return source
    source.text = raw[len(BOM) if raw.startswith(BOM) else 0:].decode(
        "utf-8", errors="replace")
    parse_front_matter(source)
    return source


# Vietnamese (or spaced) names editors write, and the field Pelican reads.
ENGLISH_KEYS = {
    "tiêu đề": "Title", "tựa đề": "Title", "ngày": "Date", "ngày đăng": "Date",
    "ngày viết": "Date", "ngày trả lời": "Date", "ngày sửa": "Modified",
    "cập nhật": "Modified", "ngày cập nhật": "Modified", "tác giả": "Author",
    "người viết": "Author", "tóm tắt": "Summary", "tóm lược": "Summary",
    "sapo": "Summary", "chuyên mục": "Category", "danh mục": "Category",
    "thẻ": "Tags", "từ khóa": "Tags", "từ khoá": "Tags", "ảnh": "Image",
    "hình ảnh": "Image", "ảnh đại diện": "Image", "số": "Number",
    "năm": "Year", "bìa": "Cover", "ảnh bìa": "Cover", "mục lục": "Contents",
    "trạng thái": "Status", "đường dẫn": "Slug", "câu hỏi": "Question",
    "người hỏi": "Asker", "địa phương": "Locality", "ngày hỏi": "Asked",
    "lĩnh vực": "Field", "người trả lời": "Answerer", "đơn vị trả lời": "Answerer",
    "chuyên gia": "Expert", "mẫu": "Template", "ngôn ngữ": "Lang",
    "legacy url": "Legacy-URL", "legacy id": "Legacy-ID",
}


def _folded(text):
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_FOLDED_KEYS = {_folded(name): english for name, english in ENGLISH_KEYS.items()}


def english_key(key):
    """``Tác giả`` → ``Author`` (also written without diacritics); None if unknown."""
    name = " ".join(unicodedata.normalize("NFC", key).lower().split())
    return ENGLISH_KEYS.get(name) or _FOLDED_KEYS.get(_folded(name))


def parse_front_matter(source):
    lines = text_lines(source.text)
    index = 0
    fenced = bool(lines) and lines[0].strip() == "---"
    if fenced:
        index = 1
    current = None
    while index < len(lines):
        line = lines[index]
        number = index + 1
        if fenced and line.strip() in ("---", "..."):
            index += 1
            break
        # isspace: what strip() would remove, without a copy. This loop runs for
        # every file of the check cache on each pre-commit hook (20,000 at a time).
        if not line or line.isspace():
            break
        match = META_LINE.match(line)
        continuation = None if match else CONTINUATION.match(line)
        if match:
            value = match["value"].strip()
            current = Field(match["key"].lower(), value, number, [(number, value)])
            source.fields.append(current)
        elif continuation and current is not None:
            more = continuation["value"].strip()
            current.value = f"{current.value} {more}".strip()
            current.parts.append((number, more))
        else:
            # python-markdown stops reading metadata here; only complain when the
            # line was meant as a field ("Số: 3", "Ngày : 09/08/2019", "Tác giả:").
            spaced = FIELD_WITH_SPACES.match(line)
            if LOOKS_LIKE_FIELD.match(line) or spaced:
                key = (spaced or LOOKS_LIKE_FIELD.match(line))[0].rstrip(": ").strip()
                source.syntax_errors.append((number, line, key, english_key(key)))
            break
        index += 1
    source.body_start = index + 1
