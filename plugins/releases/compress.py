"""Precompressed copies of text files, for nginx's gzip_static (and brotli_static).

``precompress(site_dir)`` writes ``x.html.gz`` (and ``x.html.br`` when the brotli
package is installed and asked for) beside every text file. The output depends only
on the input bytes (gzip header mtime 0, no file name), so an unchanged page gives a
byte-identical .gz and rsync hard-links it instead of sending it again.
"""

import gzip
from pathlib import Path

TEXT_EXTENSIONS = (".html", ".css", ".js", ".xml", ".json", ".svg", ".txt")
# Below this size the compressed file saves less than a TCP packet.
MIN_SIZE = 256


def precompress(site_dir, extensions=TEXT_EXTENSIONS, brotli_quality=None):
    """Write .gz (and .br if ``brotli_quality`` is set) beside each text file.

    A compressed copy that would not be smaller is not written. Returns the number
    of files compressed.
    """
    if brotli_quality is not None:
        import brotli  # pinned in requirements.txt
    count = 0
    for path in sorted(Path(site_dir).rglob("*")):
        if path.suffix not in extensions or not path.is_file():
            continue
        data = path.read_bytes()
        if len(data) < MIN_SIZE:
            continue
        count += 1
        _write_if_smaller(path, ".gz", gzip.compress(data, compresslevel=9, mtime=0),
                          len(data))
        if brotli_quality is not None:
            _write_if_smaller(path, ".br",
                              brotli.compress(data, quality=brotli_quality), len(data))
    return count


def _write_if_smaller(path, suffix, compressed, original_size):
    if len(compressed) < original_size:
        path.with_name(path.name + suffix).write_bytes(compressed)
