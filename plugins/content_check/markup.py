"""Raw HTML that must never reach a page: scripts, frames, plugins, event handlers.

Markdown passes raw HTML through untouched, so an editor pasting from another site
can publish a script. Code blocks (fenced, or between backticks) are text, not HTML,
and are not checked.
"""

import re

from .registry import rule
from .runner import finding

FORBIDDEN_TAG = re.compile(r"<\s*(script|iframe|object|embed)\b", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[a-zA-Z][^>]*?\s(on[a-zA-Z]+)\s*=", re.IGNORECASE)
# attr_list syntax adds attributes too: ![x](a.jpg){: onerror="..."}
ATTR_LIST_HANDLER = re.compile(r"\{:?[^}]*?\b(on[a-zA-Z]+)\s*=", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"""(?:href|src)\s*=\s*["']?\s*javascript:""", re.I)
INLINE_CODE = re.compile(r"(`+).+?\1")


@rule("E-RAW-HTML")
def no_active_html(source, context):
    if source.kind != "markup" or source.text is None:
        return
    for number, line in source.body_lines():
        line = INLINE_CODE.sub("", line)
        tag = FORBIDDEN_TAG.search(line)
        handler = EVENT_HANDLER.search(line) or ATTR_LIST_HANDLER.search(line)
        if tag:
            what = f"thẻ <{tag.group(1).lower()}>"
        elif handler:
            what = f"thuộc tính sự kiện {handler.group(1).lower()}="
        elif JAVASCRIPT_URL.search(line):
            what = "liên kết javascript:"
        else:
            continue
        yield finding(
            "E-RAW-HTML", source, number,
            f"nội dung chứa {what}, không được phép trên cổng thông tin; hãy xóa "
            "đoạn mã này (ảnh, video: dùng ảnh hoặc liên kết thường)",
        )
