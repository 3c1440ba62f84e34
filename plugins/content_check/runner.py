"""Find the content files, run every registered rule, collect the findings.

Used by the CLI (``invoke check``), by the build plugin (``make html``), by the
pre-commit hook and by ``invoke new-*`` (which needs the URL index). Reading is one
pass over the bytes of each Markdown file and one header read per image; nothing
depends on the number of other files except the URL index (a dict).
"""

import fnmatch
import functools
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import sources as source_module

from .metadata import url_fields
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

    @functools.cached_property
    def url_fields(self):
        """Field names a URL or SAVE_AS pattern of the settings puts in an
        address (worked out once a check: every file asks)."""
        return url_fields(self.settings)


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


def load_rule_modules():
    """Import the checker's own rule modules (their rules register on import)."""
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


def _ignore_matcher(settings):
    """name -> True when IGNORE_FILES (fnmatch patterns, as Pelican reads them)
    matches it; one compiled pattern, as the walk asks for 20,000 names."""
    patterns = settings.get("IGNORE_FILES", [".*"])
    if not patterns:
        return lambda name: False
    # fnmatch.fnmatch is fnmatchcase after os.path.normcase (a no-op on POSIX).
    pattern = re.compile("|".join(fnmatch.translate(os.path.normcase(p))
                                  for p in patterns))
    return lambda name: pattern.match(os.path.normcase(name)) is not None


def _walk(settings, content_root):
    """(path, relpath, kind, lstat) of every file below ``content_root``, in a fixed
    order; kind is "symlink" (links to files or folders, never followed), "markup",
    "static" (an image in a STATIC_PATHS folder) or "other".

    String operations, one lstat per file and one Path made as a child of its
    folder's (half the cost of a new one): at 20,000 files the walk is part of
    every pre-commit hook.
    """
    static_folders = tuple(p.strip("/") + "/" for p in settings.get("STATIC_PATHS", []))
    ignored = _ignore_matcher(settings)
    root = str(content_root)
    for directory, subdirs, files in os.walk(root):
        subdirs[:] = sorted(d for d in subdirs if not ignored(d))
        linked = [d for d in subdirs if os.path.islink(os.path.join(directory, d))]
        subdirs[:] = [d for d in subdirs if d not in linked]
        folder = os.path.relpath(directory, root).replace(os.sep, "/")
        prefix = "" if folder == "." else folder + "/"
        folder_path = Path(directory)  # a child of it is half the cost of a Path
        for name in sorted(files + linked):
            if ignored(name):
                continue
            path = os.path.join(directory, name)
            relpath = prefix + name
            try:
                info = os.lstat(path)
            except OSError:
                continue  # removed while we walked
            suffix = os.path.splitext(name)[1].lower()
            if stat.S_ISLNK(info.st_mode):
                kind = "symlink"
            elif suffix in source_module.MARKUP_EXTENSIONS:
                kind = "markup"
            elif (suffix in source_module.IMAGE_EXTENSIONS
                  and relpath.startswith(static_folders)):
                kind = "static"
            else:
                kind = "other"
            yield folder_path / name, relpath, kind, info


def collect(settings, content_root, cache=None, full=None):
    """Every file below ``content_root``: Markdown and static images read, the rest
    (kind "symlink" for links, files or folders, never followed; "other") named.

    ``cache`` (cache.CheckCache): Markdown files not in ``full`` (relpaths; None:
    all) come from the cache when unchanged, front matter only; every file read in
    full is remembered in it.
    """
    return list(iter_sources(settings, content_root, cache, full))


def iter_sources(settings, content_root, cache=None, full=None):
    """:func:`collect`, one file at a time, in the same order."""
    folders = type_folders(settings)
    for path, relpath, kind, info in _walk(settings, content_root):
        if kind in ("symlink", "other"):
            yield source_module.SourceFile(path, relpath, kind)
        elif kind == "static":
            yield source_module.load(path, content_root)
        else:
            content_type = content_type_for(relpath, settings, folders)
            if cache is not None and full is not None and relpath not in full:
                yield cache.source(path, relpath, info, content_type)
            else:
                source = source_module.load(path, content_root, content_type)
                if cache is not None:
                    cache.remember(source, info, named=full is not None)
                yield source


def run(settings, content_root=None, in_build=False, only=None, editorial=True,
        cache=False):
    """Check the content folder; return a Report.

    ``in_build``: skip the rules the build's plugins enforce themselves;
    ``editorial``: apply the editors' rules (``Rule.editorial``) too.

    ``only``: paths (absolute or relative to the cwd) to report on; the whole folder
    is still read, so collisions with files not in ``only`` are found.

    ``cache``: with ``only`` (`invoke check FILE...`, the hook), use and update the
    cache under CACHE_PATH (cache.py): the other files' front matter comes from
    it and the per-file rules run on the ``only`` files alone (a per-file rule
    reports on its own file), so the findings are the same as a full run's.
    """
    load_rule_modules()
    content_root = Path(content_root or settings["PATH"]).resolve()
    context = CheckContext(settings, content_root, in_build)
    wanted = None if only is None else {Path(p).resolve() for p in only}
    store = None
    full = None
    # A full check reads every file anyway and is the reference the cache is
    # tested against: it neither reads nor writes the cache.
    if cache and wanted is not None and not in_build:
        from .cache import CheckCache

        store = CheckCache.open(settings, content_root)
        full = {p.relative_to(content_root).as_posix() for p in wanted
                if content_root in p.parents}
    rules = [rule for rule in RULES
             if (rule.in_build or not in_build) and (editorial or not rule.editorial)]
    if full is None and all(r.scope == "file" or r.types is not None for r in rules):
        return _report(*_check_one_by_one(settings, content_root, context, rules),
                       wanted)
    sources = collect(settings, content_root, cache=store, full=full)
    if store is not None:
        store.save()
    if full is None:
        named = sources
    else:
        # As _involves does: a link is named by what it resolves to.
        named = [s for s in sources if s.relpath in full
                 or (s.kind == "symlink" and s.path.resolve() in wanted)]
    findings = []
    for rule in rules:
        if rule.scope == "file":
            for source in named:
                findings.extend(rule.function(source, context) or ())
        else:
            findings.extend(rule.function(sources, context) or ())
    return _report(findings, len(sources), wanted)


def _check_one_by_one(settings, content_root, context, rules):
    """(findings, files checked) of ``rules`` (file rules, and corpus rules that
    name their types) over the folder, each file read, checked and let go unless a
    corpus rule wants it: the whole folder is never in memory at once (a build's
    check; at 20,000 articles their bytes and text are about 370 MiB). The same
    findings as reading every file first, in the same order (kept rule by rule)."""
    by_rule = [[] for _ in rules]
    file_rules = [(r, found) for r, found in zip(rules, by_rule, strict=True)
                  if r.scope == "file"]
    wanted_types = {name for r in rules if r.scope != "file" for name in r.types}
    kept, files_checked = [], 0
    for source in iter_sources(settings, content_root):
        files_checked += 1
        for rule, found in file_rules:
            found.extend(rule.function(source, context) or ())
        if source.content_type is not None and source.content_type.name in wanted_types:
            kept.append(source)
    for rule, found in zip(rules, by_rule, strict=True):
        if rule.scope != "file":
            sources = [s for s in kept if s.content_type.name in rule.types]
            found.extend(rule.function(sources, context) or ())
    return [item for found in by_rule for item in found], files_checked


def _report(findings, files_checked, wanted):
    if wanted is not None:
        findings = [f for f in findings if _involves(f, wanted)]
    findings.sort(key=lambda f: (str(f.path), f.line or 0, f.code))
    return Report(findings, files_checked=files_checked)


def _involves(finding, wanted):
    paths = [finding.path, *getattr(finding, "related", ())]
    return any(Path(p).resolve() in wanted for p in paths)


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
