"""Links into the content folder that lead nowhere (E-IMAGE-MISSING, E-PDF-MISSING,
E-LINK-BROKEN).

Pelican resolves ``{static}``, ``{attach}`` and ``{filename}`` links (and the old
``|static|`` form) against the content folder: ``/images/a.jpg`` from its root,
``a.jpg`` from the linking file's folder. When the target is missing it only logs a
warning and publishes a broken link; here it is an error. Markdown images with a
plain local path (``![](/images/a.jpg)``) are checked the same way. Front matter
fields holding files (``Pdf:``, ``Cover:``, ``Image:``) are checked too. A link out
of the content folder (``{attach}../../../x.pdf``) is broken whether or not the file
exists there: nothing outside content/ is published.
"""

import os
import re
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from source_errors import finding
from sources import IMAGE_EXTENSIONS

from .registry import rule

INTERNAL_LINK = re.compile(
    r"(?:\{(?:static|attach|filename)\}|\|(?:static|attach|filename)\|)"
    r"(?P<target>[^\s)\"'>\]]+)"
)
LOCAL_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?(?P<target>[^\s)>{|][^\s)>]*)")
FILE_FIELDS = ("pdf", "cover", "image")
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|#)", re.IGNORECASE)


def _targets(source):
    for item in source.fields:
        if item.key in FILE_FIELDS and item.value and not EXTERNAL.match(item.value):
            match = INTERNAL_LINK.match(item.value)
            yield item.line, match["target"] if match else item.value
    for number, line in source.body_lines():
        for match in INTERNAL_LINK.finditer(line):
            yield number, match["target"]
        for match in LOCAL_IMAGE.finditer(line):
            if not EXTERNAL.match(match["target"]):
                yield number, match["target"]


def resolve(target, source, content_root):
    """The file ``target`` names, the way Pelican resolves it."""
    target = unquote(target.split("#", 1)[0].split("?", 1)[0])
    if target.startswith("/"):
        return content_root / target.lstrip("/")
    base = PurePosixPath(source.relpath).parent
    return content_root / base / target


@rule("E-IMAGE-MISSING", "E-PDF-MISSING", "E-LINK-BROKEN")
def internal_links_resolve(source, context):
    if source.kind != "markup" or source.text is None:
        return
    for number, target in _targets(source):
        if not target.split("#", 1)[0]:
            continue
        path = resolve(target, source, context.content_root)
        inside = os.path.normpath(path)
        if not Path(inside).is_relative_to(context.content_root):
            # Pelican would link to a file it never publishes (or publish one
            # from outside content/): a broken link either way.
            yield finding(
                "E-LINK-BROKEN", source, number,
                f"liên kết '{target}' trỏ ra ngoài thư mục content/: trang chỉ "
                "xuất bản tệp trong content/; chép tệp vào content/ (ví dụ "
                "content/files/) rồi liên kết tới đó",
            )
            continue
        if path.is_file():
            continue
        suffix = path.suffix.lower()
        if suffix in IMAGE_EXTENSIONS:
            code, what = "E-IMAGE-MISSING", "ảnh"
        elif suffix == ".pdf":
            code, what = "E-PDF-MISSING", "tệp PDF"
        else:
            code, what = "E-LINK-BROKEN", "tệp được liên kết"
        yield finding(
            code, source, number,
            f"không tìm thấy {what} '{target}' (tìm tại "
            f"content/{path.relative_to(context.content_root).as_posix()}); "
            "kiểm tra tên tệp, chữ hoa/thường và thư mục",
        )
