"""Values that reach a URL, an output path or the nginx map, and who owns each file.

- E-SLUG-INVALID: ``Slug:`` is not ``[a-z0-9-]`` or is over 200 bytes (also a slug
  folded from a very long title);
- E-SAVE-AS-INVALID: ``Url:``/``Save_as:`` is not a plain relative path (``..``,
  ``//host``, ``/absolute``, ``\\``, a scheme), or leaves its section (the fixed part
  of ``<TYPE>_SAVE_AS``, e.g. ``tin-tuc/``), or ``Save_as:`` is not an ``.html`` file;
- E-LEGACY-URL-INVALID: ``Legacy-URL:`` on two lines, too long, with whitespace,
  control characters, quotes or nginx syntax (``output_guard.paths``);
- E-OUTPUT-CONFLICT / E-LEGACY-URL-CONFLICT: a content's page or a redirect page
  would replace a file another part of the site writes (home page, 404.html, a
  section index, nginx/, theme/, a picture or PDF, another page).

The last three are found by the build itself (legacy_urls, output_guard) with the
real output paths, so here they are checker-only (``in_build=False``).
"""

from output_guard import owners
from output_guard.paths import legacy_address, output_path_problem, slug_problem
from source_errors import finding
from sources import CONTINUATION, text_lines

from .metadata import is_published
from .registry import rule
from .urls import save_as_for, slug_for


def _markup(source):
    return source.kind == "markup" and source.text is not None


@rule("E-SLUG-INVALID")
def slugs_are_plain(source, context):
    if not _markup(source) or source.content_type is None:
        return
    item = source.first("slug")
    if item is not None and item.value:
        problem = slug_problem(item.value)
        if problem:
            yield finding("E-SLUG-INVALID", source, item.line,
                          f"'Slug: {item.value[:80]}' {problem}")
        return
    title = source.first("title")
    if title is not None and title.value:
        problem = slug_problem(slug_for(title.value, context.settings))
        if problem and "byte" in problem:
            yield finding("E-SLUG-INVALID", source, title.line,
                          f"địa chỉ tạo từ tiêu đề {problem}")


def section_of(source, settings):
    """The folder this content's pages must stay in (``""``: the site's root)."""
    return owners.setting_prefix(settings.get(source.content_type.save_as_setting))


@rule("E-SAVE-AS-INVALID")
def save_as_stays_in_section(source, context):
    if not _markup(source) or source.content_type is None:
        return
    section = section_of(source, context.settings)
    for key in ("url", "save_as"):
        item = source.first(key)
        if item is None or not item.value:
            continue
        problem = output_path_problem(item.value, section, key)
        if problem:
            yield finding("E-SAVE-AS-INVALID", source, item.line,
                          f"'{item.key.capitalize()}: {item.value[:120]}' {problem}")


# output_guard checks the real path of every content item in the build.
@rule("E-SAVE-AS-INVALID", in_build=False)
def slug_makes_a_plain_path(source, context):
    if not _markup(source) or source.content_type is None:
        return
    if source.first("save_as") is None and is_published(source):
        # The path Pelican makes from the slug ('-abc' from the title "-abc").
        save_as = save_as_for(source, context.settings)
        slug = source.value("slug") or slug_for(source.value("title") or "",
                                                context.settings)
        problem = save_as and output_path_problem(save_as, "")
        if problem and slug_problem(slug) is None:
            title = source.first("title")
            yield finding("E-SAVE-AS-INVALID", source, title.line if title else 1,
                          f"'Save_as: {save_as[:120]} (tạo từ tiêu đề)' {problem}")


@rule("E-LEGACY-URL-INVALID", in_build=False)  # legacy_urls reports it in the build
def legacy_urls_are_paths(source, context):
    if not _markup(source):
        return
    item = source.first("legacy-url")
    if item is None or not item.value:
        return
    lines = text_lines(source.text)
    value = item.value
    if item.line < len(lines) and CONTINUATION.match(lines[item.line]):
        value += "\n"  # python-markdown joins a continued value with a line break
    problem = legacy_address(value)[1]
    if problem:
        yield finding(
            "E-LEGACY-URL-INVALID", source, item.line,
            f"'Legacy-URL:' không phải địa chỉ cũ hợp lệ: {problem}; ghi dạng "
            "http://tên-miền/đường-dẫn hoặc /đường-dẫn trên một dòng")


def _site_outputs(sources, settings):
    """A registry of the outputs the checker foresees: reserved ones, static files."""
    registry = owners.reserve_site_outputs(settings, owners.OutputOwners())
    static_folders = [p.strip("/") + "/" for p in settings.get("STATIC_PATHS", [])]
    for source in sources:
        if source.kind in ("static", "other") and source.relpath.startswith(
                tuple(static_folders)):
            registry.files[source.relpath] = owners.Owner(owners.STATIC, source.path)
    return registry


@rule("E-OUTPUT-CONFLICT", "E-LEGACY-URL-CONFLICT", scope="corpus", in_build=False)
def one_owner_per_output_file(sources, context):
    from legacy_urls.legacy_urls import redirect_file

    settings = context.settings
    registry = _site_outputs(sources, settings)
    findings = []
    pages = []
    for source in sources:
        if not _markup(source) or not is_published(source):
            continue
        save_as = save_as_for(source, settings)
        if save_as:
            # One scan of the fields per key: this runs for every page of the site.
            line = next((item.line for item in map(source.first,
                                                   ("save_as", "slug", "title"))
                         if item), 1)
            owner = owners.Owner(owners.CONTENT, source.path, line)
            registry.claim(save_as, owner, owners.CODE, findings.append)
        pages.append(source)
    for source in pages:
        item = source.first("legacy-url")
        address = legacy_address(item.value)[0] if item and item.value else None
        target = redirect_file(address) if address else None
        if target:
            owner = owners.Owner(owners.LEGACY, source.path, item.line)
            registry.claim(target, owner, "E-LEGACY-URL-CONFLICT", findings.append)
    return findings
