"""One owner per output file, and nothing published that should not be.

Signals: ``initialized`` (a fresh owner registry for the build, in the settings),
``get_writer`` (Pelican writes through :class:`owners.GuardedWriter`),
``all_generators_finalized`` (before anything is written: reserve the files and
folders parts of the site write, claim every content item's and static file's
output, and drop from ``staticfiles`` every symlink, file outside ``content/`` or
type not in ``paths.STATIC_ALLOWED``, which the checker reports as E-SYMLINK /
E-STATIC-TYPE). Must come first in ``PLUGINS``: later receivers (images) write.
Build session: ``owners`` (set by the plugin). Settings, templates: none.
Errors: E-OUTPUT-CONFLICT (two sources for one output file), and the code each
plugin passes for its own writes (legacy_urls: E-LEGACY-URL-CONFLICT).
"""

import logging
import os
from pathlib import Path

from build_session import session
from pelican import signals
from pelican.contents import Content, Static
from source_errors import ContentError, metadata_line, report

from . import owners
from .paths import output_path_problem, slug_problem, static_type_allowed

logger = logging.getLogger(__name__)


def new_registry(pelican):
    """A fresh registry per build: autoreload and tests reuse the module."""
    session(pelican.settings).owners = owners.OutputOwners()


def guarded_writer(pelican):
    return owners.GuardedWriter


def generator_contents(generators):
    """Every content object in the generators' lists, once each."""
    seen = set()
    for generator in generators:
        for value in vars(generator).values():
            if isinstance(value, list):
                for item in value:
                    if isinstance(item, Content) and id(item) not in seen:
                        seen.add(id(item))
                        yield item


def publishable_static(static, content_root):
    """False for a static file that must never be copied to the output."""
    source = Path(static.source_path)
    if not static_type_allowed(source.name):
        return False
    try:
        relative = source.relative_to(content_root)
    except ValueError:
        return False
    # A link anywhere on the way (a linked folder too) could lead outside content/.
    here = content_root
    for part in relative.parts:
        here = here / part
        if here.is_symlink():
            return False
    return os.path.realpath(source).startswith(str(content_root) + os.sep)


def claim_outputs(generators):
    """Reserve the site's own outputs, then claim each content's and static file's."""
    if not generators:
        return
    settings = generators[0].settings
    registry = owners.reserve_site_outputs(settings)
    content_root = Path(settings["PATH"]).resolve()
    for generator in generators:
        statics = getattr(generator, "staticfiles", None)
        if statics is None:
            continue
        kept = [s for s in statics if publishable_static(s, content_root)]
        if len(kept) != len(statics):
            logger.info("output_guard: %d static file(s) not published",
                        len(statics) - len(kept))
        statics[:] = kept
        generator.context["staticfiles"] = statics
    for item in sorted(generator_contents(generators), key=lambda c: c.source_path):
        if not item.save_as:
            continue
        if isinstance(item, Static):
            registry.claim(item.save_as, owners.Owner(owners.STATIC, item.source_path))
            continue
        owner = owners.Owner(owners.CONTENT, item.source_path,
                             fields=("save_as", "slug", "title"))
        if not _address_is_safe(item, settings) or not (
                registry.claim(item.save_as, owner)
                or registry.holder(item.save_as).label == owners.CONTENT):
            # Reported: write it nowhere (the build fails), rather than outside
            # output/, over another part of the site, or as a name the file system
            # refuses. (Two contents on one path: content_rules names both next,
            # and the Writer keeps the first.)
            item.override_save_as = ""


def _address_is_safe(item, settings):
    """False for a bad address; E-SAVE-AS-INVALID for one made from the slug.

    An explicit ``Url:``/``Save_as:`` and a bad ``Slug:`` are the checker's rules
    (run in the build too); Pelican itself skips, with a warning, a ``Save_as:``
    that leaves the output folder.
    """
    section = owners.setting_prefix(
        settings.get(f"{type(item).__name__.upper()}_SAVE_AS"))
    for key, value in (("save_as", item.save_as), ("url", item.url)):
        explicit = key in item.metadata
        problem = output_path_problem(value, section if explicit else "", key)
        if problem is None:
            continue
        if not explicit and slug_problem(getattr(item, "slug", "") or "") is None:
            report(ContentError(
                "E-SAVE-AS-INVALID", item.source_path,
                metadata_line(item.source_path, "title"),
                f"'{key.capitalize()}: {value[:120]} (tạo từ tiêu đề)' {problem}"))
        return False
    return True


def register():
    signals.initialized.connect(new_registry)
    signals.get_writer.connect(guarded_writer)
    signals.all_generators_finalized.connect(claim_outputs)
