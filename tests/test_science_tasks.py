"""Nhiệm vụ KH&CN and their calls (plugins/science_tasks): checker, pages, downloads,
feeds, the build clock, next-change, new-task/new-call, hostile values.

One small site (``site``) is built once for the session with a frozen clock and
read back by most tests (BeautifulSoup, csv, json, feedparser); the checker's
errors are asked of ``invoke check``'s runner with file and line, and the clock
tests build their own small sites on either side of the call's deadline.
"""

import csv
import io
import json
from datetime import datetime
from zoneinfo import ZoneInfo

import feedparser
import pytest
from conftest import ROOT, write_files
from content_check import runner

import sitebuild

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 12, 2, 9, 0, tzinfo=TZ)
SITEURL = "https://example.test"
PDF = b"%PDF-1.4\n" + b"0" * 3000 + b"\n%%EOF\n"  # 3,016 bytes
DOCX = b"PK\x03\x04" + b"x" * 1500
HOSTILE_HOST = "<script>alert(1)</script>Viện thử nghiệm"
HOSTILE_INVESTIGATOR = "=cmd|' /C calc'!A0"


def task(code, title, stage="Đang thực hiện", level="Cấp tỉnh",
         field="Khoa học nông nghiệp", host="Trường Đại học Hùng Vương",
         investigator="TS. Lê Minh Tâm", starts="01/03/2024", ends="31/12/2025",
         budget="3.521.000.000", extra=""):
    lines = [f"Title: {title}", f"Code: {code}", f"Level: {level}", f"Field: {field}",
             f"Host: {host}", f"Investigator: {investigator}", f"Starts: {starts}",
             f"Ends: {ends}", f"Budget: {budget}", f"Stage: {stage}"]
    return "\n".join(lines) + "\n" + extra + "\nNội dung nhiệm vụ.\n"


def call(closes="31/12/2026", tasks=("ĐT.NN.01-2027",), extra=""):
    lines = ["Title: Thông báo tuyển chọn nhiệm vụ cấp tỉnh năm 2027",
             "Number: 214/TB-SKHCN", "Kind: Tuyển chọn", "Opens: 25/11/2026",
             f"Closes: {closes}", *(f"Task: {code}" for code in tasks),
             "File: thong-bao.pdf | Thông báo (bản PDF)"]
    return ("\n".join(lines) + "\n" + extra
            + "Slug: tuyen-chon-2027\n\nHồ sơ nộp tại Sở.\n")


def line_of(text, needle):
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


ACCEPTED = task(
    "ĐT.NN.01-2024", "Nhân giống chè chất lượng cao bằng nuôi cấy mô",
    stage="Đã nghiệm thu",
    extra=("Accepted: 20/03/2026\nGrade: Khá\n"
           "Result: Hoàn thiện quy trình nhân giống in vitro hai giống chè.\n"
           "Product: che.pdf | Báo cáo tổng hợp\nProduct: quy-trinh.docx\n"
           "Slug: dt-nn-01-2024\n"))
FILES = {
    "tasks/2024/che.md": ACCEPTED,
    "tasks/2024/che.pdf": PDF,
    "tasks/2024/quy-trinh.docx": DOCX,
    "tasks/2025/xoan.md": task(
        "ĐT.XH.01-2025", "Bảo tồn di sản Hát Xoan gắn với du lịch",
        field="Khoa học nhân văn", starts="01/01/2025", ends="31/12/2026",
        budget="980000000", extra="Slug: dt-xh-01-2025\n"),
    "tasks/2025/hostile.md": task(
        "CS.01-2025", "Cơ sở dữ liệu phương tiện đo", stage="Đề xuất",
        level="Cấp cơ sở", field="Khoa học kỹ thuật và công nghệ",
        host=HOSTILE_HOST, investigator=HOSTILE_INVESTIGATOR, starts="01/03/2025",
        ends="30/11/2025", budget="185.500.000", extra="Slug: cs-01-2025\n"),
    "tasks/2027/buoi.md": task(
        "ĐT.NN.01-2027", "Nhân giống bưởi Đoan Hùng sạch bệnh", stage="Tuyển chọn",
        starts="01/07/2027", ends="30/06/2029", budget="2.400.000.000",
        extra="Year: 2027\nSlug: dt-nn-01-2027\n"),
    "task-calls/2027.md": call(),
    "task-calls/thong-bao.pdf": PDF,
}


def build(root, files=FILES, **overrides):
    write_files(root / "content", files)
    settings = {"PATH": str(root / "content"), "CACHE_PATH": str(root / "cache"),
                "SITEURL": SITEURL, "RELATIVE_URLS": False, "BUILD_NOW": NOW,
                **overrides}
    return sitebuild.build_site(ROOT / "pelicanconf.py", root / "output", **settings)


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The small site above, built once, its clock on 02/12/2026 09:00."""
    return build(tmp_path_factory.mktemp("science-tasks"))


# --- Money -----------------------------------------------------------------------

@pytest.mark.parametrize("amount, text", [
    (3_521_000_000, "3.521 triệu đồng"), (850_500_000, "850,5 triệu đồng"),
    (185_000_000, "185 triệu đồng"), (1_286_500_000, "1.286,5 triệu đồng"),
    (12_345_678_901, "12.345,679 triệu đồng"), (999_999_999, "1.000 triệu đồng"),
    (500_000, "500.000 đồng"),
])
def test_budget_is_shown_the_vietnamese_way(amount, text):
    from science_tasks.money import vn_budget

    assert vn_budget(amount) == text


@pytest.mark.parametrize("text, amount", [
    ("3.521.000.000", 3_521_000_000), ("3521000000", 3_521_000_000),
    ("980 000 000 đồng", 980_000_000)])
def test_budget_is_read_with_or_without_dots(text, amount):
    from science_tasks.money import parse_vnd

    assert parse_vnd(text) == amount


# --- The checker: each code with file and line ----------------------------------------

def check(site_settings, tmp_path, files):
    write_files(tmp_path / "content", files)
    return runner.run(site_settings())


@pytest.mark.parametrize("change, code, needle", [
    (("Level: Cấp tỉnh", "Level: Cấp huyện"), "E-TASK-LEVEL", "Level:"),
    (("Field: Khoa học nông nghiệp", "Field: Thiên văn"), "E-TASK-FIELD", "Field:"),
    (("Stage: Đã nghiệm thu", "Stage: Hủy bỏ"), "E-TASK-STATUS", "Stage:"),
    (("Grade: Khá", "Grade: Giỏi"), "E-TASK-GRADE", "Grade:"),
    (("Code: ĐT.NN.01-2024", "Code: ĐT NN 01"), "E-TASK-CODE", "Code:"),
    (("Ends: 31/12/2025", "Ends: 31/12/2023"), "E-TASK-DURATION", "Ends:"),
    (("Budget: 3.521.000.000", "Budget: 3,5 tỷ"), "E-TASK-BUDGET", "Budget:"),
    (("Slug:", "Year: 24\nSlug:"), "E-TASK-YEAR", "Year:"),
    (("Accepted: 20/03/2026", "Accepted: 20/03/2023"), "E-TASK-RESULT", "Accepted:"),
    (("Grade: Khá\n", ""), "E-TASK-RESULT", "Stage:"),
    (("Stage: Đã nghiệm thu", "Stage: Đang thực hiện"), "E-TASK-RESULT", "Accepted:"),
    (("Product: che.pdf", "Product: khong-co.pdf"), "E-TASK-FILE", "Product: khong"),
    (("Product: che.pdf", "Product: che.exe"), "E-TASK-FILE", "Product: che"),
    (("Starts: 01/03/2024", "Starts: 2024/03/01"), "E-DATE", "Starts:"),
    (("Starts: 01/03/2024", "Starts: 31/02/2024"), "E-DATE", "Starts:"),
])
def test_task_checker_names_file_line_and_code(site_settings, tmp_path, change, code,
                                               needle):
    text = ACCEPTED.replace(*change)
    report = check(site_settings, tmp_path, {**FILES, "tasks/2024/che.md": text})
    found = {(f.path.name, f.line, f.code) for f in report.errors}
    # A task with results on an unfinished status names each result line.
    assert ("che.md", line_of(text, needle), code) in found
    assert {f.code for f in report.errors} == {code}
    assert {f.path.name for f in report.errors} == {"che.md"}


@pytest.mark.parametrize("change, code, needle", [
    (("Kind: Tuyển chọn", "Kind: Đấu thầu"), "E-CALL-KIND", "Kind:"),
    (("Closes: 31/12/2026", "Closes: 01/11/2026"), "E-CALL-DATES", "Closes:"),
    (("Closes: 31/12/2026", "Closes: 31-12-2026"), "E-DATE", "Closes:"),
    (("File: thong-bao.pdf", "File: mat.pdf"), "E-CALL-FILE", "File:"),
    (("Task: ĐT.NN.01-2027", "Task: ĐT.NN.01-2027\nTask: KHONG.CO-2027"),
     "E-CALL-TASK", "KHONG.CO"),
])
def test_call_checker_names_file_line_and_code(site_settings, tmp_path, change, code,
                                               needle):
    text = FILES["task-calls/2027.md"].replace(*change)
    report = check(site_settings, tmp_path, {**FILES, "task-calls/2027.md": text})
    assert [(f.path.name, f.line, f.code) for f in report.errors] == [
        ("2027.md", line_of(text, needle), code)]


def test_duplicate_code_names_both_files_and_lines(site_settings, tmp_path):
    copy = task("ĐT.XH.01-2025", "Một nhiệm vụ khác cùng mã số",
                extra="Slug: trung\n")
    (error,) = check(site_settings, tmp_path, {**FILES, "tasks/2025/trung.md": copy}
                     ).errors
    assert error.code == "E-TASK-CODE-DUPLICATE"
    assert (error.path.name, error.line) == ("trung.md", 2)
    assert "xoan.md:2" in error.message
    assert [p.name for p in error.related] == ["xoan.md"]


def test_missing_fields_are_reported_by_line(site_settings, tmp_path):
    text = ACCEPTED.replace("Host: Trường Đại học Hùng Vương\n", "")
    report = check(site_settings, tmp_path, {**FILES, "tasks/2024/che.md": text})
    assert [(f.path.name, f.code) for f in report.errors] == [
        ("che.md", "E-META-MISSING")]
    assert "Host:" in report.errors[0].message


def test_the_sample_content_passes_the_checker(site_settings):
    settings = site_settings(PATH=str(ROOT / "content"))
    report = runner.run(settings, only=None)
    assert [f for f in report.errors if f.code.startswith(("E-TASK", "E-CALL"))] == []


def test_the_build_refuses_what_the_checker_refuses(tmp_path):
    text = FILES["task-calls/2027.md"].replace("Task: ĐT.NN.01-2027", "Task: KHONG.CO")
    with pytest.raises(sitebuild.BuildFailed) as failure:
        build(tmp_path, {**FILES, "task-calls/2027.md": text})
    assert f"task-calls/2027.md:{line_of(text, 'KHONG.CO')}: [E-CALL-TASK]" in str(
        failure.value)


# --- Built pages ---------------------------------------------------------------------

def meta_rows(page, selector="table.task-meta"):
    return {row.th.get_text(strip=True): row.td.get_text(" ", strip=True)
            for row in page.select(f"{selector} tr")}


def test_task_page_has_the_metadata_table_budget_and_results(site, read_html):
    page = read_html(site / "nhiem-vu/dt-nn-01-2024/index.html")
    rows = meta_rows(page)
    assert rows["Mã số"] == "ĐT.NN.01-2024"
    assert rows["Cấp quản lý"] == "Cấp tỉnh"
    assert rows["Lĩnh vực"] == "Khoa học nông nghiệp"
    assert rows["Tổ chức chủ trì"] == "Trường Đại học Hùng Vương"
    assert rows["Chủ nhiệm nhiệm vụ"] == "TS. Lê Minh Tâm"
    assert rows["Thời gian thực hiện"] == "từ 01/03/2024 đến 31/12/2025"
    assert rows["Kinh phí"] == "3.521 triệu đồng"
    assert rows["Tình trạng"] == "Đã nghiệm thu"
    assert all(th["scope"] == "row" for th in page.select("table.task-meta th"))
    results = meta_rows(page, ".task-results table")
    assert results["Ngày nghiệm thu"] == "20/03/2026"
    assert results["Xếp loại"] == "Khá"
    files = [li.get_text(" ", strip=True) for li in page.select(".task-results li")]
    assert files == ["Báo cáo tổng hợp (PDF, 3 KB)", "quy-trinh.docx (DOCX, 1 KB)"]
    assert (site / "nhiem-vu/dt-nn-01-2024/che.pdf").read_bytes() == PDF
    link = page.select_one(".task-results a")
    assert link["href"] == f"{SITEURL}/nhiem-vu/dt-nn-01-2024/che.pdf"
    # Budgets in lists too; 185.500.000 đồng has a decimal comma.
    hostile = read_html(site / "nhiem-vu/cs-01-2025/index.html")
    assert meta_rows(hostile)["Kinh phí"] == "185,5 triệu đồng"


def test_task_json_ld_is_research_project(site, read_html):
    page = read_html(site / "nhiem-vu/dt-nn-01-2024/index.html")
    data = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert data["@type"] == "ResearchProject"
    assert data["identifier"] == "ĐT.NN.01-2024"
    assert data["url"] == f"{SITEURL}/nhiem-vu/dt-nn-01-2024/"
    assert data["parentOrganization"]["name"] == "Trường Đại học Hùng Vương"
    assert data["member"] == [{"@type": "Person", "name": "TS. Lê Minh Tâm"}]
    assert [m["contentSize"] for m in data["subjectOf"]] == [str(len(PDF)),
                                                             str(len(DOCX))]


def test_index_and_facet_pages_filter_without_javascript(site, read_html):
    def codes(url):
        page = read_html(site / url / "index.html")
        return [c.get_text() for c in page.select(".task-item .task-code")], page

    found, index = codes("nhiem-vu/")
    assert found == ["ĐT.NN.01-2027", "CS.01-2025", "ĐT.XH.01-2025", "ĐT.NN.01-2024"]
    assert not index.select("script:not([type='application/ld+json'])[src*=facet]")
    expected = {
        "nhiem-vu/tinh-trang/da-nghiem-thu/": ["ĐT.NN.01-2024"],
        "nhiem-vu/tinh-trang/tuyen-chon/": ["ĐT.NN.01-2027"],
        "nhiem-vu/tinh-trang/de-xuat/": ["CS.01-2025"],
        "nhiem-vu/linh-vuc/khoa-hoc-nong-nghiep/": ["ĐT.NN.01-2027", "ĐT.NN.01-2024"],
        "nhiem-vu/linh-vuc/khoa-hoc-nhan-van/": ["ĐT.XH.01-2025"],
        "nhiem-vu/nam/2025/": ["CS.01-2025", "ĐT.XH.01-2025"],
        "nhiem-vu/nam/2027/": ["ĐT.NN.01-2027"],
    }
    for url, wanted in expected.items():
        found, page = codes(url)
        assert found == wanted, url
        current = page.select_one(".task-facets a[aria-current=page]")
        assert current["href"] == f"{SITEURL}/{url}"
    # Statuses in SCIENCE_TASK_STATUSES order, each value one page.
    statuses = [a.get_text() for a in index.select('[data-facet="status"] a')]
    assert statuses == ["Đề xuất", "Tuyển chọn", "Đang thực hiện", "Đã nghiệm thu"]
    facet_pages = [p for p in (site / "nhiem-vu").glob("*/*/index.html")
                   if p.parts[-3] in ("tinh-trang", "linh-vuc", "nam")]
    assert len(facet_pages) == 4 + 3 + 3


def test_yearly_catalogue_page_lists_the_year_with_results(site, read_html):
    page = read_html(site / "nhiem-vu/danh-muc/2024/index.html")
    assert page.h1.get_text(strip=True) == "Danh mục nhiệm vụ KH&CN năm 2024"
    (row,) = page.select(".task-table tbody tr")
    assert row["data-task-code"] == "ĐT.NN.01-2024"
    assert row.select_one(".task-budget").get_text() == "3.521 triệu đồng"
    result = row.select_one(".task-result").get_text(" ", strip=True)
    assert result.startswith("Nghiệm thu 20/03/2026 , xếp loại Khá")
    links = {a["data-download"]: a["href"] for a in page.select("[data-download]")}
    assert links == {
        "csv": f"{SITEURL}/nhiem-vu/danh-muc/2024/danh-muc-nhiem-vu-2024.csv",
        "json": f"{SITEURL}/nhiem-vu/danh-muc/2024/danh-muc-nhiem-vu-2024.json"}
    index = read_html(site / "nhiem-vu/index.html")
    assert [a.get_text() for a in index.select(".task-catalogues a")] == [
        f"Danh mục nhiệm vụ KH&CN năm {year}" for year in (2027, 2025, 2024)]


def test_catalogue_csv_is_excel_utf8_and_formula_safe(site):
    data = (site / "nhiem-vu/danh-muc/2025/danh-muc-nhiem-vu-2025.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads Vietnamese
    assert b"\r\n" in data
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    by_code = {r["Mã số"]: r for r in rows}
    assert list(by_code) == ["CS.01-2025", "ĐT.XH.01-2025"]
    hostile = by_code["CS.01-2025"]
    assert hostile["Chủ nhiệm"] == "'" + HOSTILE_INVESTIGATOR  # inert in Excel
    assert hostile["Tổ chức chủ trì"] == HOSTILE_HOST  # text in a CSV, as written
    assert hostile["Kinh phí (đồng)"] == "185500000"
    assert by_code["ĐT.XH.01-2025"]["Ngày bắt đầu"] == "01/01/2025"
    assert all(not cell.startswith(("=", "+", "-", "@"))
               for row in rows for cell in row.values())


@pytest.mark.parametrize("value, cell", [
    ("=1+1", "'=1+1"), ("+84 210", "'+84 210"), ("-5", "'-5"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"), ("Bình thường", "Bình thường"), (None, "")])
def test_csv_cells_never_start_a_formula(value, cell):
    from science_tasks.downloads import inert_cell

    assert inert_cell(value) == cell


def test_catalogue_json_is_the_list_with_results(site):
    data = json.loads((site / "nhiem-vu/danh-muc/2024/danh-muc-nhiem-vu-2024.json")
                      .read_text(encoding="utf-8"))
    assert (data["title"], data["year"], data["count"]) == (
        "Danh mục nhiệm vụ KH&CN năm 2024", 2024, 1)
    (item,) = data["tasks"]
    assert item["code"] == "ĐT.NN.01-2024"
    assert (item["budget_vnd"], item["budget_text"]) == (3_521_000_000,
                                                         "3.521 triệu đồng")
    assert item["start"] == "2024-03-01"
    assert item["result"]["grade"] == "Khá"
    assert item["result"]["files"][0] == {
        "name": "Báo cáo tổng hợp", "type": "application/pdf", "bytes": len(PDF),
        "url": f"{SITEURL}/nhiem-vu/dt-nn-01-2024/che.pdf"}
    hostile = json.loads((site / "nhiem-vu/danh-muc/2025/danh-muc-nhiem-vu-2025.json")
                         .read_text(encoding="utf-8"))["tasks"][0]
    assert (hostile["host"], hostile["result"]) == (HOSTILE_HOST, None)


def test_hostile_values_are_inert_on_the_pages(site, read_html):
    raw = (site / "nhiem-vu/cs-01-2025/index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in raw
    page = read_html(site / "nhiem-vu/cs-01-2025/index.html")
    assert page.select_one("[data-task-host]").get_text() == HOSTILE_HOST
    (ld,) = page.select('script[type="application/ld+json"]')
    assert "</script" not in ld.string
    assert json.loads(ld.string)["parentOrganization"]["name"] == HOSTILE_HOST
    for url in ("nhiem-vu/index.html", "nhiem-vu/danh-muc/2025/index.html"):
        assert "<script>alert(1)" not in (site / url).read_text(encoding="utf-8")


# --- Calls, and the clock either side of the deadline ---------------------------------

def test_call_page_lists_its_tasks_and_files(site, read_html):
    page = read_html(site / "nhiem-vu/thong-bao/tuyen-chon-2027/index.html")
    tasks = [a["href"] for a in page.select(".call-tasks a")]
    assert tasks == [f"{SITEURL}/nhiem-vu/dt-nn-01-2027/"]
    assert meta_rows(page, "table.document-meta")["Hạn nộp hồ sơ"] == (
        "hết ngày 31/12/2026")
    assert [li.get_text(" ", strip=True) for li in page.select(".document-files li")
            ] == ["Thông báo (bản PDF) (PDF, 3 KB)"]
    task_page = read_html(site / "nhiem-vu/dt-nn-01-2027/index.html")
    assert task_page.select_one(".task-calls a")["href"] == (
        f"{SITEURL}/nhiem-vu/thong-bao/tuyen-chon-2027/")


def call_states(output, read_html):
    """(call page, calls index, home block or None, task page) state texts."""
    def state(path):
        found = read_html(output / path).select_one("[data-call-state]")
        return found.get_text(strip=True)

    blocks = {b.h2.get_text(strip=True): b for b in
              read_html(output / "index.html").select(".side-block")}
    home = blocks.get("Thông báo tuyển chọn nhiệm vụ")
    return (state("nhiem-vu/thong-bao/tuyen-chon-2027/index.html"),
            state("nhiem-vu/thong-bao/index.html"),
            home.select_one("[data-call-state]").get_text(strip=True) if home else None,
            state("nhiem-vu/dt-nn-01-2027/index.html"))


def test_an_open_call_counts_down(site, read_html):
    assert call_states(site, read_html) == (
        "Đang nhận hồ sơ — còn 29 ngày", "Đang nhận hồ sơ — còn 29 ngày",
        "còn 29 ngày", "Đang nhận hồ sơ — còn 29 ngày")


@pytest.mark.parametrize("now, page, home", [
    (datetime(2026, 12, 31, 23, 59, tzinfo=TZ), "Đang nhận hồ sơ — hạn chót hôm nay",
     "hạn chót hôm nay"),
    (datetime(2027, 1, 1, 0, 0, tzinfo=TZ), "Đã hết hạn nhận hồ sơ", None),
])
def test_call_state_follows_the_build_clock(tmp_path, read_html, now, page, home):
    output = build(tmp_path, BUILD_NOW=now)
    assert call_states(output, read_html) == (page, page, home, page)


def test_a_closing_time_is_kept():
    from science_tasks.contents import call_closes

    class Call:
        metadata = {"closes": "31/03/2027 17:00"}

    settings = {"TIMEZONE": "Asia/Ho_Chi_Minh"}
    assert call_closes(Call(), settings) == datetime(2027, 3, 31, 17, 0, tzinfo=TZ)
    Call.metadata = {"closes": "31/03/2027"}
    assert call_closes(Call(), settings) == datetime(2027, 3, 31, 23, 59, 59,
                                                     tzinfo=TZ)


def test_next_change_sees_the_call_deadline(tmp_path):
    from next_change import next_change
    from next_change.next_change import changes
    from pelican import Pelican
    from pelican.settings import read_settings

    write_files(tmp_path / "content", FILES)

    def pelican(now):
        return Pelican(read_settings(str(ROOT / "pelicanconf.py"), override={
            "PATH": str(tmp_path / "content"), "CACHE_PATH": str(tmp_path / "cache"),
            "BUILD_NOW": now}))

    declared, _, _ = changes(pelican(NOW))
    closing = datetime(2026, 12, 31, 23, 59, 59, tzinfo=TZ)
    assert [(c.moment, c.source) for c in declared
            if c.source.startswith("task-calls/")] == [(closing, "task-calls/2027.md")]
    first, _ = next_change(pelican(datetime(2026, 12, 31, 12, 0, tzinfo=TZ)))
    assert (first.moment, first.source) == (closing, "task-calls/2027.md")
    first, _ = next_change(pelican(NOW))  # the countdown changes at midnight first
    assert first.moment == datetime(2026, 12, 3, 0, 0, tzinfo=TZ)


# --- Feeds, search, sitemap, disclosure ---------------------------------------------

def test_each_type_has_its_feed(site):
    tasks = feedparser.parse((site / "feeds/nhiem-vu.rss.xml").read_bytes())
    assert not tasks.bozo
    by_title = {e.title: e for e in tasks.entries}
    assert len(by_title) == 4
    entry = by_title["Nhân giống chè chất lượng cao bằng nuôi cấy mô"]
    assert entry.enclosures[0].href == f"{SITEURL}/nhiem-vu/dt-nn-01-2024/che.pdf"
    assert "ĐT.NN.01-2024" in entry.summary
    calls = feedparser.parse(
        (site / "feeds/thong-bao-tuyen-chon.atom.xml").read_bytes())
    assert not calls.bozo
    assert [e.title for e in calls.entries] == [
        "Thông báo tuyển chọn nhiệm vụ cấp tỉnh năm 2027"]
    assert "<script>alert(1)" not in (site / "feeds/nhiem-vu.rss.xml").read_text(
        encoding="utf-8")


def test_search_sitemap_and_disclosure_know_the_types(site, site_settings, read_html):
    from content_types import search_sections

    sections = search_sections(site_settings())
    assert sections["nhiem-vu/thong-bao/"] == "Thông báo tuyển chọn"
    assert sections["nhiem-vu/"] == "Nhiệm vụ KH&CN"
    # A call's URL is labelled as a call, not as a task (first matching section).
    assert list(sections).index("nhiem-vu/thong-bao/") < list(sections).index(
        "nhiem-vu/")
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    for url in ("nhiem-vu/", "nhiem-vu/dt-nn-01-2024/", "nhiem-vu/danh-muc/2024/",
                "nhiem-vu/thong-bao/tuyen-chon-2027/", "nhiem-vu/nam/2027/"):
        assert f"<loc>{SITEURL}/{url}</loc>" in sitemap
    rows = [tr.get_text(" ", strip=True) for tr in
            read_html(site / "cong-khai-thong-tin/index.html").select("tr")]
    (row,) = [r for r in rows if "Điều 19 khoản 1 điểm e" in r and "đề tài" in r]
    assert "Nhiệm vụ KH&CN (4)" in row and "tệp tải về" in row
    menu = read_html(site / "index.html").select("#main-menu > li > a")
    assert f"{SITEURL}/nhiem-vu/" in [a["href"] for a in menu]


# --- invoke new-task / new-call --------------------------------------------------

def test_new_task_writes_complete_front_matter_and_never_overwrites(site_settings,
                                                                    tmp_path):
    from editorial.new_content import NewContentError
    from science_tasks.new_content import new_task

    settings = site_settings()
    now = datetime(2026, 12, 2, 10, 0, tzinfo=TZ)
    path = new_task(settings, "Nghiên cứu giống lúa chịu hạn", "ĐT.NN.05-2027",
                    "Cấp tỉnh", "Khoa học nông nghiệp", starts="01/07/2027",
                    budget="1200000000", now=now)
    assert path == tmp_path / "content/tasks/2027/dt-nn-05-2027.md"
    assert path.read_text(encoding="utf-8").splitlines() == [
        "Title: Nghiên cứu giống lúa chịu hạn", "Code: ĐT.NN.05-2027",
        "Level: Cấp tỉnh", "Field: Khoa học nông nghiệp", "Host: ",
        "Investigator: ", "Starts: 01/07/2027", "Ends: ", "Budget: 1.200.000.000",
        "Stage: Đề xuất", "Date: 02/12/2026 10:00", "Slug: dt-nn-05-2027", ""]
    # The checker's to-do list: the fields still empty.
    assert sorted({(f.code, f.line) for f in runner.run(settings).errors}) == [
        ("E-META-MISSING", 5), ("E-META-MISSING", 6), ("E-META-MISSING", 8)]
    with pytest.raises(NewContentError, match="đã có"):
        new_task(settings, "Khác", "ĐT.NN.05-2027", "Cấp tỉnh", "Khoa học nông nghiệp",
                 now=now)
    for bad in ({"level": "Cấp huyện", "field": "Khoa học nông nghiệp"},
                {"level": "Cấp tỉnh", "field": "Thiên văn"},
                {"level": "Cấp tỉnh", "field": "Khoa học nông nghiệp",
                 "stage": "Hủy bỏ"}):
        with pytest.raises(NewContentError, match="không có trong"):
            new_task(settings, "Nhiệm vụ khác", "X.01-2027", now=now, **bad)


def test_new_call_needs_known_tasks_and_never_overwrites(site_settings, tmp_path):
    from editorial.new_content import NewContentError
    from science_tasks.new_content import new_call

    write_files(tmp_path / "content",
                {"tasks/2027/buoi.md": FILES["tasks/2027/buoi.md"]})
    settings = site_settings()
    now = datetime(2026, 12, 2, 10, 0, tzinfo=TZ)
    path = new_call(settings, "Thông báo tuyển chọn bổ sung", "Tuyển chọn",
                    tasks=["ĐT.NN.01-2027"], number="7/TB-SKHCN", now=now)
    assert path == tmp_path / "content/task-calls/7-tb-skhcn.md"
    assert path.read_text(encoding="utf-8").splitlines()[:7] == [
        "Title: Thông báo tuyển chọn bổ sung", "Number: 7/TB-SKHCN",
        "Kind: Tuyển chọn", "Opens: 02/12/2026", "Closes: 01/01/2027",
        "Task: ĐT.NN.01-2027", "File: 7-tb-skhcn.pdf"]
    assert [(f.code, f.line) for f in runner.run(settings).errors] == [
        ("E-CALL-FILE", 7)]
    with pytest.raises(NewContentError, match="đã có"):
        new_call(settings, "Thông báo tuyển chọn bổ sung", "Tuyển chọn",
                 tasks=["ĐT.NN.01-2027"], number="7/TB-SKHCN", now=now)
    with pytest.raises(NewContentError, match="KHONG.CO"):
        new_call(settings, "Thông báo khác", "Tuyển chọn", tasks=["KHONG.CO"], now=now)
    with pytest.raises(NewContentError, match="không có trong"):
        new_call(settings, "Thông báo khác", "Đấu thầu", now=now)


# --- Search: the code finds the task, the label filters -------------------------------

CHE = "Nhân giống chè chất lượng cao bằng nuôi cấy mô"


@pytest.mark.parametrize("query, label, title", [
    ("ĐT.NN.01-2024", "Nhiệm vụ KH&CN", CHE),
    ("nhan giong che", "Nhiệm vụ KH&CN", CHE),
    ("tuyen chon", "Thông báo tuyển chọn",
     "Thông báo tuyển chọn nhiệm vụ cấp tỉnh năm 2027"),
])
def test_tasks_and_calls_are_searchable_under_their_labels(tmp_path, browser, query,
                                                           label, title):
    from conftest import served
    from test_search import Visit

    output = build(tmp_path, SITEURL="", RELATIVE_URLS=True)
    with served(output) as origin:
        context = browser.new_context()
        visit = Visit(context, f"{origin}/")
        titles = visit.titles(visit.search(query, loai=label))
        context.close()
    assert titles[0] == title
    assert visit.foreign == [] and visit.errors == []


def test_new_task_writes_nfc_text(site_settings, tmp_path):
    import unicodedata

    from science_tasks.new_content import new_task

    decomposed = unicodedata.normalize("NFD", "Trường Đại học Hùng Vương")
    path = new_task(site_settings(), unicodedata.normalize("NFD", "Nghiên cứu"),
                    unicodedata.normalize("NFD", "ĐT.NN.07-2027"),
                    unicodedata.normalize("NFD", "Cấp tỉnh"), "Khoa học nông nghiệp",
                    host=decomposed, now=datetime(2026, 12, 2, 10, 0, tzinfo=TZ))
    text = path.read_text(encoding="utf-8")
    assert text == unicodedata.normalize("NFC", text)
    assert "Host: Trường Đại học Hùng Vương\n" in text
