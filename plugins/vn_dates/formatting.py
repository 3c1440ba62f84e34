"""Jinja filters that show dates the Vietnamese way, whatever the OS locale is."""

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")


def vn_date(value):
    """09/08/2019"""
    return value.strftime("%d/%m/%Y")


def vn_weekday_date(value):
    """Thứ Sáu, 09/08/2019"""
    return f"{WEEKDAYS[value.weekday()]}, {vn_date(value)}"


def vn_datetime(value):
    """09/08/2019 08:30"""
    return value.strftime("%d/%m/%Y %H:%M")


def vn_month(value):
    """8/2019: how the portal names a month in headings."""
    return f"{value.month}/{value.year}"


FILTERS = {
    "vn_date": vn_date,
    "vn_weekday_date": vn_weekday_date,
    "vn_datetime": vn_datetime,
    "vn_month": vn_month,
}
