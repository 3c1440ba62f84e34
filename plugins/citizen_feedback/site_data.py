"""What the service knows of the site: read from the built site, never from a page.

The build writes ``FEEDBACK_FORMS_DATA`` (``phan-hoi/bieu-mau.json``) into the site:
the Q&A fields a question may name, and every draft for comment with the moment its
consultation opens and closes. The service reads that file from the live release
(``FEEDBACK_SITE_DIR``, e.g. ``/srv/sokhcn/current``) and reads it again whenever a
publish or rollback swaps the release, so a draft closes at its closing moment even
while a page built before that moment still shows the form.
"""

import json
from datetime import datetime
from pathlib import Path

from .fields import Refused

FORMS_DATA = "phan-hoi/bieu-mau.json"


class SiteData:
    """The fields and drafts of the live site, re-read when the file changes."""

    def __init__(self, site_dir, relative=FORMS_DATA):
        self.path = Path(site_dir) / relative
        self._seen = None
        self._data = {"qa_fields": [], "drafts": {}}

    def _current(self):
        try:
            real = self.path.resolve(strict=True)  # the release `current` names now
            stat = real.stat()
        except OSError:
            return self._data  # no site yet: nothing is open
        key = (real, stat.st_mtime_ns, stat.st_size, stat.st_ino)
        if key != self._seen:
            raw = json.loads(real.read_text(encoding="utf-8"))
            drafts = {d["slug"]: (datetime.fromisoformat(d["opens"]),
                                  datetime.fromisoformat(d["closes"]), d["title"])
                      for d in raw.get("drafts", [])}
            self._data = {"qa_fields": list(raw.get("qa_fields", [])),
                          "drafts": drafts}
            self._seen = key
        return self._data

    def check_field(self, name):
        fields = self._current()["qa_fields"]
        if fields and name not in fields:
            raise Refused("Lĩnh vực đã chọn không có trong danh sách; vui lòng chọn "
                          "lại.")

    def check_draft_open(self, slug, now):
        """Refused unless draft ``slug`` takes comments at ``now`` (aware)."""
        draft = self._current()["drafts"].get(slug)
        if draft is None:
            raise Refused("Không tìm thấy dự thảo đang lấy ý kiến này.", 404)
        opens, closes, _title = draft
        if now >= closes:
            raise Refused("Dự thảo đã hết hạn lấy ý kiến lúc "
                          f"{closes.strftime('%H:%M:%S ngày %d/%m/%Y')}; ý kiến gửi "
                          "sau thời hạn không được tiếp nhận.", 410)
        if now < opens:
            raise Refused("Dự thảo chưa đến thời gian lấy ý kiến (bắt đầu ngày "
                          f"{opens.strftime('%d/%m/%Y')}).", 403)

    def draft_title(self, slug):
        draft = self._current()["drafts"].get(slug)
        return draft[2] if draft else slug
