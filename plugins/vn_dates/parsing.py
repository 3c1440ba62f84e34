"""Read dates the way Vietnamese editors write them.

``09/08/2019`` is the ninth of August, never the eighth of September (which is how
python-dateutil, and so stock Pelican, reads it). ISO dates are accepted as well.
Anything else is refused rather than guessed: a wrong date publishes an article on
the wrong day's archive page, and nobody notices.
"""

import re
from datetime import datetime

# d/m/yyyy or dd.mm.yyyy, optionally followed by a time of day.
_VIETNAMESE = re.compile(
    r"^(?P<day>\d{1,2})[/.](?P<month>\d{1,2})[/.](?P<year>\d{4})"
    r"(?:[ T,]+(?P<hour>\d{1,2})[:hg](?P<minute>\d{2})(?::(?P<second>\d{2}))?)?$"
)
# yyyy-mm-dd, optionally followed by a time of day.
_ISO = re.compile(
    r"^(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"
    r"(?:[ T](?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?)?$"
)

ACCEPTED_FORMS = "dd/mm/yyyy, dd/mm/yyyy HH:MM hoặc yyyy-mm-dd"


class DateFormatError(ValueError):
    """The text is not a date in a form we accept, or names no real day."""


def parse_editor_date(text):
    """Return the naive ``datetime`` that ``text`` means, or raise DateFormatError."""
    value = " ".join(str(text).split())
    match = _VIETNAMESE.match(value) or _ISO.match(value)
    if not match:
        raise DateFormatError(
            f"ngày '{value}' không rõ nghĩa hoặc sai định dạng; hãy viết {ACCEPTED_FORMS}"
        )
    parts = {key: int(number or 0) for key, number in match.groupdict().items()}
    try:
        return datetime(**parts)
    except ValueError:
        raise DateFormatError(f"ngày '{value}' không tồn tại") from None
