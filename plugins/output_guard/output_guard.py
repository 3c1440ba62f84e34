"""One owner per output file, and nothing published that should not be.

Signals: ``initialized`` (a fresh owner registry for the build, in the settings),
``get_writer`` (Pelican writes through :class:`owners.GuardedWriter`),
``all_generators_finalized`` (before anything is written: reserve the files and
folders parts of the site write, claim every content item's and static file's
output, and drop from ``staticfiles`` every symlink, file outside ``content/`` or
type not in ``paths.STATIC_ALLOWED``, which the checker reports as E-SYMLINK /
E-STATIC-TYPE). Must come first in ``PLUGINS``: later receivers (images) write.
Settings: ``OUTPUT_GUARD_OWNERS`` (set by the plugin). Templates: none.
Errors: E-OUTPUT-CONFLICT (two sources for one output file), and the code each
plugin passes for its own writes (legacy_urls: E-LEGACY-URL-CONFLICT).
"""

import logging
import os
from pathlib import Path

from pelican import signals
from pelican.contents import Content, Static
from source_errors import metadata_line

from . import owners
from .paths import static_type_allowed

logger = logging.getLogger(__name__)


def new_registry(pelican):
    """A fresh registry per build: autoreload and tests reuse the module."""
    pelican.settings[owners.SETTING] = owners.OutputOwners()


def guarded_writer(pelican):
    return owners.GuardedWriter


def _contents(generators):
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
    for item in sorted(_contents(generators), key=lambda c: c.source_path):
        if not item.save_as:
            continue
        if isinstance(item, Static):
            owner = owners.Owner(owners.STATIC, item.source_path)
        else:
            line = (metadata_line(item.source_path, "save_as")
                    or metadata_line(item.source_path, "slug")
                    or metadata_line(item.source_path, "title"))
            owner = owners.Owner(owners.CONTENT, item.source_path, line)
        registry.claim(item.save_as, owner)


def register():
    signals.initialized.connect(new_registry)
    signals.get_writer.connect(guarded_writer)
    signals.all_generators_finalized.connect(claim_outputs)
