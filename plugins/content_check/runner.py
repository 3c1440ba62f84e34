"""Find the content files, run every registered rule, collect the findings.

Used by the CLI (``invoke check``), by the build plugin (``make html``), by the
pre-commit hook and by ``invoke new-*`` (which needs the URL index). Reading is one
pass over the bytes of each Markdown file and one header read per image; nothing
depends on the number of other files except the URL index (a dict).
"""

import fnmatch
import os
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from source_errors import ContentError

from . import source as source_module
from .registry import RULES, content_types, is_warning

DEFAULTS = {
    "CHECK_MAX_IMAGE_BYTES": 2 * 1024 * 1024,
    "CHECK_MAX_IMAGE_WIDTH": 4000,
    "CHECK_MAX_IMAGE_HEIGHT": 4000,
    "CHECK_MAX_NESTING": 20,  # quotations/lists inside each other (nesting.py)
    # Templates a file of each content type may name in `Template:` (templates.py).
    # A type left out may name only its class's default_template.
    "CHECK_TEMPLATES": {"page": ["page", "contact"]},
}


@dataclass
class CheckContext:
    settings: dict
    content_root: Path
    in_build: bool = False

    def setting(self, name):
        return self.settings.get(name, DEFAULTS.get(name))


@dataclass
class Report:
    findings: list = field(default_factory=list)
    files_checked: int = 0

    @property
    def errors(self):
        return [f for f in self.findings if not is_warning(f.code)]

    @property
    def warnings(self):
        return [f for f in self.findings if is_warning(f.code)]

    def codes(self):
        return sorted(f.code for f in self.findings)


def _load_rule_modules():
    # Importing the modules registers their rules (one module per concern).
    from . import (  # noqa: F401
        addresses,
        controls,
        editorial,
        encoding,
        files,
        images,
        links,
        markup,
        metadata,
        nesting,
        privacy,
        templates,
        urls,
    )


def content_type_for(relpath, settings, folders=None):
    """The registered content type whose folder holds ``relpath``, or None.

    ``folders``: :func:`type_folders` of ``settings``, when calling once per file.
    """
    for folder, content_type in folders or type_folders(settings):
        if not folder or relpath == folder or relpath.startswith(folder + "/"):
            return content_type
    return None


def type_folders(settings):
    """[(folder, content type)] of the site's declared types, in declaration order."""
    return [(folder.strip("/"), content_type)
            for content_type in content_types(settings)
            for folder in content_type.folders(settings)]


def _ignored(name, settings):
    return any(fnmatch.fnmatch(name, pattern)
               for pattern in settings.get("IGNORE_FILES", [".*"]))


def collect(settings, content_root):
    """Every file below ``content_root``: Markdown and static images read, the rest
    (kind "symlink" for links, files or folders, never followed; "other") named."""
    static_folders = [p.strip("/") for p in settings.get("STATIC_PATHS", [])]
    folders = type_folders(settings)
    sources = []
    for directory, subdirs, files in os.walk(content_root):
        subdirs[:] = sorted(d for d in subdirs if not _ignored(d, settings))
        linked = [d for d in subdirs if (Path(directory) / d).is_symlink()]
        subdirs[:] = [d for d in subdirs if d not in linked]
        for name in sorted(files + linked):
            if _ignored(name, settings):
                continue
            path = Path(directory) / name
            relpath = path.relative_to(content_root).as_posix()
            suffix = path.suffix.lower()
            if path.is_symlink():
                sources.append(source_module.SourceFile(path, relpath, "symlink"))
            elif suffix in source_module.MARKUP_EXTENSIONS:
                content_type = content_type_for(relpath, settings, folders)
                sources.append(source_module.load(path, content_root, content_type))
            elif suffix in source_module.IMAGE_EXTENSIONS and any(
                relpath.startswith(folder + "/") for folder in static_folders
            ):
                sources.append(source_module.load(path, content_root))
            else:
                sources.append(source_module.SourceFile(path, relpath, "other"))
    return sources


def run(settings, content_root=None, in_build=False, only=None, editorial=True):
    """Check the content folder; return a Report.

    ``in_build``: skip the rules the build's plugins enforce themselves;
    ``editorial``: apply the editors' rules (``Rule.editorial``) too.

    ``only``: paths (absolute or relative to the cwd) to report on; the whole folder
    is still read, so collisions with files not in ``only`` are found.
    """
    _load_rule_modules()
    content_root = Path(content_root or settings["PATH"]).resolve()
    context = CheckContext(settings, content_root, in_build)
    sources = collect(settings, content_root)
    findings = []
    for rule in RULES:
        if in_build and not rule.in_build:
            continue
        if rule.editorial and not editorial:
            continue
        if rule.scope == "file":
            for source in sources:
                findings.extend(rule.function(source, context) or ())
        else:
            findings.extend(rule.function(sources, context) or ())
    if only is not None:
        wanted = {Path(p).resolve() for p in only}
        findings = [f for f in findings if _involves(f, wanted)]
    findings.sort(key=lambda f: (str(f.path), f.line or 0, f.code))
    return Report(findings, files_checked=len(sources))


def _involves(finding, wanted):
    paths = [finding.path, *getattr(finding, "related", ())]
    return any(Path(p).resolve() in wanted for p in paths)


def finding(code, source, line, message, related=()):
    """A ContentError for ``source`` (a SourceFile), optionally naming other files."""
    error = ContentError(code, source.path, line, message)
    error.related = [Path(p) for p in related]
    return error


def fix_files(settings, content_root=None):
    """Rewrite the Markdown files ``--fix`` can repair; return {path: [what changed]}.

    Only three things change: text not in NFC is normalised; a byte-order mark is
    removed; line-break control characters (vertical tab, form feed, ...) become a
    line break, or a space inside the front matter (controls.fix_line_breaks). Files
    that need none of this, and files that are not UTF-8, are left byte for byte.
    """
    from .controls import fix_line_breaks

    content_root = Path(content_root or settings["PATH"]).resolve()
    changed = {}
    for source in collect(settings, content_root):
        if source.kind != "markup" or source.text is None:
            continue
        what = ["đã bỏ dấu BOM"] if source.bom else []
        text = fix_line_breaks(source)
        if text != source.text:
            what.append("đã thay ký tự ngắt dòng của Word bằng ngắt dòng")
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
            what.append("đã chuẩn hóa NFC")
        if what:
            source.path.write_bytes(text.encode("utf-8"))
            changed[source.path] = what
    return changed
