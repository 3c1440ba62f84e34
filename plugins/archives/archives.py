"""Date archives for news: a page per year, month and day, an index, the picker's data.

What it adds:

- ``tin-tuc/<yyyy>/``, ``tin-tuc/<yyyy>/<mm>/`` and ``tin-tuc/<yyyy>/<mm>/<dd>/``:
  every news article of that period, newest first, paginated like category pages,
  headed "Năm 2019", "Tin tức tháng 8/2019", "Các tin đã đưa ngày 09/08/2019";
- ``luu-tru/`` ("Lưu trữ"): every year and month with its article count;
- ``luu-tru/ngay-co-tin.json``: the days that have news, for the date picker on every
  page ("Các tin đã đưa ngày: [date]"). It is small: one number per day, grouped by
  year and month (about 15 KB for 15 years of daily news).

Only published news articles are counted: drafts, future-dated (scheduled) articles,
bulletins and Q&A never appear here.

Pelican's own period archives (``YEAR_ARCHIVE_SAVE_AS``...) stay off: they test list
membership inside a comprehension for every period, which grows with the square of
the archive. Here every article is placed in its year, month and day in one pass.

Signals: ``initialized`` (defaults; ``period_archives`` becomes a paginated template),
``get_generators`` (adds :class:`ArchivesGenerator`).
Settings: ``ARCHIVE_YEAR_URL``/``_SAVE_AS``, ``ARCHIVE_MONTH_URL``/``_SAVE_AS``,
``ARCHIVE_DAY_URL``/``_SAVE_AS`` (``{date:%Y}``, ``{date:%m}``, ``{date:%d}`` only),
``ARCHIVE_INDEX_URL``/``_SAVE_AS``, ``ARCHIVE_DAYS_URL``/``_SAVE_AS`` (the data file),
``ARCHIVE_PAGINATION`` (articles per page; None means ``DEFAULT_PAGINATION``).
Templates: ``period_archives.html`` (variables ``period_archive``, ``articles_page``,
``articles_paginator``), ``archives.html`` (``archive_years``: years, each with its
months as ``children``) and the partial
``partials/date_picker.html`` (context ``ARCHIVE_*``, ``archive_picker_years``: the
years as numbers, and ``archive_newest_day``).

The picker is a GET form to the archive index (``?ngay=09&thang=08&nam=2019``, two
digits each, as its selects send them); :func:`picker_redirect` is what the preview
server answers, and ``deploy/nginx/site.conf`` does the same for readers: the day's
page, else its month's, else its year's, else the index itself.
"""

import json
import logging
import re
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from operator import attrgetter

from output_guard import owners
from pelican import signals
from pelican.generators import Generator
from source_errors import ContentError, metadata_line, report
from vn_dates.formatting import DATE_FORMAT

logger = logging.getLogger(__name__)

DEFAULTS = {
    "ARCHIVE_YEAR_URL": "tin-tuc/{date:%Y}/",
    "ARCHIVE_YEAR_SAVE_AS": "tin-tuc/{date:%Y}/index.html",
    "ARCHIVE_MONTH_URL": "tin-tuc/{date:%Y}/{date:%m}/",
    "ARCHIVE_MONTH_SAVE_AS": "tin-tuc/{date:%Y}/{date:%m}/index.html",
    "ARCHIVE_DAY_URL": "tin-tuc/{date:%Y}/{date:%m}/{date:%d}/",
    "ARCHIVE_DAY_SAVE_AS": "tin-tuc/{date:%Y}/{date:%m}/{date:%d}/index.html",
    "ARCHIVE_INDEX_URL": "luu-tru/",
    "ARCHIVE_INDEX_SAVE_AS": "luu-tru/index.html",
    "ARCHIVE_DAYS_URL": "luu-tru/ngay-co-tin.json",
    "ARCHIVE_DAYS_SAVE_AS": "luu-tru/ngay-co-tin.json",
    "ARCHIVE_PAGINATION": None,
}

GRANULARITIES = ("year", "month", "day")


def heading(granularity, day):
    """The Vietnamese heading of a period page."""
    if granularity == "year":
        return f"Năm {day.year}"
    if granularity == "month":
        return f"Tin tức tháng {day.month}/{day.year}"
    return f"Các tin đã đưa ngày {day.strftime(DATE_FORMAT)}"


def label(granularity, day):
    """The short name of a period in links: "Năm 2019", "Tháng 8/2019", "09/08/2019"."""
    if granularity == "year":
        return f"Năm {day.year}"
    if granularity == "month":
        return f"Tháng {day.month}/{day.year}"
    return day.strftime(DATE_FORMAT)


@dataclass(eq=False)
class PeriodArchive:
    """One year, month or day: the shape of Pelican's ``period_archives`` entries.

    Also linked to its neighbours: ``parents`` (its year, its month), ``children``
    (a year's months), ``newer`` and ``older`` (the next period with news).
    """

    # What a page shows of a period it links to (its parents, older and newer;
    # output_guard.page_memo): label and address, so that a new article in a year
    # does not render every day page of that year again. (The archive index shows
    # each month's count, but it depends on its years whole.)
    memo_linked_fields = ("granularity", "period_num", "url", "save_as", "title",
                          "label")

    granularity: str
    period_num: tuple
    parents: list = field(default_factory=list)
    articles: list = field(default_factory=list)
    children: list = field(default_factory=list)
    newer: "PeriodArchive | None" = None
    older: "PeriodArchive | None" = None
    url: str = ""
    save_as: str = ""

    @property
    def date(self):
        """The first day of the period."""
        year, month, day = (*self.period_num, 1, 1)[:3]
        return date(year, month, day)

    @property
    def title(self):
        return heading(self.granularity, self.date)

    @property
    def label(self):
        return label(self.granularity, self.date)

    @property
    def count(self):
        return len(self.articles)

    # Pelican's period_archives.html uses these two names.
    @property
    def period(self):
        return self.period_num

    @property
    def dates(self):
        return self.articles


def group_by_period(articles):
    """Place each article in its year, month and day, in one pass.

    Periods and the articles inside them come newest first.
    Returns ``{"year": [PeriodArchive...], "month": [...], "day": [...]}``.
    """
    periods = {granularity: {} for granularity in GRANULARITIES}
    # Already in this order as Pelican hands them over, so sorting costs one scan.
    for article in sorted(articles, key=attrgetter("date"), reverse=True):
        when = article.date
        keys = (
            (when.year,),
            (when.year, when.month),
            (when.year, when.month, when.day),
        )
        chain = []  # this article's year, then month, then day
        for granularity, key in zip(GRANULARITIES, keys, strict=True):
            archive = periods[granularity].get(key)
            if archive is None:
                archive = PeriodArchive(granularity, key, parents=list(chain))
                periods[granularity][key] = archive
                if chain:
                    chain[-1].children.append(archive)
            archive.articles.append(article)
            chain.append(archive)
    # Dicts keep insertion order: newest first.
    grouped = {
        granularity: list(found.values()) for granularity, found in periods.items()
    }
    for archives in grouped.values():
        for newer, older in zip(archives, archives[1:], strict=False):
            newer.older, older.newer = older, newer
    return grouped


def days_data(day_archives, day_url_pattern):
    """The picker's data: the URL pattern of a day page and every day with news.

    ``{"day_url": "tin-tuc/{yyyy}/{mm}/{dd}/", "days": {"2019": {"8": [9, 12]}}}``,
    days ascending, so the script can find the nearest earlier day.
    """
    days = {}
    for archive in sorted(day_archives, key=lambda a: a.period_num):
        year, month, day = archive.period_num
        days.setdefault(str(year), {}).setdefault(str(month), []).append(day)
    return {"day_url": url_template(day_url_pattern), "days": days}


# The picker's fields as its selects send them; deploy/nginx/site.conf's map accepts
# exactly these forms too.
PICKER_FIELDS = {
    "nam": re.compile(r"\d{4}"),
    "thang": re.compile(r"0[1-9]|1[0-2]"),
    "ngay": re.compile(r"0[1-9]|[12][0-9]|3[01]"),
}


def picked_periods(query):
    """The periods a picker query asks for, most precise first: [(granularity, date)].

    ``query`` maps field names to values (``{"ngay": "09", "thang": "08", "nam":
    "2019"}``). A field that is missing or malformed ends the list there; a day that
    is not in the calendar (31/02) leaves its month and year.
    """
    values = {}
    for name, pattern in PICKER_FIELDS.items():
        value = query.get(name) or ""
        if not pattern.fullmatch(value):
            break
        values[name] = int(value)
    periods = []
    if "nam" in values:
        periods.append(("year", date(values["nam"], 1, 1)))
    if "thang" in values:
        periods.append(("month", date(values["nam"], values["thang"], 1)))
    if "ngay" in values:
        try:
            day = date(values["nam"], values["thang"], values["ngay"])
            periods.append(("day", day))
        except ValueError:
            pass
    return periods[::-1]


def picker_redirect(query, exists, settings=None):
    """The URL that answers a picker query, or None (show the archive index).

    ``exists(save_as)`` says whether the built site has that file; ``settings``
    supplies the ``ARCHIVE_*`` patterns (default: this plugin's defaults).
    """
    settings = {**DEFAULTS, **(settings or {})}
    for granularity, day in picked_periods(query):
        prefix = f"ARCHIVE_{granularity.upper()}"
        if exists(settings[f"{prefix}_SAVE_AS"].format(date=day)):
            return settings[f"{prefix}_URL"].format(date=day)
    return None


class _PlaceholderDate:
    """Formats ``{date:%Y}`` as ``{yyyy}`` so the script can fill in any day."""

    PLACEHOLDERS = {"%Y": "{yyyy}", "%m": "{mm}", "%d": "{dd}"}

    def __format__(self, spec):
        try:
            return self.PLACEHOLDERS[spec]
        except KeyError:
            raise ValueError(
                f"ARCHIVE_DAY_URL chỉ được dùng {{date:%Y}}, {{date:%m}}, {{date:%d}}; "
                f"gặp {{date:{spec}}}"
            ) from None


def url_template(pattern):
    """``tin-tuc/{date:%Y}/{date:%m}/{date:%d}/`` → ``tin-tuc/{yyyy}/{mm}/{dd}/``."""
    return pattern.format(date=_PlaceholderDate())


class ArchivesGenerator(Generator):
    """Write the period pages, the archive index and the picker's data file."""

    def generate_context(self):
        articles = self.context.get("articles") or []
        self.periods = group_by_period(articles)
        for granularity, archives in self.periods.items():
            prefix = f"ARCHIVE_{granularity.upper()}"
            for archive in archives:
                archive.url = self.settings[f"{prefix}_URL"].format(date=archive.date)
                archive.save_as = self.settings[f"{prefix}_SAVE_AS"].format(
                    date=archive.date
                )
        self._refuse_contents_on_archive_paths()

        days = self.periods["day"]
        self.context["archive_years"] = self.periods["year"]
        # The picker shows the years only: a page with it must not depend on every
        # article of every year (output_guard.page_memo).
        self.context["archive_picker_years"] = [
            year.date.year for year in self.periods["year"]]
        self.context["archive_newest_day"] = days[0].date if days else None

    def _refuse_contents_on_archive_paths(self):
        """An article slugged "09" would be written over the page of the 9th.

        Pages are checked too: a page with ``Slug: luu-tru`` would hide the index.
        """
        archive_paths = {
            archive.save_as: archive.title
            for archives in self.periods.values()
            for archive in archives
        }
        archive_paths[self.settings["ARCHIVE_INDEX_SAVE_AS"]] = "Lưu trữ"
        contents = (self.context.get("articles") or []) + (
            self.context.get("pages") or []
        )
        for content in contents:
            title = archive_paths.get(content.save_as)
            if title is not None:
                path = content.source_path
                report(
                    ContentError(
                        "E-URL-COLLISION",
                        path,
                        metadata_line(path, "title"),
                        f"trùng địa chỉ '{content.save_as}' với trang lưu trữ "
                        f"'{title}'; hãy đặt 'Slug:' khác",
                    )
                )

    def generate_output(self, writer):
        write = partial(writer.write_file, relative_urls=self.settings["RELATIVE_URLS"])
        template = self.get_template("period_archives")
        for granularity in GRANULARITIES:
            for archive in self.periods[granularity]:
                write(
                    archive.save_as,
                    template,
                    self.context,
                    paginated={"articles": archive.articles},
                    template_name="period_archives",
                    url=archive.url,
                    articles=archive.articles,
                    period_archive=archive,
                    period=archive.period,
                    period_num=archive.period_num,
                    blog=True,
                )
        write(
            self.settings["ARCHIVE_INDEX_SAVE_AS"],
            self.get_template("archives"),
            self.context,
            url=self.settings["ARCHIVE_INDEX_URL"],
            blog=True,
        )
        self._write_days_data()

    def _write_days_data(self):
        data = days_data(self.periods["day"], self.settings["ARCHIVE_DAY_URL"])
        path = self.settings["ARCHIVE_DAYS_SAVE_AS"]
        owners.write_text(self.settings, path, json.dumps(data, separators=(",", ":")),
                          owners.Owner("ARCHIVE_DAYS_SAVE_AS"),
                          output_path=self.output_path)
        logger.info("Writing %s", path)


def apply_defaults(pelican):
    """Fill in the ARCHIVE_* defaults and paginate the period pages."""
    settings = pelican.settings
    for name, value in DEFAULTS.items():
        settings.setdefault(name, value)
    # A new dict: never change one that another settings object may share.
    settings["PAGINATED_TEMPLATES"] = {
        "period_archives": settings["ARCHIVE_PAGINATION"],
        **settings["PAGINATED_TEMPLATES"],
    }
    try:
        url_template(settings["ARCHIVE_DAY_URL"])
    except ValueError as error:
        logger.error("archives: %s", error)


def add_generator(pelican):
    """Run after the articles are read: the archives are built from them."""
    return ArchivesGenerator


def register():
    signals.initialized.connect(apply_defaults)
    signals.get_generators.connect(add_generator)
