"""Time `invoke next-change` on N synthetic articles (bench/corpus.py) plus one
scheduled article: `.venv/bin/python bench/next_change_speed.py [N]` (default 20,000).
Prints the wall time and peak memory of the command, run twice (cold, warm)."""

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus import write_news

ROOT = Path(__file__).resolve().parents[1]


def main(count=20_000):
    with tempfile.TemporaryDirectory() as folder:
        content = Path(folder, "content")
        write_news(content, count)
        scheduled = content / "news" / "2099" / "hen-gio.md"
        scheduled.parent.mkdir(parents=True)
        scheduled.write_text("Title: Hẹn giờ\nDate: 01/01/2099 08:00\nCategory: "
                             "Hoạt động của Sở\nAuthor: A\n\nX.\n", encoding="utf-8")
        settings = Path(folder, "settings.py")
        settings.write_text(f"from pelicanconf import *\nPATH = {str(content)!r}\n"
                            f"CACHE_PATH = {str(Path(folder, 'cache'))!r}\n")
        for run in ("first", "second"):
            start = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "invoke", "next-change",
                                   "--iso", "--settings", str(settings)], cwd=ROOT,
                                  capture_output=True, text=True, check=True,
                                  env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
            wall = time.perf_counter() - start
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            print(f"{count} articles, {run} run: {wall:.2f} s, peak {peak:.0f} MiB, "
                  f"next change {done.stdout.strip()}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000)
