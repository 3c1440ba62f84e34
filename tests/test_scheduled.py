"""Scheduled (future-dated) articles and drafts are written nowhere until their time.

Pelican decides which articles lie in the future when it reads them, from
``datetime.datetime.now()`` in ``pelican.contents``. The ``clock`` fixture sets that
"now" (and only that one), so a test can build before and after an article's time
without sleeping.
"""

import datetime as real_datetime
import json
import types
from zoneinfo import ZoneInfo

import pytest
from lxml import etree

VN = ZoneInfo("Asia/Ho_Chi_Minh")
MARKER = "HẸN GIỜ 7391"  # appears in the scheduled article only
SCHEDULED_SLUG = "tin-hen-gio-7391"
PUBLISHED = (
    "Title: Tin đã đăng\nDate: 09/05/2030 09:00\nCategory: Thanh tra\n\nĐã đăng.\n"
)
SCHEDULED = (
    f"Title: Tin {MARKER}\nDate: 10/05/2030 08:10\nCategory: Thanh tra\n"
    f"Summary: Tóm tắt {MARKER}.\n\nNội dung {MARKER}.\n"
)
DRAFT = (
    "Title: Bản nháp NHÁP 5512\nDate: 01/05/2030\nCategory: Thanh tra\n"
    "Status: draft\n\nNội dung NHÁP 5512.\n"
)
FILES = {
    "news/2030/da-dang.md": PUBLISHED,
    "news/2030/hen-gio.md": SCHEDULED,
    "news/2030/nhap.md": DRAFT,
}


@pytest.fixture
def clock(monkeypatch):
    """Set the "now" Pelican compares article dates with: ``clock(aware_datetime)``."""
    import pelican.contents

    state = {}

    class ControlledDatetime(real_datetime.datetime):
        @classmethod
        def now(cls, tz=None):
            if tz is None:  # naive local time, as datetime.now() gives
                return state["now"].astimezone(VN).replace(tzinfo=None)
            return state["now"].astimezone(tz)

    module = types.SimpleNamespace(
        **{
            name: getattr(real_datetime, name)
            for name in dir(real_datetime)
            if not name.startswith("__")
        }
    )
    module.datetime = ControlledDatetime
    monkeypatch.setattr(pelican.contents, "datetime", module)

    def set_now(instant):
        state["now"] = instant

    return set_now


def texts(output):
    """Every text file of the built site, by path relative to it."""
    found = {}
    for path in output.rglob("*"):
        if path.suffix in {".html", ".xml", ".json", ".js"}:
            found[path.relative_to(output).as_posix()] = path.read_text(
                encoding="utf-8"
            )
    return found


def picker_days(output):
    data = json.loads((output / "luu-tru/ngay-co-tin.json").read_text(encoding="utf-8"))
    return data["days"]


def feed_titles(output, path="feeds/tin-tuc.rss.xml"):
    root = etree.parse(str(output / path)).getroot()
    return [item.findtext("title") for item in root.iter("item")]


def test_scheduled_article_is_written_nowhere_before_its_time(build_site, clock):
    clock(real_datetime.datetime(2030, 5, 10, 8, 0, tzinfo=VN))  # ten minutes before
    output = build_site(FILES)

    assert [path for path, text in texts(output).items() if MARKER in text] == []
    assert not [p for p in output.rglob("*") if SCHEDULED_SLUG in p.name]
    assert not (output / "drafts").exists()
    assert not (output / "tin-tuc/2030/05/10").exists()
    assert picker_days(output) == {"2030": {"5": [9]}}
    assert feed_titles(output) == ["Tin đã đăng"]
    month = (output / "tin-tuc/2030/05/index.html").read_text(encoding="utf-8")
    assert "1 tin" in month


def test_scheduled_article_appears_in_the_first_build_after_its_time(build_site, clock):
    clock(real_datetime.datetime(2030, 5, 10, 8, 0, tzinfo=VN))
    build_site(FILES)
    clock(real_datetime.datetime(2030, 5, 10, 8, 11, tzinfo=VN))  # one minute after
    output = build_site(FILES)

    assert (output / f"tin-tuc/2030/05/{SCHEDULED_SLUG}/index.html").exists()
    day = (output / "tin-tuc/2030/05/10/index.html").read_text(encoding="utf-8")
    assert f"Tin {MARKER}" in day
    assert picker_days(output) == {"2030": {"5": [9, 10]}}
    assert feed_titles(output) == [f"Tin {MARKER}", "Tin đã đăng"]
    atom = (output / "feeds/chuyen-muc/thanh-tra.atom.xml").read_text(encoding="utf-8")
    assert f"Tin {MARKER}" in atom
    assert f"Tin {MARKER}" in (output / "chuyen-muc/thanh-tra/index.html").read_text(
        encoding="utf-8"
    )
    assert f"Tin {MARKER}" in (output / "index.html").read_text(encoding="utf-8")
    archive_index = (output / "luu-tru/index.html").read_text(encoding="utf-8")
    assert "(2 tin)" in archive_index


def test_future_article_is_held_back_by_the_real_clock(build_site):
    tomorrow = real_datetime.datetime.now(VN) + real_datetime.timedelta(days=1)
    scheduled = (
        f"Title: Tin {MARKER}\nDate: {tomorrow:%d/%m/%Y %H:%M}\n"
        f"Category: Thanh tra\n\nNội dung {MARKER}.\n"
    )
    published = PUBLISHED.replace("09/05/2030", "09/05/2019")
    output = build_site({"news/da-dang.md": published, "news/hen-gio.md": scheduled})
    assert [path for path, text in texts(output).items() if MARKER in text] == []
    assert feed_titles(output) == ["Tin đã đăng"]
    assert picker_days(output) == {"2019": {"5": [9]}}


def test_drafts_are_never_published(build_site, clock):
    clock(real_datetime.datetime(2031, 1, 1, tzinfo=VN))  # long after the draft's date
    output = build_site(FILES)
    assert [path for path, text in texts(output).items() if "NHÁP 5512" in text] == []
    assert not [p for p in output.rglob("*") if "ban-nhap" in p.as_posix()]
    assert not (output / "drafts").exists()
    assert not (output / "tin-tuc/2030/05/01").exists()
    assert picker_days(output) == {"2030": {"5": [9, 10]}}
