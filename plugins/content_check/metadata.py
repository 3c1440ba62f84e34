"""Front-matter rules: syntax, required and unknown fields, dates, vocabularies.

Unknown fields are **warnings** (W-META-UNKNOWN): plugins add fields over time and an
unknown field does no harm by itself, while the typo it usually is ("Catgory") is
also caught as an error by the missing required field it leaves behind. An unknown
field that a URL setting names (``{field}`` in a ``*_URL``/``*_SAVE_AS`` pattern)
does reach an address, so it is an error (E-META-UNKNOWN). ``Guid:``/``Id:``
become the id of the item in the feeds: a ``tag:``, ``urn:`` or ``https:`` IRI, or
a plain name (letters, digits, ``-._~/``) made into a ``tag:`` URI (E-META-GUID).
"""

import re

from source_errors import finding
from vn_dates.parsing import DateFormatError, parse_editor_date

from .registry import rule

DATE_FIELDS = ("date", "modified")
DRAFT_STATUSES = {"draft", "hidden"}


def _markup(source):
    return source.kind == "markup" and source.text is not None


@rule("E-META-SYNTAX")
def front_matter_syntax(source, context):
    if not _markup(source):
        return
    for number, line, key, english in source.syntax_errors:
        if english:
            fix = f"dùng '{english}:' thay cho '{key}:'"
        else:
            fix = ("tên trường viết tiếng Anh không dấu, không khoảng trắng, ví dụ "
                   "'Number: 3'")
        yield finding(
            "E-META-SYNTAX", source, number,
            f"trường '{key}' không hợp lệ ({fix}); dòng '{line.strip()}' không phải "
            "một trường 'Tên: giá trị', nên phần đầu bài dừng ở đây và nó cùng các "
            "dòng sau lọt vào nội dung",
        )


def url_fields(settings):
    """Field names a URL or SAVE_AS pattern of ``settings`` puts in an address."""
    names = set()
    for key, value in settings.items():
        if key.endswith(("_URL", "_SAVE_AS")) and isinstance(value, str):
            names.update(name.lower() for name in re.findall(r"{(\w+)", value))
    return names


# E-META-UNKNOWN: an unknown field that a URL pattern puts in an address.
@rule("E-META-MISSING", "E-CATEGORY-MISSING", "W-META-UNKNOWN", "E-META-UNKNOWN",
      "W-SUMMARY-MISSING")
def required_and_known_fields(source, context):
    kind = source.content_type
    if not _markup(source) or kind is None:
        return
    for name in kind.required:
        value = source.value(name)
        if value:
            continue
        if name == "category":
            if context.in_build:  # content_rules reports it during the build
                continue
            code = "E-CATEGORY-MISSING"
        else:
            code = "E-META-MISSING"
        where = source.first(name).line if source.first(name) else 1
        yield finding(
            code, source, where,
            f"thiếu trường '{name.capitalize()}:' (bắt buộc với loại nội dung "
            f"'{kind.name}'); thêm dòng này vào phần đầu tệp",
        )
    known = kind.known
    in_urls = context.url_fields
    for item in source.fields:
        if item.key not in known:
            reaches = item.key in in_urls
            yield finding(
                "E-META-UNKNOWN" if reaches else "W-META-UNKNOWN", source, item.line,
                f"trường '{item.key}' không được dùng cho loại '{kind.name}'"
                + ("; nó đi vào địa chỉ trang (mẫu URL trong cấu hình)" if reaches
                   else "")
                + "; kiểm tra lỗi chính tả. Các trường dùng được: "
                + ", ".join(sorted(known)),
            )
    if kind.name in ("article", "bulletin") and not source.value("summary"):
        yield finding(
            "W-SUMMARY-MISSING", source, 1,
            "chưa có 'Summary:' (tóm tắt một câu, hiện ở trang danh sách và RSS)",
        )


GUID_FIELDS = ("guid", "id")
_GUID_PLAIN = re.compile(r"[\w.~/-]+")
_GUID_IRI = re.compile(
    r"(?:tag:[a-z0-9.-]+(?:@[a-z0-9.-]+)?,\d{4}(?:-\d\d){0,2}:[^\s<>\"{}|\\^`]+"
    r"|urn:[a-z0-9][a-z0-9-]{0,31}:[^\s<>\"{}|\\^`]+"
    r"|https://[a-z0-9.-]+(?::\d+)?(?:/[^\s<>\"{}|\\^`]*)?)",
    re.IGNORECASE,
)


def guid_is_valid(value):
    """True for a tag:, urn: or https: IRI, or a plain name feeds make a tag: of."""
    value = value.strip()
    return bool(_GUID_IRI.fullmatch(value) or _GUID_PLAIN.fullmatch(value))


# E-META-GUID: a Guid:/Id: that is no tag:/urn:/https: IRI (it becomes a feed id).
@rule("E-META-GUID")
def guid_is_an_iri(source, context):
    if not _markup(source):
        return
    for item in source.fields:
        if item.key in GUID_FIELDS and not guid_is_valid(item.value or ""):
            yield finding(
                "E-META-GUID", source, item.line,
                f"'{item.key.capitalize()}: {item.value}' không dùng được làm mã "
                "định danh trong RSS/Atom: viết dạng 'tag:ten-mien,2019:ma-bai', "
                "'urn:...' hoặc 'https://...', hoặc một tên không dấu (chữ, số, "
                "'-', '.'), hay xóa dòng này",
            )


@rule("E-DATE", in_build=False)  # vn_dates' reader raises E-DATE in the build
def dates_are_readable(source, context):
    if not _markup(source) or source.content_type is None:
        return
    for item in source.fields:
        if item.key not in DATE_FIELDS:
            continue
        try:
            parse_editor_date(item.value)
        except DateFormatError as error:
            yield finding("E-DATE", source, item.line, str(error))


# The code for a value outside its configured list: these two fields keep their own
# codes (and are reported during the build by content_rules and the qa plugin); any
# other declared vocabulary gets E-META-VALUE, in `invoke check` and the build alike.
VOCABULARY_CODES = {"category": "E-CATEGORY-UNKNOWN", "field": "E-QA-FIELD"}
OTHER_VOCABULARY_CODE = "E-META-VALUE"
VOCABULARY_LABELS = {"category": "chuyên mục", "field": "lĩnh vực"}


@rule(*VOCABULARY_CODES.values(), OTHER_VOCABULARY_CODE)
def values_from_configured_lists(source, context):
    kind = source.content_type
    if not _markup(source) or kind is None:
        return
    for name, setting in kind.vocabularies.items():
        if context.in_build and name in VOCABULARY_CODES:
            continue  # during the build, content_rules and the qa plugin report these
        allowed = context.settings.get(setting)
        item = source.first(name)
        if not allowed or item is None or not item.value or item.value in allowed:
            continue
        label = VOCABULARY_LABELS.get(name, f"'{name.capitalize()}:'")
        yield finding(
            VOCABULARY_CODES.get(name, OTHER_VOCABULARY_CODE), source, item.line,
            f"{label} '{item.value}' không có trong danh sách {setting}; chọn một "
            "trong: " + ", ".join(allowed),
        )


def is_published(source):
    return (source.value("status") or "published").lower() not in DRAFT_STATUSES
