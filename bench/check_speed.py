"""How long `invoke check` and the pre-commit hook take on a synthetic archive.

    .venv/bin/python bench/check_speed.py 1000 5000 20000

Each article is a bench/corpus.py article (about 950 words) with one image link to
one shared image. Every figure is one run of the real command in a new process
(`python -m content_check`, as the hook runs it: imports and settings included),
wall time with the CPU time (user + system) beside it, since on a shared machine
the wall time also counts the other jobs:

- full check: every file read and checked (it never uses the cache), twice;
- one file, cold: ``content_check FILE`` with no cache/check/ file yet (it reads
  every file and writes the cache);
- one file, warm: the same again (the other files come from the cache);
- hook, warm: ``--staged`` in a git repository with that one article edited and
  staged (what `git commit` waits for).

The cache of the temporary folder (under the project's CACHE_PATH) is deleted at
the end.
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from content_check.cache import cache_file
from content_check.cli import load_settings
from corpus import edit_article, write_news

ROOT = Path(__file__).resolve().parents[1]


def make_archive(folder, count):
    """``count`` corpus articles, each showing one shared image."""
    image = ROOT / "content/images/2019/hoi-nghi-so-ket-dang-uy-minh-hoa.jpg"
    (folder / "images").mkdir(parents=True)
    (folder / "images/anh.jpg").write_bytes(image.read_bytes())
    return write_news(folder, count, image="images/anh.jpg")


def timed(args, cwd):
    """(wall seconds, CPU seconds, exit status) of ``python -m content_check args``."""
    before = os.times()
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "content_check",
                           "--settings", str(ROOT / "pelicanconf.py"), *args],
                          cwd=cwd, capture_output=True)
    wall = time.perf_counter() - start
    after = os.times()
    cpu = (after.children_user - before.children_user
           + after.children_system - before.children_system)
    return wall, cpu, done.returncode


def main(sizes):
    print(f"{'articles':>8}  {'what':<24} {'wall':>7} {'CPU':>7}")
    for count in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            top = Path(tmp)
            content = top / "content"
            paths = make_archive(content, count)
            one = paths[count // 2]
            settings = load_settings(ROOT / "pelicanconf.py", {"PATH": str(content)})
            cached = cache_file(settings, content.resolve())
            try:
                if cached is not None:
                    cached.unlink(missing_ok=True)
                path = ["--path", str(content)]
                runs = [
                    ("full check", path),
                    ("full check, again", path),
                    ("one file, cold cache", [*path, str(one)]),
                    ("one file, warm cache", [*path, str(one)]),
                ]
                for what, args in runs:
                    wall, cpu, status = timed(args, top)
                    print(f"{count:8d}  {what:<24} {wall:6.2f}s {cpu:6.2f}s"
                          + (f"  (exit {status})" if status else ""))
                subprocess.run(["git", "init", "-q"], cwd=top, check=True)
                edit_article(one)
                subprocess.run(["git", "add", str(one)], cwd=top, check=True)
                wall, cpu, status = timed([*path, "--staged"], top)
                print(f"{count:8d}  {'hook (--staged), warm':<24} {wall:6.2f}s "
                      f"{cpu:6.2f}s" + (f"  (exit {status})" if status else ""))
            finally:
                if cached is not None:
                    cached.unlink(missing_ok=True)


if __name__ == "__main__":
    main([int(n) for n in sys.argv[1:]] or [1000, 5000])
