"""Jinja filters that show dates the Vietnamese way, whatever the OS locale is.

DATE_FORMAT is the one spelling of day-first dd/mm/yyyy: pages, the front matter our
tools write, and pelicanconf.py's DEFAULT_DATE_FORMAT all use it.
"""

from datetime import date, datetime

DATE_FORMAT = "%d/%m/%Y"
DATETIME_FORMAT = f"{DATE_FORMAT} %H:%M"  # what editors write in `Date:`

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")


def vn_date(value):
    """09/08/2019"""
    # The C strftime of datetime/date, not Pelican's SafeDatetime.strftime: that one
    # re-parses the format with regexes for its %-d extension (4x slower, and the
    # templates call this filter about 15 times per page); DATE_FORMAT has no %-.
    strftime = datetime.strftime if isinstance(value, datetime) else date.strftime
    return strftime(value, DATE_FORMAT)


def vn_weekday_date(value):
    """Thứ Sáu, 09/08/2019"""
    return f"{WEEKDAYS[value.weekday()]}, {vn_date(value)}"


FILTERS = {
    "vn_date": vn_date,
    "vn_weekday_date": vn_weekday_date,
}
