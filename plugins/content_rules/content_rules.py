"""Build-time rules that stop a wrong site from being published.

- every news article names a category from ``NEWS_CATEGORIES``;
- no two pieces of content are written to the same file (two titles can fold to one
  ASCII slug: "Đường mới" and "Dương mới" both give ``duong-moi``).

Signals: ``article_generator_finalized`` (categories), ``all_generators_finalized``
(output paths of every content type, including our own). Settings:
``NEWS_CATEGORIES`` (list of category names; empty means any). Each problem is
logged as an error naming file and line; the build driver then fails the build.
"""

from collections import defaultdict

from pelican import signals
from pelican.contents import Content
from source_errors import ContentError, display_path, metadata_line, report


def check_categories(generator):
    """Refuse articles whose category is missing or not configured."""
    allowed = generator.settings.get("NEWS_CATEGORIES") or []
    if not allowed:
        return
    for article in generator.articles + generator.drafts:
        if article.category.name in allowed:
            continue
        path = article.source_path
        line = metadata_line(path, "category")
        if line is None:  # Pelican filled in DEFAULT_CATEGORY
            # Line 1, as `invoke check` says: the field belongs in the front matter.
            line, code, problem = 1, "E-CATEGORY-MISSING", "thiếu trường 'Category:'"
        else:
            code = "E-CATEGORY-UNKNOWN"
            problem = f"chuyên mục '{article.category.name}' không có trong danh sách"
        report(ContentError(code, path, line, problem + "; chọn một trong: "
                            + ", ".join(allowed)))


def check_output_collisions(generators):
    """Refuse two contents that would be written to the same output file."""
    writers = defaultdict(list)
    seen = set()  # an article is in several lists (articles, dates, ...)
    for generator in generators:
        for value in vars(generator).values():
            if not isinstance(value, list):
                continue
            for item in value:
                if not isinstance(item, Content) or id(item) in seen:
                    continue
                seen.add(id(item))
                # Pelican computes save_as again on every access: read it once.
                save_as = item.save_as
                if save_as:
                    writers[save_as].append(item.source_path)
    for save_as, sources in writers.items():
        sources = sorted(set(sources))
        if len(sources) > 1:
            first, *others = sources
            report(ContentError(
                "E-URL-COLLISION", first, metadata_line(first, "title"),
                f"trùng địa chỉ '{save_as}' với "
                + ", ".join(display_path(other) for other in others)
                + "; hãy đặt 'Slug:' khác cho một trong các bài",
            ))


def register():
    signals.article_generator_finalized.connect(check_categories)
    signals.all_generators_finalized.connect(check_output_collisions)
