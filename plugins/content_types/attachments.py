"""Files attached to a content: read from its front matter, checked, published.

A document's ``File:``, a task's ``Product:`` and a call's ``File:`` are one line
each, the key repeated (never a comma-separated list: file names may hold commas,
and each line is where the checker points)::

    File: 15-2024-qd-ubnd.pdf
    File: phu-luc.docx | Phụ lục kèm theo

A name is beside the .md, or ``/from/content`` with a leading slash; after ``|`` an
optional label. Only PDF, DOC, DOCX and ODT, checked by their first bytes too. Two
files of one item may not share a file name: both would be copied to one URL.
:func:`read_attachments` gives the :class:`Attachment` of each line and a finding
(with the caller's code) for each bad one; the generator turns each into a
:class:`PublishedFile` beside the page with :func:`published_file`, and
:func:`media_objects` describes them for schema.org JSON-LD.

Signals, settings, templates: none (the plugins that call it own them; a template
reads ``url``, ``mime_type``, ``label`` and ``size_text`` of a PublishedFile).
"""

import posixpath
from dataclasses import dataclass
from pathlib import Path

from bulletins.bulletins import vn_filesize
from content_types.front_matter import clean
from source_errors import finding

# Extension → (media type, what the file's first bytes must be).
FILE_KINDS = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".doc": ("application/msword", (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml."
              "document", (b"PK\x03\x04",)),
    ".odt": ("application/vnd.oasis.opendocument.text", (b"PK\x03\x04",)),
}
FILE_LABELS = {".pdf": "PDF", ".doc": "DOC", ".docx": "DOCX", ".odt": "ODT"}


@dataclass(frozen=True)
class Attachment:
    """One attached file, as found under content/."""

    path: Path  # absolute, under content/
    label: str  # what the link says ("Phụ lục kèm theo"; default the file name)
    mime_type: str
    length: int  # bytes
    line: int  # of its File: line

    @property
    def kind(self):
        return FILE_LABELS[self.path.suffix.lower()]


@dataclass(frozen=True)
class PublishedFile:
    """An attachment as published: URL beside the page, size, label (and enclosure)."""

    url: str
    length: int
    mime_type: str
    kind: str  # "PDF", "DOCX", ...
    label: str
    source: Path

    @property
    def size_text(self):
        """'PDF, 1,2 MB'"""
        return f"{self.kind}, {vn_filesize(self.length)}"


def read_file_or_text(source, key, content_root, code, findings):
    """(Attachment, None) when the ``key`` line names a file, (None, text) when it
    says something else (a document's number), (None, None) when it is absent.

    A draft's and a call's ``Result:``: the result as a file beside the page, or
    the number of the document that publishes it."""
    text = clean(source.value(key))
    if not text:
        return None, None
    if Path(text.split("|")[0].strip()).suffix.lower() in FILE_KINDS:
        return read_attachment(source, content_root, source.first(key).line, text,
                               findings, code), None
    return None, text


def read_attachments(source, key, content_root, code, findings):
    """The Attachments of every ``key`` line of ``source``, in order; each bad one
    is left out and appended to ``findings`` under ``code`` instead."""
    found = []
    for item in (f for f in source.fields if f.key == key):
        for number, text in item.parts:
            if text:
                attachment = read_attachment(source, content_root, number, text,
                                             findings, code)
                if attachment:
                    found.append(attachment)
    findings += same_name_findings(found, source, code)
    return found


def same_name_findings(attachments, source, code):
    """A finding for each attachment whose file name an earlier one of the same
    item has: both are copied beside the page under that name, so both links would
    serve one file (a decision's link its appendix)."""
    first, found = {}, []
    for attachment in attachments:
        name = attachment.path.name.casefold()  # a.PDF and a.pdf on one server
        if name in first:
            found.append(finding(
                code, source, attachment.line,
                f"tệp '{attachment.path.name}' ở dòng {attachment.line} trùng tên với "
                f"tệp đính kèm ở dòng {first[name].line}: hai tệp cùng tên được chép "
                "vào cùng một địa chỉ, nên cả hai liên kết sẽ mở cùng một tệp; đổi "
                "tên một trong hai tệp"))
        else:
            first[name] = attachment
    return found


def read_attachment(source, content_root, line, text, findings, code):
    """The Attachment ``text`` ("name.pdf | label") names, or None after a finding
    with ``code`` (the checker's code of the content type)."""
    name, _, label = (part.strip() for part in text.partition("|"))
    suffix = Path(name).suffix.lower()
    if suffix not in FILE_KINDS:
        findings.append(finding(
            code, source, line,
            f"tệp '{name}': chỉ đính kèm PDF, DOC, DOCX hoặc ODT"))
        return None
    root = Path(content_root).resolve()
    base = root if name.startswith("/") else source.path.parent
    path = (base / name.lstrip("/")).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        findings.append(finding(
            code, source, line,
            f"không tìm thấy tệp '{name}' (đặt cạnh tệp .md, hoặc viết đường dẫn từ "
            "thư mục content/ bắt đầu bằng '/')"))
        return None
    mime_type, magics = FILE_KINDS[suffix]
    with open(path, "rb") as handle:
        start = handle.read(8)
    if not start.startswith(magics):
        findings.append(finding(
            code, source, line,
            f"'{name}' không phải tệp {FILE_LABELS[suffix]} (nội dung không khớp đuôi "
            "tệp)"))
        return None
    return Attachment(path, label or path.name, mime_type, path.stat().st_size, line)


def published_file(folder, attachment):
    """The PublishedFile of ``attachment`` copied into the page's ``folder``."""
    return PublishedFile(posixpath.join(folder, attachment.path.name),
                         attachment.length, attachment.mime_type, attachment.kind,
                         attachment.label, attachment.path)


def media_objects(files, siteurl):
    """schema.org MediaObjects of PublishedFiles, for a page's JSON-LD."""
    return [{
        "@type": "MediaObject", "name": f.label,
        "contentUrl": f"{siteurl}/{f.url}", "encodingFormat": f.mime_type,
        "contentSize": str(f.length),
    } for f in files]
