"""Văn bản (documents library) and Dự thảo lấy ý kiến (drafts for comment).

One Markdown file per document in ``content/documents/`` (any subfolder)::

    Title: Quyết định ban hành Quy chế quản lý nhiệm vụ KH&CN cấp tỉnh  (trích yếu)
    Number: 15/2024/QĐ-UBND           (số/ký hiệu; unique across documents)
    Type: Quyết định                  (one of DOCUMENTS_TYPES)
    Issuer: Ủy ban nhân dân tỉnh Phú Thọ   (one of DOCUMENTS_ISSUERS when set)
    Signer: Nguyễn Văn A              (người ký)
    Issued: 12/03/2024                (ngày ban hành, dd/mm/yyyy)
    Effective: 22/03/2024             (optional: ngày hiệu lực)
    Expires: 31/12/2026               (optional: ngày hết hiệu lực)
    Validity: hết hiệu lực            (optional, DOCUMENTS_FORCE_TYPES only: còn hiệu
                                      lực / hết hiệu lực / bị thay thế)
    Replaced-by: 07/2026/QĐ-UBND      (optional: the Number of the replacing document)
    Field: Quản lý khoa học           (one of DOCUMENTS_FIELDS)
    File: 15-2024-qd-ubnd.pdf         (one line per attachment; see fields.py)

A draft for comment has ``Consultation-opens:`` and ``Consultation-closes:`` instead
of Number/Signer/Issued (which it may still carry), and, once the comments are
summed up, ``Result:`` (a file, or the Number of the report document).
(``Validity:``, not ``Status:``: Pelican reads ``Status:`` as published/draft.)

Pages: ``van-ban/`` (issued documents, newest first, paginated), one page per
value of each facet (``van-ban/loai/<slug>/``, ``co-quan/``, ``linh-vuc/``,
``nam/``, ``hieu-luc/``: every document is on one page of each facet), one page per
pair of facet values (``van-ban/loai/quyet-dinh/nam/2024/``, see ``combinations``),
so the pages grow with documents × pairs of facets, ``van-ban/du-thao/``
(drafts, open ones first), and one page per document (metadata table, files with
sizes, replaces / replaced-by links, schema.org ``Legislation`` JSON-LD). The files
are copied beside the document's page under their own names.

Time: the legal force and a consultation's state are computed with the build's
clock (``vn_dates.deadlines.build_now``); the declaration's ``changes_at`` names
the moments they change (effective, expiry, closing), for ``invoke next-change``.

Context: ``documents`` (all, newest first: the feed), ``documents_issued``,
``documents_drafts``, ``documents_open_drafts``, ``documents_facets``.
Signals: ``initialized`` (defaults), ``get_generators``; sends
``document_generator_init``/``_finalized``.
Settings: ``DOCUMENTS_PATHS``, ``DOCUMENTS_TYPES``, ``DOCUMENTS_FORCE_TYPES``,
``DOCUMENTS_FIELDS``, ``DOCUMENTS_ISSUERS``, ``DOCUMENTS_TITLE``,
``DOCUMENTS_COMMENT_URL``, ``DOCUMENTS_COMMENT_EMAIL``, ``DOCUMENTS_COMMENT_ADDRESS``,
``DOCUMENTS_HOME_LATEST``,
``DOCUMENT_URL``/``_SAVE_AS``, ``DOCUMENTS_INDEX_URL``/``_SAVE_AS``,
``DOCUMENTS_DRAFTS_URL``/``_SAVE_AS``, ``DOCUMENTS_BY_<FACET>_URL``/``_SAVE_AS``,
``FEEDS_DOCUMENTS_RSS``/``_ATOM``; ``PAGINATED_TEMPLATES["documents_index"]``.
Templates: ``document.html`` (``document``), ``documents_index.html``
(``documents_page``, ``facet_value`` on a facet page, ``facet_pair`` on a pair's
page, ``drafts``; ``documents_search_type``: the label the search page filters by).
Errors: the checker's rules in ``rules.py`` (E-DOC-*, E-DATE).
"""

import logging
import posixpath
from datetime import date, datetime, time
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from content_types import ContentType, register_content_type
from content_types.attachments import PublishedFile, media_objects, published_file
from content_types.checked_generator import CheckedGenerator, default_summary
from content_types.facets import (facet_urls, facet_values, write_facet_pages,
                                  write_index_page)
from content_types.settings import fill_in_defaults
from editor_html.escaping import script_json
from pelican import signals
from pelican.contents import Page
from vn_dates.deadlines import build_now, deadline, end_of_day
from vn_dates.formatting import DATE_FORMAT
from vn_dates.parsing import DateFormatError, parse_editor_date

from . import rules  # noqa: F401  (registers the checker's rules)
from .combinations import facet_pairs
from .fields import EXPIRED, LEGAL_FORMS, REPLACED, has_legal_force, read_fields

logger = logging.getLogger(__name__)

# (key, URL folder, heading, DOCUMENTS_BY_<KEY>_...): the index's filters.
FACETS = (
    ("type", "loai", "Loại văn bản"),
    ("issuer", "co-quan", "Cơ quan ban hành"),
    ("field", "linh-vuc", "Lĩnh vực"),
    ("year", "nam", "Năm ban hành"),
    ("force", "hieu-luc", "Hiệu lực"),
)
FORCE_ORDER = ("Còn hiệu lực", "Chưa có hiệu lực", "Hết hiệu lực", "Bị thay thế")
LEGAL_FORCE = {"Còn hiệu lực": "InForce", "Chưa có hiệu lực": "NotInForce",
               "Hết hiệu lực": "NotInForce", "Bị thay thế": "NotInForce"}

DEFAULTS = {
    "DOCUMENTS_PATHS": ["documents"],
    "DOCUMENTS_EXCLUDES": [],
    "DOCUMENTS_TYPES": [],  # empty: any type
    # Types whose legal force (Còn hiệu lực, Hết hiệu lực…) the pages state.
    "DOCUMENTS_FORCE_TYPES": list(LEGAL_FORMS),
    "DOCUMENTS_FIELDS": [],
    "DOCUMENTS_ISSUERS": [],
    "DOCUMENTS_TITLE": "Văn bản",
    "DOCUMENTS_DRAFTS_TITLE": "Dự thảo lấy ý kiến",
    # How to comment on a draft: the provincial portal's form (https URL, "" = none),
    # and the department's e-mail and postal address (default PORTAL_EMAIL/ADDRESS).
    "DOCUMENTS_COMMENT_URL": "",
    "DOCUMENTS_COMMENT_EMAIL": None,
    "DOCUMENTS_COMMENT_ADDRESS": None,
    "DOCUMENTS_HOME_LATEST": 5,
    "DOCUMENT_URL": "van-ban/{slug}/",
    "DOCUMENT_SAVE_AS": "van-ban/{slug}/index.html",
    "DOCUMENT_LANG_URL": "van-ban/{slug}-{lang}/",
    "DOCUMENT_LANG_SAVE_AS": "van-ban/{slug}-{lang}/index.html",
    "DOCUMENTS_INDEX_URL": "van-ban/",
    "DOCUMENTS_INDEX_SAVE_AS": "van-ban/index.html",
    "DOCUMENTS_DRAFTS_URL": "van-ban/du-thao/",
    "DOCUMENTS_DRAFTS_SAVE_AS": "van-ban/du-thao/index.html",
    **facet_urls("DOCUMENTS", "van-ban", FACETS),
    "FEEDS_DOCUMENTS_RSS": "feeds/van-ban.rss.xml",
    "FEEDS_DOCUMENTS_ATOM": "feeds/van-ban.atom.xml",
}


class Document(Page):
    """A document (văn bản) or a draft for comment (dự thảo)."""

    mandatory_properties = ()  # the checker's rules say what is missing, by line
    default_template = "document"

    @property
    def headline(self):
        """'Quyết định số 15/2024/QĐ-UBND ngày 12/03/2024 của UBND tỉnh Phú Thọ'."""
        if self.is_draft:
            return f"Dự thảo {self.doc_type.lower()} của {self.issuer}"
        return (f"{self.doc_type} số {self.number} ngày "
                f"{self.issued.strftime(DATE_FORMAT)} của {self.issuer}")

    @property
    def consultation_label(self):
        """'Đang lấy ý kiến — còn 12 ngày' / 'Đã hết hạn lấy ý kiến'."""
        if not self.is_draft:
            return ""
        state = self.consultation
        if state.is_open:
            return f"Đang lấy ý kiến — {state.label}"
        return "Đã hết hạn lấy ý kiến"

    @property
    def json_ld(self):
        """schema.org Legislation, as JSON safe inside a <script>."""
        siteurl = self.settings["SITEURL"].rstrip("/")
        data = {
            "@context": "https://schema.org",
            "@type": "Legislation",
            "name": self.title,
            "url": f"{siteurl}/{self.url}",
            "inLanguage": self.lang,
            "legislationType": self.doc_type,
            "legislationPassedBy": {"@type": "Organization", "name": self.issuer},
            "about": self.field,
            "encoding": media_objects(self.files, siteurl),
        }
        if self.number:
            data["legislationIdentifier"] = self.number
        if self.issued:
            data["legislationDate"] = self.issued.isoformat()
        if self.signer:
            data["legislationResponsible"] = {"@type": "Person", "name": self.signer}
        if self.effective:
            data["legislationDateOfApplicability"] = self.effective.isoformat()
        if self.expires:
            data["expires"] = self.expires.isoformat()
        if self.is_draft:
            data["creativeWorkStatus"] = "Dự thảo"
        elif self.force:
            data["legislationLegalForce"] = (
                f"https://schema.org/{LEGAL_FORCE[self.force]}")
        return script_json(data, indent=2)


def _day(document, attribute, key):
    """A date field of ``document``: parsed by the generator, or (on a document as
    ``read_all`` returns it, which is what ``invoke next-change`` passes) read from
    its metadata, where Pelican keeps the text as written."""
    value = getattr(document, attribute, None)
    if isinstance(value, date):
        return value
    text = (getattr(document, "metadata", None) or {}).get(key)
    try:
        return parse_editor_date(" ".join(str(text).split())).date() if text else None
    except DateFormatError:
        return None  # the checker reports it


def _changes_at(document, settings):
    """When the document's pages change by themselves: force and consultation."""
    tz = ZoneInfo(settings.get("TIMEZONE") or "Asia/Ho_Chi_Minh")
    moments = []
    effective = _day(document, "effective", "effective")
    if effective:
        moments.append(datetime.combine(effective, time(0, 0), tzinfo=tz))
    for attribute, key in (("expires", "expires"),
                           ("consultation_closes", "consultation-closes")):
        day = _day(document, attribute, key)
        if day:
            moments.append(end_of_day(day, tz))
    return moments


DOCUMENT_TYPE = register_content_type(ContentType(
    "document", Document, "DOCUMENTS_PATHS", ("documents",),
    required=("title", "type", "issuer", "field", "file"),
    optional=("number", "signer", "issued", "effective", "expires", "validity",
              "replaced-by", "consultation-opens", "consultation-closes", "result"),
    context_key="documents", listed_key="documents_issued", label="Văn bản",
    searchable=True,
    feed="DOCUMENTS",
    feed_description="Văn bản mới ban hành và dự thảo lấy ý kiến, kèm tệp để tải về",
    index_outputs=("DOCUMENTS_INDEX_SAVE_AS", "DOCUMENTS_DRAFTS_SAVE_AS"),
    output_folders=tuple(f"DOCUMENTS_BY_{key.upper()}_SAVE_AS" for key, _, _ in FACETS),
    changes_at=_changes_at,
    disclosure=("Văn bản quy phạm pháp luật, văn bản hành chính; dự thảo văn bản lấy "
                "ý kiến (Điều 19 khoản 1 điểm a)"),
))


class DocumentsGenerator(CheckedGenerator):
    """Read the documents, link replacements, compute force and deadlines, write."""

    content_type = DOCUMENT_TYPE
    context_lists = ("documents_issued", "documents_drafts", "documents_open_drafts",
                     "documents_facets")

    def generate_context(self):
        now = build_now(self.settings)
        published = []
        for document in self.read_all():
            if self.is_public(document) and self._attach_fields(document, now):
                published.append(document)
        by_number = {d.number.casefold(): d for d in published if d.number}
        for document in published:
            target = by_number.get((document.replaced_by_number or "").casefold())
            document.replaced_by = target
            if target is not None:
                target.replaces.append(document)
                if document.force:
                    document.force = "Bị thay thế"
            result = document.result_number
            if result:
                document.result = by_number.get(result.casefold())
        published.sort(key=lambda d: (d.date, d.number or ""), reverse=True)
        self.documents_issued = [d for d in published if not d.is_draft]
        self.documents_drafts = sorted(
            (d for d in published if d.is_draft),
            key=lambda d: (not d.consultation.is_open, d.consultation_closes),
        )
        self.documents_open_drafts = [d for d in self.documents_drafts
                                      if d.consultation.is_open]
        self.documents_facets = self._facets(self.documents_issued)
        self.documents_pairs = facet_pairs(
            self.documents_facets, {key: folder for key, folder, _ in FACETS})
        # The list pages' number/keyword box searches this type (tim-kiem/?loai=).
        self.context["documents_search_type"] = DOCUMENT_TYPE.label
        self.finalize(published)

    def _attach_fields(self, document, now):
        """Set the parsed fields on ``document``; False when the checker refuses it."""
        fields = self.checked_fields(document, read_fields)
        if fields is None:
            return False  # rules.document_fields reports why in this build
        tz = now.tzinfo
        dates = fields.dates
        document.number, document.doc_type = fields.number, fields.type
        document.issuer, document.signer = fields.issuer, fields.signer
        document.field = fields.field
        document.issued = dates.get("issued")
        document.effective, document.expires = dates.get("effective"), dates.get("expires")
        document.consultation_opens = dates.get("consultation-opens")
        document.consultation_closes = dates.get("consultation-closes")
        document.is_draft = fields.is_draft
        document.replaced_by_number = fields.replaced_by
        document.replaced_by, document.replaces = None, []
        document.facet_links = {}  # facet key → FacetValue (issued documents)
        document.result_number, document.result = fields.result_number, None
        folder = posixpath.dirname(document.save_as)
        document.files = [published_file(folder, a) for a in fields.files]
        if fields.result_file:
            document.result = published_file(folder, fields.result_file)
        document.enclosure = document.files[0] if document.files else None
        if "date" not in document.metadata:
            first = document.issued or document.consultation_opens
            document.date = datetime.combine(first, time(0, 0), tzinfo=tz)
        document.consultation = (deadline(document.consultation_closes, now)
                                 if document.is_draft else None)
        document.force = self._force(document, fields, now)
        # Listings, feeds and search show the number: "15/2024" finds it.
        default_summary(document, document.headline)
        return True

    def _force(self, document, fields, now):
        """The legal force, None for a type that has none (a report, a notice)."""
        if document.is_draft:
            return "Dự thảo"
        if not has_legal_force(document.doc_type, self.settings):
            return None
        if fields.validity == REPLACED:
            return "Bị thay thế"
        today = now.date()
        if fields.validity == EXPIRED or (document.expires and document.expires < today):
            return "Hết hiệu lực"
        if document.effective and document.effective > today:
            return "Chưa có hiệu lực"
        return "Còn hiệu lực"

    def _facets(self, documents):
        """[(key, heading, [FacetValue])] for the index's filters."""
        settings = self.settings
        vocabularies = {"type": settings.get("DOCUMENTS_TYPES"),
                        "field": settings.get("DOCUMENTS_FIELDS"),
                        "issuer": settings.get("DOCUMENTS_ISSUERS"),
                        "force": FORCE_ORDER}
        return facet_values(documents, FACETS, "DOCUMENTS", settings,
                            self._facet_name, vocabularies)

    @staticmethod
    def _facet_name(key, document):
        if key == "year":
            return str(document.issued.year)
        if key == "force":
            return document.force
        return {"type": document.doc_type, "issuer": document.issuer,
                "field": document.field}[key]

    # --- writing ----------------------------------------------------------------
    def generate_output(self, writer):
        settings = self.settings
        relative = settings["RELATIVE_URLS"]
        write_index_page(self, writer, "documents_index", "documents",
                         self.documents_issued, settings["DOCUMENTS_INDEX_SAVE_AS"],
                         settings["DOCUMENTS_INDEX_URL"], facet_value=None,
                         drafts=False)
        write_index_page(self, writer, "documents_index", "documents",
                         self.documents_drafts, settings["DOCUMENTS_DRAFTS_SAVE_AS"],
                         settings["DOCUMENTS_DRAFTS_URL"], facet_value=None,
                         drafts=True)
        write_facet_pages(self, writer, self.documents_facets, "documents_index",
                          "documents", drafts=False)
        for pair in self.documents_pairs:
            write_index_page(self, writer, "documents_index", "documents",
                             pair.contents, pair.save_as, pair.url, facet_value=None,
                             facet_pair=pair, drafts=False)
        for document in self.documents:
            writer.write_file(
                document.save_as, self.get_template(document.template), self.context,
                relative_urls=relative, url=document.url, document=document,
                page=document)
            files = list(document.files)
            if isinstance(document.result, PublishedFile):
                files.append(document.result)
            self.copy_files(document, files)


def apply_defaults(pelican):
    """Fill in the DOCUMENTS_* settings; refuse a comment URL that is not https."""
    settings = pelican.settings
    fill_in_defaults(settings, DEFAULTS, paginated=("documents_index",))
    if settings["DOCUMENTS_COMMENT_EMAIL"] is None:
        settings["DOCUMENTS_COMMENT_EMAIL"] = settings.get("PORTAL_EMAIL", "")
    if settings["DOCUMENTS_COMMENT_ADDRESS"] is None:
        settings["DOCUMENTS_COMMENT_ADDRESS"] = settings.get("PORTAL_ADDRESS", "")
    url = settings["DOCUMENTS_COMMENT_URL"]
    if url and not comment_url_is_valid(url):
        logger.error("[E-DOC-COMMENT-URL] DOCUMENTS_COMMENT_URL '%s' phải là địa chỉ "
                     "https://tên-miền/… đầy đủ", url)
        settings["DOCUMENTS_COMMENT_URL"] = ""


def comment_url_is_valid(url):
    """An absolute https URL with a host, no credentials, no spaces or quotes."""
    parts = urlsplit(url)
    return (parts.scheme == "https" and bool(parts.hostname) and "@" not in parts.netloc
            and not any(c in url for c in " \"'<>\\\n\r\t"))


def get_generators(pelican):
    return DocumentsGenerator


def register():
    signals.initialized.connect(apply_defaults)
    signals.get_generators.connect(get_generators)
