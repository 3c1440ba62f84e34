"""Publishing figures, measured against a real sshd and nginx on 127.0.0.1.

Prints:
- the time to publish the sample site (content/) over SSH: first publish, and again
  with nothing changed, with the time of each step (build, gate, compress, upload);
- what a one-article change and a new article send (rsync --stats: bytes sent,
  literal data, files), and the time of each;
- the requests readers made while releases were published and rolled back under
  them, and how many failed or mixed a page with another release's stylesheet.

    PYTHONPATH=tests .venv/bin/python bench/publish.py [--articles 500] [--cycles 3]
        [--readers 4]

(PYTHONPATH=tests: the bench reuses the tests' real sshd and nginx helpers.)

--articles adds that many generated articles (copies of the seed article's text) to
the sample site, to see how the figures grow.
"""

import argparse
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

import releases
from corpus import write_news
from deploy_helpers import Reader, stamped_theme
from servers import Nginx, Sshd
from sitebuild.publish import publish_settings, publish_site

ROOT = Path(__file__).resolve().parents[1]

SEED = ROOT / "content/news/2019/so-ket-cong-tac-xay-dung-dang-6-thang-dau-nam-2019.md"


# The everyday edit: a new article, the newest of the site, in the newest year
# the archive has (the first article of a new year also adds that year to the
# date picker of every news page).
NEW_ARTICLE = """\
Title: Tin mới nhất của Sở Khoa học và Công nghệ
Date: 31/12/2025 23:00
Category: Hoạt động của Sở
Author: Thu Hà
Slug: bai-moi-nhat
Summary: Một tin mới được đăng trong ngày.

Sở Khoa học và Công nghệ thông báo một tin mới trong ngày.
"""


def generated_articles(content, count):
    """Write ``count`` corpus articles spread over categories and days."""
    categories = publish_settings()["NEWS_CATEGORIES"]
    write_news(content, count, categories=categories)


def timed_publish(overrides, stamp, base):
    theme = stamped_theme(base / f"theme-{stamp}", stamp)
    overrides = {**overrides, "THEME": str(theme)}
    started = time.perf_counter()
    result = publish_site(report=lambda _: None, **overrides)
    return result, time.perf_counter() - started


def show_publish(label, result, seconds):
    steps = ", ".join(f"{step} {value:.2f} s" for step, value in result.timings.items())
    stats = result.rsync_stats
    print(f"{label}: {seconds:.2f} s ({steps})", flush=True)
    print(f"    rsync: {stats.get('Total bytes sent', 0):,} bytes sent, "
          f"{stats.get('Literal data', 0):,} bytes of literal data, "
          f"{stats.get('Number of regular files transferred', 0):,} of "
          f"{stats.get('Number of files', 0):,} files transferred", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=0)
    parser.add_argument("--cycles", type=int, default=3,
                        help="publish+rollback pairs while readers read")
    parser.add_argument("--readers", type=int, default=4)
    args = parser.parse_args()
    # The bench publishes the repository's sample content on purpose (a local
    # sshd and nginx): the deliberate test publish the gate allows.
    os.environ["ALLOW_SAMPLE_CONTENT"] = "1"

    with tempfile.TemporaryDirectory(prefix="bench-publish-") as tmp:
        base = Path(tmp)
        content = base / "content"
        shutil.copytree(ROOT / "content", content)
        generated_articles(content, args.articles)
        target_root = base / "srv/site"
        sshd = Sshd(base / "sshd").start()
        nginx = None
        try:
            overrides = {"PATH": str(content), "CACHE_PATH": str(base / "cache"),
                         "DEPLOY_BUILD_DIR": str(base / "dist"),
                         **sshd.deploy_settings(target_root)}
            articles = len(list(content.rglob("*.md")))
            print(f"Sample site: {articles} articles; target {target_root} over SSH")

            show_publish("First publish", *timed_publish(overrides, "A", base))
            show_publish("Publish, nothing changed",
                         *timed_publish(overrides, "A", base))
            seed = content / SEED.relative_to(ROOT / "content")
            seed.write_text(seed.read_text(encoding="utf-8")
                            + "\nBài viết được cập nhật thêm một câu.\n",
                            encoding="utf-8")
            show_publish("Publish, one article changed",
                         *timed_publish(overrides, "A", base))
            (content / "news/bai-moi-nhat.md").write_text(NEW_ARTICLE,
                                                          encoding="utf-8")
            show_publish("Publish, one new article",
                         *timed_publish(overrides, "A", base))

            nginx = Nginx(base / "nginx", target_root).start()
            stop = threading.Event()
            paths = ["/", "/tin-tuc/2019/08/"
                     "so-ket-cong-tac-xay-dung-dang-6-thang-dau-nam-2019/"]
            readers = [Reader(nginx, paths, stop, max_seconds=3600)
                       for _ in range(args.readers)]
            for reader in readers:
                reader.start()
            switches = 0
            started = time.perf_counter()
            try:
                for cycle in range(args.cycles):
                    timed_publish(overrides, f"R{cycle}", base)
                    releases.rollback(releases.Target.from_settings(overrides))
                    switches += 2
            finally:
                stop.set()
                for reader in readers:
                    reader.join()
            seconds = time.perf_counter() - started
            requests = sum(r.requests for r in readers)
            errors = [e for r in readers for e in r.errors]
            mixed = [m for r in readers for m in r.mixed]
            seen = set().union(*(r.releases_seen for r in readers))
            print(f"Readers ({args.readers} threads) during {args.cycles} publishes "
                  f"and {args.cycles} rollbacks ({switches} switches, "
                  f"{seconds:.1f} s): "
                  f"{requests:,} requests, {len(errors)} failed, "
                  f"{len(mixed)} page/stylesheet pairs from two releases; "
                  f"releases seen: {', '.join(sorted(seen))}")
            for error in errors[:10]:
                print("    failed:", error)
            return 1 if errors or mixed else 0
        finally:
            if nginx:
                nginx.stop()
            sshd.stop()


if __name__ == "__main__":
    sys.exit(main())
