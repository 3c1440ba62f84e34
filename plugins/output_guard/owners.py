"""One owner per output file: a dict of path → owner that refuses a second writer.

Every file under the output folder is claimed before it is written: by Pelican's
Writer (through :class:`GuardedWriter`), by the static files and content items
(claimed in advance, before anything is written), and by our plugins through
:func:`write_text`, :func:`write_bytes` and :func:`copy_file`. A claim on a path
another owner holds is refused with an error naming both sources (file and line, or
the setting), and nothing is written. Folders the site writes as a whole (the
theme's assets, the nginx map, the search index) are reserved by prefix.

The registry lives in the build session (``build_session``: ``owners``), which
every plugin reaches through the settings, created afresh for each build on
``initialized``.
"""

import os
import posixpath
import shutil
from dataclasses import dataclass
from pathlib import Path

import content_types
from build_session import session
from listing_pages import listing_pages
from pelican.writers import Writer
from source_errors import ContentError, display_path, metadata_line, report


CODE = "E-OUTPUT-CONFLICT"
CONTENT = "trang"  # the label of a content item's own page
LEGACY = "Legacy-URL"
STATIC = "tệp tĩnh"


@dataclass(frozen=True)
class Owner:
    """Who writes a file: a source file (and line), or a part of the site (setting)."""

    label: str  # e.g. "Legacy-URL", "trang", "mẫu 404", "INDEX_SAVE_AS"
    path: str | None = None  # the content file, if an editor's file is the source
    line: int | None = None
    # Else the metadata fields whose line names the claim, the first one present,
    # looked up only for a message: reading every item's front matter again for a
    # line no message shows took about 1 s a build at 2,000 articles.
    fields: tuple = ()

    def __str__(self):
        if self.path is None:
            return self.label
        line = self.source_line()
        where = display_path(self.path) + (f":{line}" if line else "")
        return f"{where} ({self.label})"

    def source_line(self):
        """The line of the source that makes this claim, if known."""
        if self.line or self.path is None:
            return self.line
        return next(filter(None, (metadata_line(self.path, field)
                                  for field in self.fields)), None)


class OutputOwners:
    """{relative output path: Owner}, plus reserved folder prefixes."""

    def __init__(self):
        self.files = {}
        self.prefixes = {}

    def reserve_prefix(self, prefix, owner):
        self.prefixes[prefix.strip("/") + "/"] = owner

    def holder(self, relpath):
        """The Owner of ``relpath`` (or of a reserved folder above it), or None."""
        if relpath in self.files:
            return self.files[relpath]
        end = relpath.find("/")
        while end != -1:  # each folder above it, shortest first
            owner = self.prefixes.get(relpath[:end + 1])
            if owner is not None:
                return owner
            end = relpath.find("/", end + 1)
        return None

    def claim(self, relpath, owner, code=CODE, on_conflict=report):
        """Take ``relpath`` for ``owner``; False (and an error) if another holds it."""
        # One spelling per file: "a//b" and "a/./b" are "a/b" on the disk too.
        relpath = posixpath.normpath(relpath.replace(os.sep, "/").lstrip("/"))
        held = self.holder(relpath)
        if held is None or may_share(held, owner):
            self.files.setdefault(relpath, owner)
            return True
        if not (held.label == owner.label == CONTENT):  # content_rules reports those
            on_conflict(conflict(relpath, owner, held, code))
        return False


def may_share(held, owner):
    if held.path is None and owner.path is None:
        # Parts of the site itself (templates, plugins, settings): Pelican's own
        # Writer already refuses a second write among them.
        return True
    # A content file and its own outputs (page, cover, PDF copy) share one owner;
    # a redirect page never replaces anything, not even its article's own page.
    return held.path == owner.path and LEGACY not in (held.label, owner.label)


def conflict(relpath, newcomer, holder, code=CODE):
    """The error for two owners of one output file, placed at an editor's file."""
    first, other = (newcomer, holder) if newcomer.path else (holder, newcomer)
    return ContentError(
        code, first.path or "pelicanconf.py", first.source_line(),
        f"tệp '{relpath}' của trang xuất bản sẽ bị ghi hai lần: bởi {first} và bởi "
        f"{other}; mỗi tệp chỉ có một nguồn, hãy sửa một trong hai (không ghi đè)")


def owners(settings):
    """The build's registry (in its session; a fresh one outside a build, e.g. in
    unit tests)."""
    current = session(settings)
    if current.owners is None:
        current.owners = OutputOwners()
    return current.owners


def setting_prefix(pattern):
    """``chuyen-muc/{slug}/index.html`` → ``chuyen-muc/`` (the fixed folder part)."""
    fixed = (pattern or "").split("{", 1)[0]
    return fixed.rsplit("/", 1)[0] + "/" if "/" in fixed else ""


def reserved_outputs(settings):
    """({path: Owner}, {folder prefix: Owner}) that parts of the site write.

    Files: direct templates (home, news index, 404), section indexes, the search
    page, sitemap and robots.txt. Folders: the theme's assets, the nginx maps, the
    search index, feeds, category and Q&A field pages.
    """
    files = {}
    for name in settings.get("DIRECT_TEMPLATES", ()):
        setting = f"{name.upper()}_SAVE_AS"
        files[settings.get(setting, f"{name}.html")] = Owner(setting)
    type_files, type_folders = content_types.reserved_outputs(settings)
    for setting in (*type_files, "ARCHIVE_INDEX_SAVE_AS", "ARCHIVE_DAYS_SAVE_AS",
                    "SEARCH_SAVE_AS", "ASSETS_MANIFEST"):
        if settings.get(setting):
            files[settings[setting]] = Owner(setting)
    files["sitemap.xml"] = files["robots.txt"] = Owner("plugin sitemap")
    prefixes = {}
    theme_dir = settings.get("THEME_STATIC_DIR", "theme")
    prefixes[theme_dir.strip("/") + "/"] = Owner("THEME_STATIC_DIR (giao diện)")
    for setting in ("LEGACY_URLS_MAP_SAVE_AS", "FEEDS_ALL_RSS", "CATEGORY_SAVE_AS",
                    *type_folders):
        prefix = setting_prefix(settings.get(setting))
        if prefix:
            prefixes[prefix] = Owner(setting)
    prefixes.setdefault("nginx/", Owner("LEGACY_URLS_MAP_SAVE_AS (nginx)"))
    prefixes["pagefind/"] = Owner("chỉ mục tìm kiếm (site_search)")
    return {k: v for k, v in files.items() if k}, prefixes


def reserve_site_outputs(settings, registry=None):
    """Claim every reserved file and folder (in the build's registry by default)."""
    registry = owners(settings) if registry is None else registry
    files, prefixes = reserved_outputs(settings)
    registry.files.update(files)
    for prefix, owner in prefixes.items():
        registry.reserve_prefix(prefix, owner)
    return registry


# --- Writing -------------------------------------------------------------------------


def _target(settings, relpath, owner, code, output_path):
    if not owners(settings).claim(relpath, owner, code):
        return None
    target = Path(output_path or settings["OUTPUT_PATH"]) / relpath
    target.parent.mkdir(parents=True, exist_ok=True)
    _never_in_place(target)
    return target


def _never_in_place(path):
    """Remove ``path`` before it is written again: a file of this build may be a
    hard link to the last build's (a page the page memo took), and writing it in
    place would change the live site's copy too."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def write_text(settings, relpath, text, owner, code=CODE, output_path=None):
    """Write ``text`` at ``relpath`` of the output if ``owner`` may; True if written.

    ``output_path``: the output folder, if not the settings' OUTPUT_PATH.
    """
    target = _target(settings, relpath, owner, code, output_path)
    if target is not None:
        target.write_text(text, encoding="utf-8")
    return target is not None


def write_bytes(settings, relpath, data, owner, code=CODE, output_path=None):
    """Write ``data`` at ``relpath`` of the output if ``owner`` may; True if written."""
    target = _target(settings, relpath, owner, code, output_path)
    if target is not None:
        target.write_bytes(data)
    return target is not None


def copy_file(settings, relpath, source, owner, code=CODE, output_path=None):
    """Copy ``source`` to ``relpath`` if ``owner`` may; True if done.

    Always a copy, never a hard link: a tool that edits the output in place must
    not reach an editor's file in content/ or a cache entry through it."""
    target = _target(settings, relpath, owner, code, output_path)
    if target is None:
        return False
    shutil.copyfile(source, target)
    return True


class GuardedWriter(Writer):
    """Pelican's Writer, claiming each file it writes in the build's registry,
    passing each rendered page through the build's page filters, and asking the
    build's page memo (page_memo) whether the page needs rendering at all."""

    def write_file(self, name, template, context, relative_urls=False,
                   paginated=None, template_name=None, override_output=False,
                   url=None, **kwargs):
        """Pelican's ``write_file``; a paginated template's pages are cut from the
        oldest item (listing_pages), each written as a page of its own."""
        self._writing_pages = True
        try:
            self._write_pages(name, template, context, relative_urls, paginated,
                              template_name, override_output, url, **kwargs)
        finally:
            self._writing_pages = False

    def _write_pages(self, name, template, context, relative_urls, paginated,
                     template_name, override_output, url, **kwargs):
        self._owner = _writer_owner(template, kwargs)
        current = session(self.settings)
        if current.page_filters:
            # Each page is finished in memory (html_postprocess) and never read back.
            template = _FilteredTemplate(template, current.page_filters)
        memo = current.page_memo
        if memo is not None:
            template = memo.wrap(template)
        if paginated is None:  # Pelican's default
            paginated = {key: value for key, value in kwargs.items()
                         if key in {"articles", "dates"}}
        paginated_templates = self.settings["PAGINATED_TEMPLATES"]
        if not (paginated and name and template_name in paginated_templates):
            # ``paginated={}``: Pelican writes the one page as it is.
            return super().write_file(name, template, context, relative_urls, {},
                                      None, override_output, url, **kwargs)
        size = (paginated_templates[template_name]
                or self.settings["DEFAULT_PAGINATION"])
        listings = {key: listing_pages(name, url, items, size, self.settings)
                    for key, items in paginated.items()}
        for number in range(len(next(iter(listings.values())))):
            shown = {f"{key}_page": pages[number] for key, pages in listings.items()}
            page = next(iter(shown.values()))
            super().write_file(page.save_as, template, context, relative_urls, {},
                               None, override_output, page.url, **kwargs, **shown)

    def _open_w(self, filename, encoding, override=False):
        relpath = os.path.relpath(filename, self.output_path)
        owner = getattr(self, "_owner", None) or Owner("Pelican")
        if not owners(self.settings).claim(relpath, owner):
            # Reported; the first owner's file stays. (Pelican's own guard would
            # refuse a second write to os.devnull, so it is not asked.)
            return open(os.devnull, "w", encoding=encoding)
        _never_in_place(filename)  # a second write (override) of a linked page
        handle = super()._open_w(filename, encoding, override)
        # A page may be a link to the last build's; a feed (write_feed) is text.
        return _PageFile(handle) if getattr(self, "_writing_pages", False) else handle


class _PageFile:
    """The file Pelican's Writer opened for a page or a feed. A page the page memo
    took from the last build (a ``ReusedPage``) is linked from there in its place
    instead of being written again: at 20,000 articles, tens of thousands of
    pages a build that were written, then read back and compared by
    ``keep_unchanged``, only to become that same link."""

    def __init__(self, handle):
        self.handle = handle
        self.written = False

    def write(self, text):
        live = getattr(text, "live", None)
        if not self.written and live is not None and _link_over(live, self.handle.name):
            self.written = True
            return len(text)
        self.written = True
        return self.handle.write(text)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.handle.close()


def _link_over(live, filename):
    """Put a hard link to the last build's ``live`` page at ``filename`` (a new,
    empty file of this build); False if the file system refuses (the text is
    then written)."""
    if filename == os.devnull:
        return False
    temporary = f"{filename}.link-{os.getpid()}"
    try:
        os.link(live, temporary)
    except OSError:
        return False
    os.replace(temporary, filename)
    return True


class _FilteredTemplate:
    """A Jinja template whose rendered text goes through ``filters`` (the build
    session's ``page_filters``)."""

    def __init__(self, template, filters):
        self.template, self.filters = template, filters
        self.name = getattr(template, "name", None)

    def render(self, localcontext):
        html = self.template.render(localcontext)
        for page_filter in self.filters:
            html = page_filter(html, localcontext)
        return html


def _writer_owner(template, kwargs):
    from pelican.contents import Content

    for value in kwargs.values():
        if isinstance(value, Content):
            return Owner(CONTENT, value.source_path)
    return Owner(f"mẫu {getattr(template, 'name', template)}")
