"""Draw the attachments of the sample documents (content/documents/).

The department's real documents are not in the repository. For every ``File:`` and
``Result:`` file a sample document names, this writes a small stand-in marked
"BẢN MẪU" with the document's number and abstract: a one-page PDF drawn with
Pillow, or a minimal DOCX/ODT (a zip with the few parts a word processor needs).
Called by ``invoke sample-media``; same bytes on every run (fixed dates and zip
times), and the output is committed.
"""

import zipfile
from datetime import datetime
from pathlib import Path

from bulletins.sample_media import PAGE_SIZE, _font, _wrap
from PIL import Image, ImageDraw
from sources import read_front_matter

SAMPLE_NOTE = "BẢN MẪU – tệp minh họa của trang thử nghiệm, không phải văn bản thật"
FIXED_TIME = (2026, 1, 1, 0, 0, 0)


def _lines(source):
    number = source.value("number") or "Dự thảo"
    return [source.value("issuer") or "", f"Số: {number}",
            (source.value("type") or "").upper(), source.value("title") or ""]


def draw_pdf(path, lines):
    image = Image.new("L", PAGE_SIZE, 255)
    draw = ImageDraw.Draw(image)
    width = PAGE_SIZE[0]
    y = 60
    for index, text in enumerate(lines):
        font = _font("bold" if index in (2, 3) else "regular", 16 if index else 13)
        for line in _wrap(draw, text, font, width - 100):
            draw.text((50, y), line, font=font, fill=0)
            y += 24
        y += 14
    draw.rectangle((40, PAGE_SIZE[1] - 90, width - 40, PAGE_SIZE[1] - 50), outline=0)
    draw.text((50, PAGE_SIZE[1] - 80), SAMPLE_NOTE, font=_font("regular", 11), fill=0)
    stamp = datetime(*FIXED_TIME).timetuple()
    image.save(path, "PDF", resolution=72, quality=50, title=lines[-1],
               author="Sở Khoa học và Công nghệ tỉnh Phú Thọ (bản mẫu)",
               creationDate=stamp, modDate=stamp)


def _zip(path, parts):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts:
            info = zipfile.ZipInfo(name, FIXED_TIME)
            compress = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(info, text, compress_type=compress)


def _escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def write_docx(path, lines):
    paragraphs = "".join(f"<w:p><w:r><w:t>{_escape(t)}</w:t></w:r></w:p>"
                         for t in [*lines, SAMPLE_NOTE])
    _zip(path, [
        ("[Content_Types].xml",
         '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.'
         'openxmlformats.org/package/2006/content-types"><Default Extension="rels" '
         'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
         '<Default Extension="xml" ContentType="application/xml"/><Override '
         'PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
         'officedocument.wordprocessingml.document.main+xml"/></Types>'),
        ("_rels/.rels",
         '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
         'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
         'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
         'officeDocument" Target="word/document.xml"/></Relationships>'),
        ("word/document.xml",
         '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.'
         'openxmlformats.org/wordprocessingml/2006/main"><w:body>'
         f"{paragraphs}</w:body></w:document>"),
    ])


def write_odt(path, lines):
    paragraphs = "".join(f"<text:p>{_escape(t)}</text:p>" for t in [*lines, SAMPLE_NOTE])
    _zip(path, [
        ("mimetype", "application/vnd.oasis.opendocument.text"),
        ("META-INF/manifest.xml",
         '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
         '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
         '<manifest:file-entry manifest:full-path="/" manifest:media-type='
         '"application/vnd.oasis.opendocument.text"/><manifest:file-entry '
         'manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
         "</manifest:manifest>"),
        ("content.xml",
         '<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office='
         '"urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:'
         'names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body>'
         f"<office:text>{paragraphs}</office:text></office:body>"
         "</office:document-content>"),
    ])


WRITERS = {".pdf": draw_pdf, ".docx": write_docx, ".odt": write_odt}


def draw_document_media(root):
    """Write every attachment the sample documents name; return the paths."""
    written = []
    for md in sorted(Path(root, "content", "documents").rglob("*.md")):
        source = read_front_matter(md)
        for item in source.fields:
            if item.key not in ("file", "result"):
                continue
            for _, text in item.parts:
                name = text.partition("|")[0].strip()
                writer = WRITERS.get(Path(name).suffix.lower())
                if writer is None:
                    continue  # a Result: that names a document, not a file
                target = md.parent / name
                lines = _lines(source)
                if item.key == "result":
                    lines[-1] = "Báo cáo tổng hợp, tiếp thu ý kiến góp ý: " + lines[-1]
                writer(target, lines)
                written.append(target)
    return written
