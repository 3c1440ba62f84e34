"""Personal data of citizens in Q&A entries (E-QA-CONTACT, E-QA-PERSONAL).

A question is published with the asker's name and place; their e-mail address or
phone number (E-QA-CONTACT), citizen ID number, home address or date of birth
(E-QA-PERSONAL) must stay in the department's records, never on the site. A content
type whose text comes from citizens says so in the registry (``private_data``);
every text field, the slug and the body of its files are checked by the qa plugin's
detector (``qa.contacts``, ``qa.personal_data``), in the source and as rendered, the
same code that refuses the entry during the build.
"""

from qa.contacts import contact_errors

from .registry import rule


# E-QA-CONTACT: a citizen's phone number or e-mail address in public Q&A text.
# E-QA-PERSONAL: a citizen's ID number, home address or date of birth in it.
# The qa plugin reports both during the build.
@rule("E-QA-CONTACT", "E-QA-PERSONAL", in_build=False)
def no_contact_data_in_public_text(source, context):
    kind = source.content_type
    if kind is None or not kind.private_data or source.text is None:
        return
    yield from contact_errors(source, context.settings)
