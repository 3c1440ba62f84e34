"""Pages not rendered again when nothing they show has changed (issue 14: a
one-article edit in a 20,000-article archive must not render 30,000 pages).

After a successful build, ``CACHE_PATH/page-memo-<series>.pickle`` keeps, for
every page the Writer rendered, what its bytes were made of:

- the **site digest**, shared by every page: the build's inputs other than the
  content sources (settings, settings files, environment, theme, plugins,
  pinned packages, every non-source file under content/ such as images and
  PDFs, the build clock's date: ``sitebuild`` passes that part in), plus every
  content item's *description*: all its attributes (metadata, URL, save_as,
  category, date, status, lead image...) but its body;
- the **bodies the page read**: while a page renders, reading ``.content`` (or a
  ``.summary`` made from the body) of any item is noted with a hash of that
  item's body;
- the hash of the text written, and what the page's rendering left in the
  build's caches (``OUTPUT_GUARD_PAGE_EFFECTS``: the fragment cache's keys).

The next build renders a page only if one of those differs: a different site
digest (any metadata, template, setting or picture changed: every page is
rendered, as before), a body the page showed changed, or the live file is not
the bytes recorded (a hand edit). Otherwise the live file's text is handed to
the Writer as the rendered page: the staging folder, the output guard's claims,
``content_written`` and the hard-linking of unchanged files all work as for a
rendered page. An edited article's body is read by its own page (and by the
listings whose summary is cut from it), so those alone are rendered.

Why not finer (a page depending only on the items it lists)? A listing depends
on which items come first, which an item it does not show can change (a new
article pushes one off the first page). Tracking that safely costs more than
rendering; a metadata edit renders every page, as stock Pelican does for any
edit, and a body edit, the common case, renders a handful.

Never stale by design: a page whose rendering logged a warning is not kept
(the warning must show again next time), a name rendered twice in one build is
not kept, and an item's description uses each attribute's value (objects are
described by their own attributes) or, when it cannot be described stably,
makes the site digest unique to this build, so nothing is reused.
"""

import contextlib
import datetime
import hashlib
import logging
import os
import pickle
import re
from pathlib import Path, PurePath

from pelican.contents import Content, Static
from pelican.urlwrappers import URLWrapper

logger = logging.getLogger(__name__)

SETTING = "OUTPUT_GUARD_PAGE_MEMO"
EFFECTS = "OUTPUT_GUARD_PAGE_EFFECTS"
# Bump when what a record covers changes: older memos then never match.
FORMAT = "1"
# An item's attributes that are not part of its description: the shared context
# and the settings (in the site digest's other half), the body (read per page).
_NOT_DESCRIBED = frozenset({"_context", "settings", "_content"})
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


def _digest(*parts):
    digest = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part if isinstance(part, bytes) else str(part).encode(
            "utf-8", "surrogatepass")
        digest.update(f"{len(data)}\0".encode() + data)
    return digest.hexdigest()


class _Unstable(Exception):
    """A value whose text would not be the same in the next build."""


_PLAIN = frozenset({str, bytes, int, float, bool, type(None)})


def describe(value, depth=0, seen=()):
    """A text of ``value`` that is the same in every build where it is the same.

    Called for every attribute of every item at each build (20,000 articles):
    the common types come first, by exact type."""
    kind = type(value)
    if kind in _PLAIN:
        return repr(value)
    if id(value) in seen:
        return "<cycle>"  # an object already being described, further up
    if depth > 8:
        raise _Unstable(f"{kind.__qualname__} nested too deep")
    seen = (*seen, id(value))
    depth += 1
    if kind is dict:
        return "{" + ", ".join(sorted(
            describe(k, depth, seen) + ": " + describe(v, depth, seen)
            for k, v in value.items())) + "}"
    if kind is list or kind is tuple:
        return "[" + ", ".join([describe(v, depth, seen) for v in value]) + "]"
    return _describe_other(value, kind, depth, seen)


def _describe_other(value, kind, depth, seen):
    if isinstance(value, Content) and depth > 1:
        # Another item: its own description is in the site digest.
        return f"<{kind.__name__} {getattr(value, 'source_path', None)!r}>"
    if isinstance(value, URLWrapper):
        return f"<{kind.__name__} {value.name!r} {value.slug!r}>"
    if isinstance(value, (datetime.date, datetime.time)):
        zone = getattr(value, "tzinfo", None)
        return f"{kind.__name__}({value.isoformat()} {zone!r})"
    if isinstance(value, (str, bytes, int, float, PurePath)):  # Markup, enums...
        return f"{kind.__qualname__}({value!r})"
    if isinstance(value, datetime.timedelta):
        return repr(value)
    if isinstance(value, dict):
        return describe(dict(value), depth - 1, seen[:-1])
    if isinstance(value, (set, frozenset)):
        return "{" + ", ".join(sorted(describe(v, depth, seen) for v in value)) + "}"
    if isinstance(value, (list, tuple)):
        return describe(list(value), depth - 1, seen[:-1])
    if callable(value) and hasattr(value, "__qualname__"):
        return f"{getattr(value, '__module__', '')}.{value.__qualname__}"
    state = getattr(value, "__dict__", None)
    if state is not None:
        kept = {k: v for k, v in state.items() if k not in _NOT_DESCRIBED}
        return f"<{kind.__qualname__} {describe(kept, depth, seen)}>"
    slots = getattr(kind, "__slots__", None)
    if slots:
        return f"<{kind.__qualname__} " + describe(
            {name: getattr(value, name, None) for name in slots}, depth, seen) + ">"
    text = repr(value)
    if _ADDRESS.search(text):
        raise _Unstable(kind.__qualname__)
    return text


def body_hash(item):
    """The hash of what an item's ``content`` is made from (before its links are
    made absolute for a page: the other items' URLs are in the site digest)."""
    return _digest(getattr(item, "_content", None) or "")


class PageMemo:
    """One build's memo: the last build's records, and this build's."""

    def __init__(self, folder, live, output, base, series, reuse=True):
        """``live``: the folder of the last build's pages (they are taken from
        there); ``output``: where this build's pages will be once it is done (their
        figures are recorded from there). ``base(sources)``: the hash of the build's
        inputs but the files in ``sources`` (the content sources, described item by
        item instead). ``series``: the kind of build, naming the memo's file.
        ``reuse``: False to render every page (and still record them)."""
        self.reuse = reuse
        self.live, self.output = Path(live).resolve(), Path(output).resolve()
        self.path = Path(folder) / f"page-memo-{_digest(series)[:16]}.pickle"
        self.base = base
        self.items = []
        self.site = None
        self.previous = {}
        self._sources = {}
        self._bodies = {}
        self._reads = None
        # Records and counts by process: a forked render worker sends back its own.
        self._kept = {}
        self._twice = set()
        self._counts = {}

    def __reduce__(self):
        # Pelican's reader cache pickles metadata whose categories and authors
        # hold the settings, this memo among them: it is the build's, not data.
        return _no_memo, ()

    # --- During the run -----------------------------------------------------------

    def collect(self, item, **_):
        """``content_object_init``: every item the build makes."""
        self.items.append(item)

    @contextlib.contextmanager
    def noting_reads(self):
        """For the run: reading an item's body (``content``, or a ``summary`` cut
        from the body) during a page's rendering is noted for that page."""
        from pelican import signals

        content, summary = Content.content, Content.summary
        memo = self

        def read_content(item):
            memo.read(item)
            return content.fget(item)

        def read_summary(item):
            if "summary" not in item.metadata:
                memo.read(item)
            return summary.fget(item)

        Content.content = property(read_content)
        Content.summary = property(read_summary, summary.fset)
        signals.content_object_init.connect(self.collect)
        try:
            yield self
        finally:
            signals.content_object_init.disconnect(self.collect)
            Content.content, Content.summary = content, summary

    def read(self, item):
        if self._reads is not None:
            source = getattr(item, "source_path", None)
            self._reads[source] = self._body_of(source)

    def _body_of(self, source):
        if source not in self._bodies:
            bodies = sorted(body_hash(item) for item in self._sources.get(source, ()))
            self._bodies[source] = _digest(*bodies) if bodies else None
        return self._bodies[source]

    def _prepare(self):
        """At the first page: the site digest, from the items as they now are."""
        described = []
        for item in self.items:
            source = getattr(item, "source_path", None)
            if not isinstance(item, Static):
                self._sources.setdefault(source, []).append(item)
                # Resolving an item's links moves the files it links with
                # {attach} next to it; Pelican does it when the body is first
                # read, which a page taken from the last build no longer does.
                # Done here for every item, cold build or not, in the same order.
                item.content  # noqa: B018 - read for its effect
            try:
                described.append(describe(item))
            except _Unstable as unstable:
                logger.debug("page memo: %s of %s has no stable text; no page is "
                             "reused in this build", unstable, source)
                described.append(os.urandom(16).hex())
        described.sort()
        # Bodies are read per page; their files' bytes must not be in the digest.
        sources = {os.path.abspath(s) for s in self._sources if s}
        self.site = _digest(FORMAT, self.base(sources), *described)
        self.previous = self._load() if self.reuse else {}

    def _load(self):
        """The last build's records if they were made with this site digest.

        A pickle, like Pelican's own reader cache beside it in CACHE_PATH (which
        the build trusts as much): whoever can write there can already change
        what the build reads."""
        try:
            with open(self.path, "rb") as handle:
                memo = pickle.load(handle)
        except Exception:  # noqa: BLE001 - unreadable: every page is rendered
            return {}
        if not isinstance(memo, dict) or memo.get("format") != FORMAT:
            return {}
        pages = memo.get("pages")
        return pages if memo.get("site") == self.site and isinstance(pages, dict) else {}

    def wrap(self, template, settings):
        """``template``, rendered through this memo."""
        if self.site is None:
            self._prepare()
        return _MemoTemplate(template, self, settings.get(EFFECTS, ()))

    def render(self, template, localcontext, effects):
        name = localcontext.get("output_file")
        if not name:
            return template.render(localcontext)
        live = self._reusable(name, effects)
        if live is not None:
            try:
                text = Path(live).read_text(encoding="utf-8", errors="surrogatepass")
            except (OSError, UnicodeError):
                text = None
            if text is not None:
                self._reuse(name, effects)
                return text
        self._count("rendered")
        for effect in effects:
            effect.begin_page()
        self._reads, warned = {}, _Warned()
        logging.getLogger().addHandler(warned)
        try:
            text = template.render(localcontext)
            reads = self._reads
        finally:
            self._reads = None
            logging.getLogger().removeHandler(warned)
            left = tuple(effect.end_page() for effect in effects)
        if not warned.seen:
            self._keep(name, (tuple(sorted(reads.items(), key=str)), left, None))
        return text

    def link(self, name, target, effects):
        """If page ``name`` is unchanged, make ``target`` (the empty file the
        writer created in the staging folder) a hard link to the live page and
        return True; else False, and the page must be rendered.

        The empty file is replaced, never opened: writing through a link to a live
        file would change the site before the build is known to be good."""
        live = self._reusable(name, effects)
        if live is None:
            return False
        temporary = f"{target}.memo-{os.getpid()}"
        try:
            os.link(live, temporary)
            os.replace(temporary, target)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            return False
        self._reuse(name, effects)
        return True

    def _reusable(self, name, effects):
        """The live file of page ``name`` if the last build's record of it still
        holds: the same bodies read, the same file (size, mtime, inode as the
        last build left it), the same kinds of effects; else None."""
        record = self.previous.get(name)
        try:
            reads, left, figures = record
        except (TypeError, ValueError):  # none, or not one of ours
            return None
        if figures is None or len(left) != len(effects):
            return None
        if any(self._body_of(source) != body for source, body in reads):
            return None
        # ``name`` passed the output guard's address checks; normpath (not
        # resolve, a system call per folder) still keeps it inside ``live``, and
        # lstat's figures would not match a link put in a page's place.
        live = os.path.normpath(os.path.join(self.live, name))
        if not live.startswith(f"{self.live}{os.sep}"):
            return None
        try:
            info = os.lstat(live)
        except OSError:
            return None
        if _figures(info) != figures:
            return None
        return live

    def _reuse(self, name, effects):
        reads, left, _ = record = self.previous[name]
        for effect, value in zip(effects, left, strict=True):
            effect.replay_page(value)
        self._keep(name, record)
        self._count("reused")

    def _keep(self, name, record):
        kept = self._kept.setdefault(os.getpid(), {})
        if name in kept:
            self._twice.add(name)
        kept[name] = record

    def _count(self, key):
        counts = self._counts.setdefault(os.getpid(), {"rendered": 0, "reused": 0})
        counts[key] += 1

    @property
    def counts(self):
        """{"rendered": pages rendered, "reused": pages taken from the live output}."""
        total = {"rendered": 0, "reused": 0}
        for counts in self._counts.values():
            for key, value in counts.items():
                total[key] += value
        return total

    # --- Render workers (output_guard.parallel) ---------------------------------------

    def worker_state(self):
        pid = os.getpid()
        return pid, self._kept.get(pid, {}), self._twice, self._counts.get(pid, {})

    def merge_worker_state(self, state):
        pid, kept, twice, counts = state
        self._kept[pid], self._counts[pid] = kept, counts
        self._twice |= twice

    # --- After the build ----------------------------------------------------------------

    def save(self):
        """After the swap: this build's records, with each live file's figures,
        for the next build."""
        if self.site is None:
            self.path.unlink(missing_ok=True)
            return
        pages = {}
        for kept in self._kept.values():
            for name, record in kept.items():
                if name in pages:
                    self._twice.add(name)
                pages[name] = record
        for name in self._twice:
            pages.pop(name, None)
        for name, (reads, left, _) in list(pages.items()):
            try:
                info = os.lstat(self.output / name)
            except OSError:
                del pages[name]
                continue
            pages[name] = (reads, left, _figures(info))
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(temporary, "wb") as handle:
            pickle.dump({"format": FORMAT, "site": self.site, "pages": pages}, handle,
                        protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, self.path)

    def forget(self):
        """A build is under way: the live output may change under the records."""
        self.path.unlink(missing_ok=True)


def _figures(info):
    """What tells a live file is the one the last build left: a write moves its
    mtime, a new file has a new inode. (Not the ctime: linking the file into the
    next build, or removing an older release that shared it, moves it.)"""
    return info.st_size, info.st_mtime_ns, info.st_ino


def _no_memo():
    return None


class _MemoTemplate:
    """A template whose ``render`` asks the memo first."""

    def __init__(self, template, memo, effects):
        self.template, self.memo, self.effects = template, memo, effects
        self.name = getattr(template, "name", None)

    def render(self, localcontext):
        return self.memo.render(self.template, localcontext, self.effects)


class _Warned(logging.Handler):
    """Notes that a warning or an error was logged while a page rendered."""

    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.seen = False

    def emit(self, record):
        self.seen = True
