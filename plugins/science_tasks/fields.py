"""A task's or a call's front matter, read and checked once, for the checker and the
build (as ``documents.fields`` does for documents).

:func:`read_task_fields` and :func:`read_call_fields` turn one
:class:`sources.SourceFile` into :class:`TaskFields` /
:class:`CallFields` and the findings (file and line) of everything wrong in it. The
checker's rules (``rules.py``) report the findings; the generators read the same
fields and drop a file that has any, so a problem is reported once, by the rule.

Files (``Product:`` of a task, ``File:`` of a call) are one line each, the key
repeated, read by ``content_types.attachments`` exactly like a document's ``File:``
(``name.pdf | label``, beside the .md or ``/from/content``; PDF, DOC, DOCX or ODT,
checked by their first bytes).
"""

import re
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import datetime

from content_types.attachments import read_attachments, read_file_or_text
from content_types.front_matter import check_vocabularies, clean, field_reader
from source_errors import finding
from vn_dates.formatting import vn_date
from vn_dates.parsing import DateFormatError, parse_editor_date

from .money import AmountError, parse_vnd

# (setting, code, Vietnamese name) of the fields whose values are configured lists.
TASK_VOCABULARIES = {
    "level": ("SCIENCE_TASK_LEVELS", "E-TASK-LEVEL", "cấp quản lý"),
    "field": ("SCIENCE_TASK_FIELDS", "E-TASK-FIELD", "lĩnh vực"),
    "stage": ("SCIENCE_TASK_STATUSES", "E-TASK-STATUS", "tình trạng"),
    "grade": ("SCIENCE_TASK_GRADES", "E-TASK-GRADE", "xếp loại nghiệm thu"),
}
CALL_VOCABULARIES = {
    "kind": ("SCIENCE_CALL_KINDS", "E-CALL-KIND", "hình thức"),
}
TASK_DATES = ("starts", "ends", "accepted")
CALL_DATES = ("opens", "closes")
# Fields that only a task with results may carry (SCIENCE_TASK_RESULT_STATUSES).
RESULT_FIELDS = ("accepted", "grade", "result", "product")
# A task's code (mã số): letters (Đ too), digits and . / - inside, no spaces.
CODE = re.compile(r"[^\W_](?:[\w./-]{0,38}[^\W_])?")


@dataclass
class TaskFields:
    """What a task's front matter says, parsed; None where absent."""

    code: str | None = None
    level: str | None = None
    field: str | None = None
    stage: str | None = None
    grade: str | None = None
    host: str | None = None
    investigator: str | None = None
    budget: int | None = None
    year: int | None = None
    result: str | None = None
    dates: dict = dataclass_field(default_factory=dict)  # "starts" → date, ...
    products: list = dataclass_field(default_factory=list)  # Attachment


@dataclass
class CallFields:
    """What a call's front matter says, parsed; None where absent."""

    number: str | None = None
    kind: str | None = None
    opens: object = None  # date
    closes: object = None  # date, or a naive datetime when a time was written
    task_codes: list = dataclass_field(default_factory=list)  # [(line, code)]
    files: list = dataclass_field(default_factory=list)  # Attachment
    # The selection's result: the decision (a file, or a document's number or
    # name as written) and the tasks it gave a host, [(line, code)].
    result_file: object = None  # Attachment
    result_text: str | None = None
    selected_codes: list = dataclass_field(default_factory=list)


def _date(source, key, findings, keep_time=False):
    value, line = field_reader(source)
    if not value(key):
        return None
    try:
        moment = parse_editor_date(value(key))
    except DateFormatError as error:
        findings.append(finding("E-DATE", source, line(key), f"{key}: {error}"))
        return None
    if keep_time and (moment.hour, moment.minute, moment.second) != (0, 0, 0):
        return moment
    return moment.date()


def read_task_fields(source, settings, content_root):
    """(TaskFields, [findings]) of one task's source file."""
    fields, findings = TaskFields(), []
    value, line = field_reader(source)
    fields.host, fields.investigator = value("host"), value("investigator")
    fields.result = value("result")
    check_vocabularies(source, settings, TASK_VOCABULARIES, fields, findings)
    fields.code = value("code")
    if fields.code and not CODE.fullmatch(fields.code):
        findings.append(finding(
            "E-TASK-CODE", source, line("code"),
            f"mã số '{fields.code}' chỉ gồm chữ, số và . / - (không khoảng trắng, "
            "tối đa 40 ký tự), ví dụ ĐT.NN.01-2024"))
    for key in TASK_DATES:
        day = _date(source, key, findings)
        if day is not None:
            fields.dates[key] = day
    starts, ends = fields.dates.get("starts"), fields.dates.get("ends")
    if starts and ends and ends < starts:
        findings.append(finding(
            "E-TASK-DURATION", source, line("ends"),
            f"ngày kết thúc {vn_date(ends)} trước ngày bắt đầu {vn_date(starts)}"))
    accepted = fields.dates.get("accepted")
    if starts and accepted and accepted < starts:
        findings.append(finding(
            "E-TASK-RESULT", source, line("accepted"),
            f"ngày nghiệm thu {vn_date(accepted)} trước ngày bắt đầu "
            f"{vn_date(starts)}"))
    if value("budget"):
        try:
            fields.budget = parse_vnd(value("budget"))
        except AmountError as error:
            findings.append(finding("E-TASK-BUDGET", source, line("budget"),
                                    str(error)))
    if value("year"):
        if re.fullmatch(r"[0-9]{4}", value("year"), re.ASCII):
            fields.year = int(value("year"))
        else:
            findings.append(finding("E-TASK-YEAR", source, line("year"),
                                    f"năm '{value('year')}' phải có 4 chữ số"))
    elif starts:
        fields.year = starts.year
    findings += _results(source, settings, fields, value, line)
    fields.products = read_attachments(source, "product", content_root,
                                       "E-TASK-FILE", findings)
    return fields, findings


def _results(source, settings, fields, value, line):
    """A finished task has its acceptance; an unfinished one has no results yet."""
    stage = fields.stage
    statuses = settings.get("SCIENCE_TASK_STATUSES") or []
    if not stage or (statuses and stage not in statuses):
        return  # E-TASK-STATUS says it
    with_results = settings.get("SCIENCE_TASK_RESULT_STATUSES") or []
    accepted = settings.get("SCIENCE_TASK_ACCEPTED_STATUSES") or []
    if stage in accepted:
        for key, label in (("accepted", "Accepted"), ("grade", "Grade")):
            if not value(key):
                yield finding(
                    "E-TASK-RESULT", source, line("stage"),
                    f"nhiệm vụ '{stage}' cần '{label}:' (ngày nghiệm thu dd/mm/yyyy "
                    "và xếp loại)")
    elif stage not in with_results:
        for key in RESULT_FIELDS:
            if source.first(key):
                yield finding(
                    "E-TASK-RESULT", source, line(key),
                    f"nhiệm vụ đang ở tình trạng '{stage}' chưa có kết quả; bỏ "
                    f"'{key.capitalize()}:' hoặc sửa 'Stage:' (kết quả chỉ ghi khi "
                    "tình trạng là " + ", ".join(with_results) + ")")


def read_call_fields(source, settings, content_root):
    """(CallFields, [findings]) of one call's source file."""
    fields, findings = CallFields(), []
    value, line = field_reader(source)
    fields.number = value("number")
    check_vocabularies(source, settings, CALL_VOCABULARIES, fields, findings)
    fields.opens = _date(source, "opens", findings)
    fields.closes = _date(source, "closes", findings, keep_time=True)
    closing_day = (fields.closes.date() if isinstance(fields.closes, datetime)
                   else fields.closes)
    if fields.opens and closing_day and closing_day < fields.opens:
        findings.append(finding(
            "E-CALL-DATES", source, line("closes"),
            f"hạn nộp hồ sơ {vn_date(closing_day)} trước ngày thông báo "
            f"{vn_date(fields.opens)}"))
    fields.task_codes = _codes(source, "task")
    fields.files = read_attachments(source, "file", content_root, "E-CALL-FILE",
                                    findings)
    _call_result(source, fields, content_root, findings)
    return fields, findings


def _codes(source, key):
    """[(line, code)] of every ``key`` line (one task code each)."""
    return [(number, clean(text)) for item in source.fields if item.key == key
            for number, text in item.parts if clean(text)]


def _call_result(source, fields, content_root, findings):
    """``Result:`` (the decision) and ``Selected:`` (each task it gave a host)."""
    value, line = field_reader(source)
    fields.result_file, fields.result_text = read_file_or_text(
        source, "result", content_root, "E-CALL-FILE", findings)
    fields.selected_codes = _codes(source, "selected")
    has_result = bool(value("result"))
    if has_result and not fields.selected_codes:
        findings.append(finding(
            "E-CALL-RESULT", source, line("result"),
            "kết quả cần một dòng 'Selected:' cho mỗi nhiệm vụ đã chọn được tổ chức "
            "chủ trì (mã số như ở dòng 'Task:')"))
    if fields.selected_codes and not has_result:
        findings.append(finding(
            "E-CALL-RESULT", source, fields.selected_codes[0][0],
            "'Selected:' cần 'Result:' (số quyết định phê duyệt kết quả, hoặc tệp "
            "quyết định)"))
    covered = {code.casefold() for _, code in fields.task_codes}
    for number, code in fields.selected_codes:
        if code.casefold() not in covered:
            findings.append(finding(
                "E-CALL-RESULT", source, number,
                f"nhiệm vụ '{code}' không có trong các dòng 'Task:' của thông báo này"))
