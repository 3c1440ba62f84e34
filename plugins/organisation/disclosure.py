"""Công khai thông tin: the list of what the department discloses, where, how, when.

Luật Tiếp cận thông tin 2016, Điều 19 khoản 1 điểm g asks for the list itself.
It is generated, not written: one row per declared content type with a non-empty
``disclosure`` (content_types.ContentType) — what the law calls it, where (its
index page), how (web page; its feed when it has one; files to download when its
items carry some, or ``DISCLOSURE_HOW[type name]``) and when (its newest item's
date) — then the rows of ``DISCLOSURE_ENTRIES`` for what is published elsewhere
(the annual financial report, statistics), then the contact point for information
requests, ``PORTAL_INFORMATION_CONTACT`` (also on the contact page).

Settings: ``DISCLOSURE_TITLE``, ``DISCLOSURE_URL``/``DISCLOSURE_SAVE_AS``
(``cong-khai-thong-tin/``), ``DISCLOSURE_HOW``, ``DISCLOSURE_ENTRIES`` (each
``{"what", "law", "url", "how", "when"}``: ``url`` an http(s) address or a path of
this site, ``when`` dd/mm/yyyy), ``PORTAL_INFORMATION_CONTACT`` (``{"name",
"title", "unit", "email", "phone", "address"}``: an office's contacts, never a
person's mobile number). A bad entry or contact fails the build naming the
setting. Template: ``disclosure.html``.
"""

import logging
import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from content_types import content_types
from vn_dates.parsing import DateFormatError, parse_editor_date

logger = logging.getLogger(__name__)

DEFAULTS = {
    "DISCLOSURE_TITLE": "Công khai thông tin",
    "DISCLOSURE_URL": "cong-khai-thong-tin/",
    "DISCLOSURE_SAVE_AS": "cong-khai-thong-tin/index.html",
    "DISCLOSURE_HOW": {},
    "DISCLOSURE_ENTRIES": [],
    "PORTAL_INFORMATION_CONTACT": None,
}

_SITE_PATH = re.compile(r"(?:[a-z0-9][a-z0-9._-]*/)*(?:[a-z0-9][a-z0-9._-]*)?", re.ASCII)
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}", re.ASCII)
# A Vietnamese mobile number (03/05/07/08/09 + 8 digits, also after 84): a person's
# phone, not an office's; the contact point publishes an office line (02xx).
_MOBILE = re.compile(r"(?:84|0)(?:3|5|7|8|9)\d{8}")


@dataclass(frozen=True)
class Row:
    what: str
    law: str
    url: str  # absolute (another host) or relative to the site
    how: str
    when: datetime | None
    # What the type's index page counts (ContentType.listed_key); None for
    # configured rows.
    count: int | None = None


def safe_url(value):
    """``value`` when it is an http(s) address with a host or a plain site path."""
    value = str(value or "")
    if re.search(r"[\s\"'<>\\`]", value):
        return None
    if value.startswith(("https://", "http://")):
        parts = urlsplit(value)
        return value if parts.hostname and not parts.username else None
    return value if _SITE_PATH.fullmatch(value) else None


def index_url(content_type, settings):
    """The type's index page: the URL of its first index output, else its section."""
    for name in content_type.index_outputs:
        url = settings.get(name.replace("_SAVE_AS", "_URL"))
        if url is not None:
            return url
    return content_type.section(settings)


def _newest(items):
    dates = [getattr(i, "modified", None) or getattr(i, "date", None) for i in items]
    return max((d for d in dates if d is not None), default=None)


def how_published(content_type, items, settings):
    configured = settings["DISCLOSURE_HOW"].get(content_type.name)
    if configured:
        return configured
    ways = ["Trang web"]
    if content_type.feed and settings.get(f"FEEDS_{content_type.feed}_RSS"):
        ways.append("tin RSS/Atom")
    if any(getattr(i, "enclosure", None) or getattr(i, "files", None)
           or getattr(i, "attachments", None) for i in items):
        ways.append("tệp tải về")
    return ", ".join(ways)


def rows(context, settings):
    """The disclosure list; configuration errors are logged (the build fails)."""
    found = []
    for content_type in content_types(settings):
        if not content_type.disclosure:
            continue
        items = context.get(content_type.context_key) or []
        listed = context.get(content_type.listed_key or content_type.context_key)
        found.append(Row(content_type.label or content_type.name,
                         content_type.disclosure, index_url(content_type, settings),
                         how_published(content_type, items, settings),
                         _newest(items), len(listed or [])))
    for number, entry in enumerate(settings["DISCLOSURE_ENTRIES"], start=1):
        where = f"DISCLOSURE_ENTRIES[{number}] ({entry.get('what', '')!r})"
        url = safe_url(entry.get("url"))
        if url is None:
            logger.error("%s: địa chỉ %r phải là http(s)://… hoặc đường dẫn trong "
                         "trang (không khoảng trắng, dấu nháy, javascript:)", where,
                         entry.get("url"))
            continue
        when = None
        if entry.get("when"):
            try:
                when = parse_editor_date(str(entry["when"]))
            except DateFormatError as error:
                logger.error("%s: ngày 'when': %s", where, error)
                continue
        found.append(Row(entry["what"], entry.get("law", ""), url,
                         entry.get("how", "Trang web"), when))
    return found


def contact_problems(contact):
    """What is wrong with PORTAL_INFORMATION_CONTACT (an empty list: nothing)."""
    if not contact:
        return []
    problems = [f"thiếu '{key}'" for key in ("name", "unit", "email", "phone")
                if not str(contact.get(key) or "").strip()]
    email = str(contact.get("email") or "")
    if email and not _EMAIL.fullmatch(email):
        problems.append(f"'{email}' không phải địa chỉ thư điện tử")
    digits = re.sub(r"\D", "", str(contact.get("phone") or ""))
    if _MOBILE.fullmatch(digits):
        problems.append(f"'{contact['phone']}' là số di động; ghi số điện thoại cơ "
                        "quan (đường dây cố định của văn phòng), không phải số riêng "
                        "của một người")
    return problems


def write_page(generator, writer):
    settings = generator.settings
    for problem in contact_problems(settings["PORTAL_INFORMATION_CONTACT"]):
        logger.error("PORTAL_INFORMATION_CONTACT: %s", problem)
    if not settings["DISCLOSURE_SAVE_AS"]:
        return
    writer.write_file(
        settings["DISCLOSURE_SAVE_AS"], generator.get_template("disclosure"),
        generator.context, relative_urls=settings["RELATIVE_URLS"],
        url=settings["DISCLOSURE_URL"],
        disclosure_rows=rows(generator.context, settings),
    )
