"""``Template:`` must name a template made for the file's content type (E-TEMPLATE).

A template renders the variables of its own type: ``Template: qa`` on a news article
made the build stop with ``UndefinedError: 'entry' is undefined``, and a name the
theme does not have with ``PelicanTemplateNotFound``, neither naming the file.
``CHECK_TEMPLATES`` lists the templates each content type may name (default: its own,
and ``contact`` for pages); the template must also exist in the theme (or in
``THEME_TEMPLATES_OVERRIDES``, or Pelican's ``simple`` theme, which Pelican falls
back to).
"""

import re
from pathlib import Path

import pelican
from source_errors import finding

from .registry import rule

SIMPLE_THEME = Path(pelican.__file__).parent / "themes" / "simple" / "templates"


def _template_exists(name, settings):
    if not re.fullmatch(r"[\w-]+", name):  # a path ("../x") or a control character
        return False
    folders = [*settings.get("THEME_TEMPLATES_OVERRIDES", ()),
               Path(settings.get("THEME", "")) / "templates", SIMPLE_THEME]
    return any((Path(folder) / f"{name}.html").is_file() for folder in folders)


@rule("E-TEMPLATE", in_build=False)  # the build refuses it when reading the file
def template_fits_the_type(source, context):
    item = source.first("template")
    kind = source.content_type
    if item is None or kind is None or source.text is None:
        return
    allowed = context.setting("CHECK_TEMPLATES").get(
        kind.name, [kind.content_class.default_template])
    if not item.value:
        problem = "dòng 'Template:' để trống"
    elif not _template_exists(item.value, context.settings):
        problem = f"giao diện không có mẫu trang '{item.value}' ({item.value}.html)"
    elif item.value not in allowed:
        problem = (f"mẫu trang '{item.value}' dành cho loại nội dung khác, không dùng "
                   f"được cho '{kind.name}'")
    else:
        return
    yield finding(
        "E-TEMPLATE", source, item.line,
        f"{problem}; dùng một trong: {', '.join(allowed)} (CHECK_TEMPLATES), hoặc "
        "xóa dòng 'Template:' để dùng mẫu mặc định",
    )
