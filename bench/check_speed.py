"""How long `invoke check` takes on a synthetic Vietnamese archive (prints figures).

    .venv/bin/python bench/check_speed.py 1000 5000 20000

Each article is about 2 KB of Vietnamese text with front matter and one image link;
one shared image. The checker's cost should grow linearly with the archive.
"""

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))

from content_check import runner  # noqa: E402
from content_check.cli import load_settings  # noqa: E402

PARAGRAPH = ("Sở Khoa học và Công nghệ tổ chức hội nghị sơ kết công tác 6 tháng đầu "
             "năm, triển khai nhiệm vụ khoa học và công nghệ cấp tỉnh. ") * 4


def make_archive(folder, count):
    image = ROOT / "content/images/2019/hoi-nghi-so-ket-dang-uy-minh-hoa.jpg"
    (folder / "images").mkdir(parents=True)
    (folder / "images/anh.jpg").write_bytes(image.read_bytes())
    for number in range(count):
        year = 2010 + number % 15
        target = folder / "news" / str(year) / f"tin-{number}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(
            f"Title: Tin số {number} về khoa học công nghệ\n"
            f"Date: {1 + number % 28:02d}/{1 + number % 12:02d}/{year}\n"
            "Category: Khoa học - Công nghệ\nSummary: Tóm tắt.\n\n"
            + (PARAGRAPH + "\n\n") * 3
            + "![Ảnh]({static}/images/anh.jpg \"Chú thích\")\n", encoding="utf-8")


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
