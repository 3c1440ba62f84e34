"""Finished fragments kept between builds, so an unchanged content item's HTML is
not parsed again (``CACHE_PATH/html-postprocess/``).

:func:`html_postprocess.transform_fragment` is pure: its result depends only on the
fragment, the page's path and ``SITEURL``, the ids taken outside the fragment,
the two page facts passed in, the ``HTML_POSTPROCESS_*``/``IMAGES_SIZES`` settings,
the image sets of the pictures it shows, and our code. The cache key is a hash of
exactly those, so an entry can never be stale: a changed input is a new key. One
BeautifulSoup pass costs a few milliseconds per page, which at 20,000 articles is a
large share of every rebuild (bench/scale.py).

A fragment whose ``<img>`` tags the key's pattern cannot all read (so the image
sets it uses are not known for sure) is not cached. Entries no build used for
``TextCache.MAX_AGE_DAYS`` are removed at the end of a build.

The cache object lives in the build session (``build_session``:
``fragment_cache``), created on ``initialized``: no module-level state.
"""

import contextlib
import html
import os
import re
import shutil
import time
from pathlib import Path

from digests import digest

CACHE_DIR = "html-postprocess"
# Bump when what a key covers changes.
FORMAT = "1"
_IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_SRC = re.compile(r"""\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)


def _code_digest():
    """Our code that shapes a transformed fragment, and BeautifulSoup's version."""
    import bs4
    import images.images

    # The plugin's module by its file: importing it here would import this
    # module's own package back.
    transform = Path(__file__).with_name("html_postprocess.py")
    return digest(FORMAT, bs4.__version__, transform.read_bytes(),
                  Path(images.images.__file__).read_bytes())


class TextCache:
    """Texts on disk by key (a hash of everything the text depends on, so an entry is
    never stale). An entry read is touched; :meth:`prune` removes the entries
    this build did not use that no build used for ``MAX_AGE_DAYS`` (a page the
    page memo took from the last build reads none of its fragments, and they
    must still be there when it is rendered again)."""

    MAX_AGE_DAYS = 30

    def __init__(self, folder):
        self.folder = Path(folder)
        self.used = set()

    def cached(self, key, make):
        """The text of ``key``, made by ``make()`` and kept if not there yet."""
        text = self.get(key)
        if text is None:
            text = make()
            self.put(key, text)
        return text

    def _path(self, key):
        return self.folder / key[:2] / key

    def get(self, key):
        self.used.add(key)
        path = self._path(key)
        try:
            text = path.read_text(encoding="utf-8")
            os.utime(path)  # used now: kept for another MAX_AGE_DAYS
        except (OSError, UnicodeError):
            return None
        return text

    def put(self, key, text):
        self.used.add(key)
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_name(f".{key}.{os.getpid()}")
            temporary.write_text(text, encoding="utf-8")
            os.replace(temporary, path)
        except OSError:
            pass  # only a later build's shortcut is lost

    def prune(self):
        """Remove the entries not used by this build nor for MAX_AGE_DAYS (and any
        temporary file)."""
        if not self.folder.is_dir():
            return
        oldest = time.time() - self.MAX_AGE_DAYS * 86400
        for sub in self.folder.iterdir():
            if not sub.is_dir():
                sub.unlink(missing_ok=True)
                continue
            for entry in sub.iterdir():
                if entry.name in self.used:
                    continue
                with contextlib.suppress(OSError):
                    if entry.name.startswith(".") or entry.stat().st_mtime < oldest:
                        entry.unlink()
            if not any(sub.iterdir()):
                shutil.rmtree(sub, ignore_errors=True)


def text_key(*parts):
    """A cache key: the hash of ``parts``, each length-prefixed."""
    return digest(*parts)


class FragmentCache(TextCache):
    """Transformed fragments (``transform_fragment``), by key."""

    def __init__(self, folder):
        super().__init__(folder)
        self.code = _code_digest()

    def key(self, fragment, settings, page_path, images, taken_ids, first_image_eager,
            headings, image_path):
        """The key of one transform, or None if the fragment is not cacheable.

        ``image_path(src, page_path, siteurl)``: how the transform finds a
        picture's image set (passed in: it is the transform's own function).
        """
        siteurl = settings.get("SITEURL", "")
        image_sets = []
        if "<img" in fragment.lower():
            tags = _IMG_TAG.findall(fragment)
            if len(tags) != fragment.lower().count("<img"):
                return None
            for tag in tags:
                found = _SRC.search(tag)
                src = html.unescape(next(g for g in found.groups() if g is not None)
                                    ) if found else ""
                image_sets.append(repr((images or {}).get(
                    image_path(src, page_path, siteurl))))
        return text_key(self.code, fragment, page_path, siteurl,
                        repr(settings.get("IMAGES_SIZES")),
                        settings.get("HTML_POSTPROCESS_TABLE_LABEL"),
                        settings.get("HTML_POSTPROCESS_ANCHOR_TEXT"),
                        repr(sorted(set(taken_ids))), repr(first_image_eager),
                        repr(headings), *image_sets)
