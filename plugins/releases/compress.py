"""Precompressed copies of text files, for nginx's gzip_static (and brotli_static).

``precompress(site_dir)`` writes ``x.html.gz`` (and ``x.html.br`` when the brotli
package is installed and asked for) beside every text file. The output depends only
on the input bytes (gzip header mtime 0, no file name), so an unchanged page gives a
byte-identical .gz and rsync hard-links it instead of sending it again. For the
same reason a file whose bytes the ``previous`` build's compressed copies hold
gets those copies (hard-linked between the two releases: release files are never
written in place), which makes a publish pay only for what changed.
"""

import gzip
import os
import shutil
from pathlib import Path

TEXT_EXTENSIONS = (".html", ".css", ".js", ".xml", ".json", ".svg", ".txt")
# Below this size the compressed file saves less than a TCP packet.
MIN_SIZE = 256


def precompress(site_dir, extensions=TEXT_EXTENSIONS, brotli_quality=None,
                previous=None):
    """Write .gz (and .br if ``brotli_quality`` is set) beside each text file.

    A compressed copy that would not be smaller is not written. ``previous`` is an
    earlier build folder whose copies are reused for unchanged files. Returns the
    number of files compressed (reused ones not counted).
    """
    if brotli_quality is not None:
        import brotli  # pinned in requirements.txt
    site_dir = Path(site_dir)
    suffixes = (".gz", ".br") if brotli_quality is not None else (".gz",)
    count = 0
    for path in sorted(site_dir.rglob("*")):
        if path.suffix not in extensions or not path.is_file():
            continue
        info = path.stat()
        if info.st_size < MIN_SIZE:
            continue
        if previous and _reuse(path, info, Path(previous) / path.relative_to(site_dir),
                               suffixes):
            continue
        data = path.read_bytes()
        count += 1
        _write_if_smaller(path, ".gz", gzip.compress(data, compresslevel=9, mtime=0),
                          len(data))
        if brotli_quality is not None:
            _write_if_smaller(path, ".br",
                              brotli.compress(data, quality=brotli_quality), len(data))
    return count


def _reuse(path, info, earlier, suffixes):
    """Take ``earlier``'s compressed copies if they hold the bytes of ``path``
    (``info``: its stat): each is decompressed and compared, so a copy made
    before someone edited a release's file in place is never taken."""
    copies = [earlier.with_name(earlier.name + suffix) for suffix in suffixes]
    if not all(copy.is_file() for copy in copies):
        return False
    data = path.read_bytes()
    if len(data) != info.st_size:
        return False
    for copy in copies:
        if _decompress(copy) != data:
            return False
    for copy in copies:
        target = path.with_name(copy.name)
        try:
            os.link(copy, target)
        except OSError:  # another file system
            shutil.copyfile(copy, target)
    return True


def _decompress(copy):
    """The bytes a .gz or .br copy holds, or None if it cannot be read."""
    try:
        packed = copy.read_bytes()
        if copy.suffix == ".gz":
            return gzip.decompress(packed)
        import brotli  # pinned in requirements.txt

        return brotli.decompress(packed)
    except Exception:  # noqa: BLE001 - unreadable: compressed again
        return None


def _write_if_smaller(path, suffix, compressed, original_size):
    if len(compressed) < original_size:
        path.with_name(path.name + suffix).write_bytes(compressed)
