"""dd/mm/yyyy means day/month, on input and on pages; unclear dates stop the build."""

from datetime import datetime

import pytest

import sitebuild
from vn_dates.formatting import vn_weekday_date
from vn_dates.parsing import DateFormatError, parse_editor_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("09/08/2019", datetime(2019, 8, 9)),
        ("9/8/2019", datetime(2019, 8, 9)),
        ("09.08.2019", datetime(2019, 8, 9)),
        ("13/01/2020", datetime(2020, 1, 13)),
        ("09/08/2019 14:30", datetime(2019, 8, 9, 14, 30)),
        ("09/08/2019 14h30", datetime(2019, 8, 9, 14, 30)),
        ("2019-08-09", datetime(2019, 8, 9)),
        ("2019-08-09T07:05:09", datetime(2019, 8, 9, 7, 5, 9)),
        ("2019-08-09 07:05", datetime(2019, 8, 9, 7, 5)),
    ],
)
def test_accepted_dates(text, expected):
    assert parse_editor_date(text) == expected


@pytest.mark.parametrize(
    "text",
    ["08/13/2019", "31/02/2019", "09/08/19", "09-08-2019", "2019/08/09", "tháng 8", ""],
)
def test_refused_dates(text):
    with pytest.raises(DateFormatError):
        parse_editor_date(text)


@pytest.mark.parametrize(
    ("day", "shown"),
    [
        (datetime(2019, 8, 5), "Thứ Hai, 05/08/2019"),
        (datetime(2019, 8, 9), "Thứ Sáu, 09/08/2019"),
        (datetime(2019, 8, 10), "Thứ Bảy, 10/08/2019"),
        (datetime(2019, 8, 11), "Chủ Nhật, 11/08/2019"),
    ],
)
def test_weekday_names_are_vietnamese(day, shown):
    assert vn_weekday_date(day) == shown


ARTICLE = """\
    Title: Kiểm tra đo lường xăng dầu
    Date: {date}
    Category: Thanh tra

    Đoàn kiểm tra đã làm việc tại 12 cửa hàng.
"""


def test_built_page_reads_day_first(build_site, read_html):
    output = build_site({"news/a.md": ARTICLE.format(date="03/04/2020 09:15")})
    page = read_html(output / "tin-tuc/2020/04/kiem-tra-do-luong-xang-dau/index.html")
    time = page.select_one("article time")
    assert time["datetime"] == "2020-04-03T09:15:00+07:00"
    assert time.get_text(strip=True) == "Thứ Sáu, 03/04/2020"


def test_ambiguous_date_fails_naming_file_and_line(build_site, tmp_path):
    (tmp_path / "output").mkdir()
    (tmp_path / "output" / "index.html").write_text("previous build")
    with pytest.raises(sitebuild.BuildFailed) as failure:
        build_site({"news/a.md": ARTICLE.format(date="04-03-2020")})
    message = str(failure.value)
    assert "news/a.md:2: [E-DATE]" in message
    assert "04-03-2020" in message
    # The last good site is untouched, and no staging folder is left behind.
    assert (tmp_path / "output" / "index.html").read_text() == "previous build"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("output.")]


def test_impossible_date_fails(build_site):
    with pytest.raises(sitebuild.BuildFailed, match=r"a\.md:2: \[E-DATE\].*31/02/2020"):
        build_site({"news/a.md": ARTICLE.format(date="31/02/2020")})
