"""A document's front matter, read and checked once, for the checker and the build.

:func:`read_fields` turns one :class:`content_check.source.SourceFile` into a
:class:`DocumentFields` and the findings (file and line) of everything wrong in it.
The checker's rules (``rules.py``) report those findings, in ``invoke check`` and in
the build; the generator reads the same fields and drops a file that has any, so a
problem is reported once, by the rule, with the same line in both.

Attachments are one ``File:`` line each (the key repeated, never a comma-separated
list: file names may hold commas, and each line is where the checker points)::

    File: 15-2024-qd-ubnd.pdf
    File: phu-luc.docx | Phụ lục kèm theo

A name is beside the .md, or ``/from/content`` with a leading slash; after ``|`` an
optional label. Only PDF, DOC, DOCX and ODT, checked by their first bytes too.
"""

import re
from dataclasses import dataclass, field as dataclass_field
from datetime import date
from pathlib import Path

from content_check.runner import finding
from vn_dates.formatting import DATE_FORMAT
from vn_dates.parsing import DateFormatError, parse_editor_date

# (setting, code, Vietnamese name) of the fields whose values are configured lists.
VOCABULARIES = {
    "type": ("DOCUMENTS_TYPES", "E-DOC-TYPE", "loại văn bản"),
    "field": ("DOCUMENTS_FIELDS", "E-DOC-FIELD", "lĩnh vực"),
    "issuer": ("DOCUMENTS_ISSUERS", "E-DOC-ISSUER", "cơ quan ban hành"),
}
DATE_FIELDS = ("issued", "effective", "expires", "consultation-opens",
               "consultation-closes")
# Legal force an editor may state (the build also derives it, see documents.py).
IN_FORCE, EXPIRED, REPLACED = "còn hiệu lực", "hết hiệu lực", "bị thay thế"
VALIDITIES = (IN_FORCE, EXPIRED, REPLACED)
# Extension → (media type, what the file's first bytes must be).
FILE_KINDS = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".doc": ("application/msword", (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml."
              "document", (b"PK\x03\x04",)),
    ".odt": ("application/vnd.oasis.opendocument.text", (b"PK\x03\x04",)),
}
FILE_LABELS = {".pdf": "PDF", ".doc": "DOC", ".docx": "DOCX", ".odt": "ODT"}
_NUMBER = re.compile(r"^\S(?:.*\S)?$")


@dataclass(frozen=True)
class Attachment:
    """One file of a document, as found under content/."""

    path: Path  # absolute, under content/
    label: str  # what the link says ("Phụ lục kèm theo"; default the file name)
    mime_type: str
    length: int  # bytes
    line: int  # of its File: line

    @property
    def kind(self):
        return FILE_LABELS[self.path.suffix.lower()]


@dataclass
class DocumentFields:
    """What a document's front matter says, parsed; None where absent."""

    number: str | None = None
    type: str | None = None
    issuer: str | None = None
    signer: str | None = None
    field: str | None = None
    validity: str | None = None
    replaced_by: str | None = None
    dates: dict = dataclass_field(default_factory=dict)  # "issued" → date, ...
    files: list = dataclass_field(default_factory=list)  # Attachment
    result_file: Attachment | None = None
    result_number: str | None = None  # the result report is another document

    @property
    def is_draft(self):
        return "consultation-closes" in self.dates or "consultation-opens" in self.dates


def _clean(text):
    return " ".join(str(text or "").split()) or None


def read_fields(source, settings, content_root):
    """(DocumentFields, [findings]) of one document source file."""
    fields, findings = DocumentFields(), []
    value = lambda key: _clean(source.value(key))  # noqa: E731
    line = lambda key: source.first(key).line if source.first(key) else 1  # noqa: E731

    fields.number, fields.signer = value("number"), value("signer")
    for key, (setting, code, label) in VOCABULARIES.items():
        setattr(fields, key, value(key))
        allowed = settings.get(setting) or []
        if value(key) and allowed and value(key) not in allowed:
            findings.append(finding(
                code, source, line(key),
                f"{label} '{value(key)}' không có trong danh sách {setting}; chọn "
                "một trong: " + ", ".join(allowed)))
    for key in DATE_FIELDS:
        if not value(key):
            continue
        try:
            fields.dates[key] = parse_editor_date(value(key)).date()
        except DateFormatError as error:
            findings.append(finding("E-DATE", source, line(key), f"{key}: {error}"))

    if fields.is_draft:
        for key in ("consultation-opens", "consultation-closes"):
            if not value(key):
                findings.append(finding(
                    "E-DOC-CONSULTATION", source, line("consultation-opens"),
                    f"dự thảo lấy ý kiến cần cả 'Consultation-opens:' và "
                    f"'Consultation-closes:' (dd/mm/yyyy); thiếu '{key}'"))
        opens = fields.dates.get("consultation-opens")
        closes = fields.dates.get("consultation-closes")
        if opens and closes and closes < opens:
            findings.append(finding(
                "E-DOC-CONSULTATION", source, line("consultation-closes"),
                f"ngày hết hạn lấy ý kiến {closes.strftime(DATE_FORMAT)} trước ngày bắt đầu "
                f"{opens.strftime(DATE_FORMAT)}"))
    else:
        for key, label in (("number", "Number"), ("issued", "Issued"),
                           ("signer", "Signer")):
            if not value(key):
                findings.append(finding(
                    "E-DOC-META", source, 1,
                    f"thiếu trường '{label}:' (bắt buộc với văn bản đã ban hành; một "
                    "dự thảo thì có 'Consultation-opens:' và 'Consultation-closes:')"))
    if fields.number and not _NUMBER.match(fields.number):
        findings.append(finding("E-DOC-META", source, line("number"),
                                "số/ký hiệu văn bản trống"))

    findings += _read_validity(source, fields, value, line)
    for item in (f for f in source.fields if f.key == "file"):
        for number, text in item.parts:
            if not text:
                continue
            attachment = _attachment(source, content_root, number, text, findings)
            if attachment:
                fields.files.append(attachment)
    result = value("result")
    if result:
        if Path(result.split("|")[0].strip()).suffix.lower() in FILE_KINDS:
            fields.result_file = _attachment(source, content_root, line("result"),
                                             result, findings)
        else:
            fields.result_number = result
    return fields, findings


def _read_validity(source, fields, value, line):
    fields.validity = value("validity")
    fields.replaced_by = value("replaced-by")
    if fields.validity:
        fields.validity = fields.validity.lower()
        if fields.validity not in VALIDITIES:
            yield finding("E-DOC-VALIDITY", source, line("validity"),
                          f"hiệu lực '{value('validity')}' không hợp lệ; viết một "
                          "trong: " + ", ".join(VALIDITIES))
    if fields.validity == REPLACED and not fields.replaced_by:
        yield finding("E-DOC-VALIDITY", source, line("validity"),
                      "văn bản 'bị thay thế' cần 'Replaced-by:' (số/ký hiệu của văn "
                      "bản thay thế nó)")
    if fields.replaced_by and fields.validity in (IN_FORCE, EXPIRED):
        yield finding("E-DOC-VALIDITY", source, line("validity"),
                      f"có 'Replaced-by: {fields.replaced_by}' nhưng hiệu lực ghi "
                      f"'{fields.validity}'; bỏ 'Validity:' hoặc ghi 'bị thay thế'")


def _attachment(source, content_root, line, text, findings, code="E-DOC-FILE"):
    """The Attachment ``text`` ("name.pdf | label") names, or None after a finding
    (``code``: the checker's code; other content types reuse this with theirs)."""
    name, _, label = (part.strip() for part in text.partition("|"))
    suffix = Path(name).suffix.lower()
    if suffix not in FILE_KINDS:
        findings.append(finding(
            code, source, line,
            f"tệp '{name}': chỉ đính kèm PDF, DOC, DOCX hoặc ODT"))
        return None
    root = Path(content_root).resolve()
    base = root if name.startswith("/") else source.path.parent
    path = (base / name.lstrip("/")).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        findings.append(finding(
            code, source, line,
            f"không tìm thấy tệp '{name}' (đặt cạnh tệp .md, hoặc viết đường dẫn từ "
            "thư mục content/ bắt đầu bằng '/')"))
        return None
    mime_type, magics = FILE_KINDS[suffix]
    with open(path, "rb") as handle:
        start = handle.read(8)
    if not start.startswith(magics):
        findings.append(finding(
            code, source, line,
            f"'{name}' không phải tệp {FILE_LABELS[suffix]} (nội dung không khớp đuôi "
            "tệp)"))
        return None
    return Attachment(path, label or path.name, mime_type, path.stat().st_size, line)


def today_in(now):
    """The local date of an aware ``now``."""
    return date(now.year, now.month, now.day)
