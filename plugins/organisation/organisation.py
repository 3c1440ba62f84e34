"""Giới thiệu: the department's units and leaders, the organisation chart, and the
"Công khai thông tin" page (disclosure.py).

Two content types, Markdown files with structured front matter, so the checker
knows every field (file and line):

- **unit** (``UNIT_PATHS``: ``content/organisation/units/``): ``Title`` (the unit's
  name), ``Group`` (one of ``ORGANISATION_UNIT_GROUPS``: where it sits in the
  chart), ``Order`` (its place in the group), ``Functions`` (chức năng, one
  paragraph), ``Date`` (last updated); the body is its duties (nhiệm vụ, quyền hạn).
  Page ``gioi-thieu/don-vi/<slug>/``.
- **leader** (``LEADER_PATHS``: ``content/organisation/leaders/``): ``Title`` (the
  name), ``Position`` (chức vụ), ``Order``, ``Photo`` (a picture under content/,
  ``/images/...``), ``Photo-placeholder`` (``yes`` while the picture is a stand-in:
  the page says so), ``Responsibilities`` (lĩnh vực phụ trách, ``;`` between items),
  ``Units`` (optional: the units they direct, by name, ``;`` between them), ``Date``;
  the body is the short biography. Page ``gioi-thieu/lanh-dao/<slug>/``.

The chart (``ORGANISATION_CHART_SAVE_AS``, ``gioi-thieu/co-cau-to-chuc/``) is a nested
list, readable without the picture a chart usually is: the department, its
leaders (each with the units they direct), then the units by group. The leaders'
list is ``LEADERS_INDEX_SAVE_AS`` (``gioi-thieu/lanh-dao/``). JSON-LD: schema.org
GovernmentOrganization (chart) and Person (leader), through ``script_json``.

Signals: ``initialized`` (defaults), ``get_generators``. Settings: the paths and
URL settings above, ``ORGANISATION_UNIT_GROUPS``, ``ORGANISATION_TITLE``.
Errors: E-ORG-META (Order, Group), E-ORG-PHOTO (Photo missing, outside content/ or
not a picture), E-ORG-UNIT (a leader's unit that no unit file names).
"""

import logging
from pathlib import Path

from content_check.registry import rule
from content_types import ContentType, register_content_type
from content_types.generator import ContentTypeGenerator
from content_types.settings import fill_in_defaults
from editor_html.escaping import plain_text, script_json
from pelican import signals
from pelican.contents import Page
from pelican.generators import Generator
from source_errors import finding

from . import disclosure

logger = logging.getLogger(__name__)

DEFAULTS = {
    "UNIT_PATHS": ["organisation/units"],
    "UNIT_EXCLUDES": [],
    "UNIT_URL": "gioi-thieu/don-vi/{slug}/",
    "UNIT_SAVE_AS": "gioi-thieu/don-vi/{slug}/index.html",
    "UNIT_LANG_URL": "gioi-thieu/don-vi/{slug}-{lang}/",
    "UNIT_LANG_SAVE_AS": "gioi-thieu/don-vi/{slug}-{lang}/index.html",
    "LEADER_PATHS": ["organisation/leaders"],
    "LEADER_EXCLUDES": [],
    "LEADER_URL": "gioi-thieu/lanh-dao/{slug}/",
    "LEADER_SAVE_AS": "gioi-thieu/lanh-dao/{slug}/index.html",
    "LEADER_LANG_URL": "gioi-thieu/lanh-dao/{slug}-{lang}/",
    "LEADER_LANG_SAVE_AS": "gioi-thieu/lanh-dao/{slug}-{lang}/index.html",
    "ORGANISATION_TITLE": "Cơ cấu tổ chức",
    "ORGANISATION_CHART_URL": "gioi-thieu/co-cau-to-chuc/",
    "ORGANISATION_CHART_SAVE_AS": "gioi-thieu/co-cau-to-chuc/index.html",
    "LEADERS_TITLE": "Lãnh đạo Sở",
    "LEADERS_INDEX_URL": "gioi-thieu/lanh-dao/",
    "LEADERS_INDEX_SAVE_AS": "gioi-thieu/lanh-dao/index.html",
    "ORGANISATION_UNIT_GROUPS": [],
    **disclosure.DEFAULTS,
}

PHOTO_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp"}
YES = {"yes", "true", "có", "1"}


def split_list(value):
    """'a; b;c' → ['a', 'b', 'c'] (the ';'-separated fields)."""
    return [part.strip() for part in str(value or "").split(";") if part.strip()]


class Unit(Page):
    mandatory_properties = ()
    default_template = "unit"


class Leader(Page):
    mandatory_properties = ()
    default_template = "leader"

    @property
    def json_ld(self):
        siteurl = self.settings.get("PORTAL_CANONICAL_SITEURL", "")
        data = {
            "@context": "https://schema.org", "@type": "Person",
            "name": self.title, "jobTitle": self.position,
            "description": plain_text(self.content),
            "worksFor": {"@type": "GovernmentOrganization",
                         "name": self.settings["SITENAME"]},
        }
        if siteurl:
            data["url"] = f"{siteurl}/{self.url}"
            if not self.photo_placeholder:
                data["image"] = f"{siteurl}/{self.photo_url}"
        return script_json(data, indent=2)


UNIT_TYPE = register_content_type(ContentType(
    "unit", Unit, "UNIT_PATHS", ("organisation/units",),
    required=("title", "date", "group", "order", "functions"),
    context_key="units", label="Cơ cấu tổ chức, chức năng của các đơn vị",
    index_outputs=("ORGANISATION_CHART_SAVE_AS", "DISCLOSURE_SAVE_AS"),
    disclosure=("Nhiệm vụ, quyền hạn, tổ chức bộ máy của cơ quan và các đơn vị trực "
                "thuộc (Điều 19 khoản 1 điểm đ)"),
))
LEADER_TYPE = register_content_type(ContentType(
    "leader", Leader, "LEADER_PATHS", ("organisation/leaders",),
    required=("title", "date", "position", "order", "photo", "responsibilities"),
    optional=("photo-placeholder", "units"),
    context_key="leaders", label="Lãnh đạo Sở",
    index_outputs=("LEADERS_INDEX_SAVE_AS",),
    disclosure=("Lãnh đạo cơ quan, tiểu sử tóm tắt và lĩnh vực phụ trách (tổ chức bộ "
                "máy, Điều 19 khoản 1 điểm đ)"),
))


# --- the checker's rules ---------------------------------------------------------

def _of(source, content_type):
    return (source.kind == "markup" and source.text is not None
            and source.content_type is content_type)


@rule("E-ORG-META", "E-ORG-PHOTO")
def organisation_fields(source, context):
    if not (_of(source, UNIT_TYPE) or _of(source, LEADER_TYPE)):
        return
    order = source.first("order")
    if order is not None and order.value and not order.value.isdigit():
        yield finding("E-ORG-META", source, order.line,
                      f"'Order: {order.value}' phải là số nguyên (thứ tự hiển thị), "
                      "ví dụ 'Order: 2'")
    group = source.first("group")
    groups = context.settings.get("ORGANISATION_UNIT_GROUPS") or []
    if group is not None and group.value and groups and group.value not in groups:
        yield finding("E-ORG-META", source, group.line,
                      f"nhóm '{group.value}' không có trong ORGANISATION_UNIT_GROUPS; "
                      "chọn một trong: " + ", ".join(groups))
    photo = source.first("photo")
    if photo is not None and photo.value:
        problem = photo_problem(photo.value, source.path, context.content_root)
        if problem:
            yield finding("E-ORG-PHOTO", source, photo.line, problem)


def photo_path(value, source_path, content_root):
    """The picture ``value`` names: '/images/x.jpg' from content/, else beside."""
    content_root = Path(content_root).resolve()
    base = content_root if value.startswith("/") else Path(source_path).parent
    return (base / value.lstrip("/")).resolve(), content_root


def photo_problem(value, source_path, content_root):
    path, root = photo_path(value, source_path, content_root)
    if not path.is_relative_to(root):
        return f"ảnh '{value}' nằm ngoài thư mục content/"
    if path.suffix.lower() not in PHOTO_SUFFIXES:
        return f"ảnh '{value}' phải là JPEG, PNG hoặc WebP"
    if not path.is_file():
        return (f"không tìm thấy ảnh '{value}' (đường dẫn tính từ content/, "
                "ví dụ /images/lanh-dao/ten.jpg)")
    return None


@rule("E-ORG-UNIT", scope="corpus", types=(UNIT_TYPE.name, LEADER_TYPE.name))
def leaders_direct_known_units(sources, context):
    units = {s.value("title") for s in sources if _of(s, UNIT_TYPE)}
    for source in sources:
        item = source.first("units") if _of(source, LEADER_TYPE) else None
        if item is None:
            continue
        for name in split_list(item.value):
            if name not in units:
                yield finding("E-ORG-UNIT", source, item.line,
                              f"không có đơn vị '{name}' trong content/"
                              f"{UNIT_TYPE.folders(context.settings)[0]}/; viết đúng "
                              "tên (Title:) của đơn vị")


# --- generators ----------------------------------------------------------------------

def _ordered(contents):
    return sorted(contents, key=lambda c: (int(getattr(c, "order", 0) or 0), c.title))


class UnitsGenerator(ContentTypeGenerator):
    content_type = UNIT_TYPE

    def generate_context(self):
        units = _ordered(c for c in self.read_all() if self.is_public(c))
        self.finalize(units)

    def generate_output(self, writer):
        for unit in self.units:
            writer.write_file(unit.save_as, self.get_template(unit.template),
                              self.context, relative_urls=self.settings["RELATIVE_URLS"],
                              url=unit.url, unit=unit, page=unit)


class LeadersGenerator(ContentTypeGenerator):
    content_type = LEADER_TYPE

    def generate_context(self):
        leaders = []
        for leader in self.read_all():
            if not self.is_public(leader):
                continue
            leader.responsibility_list = split_list(leader.responsibilities)
            leader.unit_names = split_list(getattr(leader, "units", ""))
            leader.photo_placeholder = (
                str(leader.metadata.get("photo-placeholder", "")).strip().lower() in YES)
            # The checker's E-ORG-PHOTO refuses a picture outside content/.
            path, root = photo_path(leader.photo, leader.source_path, self.path)
            leader.photo_url = (path.relative_to(root).as_posix()
                                if path.is_relative_to(root) else "")
            leaders.append(leader)
        self.finalize(_ordered(leaders))

    def generate_output(self, writer):
        relative_urls = self.settings["RELATIVE_URLS"]
        writer.write_file(self.settings["LEADERS_INDEX_SAVE_AS"],
                          self.get_template("leaders"), self.context,
                          relative_urls=relative_urls,
                          url=self.settings["LEADERS_INDEX_URL"])
        for leader in self.leaders:
            writer.write_file(leader.save_as, self.get_template(leader.template),
                              self.context, relative_urls=relative_urls,
                              url=leader.url, leader=leader, page=leader)


def organisation_json_ld(context, settings):
    """schema.org GovernmentOrganization: the department, its units and leaders."""
    siteurl = settings.get("PORTAL_CANONICAL_SITEURL", "")
    data = {
        "@context": "https://schema.org", "@type": "GovernmentOrganization",
        "name": settings["SITENAME"],
        "parentOrganization": {"@type": "GovernmentOrganization",
                               "name": settings.get("PORTAL_PARENT", "")},
        "address": settings.get("PORTAL_ADDRESS", ""),
        "telephone": settings.get("PORTAL_PHONE", ""),
        "email": settings.get("PORTAL_EMAIL", ""),
        "department": [{"@type": "GovernmentOrganization", "name": unit.title,
                        "description": unit.functions}
                       for unit in context.get("units") or []],
        "member": [{"@type": "Person", "name": leader.title,
                    "jobTitle": leader.position}
                   for leader in context.get("leaders") or []],
    }
    if siteurl:
        data["url"] = f"{siteurl}/"
    return script_json(data, indent=2)


class OrganisationPagesGenerator(Generator):
    """The organisation chart and the disclosure page: written once every other
    generator has filled the context (they read the units, the leaders and the
    newest item of every declared type)."""

    def generate_context(self):
        pass

    def generate_output(self, writer):
        relative_urls = self.settings["RELATIVE_URLS"]
        units = self.context.get("units") or []
        groups = list(self.settings["ORGANISATION_UNIT_GROUPS"])
        groups += [u.group for u in units if u.group not in groups]
        unit_groups = [(g, [u for u in units if u.group == g]) for g in groups]
        by_name = {u.title: u for u in units}
        writer.write_file(
            self.settings["ORGANISATION_CHART_SAVE_AS"],
            self.get_template("organisation"), self.context,
            relative_urls=relative_urls, url=self.settings["ORGANISATION_CHART_URL"],
            unit_groups=[(g, us) for g, us in unit_groups if us],
            units_by_name=by_name,
            organisation_json_ld=organisation_json_ld(self.context, self.settings),
        )
        disclosure.write_page(self, writer)


def apply_defaults(pelican):
    fill_in_defaults(pelican.settings, DEFAULTS)


def get_generators(pelican):
    return [UnitsGenerator, LeadersGenerator, OrganisationPagesGenerator]


def register():
    signals.initialized.connect(apply_defaults)
    signals.get_generators.connect(get_generators)
