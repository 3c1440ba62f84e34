"""This project's build against stock Pelican on the same N articles (prints figures).

    .venv/bin/python bench/scale.py 1000              # 3 runs of each, alternating
    .venv/bin/python bench/scale.py 1000 5000 20000 --runs 3

For each N, one corpus (bench/corpus.py: ~950-word Vietnamese articles) is built
by both, in turns (project, stock, then stock, project, ...), each in fresh child
processes so that memory and CPU are the build's own:

- project: what `make html` does: `sitebuild.build_site` with pelicanconf.py and
  CHECK_EDITORIAL (the checker inside it; every plugin on, Pagefind included); the
  content folder is the repository's own (pages, bulletins, Q&A, images, its 18
  sample articles) plus the corpus.
- stock: `pelican` 4.12 with its default theme on the same news articles, period
  archives and RSS/Atom feeds on, its reader cache on (as ours is).

Each run measures a cold build (empty cache and output), a rebuild with nothing
changed, then one after each everyday edit in turn (a sentence added to one
article's body, its title changed, a new article added as the newest): wall and CPU seconds (the
children's user + system time, every descendant included), peak memory of the
largest process of the build (Pagefind included: wait4's ru_maxrss), and for the
rebuilds how many files under the output folder were written again (a new
mtime or inode) and how many changed bytes. The table shows medians over the
runs; for the project's output, the Pagefind bundle's size and file count.

Then, unless --no-serve-publish, for the same N: `make serve`'s time from an
editor's save to the page shown again in Chromium (bench/serve_reload.py), and a
publish over SSH of one changed and one new article, time and bytes sent
(bench/publish.py). Both print their own lines.

Figures only; nothing is asserted. Wall time depends on what else the machine
runs; CPU time much less. The machine's core count is printed with the table.
"""

import argparse
import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus import edit_article, write_news

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
# The project's child processes import our plugins from the installed package.
CHILD_ENV = dict(os.environ)

STOCK_SETTINGS = """\
PATH = {content!r}
OUTPUT_PATH = {output!r}
CACHE_PATH = {cache!r}
SITENAME = "Sở Khoa học và Công nghệ"
SITEURL = "https://sokhcn.example.vn"
TIMEZONE = "Asia/Ho_Chi_Minh"
DEFAULT_LANG = "vi"
PLUGINS = []
DEFAULT_PAGINATION = 10
YEAR_ARCHIVE_SAVE_AS = "{{date:%Y}}/index.html"
MONTH_ARCHIVE_SAVE_AS = "{{date:%Y}}/{{date:%m}}/index.html"
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CONTENT_CACHING_LAYER = "reader"
CHECK_MODIFIED_METHOD = "sha1"
"""


def run_child(command, cwd=ROOT):
    """Run ``command``; (wall s, CPU s, peak RSS MiB) of it and all it waited for."""
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=cwd, env=CHILD_ENV, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT)
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    if child.returncode:
        shown = " ".join(map(str, command))
        sys.exit(f"{shown} failed:\n{output.decode(errors='replace')}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


class Site:
    """One builder (project or stock) on one content folder, with its own output."""

    def __init__(self, kind, workdir, content):
        self.kind, self.content = kind, content
        self.output, self.cache = workdir / f"{kind}-output", workdir / f"{kind}-cache"
        self.settings = workdir / f"{kind}-settings.py"
        self.settings.write_text(STOCK_SETTINGS.format(
            content=str(content), output=str(self.output), cache=str(self.cache)))

    def clean(self):
        for folder in (self.output, self.cache):
            shutil.rmtree(folder, ignore_errors=True)

    def build(self):
        """Build once: (wall, cpu, peak MiB)."""
        if self.kind == "stock":
            return run_child([PYTHON, "-m", "pelican", str(self.content),
                              "-s", str(self.settings), "-q"])
        settings = str(ROOT / "pelicanconf.py")
        return run_child([PYTHON, "-c", (
            "import sys\n"
            "from sitebuild.build import BuildFailed, build_site, init_logging\n"
            "init_logging()\n"
            "try:\n"
            f"    build_site({settings!r}, {str(self.output)!r},"
            f" PATH={str(self.content)!r}, CACHE_PATH={str(self.cache)!r},"
            " CHECK_EDITORIAL=True)\n"
            "except BuildFailed as failure:\n"
            "    sys.exit(str(failure))\n")])


def snapshot(folder):
    """{relative path: (mtime_ns, inode, sha1)} of every file under ``folder``."""
    files = {}
    for path in folder.rglob("*"):
        if path.is_file():
            info = path.stat()
            files[path.relative_to(folder)] = (
                info.st_mtime_ns, info.st_ino, hashlib.sha1(path.read_bytes()).digest())
    return files


def rewritten(before, after):
    """(files written again or added or removed, files whose bytes differ)."""
    missing = (None, None, None)
    removed = sum(1 for name in before if name not in after)
    written = sum(1 for name, now in after.items()
                  if before.get(name, missing)[:2] != now[:2])
    changed = sum(1 for name, now in after.items()
                  if before.get(name, missing)[2] != now[2])
    return written + removed, changed + removed


def retitle(path):
    """An editor's title fix; returns the old text."""
    old = path.read_text(encoding="utf-8")
    head, rest = old.split("\n", 1)
    path.write_text(head + " (cập nhật)\n" + rest, encoding="utf-8")
    return old


def add_article(path):
    """A new article, the newest of the site, in the category of ``path``; returns
    None (the file did not exist)."""
    old = path.read_text(encoding="utf-8")
    lines = old.split("\n")
    fields = {line.split(":", 1)[0]: line for line in lines[:8] if ":" in line}
    new = path.with_name("bai-moi-nhat.md")
    new.write_text(
        "Title: Tin mới nhất của Sở Khoa học và Công nghệ\n"
        "Date: 31/12/2025 23:00\n"
        f"{fields['Category']}\n{fields['Author']}\n"
        "Slug: bai-moi-nhat\n"
        "Summary: Một tin mới được đăng trong ngày.\n\n"
        + old.split("\n\n", 1)[1], encoding="utf-8")
    return new


def _restoring(change):
    """An edit from ``change(path) -> old text``: returns its undo."""
    def edit(path):
        old = change(path)
        return lambda: path.write_text(old, encoding="utf-8")
    return edit


def _adding(path):
    new = add_article(path)
    return new.unlink


# The edits each run makes, one after another: (name, edit(path) -> undo()).
EDITS = (("body", _restoring(edit_article)), ("title", _restoring(retitle)),
         ("new", _adding))


def one_run(site, edited):
    """Cold, no-change and one-edit builds of ``site``: a dict of figures."""
    site.clean()
    figures = {"cold": site.build()}
    cold_files = snapshot(site.output)
    figures["files"] = len(cold_files)
    figures["nochange"] = site.build()
    before = snapshot(site.output)
    figures["nochange_written"] = rewritten(cold_files, before)
    undo = []
    try:
        for name, edit in EDITS:
            undo.append(edit(edited))
            figures[name] = site.build()
            after = snapshot(site.output)
            figures[f"{name}_written"] = rewritten(before, after)
            before = after
    finally:
        for step in reversed(undo):
            step()
    bundle = site.output / "pagefind"
    if bundle.is_dir():
        sizes = [path.stat().st_size for path in bundle.rglob("*") if path.is_file()]
        figures["search"] = (sum(sizes) / 2**20, len(sizes))
    return figures


def project_content(workdir, count):
    """The repository's content (its bulletins cite its news) and ``count`` more."""
    content = workdir / "project-content"
    shutil.copytree(ROOT / "content", content)
    paths = write_news(content, count)
    return content, paths


def stock_content(workdir, project):
    """A copy of the same news articles alone, for stock Pelican."""
    content = workdir / "stock-content"
    for path in (project / "news").rglob("*.md"):
        target = content / path.relative_to(project)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    return content


def median(values):
    return statistics.median(values)


def report(count, results):
    """Print the table row pair for ``count`` articles from every run's figures."""
    def med(kind, key, part):
        return median(run[key][part] for run in results[kind])

    print(f"\n== {count:,} articles, {len(results['project'])} runs each, "
          f"{os.cpu_count()} cores; medians")
    header = (f"{'':8} {'cold wall':>10} {'cold CPU':>9} {'peak MiB':>9} "
              f"{'no-change':>10} {'written':>8}"
              + "".join(f" {name + ' edit':>11} {'written/changed':>16}"
                        for name, _ in EDITS) + f" {'files':>7}")
    print(header)
    for kind in results:
        runs = results[kind]
        cold = med(kind, "cold", 0)
        line = (f"{kind:8} {cold:>9.1f}s {med(kind, 'cold', 1):>8.1f}s "
                f"{max(run['cold'][2] for run in runs):>9.0f} "
                f"{med(kind, 'nochange', 0):>9.1f}s "
                f"{median(run['nochange_written'][0] for run in runs):>8.0f}")
        for name, _ in EDITS:
            written = median(run[f"{name}_written"][0] for run in runs)
            changed = median(run[f"{name}_written"][1] for run in runs)
            line += (f" {med(kind, name, 0):>10.1f}s "
                     f"{written:>8.0f}/{changed:<7.0f}")
        print(line + f" {runs[0]['files']:>7}")
    # On a shared machine wall time follows the load; CPU time much less.
    for kind in results:
        cold_cpu = med(kind, "cold", 1)
        print(f"{kind} CPU: cold {cold_cpu:.1f} s, no-change "
              f"{med(kind, 'nochange', 1):.1f} s" + "".join(
                  f", {name} edit {med(kind, name, 1):.1f} s" for name, _ in EDITS))
    if "stock" in results:
        ratio_cpu = med("project", "cold", 1) / med("stock", "cold", 1)
        ratio_wall = med("project", "cold", 0) / med("stock", "cold", 0)
        print(f"project/stock cold: CPU {ratio_cpu:.2f}x, wall {ratio_wall:.2f}x")
    peak_nochange = max(run["nochange"][2] for run in results["project"])
    print(f"project peak memory, any process: cold "
          f"{max(run['cold'][2] for run in results['project']):.0f} MiB, "
          f"no-change {peak_nochange:.0f} MiB")
    search = [run["search"] for run in results["project"] if "search" in run]
    if search:
        megabytes, files = search[0]
        print(f"search bundle (pagefind/): {megabytes:.1f} MiB in {files:,} files")


def bench(count, runs, keep, stock=True):
    workdir = Path(tempfile.mkdtemp(prefix=f"scale-{count}-"))
    try:
        started = time.perf_counter()
        content, paths = project_content(workdir, count)
        sites = {"project": Site("project", workdir, content)}
        if stock:
            sites["stock"] = Site("stock", workdir, stock_content(workdir, content))
        seconds = time.perf_counter() - started
        print(f"corpus of {count:,} articles written in {seconds:.1f} s ({workdir})",
              flush=True)
        edited = paths[len(paths) // 2]
        results = {kind: [] for kind in sites}
        for number in range(runs):
            order = ("project", "stock") if number % 2 == 0 else ("stock", "project")
            order = [kind for kind in order if kind in sites]
            for kind in order:
                target = sites[kind].content / edited.relative_to(content)
                figures = one_run(sites[kind], target)
                results[kind].append(figures)
                print(f"  run {number + 1} {kind}: " + ", ".join(
                    f"{name} {figures[key][0]:.1f} s (CPU {figures[key][1]:.1f} s)"
                    for name, key in (("cold", "cold"), ("no-change", "nochange"),
                                      *((n, n) for n, _ in EDITS))), flush=True)
        report(count, results)
    finally:
        if keep:
            print(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def other_benches(count):
    """`make serve`'s save-to-reload time and what `make publish` of one new
    article takes and sends, at ``count`` articles: bench/serve_reload.py (Debian's
    Chromium on the preview server) and bench/publish.py (a real sshd and nginx on
    127.0.0.1), each on its own copy of the same kind of corpus; their lines are
    printed as they come."""
    for title, command, extra in (
        ("make serve: a saved edit shown in the browser",
         [PYTHON, "bench/serve_reload.py", str(count), "--edits", "2"], {}),
        ("make publish over SSH",
         [PYTHON, "bench/publish.py", "--articles", str(count), "--cycles", "0",
          "--readers", "0"], {"PYTHONPATH": str(ROOT / "tests")}),
    ):
        print(f"-- {count:,} articles, {title}", flush=True)
        subprocess.run(command, cwd=ROOT, env={**CHILD_ENV, **extra}, check=False)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("counts", nargs="*", type=int, default=[1000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--no-stock", dest="stock", action="store_false",
                        help="build with the project only")
    parser.add_argument("--no-serve-publish", dest="others", action="store_false",
                        help="skip make serve's reload time and the publish figures")
    args = parser.parse_args()
    print(f"bench/scale.py {' '.join(sys.argv[1:])}; "
          f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; "
          f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}")
    for count in args.counts:
        bench(count, args.runs, args.keep, args.stock)
        if args.others:
            other_benches(count)


if __name__ == "__main__":
    main()
