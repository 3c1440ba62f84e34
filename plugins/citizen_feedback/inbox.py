"""The editors' inbox: ``invoke inbox [list|show|answer|export|ratings|publish]``.

Plain text in Vietnamese for a terminal. What a citizen wrote is printed as text,
never interpreted: characters that a terminal would act on are shown as ``?``
(the service refuses them anyway), and nothing is turned into HTML here.
"""

import unicodedata
from pathlib import Path

from . import answer, export
from .fields import KIND_LABEL, QUESTION, RATING
from .store import Store

STATE_LABEL = {"new": "mới", "answered": "đã soạn trả lời"}


class InboxError(Exception):
    """A message (Vietnamese) for the editor; the command exits non-zero."""


def terminal_safe(text):
    return "".join("?" if unicodedata.category(c) in ("Cc", "Cf") and c not in "\n\t"
                   else c for c in str(text))


def first_line(text, width=60):
    line = " ".join(str(text).split())
    return line if len(line) <= width else line[:width - 1] + "…"


def list_lines(store, show_all=False):
    """The inbox as lines of text: type, date, code, first line."""
    items = store.list(state=None if show_all else "new")
    if not items:
        return ["Không có góp ý, câu hỏi hay đánh giá mới."]
    lines = [f"{'Loại':<14} {'Ngày nhận':<16} {'Mã':<11} Nội dung"]
    for item in items:
        text = item["text"] or (f"{item['rating']}/5" if item["kind"] == RATING else "")
        if item["kind"] == RATING:
            text = f"{item['rating']}/5 " + item["text"]
        lines.append(f"{KIND_LABEL[item['kind']]:<14} "
                     f"{export.local_time(item['received']):<16} {item['code']:<11} "
                     f"{terminal_safe(first_line(text))}")
    lines.append(f"{len(items)} mục.")
    return lines


def show_lines(store, code):
    item = store.get(code, with_contact=True)
    if item is None:
        raise InboxError(f"Không có mục nào mã {terminal_safe(code)}.")
    lines = [f"Mã: {item['code']}", f"Loại: {KIND_LABEL[item['kind']]}",
             f"Ngày nhận: {export.local_time(item['received'])}",
             f"Tình trạng: {STATE_LABEL.get(item['state'], item['state'])}"]
    if item["kind"] == QUESTION:
        lines += [f"Lĩnh vực: {item['target']}", f"Họ tên: {item['name']}",
                  f"Địa phương: {item['locality']}"]
    elif item["kind"] == RATING:
        published = "có" if item["publish_comment"] else "không"
        lines += [f"Mức độ hài lòng: {item['rating']}/5",
                  f"Công khai nhận xét: {published}"]
    else:
        lines += [f"Dự thảo: {item['target']}", f"Họ tên / tổ chức: {item['name']}"]
    if item["kind"] != RATING:
        lines.append("Liên hệ (không công khai): " + (item["contact"] or "(không có)"))
    lines += ["", item["text"] or "(không có nội dung)"]
    return [terminal_safe(line) for line in lines]


def answer_draft(store, code, settings, content_root):
    item = store.get(code)
    if item is None or item["kind"] != QUESTION:
        raise InboxError(f"Không có câu hỏi nào mã {terminal_safe(code)}.")
    try:
        path = answer.write_draft(item, settings, content_root)
    except FileExistsError as exists:
        raise InboxError(f"Đã có bản nháp {exists.filename}; không ghi đè.") from None
    store.set_state(item["code"], "answered")
    return path


def export_comments(store, draft_slug, output):
    rows = store.comments_on(draft_slug)
    Path(output).write_bytes(export.comments_csv(rows))
    return len(rows)


def write_ratings(store, path):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(export.ratings_json(store.ratings()), encoding="utf-8")
    return path


def publish_comment(store, code, publish=True):
    if not store.set_publish_comment(code.strip().upper(), publish):
        raise InboxError(f"Không có đánh giá nào mã {terminal_safe(code)}.")


def open_store(config):
    store = Store(config.database_url)
    store.create_tables()
    return store
