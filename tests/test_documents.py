"""Documents (Văn bản) and drafts for comment: checker, built pages, facets, feed, clock.

Each test builds a small site in tmp_path with the real pelicanconf.py and reads
the pages back (BeautifulSoup) or the feed (feedparser); checker errors are asked
of ``invoke check``'s runner and of the build, with file and line.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import feedparser
import pytest
from conftest import write_files
from content_check import runner

import sitebuild

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
PDF = b"%PDF-1.4\n" + b"0" * 3000 + b"\n%%EOF\n"  # 3,016 bytes
DOCX = b"PK\x03\x04" + b"x" * 1500


def document(number, title, issued="12/03/2024", doc_type="Quyết định",
             field="Quản lý khoa học", files=("qd.pdf",), extra=""):
    lines = [f"Title: {title}", f"Number: {number}", f"Type: {doc_type}",
             "Issuer: Ủy ban nhân dân tỉnh Phú Thọ", "Signer: Đỗ Minh Khang",
             f"Issued: {issued}", f"Field: {field}"]
    lines += [f"File: {name}" for name in files]
    return "\n".join(lines) + "\n" + extra + "\nNội dung văn bản.\n"


def draft(title, opens, closes, extra=""):
    return (f"Title: {title}\nType: Quyết định\nIssuer: Sở Khoa học và Công nghệ\n"
            f"Field: Quản lý khoa học\nConsultation-opens: {opens}\n"
            f"Consultation-closes: {closes}\nFile: du-thao.pdf\n{extra}\n"
            "Đề nghị góp ý dự thảo.\n")


def line_of(text, needle):
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


LIBRARY = {
    "documents/2024/15-2024.md": document(
        "15/2024/QĐ-UBND", "Quy định quản lý nhiệm vụ khoa học và công nghệ",
        extra="Slug: 15-2024-qd-ubnd\nReplaced-by: 07/2026/QĐ-UBND\n"),
    "documents/2024/qd.pdf": PDF,
    "documents/2026/07-2026.md": document(
        "07/2026/QĐ-UBND", "Quy định quản lý nhiệm vụ khoa học, công nghệ mới",
        issued="16/02/2026", files=("qd.pdf", "phu-luc.docx | Phụ lục"),
        extra="Slug: 07-2026-qd-ubnd\n"),
    "documents/2026/qd.pdf": PDF,
    "documents/2026/phu-luc.docx": DOCX,
    "documents/2025/cv.md": document(
        "603/SKHCN-TĐC", "Về việc kiểm định phương tiện đo nhóm 2", issued="11/06/2025",
        doc_type="Công văn", field="Tiêu chuẩn - Đo lường - Chất lượng",
        extra="Slug: 603-skhcn-tdc\n"),
    "documents/2025/qd.pdf": PDF,
    "documents/du-thao/sang-kien.md": draft(
        "Dự thảo quy định xét công nhận sáng kiến", "01/12/2026", "31/12/2026",
        extra="Slug: du-thao-sang-kien\n"),
    "documents/du-thao/du-thao.pdf": PDF,
}


@pytest.fixture
def library(build_site):
    return build_site(dict(LIBRARY), BUILD_NOW=datetime(2026, 12, 2, 9, 0, tzinfo=TZ))


# --- The checker: each code with file and line ----------------------------------------

def check(site_settings, tmp_path, files):
    write_files(tmp_path / "content", files)
    return runner.run(site_settings())


@pytest.mark.parametrize("change, code, needle", [
    (("Type: Quyết định", "Type: Quyết nghị"), "E-DOC-TYPE", "Type:"),
    (("Field: Quản lý khoa học", "Field: Thiên văn"), "E-DOC-FIELD", "Field:"),
    (("File: qd.pdf", "File: khong-co.pdf"), "E-DOC-FILE", "File:"),
    (("File: qd.pdf", "File: qd.exe"), "E-DOC-FILE", "File:"),
    (("Issued: 12/03/2024", "Issued: 2024/03/12"), "E-DATE", "Issued:"),
    (("Issued: 12/03/2024", "Issued: 31/02/2024"), "E-DATE", "Issued:"),
    (("Slug:", "Validity: còn hiệu lực\nSlug:"), "E-DOC-VALIDITY", "Validity:"),
    (("Slug:", "Validity: hiệu lực một phần\nSlug:"), "E-DOC-VALIDITY", "Validity:"),
])
def test_checker_names_file_line_and_code(site_settings, tmp_path, change, code,
                                          needle):
    files = dict(LIBRARY)
    text = files["documents/2024/15-2024.md"].replace(*change)
    files["documents/2024/15-2024.md"] = text
    report = check(site_settings, tmp_path, files)
    found = [(f.path.name, f.line, f.code) for f in report.errors]
    assert found == [("15-2024.md", line_of(text, needle), code)]


def test_a_pdf_that_is_not_one_is_refused(site_settings, tmp_path):
    files = {**LIBRARY, "documents/2025/qd.pdf": b"<html>not a pdf</html>"}
    (error,) = check(site_settings, tmp_path, files).errors
    assert (error.code, error.line) == ("E-DOC-FILE", 8)
    assert "không phải tệp PDF" in error.message


def test_duplicate_number_names_both_files(site_settings, tmp_path):
    files = {**LIBRARY, "documents/2025/trung.md": document(
        "603/SKHCN-TĐC", "Một công văn khác cùng số", issued="12/06/2025",
        doc_type="Công văn", files=("qd.pdf",))}
    (error,) = check(site_settings, tmp_path, files).errors
    assert error.code == "E-DOC-NUMBER-DUPLICATE"
    assert (error.path.name, error.line) == ("cv.md", 2)
    assert "trung.md:2" in error.message
    assert [p.name for p in error.related] == ["trung.md"]


def test_replaced_by_target_must_exist(site_settings, tmp_path):
    files = dict(LIBRARY)
    del files["documents/2026/07-2026.md"]
    (error,) = check(site_settings, tmp_path, files).errors
    assert (error.code, error.path.name) == ("E-DOC-REPLACED-BY", "15-2024.md")
    assert error.line == line_of(files["documents/2024/15-2024.md"], "Replaced-by:")


def test_an_issued_document_needs_number_and_a_draft_both_dates(site_settings,
                                                                tmp_path):
    files = {**LIBRARY,
             "documents/2025/cv.md": LIBRARY["documents/2025/cv.md"].replace(
                 "Number: 603/SKHCN-TĐC\n", ""),
             "documents/du-thao/sang-kien.md": LIBRARY[
                 "documents/du-thao/sang-kien.md"].replace(
                 "Consultation-closes: 31/12/2026\n", "")}
    codes = sorted((f.path.name, f.code) for f in check(site_settings, tmp_path,
                                                         files).errors)
    assert codes == [("cv.md", "E-DOC-META"), ("sang-kien.md", "E-DOC-CONSULTATION")]


def test_the_build_refuses_what_the_checker_refuses(build_site):
    text = LIBRARY["documents/2025/cv.md"].replace("File: qd.pdf", "File: mat.pdf")
    with pytest.raises(sitebuild.BuildFailed) as failure:
        build_site({**LIBRARY, "documents/2025/cv.md": text})
    assert f"documents/2025/cv.md:{line_of(text, 'File:')}: [E-DOC-FILE]" in str(
        failure.value)


# --- Built pages -----------------------------------------------------------------------

def test_document_page_metadata_files_and_replacement_links(library, read_html):
    page = read_html(library / "van-ban/15-2024-qd-ubnd/index.html")
    rows = {row.th.get_text(strip=True): row.td.get_text(" ", strip=True)
            for row in page.select("table.document-meta tr")}
    assert all(th["scope"] == "row" for th in page.select("table.document-meta th"))
    assert rows["Số/Ký hiệu"] == "15/2024/QĐ-UBND"
    assert rows["Ngày ban hành"] == "12/03/2024"
    assert rows["Tình trạng hiệu lực"] == "Bị thay thế"
    link = page.select_one('a[rel="successor-version"]')
    assert link["href"] == "https://example.test/van-ban/07-2026-qd-ubnd/"
    (pdf,) = page.select(".document-files li")
    assert pdf.select_one(".file-size").get_text() == "(PDF, 3 KB)"
    assert (library / "van-ban/15-2024-qd-ubnd/qd.pdf").read_bytes() == PDF

    new = read_html(library / "van-ban/07-2026-qd-ubnd/index.html")
    back = new.select_one('a[rel="predecessor-version"]')
    assert back["href"] == "https://example.test/van-ban/15-2024-qd-ubnd/"
    files = [li.get_text(" ", strip=True) for li in new.select(".document-files li")]
    assert files == ["qd.pdf (PDF, 3 KB)", "Phụ lục (DOCX, 1 KB)"]


def test_document_json_ld_is_legislation(library, read_html):
    import json

    page = read_html(library / "van-ban/07-2026-qd-ubnd/index.html")
    data = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert data["@type"] == "Legislation"
    assert data["legislationIdentifier"] == "07/2026/QĐ-UBND"
    assert data["legislationDate"] == "2026-02-16"
    assert data["legislationLegalForce"] == "https://schema.org/InForce"
    assert [e["contentSize"] for e in data["encoding"]] == [str(len(PDF)),
                                                            str(len(DOCX))]


def test_index_is_newest_first_and_leaves_drafts_to_their_page(library, read_html):
    page = read_html(library / "van-ban/index.html")
    numbers = [n.get_text() for n in page.select(".document-item .document-number")]
    assert numbers == ["07/2026/QĐ-UBND", "603/SKHCN-TĐC", "15/2024/QĐ-UBND"]
    drafts = read_html(library / "van-ban/du-thao/index.html")
    assert [h.get_text(strip=True) for h in drafts.select(".document-item h2")] == [
        "Dự thảo quy định xét công nhận sáng kiến"]


def test_facet_pages_filter_without_javascript(library, read_html):
    expected = {
        "van-ban/loai/cong-van/": ["603/SKHCN-TĐC"],
        "van-ban/loai/quyet-dinh/": ["07/2026/QĐ-UBND", "15/2024/QĐ-UBND"],
        "van-ban/nam/2024/": ["15/2024/QĐ-UBND"],
        "van-ban/linh-vuc/tieu-chuan-do-luong-chat-luong/": ["603/SKHCN-TĐC"],
        "van-ban/hieu-luc/bi-thay-the/": ["15/2024/QĐ-UBND"],
        "van-ban/co-quan/uy-ban-nhan-dan-tinh-phu-tho/": [
            "07/2026/QĐ-UBND", "603/SKHCN-TĐC", "15/2024/QĐ-UBND"],
    }
    for url, numbers in expected.items():
        page = read_html(library / url / "index.html")
        found = [n.get_text() for n in page.select(".document-item .document-number")]
        assert found == numbers, url
        current = page.select_one(".document-facets a[aria-current=page]")
        assert current["href"] == f"https://example.test/{url}"
    # One page per facet value (5 facets), no combinations.
    facet_pages = [p for p in (library / "van-ban").glob("*/*/index.html")
                   if p.parts[-3] in ("loai", "co-quan", "linh-vuc", "nam", "hieu-luc")]
    assert len(facet_pages) == 2 + 1 + 2 + 3 + 2


def test_index_is_paginated(build_site, read_html):
    files = {"documents/qd.pdf": PDF}
    for n in range(1, 13):
        files[f"documents/cv-{n}.md"] = document(
            f"{n}/SKHCN", f"Công văn thứ {n} về kế hoạch", issued=f"{n:02d}/01/2025",
            doc_type="Công văn", files=("qd.pdf",))
    output = build_site(files, DEFAULT_PAGINATION=5)
    first = read_html(output / "van-ban/index.html")
    assert len(first.select(".document-item")) == 7
    assert first.select_one('a[rel="next"]')["href"].endswith("van-ban/index2.html")
    second = read_html(output / "van-ban/index2.html")
    assert [n.get_text() for n in second.select(".document-number")] == [
        f"{n}/SKHCN" for n in range(5, 0, -1)]


# --- Feed ------------------------------------------------------------------------------

def test_documents_feed_has_the_files_as_enclosures(library):
    rss = feedparser.parse((library / "feeds/van-ban.rss.xml").read_bytes())
    assert not rss.bozo
    by_title = {entry.title: entry for entry in rss.entries}
    entry = by_title["Quy định quản lý nhiệm vụ khoa học, công nghệ mới"]
    (enclosure,) = entry.enclosures  # RSS 2.0 allows one: the first file
    assert enclosure.href == "https://example.test/van-ban/07-2026-qd-ubnd/qd.pdf"
    assert int(enclosure.length) == len(PDF)
    assert "07/2026/QĐ-UBND" in entry.summary
    atom = feedparser.parse((library / "feeds/van-ban.atom.xml").read_bytes())
    lengths = {e.title: [int(x.length) for x in e.enclosures] for e in atom.entries}
    assert lengths["Quy định quản lý nhiệm vụ khoa học, công nghệ mới"] == [len(PDF)]


# --- The clock: either side of a consultation's closing ---------------------------------

@pytest.mark.parametrize("now, state, home", [
    (datetime(2026, 12, 2, 9, 0, tzinfo=TZ), "Đang lấy ý kiến — còn 29 ngày",
     "còn 29 ngày"),
    (datetime(2026, 12, 31, 23, 59, tzinfo=TZ), "Đang lấy ý kiến — hạn chót hôm nay",
     "hạn chót hôm nay"),
    (datetime(2027, 1, 1, 0, 0, tzinfo=TZ), "Đã hết hạn lấy ý kiến", None),
])
def test_consultation_state_follows_the_build_clock(build_site, read_html, now, state,
                                                    home):
    output = build_site(dict(LIBRARY), BUILD_NOW=now)
    page = read_html(output / "van-ban/du-thao-sang-kien/index.html")
    assert page.select_one("[data-consultation-state]").get_text(strip=True) == state
    assert bool(page.select_one(".consultation a[href^='mailto:']")) is (home is not None)
    listing = read_html(output / "van-ban/du-thao/index.html")
    assert listing.select_one("[data-consultation-state]").get_text(
        strip=True) == state
    blocks = {b.h2.get_text(strip=True): b for b in
              read_html(output / "index.html").select(".side-block")}
    if home is None:
        assert "Đang lấy ý kiến" not in blocks
    else:
        assert blocks["Đang lấy ý kiến"].select_one(
            "[data-consultation-state]").get_text(strip=True) == home


def test_changes_at_is_the_closing_moment(library):
    from documents.documents import DOCUMENT_TYPE

    class Draft:
        effective = expires = None
        consultation_closes = datetime(2026, 12, 31).date()

    (moment,) = DOCUMENT_TYPE.changes_at(Draft(), {"TIMEZONE": "Asia/Ho_Chi_Minh"})
    assert moment == datetime(2026, 12, 31, 23, 59, 59, tzinfo=TZ)


def test_next_change_reads_the_closing_date_of_a_draft_as_read(tmp_path):
    """`invoke next-change` passes documents as ``read_all`` returns them, their
    dates still text: the closing moment is found, and an Effective: does not crash."""
    from next_change.next_change import changes
    from pelican import Pelican
    from pelican.settings import read_settings

    from conftest import ROOT

    files = dict(LIBRARY)
    files["documents/2026/07-2026.md"] = files["documents/2026/07-2026.md"].replace(
        "Slug:", "Effective: 01/03/2026\nSlug:")
    write_files(tmp_path / "content", files)
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={
        "PATH": str(tmp_path / "content"), "CACHE_PATH": str(tmp_path / "cache"),
        "BUILD_NOW": datetime(2026, 12, 2, 9, 0, tzinfo=TZ)})
    declared, _, _ = changes(Pelican(settings))
    moments = {(c.source, c.moment) for c in declared}
    assert ("documents/du-thao/sang-kien.md",
            datetime(2026, 12, 31, 23, 59, 59, tzinfo=TZ)) in moments
    assert ("documents/2026/07-2026.md",
            datetime(2026, 3, 1, 0, 0, tzinfo=TZ)) in moments


def test_home_lists_newest_documents(library, read_html):
    blocks = {b.h2.get_text(strip=True): b for b in
              read_html(library / "index.html").select(".side-block")}
    numbers = [n.get_text() for n in blocks["Văn bản mới"].select("li a .document-number")]
    assert numbers[0] == "Quyết định số 07/2026/QĐ-UBND"


# --- invoke new-document -------------------------------------------------------------

def test_new_document_writes_complete_front_matter_and_never_overwrites(
        site_settings, tmp_path):
    from editorial.new_content import NewContentError, new_document

    settings = site_settings()
    now = datetime(2026, 12, 2, 10, 0, tzinfo=TZ)
    path = new_document(settings, "Quyết định phê duyệt danh mục nhiệm vụ",
                        "Quyết định", "Quản lý khoa học", number="20/QĐ-SKHCN",
                        signer="Nguyễn Văn Minh", now=now)
    assert path == tmp_path / "content/documents/2026/20-qd-skhcn.md"
    assert path.read_text(encoding="utf-8").splitlines() == [
        "Title: Quyết định phê duyệt danh mục nhiệm vụ", "Number: 20/QĐ-SKHCN",
        "Type: Quyết định", "Issuer: Ủy ban nhân dân tỉnh Phú Thọ",
        "Signer: Nguyễn Văn Minh", "Issued: 02/12/2026", "Field: Quản lý khoa học",
        "File: 20-qd-skhcn.pdf", "Slug: 20-qd-skhcn", ""]
    # The checker's to-do list: only the PDF still to put beside it.
    assert [(f.code, f.line) for f in runner.run(settings).errors] == [
        ("E-DOC-FILE", 8)]
    with pytest.raises(NewContentError, match="đã"):
        new_document(settings, "Khác", "Quyết định", "Quản lý khoa học",
                     number="20/QĐ-SKHCN", now=now)
    for bad in ({"doc_type": "Quyết nghị", "field": "Quản lý khoa học"},
                {"doc_type": "Quyết định", "field": "Thiên văn"}):
        with pytest.raises(NewContentError, match="không có trong"):
            new_document(settings, "Văn bản khác", now=now, **bad)


def test_new_draft_opens_today_for_thirty_days(site_settings, tmp_path):
    from editorial.new_content import new_document

    path = new_document(site_settings(), "Dự thảo quy chế", "Quyết định",
                        "Quản lý khoa học", draft=True,
                        now=datetime(2026, 12, 2, 10, 0, tzinfo=TZ))
    text = path.read_text(encoding="utf-8")
    assert path.parent.name == "du-thao"
    assert "Consultation-opens: 02/12/2026\nConsultation-closes: 01/01/2027\n" in text


# --- Search: the number finds the document --------------------------------------------

@pytest.fixture(scope="module")
def library_origin(tmp_path_factory):
    """The document library built once and served (relative URLs)."""
    from conftest import ROOT, served

    root = tmp_path_factory.mktemp("library")
    write_files(root / "content", dict(LIBRARY))
    output = sitebuild.build_site(ROOT / "pelicanconf.py", root / "output",
                                  PATH=str(root / "content"),
                                  CACHE_PATH=str(root / "cache"),
                                  SITEURL="", RELATIVE_URLS=True,
                                  BUILD_NOW=datetime(2026, 12, 2, 9, 0, tzinfo=TZ))
    with served(output) as origin:
        yield origin


# "UBND" is a run of letters inside the number: Pagefind indexes it, and the
# search page must not drop the hit because the whole word does not start with it.
@pytest.mark.parametrize("query", ["15/2024/QĐ-UBND", "15/2024", "UBND",
                                   "quan ly nhiem vu"])
def test_documents_are_found_by_number_and_abstract(library_origin, browser, query):
    from test_search import Visit

    context = browser.new_context()
    visit = Visit(context, f"{library_origin}/")
    results = visit.search(query, loai="Văn bản")
    titles = visit.titles(results)
    context.close()
    assert "Quy định quản lý nhiệm vụ khoa học và công nghệ" in titles
    if query not in ("quan ly nhiem vu", "UBND"):
        assert titles[0] == "Quy định quản lý nhiệm vụ khoa học và công nghệ"
    assert visit.foreign == [] and visit.errors == []
