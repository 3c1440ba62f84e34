"""``invoke inbox answer CODE``: a question becomes a content/qa/ draft to answer.

The draft has the question, the asker's name and locality, the date asked, the
field, today's date and ``Status: draft``; never the contact the citizen left for
the reply (it stays in the database until it is purged), and any phone number or
e-mail address written into the question itself is replaced by a mark, with the
same detector the build uses (qa.contacts). Then the content checker runs on the
new file, so its privacy rules (E-QA-CONTACT, ...) speak before anything is
committed.
"""

import unicodedata
from datetime import datetime
from pathlib import Path

from pelican.utils import slugify
from qa.contacts import allowed_contacts, find_contact_details

from .export import TIMEZONE

REDACTED = "[đã xóa thông tin liên hệ]"
TITLE_LIMIT = 120


def redact_contacts(text, settings):
    """``text`` with every phone number and e-mail address replaced by a mark."""
    allowed = allowed_contacts(settings)
    for _ in range(100):
        found = find_contact_details(text, allowed)
        if not found or found not in text:
            break
        text = text.replace(found, REDACTED)
    return text


def _title(question):
    first = question.strip().split("\n")[0].strip()
    if len(first) <= TITLE_LIMIT:
        return first
    return first[:TITLE_LIMIT].rsplit(" ", 1)[0] + "…"


def _one_line(value):
    return " ".join(str(value).split())


def draft_text(item, settings, today=None):
    """The Markdown of the draft for question ``item`` (Store.get)."""
    today = today or datetime.now(TIMEZONE)
    question = redact_contacts(item["text"], settings)
    lines = question.replace("\r", "").split("\n")
    # Continuation lines are indented; a blank line would end the front matter (the
    # qa plugin joins the lines into one paragraph anyway).
    continued = "\n".join("    " + line.strip() for line in lines[1:] if line.strip())
    question_field = "Question: " + lines[0] + ("\n" + continued if continued else "")
    asked = item["received"].astimezone(TIMEZONE).strftime("%d/%m/%Y")
    parts = [
        f"Title: {_one_line(redact_contacts(_title(question), settings))}",
        question_field,
        f"Asker: {_one_line(redact_contacts(item['name'], settings))}",
        f"Locality: {_one_line(redact_contacts(item['locality'], settings))}",
        f"Asked: {asked}",
        f"Field: {item['target']}",
        f"Date: {today.strftime('%d/%m/%Y')}",
        "Status: draft",
        "",
        "",
    ]
    return unicodedata.normalize("NFC", "\n".join(parts))


def draft_path(content_root, folder, item, settings):
    subs = settings.get("SLUG_REGEX_SUBSTITUTIONS") or [(r"[^\w\s-]", ""),
                                                         (r"[-\s]+", "-")]
    # From the redacted title: a number in the question must not name the file.
    slug = slugify(_title(redact_contacts(item["text"], settings)),
                   regex_subs=subs)[:60]
    slug = slug.strip("-") or "cau-hoi"
    code = item["code"].lower()
    return Path(content_root) / folder / f"{slug}-{code}.md"


def write_draft(item, settings, content_root):
    """Write the draft for ``item``; return its path (refuse to overwrite one)."""
    path = draft_path(content_root, settings.get("FEEDBACK_QA_DRAFTS_PATH", "qa"),
                      item, settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as out:
        out.write(draft_text(item, settings))
    return path
