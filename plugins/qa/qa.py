"""Q&A entries (Hỏi đáp khoa học kỹ thuật): a citizen's question and the answer.

Adds the content type :class:`QAEntry`, read by :class:`QAGenerator` from
``QA_PATHS`` (``content/qa/*.md``). Front matter::

    Title: Có cần đăng ký nhãn hiệu cho sản phẩm mật ong?   (the question, short)
    Question: Gia đình tôi nuôi ong ...                     (the question in full;
        continued on lines indented by four spaces)
    Asker: Nguyễn Văn H.            (a name or initials, nothing more)
    Locality: Tam Đảo               (a district or commune, nothing more)
    Asked: 02/05/2019               (date asked, dd/mm/yyyy)
    Field: Sở hữu trí tuệ           (one of QA_FIELDS)
    Answerer: Phòng Quản lý công nghệ và Sở hữu trí tuệ   (the unit that answered)
    Expert: ThS. Trần Thị B         (optional: the person who answered, in that unit)
    Date: 10/05/2019                (date answered)

The Markdown body is the answer. An entry without an answer (empty body, no
``Answerer:`` or no ``Date:``) is work in progress: a warning names it and it is not
published. No front-matter field, slug or answer may carry an e-mail address or a
phone number (the asker's contact details never go public, and never into the
repository; contacts.py, shared with the content checker, says how they are
recognised, and which of the department's own it allows), and no field beyond those
above (and Summary, Slug, Status, ...) is accepted.

Context: ``qa_entries`` (published, newest answer first), ``qa_fields``
(:class:`QAField` for each of ``QA_FIELDS``, with its entries). Each entry has
``date`` (answered) and ``question_date`` (asked), both timezone-aware, and
``qa_field`` (its :class:`QAField`) and
``json_ld`` (schema.org QAPage, for a ``<script type="application/ld+json">``).

Signals: ``initialized`` (defaults), ``get_generators`` (the generator); sends
``qa_generator_init`` and ``qa_generator_finalized`` (content_types.generator).
Settings: ``QA_PATHS``, ``QA_EXCLUDES``, ``QA_FIELDS``, ``QA_TITLE``,
``QAENTRY_URL``, ``QAENTRY_SAVE_AS``, ``QAENTRY_LANG_URL``, ``QAENTRY_LANG_SAVE_AS``,
``QA_INDEX_URL``, ``QA_INDEX_SAVE_AS``, ``QA_FIELD_URL``, ``QA_FIELD_SAVE_AS``,
``QA_PUBLIC_CONTACTS`` (numbers and addresses of the department's units an answer
may give, besides ``PORTAL_PHONE``/``PORTAL_FAX``/``PORTAL_EMAIL``);
``PAGINATED_TEMPLATES["qa_index"]`` (entries per page; default DEFAULT_PAGINATION).
Templates: ``qa.html`` (``entry``), ``qa_index.html`` (``qa_entries_page``, and
``qa_field`` on a field's page, None on the index).
Errors: E-QA-CONTACT, E-QA-PERSONAL, E-QA-META, E-QA-FIELD, E-QA-DATE, E-DATE (file
and line).
"""

import logging
from dataclasses import dataclass, field
from pathlib import Path

from content_types import ContentType, register_content_type
from content_types.generator import ContentTypeGenerator
from content_types.settings import fill_in_defaults
from editor_html.escaping import plain_text, script_json
from markupsafe import Markup
from pelican import signals
from pelican.contents import Page
from pelican.utils import set_date_tzinfo, slugify
from source_errors import ContentError, metadata_line, report
from sources import load as load_source
from vn_dates.formatting import DATE_FORMAT
from vn_dates.parsing import DateFormatError, parse_editor_date

from .contacts import contact_errors

logger = logging.getLogger(__name__)

DEFAULTS = {
    "QA_PATHS": ["qa"],
    "QA_EXCLUDES": [],
    "QA_FIELDS": [],  # empty: any field is accepted
    "QA_TITLE": "Hỏi đáp khoa học kỹ thuật",
    "QAENTRY_URL": "hoi-dap/{slug}/",
    "QAENTRY_SAVE_AS": "hoi-dap/{slug}/index.html",
    "QAENTRY_LANG_URL": "hoi-dap/{slug}-{lang}/",
    "QAENTRY_LANG_SAVE_AS": "hoi-dap/{slug}-{lang}/index.html",
    "QA_INDEX_URL": "hoi-dap/",
    "QA_INDEX_SAVE_AS": "hoi-dap/index.html",
    "QA_FIELD_URL": "hoi-dap/linh-vuc/{slug}/",
    "QA_FIELD_SAVE_AS": "hoi-dap/linh-vuc/{slug}/index.html",
    "QA_PUBLIC_CONTACTS": [],
}

# Fields written by the department about the answer (contacts.py checks them too,
# allowing the department's own published numbers and addresses).
ANSWER_SIDE_FIELDS = {"answerer", "expert", "date", "modified", "field", "slug",
                      "status", "template", "lang", "translation", "save_as", "url"}
# The asker is a name and a locality, nothing more: a field outside this list
# (Address:, Phone:, Email:, ...) is refused rather than quietly kept in the source.
KNOWN_FIELDS = ANSWER_SIDE_FIELDS | {"title", "question", "asker", "locality", "asked",
                                     "summary"}
REQUIRED_QUESTION_FIELDS = (
    ("title", "Title", "câu hỏi ngắn gọn"),
    ("question", "Question", "nội dung câu hỏi"),
    ("asker", "Asker", "họ tên hoặc chữ viết tắt của người hỏi"),
    ("locality", "Locality", "địa phương của người hỏi"),
    ("asked", "Asked", "ngày hỏi, dd/mm/yyyy"),
)

@dataclass
class QAField:
    """One field (lĩnh vực) of QA_FIELDS and its published entries, newest first."""

    name: str
    slug: str
    url: str
    save_as: str
    entries: list = field(default_factory=list)


class QAEntry(Page):
    """A question and its answer; ``date`` is when it was answered."""

    mandatory_properties = ()  # checked by the generator, with file and line
    default_template = "qa"

    @property
    def asker_label(self):
        """'Nguyễn Văn H. (Tam Đảo)': how the asker is shown."""
        return f"{self.asker} ({self.locality})"

    @property
    def answerer_label(self):
        expert = getattr(self, "expert", "")
        return f"{expert}, {self.answerer}" if expert else self.answerer

    @property
    def json_ld(self):
        """schema.org QAPage for this entry, as JSON safe inside a <script>."""
        page_url = _absolute(self.settings["SITEURL"], self.url)
        organisation = {"@type": "Organization", "name": self.answerer}
        if getattr(self, "expert", ""):
            answer_author = {"@type": "Person", "name": self.expert,
                             "worksFor": organisation}
        else:
            answer_author = organisation
        data = {
            "@context": "https://schema.org",
            "@type": "QAPage",
            "url": page_url,
            "inLanguage": self.lang,
            "mainEntity": {
                "@type": "Question",
                "name": self.title,
                "text": self.question,
                "dateCreated": self.question_date.isoformat(),
                "author": {"@type": "Person", "name": self.asker_label},
                "answerCount": 1,
                "about": self.field,
                "acceptedAnswer": {
                    "@type": "Answer",
                    "text": plain_text(self.content),
                    "dateCreated": self.date.isoformat(),
                    "url": page_url + "#tra-loi",
                    "author": answer_author,
                },
            },
        }
        return script_json(data, indent=2)


QA_TYPE = register_content_type(ContentType(
    "qa", QAEntry, "QA_PATHS", ("qa",),
    required=("title", "question", "asker", "locality", "asked", "field"),
    optional=("answerer", "expert"),
    private_data=True,
    vocabularies={"field": "QA_FIELDS"},
    context_key="qa_entries", label="Hỏi đáp", searchable=True,
    feed="QA", feed_description="Các câu hỏi của người dân đã được trả lời",
    index_outputs=("QA_INDEX_SAVE_AS",), output_folders=("QA_FIELD_SAVE_AS",),
    disclosure=("Hướng dẫn thực hiện pháp luật, chế độ, chính sách trả lời câu hỏi "
                "của người dân (Điều 19 khoản 1 điểm b)"),
))


def _absolute(siteurl, url):
    return f"{siteurl.rstrip('/')}/{url}" if siteurl else f"/{url}"


class QAGenerator(ContentTypeGenerator):
    """Read the Q&A entries, hold back the unanswered ones, write the pages."""

    content_type = QA_TYPE
    context_lists = ("qa_fields",)

    # --- reading ----------------------------------------------------------------
    def generate_context(self):
        fields = {
            name: self._make_field(name) for name in self.settings["QA_FIELDS"]
        }
        published = []
        for entry in self.read_all():
            if not self._is_answered(entry):
                logger.warning(
                    "%s: câu hỏi chưa có câu trả lời (cần nội dung trả lời, "
                    "'Answerer:' và 'Date:'); chưa xuất bản", entry.source_path,
                )
                continue
            # Drafts and future answers are not kept on the generator: content_rules
            # would count their URLs as taken (a draft may revise a published entry).
            if not self.is_public(entry):
                continue
            published.append(entry)
            if entry.field not in fields:  # only when QA_FIELDS is empty
                fields[entry.field] = self._make_field(entry.field)
            entry.qa_field = fields[entry.field]
            entry.qa_field.entries.append(entry)

        newest_first = lambda entry: (entry.date, entry.question_date)  # noqa: E731
        published.sort(key=newest_first, reverse=True)
        for qa_field in fields.values():
            qa_field.entries.sort(key=newest_first, reverse=True)
        self.qa_fields = list(fields.values())
        self.finalize(published)

    def _make_field(self, name):
        slug = slugify(name, regex_subs=self.settings["SLUG_REGEX_SUBSTITUTIONS"])
        return QAField(
            name=name, slug=slug,
            url=self.settings["QA_FIELD_URL"].format(slug=slug),
            save_as=self.settings["QA_FIELD_SAVE_AS"].format(slug=slug),
        )

    def read_source(self, path):
        """Return the checked QAEntry for ``path``, or None after reporting why."""
        source = Path(self.path, path)
        # Contact details first: the file is refused whatever else is in it.
        errors = list(self._contact_errors(source))
        try:
            entry = self.readers.read_file(
                base_path=self.path, path=path, content_class=QAEntry,
                context=self.context,
            )
        except ContentError as error:
            errors.append(error)
            entry = None
        if entry is not None:
            errors += self._question_errors(entry, source)
        for error in errors:
            report(error)
        return None if errors else entry

    def _contact_errors(self, source):
        """Unknown fields (E-QA-META) and contact details (E-QA-CONTACT), by line."""
        checked = load_source(source, self.path)
        seen = set()
        for item in checked.fields:
            if item.key not in KNOWN_FIELDS and item.key not in seen:
                seen.add(item.key)
                yield ContentError(
                    "E-QA-META", source, item.line,
                    f"trường '{item.key}' không dùng cho hỏi đáp; về người hỏi chỉ "
                    "ghi 'Asker:' (họ tên hoặc chữ viết tắt) và 'Locality:' (địa "
                    "phương)",
                )
        yield from contact_errors(checked, self.settings)

    def _question_errors(self, entry, source):
        """Check the question side; set question text, field and question_date."""
        errors = []
        for key, label, what in REQUIRED_QUESTION_FIELDS:
            value = entry.metadata.get(key)
            if isinstance(value, list):  # continued on more lines
                value = " ".join(part.strip() for part in value)
            if not str(value or "").strip():
                errors.append(ContentError(
                    "E-QA-META", source, metadata_line(source, key),
                    f"thiếu trường '{label}:' ({what})",
                ))
                continue
            setattr(entry, key, " ".join(str(value).split()))
        if hasattr(entry, "asked"):
            try:
                asked = parse_editor_date(entry.asked)
            except DateFormatError as error:
                errors.append(ContentError("E-DATE", source,
                                           metadata_line(source, "asked"), str(error)))
            else:
                entry.question_date = set_date_tzinfo(asked, self.settings["TIMEZONE"])
                if hasattr(entry, "date") and entry.date < entry.question_date:
                    errors.append(ContentError(
                        "E-QA-DATE", source, metadata_line(source, "date"),
                        f"ngày trả lời {entry.date.strftime(DATE_FORMAT)} trước ngày hỏi "
                        f"{entry.question_date.strftime(DATE_FORMAT)}",
                    ))
        allowed = self.settings["QA_FIELDS"]
        value = " ".join(str(entry.metadata.get("field", "")).split())
        if not value or (allowed and value not in allowed):
            problem = (f"lĩnh vực '{value}' không có trong danh sách" if value
                       else "thiếu trường 'Field:' (lĩnh vực)")
            errors.append(ContentError(
                "E-QA-FIELD", source, metadata_line(source, "field"),
                problem + ("; chọn một trong: " + ", ".join(allowed) if allowed
                           else ""),
            ))
        entry.field = value
        if "summary" not in entry.metadata and hasattr(entry, "question"):
            # Listings and feeds show the question, not the start of the answer.
            entry.metadata["summary"] = f"<p>{Markup.escape(entry.question)}</p>"
        return errors

    @staticmethod
    def _is_answered(entry):
        answer = plain_text(entry.content)
        answerer = str(getattr(entry, "answerer", "")).strip()
        return bool(answer and answerer and hasattr(entry, "date"))

    # --- writing ----------------------------------------------------------------
    def generate_output(self, writer):
        relative_urls = self.settings["RELATIVE_URLS"]
        index = self.get_template("qa_index")
        writer.write_file(
            self.settings["QA_INDEX_SAVE_AS"], index, self.context,
            relative_urls=relative_urls, paginated={"qa_entries": self.qa_entries},
            template_name="qa_index", url=self.settings["QA_INDEX_URL"],
            qa_field=None,
        )
        for qa_field in self.qa_fields:
            writer.write_file(
                qa_field.save_as, index, self.context, relative_urls=relative_urls,
                paginated={"qa_entries": qa_field.entries}, template_name="qa_index",
                url=qa_field.url, qa_field=qa_field,
            )
        for entry in self.qa_entries:
            writer.write_file(
                entry.save_as, self.get_template(entry.template), self.context,
                relative_urls=relative_urls, url=entry.url, entry=entry, page=entry,
            )


def apply_defaults(pelican):
    """Fill in every QA_* setting the configuration leaves out; paginate qa_index."""
    fill_in_defaults(pelican.settings, DEFAULTS, paginated=("qa_index",))


def get_generators(pelican):
    return QAGenerator


def register():
    signals.initialized.connect(apply_defaults)
    signals.get_generators.connect(get_generators)
