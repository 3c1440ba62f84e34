"""The reading loop every declared content type shares: Pelican's, not a copy.

:class:`ContentTypeGenerator` is a ``CachingGenerator`` (so its files get Pelican's
reader cache, or generator cache with ``CONTENT_CACHING_LAYER = "generator"``,
through ``get_cached_data``/``cache_data`` as ``ArticlesGenerator`` does), reads the
folders of its :class:`content_types.ContentType`, drops what ``is_valid()`` refuses,
and keeps the published, not future-dated contents. A subclass sets
``content_type`` (and ``context_lists``, the names of further lists it puts in the
context) and may override :meth:`read_source` (extra checks, with file and
line) and :meth:`generate_output`.

Signals: sends ``<name>_generator_init`` after ``__init__`` and
``<name>_generator_finalized`` (sender: the generator) once its list is in the
context, e.g. ``qa_generator_finalized``, like Pelican's
``article_generator_finalized``. Settings: the type's ``<X>_PATHS`` and
``<X>_EXCLUDES`` (``BULLETIN_PATHS``, ``BULLETIN_EXCLUDES``), ``WITH_FUTURE_DATES``.
"""

import logging
from datetime import datetime

from blinker import signal
from pelican.generators import CachingGenerator

logger = logging.getLogger(__name__)


def generator_signal(content_type, event):
    """The named signal ``<type name>_generator_<event>`` (``init``, ``finalized``)."""
    return signal(f"{content_type.name}_generator_{event}")


class ContentTypeGenerator(CachingGenerator):
    """Read, validate and cache the files of one declared content type."""

    content_type = None  # a content_types.ContentType; set by each subclass
    # Further lists a subclass puts in the context beside its contents
    # ("bulletins_by_year", "qa_fields"): empty from __init__ on, so whatever reads
    # them before generate_context (another generator, a signal) finds a list.
    context_lists = ()

    def __init__(self, *args, **kwargs):
        for name in (self.content_type.context_key, *self.context_lists):
            setattr(self, name, [])
        super().__init__(*args, **kwargs)
        generator_signal(self.content_type, "init").send(self)

    @property
    def excludes_setting(self):
        return self.content_type.paths_setting.replace("_PATHS", "_EXCLUDES")

    def read_source(self, path):
        """The content of ``path`` (relative to PATH), or None after reporting why."""
        return self.readers.read_file(
            base_path=self.path, path=path,
            content_class=self.content_type.content_class, context=self.context,
        )

    def read_all(self):
        """Every valid content of the type, cached; failures reported and skipped."""
        contents = []
        paths = self.get_files(self.content_type.folders(self.settings),
                               exclude=self.settings.get(self.excludes_setting, []))
        for path in sorted(paths):
            content = self.get_cached_data(path, None)
            if content is None:
                content = self.read_source(path)
                if content is None or not content.is_valid():
                    self._add_failed_source_path(path)
                    continue
                self.cache_data(path, content)
            self.drop_default_category(content)
            contents.append(content)
        self.save_cache()
        self.readers.save_cache()
        return contents

    def drop_default_category(self, content):
        """No DEFAULT_CATEGORY on a type that has no categories.

        Pelican's reader gives every content DEFAULT_CATEGORY ("Chưa phân loại"),
        which would then show as the category of a procedure in its feed and as a
        search filter value; such a type's items have no ``category`` at all.
        """
        if "category" not in self.content_type.known:
            content.metadata.pop("category", None)
            content.__dict__.pop("category", None)

    def is_public(self, content):
        """Published and, unless WITH_FUTURE_DATES, not dated in the future."""
        future = (getattr(content, "date", None) is not None
                  and content.date > datetime.now().astimezone()
                  and not self.settings["WITH_FUTURE_DATES"])
        return content.status == "published" and not future

    def finalize(self, published):
        """Put the published list (and the ``context_lists``) in the context; signal
        it."""
        setattr(self, self.content_type.context_key, published)
        for content in published:
            self.add_source_path(content)
        self._update_context((self.content_type.context_key, *self.context_lists))
        generator_signal(self.content_type, "finalized").send(self)
