"""What the checker remembers of each Markdown file between runs (cache/check/).

`invoke check FILE...` and the pre-commit hook (``--staged``) apply every rule to the
named files only, but the rules that compare files (URL collisions, duplicate
document numbers or task codes, legacy URLs, Replaced-by: targets...) still need
every other file's front matter. Reading and parsing 20,000 articles for that took
most of the hook's time, so a check remembers, per Markdown file:

- the file's front matter *as text* (its lines up to where the body starts) and
  whether it starts with a BOM or is not UTF-8. A file from the cache is parsed
  again from that text by source.parse_front_matter, the one parser, so it has
  exactly the fields, lines and syntax errors a full read gives, and no body (no
  rule that compares files reads one). Storing the parsed fields instead was no
  faster at 20,000 files (0.31 s against 0.33 s: JSON decodes one string per file
  faster than seven small lists) and would be a second description of them;
- where Pelican would write it (urls.save_as_for), the one derived value that is
  costly to compute 20,000 times (slugify).

An entry is found by the file's path and is valid for the same bytes: the first
test is the file's (size, mtime_ns, ctime_ns, inode); if that differs the file is
read and its BLAKE2 hash compared with the one remembered, so a git checkout or
`cp` that rewrites the times costs a read and a hash, not a parse. ctime, which no
program can set back, catches an edit that keeps the size and restores the mtime;
a file changed less than RACY_SECONDS before it was remembered is hashed again on
the next run (its times may not have moved since: git's "racily clean" problem).

The whole cache is dropped when the checker's or the plugins' code changes
(digests.code_fingerprint), when any setting changes (the content types'
folders, the *_SAVE_AS patterns and the slug settings decide what is derived), or
when the content folder is another one. A cache that is missing, unreadable, not
JSON (pickle would run code from a file anyone in the checkout could write) or of
another version is ignored and written again; it is written to a temporary file
and renamed over the old one, so two checks at once never see half a file. It is
never written inside the content folder.
"""

import hashlib
import json
import os
import stat as stat_module
import tempfile
import time
from pathlib import Path

import sources as source_module
from digests import code_fingerprint

from .urls import remember_save_as, save_as_for

FORMAT = 1  # change when an entry's layout or meaning changes
RACY_SECONDS = 2
# Caches of other content folders (tests, `--path`) are deleted after a week.
STALE_SECONDS = 7 * 24 * 3600


def _stable(value):
    """``value`` as JSON-able data that is the same in every process.

    Settings hold functions, modules and plugin objects whose repr() names a memory
    address; those are named by module and qualified name instead.
    """
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, dict):
        return [[_stable(k), _stable(v)] for k, v in
                sorted(value.items(), key=lambda item: repr(_stable(item[0])))]
    if isinstance(value, (list, tuple)):
        return [_stable(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted((_stable(v) for v in value), key=repr)
    name = getattr(value, "__qualname__", None) or getattr(value, "__name__", None)
    module = getattr(value, "__module__", None)
    if name:
        return f"<{module}.{name}>"
    text = repr(value)  # datetime, ZoneInfo, Enum...: their repr is their value
    if " at 0x" not in text:
        return text
    return f"<{type(value).__module__}.{type(value).__qualname__}>"


def settings_fingerprint(settings):
    text = json.dumps(_stable(dict(settings)), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def cache_key(settings, content_root):
    digest = hashlib.sha256()
    for part in (str(FORMAT), code_fingerprint(), settings_fingerprint(settings),
                 str(content_root)):
        digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()


def cache_file(settings, content_root):
    """Where the cache of ``content_root`` lives, or None (no CACHE_PATH, or it
    lies inside the content folder, whose every file would be published)."""
    folder = settings.get("CACHE_PATH")
    if not folder:
        return None
    folder = (Path(folder) / "check").resolve()
    root = Path(content_root).resolve()
    if folder == root or root in folder.parents:
        return None
    name = hashlib.sha256(str(root).encode("utf-8")).hexdigest()[:16]
    return folder / f"{name}.json"


def digest_of(raw):
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def signature(stat):
    return [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]


def front_matter_text(source):
    """The lines of ``source`` up to its body, from which parse_front_matter finds
    the same fields, lines and syntax errors (the line that ended them included)."""
    lines = source_module.text_lines(source.text)
    # The trailing newline keeps a final blank line: text_lines drops one "".
    return "\n".join(lines[:source.body_start]) + "\n"


class CheckCache:
    """The remembered files of one content folder, for one run of the checker."""

    def __init__(self, settings, content_root, path):
        self.settings = settings
        self.content_root = Path(content_root)
        self.path = path
        self.key = cache_key(settings, content_root) if path else None
        self.old = self._read()
        self.new = {}
        self.dirty = False
        # Files changed after this are not trusted by their times next run.
        self.racy_after = time.time_ns() - RACY_SECONDS * 1_000_000_000

    @classmethod
    def open(cls, settings, content_root):
        return cls(settings, content_root, cache_file(settings, content_root))

    def _read(self):
        if self.path is None:
            return {}
        try:
            data = json.loads(self.path.read_bytes())
        except (OSError, ValueError):
            return {}  # absent, unreadable or not JSON: rebuilt
        if (not isinstance(data, dict) or data.get("key") != self.key
                or not isinstance(data.get("files"), dict)):
            return {}  # another version, other settings or another folder
        return data["files"]

    def source(self, path, relpath, stat, content_type):
        """The SourceFile of ``relpath``: from the cache when its bytes are the
        remembered ones (front matter only), else read and parsed in full."""
        entry = self.old.get(relpath)
        raw = None
        try:
            if (entry is not None and entry[0] is not None
                    and entry[0] == signature(stat)):
                return self._summary(path, relpath, entry, content_type)
            raw = Path(path).read_bytes()
            if entry is not None and entry[1] == digest_of(raw):
                entry = [self._trusted(stat), *entry[1:]]
                self._keep(relpath, entry)
                self.dirty = True
                return self._summary(path, relpath, entry, content_type)
        except (TypeError, ValueError, IndexError, KeyError):
            pass  # an entry of the wrong shape: read the file
        source = source_module.load(path, self.content_root, content_type, raw=raw)
        self.remember(source, stat, raw)
        return source

    def _summary(self, path, relpath, entry, content_type):
        _, _, text, bom, save_as = entry
        if (not (text is None or isinstance(text, str)) or not isinstance(bom, bool)
                or not (save_as is None or isinstance(save_as, str))):
            raise ValueError("bad entry")
        summary = source_module.SourceFile(path=path, relpath=relpath, kind="markup",
                                           content_type=content_type, text=text,
                                           bom=bom)
        if text is not None:
            source_module.parse_front_matter(summary)
        remember_save_as(summary, self.settings, save_as)
        self._keep(relpath, entry)
        return summary

    def _keep(self, relpath, entry):
        self.new[relpath] = entry

    def _trusted(self, stat):
        """The signature to remember, or None when the times cannot be trusted."""
        if stat.st_ctime_ns >= self.racy_after or stat.st_mtime_ns >= self.racy_after:
            return None
        return signature(stat)

    def remember(self, source, stat, raw=None, named=False):
        """Remember a Markdown file read in full.

        ``named``: a file the check names (FILE, --staged), read in full on every
        run anyway: its change alone does not rewrite the cache (0.2 s at 20,000
        files, on each commit, to save 0.1 ms on a later one).
        """
        text = None if source.text is None else front_matter_text(source)
        save_as = (save_as_for(source, self.settings) if source.text is not None
                   else None)
        entry = [self._trusted(stat), digest_of(raw if raw is not None else source.raw),
                 text, source.bom, save_as]
        relpath = source.relpath
        if not named and self.old.get(relpath) != entry:
            self.dirty = True
        self._keep(relpath, entry)

    def save(self):
        """Write the cache if a file not named was read again or is gone; never
        fails (a cache that cannot be written is only slower next time)."""
        if self.path is None or not (
                self.dirty or any(relpath not in self.new for relpath in self.old)):
            return
        data = {"key": self.key, "format": FORMAT, "files": self.new}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle = tempfile.NamedTemporaryFile(
                "wb", dir=self.path.parent, prefix=".tmp-", suffix=".json",
                delete=False)
            with handle:
                handle.write(json.dumps(data, ensure_ascii=False,
                                        separators=(",", ":")).encode("utf-8"))
            os.replace(handle.name, self.path)
            self._prune()
        except OSError:
            try:
                os.unlink(handle.name)
            except (OSError, NameError):
                pass

    def _prune(self):
        now = time.time()
        for other in self.path.parent.iterdir():
            try:
                if (other != self.path and other.suffix == ".json"
                        and stat_module.S_ISREG(other.stat().st_mode)
                        and now - other.stat().st_mtime > STALE_SECONDS):
                    other.unlink()
            except OSError:
                pass
