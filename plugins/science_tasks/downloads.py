"""The yearly task list as files to download: CSV (for Excel) and JSON (open data).

Pure functions of the tasks (no I/O); the generator writes their bytes through
``output_guard.owners.write_bytes``, so each file has one owner.

CSV: UTF-8 **with a byte-order mark** (Excel reads a BOM-less CSV in the machine's
ANSI code page and garbles Vietnamese), comma-separated, CRLF line ends, every
field quoted when needed. A cell that begins with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return is prefixed with an apostrophe (OWASP "CSV injection"): Excel
and LibreOffice would otherwise run it as a formula (``=cmd|' /C calc'!A0``). The
budget is a plain whole number of đồng, so no decimal or grouping sign depends on
the reader's locale.
"""

import csv
import io
import json
import unicodedata

from vn_dates.formatting import vn_date

CSV_HEADER = ("Mã số", "Tên nhiệm vụ", "Cấp quản lý", "Lĩnh vực", "Tổ chức chủ trì",
              "Chủ nhiệm", "Ngày bắt đầu", "Ngày kết thúc", "Kinh phí (đồng)",
              "Tình trạng", "Ngày nghiệm thu", "Xếp loại", "Kết quả", "Sản phẩm",
              "Địa chỉ")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def inert_cell(value):
    """The text of one CSV cell that no spreadsheet runs as a formula."""
    text = unicodedata.normalize("NFC", "" if value is None else str(value))
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _day(value):
    return vn_date(value) if value else ""


def task_record(task, siteurl):
    """One task as plain data (the JSON's item; the CSV's row is made from it)."""
    return {
        "code": task.code,
        "name": task.title,
        "level": task.level,
        "field": task.field,
        "host": task.host,
        "investigator": task.investigator,
        "start": task.starts.isoformat(),
        "end": task.ends.isoformat(),
        "budget_vnd": task.budget,
        "budget_text": task.budget_text,
        "status": task.stage,
        "result": ({
            "accepted": task.accepted.isoformat() if task.accepted else None,
            "grade": task.grade,
            "summary": task.result,
            "files": [{"name": f.label, "url": f"{siteurl}/{f.url}",
                       "type": f.mime_type, "bytes": f.length}
                      for f in task.products],
        } if task.has_results else None),
        "url": f"{siteurl}/{task.url}",
    }


def catalogue_csv(tasks, siteurl):
    """The CSV file's bytes: BOM, header, one row per task."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for task in tasks:
        writer.writerow([inert_cell(v) for v in (
            task.code, task.title, task.level, task.field, task.host,
            task.investigator, _day(task.starts), _day(task.ends), task.budget,
            task.stage, _day(task.accepted), task.grade or "", task.result or "",
            "; ".join(f"{siteurl}/{f.url}" for f in task.products),
            f"{siteurl}/{task.url}")])
    return (BOM + buffer.getvalue()).encode("utf-8")


def catalogue_json(title, year, tasks, siteurl):
    """The JSON file's bytes (UTF-8, Vietnamese as written, not \\u-escaped)."""
    data = {"title": title, "year": year, "count": len(tasks),
            "tasks": [task_record(t, siteurl) for t in tasks]}
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return (unicodedata.normalize("NFC", text) + "\n").encode("utf-8")
