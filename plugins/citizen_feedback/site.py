"""The site's side of the forms: pages and data the build writes (Pelican generator).

Writes, after every other generator has filled the context:

- ``phan-hoi/bieu-mau.json``: the Q&A fields and each draft for comment with its
  opening and closing moments, which the service reads from the live release
  (site_data.py) to refuse a comment after the closing moment, whatever page sent it;
- ``danh-gia/``: the satisfaction rating form (linked from every page's footer);
- ``danh-gia/ket-qua/``: "Kết quả đánh giá mức độ hài lòng", the monthly counts
  from ``FEEDBACK_RATINGS_FILE`` (written by ``invoke inbox ratings`` from the
  database: the static site never reads the database), with only the comments an
  editor marked for publication;
- the thank-you pages (one per form) that show the reference code, and the pages
  nginx shows when the service is down or refuses a request (too many, too large).

The question form (``hoi-dap/`` and each field's page) and the comment form (each
open draft) are in the theme's templates (partials/feedback_*.html).
"""

import json
import logging
from collections import Counter
from datetime import datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from output_guard import owners
from pelican.generators import Generator
from vn_dates.deadlines import end_of_day

from .settings import THANKS_PAGES, ratings_file
from .site_data import FORMS_DATA

logger = logging.getLogger(__name__)

RATING_FORM = "danh-gia/"
RESULTS = "danh-gia/ket-qua/"
# Pages nginx serves in place of its own error pages (deploy/nginx/feedback.conf).
NOTICE_PAGES = {
    "unavailable": ("phan-hoi/tam-ngung/", "Hệ thống tiếp nhận tạm ngừng",
                    "Hệ thống tiếp nhận câu hỏi, góp ý và đánh giá đang tạm ngừng "
                    "hoặc bảo trì. Nội dung bạn vừa gửi chưa được tiếp nhận; vui lòng "
                    "gửi lại sau ít phút."),
    "too_many": ("phan-hoi/qua-nhieu/", "Gửi quá nhiều lần",
                 "Bạn đã gửi quá nhiều lần trong thời gian ngắn. Nội dung vừa gửi chưa "
                 "được tiếp nhận; vui lòng đợi vài phút rồi gửi lại."),
    "too_large": ("phan-hoi/qua-lon/", "Nội dung quá lớn",
                  "Nội dung gửi vượt quá dung lượng cho phép. Vui lòng rút gọn rồi "
                  "gửi lại."),
}
THANKS = {
    "question": ("Đã nhận câu hỏi", "Cảm ơn bạn đã gửi câu hỏi. Câu trả lời sẽ được "
                 "đăng trong mục Hỏi đáp (và gửi tới địa chỉ liên hệ nếu bạn để lại)."),
    "comment": ("Đã nhận ý kiến góp ý", "Cảm ơn bạn đã góp ý dự thảo. Ý kiến sẽ được "
                "tổng hợp trong báo cáo tiếp thu, giải trình."),
    "rating": ("Đã nhận đánh giá", "Cảm ơn bạn đã đánh giá mức độ hài lòng. Kết quả "
               "tổng hợp hằng tháng được công khai trên trang kết quả đánh giá."),
}
SCORES = ("1", "2", "3", "4", "5")
SCORE_LABELS = {"1": "Rất không hài lòng", "2": "Không hài lòng", "3": "Bình thường",
                "4": "Hài lòng", "5": "Rất hài lòng"}


def draft_window(document, tz):
    """(opens, closes) of a draft's consultation as aware datetimes."""
    opens = datetime.combine(document.consultation_opens, time(0, 0), tzinfo=tz)
    return opens, end_of_day(document.consultation_closes, tz)


def forms_data(context, settings):
    """The JSON the service reads: QA fields and every draft's window."""
    tz = ZoneInfo(settings.get("TIMEZONE") or "Asia/Ho_Chi_Minh")
    fields = list(settings.get("QA_FIELDS") or [f.name for f in
                                                 context.get("qa_fields") or []])
    drafts = []
    for document in context.get("documents_drafts") or []:
        opens, closes = draft_window(document, tz)
        drafts.append({"slug": document.slug, "title": document.title,
                       "opens": opens.isoformat(), "closes": closes.isoformat()})
    return {"qa_fields": fields, "drafts": drafts}


def read_ratings(path):
    """The months (newest first) and published comments of the ratings file."""
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return [], []
    months = []
    for month in raw.get("months", []):
        counts = Counter({s: int(month.get("counts", {}).get(s, 0)) for s in SCORES})
        total = sum(counts.values())
        satisfied = counts["4"] + counts["5"]
        months.append({
            "month": str(month["month"]), "counts": counts, "total": total,
            "average": (sum(int(s) * n for s, n in counts.items()) / total
                        if total else 0),
            "satisfied_percent": round(100 * satisfied / total) if total else 0,
        })
    months.sort(key=lambda m: m["month"], reverse=True)
    comments = [c for c in raw.get("comments", []) if c.get("text")]
    return months, comments


def month_label(value):
    """'2026-11' → 'Tháng 11/2026'."""
    year, _, month = value.partition("-")
    return f"Tháng {month}/{year}"


class FeedbackPagesGenerator(Generator):
    """Writes the forms' own pages and the data file once the context is full."""

    def generate_context(self):
        pass

    def _page(self, writer, save_as, template, **extra):
        writer.write_file(save_as + "index.html", self.get_template(template),
                          self.context, relative_urls=self.settings["RELATIVE_URLS"],
                          url=save_as, **extra)

    def generate_output(self, writer):
        settings = self.settings
        if not settings.get("FEEDBACK_ENABLED"):
            return
        # Thank-you and error pages are no pages to find (they say noindex too).
        if "SITEMAP_EXCLUDE" in self.context:
            self.context["SITEMAP_EXCLUDE"] = [*self.context["SITEMAP_EXCLUDE"],
                                               "phan-hoi/*"]
        data = json.dumps(forms_data(self.context, settings), ensure_ascii=False,
                          indent=1).encode("utf-8")
        owners.write_bytes(settings, FORMS_DATA, data,
                           owners.Owner("FEEDBACK_FORMS_DATA"),
                           output_path=self.output_path)
        self._page(writer, RATING_FORM, "feedback_rating", score_labels=SCORE_LABELS)
        months, comments = read_ratings(ratings_file(settings))
        for month in months:
            month["label"] = month_label(month["month"])
        self._page(writer, RESULTS, "feedback_results", rating_months=months,
                   rating_comments=comments, score_labels=SCORE_LABELS,
                   scores=SCORES)
        for kind, save_as in THANKS_PAGES.items():
            title, text = THANKS[kind]
            self._page(writer, save_as, "feedback_thanks", notice_title=title,
                       notice_text=text, feedback_kind=kind)
        for save_as, title, text in NOTICE_PAGES.values():
            self._page(writer, save_as, "feedback_notice", notice_title=title,
                       notice_text=text)
