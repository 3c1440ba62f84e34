"""Content hashes, the one way the build tells files and values apart.

A floor-level library: it imports nothing of the project, and every layer may
import it. BLAKE2 everywhere: a page costs microseconds, and two different
contents never compare equal, whatever their size, mtime or inode say.
"""

import hashlib
from pathlib import Path


def digest(*parts):
    """BLAKE2 of ``parts`` (str or bytes), each length-prefixed, as hex."""
    hashed = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part if isinstance(part, bytes) else str(part).encode(
            "utf-8", "surrogatepass")
        hashed.update(f"{len(data)}\0".encode() + data)
    return hashed.hexdigest()


def digest_bytes(data):
    """BLAKE2 of ``data`` as hex: the same as :func:`file_digest` of a file
    holding it."""
    return hashlib.blake2b(data).hexdigest()


def file_digest(path):
    """BLAKE2 of a file's bytes as hex, or None if it cannot be read."""
    try:
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "blake2b").hexdigest()
    except OSError:
        return None


# plugins/digests/__init__.py: the project is two folders up.
_ROOT = Path(__file__).resolve().parents[2]


def code_fingerprint(root=_ROOT):
    """Hash of the code that shapes what the build makes: every module under
    plugins/ and the pinned packages (requirements.txt)."""
    hashed = hashlib.blake2b(digest_size=20)
    for path in sorted(root.glob("plugins/**/*.py")) + [root / "requirements.txt"]:
        hashed.update(path.relative_to(root).as_posix().encode() + b"\0")
        hashed.update(path.read_bytes())
    return hashed.hexdigest()
