"""Contact data of citizens in Q&A entries (E-QA-CONTACT).

A question is published with the asker's name and place; their e-mail address or
phone number must stay in the department's records, never on the site. A content
type whose text comes from citizens says so in the registry (``private_data``);
every text field, the slug and the body of its files are checked by the qa plugin's
detector (``qa.contacts``), the same code that refuses the entry during the build.
"""

from qa.contacts import contact_errors

from .registry import rule


@rule("E-QA-CONTACT", in_build=False)  # the qa plugin reports it during the build
def no_contact_data_in_public_text(source, context):
    kind = source.content_type
    if kind is None or not kind.private_data or source.text is None:
        return
    yield from contact_errors(source, context.settings)
