"""Read tasks and calls, link them, compute deadlines and facets, write the pages.

Tasks first (``TasksGenerator``), then calls (``CallsGenerator``), which link to
the tasks they cover by code; both drop a file the checker's rules refuse (the
rules report it, with file and line, in the same build).
"""

import posixpath
from dataclasses import dataclass, field
from datetime import datetime, time

from content_types.attachments import published_file
from content_types.checked_generator import CheckedGenerator, default_summary
from content_types.facets import facet_values, write_facet_pages, write_index_page
from feeds.feeds import public_siteurl
from output_guard import owners
from vn_dates.deadlines import build_now, deadline
from vn_dates.formatting import vn_date

from .contents import CALL_TYPE, FACETS, TASK_TYPE, call_closes
from .downloads import catalogue_csv, catalogue_json
from .fields import read_call_fields, read_task_fields
from .money import vn_budget


@dataclass
class Catalogue:
    """Danh mục nhiệm vụ KH&CN năm YYYY: a table page and its CSV and JSON."""

    year: int
    title: str
    url: str
    save_as: str
    csv_url: str
    json_url: str
    tasks: list = field(default_factory=list)


def _facet_name(key, task):
    return {"status": task.stage, "field": task.field, "year": str(task.year)}[key]


class TasksGenerator(CheckedGenerator):
    """Tasks: pages, facet pages, yearly catalogues with CSV and JSON."""

    content_type = TASK_TYPE
    context_lists = ("science_task_facets", "science_task_catalogues")

    def generate_context(self):
        tz = build_now(self.settings).tzinfo
        published = []
        for task in self.read_all():
            if self.is_public(task) and self._attach_fields(task, tz):
                published.append(task)
        # Newest year first; within a year by code (the catalogue's order).
        published.sort(key=lambda t: t.code)
        published.sort(key=lambda t: t.year, reverse=True)
        self.science_task_facets = self._facets(published)
        self.science_task_catalogues = self._catalogues(published)
        self.finalize(published)

    def _attach_fields(self, task, tz):
        fields = self.checked_fields(task, read_task_fields)
        if fields is None or None in (fields.code, fields.level, fields.field,
                                      fields.stage, fields.host, fields.investigator,
                                      fields.budget, fields.year) \
                or not {"starts", "ends"} <= set(fields.dates):
            return False  # E-META-MISSING or the fields' own errors say why
        task.code, task.level, task.field = fields.code, fields.level, fields.field
        task.stage, task.grade, task.result = fields.stage, fields.grade, fields.result
        task.host, task.investigator = fields.host, fields.investigator
        task.budget, task.budget_text = fields.budget, vn_budget(fields.budget)
        task.year = fields.year
        task.starts, task.ends = fields.dates["starts"], fields.dates["ends"]
        task.accepted = fields.dates.get("accepted")
        folder = posixpath.dirname(task.save_as)
        task.products = [published_file(folder, a) for a in fields.products]
        task.enclosure = task.products[0] if task.products else None
        task.calls, task.facet_links, task.catalogue = [], {}, None
        if "date" not in task.metadata:
            first = task.accepted or task.starts
            task.date = datetime.combine(first, time(0, 0), tzinfo=tz)
        default_summary(task, task.headline)
        return True

    def _facets(self, tasks):
        """[(key, heading, [FacetValue])] for the index's filters."""
        settings = self.settings
        vocabularies = {"status": settings.get("SCIENCE_TASK_STATUSES"),
                        "field": settings.get("SCIENCE_TASK_FIELDS")}
        return facet_values(tasks, FACETS, "SCIENCE_TASKS", settings,
                            _facet_name, vocabularies)

    def _catalogues(self, tasks):
        settings = self.settings
        catalogues = {}
        for task in tasks:
            year = task.year
            if year not in catalogues:
                catalogues[year] = Catalogue(
                    year, settings["SCIENCE_TASKS_CATALOGUE_TITLE"].format(year=year),
                    settings["SCIENCE_TASKS_CATALOGUE_URL"].format(year=year),
                    settings["SCIENCE_TASKS_CATALOGUE_SAVE_AS"].format(year=year),
                    settings["SCIENCE_TASKS_CATALOGUE_CSV"].format(year=year),
                    settings["SCIENCE_TASKS_CATALOGUE_JSON"].format(year=year))
            catalogues[year].tasks.append(task)
            task.catalogue = catalogues[year]
        return [catalogues[year] for year in sorted(catalogues, reverse=True)]

    # --- writing ----------------------------------------------------------------
    def generate_output(self, writer):
        settings = self.settings
        relative = settings["RELATIVE_URLS"]
        write_index_page(self, writer, "science_tasks_index", "tasks",
                         self.science_tasks, settings["SCIENCE_TASKS_INDEX_SAVE_AS"],
                         settings["SCIENCE_TASKS_INDEX_URL"], facet_value=None)
        write_facet_pages(self, writer, self.science_task_facets,
                          "science_tasks_index", "tasks")
        self._write_catalogues(writer)
        for task in self.science_tasks:
            writer.write_file(
                task.save_as, self.get_template(task.template), self.context,
                relative_urls=relative, url=task.url, task=task, page=task)
            self.copy_files(task, task.products)

    def _write_catalogues(self, writer):
        settings = self.settings
        # Absolute links in the files of a published site (a file has no base URL);
        # from the site root in development, which may be opened from any host.
        siteurl = public_siteurl(settings)
        template = self.get_template("science_tasks_catalogue")
        for catalogue in self.science_task_catalogues:
            writer.write_file(
                catalogue.save_as, template, self.context,
                relative_urls=settings["RELATIVE_URLS"], url=catalogue.url,
                catalogue=catalogue)
            for setting, relpath, data in (
                    ("SCIENCE_TASKS_CATALOGUE_CSV", catalogue.csv_url,
                     catalogue_csv(catalogue.tasks, siteurl)),
                    ("SCIENCE_TASKS_CATALOGUE_JSON", catalogue.json_url,
                     catalogue_json(catalogue.title, catalogue.year, catalogue.tasks,
                                    siteurl))):
                owners.write_bytes(settings, relpath, data, owners.Owner(setting),
                                   output_path=self.output_path)


class CallsGenerator(CheckedGenerator):
    """Calls: their pages and index, open ones first, linked to their tasks."""

    content_type = CALL_TYPE
    context_lists = ("science_calls_open",)

    def generate_context(self):
        now = build_now(self.settings)
        tasks = {t.code.casefold(): t for t in self.context.get("science_tasks") or []}
        published = []
        for call in self.read_all():
            if self.is_public(call) and self._attach_fields(call, now, tasks):
                published.append(call)
        published.sort(key=lambda c: c.closes_at, reverse=True)
        published.sort(key=lambda c: not c.deadline.is_open)
        self.science_calls_open = [c for c in published if c.deadline.is_open]
        for call in published:
            for task in call.tasks:
                task.calls.append(call)
        self.finalize(published)

    def _attach_fields(self, call, now, tasks):
        fields = self.checked_fields(call, read_call_fields)
        if fields is None or None in (fields.kind, fields.opens, fields.closes):
            return False
        call.number, call.kind, call.opens = fields.number, fields.kind, fields.opens
        call.closes = fields.closes  # a date, or a datetime when a time was written
        call.closes_at = call_closes(call, self.settings)
        call.closes_has_time = isinstance(fields.closes, datetime)
        call.deadline = deadline(call.closes_at, now)
        # Unknown codes are the corpus rule's E-CALL-TASK; the build fails then.
        call.tasks = [tasks[code.casefold()] for _, code in fields.task_codes
                      if code.casefold() in tasks]
        folder = posixpath.dirname(call.save_as)
        call.files = [published_file(folder, a) for a in fields.files]
        call.result_file = (published_file(folder, fields.result_file)
                            if fields.result_file else None)
        call.result_text = fields.result_text
        call.result_document = None  # link_result_documents, once documents are read
        call.selected = [tasks[code.casefold()] for _, code in fields.selected_codes
                         if code.casefold() in tasks]
        call.enclosure = call.files[0] if call.files else None
        if "date" not in call.metadata:
            call.date = datetime.combine(call.opens, time(0, 0), tzinfo=now.tzinfo)
        headline = f"{call.kind}: hạn nộp hồ sơ {vn_date(call.closes_at)}"
        if call.number:
            headline = f"Thông báo số {call.number}. {headline}"
        call.headline = headline
        default_summary(call, headline)
        return True

    def generate_output(self, writer):
        settings = self.settings
        relative = settings["RELATIVE_URLS"]
        writer.write_file(
            settings["SCIENCE_CALLS_INDEX_SAVE_AS"],
            self.get_template("science_calls"), self.context,
            relative_urls=relative, url=settings["SCIENCE_CALLS_INDEX_URL"])
        for call in self.science_calls:
            writer.write_file(
                call.save_as, self.get_template(call.template), self.context,
                relative_urls=relative, url=call.url, call=call, page=call)
            self.copy_files(call, call.files + [f for f in [call.result_file] if f])
