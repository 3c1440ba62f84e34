"""Bulletin issues (Bản tin): one Markdown file per issue, with its cover and PDF.

Adds the content type :class:`Bulletin`, read by :class:`BulletinsGenerator` from
``BULLETIN_PATHS`` (``content/bulletins/<year>/*.md``). Front matter::

    Title: Bản tin Khoa học và Công nghệ số 1/2019   (optional: made from the number)
    Number: 1                                       (Số: the issue's number in its year)
    Year: 2019                                      (optional: the year of Date:)
    Date: 29/03/2019                                (publication date, dd/mm/yyyy)
    Summary: One sentence for listings and feeds.
    Cover: so-1-2019-bia.jpg                        (beside the .md; /x from content/)
    PDF: so-1-2019.pdf                              (likewise)
    Contents: Title of an entry | news/2019/file.md (an article, by its source file)
        Title of another entry | trang 5            (a page of the PDF)
        A third one | {filename}/news/2019/x.md | trang 7

The body (optional) is the issue's introduction. The cover and the PDF are copied
next to the issue's page (``ban-tin/<year>/so-<number>/<file name>``).

Context: ``bulletins`` (published issues, newest first) and ``bulletins_by_year``
(``[(year, [issues])]``, newest year first). Each issue has ``number``, ``year``,
``cover`` (:class:`CoverImage`), ``enclosure`` (:class:`Enclosure`, for feeds),
``toc`` (:class:`TocEntry` list) and ``pdf_size_text`` ("PDF, 1,2 MB").

Signals: ``initialized`` (defaults), ``get_generators`` (the generator),
``generator_init`` (the ``vn_filesize`` Jinja filter); sends ``bulletin_generator_init``
and ``bulletin_generator_finalized`` (content_types.generator).
Settings: ``BULLETIN_PATHS``, ``BULLETIN_EXCLUDES``, ``BULLETIN_NAME``,
``BULLETIN_URL``, ``BULLETIN_SAVE_AS``, ``BULLETIN_LANG_URL``,
``BULLETIN_LANG_SAVE_AS``, ``BULLETIN_INDEX_URL``, ``BULLETIN_INDEX_SAVE_AS``.
Templates: ``bulletin.html`` (``bulletin``), ``bulletins.html`` (``bulletins``,
``bulletins_by_year``).
Errors: E-BULLETIN-META, E-BULLETIN-FILE, E-BULLETIN-TOC (file and line).
"""

import logging
import posixpath
import re
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

from content_types import ContentType, register_content_type
from content_types.generator import ContentTypeGenerator
from content_types.settings import fill_in_defaults
from output_guard import owners
from pelican import signals
from pelican.contents import Article, Page
from PIL import Image, UnidentifiedImageError
from source_errors import ContentError, metadata_line, report
from source_errors.front_matter import front_matter_lines

logger = logging.getLogger(__name__)

DEFAULTS = {
    "BULLETIN_PATHS": ["bulletins"],
    "BULLETIN_EXCLUDES": [],
    "BULLETIN_NAME": "Bản tin Khoa học và Công nghệ",
    "BULLETIN_URL": "ban-tin/{year}/so-{number}/",
    "BULLETIN_SAVE_AS": "ban-tin/{year}/so-{number}/index.html",
    "BULLETIN_LANG_URL": "ban-tin/{year}/so-{number}-{lang}/",
    "BULLETIN_LANG_SAVE_AS": "ban-tin/{year}/so-{number}-{lang}/index.html",
    "BULLETIN_INDEX_URL": "ban-tin/",
    "BULLETIN_INDEX_SAVE_AS": "ban-tin/index.html",
}

COVER_FORMATS = {"JPEG", "PNG", "WEBP"}
PDF_MIME_TYPE = "application/pdf"
# "trang 5", "Trang 5", "tr. 5", "tr 5": a page of the printed issue.
_PAGE_TARGET = re.compile(r"^(?:trang|tr\.?)\s*(?P<page>\d+)$", re.IGNORECASE)
_FILENAME_PREFIX = "{filename}"


@dataclass(frozen=True)
class Enclosure:
    """The issue's PDF as a feed enclosure: URL relative to SITEURL, size in bytes."""

    url: str
    length: int
    mime_type: str = PDF_MIME_TYPE


@dataclass(frozen=True)
class CoverImage:
    """The issue's cover: URL relative to SITEURL and its pixel size."""

    url: str
    width: int
    height: int


@dataclass(frozen=True)
class TocEntry:
    """One line of the table of contents: an article of the site and/or a PDF page."""

    title: str
    article: object = None  # a Pelican Content (Article or Page), or None
    page: int | None = None


class Bulletin(Page):
    """One issue of the bulletin; URL from its year and number."""

    mandatory_properties = ()  # checked by the generator, with file and line
    default_template = "bulletin"

    @property
    def url_format(self):
        values = super().url_format
        values.update(
            number=getattr(self, "number", ""), year=getattr(self, "year", "")
        )
        return values

    @property
    def issue_label(self):
        """'1/2019': how the department names an issue ("Bản tin số 1/2019")."""
        return f"{self.number}/{self.year}"

    @property
    def pdf_size_text(self):
        """'PDF, 1,2 MB' for the download link."""
        return f"PDF, {vn_filesize(self.enclosure.length)}"


BULLETIN_TYPE = register_content_type(ContentType(
    "bulletin", Bulletin, "BULLETIN_PATHS", ("bulletins",),
    required=("number", "date", "cover", "pdf"),
    optional=("year", "contents"),
    context_key="bulletins", label="Bản tin", searchable=True,
    feed="BULLETINS", feed_description="Mỗi số bản tin mới, kèm tệp PDF để tải về",
    index_outputs=("BULLETIN_INDEX_SAVE_AS",),
    disclosure=("Thông tin phổ biến, hướng dẫn thực hiện pháp luật, chế độ, chính "
                "sách thuộc lĩnh vực quản lý (Điều 19 khoản 1 điểm b)"),
))


def vn_filesize(length):
    """Size in bytes → '900 byte', '850 KB', '1,2 MB' (1 KB = 1024 bytes, as Windows).

    Kilobytes are whole numbers; megabytes and above keep one decimal, written with
    the Vietnamese decimal comma.
    """
    if length < 1024:
        return f"{length} byte"
    if length < 1024 * 1024:
        return f"{max(1, round(length / 1024))} KB"
    for unit, power in (("MB", 2), ("GB", 3)):
        value = length / 1024**power
        if value < 1024 or unit == "GB":
            return f"{value:.1f} {unit}".replace(".", ",")
    raise AssertionError("unreachable")


class BulletinsGenerator(ContentTypeGenerator):
    """Read the issues, check their files and contents, write their pages."""

    content_type = BULLETIN_TYPE
    context_lists = ("bulletins_by_year",)

    # --- reading ----------------------------------------------------------------
    def generate_context(self):
        published = []
        for bulletin in self.read_all():
            if self.is_public(bulletin):
                published.append(bulletin)
            else:
                # Not kept on the generator: content_rules would count its URL as
                # taken, and a draft may well be the next version of a published issue.
                logger.info("Bản tin %s chưa xuất bản (nháp hoặc ngày trong tương lai)",
                            bulletin.source_path)
        published.sort(key=lambda b: (b.date, b.year, b.number), reverse=True)
        # Group by the issue's year (an issue of 2019 may come out in January 2020).
        by_year = sorted(
            published, key=lambda b: (b.year, b.date, b.number), reverse=True
        )
        self.bulletins_by_year = [
            (year, list(issues)) for year, issues in groupby(by_year, lambda b: b.year)
        ]
        self.finalize(published)

    def read_source(self, path):
        """Return the checked Bulletin for ``path``, or None after reporting why."""
        try:
            bulletin = self.readers.read_file(
                base_path=self.path, path=path, content_class=Bulletin,
                context=self.context,
            )
        except ContentError as error:
            report(error)
            return None
        source = Path(self.path, path)
        errors = []
        for check in (self._check_identity, self._attach_files, self._attach_toc):
            try:
                check(bulletin, source)
            except ContentError as error:
                errors.append(error)
        for error in errors:
            report(error)
        return None if errors else bulletin

    def _check_identity(self, bulletin, source):
        """Number, year and date: what the URL and the listings are made of."""
        if not hasattr(bulletin, "date"):
            raise ContentError("E-BULLETIN-META", source, None,
                               "thiếu trường 'Date:' (ngày phát hành, dd/mm/yyyy)")
        number = str(bulletin.metadata.get("number", "")).strip()
        if not number.isdigit() or int(number) < 1:
            raise ContentError(
                "E-BULLETIN-META", source, metadata_line(source, "number"),
                f"số bản tin 'Number: {number}' phải là số nguyên dương, "
                "ví dụ 'Number: 1'",
            )
        year = str(bulletin.metadata.get("year", bulletin.date.year)).strip()
        if not re.fullmatch(r"\d{4}", year):
            raise ContentError("E-BULLETIN-META", source, metadata_line(source, "year"),
                               f"năm '{year}' phải có bốn chữ số, ví dụ 'Year: 2019'")
        bulletin.number, bulletin.year = int(number), int(year)
        if "title" not in bulletin.metadata:
            bulletin.title = (
                f"{self.settings['BULLETIN_NAME']} số {bulletin.issue_label}"
            )

    def _attach_files(self, bulletin, source):
        """Find the cover and the PDF, check they are what they claim to be."""
        cover_path = self._named_file(bulletin, source, "cover", "ảnh bìa")
        pdf_path = self._named_file(bulletin, source, "pdf", "tệp PDF")
        try:
            with Image.open(cover_path) as image:
                if image.format not in COVER_FORMATS:
                    raise UnidentifiedImageError(image.format)
                width, height = image.size
        except (UnidentifiedImageError, OSError):
            raise ContentError(
                "E-BULLETIN-FILE", source, metadata_line(source, "cover"),
                f"'{cover_path.name}' không phải ảnh JPEG, PNG hay WebP",
            ) from None
        with open(pdf_path, "rb") as handle:
            if not handle.read(5) == b"%PDF-":
                raise ContentError(
                    "E-BULLETIN-FILE", source, metadata_line(source, "pdf"),
                    f"'{pdf_path.name}' không phải tệp PDF",
                )
        folder = posixpath.dirname(bulletin.save_as)
        bulletin.cover_source, bulletin.pdf_source = cover_path, pdf_path
        bulletin.cover = CoverImage(
            posixpath.join(folder, cover_path.name), width, height
        )
        # The images plugin publishes the cover with its resized variants
        # (bulletin.image_sets["cover"]), so every slot loads the size it needs.
        bulletin.own_pictures = {"cover": (cover_path, bulletin.cover.url)}
        bulletin.enclosure = Enclosure(
            posixpath.join(folder, pdf_path.name), pdf_path.stat().st_size,
        )

    def _named_file(self, bulletin, source, field, what):
        """The file that ``field`` names: beside the .md, or from content/ with '/'."""
        line = metadata_line(source, field)
        value = str(bulletin.metadata.get(field, "")).strip()
        if not value:
            key = {"cover": "Cover", "pdf": "PDF"}[field]
            raise ContentError("E-BULLETIN-META", source, line,
                               f"thiếu trường '{key}:' ({what} của số bản tin)")
        for prefix in ("{static}", "{attach}"):
            value = value.removeprefix(prefix)
        content_root = Path(self.path).resolve()
        base = content_root if value.startswith("/") else source.parent
        path = (base / value.lstrip("/")).resolve()
        if not path.is_relative_to(content_root) or not path.is_file():
            raise ContentError("E-BULLETIN-FILE", source, line,
                               f"không tìm thấy {what} '{value}'")
        return path

    def _attach_toc(self, bulletin, source):
        """Parse ``Contents:`` line by line; every article it names must exist."""
        bulletin.toc = []
        for line, text in front_matter_lines(source).get("contents", []):
            if not text:
                continue  # "Contents:" alone, entries on the following lines
            title, *targets = (part.strip() for part in text.split("|"))
            if not title or not targets or not all(targets):
                raise ContentError(
                    "E-BULLETIN-TOC", source, line,
                    f"mục lục '{text}': viết 'Tên bài | news/…/tep.md' "
                    "hoặc 'Tên bài | trang 5'",
                )
            article, page = None, None
            for target in targets:
                page_match = _PAGE_TARGET.match(target)
                if page_match:
                    page = int(page_match["page"])
                else:
                    article = self._linked_content(bulletin, source, line, target)
            bulletin.toc.append(TocEntry(title, article, page))

    def _linked_content(self, bulletin, source, line, target):
        """The published article (or page) that ``target`` names by source file."""
        if target.startswith(_FILENAME_PREFIX):
            # Pelican's meaning: '/' starts from content/, otherwise from this file.
            target = target.removeprefix(_FILENAME_PREFIX)
            if not target.startswith("/"):
                target = posixpath.join(bulletin.relative_dir, target)
        relative = posixpath.normpath(target.lstrip("/"))
        generated = self.context["generated_content"]
        if relative not in generated:
            raise ContentError(
                "E-BULLETIN-TOC", source, line,
                f"không tìm thấy bài '{relative}' (đường dẫn tính từ thư mục content/, "
                "ví dụ news/2019/ten-bai.md) hoặc trang PDF (viết 'trang 5')",
            )
        content = generated[relative]
        if content is None:
            return None  # the article itself failed; its own error names it
        if not isinstance(content, Article | Page) or content.status != "published":
            logger.warning(
                "%s:%s: bài '%s' chưa được xuất bản; mục lục hiện tên bài, "
                "không có liên kết",
                bulletin.source_path, line, relative,
            )
            return None
        return content

    # --- writing ----------------------------------------------------------------
    def generate_output(self, writer):
        relative_urls = self.settings["RELATIVE_URLS"]
        writer.write_file(
            self.settings["BULLETIN_INDEX_SAVE_AS"], self.get_template("bulletins"),
            self.context, relative_urls=relative_urls,
            url=self.settings["BULLETIN_INDEX_URL"],
        )
        for bulletin in self.bulletins:
            writer.write_file(
                bulletin.save_as, self.get_template(bulletin.template), self.context,
                relative_urls=relative_urls, url=bulletin.url, bulletin=bulletin,
                page=bulletin,
            )
            owner = owners.Owner("Cover/PDF", bulletin.source_path)
            files = [(bulletin.enclosure.url, bulletin.pdf_source)]
            if "cover" not in (getattr(bulletin, "image_sets", None) or {}):
                files.append((bulletin.cover.url, bulletin.cover_source))
            for url, source in files:
                owners.copy_file(self.settings, url, source, owner,
                                 output_path=self.output_path)


def apply_defaults(pelican):
    """Fill in every BULLETIN_* setting the configuration leaves out."""
    fill_in_defaults(pelican.settings, DEFAULTS)


def get_generators(pelican):
    return BulletinsGenerator


def add_filters(generator):
    """Make ``vn_filesize`` available to every template."""
    generator.env.filters["vn_filesize"] = vn_filesize


def register():
    signals.initialized.connect(apply_defaults)
    signals.get_generators.connect(get_generators)
    signals.generator_init.connect(add_filters)
