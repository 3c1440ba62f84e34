"""Invisible control characters in content (E-CONTROL-CHAR).

Text pasted from Word brings a vertical tab (its manual line break) or a form feed
(its page break); a damaged file brings NUL. None of them is allowed in HTML or XML:
the pages show them as boxes or nothing, and feedgen refuses them, so ``make publish``
failed where ``make html`` passed. Bidirectional controls (U+202E "right-to-left
override" and its family) make text display in another order than it is stored, so
``gpj.exe`` can read as ``exe.jpg``: they have no use in Vietnamese text.

Refused anywhere in a Markdown file (front matter, body, code blocks): C0 controls
except tab, line feed and carriage return; DEL; C1 controls (U+0080-U+009F); the line
and paragraph separators U+2028/U+2029; the bidi controls U+061C, U+200E, U+200F,
U+202A-U+202E, U+2066-U+2069; a byte-order mark U+FEFF after the start of the file;
the non-characters U+FFFE/U+FFFF. One finding per line, naming the character.

``invoke check --fix`` (:func:`fix_line_breaks`) replaces the line-break-like ones
(vertical tab, form feed, U+0085, U+2028, U+2029) with a line break in the body and
with a space in the front matter (where a line break would end the field), and
removes stray U+FEFF; it leaves every other control character for the editor to
remove, since only they know what was meant.
"""

import re
import unicodedata

from source_errors import finding

from .registry import rule

LINE_BREAKS = "\x0b\x0c\x85\u2028\u2029"
CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029"
    "\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]"
)
NAMES = {
    "\x00": "NUL", "\x0b": "tab dọc, ngắt dòng của Word",
    "\x0c": "ngắt trang, form feed", "\x7f": "DEL", "\x85": "NEL, ngắt dòng",
    "\ufeff": "dấu BOM ở giữa tệp", "\ufffe": "không phải ký tự",
    "\uffff": "không phải ký tự",
}
MAX_PER_FILE = 20  # a file full of NUL (saved as UTF-16) needs one message, not 10,000


def describe(char):
    """'U+000B (tab dọc ...)': the character as an editor can find it."""
    name = NAMES.get(char) or unicodedata.name(char, "ký tự điều khiển")
    return f"U+{ord(char):04X} ({name})"


@rule("E-CONTROL-CHAR", in_build=False)  # the build refuses it when reading the file
def no_control_characters(source, context):
    if source.kind != "markup" or source.text is None or not CONTROL.search(
            source.text):
        return
    reported = 0
    for number, line in source.lines():
        match = CONTROL.search(line)
        if not match:
            continue
        reported += 1
        if reported > MAX_PER_FILE:
            yield finding("E-CONTROL-CHAR", source, number,
                          f"còn ký tự điều khiển ở các dòng sau dòng {number - 1}; "
                          "tệp có thể đã lưu sai bảng mã (UTF-16?): lưu lại bằng UTF-8")
            return
        char = match.group()
        remedy = ("chạy 'invoke check --fix' để thay bằng ngắt dòng"
                  if char in LINE_BREAKS or char == "\ufeff"
                  else "hãy xóa ký tự này (thường do dán từ Word/PDF)")
        yield finding(
            "E-CONTROL-CHAR", source, number,
            f"ký tự ẩn {describe(char)} ở cột {match.start() + 1}: không được phép "
            f"trong trang web và RSS; {remedy}",
        )


def fix_line_breaks(source):
    """The text of ``source`` with line-break controls replaced and stray BOMs gone.

    Everything else, line endings (CRLF stays CRLF) included, is kept as it was.
    """
    text = source.text
    newline = "\r\n" if "\r\n" in text else "\n"

    def replace(match):
        if match.group() == "\ufeff":
            return ""
        in_front_matter = text.count("\n", 0, match.start()) + 1 < source.body_start
        return " " if in_front_matter else newline

    return re.sub(f"[{LINE_BREAKS}\ufeff]", replace, text)
