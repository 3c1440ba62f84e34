"""Contact data of citizens in public Q&A fields (E-CONTACT-DATA).

A question is published with the asker's name and place; their e-mail address or
phone number must stay in the department's records, never on the site. Which fields
are public is declared per content type (``private_data_fields`` in the registry).
"""

import re

from .registry import rule
from .runner import finding

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# 0 or +84 then 9-10 digits, optionally grouped by spaces, dots or hyphens:
# mobiles (09x xxx xxxx) and landlines with area code (0211 3862 480).
PHONE = re.compile(r"(?<![\d+])(?:\+84|0084|0)(?:[ .\-]?\d){8,10}(?!\d)")


def contact_data_in(text):
    """The e-mail addresses and phone numbers found in ``text``."""
    return [m.group(0) for m in EMAIL.finditer(text)] + [
        m.group(0) for m in PHONE.finditer(text)
    ]


@rule("E-CONTACT-DATA")
def no_contact_data_in_public_fields(source, context):
    kind = source.content_type
    if kind is None or not kind.private_data_fields or source.text is None:
        return
    for item in source.fields:
        if item.key not in kind.private_data_fields and not item.key.startswith(
                "asker"):
            continue
        for found in contact_data_in(item.value):
            yield finding(
                "E-CONTACT-DATA", source, item.line,
                f"trường '{item.key}' sẽ hiện công khai nhưng chứa thông tin liên "
                f"hệ '{found}'; chỉ giữ họ tên và địa phương của người hỏi",
            )
