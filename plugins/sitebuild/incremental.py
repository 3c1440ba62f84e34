"""Output-level incrementality: unchanged files keep their inode and mtime, and a
build whose inputs did not change is not run at all.

Two parts, both used by ``build.build_site``:

- :func:`keep_unchanged` runs after a clean Pelican run, before the swap. The build
  still writes every file into a *fresh* staging folder; each staged file whose
  bytes equal the file at the same place in the live output is then replaced by a
  hard link to that live file. After the swap the site holds the same inodes (same
  mtime) for every unchanged file, and new inodes only for files whose bytes
  changed. Files this build did not produce (a deleted article's page, an old
  slug) are simply not in the staging folder, so they disappear with the old tree.

  Why not stage into a hard-linked copy of the output and write only what
  changed? Because Pelican and the libraries it calls write with ``open(..., "w")``
  and ``shutil.copyfile`` (the Writer, theme and static files), which write
  *through* an existing hard link: a page written into such a staging folder would
  change the live site in the middle of the build, and a failed build would leave
  it half-written. A fresh staging folder linked to the live files only once the
  build is known to be clean cannot alter ``output/``, whoever wrote what.

- :class:`BuildStamp`: a fingerprint of every input of the build (content tree,
  theme, plugins and requirements, the settings files and the settings as read,
  the environment, the build clock's date) and of the output tree (path, size,
  mtime, inode, ctime of every file), with the next moment the site changes by itself
  (``next_change``: by the build clock for declared moments and countdowns, by
  Pelican's own clock for scheduled items, as each is decided), stored in
  ``CACHE_PATH/last-build.json`` after a successful build. When nothing differs
  and neither moment has come, the build is skipped.
  Source files go in by content hash; a file is read and hashed again only when
  its size, mtime, ctime or inode moved (any write moves the ctime, even when the
  mtime is put back, as a checkout may do), so an unchanged tree is not read.

No module-level mutable state: everything lives in the objects a build creates.
"""

import hashlib
import json
import os
import stat
from pathlib import Path

from digests import file_digest

STAMP = "last-build.json"  # in CACHE_PATH
# Bump when what the fingerprint covers changes: older stamps then never match.
FORMAT = "2"
# Never part of a fingerprint: caches and tools' own files.
_SKIPPED_DIRS = frozenset({"__pycache__", ".git", ".pytest_cache", ".mypy_cache"})
_CHUNK = 1 << 20
# Environment variables that change from one shell, terminal or test phase to the
# next without changing what a build makes.
_VOLATILE_ENVIRONMENT = frozenset({
    "_", "PWD", "OLDPWD", "SHLVL", "COLUMNS", "LINES", "WINDOWID", "TERM_SESSION_ID",
    "SSH_CLIENT", "SSH_CONNECTION", "SSH_TTY", "SSH_AUTH_SOCK", "DISPLAY",
    "XDG_SESSION_ID", "INVOCATION_ID", "JOURNAL_STREAM", "MAKEFLAGS", "MAKELEVEL",
    "MFLAGS", "PYTEST_CURRENT_TEST",
})


# --- Keeping unchanged files -----------------------------------------------------------


def same_bytes(first, second, size):
    """True if the two files (both ``size`` bytes) hold the same bytes."""
    if size == 0:
        return True
    with open(first, "rb") as a, open(second, "rb") as b:
        while True:
            chunk = a.read(_CHUNK)
            if chunk != b.read(_CHUNK):
                return False
            if not chunk:
                return True


def keep_unchanged(staging, output):
    """Link each staged file whose bytes equal the live one's to the live file.

    Returns (files kept, files new or changed). Only names inside ``staging`` are
    created or replaced (a temporary link, then ``os.replace``): nothing under
    ``output`` is opened for writing, so a failure here leaves the live site as it
    was (the caller then discards the staging folder).
    """
    staging, output = Path(staging), Path(output)
    kept = written = 0
    if not output.is_dir():
        return kept, sum(len(files) for _, _, files in os.walk(staging))
    suffix = f".keep-{os.getpid()}"
    for folder, _, files in os.walk(staging):
        relative = os.path.relpath(folder, staging)
        live_folder = output / relative if relative != "." else output
        for name in files:
            new = os.path.join(folder, name)
            old = os.path.join(live_folder, name)
            try:
                old_info = os.lstat(old)
            except (FileNotFoundError, NotADirectoryError):
                written += 1
                continue
            new_info = os.lstat(new)
            if (old_info.st_ino, old_info.st_dev) == (new_info.st_ino, new_info.st_dev):
                kept += 1  # already the same file (a page the page memo linked)
                continue
            if not (stat.S_ISREG(old_info.st_mode) and stat.S_ISREG(new_info.st_mode)
                    and old_info.st_size == new_info.st_size
                    and same_bytes(old, new, new_info.st_size)):
                written += 1
                continue
            temporary = new + suffix
            try:
                os.link(old, temporary)
            except OSError:  # another file system, or links refused: keep the copy
                written += 1
                continue
            os.replace(temporary, new)
            kept += 1
    return kept, written


# --- Skipping a build whose inputs did not change -------------------------------------


def _walk(root, relative=""):
    """(relative path, path, lstat) of every file under ``root``, in a stable order
    (by name, depth first). A symbolic link is listed, not followed.

    One ``scandir`` per folder and one ``lstat`` per file, no path arithmetic: at
    20,000 articles the output is 60,000 files, walked by every build, even one
    with nothing to do."""
    with os.scandir(root) as entries:
        entries = sorted(entries, key=lambda entry: entry.name)
    for entry in entries:
        name = relative + entry.name
        if entry.is_dir(follow_symlinks=False):
            if entry.name not in _SKIPPED_DIRS and not entry.name.endswith(".egg-info"):
                yield from _walk(entry.path, name + "/")
        else:
            yield name, entry.path, entry.stat(follow_symlinks=False)


def _output_tree(digest, root):
    """Add every file under ``root`` (path, size, mtime, inode, ctime) to ``digest``.

    Any write moves a file's ctime, even one that puts size and mtime back, and
    nothing links or writes the output between a build and the next."""
    root = Path(root)
    if not root.is_dir():
        digest.update(b"absent\n")
        return
    for relative, _, info in _walk(root):
        digest.update(f"{relative}\0{info.st_size}\0{info.st_mtime_ns}\0{info.st_ino}"
                      f"\0{info.st_ctime_ns}\n".encode("utf-8", "surrogateescape"))


def source_files(roots, previous):
    """{path: [size, mtime_ns, ino, ctime_ns, BLAKE2]} of every file under ``roots``.

    A file whose lstat figures all equal the previous build's keeps its recorded
    hash (any write moves the ctime, even when the mtime is put back, as a checkout
    may do); any other file is read and hashed. The hash, not the figures, goes into
    the fingerprint: a checkout that writes a file again with the same bytes
    changes nothing.
    """
    files = {}
    for root in roots:
        root = Path(root)
        if not root.is_dir():
            files[str(root)] = None
            continue
        for _, path, info in _walk(root):
            figures = [info.st_size, info.st_mtime_ns, info.st_ino, info.st_ctime_ns]
            known = previous.get(path)
            if known and known[:4] == figures:
                files[path] = known
            elif stat.S_ISREG(info.st_mode):
                files[path] = figures + [file_digest(path)]
            else:  # a link or a device: its figures only (the checker refuses links)
                files[path] = figures + [None]
    return files


def output_fingerprint(output):
    """Every file of the output tree: path, size, mtime, inode, ctime. A hand edit
    or a deletion changes it."""
    digest = hashlib.sha256()
    _output_tree(digest, output)
    return digest.hexdigest()


def canonical(value):
    """A text for ``value`` stable from one process to the next: sets sorted,
    functions by name, object addresses dropped."""
    import re

    if isinstance(value, dict):
        items = sorted((str(k), canonical(v)) for k, v in value.items())
        return "{" + ", ".join(f"{k}: {v}" for k, v in items) + "}"
    if isinstance(value, (set, frozenset)):
        return "{" + ", ".join(sorted(canonical(v) for v in value)) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(canonical(v) for v in value) + "]"
    if callable(value) and hasattr(value, "__qualname__"):
        return f"{getattr(value, '__module__', '')}.{value.__qualname__}"
    return re.sub(r" at 0x[0-9a-f]+", "", repr(value))


def input_fingerprint(settings_file, settings, output, code_fingerprint, today,
                      files):
    """The hash of everything a build reads (see the module docstring); ``files``
    from :func:`source_files`."""
    return files_fingerprint(
        settings_fingerprint(settings_file, settings, output, code_fingerprint, today),
        files)


def files_fingerprint(settings_part, files):
    """:func:`settings_fingerprint`'s hash and the hash of each of ``files``."""
    digest = hashlib.sha256(settings_part.encode())
    for path in sorted(files):
        digest.update(f"{path}\0{files[path] and files[path][4]}\n".encode(
            "utf-8", "surrogateescape"))
    return digest.hexdigest()


def settings_fingerprint(settings_file, settings, output, code_fingerprint, today):
    """The hash of a build's inputs that are not files under its source folders:
    the settings files, the settings as read, the environment, our code, the
    output folder and the date."""
    digest = hashlib.sha256(f"{FORMAT}\0{output}\0{today}\0{code_fingerprint}\n"
                            .encode())
    settings_file = Path(settings_file).resolve()
    # The settings file and the ones beside it it may import (publishconf.py
    # imports pelicanconf.py): their code, including functions the settings hold.
    for path in sorted(settings_file.parent.glob("*.py")):
        digest.update(f"{path.name}\0".encode() + path.read_bytes())
    # The settings as read: the environment and the overrides are in there. The
    # output path is the staging folder, named after the process: left out.
    digest.update(canonical({k: v for k, v in settings.items()
                             if k != "OUTPUT_PATH"}).encode("utf-8", "surrogateescape"))
    # The environment: plugins and tools read it (PAGEFIND_BINARY_PATH, the locale,
    # TZ, PATH); only values that say where a shell or a test is are left out.
    # Hashed, never stored.
    digest.update(canonical({k: v for k, v in os.environ.items()
                             if k not in _VOLATILE_ENVIRONMENT}).encode(
        "utf-8", "surrogateescape"))
    return digest.hexdigest()


def source_roots(settings_file, settings):
    """The folders a build reads: content, theme, plugin paths."""
    base = Path(settings_file).resolve().parent
    return [base / settings["PATH"], base / settings["THEME"],
            *(base / p for p in settings.get("PLUGIN_PATHS", ()))]


def _series_name(series):
    return hashlib.sha1(series.encode("utf-8", "surrogateescape")).hexdigest()[:16]


class BuildStamp:
    """What the last successful build into ``output`` read, wrote and expects next."""

    def __init__(self, cache, output, settings_file, settings, code, today,
                 series=None):
        """``series``: the kind of build (see ``build.build_site``); the default,
        one per output folder, keeps its stamp in ``last-build.json``."""
        self.output = Path(output)
        series = series or str(self.output)
        self.path = Path(cache) / (STAMP if series == str(self.output) else
                                   f"last-build-{_series_name(series)}.json")
        self.last = self._load() or {}
        self.files = source_files(source_roots(settings_file, settings),
                                  self.last.get("files") or {})
        # The series, not the output folder: a publish's release folders differ
        # every time, and nothing a page says depends on where it is written.
        self.settings_part = settings_fingerprint(settings_file, settings, series,
                                                  code, today)
        self.inputs = files_fingerprint(self.settings_part, self.files)

    def inputs_but(self, sources):
        """The inputs' hash without the files in ``sources`` (absolute paths): for
        the page memo, which describes the content items read from them."""
        return files_fingerprint(self.settings_part, {
            path: figures for path, figures in self.files.items()
            if path not in sources})

    def _load(self):
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def up_to_date(self, now, pelican_now):
        """True if the last build had the same inputs, its output is there as it
        left it, and no time-driven change has come since: neither a declared
        moment or midnight countdown by the build clock (``now``,
        ``vn_dates.deadlines.build_now``) nor a scheduled item by the clock Pelican
        decides "future" with (``pelican_now``)."""
        stamp = self.last
        if not stamp or stamp.get("inputs") != self.inputs:
            return False
        if stamp.get("output") != str(self.output) or not self.output.is_dir():
            return False
        if self.moment_came(now, pelican_now):
            return False
        return stamp.get("tree") == output_fingerprint(self.output)

    def moment_came(self, now, pelican_now):
        """True if a time-driven change the last build expected has come (or the
        last build is not known): pages may differ with no input changed."""
        from datetime import datetime

        if not self.last:
            return True
        for key, clock in (("next_change", now), ("next_scheduled", pelican_now)):
            moment = self.last.get(key, "unknown")
            if moment == "unknown" or (moment and clock >= datetime.fromisoformat(
                    moment)):
                return True
        return False

    def forget(self):
        """A build is under way: until it ends well, nothing is known."""
        self.path.unlink(missing_ok=True)

    def record(self, next_change, next_scheduled):
        """After the swap: remember the inputs, the output tree, and the next
        changes by each clock (aware datetimes, None for none, "unknown" if they
        could not be found)."""
        def moment(value):
            return value if value in (None, "unknown") else value.isoformat()

        data = {"inputs": self.inputs, "output": str(self.output),
                "tree": output_fingerprint(self.output),
                "next_change": moment(next_change),
                "next_scheduled": moment(next_scheduled), "files": self.files}
        temporary = self.path.with_name(self.path.name + f".{os.getpid()}")
        temporary.write_text(json.dumps(data, separators=(",", ":")) + "\n",
                             encoding="utf-8")
        os.replace(temporary, self.path)
