"""MkDocs hook: the error-code tables of the editors' handbook, from the registry.

docs/bien-tap/ma-loi.md holds the marker below; at build time it is replaced by one
table per step that reports codes (the checker, the build, the publishing gate), a
row per code with what it means and how to fix it, as described in
plugins/content_check/codes.py. The settings are loaded as `invoke check` loads them,
so every plugin in PLUGINS registers its rules first. A rule's code without a
description is a warning, which fails the strict build.
"""

import logging
from pathlib import Path

from content_check import runner
from content_check.cli import load_settings
from content_check.registry import (BUILD, CHECKED, CODES, PUBLISH, is_warning,
                                    rule_codes)

log = logging.getLogger("mkdocs.hooks.error_codes")

PAGE = "bien-tap/ma-loi.md"
MARKER = "<!-- bảng mã lỗi: tạo khi dựng tài liệu -->"
SETTINGS = Path(__file__).resolve().parents[2] / "pelicanconf.py"

SECTIONS = (
    (CHECKED, "Khi kiểm tra nội dung",
     "Báo bởi `make check`, hook trước khi commit, và mọi lần dựng trang."),
    (BUILD, "Khi dựng trang",
     "Báo bởi `make html`, `make serve` và `make publish` (`make check` không thấy)."),
    (PUBLISH, "Khi xuất bản",
     "Cổng kiểm tra của `make publish` đọc trang đã dựng; có lỗi thì không tải gì lên."),
)


def all_codes():
    """Every code a registered rule can report, and every described code."""
    load_settings(SETTINGS)  # imports every plugin in PLUGINS: their rules
    runner.load_rule_modules()  # the checker's own rule modules
    return rule_codes() | set(CODES)


def _cell(text):
    # A pipe outside `code` would end the table cell (inside, Markdown keeps it).
    pieces = text.split("`")
    pieces[::2] = [piece.replace("|", "&#124;") for piece in pieces[::2]]
    return "`".join(pieces)


def code_tables(codes):
    """Markdown: a heading and a table per step, codes in alphabetical order."""
    parts = []
    for where, title, says in SECTIONS:
        rows = sorted(code for code in codes if CODES[code].where == where)
        if not rows:
            continue
        parts += [f"## {title}", "", says, "",
                  "| Mã | Loại | Ý nghĩa | Cách sửa |", "|---|---|---|---|"]
        for code in rows:
            item = CODES[code]
            kind = "cảnh báo" if is_warning(code) else "lỗi"
            # attr_list gives the code cell an id: ma-loi.md#e-date links to its row.
            parts.append(f"| `{code}`{{#{code.lower()}}} | {kind} | "
                         f"{_cell(item.meaning)} | {_cell(item.fix)} |")
        parts.append("")
    return "\n".join(parts)


def on_page_markdown(markdown, page, config, files):
    if page.file.src_uri != PAGE:
        return markdown
    if MARKER not in markdown:
        log.warning("%s: thiếu dòng đánh dấu '%s'", PAGE, MARKER)
        return markdown
    codes = all_codes()
    for code in sorted(code for code in codes if code not in CODES):
        log.warning("mã %s chưa có mô tả: thêm describe(...) vào "
                    "plugins/content_check/codes.py", code)
    return markdown.replace(MARKER, code_tables(codes & set(CODES)))
