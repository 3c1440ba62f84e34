"""Personal data in Q&A text besides phones and e-mails, and the disguises of both.

A question is public; what identifies the asker beyond a name and a locality is not
(Decree 13/2023/NĐ-CP on personal data protection; the Personal Data Protection Law,
in force from 01/01/2026). ``contacts.py`` finds phones and e-mail addresses; this
module finds the rest and undoes the ways text hides them from a detector:

- :func:`undisguise`: HTML entities (``&#64;``, ``&#46;``: how old portals hid
  addresses, so imported pages carry them), Markdown backslash escapes
  (``0987\\.654\\.321``), emphasis splitting a number (``0987*654*321``) and
  percent-encoding (``mailto:tranthib%40yahoo.com.vn``);
- :func:`rendered_texts`: what a reader gets from a Markdown fragment, the text of
  the sanitised HTML and every ``href``, so that nothing the source spelled in a
  way the line check missed reaches the page;
- :func:`find_personal_data`: a citizen ID number after ``CCCD``/``CMND``/``căn
  cước`` (9 or 12 digits), a home address (``số 12 ngõ 34``, ``ngách``, ``hẻm``,
  ``tổ``, ``thôn``, ``xóm``, ``ấp`` with a number) and a date of birth (``sinh
  ngày``, ``năm sinh``, ``SN``, or a full date in brackets after a name).

Ordinary news wording stays allowed: ``Quyết định số 12/2024``, ``tổ chức``,
``Thôn Đông`` (a place name without a number), ``tổ 5 người``.
"""

import html
import re
import unicodedata
from html.parser import HTMLParser
from urllib.parse import unquote

# What each kind is called in the message, and what the editor must do.
KINDS = {
    "id": ("số căn cước/CMND", "xóa số giấy tờ tùy thân"),
    "address": ("địa chỉ nhà riêng", "chỉ giữ xã/phường, huyện/tỉnh"),
    "birth": ("ngày sinh", "xóa ngày, năm sinh"),
}

_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_SPLITTING_MARKS = re.compile(r"(?<=[\w.@])[*_~`]+(?=[\w.@])")
_ID = re.compile(
    r"(?<!\w)(?:cccd|cmnd|cmt|căn\s*cước(?:\s*công\s*dân)?|chứng\s*minh\s*"
    r"(?:nhân\s*dân|thư)|(?:số\s*)?định\s*danh(?:\s*cá\s*nhân)?)"
    r"[\s:.,\-–]*(?:số|là)?[\s:.\-–]*"
    r"(?P<number>\d(?:[\s.\-]?\d){11}|\d(?:[\s.\-]?\d){8})(?![\s.\-]?\d)"
)
# A unit of homes with its number; "tổ 5 người" counts people, "tổ chức" has none.
_NOT_A_HOME = (r"(?!\s*(?:người|hộ|thành\s*viên|đơn\s*vị|%|tấn|kg|ha|m2|mẫu|con|cây"
               r"|lần|năm|tháng|ngày|giờ|đồng|triệu)(?!\w))")
_ADDRESS = re.compile(
    r"(?<!\w)(?:(?:số\s*nhà|nhà\s*số|số)\s*\d+[a-z]?(?:/\d+)*[\s,]*"
    r"(?:ngõ|ngách|hẻm|kiệt)\s*\S+"
    r"|(?:ngõ|ngách|hẻm|kiệt|tổ\s*dân\s*phố|tổ|thôn|xóm|ấp|khu\s*phố|số\s*nhà)"
    r"\s*(?:số\s*)?\d+[a-z]?(?:/\d+)*(?![\d/])" + _NOT_A_HOME + ")"
)
_DATE = r"\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*(?:19|20)?\d\d"
_BIRTH = re.compile(
    r"(?<!\w)(?:sinh\s*(?:ngày|năm)?|ngày\s*sinh|năm\s*sinh|sn|ns|d\.?o\.?b)"
    rf"[\s:.,]*(?:{_DATE}|(?:19|20)\d\d)(?!\d)"
)
# "Nguyễn Văn An (12/03/1985)": a capitalised name, then a full date in brackets.
_NAME_DATE = re.compile(
    r"(?<!\w)[A-ZĐÀ-Ỹ][\wÀ-ỹ]*(?:\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ]*\.?){1,4}\s*[(,]\s*"
    rf"{_DATE}\s*\)"
)


def undisguise(text):
    """``text`` with entities decoded, Markdown escapes and splitting marks
    removed and %XX decoded: what a reader (or a mail program) would read."""
    for _ in range(2):  # "&amp;#64;" is "&#64;" once decoded
        text = html.unescape(text)
    text = _ESCAPE.sub(r"\1", text)
    text = _SPLITTING_MARKS.sub("", text)
    return unquote(text) if "%" in text else text


def _folded(text):
    return unicodedata.normalize("NFKC", text).casefold()


def find_personal_data(text):
    """``(kind, as found)`` of the first ID number, home address or date of birth
    in ``text`` ("id", "address", "birth"), or None."""
    folded = _folded(undisguise(text))
    for kind, pattern in (("id", _ID), ("address", _ADDRESS), ("birth", _BIRTH)):
        match = pattern.search(folded)
        if match:
            return kind, match.group().strip()
    match = _NAME_DATE.search(unicodedata.normalize("NFC", undisguise(text)))
    if match:
        return "birth", match.group().strip()
    return None


class _Rendered(HTMLParser):
    """The text of an HTML fragment, and its links' targets."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src", "title", "alt") and value:
                self.parts.append(f" {unquote(value)} ")

    def handle_data(self, data):
        self.parts.append(data)


# Only text with one of these can render differently from how it reads.
_MARKUP = re.compile(r"[\[\]<>&\\*_`%(]")


_CONVERTERS = {}  # repr of the Markdown options → a reusable converter


def _converter(settings):
    import markdown

    options = (settings.get("MARKDOWN") or {}).get("extension_configs") or {}
    # The metadata extension would take a first "Key: value" line for a field.
    options = {name: config for name, config in options.items()
               if not name.endswith(".meta")}
    key = repr(sorted(options.items()))
    if key not in _CONVERTERS:
        _CONVERTERS[key] = markdown.Markdown(extensions=list(options),
                                             extension_configs=options)
    return _CONVERTERS[key]


def rendered_texts(markdown_text, settings):
    """The text a reader sees of ``markdown_text`` (rendered with the site's
    Markdown settings, then sanitised) and each link target, as one string; ""
    when it holds no markup at all (nothing to render differently)."""
    from editor_html.sanitiser import sanitise

    if not _MARKUP.search(markdown_text):
        return ""
    converter = _converter(settings)
    converter.reset()
    parser = _Rendered()
    parser.feed(sanitise(converter.convert(markdown_text)))
    parser.close()
    return "".join(parser.parts)
