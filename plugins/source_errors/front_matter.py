"""Front matter of a Markdown file, line by line, so errors can name the exact line.

A thin view of sources, the project's one front-matter parser (the
rules of python-markdown's ``meta`` extension, which Pelican uses).
"""

from sources import read_front_matter


def front_matter_lines(path):
    """Map each front-matter key (lower case) to its ``[(line, text), ...]``.

    The first pair is the key's own line (its text may be empty when the value
    starts on the next line); continuation lines follow, stripped.
    """
    fields = {}
    for item in read_front_matter(path).fields:
        fields.setdefault(item.key, []).extend(item.parts)
    return fields
