"""Pages not rendered again when nothing they show has changed.

A page depends on what its templates look up, and nothing else: each page is
rendered through a Jinja context that notes every name the templates resolve
(``article``, ``articles_page``, ``portal_menu``, ``SITEURL``...;
:class:`RecordingContext`, Jinja's documented ``resolve_or_missing`` override).
After a successful build, ``CACHE_PATH/page-memo-<series>.pickle`` keeps, for
every page the Writer rendered:

- the **names** its templates resolved;
- its **key**: the hash of the build's inputs that are not content sources
  (settings, environment, theme, plugins, pinned packages, the non-source files
  under content/ such as pictures: ``sitebuild`` passes that part in), the
  template's name, and the value of each of those names as this build has it;
- the BLAKE2 hash of the bytes written.

The next build computes each page's key from the names it recorded; when the key
is the same and the live file still holds the bytes recorded (read and hashed:
content, not file-system figures, so a hand edit is always seen), the live file
is taken instead of rendering the page. A deterministic template that looks up
the same values takes the same branches and so looks up the same names: the
names recorded are enough to decide.

A value is described by what it holds (:class:`Describer`). The page's own
item (``article``, ``period_archive``) is described with its attributes
(metadata, URL, category, date, its "Các tin khác"...) and the hash of its body
as a page shows it (links resolved, so another item's new URL is seen). An item
it holds, or an item in a list the page looked up (a listing's page, "Tin mới
nhất"), is described with its attributes and its summary, not its body (or only
by the attributes its class names in ``memo_linked_fields``); the items those
hold, by their source file only (so a page that showed the title of an item three
levels away, ``article.other_news[0].other_news[0].title``, would not see it
change: no template does). So an article page depends on its own item and the
items it shows, a listing on the ordered items of its page, and a page that does
not look up the list of every article does not change when one is added.

Never stale by design: a page whose rendering logged a warning is not kept (the
warning must show again next time), a name rendered twice in one build is not
kept, and a value that cannot be described stably makes that page's key unique
to this build.
"""

import contextlib
import contextvars
import datetime
import logging
import os
import pickle
import re
from pathlib import Path, PurePath

from digests import digest, digest_bytes, file_digest
from jinja2.runtime import Context
from pelican.contents import Content, Static
from pelican.urlwrappers import URLWrapper

logger = logging.getLogger(__name__)

# Bump when what a record covers changes: older memos then never match.
FORMAT = "3"
# An item's attributes that are not part of its description: the shared context
# and the settings (in the inputs passed in), the body (hashed as shown).
_NOT_DESCRIBED = frozenset({"_context", "settings", "_content"})
# Content items held by a value are described in full this many levels deep.
_ITEM_LEVELS = 2
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")
# A class attribute naming what a page shows of an item of that class it links to
# (a period archive's neighbours and parents: their label and URL, not the
# articles they hold); without it, such an item is described whole.
LINKED_FIELDS = "memo_linked_fields"
# A class attribute naming all a page can show of an object of that class (a
# listing's page: its items and links, not the whole listing it was cut from).
MEMO_FIELDS = "memo_fields"
# The names the page being rendered looked up (a set), or None between pages.
_NAMES = contextvars.ContextVar("page_memo_names", default=None)


class RecordingContext(Context):
    """A Jinja context that notes each name the page's templates look up."""

    def resolve_or_missing(self, key):
        names = _NAMES.get()
        if names is not None:
            names.add(key)
        return super().resolve_or_missing(key)


class _Unstable(Exception):
    """A value whose text would not be the same in the next build."""


_PLAIN = frozenset({str, bytes, int, float, bool, type(None)})


class Describer:
    """Texts of values that are the same in every build where the values are.

    Called for the values every page looks up: a content item's description, an
    object's and a value's are computed once per build (kept by identity, with the
    value itself, so that an identity is never reused within the build; the
    values pages show do not change once pages are written)."""

    def __init__(self):
        self._items = {}
        self._values = {}
        self._objects = {}

    def value(self, value):
        """The description's hash of one value a page looked up."""
        if type(value) in _PLAIN:
            return repr(value)
        known = self._values.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        # The page's own item (``article``) is described with its body and the
        # items it holds; an item in a list (a listing's, "Tin mới nhất") with its
        # summary, and the items it holds by their source file.
        level = 0 if _is_item(value) else 1
        try:
            text = digest(self.describe(value, 0, level, ()))
        except _Unstable as unstable:
            logger.debug("page memo: %s has no stable text", unstable)
            text = None
        if getattr(type(value), MEMO_FIELDS, None) is None:
            # Kept (with the value, so its id is not reused) for the pages that
            # look it up again; an object described by a few fields (a listing's
            # page, one per page) is cheaper to describe again than to keep.
            self._values[id(value)] = (value, text)
        return text

    def item(self, item, level):
        """An item's description: its attributes and its body as shown; the items
        it holds one level further."""
        known = self._items.get((id(item), level))
        if known is not None and known[0] is item:
            return known[1]
        state = {k: v for k, v in vars(item).items() if k not in _NOT_DESCRIBED}
        text = digest(type(item).__qualname__,
                      self.describe(state, 0, level + 1, (id(item),), True),
                      body_digest(item, level) if isinstance(item, Content)
                      and not isinstance(item, Static) else "")
        self._items[(id(item), level)] = (item, text)
        return text

    def describe(self, value, depth, level, seen, held=False):
        """``held``: ``value`` is held by an item (not in a list the page looked up)."""
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
                self.describe(k, depth, level, seen, held) + ": "
                + self.describe(v, depth, level, seen, held)
                for k, v in value.items())) + "}"
        if kind is list or kind is tuple:
            return "[" + ", ".join([self.describe(v, depth, level, seen, held)
                                    for v in value]) + "]"
        return self._describe_other(value, kind, depth, level, seen, held)

    def _describe_other(self, value, kind, depth, level, seen, held):
        state = getattr(value, "__dict__", None)
        if _is_item(value):
            name = getattr(value, "source_path", None) or state.get("save_as")
            if level >= _ITEM_LEVELS:
                return f"<{kind.__name__} {name!r}>"
            linked = getattr(kind, LINKED_FIELDS, None)
            if held and linked is not None:
                return f"<{kind.__name__} {name!r} " + self.describe(
                    {field: getattr(value, field, None) for field in linked},
                    depth, _ITEM_LEVELS, seen, held) + ">"
            return f"<{kind.__name__} {name!r} {self.item(value, level)}>"
        if isinstance(value, URLWrapper):
            return f"<{kind.__name__} {value.name!r} {value.slug!r}>"
        if isinstance(value, (datetime.date, datetime.time)):
            zone = getattr(value, "tzinfo", None)
            return f"{kind.__name__}({value.isoformat()} {zone!r})"
        if isinstance(value, (str, bytes, int, float, PurePath)):  # Markup, enums
            return f"{kind.__qualname__}({value!r})"
        if isinstance(value, datetime.timedelta):
            return repr(value)
        if isinstance(value, dict):
            return self.describe(dict(value), depth - 1, level, seen[:-1], held)
        if isinstance(value, (set, frozenset)):
            return "{" + ", ".join(sorted(self.describe(v, depth, level, seen, held)
                                          for v in value)) + "}"
        if isinstance(value, (list, tuple)):
            return self.describe(list(value), depth - 1, level, seen[:-1], held)
        if callable(value) and hasattr(value, "__qualname__"):
            return f"{getattr(value, '__module__', '')}.{value.__qualname__}"
        fields = getattr(kind, MEMO_FIELDS, None)
        if fields is not None:
            return f"<{kind.__qualname__} " + self.describe(
                {field: getattr(value, field, None) for field in fields}, depth,
                level, seen, held) + ">"
        if state is not None:
            # An object many pages hold is described once, and stands in the
            # texts that hold it as its hash: a text never holds a copy of a
            # long one (that, once per page, grew with the square of the site).
            known = self._objects.get((id(value), level, held))
            if known is not None and known[0] is value:
                return known[1]
            kept = {k: v for k, v in state.items() if k not in _NOT_DESCRIBED}
            text = self.describe(kept, depth, level, seen, held)
            text = f"<{kind.__qualname__} {digest(text)}>"
            self._objects[(id(value), level, held)] = (value, text)
            return text
        slots = getattr(kind, "__slots__", None)
        if slots:
            return f"<{kind.__qualname__} " + self.describe(
                {name: getattr(value, name, None) for name in slots}, depth, level,
                seen, held) + ">"
        text = repr(value)
        if _ADDRESS.search(text):
            raise _Unstable(kind.__qualname__)
        return text


def _is_item(value):
    """True for an item with its own page: a content item, a period archive (not
    a listing's page, which names what a page shows of it: ``memo_fields``)."""
    if isinstance(value, Content):
        return True
    if getattr(type(value), MEMO_FIELDS, None) is not None:
        return False
    state = getattr(value, "__dict__", None)
    return state is not None and "save_as" in state


def body_digest(item, level=0):
    """The hash of an item's body as pages show it: its links to other items
    resolved (at the site's own URL), so a linked item's new address is seen.
    An item held by another (its "Các tin khác", a neighbour) shows at most its
    summary: that, not the whole body, is what the page depends on."""
    site = item.settings.get("SITEURL", "")
    try:
        body = item.get_content(site) if level == 0 else item.get_summary(site)
    except Exception:  # noqa: BLE001 - the page's own rendering reports it
        body = item._content  # noqa: SLF001 - the text it is made from
    return digest(level == 0, body or "")


class PageMemo:
    """One build's memo: the last build's records, and this build's."""

    def __init__(self, folder, live, output, base, series, reuse=True):
        """``live``: the folder of the last build's pages (they are taken from
        there); ``output``: where this build's pages will be once it is done (they
        are hashed there). ``base(sources)``: the hash of the build's inputs but
        the files in ``sources`` (the content sources, described item by item
        instead). ``series``: the kind of build, naming the memo's file.
        ``reuse``: False to render every page (and still record them)."""
        self.reuse = reuse
        self.live, self.output = Path(live).resolve(), Path(output).resolve()
        self.path = Path(folder) / f"page-memo-{digest(series)[:16]}.pickle"
        self.base = base
        self.items = []
        self.inputs = None
        self.previous = {}
        self.describer = Describer()
        self._kept = {}
        self._twice = set()
        self.counts = {"rendered": 0, "reused": 0}

    # --- During the run -----------------------------------------------------------

    def collect(self, item, **_):
        """``content_object_init``: every item the build makes."""
        self.items.append(item)

    @staticmethod
    def record_names(generator):
        """``generator_init``: the generator's pages note the names they look up."""
        env = getattr(generator, "env", None)
        if env is not None:
            env.context_class = RecordingContext

    @contextlib.contextmanager
    def recording(self):
        """For the run: collect the items, and render through RecordingContext."""
        from pelican import signals

        signals.content_object_init.connect(self.collect)
        signals.generator_init.connect(self.record_names)
        try:
            yield self
        finally:
            signals.content_object_init.disconnect(self.collect)
            signals.generator_init.disconnect(self.record_names)

    def _prepare(self):
        """At the first page: the inputs that are not content, and the last records."""
        sources = set()
        for item in self.items:
            if isinstance(item, Static):
                continue
            sources.add(os.path.abspath(item.source_path))
            # Resolving an item's links moves the files it links with {attach}
            # next to it; Pelican does it when the body is first read, which a
            # page taken from the last build no longer does. Done here for every
            # item, cold build or not, in the same order.
            item.content  # noqa: B018 - read for its effect
        self.inputs = digest(FORMAT, self.base(sources))
        self.previous = self._load() if self.reuse else {}

    def _load(self):
        """The last build's records.

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
        return pages if isinstance(pages, dict) else {}

    def key(self, template, localcontext, names):
        """The hash of what page ``localcontext["output_file"]`` shows, when its
        templates look up ``names``; None if a value has no stable text."""
        parts = [self.inputs, getattr(template, "name", None)]
        for name in sorted(names):
            value = localcontext.get(name, _ABSENT)
            text = "-" if value is _ABSENT else self.describer.value(value)
            if text is None:
                return None
            parts += (name, text)
        return digest(*parts)

    def wrap(self, template):
        """``template``, rendered through this memo."""
        if self.inputs is None:
            self._prepare()
        return _MemoTemplate(template, self)

    def render(self, template, localcontext):
        name = localcontext.get("output_file")
        if not name:
            return template.render(localcontext)
        text = self._reusable(name, template, localcontext)
        if text is not None:
            self._keep(name, self.previous[name])
            self._count("reused")
            return text
        self._count("rendered")
        names, warned = set(), _Warned()
        token = _NAMES.set(names)
        logging.getLogger().addHandler(warned)
        try:
            text = template.render(localcontext)
        finally:
            _NAMES.reset(token)
            logging.getLogger().removeHandler(warned)
        key = self.key(template, localcontext, names)
        if not warned.seen and key is not None:
            self._keep(name, (key, tuple(sorted(names)), None))
        return text

    def _reusable(self, name, template, localcontext):
        """The live page ``name``'s text (a :class:`ReusedPage`) if the last
        build's record of it still holds: the same key from the same names, and
        the live file holds the bytes recorded; else None."""
        record = self.previous.get(name)
        try:
            key, names, written = record
        except (TypeError, ValueError):  # none, or not one of ours
            return None
        if written is None or self.key(template, localcontext, names) != key:
            return None
        # ``name`` passed the output guard's address checks; normpath (not
        # resolve, a system call per folder) still keeps it inside ``live``.
        live = os.path.normpath(os.path.join(self.live, name))
        if not live.startswith(f"{self.live}{os.sep}") or os.path.islink(live):
            return None
        try:
            data = Path(live).read_bytes()
        except OSError:
            return None
        if digest_bytes(data) != written:
            return None
        try:
            return ReusedPage(data.decode("utf-8", errors="surrogatepass"), live)
        except UnicodeError:
            return None

    def _keep(self, name, record):
        if name in self._kept:
            self._twice.add(name)
        self._kept[name] = record

    def _count(self, key):
        """``counts``: pages rendered, pages taken from the live output."""
        self.counts[key] += 1

    # --- After the build ----------------------------------------------------------------

    def save(self):
        """After the swap: this build's records, each with the hash of the bytes
        its page holds in the output (pages taken from the last build keep
        theirs: the same bytes were linked), for the next build."""
        if self.inputs is None:
            self.path.unlink(missing_ok=True)
            return
        pages = dict(self._kept)
        for name in self._twice:
            pages.pop(name, None)
        for name, (key, names, written) in list(pages.items()):
            if written is None:
                written = file_digest(self.output / name)
            if written is None:
                del pages[name]
                continue
            pages[name] = (key, names, written)
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(temporary, "wb") as handle:
            pickle.dump({"format": FORMAT, "pages": pages}, handle,
                        protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, self.path)

    def forget(self):
        """A build is under way: the live output may change under the records."""
        self.path.unlink(missing_ok=True)


_ABSENT = object()


class ReusedPage(str):
    """A page's text taken from the last build's file ``live``, which holds it.

    The guarded Writer links ``live`` into the new build instead of writing the
    text again (a link between two builds of the output, never to a source or a
    cache entry); any other writer writes the text, which is the same."""

    def __new__(cls, text, live):
        page = super().__new__(cls, text)
        page.live = live
        return page


class _MemoTemplate:
    """A template whose ``render`` asks the memo first."""

    def __init__(self, template, memo):
        self.template, self.memo = template, memo
        self.name = getattr(template, "name", None)

    def render(self, localcontext):
        return self.memo.render(self.template, localcontext)


class _Warned(logging.Handler):
    """Notes that a warning or an error was logged while a page rendered."""

    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.seen = False

    def emit(self, record):
        self.seen = True
