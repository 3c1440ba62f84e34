"""Nhiệm vụ khoa học và công nghệ (tasks) and Thông báo tuyển chọn (calls).

One Markdown file per task in ``content/tasks/`` (any subfolder)::

    Title: Nghiên cứu ứng dụng ... (tên nhiệm vụ)
    Code: ĐT.NN.01-2024            (mã số; unique across tasks)
    Level: Cấp tỉnh                (one of SCIENCE_TASK_LEVELS)
    Field: Khoa học nông nghiệp    (one of SCIENCE_TASK_FIELDS)
    Host: Trung tâm ...            (tổ chức chủ trì)
    Investigator: TS. ...          (chủ nhiệm nhiệm vụ)
    Starts: 01/03/2024             (dd/mm/yyyy)
    Ends: 28/02/2026
    Budget: 3.521.000.000          (đồng; shown "3.521 triệu đồng")
    Stage: Đã nghiệm thu           (one of SCIENCE_TASK_STATUSES; not Status:,
                                    which Pelican reads as published/draft)
    Year: 2024                     (optional: its catalogue's year; default Starts)
    Accepted: 15/04/2026           (results: ngày nghiệm thu)
    Grade: Khá                     (one of SCIENCE_TASK_GRADES)
    Result: one-paragraph summary of the results
    Product: bao-cao.pdf | label   (one line per file, like a document's File:)

and one per call in ``content/task-calls/``: ``Title``, ``Number`` (optional),
``Kind`` (SCIENCE_CALL_KINDS), ``Opens``, ``Closes`` (dd/mm/yyyy, or with a time
"dd/mm/yyyy HH:MM"), one ``Task:`` line per task code it covers, ``File:`` lines;
once decided, ``Result:`` (the decision approving the selection: a file, or a
document's number, linked when the documents library has it, or its name as
written) and one ``Selected:`` line per task code it gave a host. A call closed for
more than ``SCIENCE_CALL_RESULT_DAYS`` days without a result is a warning
(W-CALL-NO-RESULT).

Pages: ``nhiem-vu/`` (every task, newest year first, paginated), one page per value
of each facet (``nhiem-vu/tinh-trang/<slug>/``, ``linh-vuc/``, ``nam/``), the
yearly catalogue ``nhiem-vu/danh-muc/<year>/`` with its CSV and JSON, one page per
task (metadata table, results, product files with sizes, schema.org
``ResearchProject`` JSON-LD), ``nhiem-vu/thong-bao/`` (calls, open first) and one
page per call (deadline counted down by ``vn_dates.deadlines``, like a draft's
comment period; ``changes_at`` is its closing moment for ``invoke next-change``).

Context: ``science_tasks``, ``science_task_facets``, ``science_task_catalogues``,
``science_calls``, ``science_calls_open``. Signals: ``initialized`` (defaults),
``get_generators``, ``all_generators_finalized`` (a result's document); sends
``science_task_generator_init``/``_finalized`` and
``science_call_generator_init``/``_finalized``. Settings: ``DEFAULTS`` below
(``SCIENCE_TASK_*``, ``SCIENCE_TASKS_*``, ``SCIENCE_CALL*``, ``SCIENCETASK_URL``/
``_SAVE_AS``, ``SCIENCECALL_URL``/``_SAVE_AS``, ``FEEDS_SCIENCE_TASKS_*``,
``FEEDS_SCIENCE_CALLS_*``); ``PAGINATED_TEMPLATES["science_tasks_index"]``.
Templates: ``science_task.html`` (``task``), ``science_tasks_index.html``
(``tasks_page``, ``facet_value``), ``science_tasks_catalogue.html``
(``catalogue``), ``science_call.html`` (``call``), ``science_calls.html``; the home
side block ``kind: "calls"`` (home.html). Errors: the checker's rules in
``rules.py`` (E-TASK-*, E-CALL-*, E-DATE, W-CALL-NO-RESULT).
"""

from content_types.facets import facet_urls
from content_types.settings import fill_in_defaults
from pelican import signals

from . import rules  # noqa: F401  (registers the checker's rules)
from .contents import FACETS
from .generators import CallsGenerator, TasksGenerator

DEFAULTS = {
    "SCIENCE_TASK_PATHS": ["tasks"],
    "SCIENCE_TASK_EXCLUDES": [],
    "SCIENCE_CALL_PATHS": ["task-calls"],
    "SCIENCE_CALL_EXCLUDES": [],
    "SCIENCE_TASKS_TITLE": "Nhiệm vụ khoa học và công nghệ",
    "SCIENCE_CALLS_TITLE": "Thông báo tuyển chọn, giao trực tiếp nhiệm vụ",
    "SCIENCE_TASKS_CATALOGUE_TITLE": "Danh mục nhiệm vụ KH&CN năm {year}",
    # Empty lists: any value (pelicanconf.py configures them).
    "SCIENCE_TASK_LEVELS": [],
    "SCIENCE_TASK_FIELDS": [],
    "SCIENCE_TASK_STATUSES": [],
    "SCIENCE_TASK_GRADES": [],
    # Statuses whose tasks must have Accepted: and Grade:, and those that may carry
    # results at all (the others are refused any, E-TASK-RESULT).
    "SCIENCE_TASK_ACCEPTED_STATUSES": [],
    "SCIENCE_TASK_RESULT_STATUSES": [],
    "SCIENCE_CALL_KINDS": [],
    # Days after its closing from which a call without Result: is warned about.
    "SCIENCE_CALL_RESULT_DAYS": 30,
    "SCIENCETASK_URL": "nhiem-vu/{slug}/",
    "SCIENCETASK_SAVE_AS": "nhiem-vu/{slug}/index.html",
    "SCIENCETASK_LANG_URL": "nhiem-vu/{slug}-{lang}/",
    "SCIENCETASK_LANG_SAVE_AS": "nhiem-vu/{slug}-{lang}/index.html",
    "SCIENCECALL_URL": "nhiem-vu/thong-bao/{slug}/",
    "SCIENCECALL_SAVE_AS": "nhiem-vu/thong-bao/{slug}/index.html",
    "SCIENCECALL_LANG_URL": "nhiem-vu/thong-bao/{slug}-{lang}/",
    "SCIENCECALL_LANG_SAVE_AS": "nhiem-vu/thong-bao/{slug}-{lang}/index.html",
    "SCIENCE_TASKS_INDEX_URL": "nhiem-vu/",
    "SCIENCE_TASKS_INDEX_SAVE_AS": "nhiem-vu/index.html",
    "SCIENCE_CALLS_INDEX_URL": "nhiem-vu/thong-bao/",
    "SCIENCE_CALLS_INDEX_SAVE_AS": "nhiem-vu/thong-bao/index.html",
    **facet_urls("SCIENCE_TASKS", "nhiem-vu", FACETS),
    "SCIENCE_TASKS_CATALOGUE_URL": "nhiem-vu/danh-muc/{year}/",
    "SCIENCE_TASKS_CATALOGUE_SAVE_AS": "nhiem-vu/danh-muc/{year}/index.html",
    "SCIENCE_TASKS_CATALOGUE_CSV": ("nhiem-vu/danh-muc/{year}/"
                                    "danh-muc-nhiem-vu-{year}.csv"),
    "SCIENCE_TASKS_CATALOGUE_JSON": ("nhiem-vu/danh-muc/{year}/"
                                     "danh-muc-nhiem-vu-{year}.json"),
    "FEEDS_SCIENCE_TASKS_RSS": "feeds/nhiem-vu.rss.xml",
    "FEEDS_SCIENCE_TASKS_ATOM": "feeds/nhiem-vu.atom.xml",
    "FEEDS_SCIENCE_CALLS_RSS": "feeds/thong-bao-tuyen-chon.rss.xml",
    "FEEDS_SCIENCE_CALLS_ATOM": "feeds/thong-bao-tuyen-chon.atom.xml",
}


def apply_defaults(pelican):
    """Fill in the SCIENCE_* settings; paginate the tasks index."""
    fill_in_defaults(pelican.settings, DEFAULTS, paginated=("science_tasks_index",))


def get_generators(pelican):
    # Tasks before calls: a call links to the tasks it covers.
    return [TasksGenerator, CallsGenerator]


def link_result_documents(generators):
    """A call's ``Result:`` that is a document's number links to that document."""
    if not generators:
        return
    context = generators[0].context
    by_number = {d.number.casefold(): d for d in context.get("documents") or []
                 if getattr(d, "number", None)}
    for call in context.get("science_calls") or []:
        if call.result_text:
            call.result_document = by_number.get(call.result_text.casefold())


def register():
    signals.initialized.connect(apply_defaults)
    signals.get_generators.connect(get_generators)
    signals.all_generators_finalized.connect(link_result_documents)
