"""`python -m content_check`: check the content folder and print every problem.

    python -m content_check [--settings pelicanconf.py] [--fix] [--staged]
                            [--no-cache] [FILE...]

Prints ``lỗi|cảnh báo  file:line: [CODE] message`` per problem, then a count; exits
1 when there is any error (warnings never fail). ``--fix`` first rewrites files whose
text is not NFC, that start with a byte-order mark, or that hold a line-break control
character (vertical tab, form feed: runner.fix_files), and changes nothing else.
``FILE...`` or ``--staged`` (the files staged in git) limit the report to those
files; every rule runs on them, and the rules that compare files see every other
file's front matter too (from cache/check/ when the file is unchanged: cache.py),
so a staged file colliding with an existing one is caught. ``--no-cache`` reads
every file again and leaves the cache alone.
"""

import argparse
import contextlib
import gc
import subprocess
import sys
from pathlib import Path

from source_errors import display_path

from . import runner
from .registry import is_warning


def load_settings(settings_file, overrides=None):
    """The site's settings with every plugin's defaults applied, as in a build."""
    from pelican import Pelican
    from pelican.settings import read_settings

    settings = read_settings(str(settings_file), override=overrides)
    # Pelican() loads the plugins and sends `initialized`, where plugins apply
    # their defaults (e.g. BULLETIN_SAVE_AS); nothing is read or written yet.
    return Pelican(settings).settings


def staged_files(repository):
    """Absolute paths of the files added, copied, modified or renamed in the index."""
    names = subprocess.run(
        ["git", "diff", "--cached", "--name-only", "--diff-filter=ACMR", "-z"],
        cwd=repository, check=True, capture_output=True,
    ).stdout.decode("utf-8").split("\0")
    top = subprocess.run(
        ["git", "rev-parse", "--show-toplevel"], cwd=repository, check=True,
        capture_output=True, text=True,
    ).stdout.strip()
    return [Path(top) / name for name in names if name]


@contextlib.contextmanager
def _without_cycle_collection():
    """Run the check with Python's cycle collector paused, then restore it.

    A check keeps every source and field alive till it ends (200,000 objects at
    20,000 articles) and makes no reference cycles worth collecting before then;
    the collector walking those objects again and again was 0.5 s of the hook's
    2.0 s at 20,000 articles (bench/check_speed.py). Reference counting still
    frees everything else as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def format_finding(problem):
    label = "cảnh báo" if is_warning(problem.code) else "lỗi"
    return f"{label:8}  {problem}"


def main(argv=None):
    parser = argparse.ArgumentParser(prog="content_check", description=__doc__)
    parser.add_argument("files", nargs="*", help="chỉ báo lỗi của các tệp này")
    parser.add_argument("--settings", default="pelicanconf.py")
    parser.add_argument("--path", help="thư mục nội dung (mặc định: PATH của cấu hình)")
    parser.add_argument("--fix", action="store_true",
                        help="chuẩn hóa NFC, bỏ BOM, thay ký tự ngắt dòng của Word "
                             "(chỉ những việc đó)")
    parser.add_argument("--staged", action="store_true",
                        help="chỉ các tệp đã 'git add' (dùng trong pre-commit hook)")
    parser.add_argument("--no-cache", action="store_true",
                        help="đọc lại mọi tệp, không dùng và không ghi cache/check/")
    options = parser.parse_args(argv)

    settings = load_settings(Path(options.settings).resolve())
    if options.path:
        settings["PATH"] = str(Path(options.path).resolve())
    content_root = Path(settings["PATH"]).resolve()
    only = [Path(f).resolve() for f in options.files] or None
    if options.staged:
        only = [p.resolve() for p in staged_files(Path.cwd())]
        only = [p for p in only if content_root in p.parents]
        if not only:
            return 0
    if options.fix:
        for path, changes in runner.fix_files(settings, content_root).items():
            print(f"{display_path(path)}: {', '.join(changes)}")
    with _without_cycle_collection():
        result = runner.run(settings, content_root, only=only,
                            cache=not options.no_cache)
    for problem in result.findings:
        print(format_finding(problem), file=sys.stderr)
    print(
        f"Đã kiểm tra {result.files_checked} tệp: {len(result.errors)} lỗi, "
        f"{len(result.warnings)} cảnh báo.",
        file=sys.stderr,
    )
    return 1 if result.errors else 0
