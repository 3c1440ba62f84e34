"""The deadline state every countdown on the site shows (vn_dates.deadlines)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from vn_dates.deadlines import build_now, deadline, next_midnight

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day, hour=9, minute=0):
    return datetime(2026, 12, day, hour, minute, tzinfo=VN)


def test_a_closing_date_is_open_until_the_end_of_that_day():
    assert deadline(date(2026, 12, 15), at(2)).label == "còn 13 ngày"
    assert deadline(date(2026, 12, 15), at(14)).label == "còn 1 ngày"
    assert deadline(date(2026, 12, 15), at(15, 23, 59)).label == "hạn chót hôm nay"
    closed = deadline(date(2026, 12, 15), at(16, 0, 0))
    assert (closed.is_open, closed.label) == (False, "đã hết hạn")


def test_a_closing_time_is_exact():
    closes = datetime(2026, 12, 15, 17, 0, tzinfo=VN)
    assert deadline(closes, at(15, 16, 59)).is_open
    assert not deadline(closes, at(15, 17, 0)).is_open


def test_the_clock_is_the_setting_when_tests_fix_it():
    assert build_now({"BUILD_NOW": at(2)}) == at(2)
    real = build_now({"TIMEZONE": "Asia/Ho_Chi_Minh"})
    assert real.utcoffset().total_seconds() == 7 * 3600


def test_countdowns_change_at_local_midnight():
    assert next_midnight(at(2, 23, 30)) == datetime(2026, 12, 3, 0, 0, tzinfo=VN)
