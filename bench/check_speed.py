"""How long `invoke check` takes on a synthetic Vietnamese archive (prints figures).

    .venv/bin/python bench/check_speed.py 1000 5000 20000

Each article is a bench/corpus.py article (about 950 words) with one image link to
one shared image. The checker's cost should grow linearly with the archive.
"""

import sys
import tempfile
import time
from pathlib import Path

from content_check import runner
from content_check.cli import load_settings
from corpus import write_news

ROOT = Path(__file__).resolve().parents[1]


def make_archive(folder, count):
    """``count`` corpus articles, each showing one shared image."""
    image = ROOT / "content/images/2019/hoi-nghi-so-ket-dang-uy-minh-hoa.jpg"
    (folder / "images").mkdir(parents=True)
    (folder / "images/anh.jpg").write_bytes(image.read_bytes())
    write_news(folder, count, image="images/anh.jpg")


def main(sizes):
    for count in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            content = Path(tmp) / "content"
            make_archive(content, count)
            settings = load_settings(ROOT / "pelicanconf.py", {"PATH": str(content)})
            start = time.perf_counter()
            result = runner.run(settings)
            elapsed = time.perf_counter() - start
            print(f"{count:6d} articles: {elapsed:6.2f} s  "
                  f"({elapsed / count * 1000:.2f} ms/article, "
                  f"{len(result.errors)} errors, {len(result.warnings)} warnings)")


if __name__ == "__main__":
    main([int(n) for n in sys.argv[1:]] or [1000, 5000])
