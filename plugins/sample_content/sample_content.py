"""Sample content must never go live: which files are samples, and what refuses them.

The repository ships sample content for development and demonstrations: invented
news, documents, tasks and leaders' biographies, generated pictures, 1 KB Word files.
One list names them, ``sample-content.txt`` at the project root (setting
``SAMPLE_CONTENT_LIST``): one pattern a line, relative to the content folder
(``news/2020/*.md``, ``images/lanh-dao/**``), ``!`` before a pattern takes files
back out, ``#`` starts a comment. An editor who replaces a sample with the real
file deletes its line (or the file).

:func:`sample_refusals` says, one line each, what `make publish` refuses while it is
in the site: every listed file that exists, a leader whose picture is a stand-in
(``Photo-placeholder: yes``, the grey "ẢNH TẠM"), and the placeholder emblem
(``PORTAL_EMBLEM_PLACEHOLDER``, the "TẠM" on every page). With
``ALLOW_SAMPLE_CONTENT=1`` in the environment a demonstration is published anyway
(the test suite sets it).

A library, not a Pelican plugin (no ``register``): sitebuild.publish calls it before
building anything. Settings: ``SAMPLE_CONTENT_LIST``, ``PATH``,
``PORTAL_EMBLEM_PLACEHOLDER``, ``PORTAL_EMBLEM``.
"""

import fnmatch
import os
import re
from pathlib import Path

ALLOW_VARIABLE = "ALLOW_SAMPLE_CONTENT"
DEFAULT_LIST = "sample-content.txt"
_PLACEHOLDER_PHOTO = re.compile(r"^photo-placeholder\s*:\s*(yes|có|true|1)\s*$",
                                re.IGNORECASE | re.MULTILINE)


def allowed_by_environment(environ=None):
    """True when the operator asked for a demonstration publish on purpose."""
    return (environ if environ is not None else os.environ).get(ALLOW_VARIABLE) == "1"


def read_patterns(list_path):
    """(include, exclude) patterns of the list file; none when there is no list."""
    include, exclude = [], []
    try:
        text = Path(list_path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return include, exclude
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("!"):
            exclude.append(line[1:].strip().strip("/"))
        elif line:
            include.append(line.strip("/"))
    return include, exclude


def _matches(relpath, pattern):
    # "folder/**" is everything below folder; otherwise fnmatch on the whole path.
    if pattern.endswith("/**"):
        return relpath.startswith(pattern[:-2])
    return fnmatch.fnmatchcase(relpath, pattern)


def sample_files(content_root, list_path):
    """Relative paths (with "/") of the listed sample files under content_root."""
    include, exclude = read_patterns(list_path)
    if not include:
        return []
    found = []
    root = Path(content_root)
    for directory, subdirs, files in os.walk(root):
        subdirs.sort()
        for name in sorted(files):
            relpath = (Path(directory) / name).relative_to(root).as_posix()
            if (any(_matches(relpath, p) for p in include)
                    and not any(_matches(relpath, p) for p in exclude)):
                found.append(relpath)
    return found


def placeholder_photos(content_root):
    """Markdown files (relative) that say their picture is a stand-in."""
    found = []
    for path in sorted(Path(content_root).rglob("*.md")):
        try:
            head = path.read_text(encoding="utf-8", errors="replace").split("\n\n")[0]
        except OSError:
            continue
        if _PLACEHOLDER_PHOTO.search(head):
            found.append(path.relative_to(content_root).as_posix())
    return found


def list_path(settings, project_root):
    name = settings.get("SAMPLE_CONTENT_LIST", DEFAULT_LIST)
    return Path(project_root, name) if name else None


def sample_refusals(settings, project_root):
    """One Vietnamese line per sample file, stand-in picture or placeholder."""
    content_root = Path(settings["PATH"])
    refusals = []
    listed = list_path(settings, project_root)
    if listed is not None:
        refusals += [f"content/{relpath}: tệp mẫu (ghi trong {listed.name}); thay "
                     "bằng tệp thật rồi xóa dòng của nó trong danh sách, hoặc xóa tệp"
                     for relpath in sample_files(content_root, listed)]
    refusals += [f"content/{relpath}: ảnh là hình tạm ('Photo-placeholder: yes'); "
                 "đặt ảnh thật vào 'Photo:' rồi xóa dòng 'Photo-placeholder'"
                 for relpath in placeholder_photos(content_root)]
    if settings.get("PORTAL_EMBLEM_PLACEHOLDER"):
        refusals.append(
            f"{settings.get('PORTAL_EMBLEM')}: biểu trưng vẫn là hình tạm ('TẠM' trên "
            "mọi trang, PORTAL_EMBLEM_PLACEHOLDER = True); đặt tệp thật vào "
            "PORTAL_EMBLEM rồi đặt False trong pelicanconf.py hoặc publishconf.py")
    return refusals
