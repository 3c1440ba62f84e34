"""Front matter of a Markdown file, line by line, so errors can name the exact line.

Python-Markdown's ``meta`` extension (which Pelican uses) reads ``Key: value`` lines
at the top of a file; a line indented by four spaces or more continues the previous
key's value; a blank line ends the block; ``---`` may open and close it. Pelican
keeps only the values. :func:`front_matter_lines` reads the same block again and
keeps where each value came from.
"""

import re

_KEY = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)$")
_MORE = re.compile(r"^[ ]{4,}(?P<value>.*)$")
_FENCE = re.compile(r"^-{3}\s*$")


def front_matter_lines(path):
    """Map each front-matter key (lower case) to its ``[(line, text), ...]``.

    The first pair is the key's own line (its text may be empty when the value
    starts on the next line); continuation lines follow, stripped.
    """
    fields = {}
    current = None
    with open(path, encoding="utf-8-sig", errors="replace") as handle:
        for number, raw in enumerate(handle, start=1):
            line = raw.rstrip("\r\n")
            if number == 1 and _FENCE.match(line):
                continue
            if not line.strip() or _FENCE.match(line):
                break
            key = _KEY.match(line)
            if key:
                current = key["key"].lower()
                fields.setdefault(current, []).append((number, key["value"].strip()))
                continue
            more = _MORE.match(line)
            if more and current is not None:
                fields[current].append((number, more["value"].strip()))
                continue
            break  # not front matter: Markdown stops reading metadata here too
    return fields
