"""One shard's Pagefind bundle: built by the pagefind binary, or copied from the cache.

A shard's bundle depends only on its records (URL and HTML bytes), the Pagefind
version and the options we run it with, so the cache key is a hash of exactly
those: an unchanged shard is copied from ``CACHE_PATH/search-shards/<hash>/``,
never indexed again, whatever else the build did. The cache decides this for
itself from the records' bytes; it needs nothing from the build pipeline.

The binary indexes a folder of small files, one per record, in one run. (Its
Python API answers each added record only after a 0.1 s poll, which would cost 8
minutes for 5,000 articles; the binary indexes them in seconds.) Each run is
started and waited for (``os.wait4``) by a small launcher process, which hands
back Pagefind's own peak memory: the build logs it per shard, and the bench
reports it.
"""

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

# Bump when the layout of a cached bundle or the way it is built changes.
CACHE_FORMAT = "3"  # 3: and by the index chunk size
# Pagefind cuts its word index into chunks of about this many word locations
# (its default: 20,000), and a browser fetches a whole chunk for a query word.
# Words are sorted, so a common word's chunk also carries its neighbours' pages:
# at 20,000 that is 200-330 KB for "tỉnh" in a shard of 250-400 news articles.
# Pagefind reads it from the environment (PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE);
# a Pagefind without it builds the default chunks, which search the same.
CHUNK_SIZE_VARIABLE = "PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE"
# Files Pagefind writes for its ready-made interfaces; our own search.js talks to
# pagefind.js directly, so these would only be dead weight on the server.
UNUSED_BUNDLE_FILES = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)
# The runtime: only the primary bundle (the one pagefind.js is imported from)
# needs it; merged bundles are searched by the primary's code and WebAssembly.
RUNTIME_PATTERNS = ("pagefind.js", "pagefind-worker.js", "wasm.*.pagefind")


class SearchIndexError(RuntimeError):
    """Pagefind could not build or write the index."""


@dataclass
class ShardResult:
    """What indexing one shard cost (``peak_rss`` in bytes; None when cached)."""

    key: str
    pages: int
    cached: bool
    seconds: float
    peak_rss: int | None


def pagefind_executable():
    """The pagefind binary: $PAGEFIND_BINARY_PATH, else the one pagefind-bin ships."""
    from pagefind.service import get_executable

    executable = get_executable()
    if executable is None or not Path(executable).is_file():
        raise SearchIndexError(
            f"không tìm thấy chương trình pagefind ({executable or 'gói pagefind-bin'})"
        )
    return Path(executable)


def pagefind_version(executable):
    """``pagefind --version`` (part of every cache key)."""
    try:
        run = subprocess.run(
            [str(executable), "--version"], capture_output=True, text=True, check=True
        )
    except (OSError, subprocess.CalledProcessError) as error:
        raise SearchIndexError(f"không chạy được {executable}: {error}") from error
    return run.stdout.strip()


def pagefind_command(executable, site, bundle, language):
    return [
        str(executable), "--site", str(site), "--output-path", str(bundle),
        "--force-language", language, "--quiet",
    ]


def shard_digest(records, version, language, chunk_size=None):
    """The cache key of a shard: its records' keys, Pagefind's version, our options."""
    digest = hashlib.sha256()
    for part in (CACHE_FORMAT, version, language, str(chunk_size),
                 *pagefind_command("", "", "", "")):
        digest.update(part.encode("utf-8") + b"\0")
    for url, content in records:
        data = content.encode("utf-8")
        digest.update(f"{url}\0{len(data)}\0".encode("utf-8") + data)
    return digest.hexdigest()[:32]


def write_records(records, site):
    """One file per record under ``site``, at the record's URL."""
    for url, content in records:
        relative = url.lstrip("/")
        target = site / relative / "index.html" if url.endswith("/") else site / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")


# Pagefind is started and waited for by a small Python process, which hands back
# Pagefind's own peak memory (os.wait4) on a pipe. The build's own wait4 on a
# child it started would say at least the build's RSS at that moment (Linux
# carries an address space's peak across the exec of a forked child): about
# 1 GiB at 20,000 articles, whatever Pagefind used.
_LAUNCHER = """\
import os, signal, sys
answer, command = int(sys.argv[1]), sys.argv[2:]
try:
    pid = os.posix_spawnp(command[0], command, os.environ)
except OSError as error:
    os.write(answer, f"E{error}".encode())
    sys.exit(127)
_, status, usage = os.wait4(pid, 0)
os.write(answer, str(usage.ru_maxrss).encode())
if os.WIFSIGNALED(status):  # end the same way, so the build sees the signal
    try:
        signal.signal(os.WTERMSIG(status), signal.SIG_DFL)
    except (OSError, ValueError):  # SIGKILL and SIGSTOP keep their default
        pass
    os.kill(os.getpid(), os.WTERMSIG(status))
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run_pagefind(command, log, chunk_size=None):
    """Run ``command``; return its peak memory in bytes. Output goes to ``log``."""
    environment = dict(os.environ)
    if chunk_size:
        environment[CHUNK_SIZE_VARIABLE] = str(chunk_size)
    read_end, write_end = os.pipe()
    try:
        try:
            process = subprocess.Popen(
                [sys.executable, "-c", _LAUNCHER, str(write_end), *command],
                stdout=log, stderr=subprocess.STDOUT, pass_fds=(write_end,),
                env=environment)
        finally:
            os.close(write_end)
        process.wait()
        with os.fdopen(read_end, "rb") as answer:
            read_end = None
            reply = answer.read().decode("utf-8", "replace")
    finally:
        if read_end is not None:
            os.close(read_end)
    if reply.startswith("E"):
        raise SearchIndexError(f"không chạy được {command[0]}: {reply[1:]}")
    if process.returncode != 0 or not reply.isdigit():
        log.seek(0)
        output = log.read().decode("utf-8", "replace").strip().splitlines()[-5:]
        raise SearchIndexError(
            f"pagefind dừng với mã {process.returncode}: " + " / ".join(output)
        )
    return int(reply) * 1024  # Linux gives KiB


def index_records(records, bundle, executable, language, chunk_size=None):
    """Index ``records`` with one Pagefind run into ``bundle``; the peak memory."""
    with tempfile.TemporaryDirectory(prefix="search-records-") as folder:
        site = Path(folder) / "site"
        write_records(records, site)
        with tempfile.TemporaryFile() as log:
            peak = run_pagefind(pagefind_command(executable, site, bundle, language),
                                log, chunk_size)
    if not (bundle / "pagefind.js").is_file():
        raise SearchIndexError(f"pagefind không tạo {bundle / 'pagefind.js'}")
    for name in UNUSED_BUNDLE_FILES:
        (bundle / name).unlink(missing_ok=True)
    return peak


def build_shard(key, keys, make_records, target, cache, *, executable, version,
                language, primary, chunk_size=None):
    """Put the bundle of a shard's records at ``target``, from ``cache`` or freshly
    built from ``make_records()`` ((url, HTML) pairs).

    ``keys``: (url, text) pairs that determine the records (records.record_key):
    the cache entry's name is their hash. A new bundle is built beside the cache
    entry and renamed into place, so a crash never leaves a half-written entry
    that a later build would trust. ``primary``: keep the runtime (pagefind.js,
    its worker and WebAssembly).
    """
    started = time.perf_counter()
    entry = cache / shard_digest(keys, version, language, chunk_size)
    peak = None
    if not entry.is_dir():
        cache.mkdir(parents=True, exist_ok=True)
        fresh = Path(tempfile.mkdtemp(prefix=f".{entry.name}-", dir=cache))
        try:
            peak = index_records(make_records(), fresh / "bundle", executable,
                                 language, chunk_size)
            (fresh / "bundle").rename(entry)
        finally:
            shutil.rmtree(fresh, ignore_errors=True)
    ignore = None if primary else shutil.ignore_patterns(*RUNTIME_PATTERNS)
    # Copies, never links into the cache: a tool that edits the output in place
    # (an optimiser, a hand fix) must not reach a cache entry, which the next
    # build would then publish. An unchanged shard still keeps its inodes across
    # builds: the build links each staged file whose bytes equal the live one's
    # to it (sitebuild.incremental.keep_unchanged).
    shutil.copytree(entry, target, ignore=ignore, dirs_exist_ok=True,
                    copy_function=shutil.copyfile)
    return ShardResult(key, len(keys), peak is None,
                       time.perf_counter() - started, peak), entry.name


def prune_cache(cache, keep):
    """Drop cached bundles this build did not use (the cache holds one site's)."""
    if not cache.is_dir():
        return
    for entry in cache.iterdir():
        if entry.name not in keep:  # also a crashed build's half-made entry
            shutil.rmtree(entry, ignore_errors=True)
