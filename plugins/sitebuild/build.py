"""The build driver: one safe Pelican run, from content/ to a swapped-in output/.

``build_site`` checks for symbolic links, takes the cache lock, drops Pelican's
reader cache when our code changed, runs Pelican (with our plugins in PLUGINS
order) into a staging folder beside the output, showing its progress (progress.py),
collects every error logged on the way, and renames the staging folder into place
only when there is none. Before the swap, every staged file whose bytes equal the
live one's becomes a hard link to it (``incremental.keep_unchanged``: unchanged
files keep inode and mtime); a build whose inputs did not change since the last
successful one is skipped (``incremental.BuildStamp``, ``CACHE_PATH/last-build.json``).

Settings: PATH, CACHE_PATH, OUTPUT_PATH (overridden to the staging folder).
Errors: BuildFailed (every collected message); Busy (a lock is held elsewhere).
"""

import contextlib
import logging
import os
import re
import shutil
import sys
from pathlib import Path

import build_session
from digests import code_fingerprint

from . import incremental
from .progress import build_progress
from .project import CONFIG


class BuildFailed(RuntimeError):
    """Pelican logged errors or raised: nothing was published to the output folder."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__(
            f"{len(errors)} lỗi; thư mục xuất bản giữ nguyên:\n" + "\n".join(errors)
        )


_COULD_NOT_PROCESS = re.compile(r"Could not process (?P<path>\S+)")


def editor_message(message, error=None):
    """A logged error as an editor reads it: Pelican's English "Could not process
    <file>" becomes our coded message (file, line) alone, or "không đọc được"."""
    unread = _COULD_NOT_PROCESS.match(message)
    if unread and getattr(error, "code", None):  # a ContentError names the line
        return str(error)
    if unread:
        message = f"không đọc được {unread['path']}"
    if error is not None and str(error) not in message:
        message = f"{message}: {error}"
    return message


class _ErrorCollector(logging.Handler):
    """Remember every error logged during a build, from Pelican or our plugins."""

    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.messages = []

    def emit(self, record):
        message = record.getMessage()
        # Pelican logs a file it could not read as "Could not process <file>" and
        # drops the exception unless DEBUG is on; the exception being handled right
        # now is the reason (our ContentError names file and line), so keep it.
        error = (record.exc_info or sys.exc_info())[1]
        self.messages.append(editor_message(message, error))

    def reported(self):
        """The messages, less Pelican's English "Skipping <file>: ... outside output
        path" for a file whose address our own rules already refused with a line
        (E-SAVE-AS-INVALID, from output_guard's address checks)."""
        coded = set()
        for message in self.messages:
            match = _CODED.match(message)
            if match:
                coded.add(match["path"])
        return [message for message in self.messages
                if not ((match := _PELICAN_OUTSIDE.match(message))
                        and match["path"] in coded)]


# "<file>:<line>: [E-CODE] ..." (ContentError) and Pelican's own refusal.
_CODED = re.compile(r"(?P<path>.+?\.\w+):\d+: \[[EW]-")
_PELICAN_OUTSIDE = re.compile(r"Skipping (?P<path>.+?): file .* would be written "
                              r"outside output path")


def build_site(settings_file=None, output=None, previous=None, series=None,
               **overrides):
    """Build into a fresh staging folder and swap it in only when the build is clean.

    Any error (logged or raised) discards the staging folder and raises BuildFailed,
    so ``output`` is never half-written, never a mix of two builds, never deleted.
    Returns the output path.

    ``previous``: the folder holding the last build of the same site, when it is
    not ``output`` (a publish builds each release into a new folder): unchanged
    pages are taken from it, and unchanged files share its inodes. ``series``: the
    name under which this kind of build keeps its stamp and page memo in the cache
    (default: one per output folder).
    """
    from pelican import Pelican
    from pelican.settings import read_settings

    settings_file = Path(settings_file or CONFIG["settings_dev"])
    output = Path(output or overrides.pop("OUTPUT_PATH", None) or CONFIG["output"])
    output = output.resolve()
    staging = output.with_name(f"{output.name}.staging-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)

    from content_check.files import find_symlinks

    collector = _ErrorCollector()
    logging.getLogger().addHandler(collector)
    try:
        overrides["OUTPUT_PATH"] = str(staging)
        settings = read_settings(str(settings_file), override=overrides)
        # Pelican follows links while reading (a link to / would walk the disk and
        # publish it): refuse them before it reads anything, as the checker does.
        links = find_symlinks(settings["PATH"])
        collector.messages += map(str, links)
        cache = Path(settings["CACHE_PATH"])
        with exclusive(cache / BUILD_LOCK,
                       f"thư mục cache {cache} (CACHE_PATH) đang được một lần xây "
                       "dựng khác dùng; chờ lần đó xong rồi chạy lại"):
            if not links:
                # The swap and the stamp happen under the lock too: a second build
                # must not compare its inputs with a stamp half-way to being true.
                _build_or_skip(settings_file, settings, staging, output, cache,
                               collector, Pelican, Path(previous or output).resolve(),
                               series or str(output))
    except Busy as error:
        collector.messages.append(str(error))
    except Exception as error:  # noqa: BLE001 - any failure must keep output intact
        collector.messages.append(f"{type(error).__name__}: {error}")
    finally:
        logging.getLogger().removeHandler(collector)

    messages = collector.reported()
    if messages:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildFailed(messages)
    return output


def _build_or_skip(settings_file, settings, staging, output, cache, collector,
                   pelican_class, previous, series):
    """Skip the run if nothing changed; else run Pelican into ``staging`` and, when no
    error was collected, keep the unchanged files' inodes, swap in and stamp."""
    from output_guard import page_memo
    from pelican import signals
    from vn_dates.deadlines import build_now

    now, pelican_now = build_now(settings), _pelican_now()
    stamp = incremental.BuildStamp(cache, output, settings_file, settings,
                                   code_fingerprint(), now.date().isoformat(), series)
    if stamp.up_to_date(now, pelican_now):
        print(f"Không có gì thay đổi từ lần xây dựng trước (nội dung, giao diện, cấu "
              f"hình, mã nguồn): giữ nguyên {output}/, không ghi lại tệp nào.")
        return
    drop_stale_reader_cache(cache)
    # Pages whose inputs did not change are taken from output/ instead of being
    # rendered again; after a time-driven change none is (its effect on a page
    # is in no input).
    memo = page_memo.PageMemo(cache, previous, output, stamp.inputs_but, series,
                    reuse=not stamp.moment_came(now, pelican_now))
    build_session.start(settings, page_memo=memo)
    pelican = pelican_class(settings=settings)
    # The generators, once every context is built: the next time-driven change is
    # read from the contents as this build parsed them (no second reading).
    generators = []

    def keep_generators(found):
        generators[:] = found

    signals.all_generators_finalized.connect(keep_generators, weak=False)
    try:
        with build_progress(pelican.settings), memo.recording():
            _run_without_english_summary(pelican)
    finally:
        signals.all_generators_finalized.disconnect(keep_generators)
    if collector.reported():
        return  # the caller discards the staging folder; output/ untouched
    # Whatever finding the next change logs is not an error of this build, only a
    # reason not to trust the shortcut next time.
    logged = len(collector.messages)
    upcoming = _next_change(pelican.settings, generators, now, pelican_now)
    if len(collector.messages) > logged:
        del collector.messages[logged:]
        upcoming = ("unknown", "unknown")
    incremental.keep_unchanged(staging, previous)
    stamp.forget()
    memo.forget()
    _swap_in(staging, output)
    try:
        stamp.record(*upcoming)
        memo.save()
    except Exception:  # noqa: BLE001 - the site is built and swapped in: only the
        stamp.forget()  # next build's shortcuts are lost, the build did not fail
        memo.forget()
    counts = memo.counts
    if counts["reused"]:
        print(f"Dựng lại {counts['rendered']:,} trang; giữ nguyên "
              f"{counts['reused']:,} trang không có gì thay đổi.".replace(",", "."))


def _pelican_now():
    """The aware "now" Pelican compares article dates with when it decides an article
    is scheduled (``pelican.contents``' clock, which is not ``build_now``)."""
    import pelican.contents

    return pelican.contents.datetime.datetime.now(pelican.contents.datetime.UTC)


def _next_change(settings, generators, now, pelican_now):
    """(the next declared moment or countdown midnight by the build clock, the next
    scheduled item by Pelican's clock): aware datetimes, None for none, "unknown"
    when they cannot be found (the next build then runs whatever the stamp says)."""
    try:
        from next_change.next_change import declared_in, first_change, scheduled

        declared = getattr(first_change(declared_in(generators), [], now, settings),
                           "moment", None)
    except Exception:  # noqa: BLE001 - never fail a clean build for the shortcut
        declared = "unknown"
    try:
        coming = scheduled(settings, pelican_now)
        first = min((change.moment for change in coming), default=None)
    except Exception:  # noqa: BLE001
        first = "unknown"
    return declared, first


BUILD_LOCK = ".build.lock"  # in CACHE_PATH, held by each build


class Busy(RuntimeError):
    """Another build or publish from this checkout holds a folder we need."""


@contextlib.contextmanager
def exclusive(lock_file, busy_message):
    """Hold an flock on ``lock_file`` (created); Busy(``busy_message``) if taken.

    Two builds sharing one cache would read each other's half-written pickles, and
    two publishes from one checkout would delete each other's release folder.
    """
    import fcntl

    lock_file = Path(lock_file)
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    with lock_file.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise Busy(busy_message) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _run_without_english_summary(pelican):
    """Run Pelican, printing what it prints except its English "Done: Processed …".

    Our commands say in Vietnamese what was built; the rest (warnings) is kept.
    """
    from pelican.log import console

    with console.capture() as captured:
        pelican.run()
    # Rich wraps the summary at the terminal's width: drop it up to its last word.
    text = re.sub(r"Done: Processed .*? seconds\.\n?", "", captured.get(), flags=re.S)
    if text:
        sys.stdout.write(text)


def drop_stale_reader_cache(cache):
    """Delete Pelican's reader caches (files at the top of ``cache``) if our code changed.

    Pelican keys cached content by each source file's hash only, so a change to a
    reader or Markdown extension would otherwise serve pages made by the old code.
    Sub-folders (image derivatives and the like) are keyed by their own inputs.
    """
    stamp = cache / "code-fingerprint"
    fingerprint = code_fingerprint()
    if stamp.exists() and stamp.read_text() == fingerprint:
        return
    if cache.exists():
        for entry in cache.iterdir():
            if entry.is_file() and entry.name != BUILD_LOCK:
                entry.unlink()
    cache.mkdir(parents=True, exist_ok=True)
    stamp.write_text(fingerprint)


def _swap_in(staging, output):
    """Replace ``output`` by ``staging`` with two renames; the old tree is then removed."""
    previous = output.with_name(f"{output.name}.previous-{os.getpid()}")
    if output.exists():
        output.rename(previous)
    staging.rename(output)
    shutil.rmtree(previous, ignore_errors=True)


def init_logging():
    """Pelican's log format at WARNING, as the commands print it."""
    from pelican.log import init

    init(level=logging.WARNING)


def run_build(settings_file, **overrides):
    """build_site for a command: print the outcome, exit 1 on failure."""
    init_logging()
    try:
        output = build_site(settings_file, **overrides)
    except BuildFailed as failure:
        print(f"\nXây dựng thất bại: {failure}", file=sys.stderr)
        sys.exit(1)
    # True after a build and after a skipped one (nothing changed): the site is there.
    print(f"Trang đã sẵn sàng ở {output}/  (mở {output}/index.html, hoặc: make serve)")
    return output
