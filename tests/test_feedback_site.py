"""The forms on the built site, the data file the service reads, the ratings page,
and the editors' side (answer draft, comment CSV) as editors and readers see them."""

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sitebuild
from bs4 import BeautifulSoup
from citizen_feedback import inbox
from citizen_feedback.export import ratings_json
from citizen_feedback.fields import Submission
from citizen_feedback.store import Store

from conftest import ROOT, write_files

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
OPEN = "du-thao-chuong-trinh-doi-moi-sang-tao"
CLOSED = "du-thao-quy-dinh-xet-cong-nhan-sang-kien"
SCRIPT = "<script>alert('xss')</script>"
PDF = b"%PDF-1.4\n" + b"0" * 3000 + b"\n%%EOF\n"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("feedback-site")
    content = root / "content"
    files = {f"qa/{p.name}": p.read_text("utf-8")
             for p in sorted((ROOT / "content/qa").glob("*.md"))}
    for slug, opens, closes in ((OPEN, "20/11/2026", "15/01/2027"),
                                (CLOSED, "01/07/2026", "31/07/2026")):
        files[f"documents/du-thao/{slug}.md"] = f"""\
            Title: Dự thảo Quyết định {slug}
            Type: Quyết định
            Issuer: Ủy ban nhân dân tỉnh Phú Thọ
            Field: Quản lý khoa học
            Consultation-opens: {opens}
            Consultation-closes: {closes}
            File: {slug}.pdf
            Slug: {slug}

            Nội dung dự thảo.
            """
        files[f"documents/du-thao/{slug}.pdf"] = PDF
    write_files(content, files)
    november = datetime(2026, 11, 5, tzinfo=UTC)
    ratings = [(november, 5, f"Rất tốt {SCRIPT}"), (november, 4, None),
               (november, 1, None), (datetime(2026, 10, 2, tzinfo=UTC), 3, None)]
    # Beside content/, never in it (the build publishes nothing but its own page).
    ratings_file = root / "feedback/danh-gia.json"
    ratings_file.parent.mkdir()
    ratings_file.write_text(ratings_json(ratings), "utf-8")
    output = root / "output"
    sitebuild.build_site(ROOT / "pelicanconf.py", output, PATH=str(content),
                         CACHE_PATH=str(root / "cache"), SITEURL="https://example.test",
                         RELATIVE_URLS=False, FEEDBACK_RATINGS_FILE=str(ratings_file),
                         BUILD_NOW=datetime(2026, 12, 7, 9, 0, tzinfo=TZ))
    return output


def page(output, path):
    return BeautifulSoup((output / path / "index.html").read_text("utf-8"),
                         "html.parser")


def test_question_form_on_qa_index_and_field_pages(site):
    for path in ("hoi-dap", "hoi-dap/linh-vuc/so-huu-tri-tue"):
        form = page(site, path).select_one("form[data-feedback-form=hoi-dap]")
        assert form["method"] == "post"
        assert form["action"] == "https://example.test/phan-hoi/gui/hoi-dap"
        names = {field["name"] for field in form.select("[name]")}
        assert names == {"ho_ten", "dia_phuong", "linh_vuc", "cau_hoi", "lien_he",
                         "dong_y", "website", "the"}
        options = [o.get_text() for o in form.select("select[name=linh_vuc] option")]
        assert options[0] == "Chọn lĩnh vực"  # a choice to make, not a default
        assert "Sở hữu trí tuệ" in options and len(options) == 6
        notice = form.select_one(".feedback-privacy").get_text()
        assert "Nghị định 13/2023/NĐ-CP" in notice and "12 tháng" in notice
        assert form.select_one("input[name=dong_y]").has_attr("required")
    field_page = page(site, "hoi-dap/linh-vuc/so-huu-tri-tue")
    assert field_page.select_one("option[selected]").get_text() == "Sở hữu trí tuệ"


def test_comment_form_only_while_the_draft_is_open(site):
    form = page(site, f"van-ban/{OPEN}").select_one("form[data-feedback-form=gop-y]")
    assert form["action"] == "https://example.test/phan-hoi/gui/gop-y"
    assert form.select_one("input[name=du_thao]")["value"] == OPEN
    assert page(site, f"van-ban/{CLOSED}").select_one("form[method=post]") is None


def test_forms_data_has_closing_moments_and_fields(site):
    data = json.loads((site / "phan-hoi/bieu-mau.json").read_text("utf-8"))
    drafts = {d["slug"]: d for d in data["drafts"]}
    assert drafts[OPEN]["closes"] == "2027-01-15T23:59:59+07:00"
    assert drafts[CLOSED]["closes"] == "2026-07-31T23:59:59+07:00"
    assert "Sở hữu trí tuệ" in data["qa_fields"]


def test_rating_form_linked_from_every_footer(site):
    for path in ("", "hoi-dap", f"van-ban/{OPEN}"):
        footer = page(site, path).select_one("footer")
        assert footer.select_one('a[href="https://example.test/danh-gia/"]')
    form = page(site, "danh-gia").select_one("form[data-feedback-form=danh-gia]")
    assert [r["value"] for r in form.select("input[name=diem]")] == list("12345")


def test_results_page_counts_per_month_and_escapes_comments(site):
    results = page(site, "danh-gia/ket-qua")
    assert results.h1.get_text() == "Kết quả đánh giá mức độ hài lòng"
    rows = {tr["data-month"]: [td.get_text() for td in tr.select("td")]
            for tr in results.select("tr[data-month]")}
    assert rows["2026-11"] == ["1", "0", "0", "1", "1", "3", "3,33", "67%"]
    assert rows["2026-10"] == ["0", "0", "1", "0", "0", "1", "3,00", "0%"]
    comments = results.select(".feedback-comments li")
    assert len(comments) == 1 and SCRIPT in comments[0].get_text()
    assert not [s for s in results.select("script") if "alert" in s.get_text()]


def test_thank_you_and_notice_pages(site):
    for path in ("phan-hoi/da-nhan-cau-hoi", "phan-hoi/da-nhan-gop-y",
                 "phan-hoi/da-nhan-danh-gia"):
        assert page(site, path).select_one("output#ma-tiep-nhan") is not None
    assert "tạm ngừng" in page(site, "phan-hoi/tam-ngung").get_text()
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    assert "/danh-gia/ket-qua/" in sitemap and "/phan-hoi/" not in sitemap


@pytest.fixture
def store(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'feedback.sqlite3'}")
    store.create_tables()
    yield store
    store.close()


def test_answer_draft_has_no_contact_and_passes_the_privacy_rules(
        store, site_settings, tmp_path):
    from content_check import runner

    settings = site_settings()
    code = store.add(Submission("question", {
        "ho_ten": "Trần Thị B", "dia_phuong": "Lâm Thao", "linh_vuc": "Sở hữu trí tuệ",
        "cau_hoi": "Gọi 0912 345 678: muốn đăng ký nhãn hiệu chè.\n\nXin gọi "
                   "0912 345 678 hoặc tranb@gmail.com để hướng dẫn.",
        "lien_he": "0987654321"}, consent=True), "n1")
    path = inbox.answer_draft(store, code, settings, tmp_path / "content")
    text = path.read_text("utf-8")
    assert path.parent == tmp_path / "content/qa"
    assert "Status: draft" in text and "Asker: Trần Thị B" in text
    assert "Field: Sở hữu trí tuệ" in text
    for contact in ("0987654321", "0912 345 678", "tranb@gmail.com"):
        assert contact not in text
    assert "0912" not in path.name
    assert "[đã xóa thông tin liên hệ]" in text
    result = runner.run(settings, tmp_path / "content", only=[path])
    assert not [f for f in result.findings if "CONTACT" in str(f)]
    assert not result.errors, result.findings
    assert store.get(code)["state"] == "answered"
    with pytest.raises(inbox.InboxError):  # never overwrites the draft
        inbox.answer_draft(store, code, settings, tmp_path / "content")


def test_comment_export_is_excel_csv_with_formulas_inert(store, tmp_path):
    texts = ["=HYPERLINK(\"http://evil\")", SCRIPT, "Ý kiến bình thường"]
    for n, text in enumerate(texts):
        store.add(Submission("comment", {"du_thao": OPEN, "ho_ten": f"+Công ty {n}",
                                         "y_kien": text, "lien_he": "a@b.vn"},
                             consent=True), f"c{n}")
    store.add(Submission("comment", {"du_thao": "khac", "ho_ten": "X",
                                     "y_kien": "khác"}, consent=True), "other")
    target = tmp_path / "gop-y.csv"
    assert inbox.export_comments(store, OPEN, target) == 3
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["STT", "Mã tiếp nhận", "Ngày nhận", "Họ tên / tổ chức", "Ý kiến"]
    assert [r[4] for r in rows[1:]] == ["'=HYPERLINK(\"http://evil\")", SCRIPT,
                                        "Ý kiến bình thường"]
    assert all(r[3].startswith("'+Công ty") for r in rows[1:])
    assert "a@b.vn" not in data.decode("utf-8-sig")


def test_inbox_lists_in_vietnamese_and_show_keeps_text_as_text(store):
    code = store.add(Submission("question", {
        "ho_ten": "Lê C", "dia_phuong": "Phù Ninh", "linh_vuc": "Sở hữu trí tuệ",
        "cau_hoi": SCRIPT + " hỏi về sáng chế", "lien_he": "c@d.vn"}, consent=True),
        "q")
    lines = inbox.list_lines(store)
    assert lines[0].split()[:3] == ["Loại", "Ngày", "nhận"]
    assert any(code in line and "Câu hỏi" in line and SCRIPT in line for line in lines)
    assert "c@d.vn" not in "\n".join(lines)  # the list never shows contacts
    shown = "\n".join(inbox.show_lines(store, code))
    assert "Liên hệ (không công khai): c@d.vn" in shown and SCRIPT in shown
    assert inbox.terminal_safe("a\x1b[2Jb") == "a?[2Jb"


def test_purge_task_reads_retention(tmp_path, monkeypatch):
    from invoke import Context

    import tasks

    url = f"sqlite:///{tmp_path / 'f.sqlite3'}"
    store = Store(url)
    store.create_tables()
    store.add(Submission("question", {"ho_ten": "A", "dia_phuong": "B",
                                      "linh_vuc": "C", "cau_hoi": "x" * 20,
                                      "lien_he": "a@b.vn"}),
              "old", received=datetime.now(UTC) - timedelta(days=40))
    monkeypatch.setenv("FEEDBACK_DATABASE_URL", url)
    monkeypatch.setenv("FEEDBACK_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("FEEDBACK_CONTACT_RETENTION_DAYS", "30")
    tasks.feedback_purge(Context())
    assert store.get(store.all_codes()[0], with_contact=True)["contact"] == ""
    store.close()
