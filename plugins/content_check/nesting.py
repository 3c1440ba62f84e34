"""Markdown nested deeper than any page needs (E-NESTING).

Each ``>`` opens a quotation inside the previous one and each list marker (``-``,
``*``, ``+``, ``1.``) or four spaces of indentation a list inside the previous one.
python-markdown and the HTML passes after it walk that tree recursively: a line of
2,000 ``>`` (or 500 list markers) ended the build with a Python RecursionError that
named no file. No real article nests more than a few levels, so more than
``CHECK_MAX_NESTING`` (default 20) is refused, naming the first such line.
"""

import re

from source_errors import finding

from .registry import rule

MARKER = re.compile(r"[ \t]*(?:>|[-*+][ \t]|\d{1,9}[.)][ \t])")
RULE_LINE = re.compile(r"[-*_ \t]+")  # "* * *" is a horizontal rule, not lists


def depth(line):
    """How many quotations and lists ``line`` opens, counting its indentation.

    Indentation counts (four spaces a level) only before a marker: an indented line
    of text continues a paragraph or is code.
    """
    if RULE_LINE.fullmatch(line):
        return 0
    indent = len(line) - len(line.lstrip(" \t"))
    levels, position = 0, indent
    while match := MARKER.match(line, position):
        levels += 1
        position = match.end()
    if levels:
        levels += (indent + line[:indent].count("\t") * 3) // 4
    return levels


@rule("E-NESTING", in_build=False)  # the build refuses it when reading the file
def nesting_is_shallow(source, context):
    if source.kind != "markup" or source.text is None:
        return
    limit = context.setting("CHECK_MAX_NESTING")
    too_deep = [(number, levels) for number, line in source.body_lines()
                if (levels := depth(line)) > limit]
    if not too_deep:
        return
    (number, levels), others = too_deep[0], len(too_deep) - 1
    more = f" (và {others} dòng sau nữa)" if others else ""
    yield finding(
        "E-NESTING", source, number,
        f"trích dẫn/danh sách lồng nhau {levels} cấp, quá {limit} cấp "
        f"(CHECK_MAX_NESTING){more}; bớt các dấu '>' hoặc '-' ở đầu dòng",
    )
