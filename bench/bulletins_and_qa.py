"""Time a build with many bulletin issues and Q&A entries; print the figures.

    .venv/bin/python bench/bulletins_and_qa.py [QA_ENTRIES] [ISSUES]

Writes a synthetic content folder in a temporary directory (one news article, the
given numbers of Q&A entries over QA_FIELDS and of bulletin issues, each with a
small cover and PDF), builds it three times with the real pelicanconf.py and prints
the median wall time and the time per entry.
"""

import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

from pelican.settings import read_settings
from PIL import Image
from sitebuild.build import build_site

ROOT = Path(__file__).resolve().parents[1]

QA = """Title: Câu hỏi số {n} về {field}
Question: Xin hỏi về quy định số {n} trong lĩnh vực {field}, áp dụng thế nào?
    Gia đình tôi cần làm thủ tục gì và nộp hồ sơ ở đâu?
Asker: Nguyễn Văn {n}
Locality: Yên Lạc
Asked: {day:02d}/{month:02d}/2019
Field: {field}
Answerer: Phòng Quản lý công nghệ và Sở hữu trí tuệ
Date: {day:02d}/{month:02d}/2020

Trả lời câu hỏi số {n}: theo quy định hiện hành, **hồ sơ** gồm đơn đề nghị và các
giấy tờ liên quan. Nộp tại Bộ phận một cửa của Sở Khoa học và Công nghệ.
"""
ISSUE = """Number: {number}
Year: {year}
Date: 28/{month:02d}/{year}
Summary: Số {number}/{year}.
Cover: so-{number}-bia.jpg
PDF: so-{number}.pdf
Contents: Bài mở đầu | trang 2
    Tin hoạt động | news/tin.md
"""
NEWS = "Title: Tin\nDate: 01/01/2019\nCategory: Hoạt động của Sở\n\nNội dung.\n"


def write_content(folder, qa_entries, issues):
    fields = read_settings(str(ROOT / "pelicanconf.py"))["QA_FIELDS"]
    (folder / "news").mkdir(parents=True)
    (folder / "news/tin.md").write_text(NEWS, encoding="utf-8")
    (folder / "qa").mkdir()
    for n in range(qa_entries):
        text = QA.format(n=n, field=fields[n % len(fields)], day=n % 28 + 1,
                         month=n % 12 + 1)
        (folder / f"qa/cau-hoi-{n}.md").write_text(text, encoding="utf-8")
    cover, pdf = io.BytesIO(), io.BytesIO()
    Image.new("RGB", (300, 424), (150, 30, 30)).save(cover, "JPEG")
    Image.new("RGB", (60, 85), "white").save(pdf, "PDF")
    for i in range(issues):
        year, number = 2000 + i // 4, i % 4 + 1
        issue = folder / f"bulletins/{year}"
        issue.mkdir(parents=True, exist_ok=True)
        (issue / f"so-{number}.md").write_text(
            ISSUE.format(number=number, year=year, month=number * 3),
            encoding="utf-8")
        (issue / f"so-{number}-bia.jpg").write_bytes(cover.getvalue())
        (issue / f"so-{number}.pdf").write_bytes(pdf.getvalue())


def main():
    qa_entries = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    issues = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        write_content(tmp / "content", qa_entries, issues)
        times = []
        for run in range(3):
            start = time.perf_counter()
            build_site(ROOT / "pelicanconf.py", tmp / "output",
                             PATH=str(tmp / "content"),
                             CACHE_PATH=str(tmp / f"cache-{run}"))
            times.append(time.perf_counter() - start)
        pages = sum(1 for _ in (tmp / "output").rglob("index*.html"))
    median = statistics.median(times)
    print(f"{qa_entries} Q&A entries, {issues} bulletin issues, {pages} HTML pages")
    print(f"build: median {median:.2f} s of {len(times)} runs "
          f"({', '.join(f'{t:.2f}' for t in times)})")
    print(f"per content item: {1000 * median / (qa_entries + issues):.2f} ms")


if __name__ == "__main__":
    main()
