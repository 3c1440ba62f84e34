"""The build's clock and the state of a deadline ("còn 5 ngày", "Đã hết hạn").

A static page shows what was true when it was built, so every page that counts down
to a deadline (a draft's comment period, a call for proposals) asks the same clock,
:func:`build_now`, and the scheduled rebuild (``invoke next-change``) makes sure a
new build comes when the state changes. Tests set ``BUILD_NOW`` to stand on either
side of a deadline without sleeping; without it the clock is the real time in
``TIMEZONE``. (Pelican's own "is this article in the future" check keeps its own
clock, ``pelican.contents.datetime.now``.)
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo


def build_now(settings):
    """The aware "now" of this build: ``BUILD_NOW`` if set, else the real time."""
    fixed = settings.get("BUILD_NOW")
    if fixed is not None:
        return fixed
    return datetime.now(ZoneInfo(settings.get("TIMEZONE") or "Asia/Ho_Chi_Minh"))


def end_of_day(value, tz):
    """A closing *date* means the end of that day (23:59:59) in ``tz``."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=tz)
    return datetime.combine(value, time(23, 59, 59), tzinfo=tz)


@dataclass(frozen=True)
class Deadline:
    """Whether a period is still open at ``now``, and how many calendar days are left."""

    closes: datetime  # aware; the moment the state changes
    is_open: bool
    days_left: int  # calendar days from today to the closing day; 0 = closes today

    @property
    def label(self):
        """Vietnamese: "còn 5 ngày", "hạn chót hôm nay", "đã hết hạn"."""
        if not self.is_open:
            return "đã hết hạn"
        if self.days_left == 0:
            return "hạn chót hôm nay"
        return f"còn {self.days_left} ngày"


def deadline(closes, now):
    """The :class:`Deadline` of a period closing at ``closes`` (a date or datetime)."""
    closes = end_of_day(closes, now.tzinfo)
    local_now = now.astimezone(closes.tzinfo)
    days = (closes.date() - local_now.date()).days
    return Deadline(closes=closes, is_open=now < closes, days_left=max(days, 0))


def next_midnight(now):
    """The next local midnight: when every "còn N ngày" on the site changes."""
    tomorrow = (now + timedelta(days=1)).date()
    return datetime.combine(tomorrow, time(0, 0), tzinfo=now.tzinfo)
