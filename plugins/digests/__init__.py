"""Content hashes, the one way the build tells files and values apart.

A floor-level library: it imports nothing of the project, and every layer may
import it. BLAKE2 everywhere: a page costs microseconds, and two different
contents never compare equal, whatever their size, mtime or inode say.
"""

import hashlib


def digest(*parts):
    """BLAKE2 of ``parts`` (str or bytes), each length-prefixed, as hex."""
    hashed = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part if isinstance(part, bytes) else str(part).encode(
            "utf-8", "surrogatepass")
        hashed.update(f"{len(data)}\0".encode() + data)
    return hashed.hexdigest()


def file_digest(path):
    """BLAKE2 of a file's bytes as hex, or None if it cannot be read."""
    try:
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "blake2b").hexdigest()
    except OSError:
        return None
