"""Time a full build of N synthetic Vietnamese news articles, and the archive step.

    .venv/bin/python bench/archive_build.py 1000 5000

For each N: writes N articles (bench/corpus.py: 15 years, several a day on busy
days) into a temporary folder, builds them with the real pelicanconf.py and an
absolute SITEURL (so the feeds are written too), and prints:

- the whole build, and the time spent writing archive pages and feeds;
- grouping the articles into years, months and days: our one-pass
  ``archives.group_by_period`` against Pelican's own ``_build_period_archives``
  (which tests list membership inside a comprehension for every period);
- pages and bytes written, the size of the picker's data file, peak memory.

Figures only; nothing is asserted. Wall time depends on what else the machine
runs; CPU time (of this process) much less.
"""

import argparse
import resource
import shutil
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from archives import archives
from corpus import YEARS, write_news
from feeds import feeds
from pelican import signals
from pelican.settings import read_settings
from sitebuild.build import build_site

ROOT = Path(__file__).resolve().parents[1]


@contextmanager
def timed_method(cls, name, totals):
    """Add wall and CPU time spent in ``cls.name`` to ``totals[cls.__name__]``."""
    original = getattr(cls, name)

    def wrapper(self, *args, **kwargs):
        start, cpu_start = time.perf_counter(), time.process_time()
        try:
            return original(self, *args, **kwargs)
        finally:
            wall, cpu = totals.get(cls.__name__, (0, 0))
            totals[cls.__name__] = (
                wall + time.perf_counter() - start,
                cpu + time.process_time() - cpu_start,
            )

    setattr(cls, name, wrapper)
    try:
        yield
    finally:
        setattr(cls, name, original)


def best_of(runs, function):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def bench(count, keep):
    settings_file = ROOT / "pelicanconf.py"
    categories = read_settings(str(settings_file))["NEWS_CATEGORIES"]
    work = Path(tempfile.mkdtemp(prefix=f"archive-bench-{count}-"))
    try:
        write_news(work / "content", count, categories=categories)
        captured = {}

        def capture(generator):
            captured["articles"] = generator

        signals.article_generator_finalized.connect(capture)
        totals = {}
        start, cpu_start = time.perf_counter(), time.process_time()
        with (
            timed_method(archives.ArchivesGenerator, "generate_output", totals),
            timed_method(feeds.FeedsGenerator, "generate_output", totals),
        ):
            output = build_site(
                settings_file,
                work / "output",
                PATH=str(work / "content"),
                CACHE_PATH=str(work / "cache"),
                SITEURL="https://example.test",
                RELATIVE_URLS=False,
            )
        build_seconds = time.perf_counter() - start
        build_cpu = time.process_time() - cpu_start
        signals.article_generator_finalized.disconnect(capture)

        generator = captured["articles"]
        articles = generator.articles
        ours = best_of(3, lambda: archives.group_by_period(articles))
        pelican_settings = dict(
            generator.settings,
            YEAR_ARCHIVE_SAVE_AS="y/{date:%Y}/",
            MONTH_ARCHIVE_SAVE_AS="m/{date:%Y%m}/",
            DAY_ARCHIVE_SAVE_AS="d/{date:%Y%m%d}/",
        )
        theirs = best_of(
            1,
            lambda: generator._build_period_archives(
                generator.dates, articles, pelican_settings
            ),
        )
        periods = archives.group_by_period(articles)

        files = [p for p in output.rglob("*") if p.is_file()]
        archive_pages = [
            p for p in files if p.name.startswith("index") and p.parent.name.isdigit()
        ]
        feed_files = list((output / "feeds").rglob("*.xml"))
        data_file = output / "luu-tru/ngay-co-tin.json"
        peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

        print(f"\n== {count} articles over {YEARS} years ==")
        archive_wall, archive_cpu = totals.get("ArchivesGenerator", (0, 0))
        feeds_wall, feeds_cpu = totals.get("FeedsGenerator", (0, 0))
        print("                                    wall s    CPU s")
        print(
            f"whole build (read, render, write): {build_seconds:6.2f} {build_cpu:8.2f}"
        )
        print(
            f"  archive pages, index, data file: {archive_wall:6.2f} {archive_cpu:8.2f}"
        )
        print(f"  feeds (RSS + Atom):              {feeds_wall:6.2f} {feeds_cpu:8.2f}")
        print(f"grouping into periods, ours (one pass): {ours * 1000:8.1f} ms")
        print(f"grouping, Pelican _build_period_archives:{theirs * 1000:8.1f} ms")
        print(
            f"periods: {len(periods['year'])} years, {len(periods['month'])} months, "
            f"{len(periods['day'])} days"
        )
        print(f"archive pages written (with pagination): {len(archive_pages)}")
        print(
            f"feed files: {len(feed_files)}, "
            f"{sum(p.stat().st_size for p in feed_files) / 1024:.0f} KiB"
        )
        print(f"picker data file: {data_file.stat().st_size / 1024:.1f} KiB")
        print(
            f"files written: {len(files)}, "
            f"{sum(p.stat().st_size for p in files) / 2**20:.0f} MiB"
        )
        print(f"peak memory of this process so far: {peak_mib:.0f} MiB")
        if keep:
            print(f"kept in {work}")
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("counts", nargs="*", type=int, default=[1000])
    parser.add_argument("--keep", action="store_true", help="keep the temp folder")
    args = parser.parse_args()
    for count in args.counts:
        bench(count, args.keep)


if __name__ == "__main__":
    main()
