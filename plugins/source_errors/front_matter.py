"""Front matter of a Markdown file, line by line, so errors can name the exact line.

A thin view of content_check.source, the project's one front-matter parser (the
rules of python-markdown's ``meta`` extension, which Pelican uses).
"""


def front_matter_lines(path):
    """Map each front-matter key (lower case) to its ``[(line, text), ...]``.

    The first pair is the key's own line (its text may be empty when the value
    starts on the next line); continuation lines follow, stripped.
    """
    from content_check.source import read_front_matter  # imports source_errors

    fields = {}
    for item in read_front_matter(path).fields:
        fields.setdefault(item.key, []).extend(item.parts)
    return fields
