"""``invoke new-task`` and ``invoke new-call``: a new task or call, complete front
matter, never overwriting (``editorial.new_content``'s checks and writer).

Every field is written, empty where the editor has not said it yet, so the checker's
report on the new file (E-META-MISSING, E-CALL-FILE, ...) is the to-do list. A
value outside its configured list (level, field, status, kind), a malformed code or
date, a code another task already has and, for a call, a task code no task has are
refused before anything is written.
"""

import unicodedata
from datetime import timedelta

from content_check import runner
from editorial.new_content import (NewContentError, _folder, _require_in, _title,
                                   _write, now_in)
from vn_dates.formatting import DATE_FORMAT, DATETIME_FORMAT
from vn_dates.parsing import DateFormatError, parse_editor_date

from .fields import CODE
from .money import AmountError, group_thousands, parse_vnd


def _text(value):
    """One line of NFC text (what the checker accepts), "" for nothing."""
    return unicodedata.normalize("NFC", " ".join(str(value or "").split()))


def _day(text, option):
    if not text:
        return None
    try:
        return parse_editor_date(text).date()
    except DateFormatError as error:
        raise NewContentError(f"{option}: {error}") from None


def _task_codes(settings):
    """{code folded: code} of the tasks already in content/."""
    from pathlib import Path

    codes = {}
    for source in runner.collect(settings, Path(settings["PATH"]).resolve()):
        kind = source.content_type
        if kind is not None and kind.name == "science_task" and source.text:
            code = _text(source.value("code"))
            if code:
                codes[code.casefold()] = code
    return codes


def new_task(settings, title, code, level, field, host=None, investigator=None,
             starts=None, ends=None, budget=None, stage=None, slug=None, now=None):
    """content/tasks/<year>/<slug>.md (year of ``starts``, else this year)."""
    from content_check.urls import slug_for

    title = _title(title)
    code, level, field, stage = _text(code), _text(level), _text(field), _text(stage)
    host, investigator = _text(host), _text(investigator)
    if not CODE.fullmatch(code):
        raise NewContentError(f"mã số '{code}' chỉ gồm chữ, số và . / - (không khoảng "
                              "trắng), ví dụ ĐT.NN.01-2024")
    if code.casefold() in _task_codes(settings):
        raise NewContentError(f"mã số '{code}' đã có nhiệm vụ khác dùng")
    _require_in(level, settings.get("SCIENCE_TASK_LEVELS"), "SCIENCE_TASK_LEVELS",
                "cấp quản lý")
    _require_in(field, settings.get("SCIENCE_TASK_FIELDS"), "SCIENCE_TASK_FIELDS",
                "lĩnh vực")
    statuses = settings.get("SCIENCE_TASK_STATUSES") or []
    stage = stage or (statuses[0] if statuses else "")
    _require_in(stage, statuses, "SCIENCE_TASK_STATUSES", "tình trạng")
    start_day, end_day = _day(starts, "--starts"), _day(ends, "--ends")
    if budget:
        try:
            budget = group_thousands(parse_vnd(budget))
        except AmountError as error:
            raise NewContentError(f"--budget: {error}") from None
    now = now or now_in(settings)
    slug = slug or slug_for(code, settings)
    year = start_day.year if start_day else now.year
    fields = [
        ("Title", title), ("Code", code), ("Level", level), ("Field", field),
        ("Host", host or ""), ("Investigator", investigator or ""),
        ("Starts", start_day.strftime(DATE_FORMAT) if start_day else ""),
        ("Ends", end_day.strftime(DATE_FORMAT) if end_day else ""),
        ("Budget", budget or ""), ("Stage", stage),
        ("Date", now.strftime(DATETIME_FORMAT)), ("Slug", slug),
    ]
    target = _folder(settings, "science_task") / str(year) / f"{slug}.md"
    return _write(settings, "science_task", target, fields, "", slug)


def new_call(settings, title, kind, tasks=(), number=None, opens=None, closes=None,
             slug=None, now=None):
    """content/task-calls/<slug>.md, open from today (or ``opens``) for 30 days (or
    until ``closes``), covering the tasks whose codes ``tasks`` lists."""
    from content_check.urls import slug_for

    title, kind, number = _title(title), _text(kind), _text(number)
    _require_in(kind, settings.get("SCIENCE_CALL_KINDS"), "SCIENCE_CALL_KINDS",
                "hình thức")
    known = _task_codes(settings)
    codes = [_text(c) for c in tasks or () if _text(c)]
    unknown = [c for c in codes if c.casefold() not in known]
    if unknown:
        raise NewContentError("không có nhiệm vụ nào mã số " + ", ".join(unknown)
                              + " (tạo nhiệm vụ trước: invoke new-task)")
    now = now or now_in(settings)
    opening = _day(opens, "--opens") or now.date()
    closing = _day(closes, "--closes") or opening + timedelta(days=30)
    if closing < opening:
        raise NewContentError("--closes: hạn nộp hồ sơ trước ngày thông báo")
    slug = slug or slug_for(number or title, settings)
    fields = [("Title", title), ("Number", number or ""), ("Kind", kind),
              ("Opens", opening.strftime(DATE_FORMAT)),
              ("Closes", closing.strftime(DATE_FORMAT))]
    fields += [("Task", known[c.casefold()]) for c in codes] or [("Task", "")]
    fields += [("File", f"{slug}.pdf"), ("Slug", slug)]
    target = _folder(settings, "science_call") / f"{slug}.md"
    return _write(settings, "science_call", target, fields, "", slug)
