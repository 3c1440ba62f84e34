"""Cost of the one-parse HTML post-processing, per page.

    .venv/bin/python bench/postprocess.py [output/page.html] [repeats]

Times transform_html() on a built page (default: the seed article in output/, after
`make html`) and prints milliseconds per page and the projection for 20,000 pages.
"""

import sys
import time
from pathlib import Path

from html_postprocess.html_postprocess import transform_html

ROOT = Path(__file__).resolve().parents[1]

SEED = "tin-tuc/2019/08/so-ket-cong-tac-xay-dung-dang-6-thang-dau-nam-2019/index.html"


def main(page, repeats):
    html = page.read_text(encoding="utf-8")
    transform_html(html, {"SITEURL": ""})  # warm up imports
    start = time.perf_counter()
    for _ in range(repeats):
        transform_html(html, {"SITEURL": ""}, page_path=SEED)
    per_page = (time.perf_counter() - start) / repeats
    print(
        f"{page.name}: {len(html) / 1024:.1f} KB, {per_page * 1000:.1f} ms/page; "
        f"20,000 pages ≈ {per_page * 20000:.0f} s on one core"
    )


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "output" / SEED
    main(target, int(sys.argv[2]) if len(sys.argv) > 2 else 200)
