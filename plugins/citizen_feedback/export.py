"""Files made from the submissions: a draft's comments as CSV, the ratings summary.

- :func:`comments_csv`: the comments on one draft for the synthesis report; UTF-8
  with a byte-order mark (Excel), every cell through the task CSV's formula guard
  (``science_tasks.downloads.inert_cell``), so ``=HYPERLINK(...)`` stays text. No
  contact data: the report needs who said what, not how to reach them.
- :func:`ratings_summary`: the ratings counted per month (local time) and per score,
  with only the comments an editor marked for publication; the build renders the
  "Kết quả đánh giá mức độ hài lòng" page from it (site.py).
"""

import csv
import io
import json
from collections import defaultdict
from zoneinfo import ZoneInfo

from science_tasks.downloads import BOM, inert_cell

COMMENT_HEADER = ("STT", "Mã tiếp nhận", "Ngày nhận", "Họ tên / tổ chức", "Ý kiến")
TIMEZONE = ZoneInfo("Asia/Ho_Chi_Minh")


def local_time(moment):
    return moment.astimezone(TIMEZONE).strftime("%d/%m/%Y %H:%M")


def comments_csv(rows):
    """The CSV (bytes) of ``rows`` (Store.comments_on)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COMMENT_HEADER)
    for number, row in enumerate(rows, start=1):
        writer.writerow([inert_cell(value) for value in (
            number, row["code"], local_time(row["received"]), row["name"],
            row["text"])])
    return (BOM + out.getvalue()).encode("utf-8")


def ratings_summary(ratings):
    """The ratings file's data from Store.ratings() rows."""
    months = defaultdict(lambda: dict.fromkeys("12345", 0))
    comments = []
    for received, rating, comment in ratings:
        month = received.astimezone(TIMEZONE).strftime("%Y-%m")
        months[month][str(rating)] += 1
        if comment:
            comments.append({"month": f"{month[5:]}/{month[:4]}", "rating": rating,
                             "text": comment})
    return {
        "months": [{"month": m, "counts": months[m]} for m in sorted(months)],
        "comments": comments,
    }


def ratings_json(ratings):
    return json.dumps(ratings_summary(ratings), ensure_ascii=False, indent=1) + "\n"
