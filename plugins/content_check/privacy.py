"""Contact data of citizens in public Q&A fields (E-QA-CONTACT).

A question is published with the asker's name and place; their e-mail address or
phone number must stay in the department's records, never on the site. Which fields
are public is declared per content type (``private_data_fields`` in the registry).
The patterns are the qa plugin's, which refuses the same entries during the build.
"""

from qa.qa import find_contact_details

from .registry import rule
from .runner import finding


@rule("E-QA-CONTACT", in_build=False)  # the qa plugin reports it during the build
def no_contact_data_in_public_fields(source, context):
    kind = source.content_type
    if kind is None or not kind.private_data_fields or source.text is None:
        return
    for item in source.fields:
        if item.key not in kind.private_data_fields:
            continue
        found = find_contact_details(item.value)
        if found:
            yield finding(
                "E-QA-CONTACT", source, item.line,
                f"trường '{item.key}' sẽ hiện công khai nhưng chứa thông tin liên "
                f"hệ '{found}'; chỉ giữ họ tên và địa phương của người hỏi",
            )
