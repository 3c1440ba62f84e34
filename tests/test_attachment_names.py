"""Attachments and file names that would publish the wrong file or a lying name.

Two attachments of one item with one file name (both copied to one URL), a control
character in a static file's name (U+202E shows ``cong-van\\u202efdp.doc`` as
``cong-vancod.pdf``), a ``Guid:`` that is no tag:/urn:/https: IRI (it becomes the
feeds' entry id) and a body link out of content/ (``{attach}../../../x.pdf``): each
is refused with file, line and code by `invoke check` and by the build of `make
html`, which leaves the older site as it was.
"""

import pytest
from content_check.metadata import guid_is_valid
from security_helpers import assert_build_refused, corpus_fixtures

from conftest import ROOT

DOCUMENT = (ROOT / "content/documents/2025/04-ct-ubnd.md").read_text(encoding="utf-8")
PDF = (ROOT / "content/documents/2025/04-ct-ubnd.pdf").read_bytes()
TASK = (ROOT / "content/tasks/2024/dt-nn-01-2024.md").read_text(encoding="utf-8")
TASK_PDF = (ROOT / "content/tasks/2024/bao-cao-tong-hop-dt-nn-01-2024.pdf").read_bytes()


def article(title, extra="", body="Nội dung bài."):
    return (f"Title: {title}\nDate: 10/05/2019\nAuthor: Phòng Thông tin\n"
            f"Category: Hoạt động của Sở\nSummary: Tóm tắt.\n{extra}\n{body}\n")


def _files():
    # File: on line 9; a second, same-named file from another folder on line 10.
    document = DOCUMENT.replace(
        "File: 04-ct-ubnd.pdf | Văn bản (bản PDF)\n",
        "File: 04-ct-ubnd.pdf | Văn bản (bản PDF)\n"
        "File: /documents/2025/phu-luc/04-ct-ubnd.pdf | Phụ lục\n")
    # Product: lines 14 and 15; line 15 names a file of the same name elsewhere.
    task = TASK.replace(
        "Product: quy-trinh-nhan-giong-che.docx",
        "Product: /files/bao-cao-tong-hop-dt-nn-01-2024.pdf")
    return {
        "documents/2025/04-ct-ubnd.md": document,
        "documents/2025/04-ct-ubnd.pdf": PDF,
        "documents/2025/phu-luc/04-ct-ubnd.pdf": PDF,
        "tasks/2024/dt-nn-01-2024.md": task,
        "tasks/2024/bao-cao-tong-hop-dt-nn-01-2024.pdf": TASK_PDF,
        "files/bao-cao-tong-hop-dt-nn-01-2024.pdf": TASK_PDF,
        "files/cong-van\u202efdp.doc": PDF,
        "files/bao-cao\nmoi.pdf": PDF,
        "files/bao-cao\x1b[31m.pdf": PDF,
        "news/guid.md": article("Bài có Guid lạ", "Guid: javascript:alert(1)\n"),
        "news/guid-dung.md": article("Bài có Guid đúng",
                                     "Guid: tag:sokhcn.phutho.gov.vn,2019:bai-1\n"),
        "news/2019/ra-ngoai.md": article("Bài liên kết ra ngoài",
                                    body="[Tệp]({attach}../../../x.pdf)"),
        "../x.pdf": PDF,  # the link finds it, outside content/: never published
    }


corpus, checked, built = corpus_fixtures("attachment-names", _files)

EXPECTED = [
    "documents/2025/04-ct-ubnd.md:10: [E-DOC-FILE] tệp '04-ct-ubnd.pdf' ở dòng 10 "
    "trùng tên với tệp đính kèm ở dòng 9",
    "tasks/2024/dt-nn-01-2024.md:15: [E-TASK-FILE] tệp "
    "'bao-cao-tong-hop-dt-nn-01-2024.pdf' ở dòng 15 trùng tên với tệp đính kèm ở "
    "dòng 14",
    "files/cong-van<U+202E>fdp.doc: [E-FILE-NAME]",
    "files/bao-cao<U+000A>moi.pdf: [E-FILE-NAME]",
    "files/bao-cao<U+001B>[31m.pdf: [E-FILE-NAME]",
    "news/guid.md:6: [E-META-GUID]",
    "news/2019/ra-ngoai.md:7: [E-LINK-BROKEN] liên kết '../../../x.pdf' trỏ ra ngoài",
]


@pytest.mark.parametrize("expected", EXPECTED)
def test_invoke_check_refuses(checked, expected):
    status, printed = checked
    assert status == 1
    assert expected in printed


@pytest.mark.parametrize("expected", EXPECTED)
def test_make_html_refuses(built, expected):
    assert_build_refused(built, expected)


def test_a_valid_guid_passes(checked, built):
    assert "news/guid-dung.md" not in checked[1]
    assert "news/guid-dung.md" not in built[0]


@pytest.mark.parametrize("value", [
    "tag:sokhcn.phutho.gov.vn,2019:bai-1", "urn:uuid:6e8bc430-9c3a-11d9-9669",
    "https://sokhcn.phutho.gov.vn/tin-tuc/1/", "kiem-tra-2019-09"])
def test_guid_forms_accepted(value):
    assert guid_is_valid(value)


@pytest.mark.parametrize("value", [
    "javascript:alert(1)", "http://example.com/a", "data:text/html,x", "tag:x",
    "urn:", "https://", "bản tin 3", "a\u202eb"])
def test_guid_forms_refused(value):
    assert not guid_is_valid(value)
