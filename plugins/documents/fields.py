"""A document's front matter, read and checked once, for the checker and the build.

:func:`read_fields` turns one :class:`sources.SourceFile` into a
:class:`DocumentFields` and the findings (file and line) of everything wrong in it.
The checker's rules (``rules.py``) report those findings, in ``invoke check`` and in
the build; the generator reads the same fields and drops a file that has any, so a
problem is reported once, by the rule, with the same line in both.

Attachments are one ``File:`` line each (``name.pdf | label``), read and checked by
``content_types.attachments``, as a task's and a call's files are.
"""

import re
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date

from content_types.attachments import (
    Attachment,
    read_attachments,
    read_file_or_text,
    same_name_findings,
)
from content_types.front_matter import check_vocabularies, field_reader
from source_errors import finding
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
# The types that have a legal force to state (DOCUMENTS_FORCE_TYPES by default): a
# report, a notice or a plan is not "in force".
LEGAL_FORMS = ("Luật", "Pháp lệnh", "Nghị quyết", "Nghị định", "Quyết định",
               "Thông tư", "Thông tư liên tịch", "Chỉ thị")
_NUMBER = re.compile(r"^\S(?:.*\S)?$")


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


def read_fields(source, settings, content_root):
    """(DocumentFields, [findings]) of one document source file."""
    fields, findings = DocumentFields(), []
    value, line = field_reader(source)

    fields.number, fields.signer = value("number"), value("signer")
    check_vocabularies(source, settings, VOCABULARIES, fields, findings)
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
    if fields.validity and fields.type and not has_legal_force(fields.type, settings):
        findings.append(finding(
            "E-DOC-VALIDITY", source, line("validity"),
            f"một {fields.type.lower()} không có tình trạng hiệu lực (chỉ văn bản "
            "thuộc DOCUMENTS_FORCE_TYPES có); bỏ dòng 'Validity:'"))
    fields.files = read_attachments(source, "file", content_root, "E-DOC-FILE",
                                    findings)
    fields.result_file, fields.result_number = read_file_or_text(
        source, "result", content_root, "E-DOC-FILE", findings)
    if fields.result_file:  # published in the same folder as the files
        findings += [f for f in same_name_findings(
            [*fields.files, fields.result_file], source, "E-DOC-FILE")
            if f.line == fields.result_file.line]
    return fields, findings


def has_legal_force(doc_type, settings):
    """True when documents of ``doc_type`` have a legal force the site states."""
    return doc_type in settings.get("DOCUMENTS_FORCE_TYPES", LEGAL_FORMS)


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


def today_in(now):
    """The local date of an aware ``now``."""
    return date(now.year, now.month, now.day)
