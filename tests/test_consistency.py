"""One fact, told the same way everywhere on the built site: counts, legal force,
breadcrumbs, what a procedure lets a citizen do online, a call's result.

Reads the session's sample site (conftest: sample_site) and, for the call results,
small sites built with a frozen clock; the checker's warning is asked of `invoke
check`'s runner with file and line.
"""

import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from conftest import write_files
from content_check import runner
from test_science_tasks import FILES, PDF, build, call, line_of

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def read(site, path):
    """A page of ``site`` by its path ("van-ban", "van-ban/index2.html")."""
    file = site.output / path
    if not path.endswith(".html"):
        file = file / "index.html"
    return BeautifulSoup(file.read_text("utf-8"), "html.parser")


def crumbs(page):
    return [(li.get_text(strip=True), li.a["href"] if li.a else None)
            for li in page.select("nav.breadcrumbs li")]


# --- Counts -------------------------------------------------------------------------

def test_documents_are_counted_once_for_every_page(sample_site):
    rows = {tr.th.get_text(" ", strip=True): tr for tr in
            read(sample_site, "cong-khai-thong-tin").select(".disclosure-table tr")
            if tr.th and tr.find("td")}
    row = next(text for text in rows if text.startswith("Văn bản"))
    disclosed = int(re.search(r"\((\d+)\)", row).group(1))
    index = read(sample_site, "van-ban")
    shown = int(re.search(r"Tất cả văn bản\s*\((\d+)\)",
                          index.select_one(".document-facets").get_text(" ")).group(1))
    listed, page = 0, index
    while page is not None:
        listed += len(page.select(".document-item"))
        following = page.select_one("nav.pagination a[rel=next]")
        page = (read(sample_site, following["href"].removeprefix(
            sample_site.url()).strip("/")) if following else None)
    assert disclosed == shown == listed
    home = read(sample_site, "").select_one(".side-documents").get_text(" ")
    assert re.search(rf"Tất cả\s+{listed}\s+văn bản", home)


# --- Legal force --------------------------------------------------------------------

def document_pages(site):
    for path in sorted((site.output / "van-ban").glob("*/index.html")):
        page = BeautifulSoup(path.read_text("utf-8"), "html.parser")
        rows = {tr.th.get_text(strip=True): tr.td for tr in
                page.select("table.document-meta tr") if tr.th and tr.td}
        if "Loại văn bản" in rows and not page.select_one("[data-consultation-state]"):
            yield path.parent.name, rows["Loại văn bản"].get_text(strip=True), page


def test_legal_force_is_stated_for_legal_documents_only(sample_site):
    kinds = {}
    for slug, doc_type, page in document_pages(sample_site):
        force = page.select_one("[data-document-force]")
        kinds.setdefault(doc_type, set()).add(force.get_text() if force else None)
    assert {"Báo cáo", "Thông báo", "Kế hoạch", "Quyết định"} <= set(kinds)
    for doc_type in ("Báo cáo", "Thông báo", "Kế hoạch", "Công văn"):
        assert kinds.get(doc_type, {None}) == {None}, doc_type
    assert None not in kinds["Quyết định"] | kinds["Nghị quyết"]
    in_force = read(sample_site, "van-ban/hieu-luc/con-hieu-luc")
    listed = " ".join(p.get_text(" ") for p in in_force.select(".document-item"))
    assert "Quyết định" in listed
    assert not re.search(r"Báo cáo|Thông báo ·", listed)


def test_validity_on_a_report_is_refused_with_its_line(site_settings, tmp_path):
    text = ("Title: Báo cáo tổng kết năm\nNumber: 45/BC-SKHCN\nType: Báo cáo\n"
            "Issuer: Sở Khoa học và Công nghệ\nSigner: Nguyễn Văn Minh\n"
            "Issued: 20/12/2024\nValidity: còn hiệu lực\nField: Quản lý khoa học\n"
            "File: bc.pdf\n\nNội dung.\n")
    write_files(tmp_path / "content", {"documents/bc.md": text, "documents/bc.pdf": PDF})
    (error,) = runner.run(site_settings()).errors
    assert (error.code, error.line) == ("E-DOC-VALIDITY", 7)
    assert "Validity" in error.message


# --- Breadcrumbs --------------------------------------------------------------------

def test_a_page_under_another_has_it_in_its_breadcrumbs(sample_site):
    trail = crumbs(read(sample_site, "gioi-thieu/lich-su"))
    assert [title for title, _ in trail] == [
        "Trang chủ", "Giới thiệu", "Lịch sử hình thành và phát triển"]
    assert trail[1][1] == sample_site.url("gioi-thieu/")


# --- Procedures ---------------------------------------------------------------------

def test_an_offline_procedure_offers_no_online_submission(sample_site):
    index = read(sample_site, "thu-tuc-hanh-chinh")
    rows = {tr.td.a.get_text(strip=True): tr for tr in index.select(
        ".procedure-table tbody tr")}
    offline = {title: tr for title, tr in rows.items()
               if "Không trực tuyến" in tr.get_text()}
    assert offline and len(offline) < len(rows)
    for title, tr in rows.items():
        links = " ".join(a.get_text(" ") for a in tr.select("a"))
        assert ("Nộp hồ sơ" in links) is (title not in offline), title
    for tr in offline.values():
        page = read(sample_site, tr.td.a["href"].removeprefix(
            sample_site.url()).strip("/"))
        text = page.select_one("article.procedure").get_text(" ")
        assert "nộp hồ sơ trên" not in text.lower()
        assert "không nộp hồ sơ trực tuyến" in text


# --- A call's result ----------------------------------------------------------------

DECISION = ("Title: Quyết định phê duyệt tổ chức trúng tuyển chủ trì nhiệm vụ năm 2027\n"
            "Number: 1620/QĐ-UBND\nType: Quyết định\nIssuer: Ủy ban nhân dân tỉnh Phú Thọ\n"
            "Signer: Đỗ Minh Khang\nIssued: 20/01/2027\nField: Quản lý khoa học\n"
            "File: qd.pdf\n\nNội dung.\n")
LATER = datetime(2027, 3, 1, 9, 0, tzinfo=TZ)  # two months after the call closed


@pytest.fixture(scope="module")
def decided(tmp_path_factory):
    """The science-task site after its call closed, with its result published."""
    files = {**FILES, "documents/qd.md": DECISION, "documents/qd.pdf": PDF,
             "task-calls/2027.md": call(tasks=("ĐT.NN.01-2027", "ĐT.XH.01-2025"),
                                       extra="Result: 1620/QĐ-UBND\n"
                                             "Selected: ĐT.NN.01-2027\n")}
    return build(tmp_path_factory.mktemp("call-result"), files, BUILD_NOW=LATER)


def test_a_closed_call_shows_which_tasks_which_hosts_and_the_decision(decided):
    page = BeautifulSoup(
        (decided / "nhiem-vu/thong-bao/tuyen-chon-2027/index.html").read_text("utf-8"),
        "html.parser")
    result = page.select_one(".call-result")
    decision = result.select_one("[data-call-decision] a")
    assert decision.get_text(" ", strip=True).startswith(
        "Quyết định số 1620/QĐ-UBND ngày 20/01/2027")
    linked = decision["href"].removeprefix("https://example.test/")
    assert (decided / linked / "index.html").read_text("utf-8").count(
        "1620/QĐ-UBND") >= 1
    (row,) = result.select("tr[data-selected-task]")
    cells = [td.get_text(" ", strip=True) for td in row.find_all("td")]
    assert cells == ["ĐT.NN.01-2027", "Nhân giống bưởi Đoan Hùng sạch bệnh",
                     "Trường Đại học Hùng Vương", "TS. Lê Minh Tâm"]
    assert "Chưa chọn được tổ chức chủ trì: ĐT.XH.01-2025." in " ".join(
        result.get_text().split())
    listing = BeautifulSoup(
        (decided / "nhiem-vu/thong-bao/index.html").read_text("utf-8"), "html.parser")
    assert listing.select_one("[data-call-state]").get_text(strip=True) == (
        "Đã có kết quả tuyển chọn")


def test_a_closed_call_without_result_says_so(tmp_path):
    output = build(tmp_path, BUILD_NOW=LATER)
    page = BeautifulSoup(
        (output / "nhiem-vu/thong-bao/tuyen-chon-2027/index.html").read_text("utf-8"),
        "html.parser")
    assert page.select_one(".call-result [data-call-decision]").get_text(
        strip=True) == "Chưa công bố kết quả tuyển chọn."


def check_call(site_settings, tmp_path, text, now):
    write_files(tmp_path / "content", {**FILES, "task-calls/2027.md": text})
    return runner.run(site_settings(BUILD_NOW=now))


@pytest.mark.parametrize("now, warned", [
    (datetime(2027, 1, 30, 9, 0, tzinfo=TZ), False),  # 29 days after closing
    (datetime(2027, 2, 1, 9, 0, tzinfo=TZ), True),  # 31 days after
])
def test_checker_warns_when_a_call_closed_a_month_ago_has_no_result(
        site_settings, tmp_path, now, warned):
    text = call()
    result = check_call(site_settings, tmp_path, text, now)
    warnings = [w for w in result.warnings if w.code == "W-CALL-NO-RESULT"]
    assert result.errors == []
    if not warned:
        assert warnings == []
        return
    (warning,) = warnings
    assert Path(warning.path).name == "2027.md"
    assert warning.line == line_of(text, "Closes:")
    assert "31/12/2026" in warning.message and "Result:" in warning.message


def test_a_call_with_its_result_is_not_warned_about(site_settings, tmp_path):
    text = call(extra="Result: 1620/QĐ-UBND\nSelected: ĐT.NN.01-2027\n")
    result = check_call(site_settings, tmp_path, text, LATER)
    assert [w.code for w in result.warnings if w.code.startswith("W-CALL")] == []
    assert result.errors == []


@pytest.mark.parametrize("extra, needle", [
    ("Result: 1620/QĐ-UBND\n", "Result:"),
    ("Selected: ĐT.NN.01-2027\n", "Selected:"),
    ("Result: 1620/QĐ-UBND\nSelected: KHONG.CO\n", "KHONG.CO"),
])
def test_a_result_names_its_decision_and_the_calls_own_tasks(
        site_settings, tmp_path, extra, needle):
    text = call(extra=extra)
    (error,) = check_call(site_settings, tmp_path, text, LATER).errors
    assert (error.code, error.line) == ("E-CALL-RESULT", line_of(text, needle))
