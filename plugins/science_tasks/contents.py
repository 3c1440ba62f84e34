"""The two content types: a task (ScienceTask) and a call (ScienceCall), declared.

Calls are registered first: search labels an item by the first declared section
its URL starts with, and a call's ``nhiem-vu/thong-bao/`` lies inside the tasks'
``nhiem-vu/``.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from content_types import ContentType, register_content_type
from content_types.attachments import media_objects
from editor_html.escaping import script_json
from pelican.contents import Page
from vn_dates.deadlines import end_of_day
from vn_dates.parsing import DateFormatError, parse_editor_date

# (key, URL folder, heading): the tasks index's filters, SCIENCE_TASKS_BY_<KEY>_*.
FACETS = (
    ("status", "tinh-trang", "Tình trạng"),
    ("field", "linh-vuc", "Lĩnh vực"),
    ("year", "nam", "Năm"),
)


class ScienceCall(Page):
    """Thông báo tuyển chọn / giao trực tiếp: a call with a closing deadline."""

    mandatory_properties = ()  # the checker's rules say what is missing, by line
    default_template = "science_call"

    @property
    def state_label(self):
        """'Đang nhận hồ sơ — còn 12 ngày' / 'Đã hết hạn nhận hồ sơ' / 'Đã có kết
        quả tuyển chọn'."""
        if self.deadline.is_open:
            return f"Đang nhận hồ sơ — {self.deadline.label}"
        if self.has_result:
            return f"Đã có kết quả {self.kind.lower()}"
        return "Đã hết hạn nhận hồ sơ"

    @property
    def has_result(self):
        """The decision on the selection is published (Luật KH&CN, Điều 29)."""
        return bool(self.result_text or self.result_file)


class ScienceTask(Page):
    """Nhiệm vụ khoa học và công nghệ (đề tài, dự án): one task and its results."""

    mandatory_properties = ()
    default_template = "science_task"

    @property
    def headline(self):
        """'Nhiệm vụ cấp tỉnh, mã số ĐT.NN.01-2024 – Đang thực hiện'."""
        return f"Nhiệm vụ {self.level.lower()}, mã số {self.code} – {self.stage}"

    @property
    def has_results(self):
        return bool(self.accepted or self.grade or self.result or self.products)

    @property
    def json_ld(self):
        """schema.org ResearchProject, as JSON safe inside a <script>."""
        siteurl = self.settings["SITEURL"].rstrip("/")
        data = {
            "@context": "https://schema.org",
            "@type": "ResearchProject",
            "name": self.title,
            "identifier": self.code,
            "url": f"{siteurl}/{self.url}",
            "knowsAbout": self.field,
            "foundingDate": self.starts.isoformat(),
            "dissolutionDate": self.ends.isoformat(),
            "parentOrganization": {"@type": "Organization", "name": self.host},
            "member": [{"@type": "Person", "name": self.investigator}],
            "funder": {"@type": "GovernmentOrganization",
                       "name": self.settings.get("PORTAL_PARENT")
                       or self.settings["SITENAME"]},
            "description": f"{self.headline}. Kinh phí: {self.budget_text}.",
        }
        if self.products:
            data["subjectOf"] = media_objects(self.products, siteurl)
        return script_json(data, indent=2)


def call_closes(call, settings):
    """The moment a call closes: end of its ``Closes:`` day, or the time written.

    Read from the metadata, so it works on a call as ``read_all`` returns it (what
    ``invoke next-change`` passes) as well as on one the generator has completed.
    """
    tz = ZoneInfo(settings.get("TIMEZONE") or "Asia/Ho_Chi_Minh")
    text = (getattr(call, "metadata", None) or {}).get("closes")
    if not text:
        return None
    try:
        moment = parse_editor_date(" ".join(str(text).split()))
    except DateFormatError:
        return None  # the checker reports it
    if (moment.hour, moment.minute, moment.second) == (0, 0, 0):
        return end_of_day(moment.date(), tz)
    return moment.replace(tzinfo=tz)


def _changes_at(call, settings):
    closes = call_closes(call, settings)
    return [closes] if isinstance(closes, datetime) else []


CALL_TYPE = register_content_type(ContentType(
    "science_call", ScienceCall, "SCIENCE_CALL_PATHS", ("task-calls",),
    required=("title", "kind", "opens", "closes", "task"),
    optional=("number", "file", "result", "selected"),
    context_key="science_calls", label="Thông báo tuyển chọn", searchable=True,
    feed="SCIENCE_CALLS",
    feed_description=("Thông báo tuyển chọn, giao trực tiếp tổ chức và cá nhân chủ "
                      "trì nhiệm vụ khoa học và công nghệ, kèm hạn nộp hồ sơ"),
    index_outputs=("SCIENCE_CALLS_INDEX_SAVE_AS",),
    changes_at=_changes_at,
))

TASK_TYPE = register_content_type(ContentType(
    "science_task", ScienceTask, "SCIENCE_TASK_PATHS", ("tasks",),
    required=("title", "code", "level", "field", "host", "investigator", "starts",
              "ends", "budget", "stage"),
    optional=("year", "accepted", "grade", "result", "product"),
    context_key="science_tasks", label="Nhiệm vụ KH&CN", searchable=True,
    feed="SCIENCE_TASKS",
    feed_description=("Nhiệm vụ khoa học và công nghệ của tỉnh: đề xuất, tuyển chọn, "
                      "thực hiện, nghiệm thu và kết quả"),
    index_outputs=("SCIENCE_TASKS_INDEX_SAVE_AS",),
    output_folders=(*(f"SCIENCE_TASKS_BY_{key.upper()}_SAVE_AS"
                      for key, _, _ in FACETS), "SCIENCE_TASKS_CATALOGUE_SAVE_AS"),
    disclosure=("Danh mục và kết quả chương trình, đề tài, dự án khoa học và công "
                "nghệ (Điều 19 khoản 1 điểm e)"),
))
