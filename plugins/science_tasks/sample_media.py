"""Draw the files the sample tasks and calls name (content/tasks/, task-calls/).

The department's real reports are not in the repository: for every ``Product:``
of a sample task and ``File:`` of a sample call this writes a small stand-in marked
"BẢN MẪU" (the documents plugin's drawing: a one-page PDF, a minimal DOCX/ODT).
Called by ``invoke sample-media``; the same bytes on every run, committed.
"""

from pathlib import Path

from documents.sample_media import WRITERS
from sources import read_front_matter

FILE_KEYS = {"tasks": "product", "task-calls": "file"}


def _lines(source, label):
    code = source.value("code") or source.value("number") or ""
    return ["Sở Khoa học và Công nghệ tỉnh Phú Thọ", f"Số/Mã số: {code}",
            label.upper(), source.value("title") or ""]


def draw_science_media(root):
    """Write every file the sample tasks and calls name; return the paths."""
    written = []
    for folder, key in FILE_KEYS.items():
        for md in sorted(Path(root, "content", folder).rglob("*.md")):
            source = read_front_matter(md)
            for item in (f for f in source.fields if f.key == key):
                for _, text in item.parts:
                    name, _, label = (p.strip() for p in text.partition("|"))
                    writer = WRITERS.get(Path(name).suffix.lower())
                    if writer is None:
                        continue
                    target = md.parent / name
                    writer(target, _lines(source, label or name))
                    written.append(target)
    return written
