"""`invoke next-change`: print when the site next changes by itself.

Kept out of tasks.py (which only declares tasks) and out of next_change.py (which
only computes): this module reads the settings, asks next_change() and prints.
"""

import sys
from datetime import timedelta, timezone

from vn_dates.formatting import DATETIME_FORMAT

from .next_change import next_change


def print_next_change(settings_file, iso=False, systemd=False, changed_within=None):
    """Print the next moment (Vietnamese, ISO or systemd OnCalendar in UTC).

    With ``changed_within`` (minutes), exit 0 if the site changed by itself within
    that time, else 1: a CI cron publishes only then.
    """
    from pelican import Pelican
    from pelican.settings import read_settings

    pelican = Pelican(read_settings(str(settings_file)))
    since = timedelta(minutes=int(changed_within)) if changed_within else None
    first, recent = next_change(pelican, since=since)
    if iso or systemd:
        if first is not None:
            print(first.moment.isoformat() if iso else
                  first.moment.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC"))
    elif first is None:
        print("Không có thay đổi nào theo thời gian: trang chỉ đổi khi có nội dung mới.")
    else:
        print(f"Lần thay đổi tiếp theo: {first.moment.strftime(DATETIME_FORMAT)} "
              f"({first.moment.isoformat()})")
        print(f"  {first.reason}" + (f": {first.source}" if first.source else ""))
    if since is not None:
        sys.exit(0 if recent else 1)
