"""What the search index holds: one small HTML record per searchable content.

Records are made from Pelican's content objects, not by crawling the written
pages, so no template of another content type has to carry ``data-pagefind-*``
attributes, readers download no extra hidden text, and the title is an ``<h1>``
that Pagefind weights above the body. Each record holds the real text, then the
đ→d folded copy of its đ-words (see ``folding``), which makes "dang" find "Đảng";
search.js maps hits on that copy back to the real words, so the excerpt always
shows real Vietnamese.

Which content is indexed, and as which type, follows the URL: the section (URL
prefix) of a content type declared ``searchable`` (content_types) that a
published item's URL starts with gives its type label ("Tin tức", "Bản tin",
"Hỏi đáp"); other items (static pages) are not indexed. The type and the
category are Pagefind filters (``loai``; ``chuyen_muc``, a news category or a Q&A
field); the date is metadata (``ngay`` dd/mm/yyyy, ``ngay_iso``) and a sort key
(``ngay``). Besides title and body, the text holds what the item's page shows
around them: an explicit ``Summary:``, a Q&A entry's ``Question:``, a bulletin's
table of contents. A document also carries its number in every spelling a reader
may type (``numbers``), at Pagefind's highest weight, and its facets (type,
issuer, field, year, legal force) as filters ``vb_<facet>``.
"""

import hashlib
import html
import unicodedata
from pathlib import Path

from pelican.contents import Content
from vn_dates.formatting import DATE_FORMAT

from . import folding, numbers
from .folding import d_folded_words, html_to_text
from .numbers import number_spellings

# The code a record depends on besides its item (part of every record_key).
_CODE = hashlib.sha256(b"".join(
    Path(module.__file__).read_bytes() for module in (folding, numbers)
) + Path(__file__).read_bytes()).hexdigest()


def section_label(url, sections):
    """The type label of the first section whose prefix ``url`` starts with."""
    for prefix, label in sections.items():
        if url.startswith(prefix):
            return label
    return None


def collect_entries(context, sections):
    """Published, dated contents to index, each with its type label, newest first.

    Content types live under different context keys (articles, bulletins, ...),
    so every list in the context is scanned and items are kept once each.
    """
    seen = set()
    entries = []
    for value in context.values():
        if not isinstance(value, list):
            continue
        for item in value:
            if not isinstance(item, Content) or item.source_path in seen:
                continue
            seen.add(item.source_path)
            if getattr(item, "status", "published") != "published":
                continue
            if not item.save_as:
                continue
            label = section_label(item.url, sections)
            if label is not None and getattr(item, "date", None) is not None:
                entries.append((item, label))
    entries.sort(key=lambda entry: entry[0].date, reverse=True)
    return entries


def category_name(item):
    """A news category, or a Q&A entry's field (Lĩnh vực); None for neither."""
    category = getattr(item, "category", None)
    if category is not None:
        return category.name
    field = item.metadata.get("field")
    return field if isinstance(field, str) and field else None


def extra_texts(item):
    """Text a reader sees on the item's page besides its body, as plain text.

    An explicit ``Summary:`` (the lead of an article or bulletin), a Q&A entry's
    full ``Question:`` (its body is the answer), a bulletin's table of contents.
    """
    texts = []
    summary = item.metadata.get("summary")
    if isinstance(summary, str):
        texts.append(html_to_text(summary))
    # The question and the contents are plain text (escaped on the page), not HTML.
    question = item.metadata.get("question")
    if isinstance(question, str):
        texts.append(plain(question))
    for entry in getattr(item, "toc", None) or []:
        title = getattr(entry, "title", None)
        if isinstance(title, str):
            texts.append(plain(title))
    return texts


def plain(text):
    """A plain-text field (a title) as the page shows it: NFC, spaces collapsed."""
    return unicodedata.normalize("NFC", " ".join(str(text).split()))


def record_key(item, label, language):
    """Everything :func:`record_html` reads for ``item``, as one text, with the code
    that turns it into a record: a shard's cache key is made of these, so an
    unchanged shard costs no record (about a millisecond an item to make)."""
    return "\0".join(map(str, (
        _CODE, item.title, *extra_texts(item), item.content, label, language,
        item.date.isoformat(), category_name(item) or "", document_number(item),
        *(value for _, value in document_filters(item)))))


# A document's facets (the Văn bản page's filters) as Pagefind filters, so that the
# search page combines them all at once: {facet key: (filter name, attribute)}.
# The name is "vb_" + the documents plugin's facet key: its pages send them so.
DOCUMENT_FILTERS = {key: (f"vb_{key}", attribute) for key, attribute in (
    ("type", "doc_type"), ("issuer", "issuer"), ("field", "field"),
    ("year", "issued"), ("force", "force"))}


def document_filters(item):
    """[(filter name, value)] of a document's facets; [] for other content."""
    if not hasattr(item, "doc_type"):
        return []
    filters = []
    for name, attribute in DOCUMENT_FILTERS.values():
        value = getattr(item, attribute, None)
        if attribute == "issued":
            value = str(value.year) if value else None
        if isinstance(value, str) and value:
            filters.append((name, value))
    return filters


def document_number(item):
    """A document's number (số/ký hiệu) as written, or ""."""
    number = getattr(item, "number", None)
    return plain(number) if isinstance(number, str) and number.strip() else ""


def record_html(item, label, language):
    """The HTML Pagefind indexes for one content: title, text, a document's number
    in every spelling (``numbers``), then the folded đ-words of all of these.

    Filters, metadata and sort keys are attributes of empty elements, so they add
    no words to the text (and so no positions for search.js to account for); the
    number's spellings are counted in the ``so_hieu_tu`` metadata, so that
    search.js leaves them out of the excerpt.
    """
    title = plain(item.title)
    body = " ".join(filter(None, [*extra_texts(item), html_to_text(item.content)]))
    number = document_number(item)
    spellings = number_spellings(number)
    folded = " ".join(d_folded_words(f"{title} {body}"))
    attributes = [
        ("filter", "loai", label),
        ("meta", "loai", label),
        ("meta", "ngay", item.date.strftime(DATE_FORMAT)),
        ("meta", "ngay_iso", item.date.isoformat()),
        ("sort", "ngay", item.date.strftime("%Y-%m-%dT%H:%M")),
    ]
    category = category_name(item)
    if category:
        attributes.append(("filter", "chuyen_muc", category))
        attributes.append(("meta", "chuyen_muc", category))
    attributes += [("filter", name, value) for name, value in document_filters(item)]
    if number:
        attributes.append(("meta", "so_hieu", number))
        attributes.append(("meta", "so_hieu_tu", str(len(spellings))))
    tags = "".join(
        f'<span data-pagefind-{kind}="{name}[data-v]" data-v="{html.escape(value)}">'
        "</span>"
        for kind, name, value in attributes
    )
    return (
        f'<!DOCTYPE html><html lang="{language}"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title></head><body>"
        f"<main data-pagefind-body><h1>{html.escape(title)}</h1>"
        f"<p>{html.escape(body)}</p>{weighted(spellings)}"
        f"<p>{html.escape(folded)}</p>{weighted(d_folded_words(' '.join(spellings)))}"
        f"{tags}</main></body></html>"
    )


def weighted(words):
    """``words`` in an element Pagefind ranks above the title ("" for none).

    Its folded copies come last, after the text's own, in the same order as the
    words they copy: search.js maps the n-th folded word to the n-th đ-word.
    """
    if not words:
        return ""
    text = html.escape(" ".join(words))
    return f'<p data-pagefind-weight="{numbers.WEIGHT}">{text}</p>'
