"""Create a new article, bulletin issue or Q&A entry with complete front matter.

Used by ``invoke new-article``, ``invoke new-bulletin`` and ``invoke new-qa``. The
date is the current time in the site's TIMEZONE, written dd/mm/yyyy HH:MM; the slug
is the Vietnamese title folded the way Pelican will fold it. The body is a placeholder
that the checker refuses (E-PLACEHOLDER) until the editor replaces it. Nothing is ever
overwritten: an existing file, an existing slug or an output URL already taken by
another file is refused with a message saying what to change.
"""

import re
import unicodedata
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from content_check import runner
from content_check.editorial import ARTICLE_PLACEHOLDER, BULLETIN_PLACEHOLDER
from content_check.registry import CONTENT_TYPES
from content_check.urls import save_as_for, slug_for, url_index
from sources import SourceFile, parse_front_matter
from vn_dates.formatting import DATETIME_FORMAT


class NewContentError(ValueError):
    """The new file cannot be created; the message says why, in Vietnamese."""


def now_in(settings):
    return datetime.now(ZoneInfo(settings.get("TIMEZONE") or "Asia/Ho_Chi_Minh"))


def _front_matter(fields):
    return "".join(f"{key}: {value}\n" for key, value in fields if value is not None)


def _folder(settings, type_name):
    content_type = CONTENT_TYPES[type_name]
    folders = settings.get(content_type.paths_setting) or content_type.default_paths
    return Path(settings["PATH"]) / folders[0].strip("/")


def check_unique(settings, type_name, target, text, slug):
    """Refuse an existing file, a slug in use, or an output URL already taken."""
    content_root = Path(settings["PATH"]).resolve()
    if target.exists():
        raise NewContentError(f"tệp {target} đã có; không ghi đè")
    sources = runner.collect(settings, content_root)
    for source in sources:
        if source.kind != "markup" or source.text is None:
            continue
        existing = source.value("slug") or slug_for(source.value("title") or "",
                                                    settings)
        if source.path.stem == slug or existing == slug:
            raise NewContentError(
                f"địa chỉ (slug) '{slug}' đã được dùng bởi "
                f"{source.path.relative_to(content_root)}; hãy đổi tiêu đề hoặc "
                "dùng --slug")
    candidate = SourceFile(
        path=target.resolve(), relpath=target.resolve().relative_to(content_root)
        .as_posix(), kind="markup", content_type=CONTENT_TYPES[type_name], text=text)
    parse_front_matter(candidate)
    save_as = save_as_for(candidate, settings)
    clash = url_index(sources, settings).get(save_as) if save_as else None
    if clash:
        raise NewContentError(
            f"địa chỉ '{save_as}' đã thuộc về "
            f"{clash[0].path.relative_to(content_root)}; hãy dùng --slug khác")


def _write(settings, type_name, target, fields, body, slug):
    text = _front_matter(fields) + "\n" + body
    check_unique(settings, type_name, target, text, slug)
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8") as handle:  # "x": never overwrite
        handle.write(text)
    return target


def _require_in(value, allowed, setting, label):
    if allowed and value not in allowed:
        raise NewContentError(
            f"{label} '{value}' không có trong {setting}; chọn một trong: "
            + ", ".join(allowed))


def _title(title):
    title = " ".join((title or "").split())
    if not title:
        raise NewContentError("cần có tiêu đề (TITLE)")
    return unicodedata.normalize("NFC", title)


def new_article(settings, title, category, slug=None, author=None, now=None):
    """content/news/<year>/<slug>.md; returns its path."""
    title = _title(title)
    _require_in(category, settings.get("NEWS_CATEGORIES"), "NEWS_CATEGORIES",
                "chuyên mục")
    now = now or now_in(settings)
    slug = slug or slug_for(title, settings)
    target = _folder(settings, "article") / f"{now:%Y}" / f"{slug}.md"
    fields = [
        # Always an Author: line, empty until the editor fills it in (the checker
        # and every build refuse an article without one: E-AUTHOR-MISSING).
        ("Title", title), ("Date", now.strftime(DATETIME_FORMAT)),
        ("Author", author or ""),
        ("Category", category), ("Slug", slug if slug != slug_for(title, settings)
                                 else None),
        ("Summary", ""),
    ]
    body = ARTICLE_PLACEHOLDER + "\n"
    return _write(settings, "article", target, fields, body, slug)


def next_bulletin_number(settings, year):
    folder = _folder(settings, "bulletin") / str(year)
    numbers = [int(m.group(1)) for p in folder.glob("so-*.md")
               if (m := re.fullmatch(r"so-(\d+)-\d{4}", p.stem))]
    return max(numbers, default=0) + 1


def new_bulletin(settings, title, number=None, year=None, now=None):
    """content/bulletins/<year>/so-<n>-<year>.md; returns its path.

    Cover: and PDF: name files the editor still has to put beside it; until then the
    checker reports them missing, which is the to-do list for the issue.
    """
    title = _title(title)
    now = now or now_in(settings)
    year = int(year or now.year)
    number = int(number or next_bulletin_number(settings, year))
    slug = f"so-{number}-{year}"
    target = _folder(settings, "bulletin") / str(year) / f"{slug}.md"
    fields = [
        ("Title", title), ("Number", str(number)), ("Year", str(year)),
        ("Date", now.strftime(DATETIME_FORMAT)), ("Summary", ""),
        ("Cover", f"ban-tin-{slug}-bia.jpg"), ("PDF", f"ban-tin-{slug}.pdf"),
        ("Contents", "Tên bài | trang 1"),
    ]
    body = BULLETIN_PLACEHOLDER + "\n"
    return _write(settings, "bulletin", target, fields, body, slug)


def new_qa(settings, title, field, asker=None, locality=None, slug=None, now=None):
    """content/qa/<slug>.md for a question just received; returns its path.

    It has no Answerer:, Date: or answer yet, so it is not published until the
    department answers it.
    """
    title = _title(title)
    _require_in(field, settings.get("QA_FIELDS"), "QA_FIELDS", "lĩnh vực")
    now = now or now_in(settings)
    slug = slug or slug_for(title, settings)
    target = _folder(settings, "qa") / f"{slug}.md"
    fields = [
        ("Title", title), ("Question", title), ("Asker", asker or ""),
        ("Locality", locality or ""), ("Asked", now.strftime(DATETIME_FORMAT)),
        ("Field", field), ("Answerer", ""),
        ("Slug", slug if slug != slug_for(title, settings) else None),
    ]
    return _write(settings, "qa", target, fields, "", slug)


def new_document(settings, title, doc_type, field, issuer=None, number=None,
                 signer=None, draft=False, closes=None, slug=None, now=None):
    """content/documents/<year>/<slug>.md, or du-thao/<slug>.md for a draft.

    The type, field and issuer must be in DOCUMENTS_TYPES, DOCUMENTS_FIELDS and
    DOCUMENTS_ISSUERS (when set). ``File:`` names ``<slug>.pdf``, which the checker
    reports missing until the editor puts it beside the .md; an issued document's
    empty ``Number:``/``Signer:`` are reported the same way. A draft's comment period
    opens today and closes on ``closes`` (dd/mm/yyyy; default 30 days from today).
    """
    from datetime import timedelta

    from vn_dates.formatting import DATE_FORMAT
    from vn_dates.parsing import DateFormatError, parse_editor_date

    title = _title(title)
    _require_in(doc_type, settings.get("DOCUMENTS_TYPES"), "DOCUMENTS_TYPES",
                "loại văn bản")
    _require_in(field, settings.get("DOCUMENTS_FIELDS"), "DOCUMENTS_FIELDS", "lĩnh vực")
    issuers = settings.get("DOCUMENTS_ISSUERS") or []
    issuer = issuer or (issuers[0] if issuers else "")
    _require_in(issuer, issuers, "DOCUMENTS_ISSUERS", "cơ quan ban hành")
    now = now or now_in(settings)
    slug = slug or slug_for(number or title, settings)
    folder = _folder(settings, "document") / ("du-thao" if draft else f"{now:%Y}")
    fields = [("Title", title)]
    if draft:
        try:
            closing = (parse_editor_date(closes).date() if closes
                       else (now + timedelta(days=30)).date())
        except DateFormatError as error:
            raise NewContentError(f"--closes: {error}") from None
        fields += [("Type", doc_type), ("Issuer", issuer), ("Field", field),
                   ("Consultation-opens", now.strftime(DATE_FORMAT)),
                   ("Consultation-closes", closing.strftime(DATE_FORMAT))]
    else:
        fields += [("Number", number or ""), ("Type", doc_type), ("Issuer", issuer),
                   ("Signer", signer or ""), ("Issued", now.strftime(DATE_FORMAT)),
                   ("Field", field)]
    fields += [("File", f"{slug}.pdf"), ("Slug", slug)]
    return _write(settings, "document", folder / f"{slug}.md", fields, "", slug)
