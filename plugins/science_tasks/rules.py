"""The checker's rules for tasks and calls: each field (file scope), codes (corpus).

Registered with ``content_check.registry.rule`` when the plugin is imported, so
``invoke check``, the pre-commit hook and the build all run them (the generators
report nothing themselves: they drop a file these rules find fault with).
"""

from collections import defaultdict

from content_check.metadata import is_published
from content_check.registry import rule
from content_types.front_matter import duplicate_findings
from source_errors import finding
from vn_dates.deadlines import build_now, end_of_day
from vn_dates.formatting import vn_date

from .fields import (
    CALL_VOCABULARIES,
    TASK_VOCABULARIES,
    read_call_fields,
    read_task_fields,
)

TASK_CODES = ("E-TASK-CODE", "E-TASK-DURATION", "E-TASK-BUDGET", "E-TASK-YEAR",
              "E-TASK-RESULT", "E-TASK-FILE",
              *(code for _, code, _ in TASK_VOCABULARIES.values()))
CALL_CODES = ("E-CALL-DATES", "E-CALL-FILE", "E-CALL-RESULT",
              *(code for _, code, _ in CALL_VOCABULARIES.values()))
READERS = {"science_task": read_task_fields, "science_call": read_call_fields}


def kind_of(source):
    """"science_task", "science_call" or None."""
    kind = source.content_type
    if (source.kind == "markup" and source.text is not None and kind is not None
            and kind.name in READERS):
        return kind.name
    return None


def fields_of(source, context):
    """The fields of ``source``, read once per check run (several rules need them)."""
    cached = getattr(source, "_science_fields", None)
    if cached is None or cached[0] is not context:
        reader = READERS[kind_of(source)]
        cached = source._science_fields = (
            context, reader(source, context.settings, context.content_root))
    return cached[1]


@rule(*TASK_CODES, *CALL_CODES, "E-DATE")
def science_fields(source, context):
    if kind_of(source):
        yield from fields_of(source, context)[1]


@rule("E-TASK-CODE-DUPLICATE", "E-CALL-TASK", scope="corpus", types=READERS)
def task_codes(sources, context):
    """Task codes are unique; a call's Task: lines name tasks that exist."""
    published = [s for s in sources if kind_of(s) and is_published(s)]
    by_code = defaultdict(list)
    for source in (s for s in published if kind_of(s) == "science_task"):
        code = fields_of(source, context)[0].code
        if code:
            by_code[code.casefold()].append(source)
    yield from duplicate_findings(by_code, "E-TASK-CODE-DUPLICATE", "code",
                                  "mã số nhiệm vụ", "mỗi nhiệm vụ có một mã số riêng")
    for source in (s for s in published if kind_of(s) == "science_call"):
        for line, code in fields_of(source, context)[0].task_codes:
            if code.casefold() not in by_code:
                yield finding(
                    "E-CALL-TASK", source, line,
                    f"không có nhiệm vụ nào mã số '{code}' (mỗi dòng 'Task:' ghi "
                    "đúng 'Code:' của một nhiệm vụ trong content/tasks/)")


# W-CALL-NO-RESULT: a call closed more than SCIENCE_CALL_RESULT_DAYS days ago has no
# Result: (the selection's result is published, Luật Khoa học và Công nghệ, Điều 29).
@rule("W-CALL-NO-RESULT")
def call_has_result(source, context):
    if kind_of(source) != "science_call" or not is_published(source):
        return
    settings = context.settings
    if source.first("result") or source.first("selected"):
        return  # E-CALL-RESULT checks the pair
    closing = fields_of(source, context)[0].closes
    if closing is None:
        return  # E-DATE or a missing field says why
    now = build_now(settings)
    closes = end_of_day(closing, now.tzinfo)
    days = (now - closes).days
    if days > settings.get("SCIENCE_CALL_RESULT_DAYS", 30):
        yield finding(
            "W-CALL-NO-RESULT", source, source.first("closes").line,
            f"thông báo đã hết hạn nộp hồ sơ ngày {vn_date(closes)} ({days} ngày "
            "trước) mà chưa công bố kết quả: thêm 'Result:' (quyết định phê duyệt "
            "kết quả: số văn bản hoặc tệp) và một dòng 'Selected:' cho mỗi nhiệm vụ "
            "đã chọn được tổ chức chủ trì (Luật Khoa học và Công nghệ, Điều 29)")
