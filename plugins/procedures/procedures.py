"""Thủ tục hành chính: the department's administrative procedures.

A content type, one Markdown file per procedure in ``PROCEDURE_PATHS``
(``content/procedures/``), rather than a list in pelicanconf.py: editors add and
retire procedures as the province's decisions announce them, each with its own
history in git, and the checker names the file and line of a bad code or field::

    Title: Cấp giấy phép tiến hành công việc bức xạ - sử dụng thiết bị X-quang ...
    Code: 1.004559                 (mã thủ tục on the national public-service portal)
    Level: Toàn trình              (one of PROCEDURE_LEVELS)
    Field: An toàn bức xạ và hạt nhân   (one of PROCEDURE_FIELDS)
    Date: 01/07/2025               (when the procedure was announced or last updated)
    Decision: Quyết định số …      (optional: the decision that announced it)

The body (optional) is a short note; no form of ours processes anything: each
procedure links to its page on the public-service portal, built from the code with
``PROCEDURES_PORTAL_URL`` (``{code}`` marks where it goes) and accepted only as an
``https`` link on ``PROCEDURES_PORTAL_HOST`` (:func:`portal_link`): a code is digits
and one dot (``1.004559``), so nothing an editor writes can make it
``javascript:``, ``//other.host`` or a link with spaces or quotes.

Context: ``procedures`` (published, in PROCEDURE_FIELDS order then name) and
``procedure_fields`` ([(field, procedures)] in PROCEDURE_FIELDS order, empty fields
left out); each procedure has ``portal_url``, ``submits_online`` and ``json_ld``
(schema.org GovernmentService).

Signals: ``initialized`` (defaults), ``get_generators``. Settings:
``PROCEDURE_PATHS``, ``PROCEDURE_URL``/``_SAVE_AS`` (``thu-tuc-hanh-chinh/{slug}/``),
``PROCEDURES_INDEX_URL``/``_SAVE_AS`` (``thu-tuc-hanh-chinh/``),
``PROCEDURES_TITLE``, ``PROCEDURE_FIELDS``, ``PROCEDURE_LEVELS``,
``PROCEDURES_OFFLINE_LEVELS``,
``PROCEDURES_PORTAL_URL``, ``PROCEDURES_PORTAL_HOST``, ``PROCEDURES_PORTAL_NAME``,
``FEEDS_PROCEDURES_RSS``/``_ATOM``. Templates: ``procedures.html``,
``procedure.html``; the home side block ``kind: "procedures"`` (home.html).
Errors (checker and build, file and line): E-PROCEDURE-CODE,
E-PROCEDURE-CODE-DUPLICATE, E-PROCEDURE-LEVEL, E-PROCEDURE-FIELD, E-PROCEDURE-LINK.
"""

import logging
import re
from urllib.parse import quote, urlsplit

from content_check.registry import rule
from content_types import ContentType, register_content_type
from content_types.generator import ContentTypeGenerator
from content_types.settings import fill_in_defaults
from editor_html.escaping import script_json
from pelican import signals
from pelican.contents import Page
from source_errors import finding

logger = logging.getLogger(__name__)

DEFAULTS = {
    "PROCEDURE_PATHS": ["procedures"],
    "PROCEDURE_EXCLUDES": [],
    "PROCEDURE_URL": "thu-tuc-hanh-chinh/{slug}/",
    "PROCEDURE_SAVE_AS": "thu-tuc-hanh-chinh/{slug}/index.html",
    "PROCEDURE_LANG_URL": "thu-tuc-hanh-chinh/{slug}-{lang}/",
    "PROCEDURE_LANG_SAVE_AS": "thu-tuc-hanh-chinh/{slug}-{lang}/index.html",
    "PROCEDURES_INDEX_URL": "thu-tuc-hanh-chinh/",
    "PROCEDURES_INDEX_SAVE_AS": "thu-tuc-hanh-chinh/index.html",
    "PROCEDURES_TITLE": "Thủ tục hành chính",
    "PROCEDURE_FIELDS": [],
    "PROCEDURE_LEVELS": [],
    # Levels whose files are handed in or posted: no "Nộp hồ sơ" (submit online).
    "PROCEDURES_OFFLINE_LEVELS": ["Không trực tuyến"],
    "PROCEDURES_PORTAL_NAME": "Cổng Dịch vụ công quốc gia",
    "PROCEDURES_PORTAL_HOST": "dichvucong.gov.vn",
    "PROCEDURES_PORTAL_URL": ("https://dichvucong.gov.vn/p/home/"
                              "dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html"
                              "?ma_thu_tuc={code}"),
    "FEEDS_PROCEDURES_RSS": "feeds/thu-tuc-hanh-chinh.rss.xml",
    "FEEDS_PROCEDURES_ATOM": "feeds/thu-tuc-hanh-chinh.atom.xml",
}

# The national portal's procedure code (mã thủ tục): a digit, a dot, six digits.
# ASCII only (re.ASCII): a fullwidth or Arabic-Indic digit is not a code.
CODE = re.compile(r"[0-9]\.[0-9]{6}", re.ASCII)
# Nothing of these may be in a link we publish, whatever the configuration says.
_UNSAFE_IN_URL = re.compile(r"[\s\"'<>\\`{}|^]")


def portal_link(code, settings):
    """The https link of ``code`` on the configured portal host, or None.

    None when the code is not ``d.dddddd``, or when the link built from
    ``PROCEDURES_PORTAL_URL`` is not ``https://<PROCEDURES_PORTAL_HOST>/…`` (no
    user name, no other port, no character that could end an attribute).
    """
    code = str(code or "")
    template = str(settings.get("PROCEDURES_PORTAL_URL") or "")
    if not CODE.fullmatch(code) or template.count("{code}") != 1:
        return None
    url = template.replace("{code}", quote(code, safe="."))
    if _UNSAFE_IN_URL.search(url):
        return None
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    host = str(settings.get("PROCEDURES_PORTAL_HOST") or "").lower()
    if (parts.scheme != "https" or not host or parts.hostname != host
            or parts.username is not None or parts.password is not None
            or port not in (None, 443) or not url.startswith(f"https://{parts.netloc}/")):
        return None
    return url


class Procedure(Page):
    """One administrative procedure; ``code`` is its national portal code."""

    mandatory_properties = ()  # the checker's rules name file and line
    default_template = "procedure"

    @property
    def portal_url(self):
        return portal_link(getattr(self, "code", ""), self.settings)

    @property
    def feed_text(self):
        """What a feed says of a procedure with no description of its own."""
        parts = [f"Mã thủ tục: {self.code}", f"mức độ: {self.level}",
                 f"lĩnh vực: {self.field}"]
        return f"{self.title}. " + "; ".join(parts) + "."

    @property
    def submits_online(self):
        """False for a level whose files are handed in, not sent online."""
        return self.level not in self.settings["PROCEDURES_OFFLINE_LEVELS"]

    @property
    def json_ld(self):
        """schema.org GovernmentService, safe inside a <script>."""
        data = {
            "@context": "https://schema.org",
            "@type": "GovernmentService",
            "name": self.title,
            "identifier": self.code,
            "serviceType": self.field,
            "provider": {"@type": "GovernmentOrganization",
                         "name": self.settings["SITENAME"]},
            "inLanguage": self.settings.get("DEFAULT_LANG", "vi"),
        }
        if self.portal_url:
            data["url"] = self.portal_url
        return script_json(data, indent=2)


PROCEDURE_TYPE = register_content_type(ContentType(
    "procedure", Procedure, "PROCEDURE_PATHS", ("procedures",),
    required=("title", "date", "code", "level", "field"),
    optional=("decision",),
    context_key="procedures", label="Thủ tục hành chính", searchable=True,
    feed="PROCEDURES",
    feed_description="Thủ tục hành chính mới công bố hoặc được cập nhật",
    index_outputs=("PROCEDURES_INDEX_SAVE_AS",),
    disclosure=("Thủ tục hành chính, quy trình giải quyết công việc "
                "(Điều 19 khoản 1 điểm a)"),
))


# --- the checker's rules (run by `invoke check` and by every build) -------------

def _procedure(source):
    return (source.kind == "markup" and source.text is not None
            and source.content_type is PROCEDURE_TYPE)


@rule("E-PROCEDURE-CODE", "E-PROCEDURE-LEVEL", "E-PROCEDURE-FIELD",
      "E-PROCEDURE-LINK")
def procedure_fields(source, context):
    if not _procedure(source):
        return
    code = source.first("code")
    if code is not None and code.value:
        if not CODE.fullmatch(code.value):
            yield finding(
                "E-PROCEDURE-CODE", source, code.line,
                f"mã thủ tục '{code.value}' không đúng dạng: một chữ số, dấu chấm, "
                "sáu chữ số, như trên Cổng Dịch vụ công quốc gia (ví dụ 1.004559)",
            )
        elif portal_link(code.value, context.settings) is None:
            yield finding(
                "E-PROCEDURE-LINK", source, code.line,
                "không tạo được liên kết https tới "
                f"{context.settings.get('PROCEDURES_PORTAL_HOST')!r} từ "
                f"PROCEDURES_PORTAL_URL = "
                f"{context.settings.get('PROCEDURES_PORTAL_URL')!r}; sửa cấu hình",
            )
    for key, setting, code_name, label in (
            ("level", "PROCEDURE_LEVELS", "E-PROCEDURE-LEVEL", "mức độ"),
            ("field", "PROCEDURE_FIELDS", "E-PROCEDURE-FIELD", "lĩnh vực")):
        item, allowed = source.first(key), context.settings.get(setting) or []
        if item is not None and item.value and allowed and item.value not in allowed:
            yield finding(code_name, source, item.line,
                          f"{label} '{item.value}' không có trong danh sách {setting}; "
                          "chọn một trong: " + ", ".join(allowed))


@rule("E-PROCEDURE-CODE-DUPLICATE", scope="corpus", types=(PROCEDURE_TYPE.name,))
def procedure_codes_are_unique(sources, context):
    seen = {}
    for source in sources:
        if not _procedure(source) or (source.value("status") or "") == "draft":
            continue
        code = source.first("code")
        if code is None or not code.value:
            continue
        if code.value in seen:
            first = seen[code.value]
            yield finding(
                "E-PROCEDURE-CODE-DUPLICATE", source, code.line,
                f"mã thủ tục '{code.value}' đã dùng ở {first.relpath}; mỗi thủ tục "
                "một mã", related=(first.path,),
            )
        else:
            seen[code.value] = source


# --- the generator -----------------------------------------------------------------

class ProceduresGenerator(ContentTypeGenerator):
    """Read the procedures, group them by field, write the index and their pages."""

    content_type = PROCEDURE_TYPE
    context_lists = ("procedure_fields",)

    def generate_context(self):
        fields = list(self.settings["PROCEDURE_FIELDS"])
        published = []
        for procedure in self.read_all():
            if not self.is_public(procedure):
                continue
            for key in ("code", "level", "field"):
                setattr(procedure, key, " ".join(str(getattr(procedure, key, "")).split()))
            published.append(procedure)
            if procedure.field not in fields:  # reported by the checker's rule
                fields.append(procedure.field)
        order = {name: i for i, name in enumerate(fields)}
        published.sort(key=lambda p: (order[p.field], p.title))
        self.procedure_fields = [
            (name, [p for p in published if p.field == name]) for name in fields
        ]
        self.procedure_fields = [(n, ps) for n, ps in self.procedure_fields if ps]
        self.finalize(published)

    def generate_output(self, writer):
        relative_urls = self.settings["RELATIVE_URLS"]
        writer.write_file(
            self.settings["PROCEDURES_INDEX_SAVE_AS"], self.get_template("procedures"),
            self.context, relative_urls=relative_urls,
            url=self.settings["PROCEDURES_INDEX_URL"],
        )
        for procedure in self.procedures:
            writer.write_file(
                procedure.save_as, self.get_template(procedure.template), self.context,
                relative_urls=relative_urls, url=procedure.url, procedure=procedure,
                page=procedure,
            )


def apply_defaults(pelican):
    fill_in_defaults(pelican.settings, DEFAULTS)


def get_generators(pelican):
    return ProceduresGenerator


def register():
    signals.initialized.connect(apply_defaults)
    signals.get_generators.connect(get_generators)
