"""One content file as the checker sees it: bytes, text, front matter with lines.

Front matter follows python-markdown's ``meta`` extension, which Pelican uses: the
``Key: value`` lines at the top (optionally between ``---`` lines), indented lines
continuing the previous value, ending at the first blank line. A key must be ASCII
letters, digits, ``-`` or ``_``: a line such as ``Số: 3`` silently ends the front
matter and shows up in the article body, so it is reported (E-META-SYNTAX).
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

META_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)$")
CONTINUATION = re.compile(r"^[ ]{4,}(?P<value>.*)$")
LOOKS_LIKE_FIELD = re.compile(r"^\s*[^\s:]{1,30}\s*:")
FENCE = re.compile(r"^\s*(```|~~~)")
BOM = b"\xef\xbb\xbf"

MARKUP_EXTENSIONS = {".md", ".markdown", ".mkd", ".mdown"}
IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp", ".tif", ".tiff"}


@dataclass
class Field:
    key: str  # lower-cased, as Pelican stores it
    value: str
    line: int


@dataclass
class SourceFile:
    path: Path  # absolute
    relpath: str  # relative to the content folder, with "/"
    kind: str  # "markup" or "static"
    content_type: object = None  # registry.ContentType for markup in a known folder
    raw: bytes = b""
    text: str | None = None  # None when the bytes are not UTF-8
    fields: list = field(default_factory=list)
    syntax_errors: list = field(default_factory=list)  # (line, text) of bad meta lines
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


def load(path, content_root, content_type=None):
    """Read ``path`` and parse its front matter (markup files only)."""
    path = Path(path)
    relpath = path.relative_to(content_root).as_posix()
    kind = "markup" if path.suffix.lower() in MARKUP_EXTENSIONS else "static"
    source = SourceFile(path=path, relpath=relpath, kind=kind,
                        content_type=content_type)
    source.raw = path.read_bytes() if kind == "markup" else b""
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
        if not line.strip():
            break
        match = META_LINE.match(line)
        continuation = CONTINUATION.match(line)
        if match:
            current = Field(match["key"].lower(), match["value"].strip(), number)
            source.fields.append(current)
        elif continuation and current is not None:
            current.value = f"{current.value} {continuation['value'].strip()}".strip()
        else:
            # python-markdown stops reading metadata here; only complain when the
            # line was meant as a field ("Số: 3", "Ngày : 09/08/2019").
            if LOOKS_LIKE_FIELD.match(line):
                source.syntax_errors.append((number, line))
            break
        index += 1
    source.body_start = index + 1
