"""Two files that Pelican would write to the same place (E-URL-COLLISION).

The output path is computed the way Pelican computes it, without running Pelican:
the slug is ``Slug:`` or the title folded by ``pelican.utils.slugify`` with the
site's ``SLUG_REGEX_SUBSTITUTIONS``, and the ``<TYPE>_SAVE_AS`` setting is formatted
with the file's metadata (Pelican's ``Content.url_format``). Drafts are skipped.
During the build, content_rules compares the real output paths instead.
"""

import functools
import string
from collections import defaultdict

from pelican.utils import slugify
from source_errors import display_path, finding
from vn_dates.parsing import DateFormatError, parse_editor_date

from .metadata import is_published
from .registry import rule


def slug_for(title, settings):
    """The slug Pelican gives ``title`` with the site's settings."""
    subs = tuple(tuple(sub) for sub in settings.get("SLUG_REGEX_SUBSTITUTIONS", []))
    return _slugify(title, subs, settings.get("SLUGIFY_PRESERVE_CASE", False),
                    settings.get("SLUGIFY_USE_UNICODE", False))


# Several rules need the slugs of one file, and categories and authors repeat.
@functools.lru_cache(maxsize=100_000)
def _slugify(text, subs, preserve_case, use_unicode):
    return slugify(text, regex_subs=list(subs), preserve_case=preserve_case,
                   use_unicode=use_unicode)


class _Lenient(string.Formatter):
    def get_value(self, key, args, kwargs):
        return kwargs[key]  # KeyError: the pattern needs a field this file lacks


def save_as_for(source, settings):
    """Where Pelican would write ``source`` (relative to output), or None.

    Computed once per file and settings: the URL rules all need it.
    """
    cached = getattr(source, "_save_as", None)
    if cached is None or cached[0] is not settings:
        cached = source._save_as = (settings, _save_as_for(source, settings))
    return cached[1]


def remember_save_as(source, settings, save_as):
    """Give ``source`` the save_as computed by an earlier run (cache.py)."""
    source._save_as = (settings, save_as)


def _save_as_for(source, settings):
    kind = source.content_type
    if kind is None or not kind.save_as_setting or source.text is None:
        return None
    if source.value("save_as") is not None:
        return source.value("save_as") or None
    pattern = settings.get(kind.save_as_setting)
    if not pattern:
        return None
    values = {item.key: item.value for item in source.fields}
    slug = source.value("slug") or slug_for(source.value("title") or "", settings)
    try:
        date = parse_editor_date(source.value("date") or "")
    except DateFormatError:
        date = None
    category = source.value("category") or ""
    values.update({
        "slug": slug,
        "lang": source.value("lang") or settings.get("DEFAULT_LANG", "en"),
        "date": date,
        "category": slug_for(category, settings),
        "author": slug_for(source.value("author") or "", settings),
        "path": source.relpath,
    })
    try:
        return _Lenient().format(pattern, **values)
    except (KeyError, AttributeError, TypeError, ValueError, IndexError):
        return None  # e.g. no readable date: E-DATE already says so


def url_index(sources, settings):
    """{output path: [sources]} for every published content file."""
    index = defaultdict(list)
    for source in sources:
        if source.kind != "markup" or not is_published(source):
            continue
        save_as = save_as_for(source, settings)
        if save_as:
            index[save_as].append(source)
    return index


def _title_line(source):
    title = source.first("title")
    return title.line if title else 1


@rule("E-URL-COLLISION", scope="corpus", in_build=False)
def unique_urls(sources, context):
    for save_as, group in url_index(sources, context.settings).items():
        if len(group) < 2:
            continue
        first, *others = sorted(group, key=lambda s: s.relpath)
        yield finding(
            "E-URL-COLLISION", first, _title_line(first),
            f"trùng địa chỉ '{save_as}' với "
            + ", ".join(f"{display_path(other.path)}:{_title_line(other)}"
                        for other in others)
            + "; hãy đặt 'Slug:' khác cho một trong các bài",
            related=[other.path for other in others],
        )
