"""`invoke new-article|new-bulletin|new-qa`: the right file, complete front matter,
never an overwrite or a reused slug/URL; the new file passes the checker and builds."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from conftest import write_files
from content_check import runner

import sitebuild
import tasks
from editorial.new_content import (
    NewContentError,
    new_article,
    new_bulletin,
    new_qa,
    now_in,
)

NOW = datetime(2026, 11, 27, 8, 5, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
TITLE = "Hội nghị tổng kết công tác đo lường năm 2026"


def test_article_file_path_and_front_matter(tmp_path, site_settings):
    settings = site_settings()
    path = new_article(settings, TITLE, "Tiêu chuẩn - Đo lường - Chất lượng", now=NOW)
    assert path == (tmp_path / "content/news/2026"
                    / "hoi-nghi-tong-ket-cong-tac-do-luong-nam-2026.md")
    head = path.read_text(encoding="utf-8").split("\n\n")[0].splitlines()
    assert head[:4] == [
        f"Title: {TITLE}", "Date: 27/11/2026 08:05", "Author: ",
        "Category: Tiêu chuẩn - Đo lường - Chất lượng",
    ]


def test_new_article_is_refused_until_written_then_builds(tmp_path, site_settings,
                                                        build_site):
    settings = site_settings()
    path = new_article(settings, TITLE, "Thanh tra", now=NOW)
    # As created it cannot be published: the placeholder body and no by-line.
    lines = path.read_text(encoding="utf-8").splitlines()
    found = sorted((e.code, e.line) for e in runner.run(settings).errors)
    assert found == [("E-AUTHOR-MISSING", lines.index("Author: ") + 1),
                     ("E-PLACEHOLDER", lines.index("Viết nội dung bài ở đây.") + 1)]
    with pytest.raises(sitebuild.BuildFailed, match="E-PLACEHOLDER"):
        build_site({})
    text = path.read_text(encoding="utf-8").replace(
        "Viết nội dung bài ở đây.", "Hội nghị đã diễn ra.").replace(
        "Author: \n", "Author: Việt Hưng\n")
    path.write_text(text, encoding="utf-8")
    assert runner.run(settings).errors == []
    output = build_site({})
    assert (output / "tin-tuc/2026/11/hoi-nghi-tong-ket-cong-tac-do-luong-nam-2026"
            / "index.html").exists()


def test_date_is_the_time_in_ho_chi_minh_city(site_settings):
    settings = site_settings(TIMEZONE="Asia/Ho_Chi_Minh")
    now = now_in(settings)
    assert now.utcoffset().total_seconds() == 7 * 3600


def test_unknown_category_is_refused(site_settings):
    with pytest.raises(NewContentError, match="NEWS_CATEGORIES"):
        new_article(site_settings(), TITLE, "Linh tinh", now=NOW)


def test_existing_file_is_never_overwritten(tmp_path, site_settings):
    settings = site_settings()
    path = new_article(settings, TITLE, "Thanh tra", now=NOW)
    path.write_text(path.read_text(encoding="utf-8") + "Đã viết.\n", encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(NewContentError, match="đã"):
        new_article(settings, TITLE, "Thanh tra", now=NOW)
    assert path.read_bytes() == before


def test_slug_used_in_another_year_is_refused(tmp_path, site_settings):
    write_files(tmp_path / "content", {"news/2019/cu.md": (
        f"Title: {TITLE.replace('2026', '2026 ')}\nDate: 01/02/2019\n"
        "Category: Thanh tra\n\nCũ.\n")})
    with pytest.raises(NewContentError, match="news/2019/cu.md"):
        new_article(site_settings(), TITLE, "Thanh tra", now=NOW)


def test_folded_title_that_collides_is_refused(tmp_path, site_settings):
    write_files(tmp_path / "content", {"news/2026/duong.md": (
        "Title: Đường mới\nDate: 01/02/2026\nCategory: Thanh tra\n\nCũ.\n")})
    with pytest.raises(NewContentError, match="duong-moi"):
        new_article(site_settings(), "Dương mới", "Thanh tra", now=NOW)
    path = new_article(site_settings(), "Dương mới", "Thanh tra", slug="duong-moi-2",
                       now=NOW)
    assert "Slug: duong-moi-2" in path.read_text(encoding="utf-8")


def test_url_taken_by_a_page_is_refused(tmp_path, site_settings):
    write_files(tmp_path / "content", {"pages/gioi-thieu.md": (
        "Title: Giới thiệu\nSave_as: tin-tuc/2026/11/thong-bao/index.html\n\n"
        "Trang.\n")})
    with pytest.raises(NewContentError, match="pages/gioi-thieu.md"):
        new_article(site_settings(), "Thông báo", "Thanh tra", now=NOW)


def test_bulletins_are_numbered_per_year(tmp_path, site_settings):
    settings = site_settings()
    first = new_bulletin(settings, "Bản tin Khoa học và Công nghệ", now=NOW)
    second = new_bulletin(settings, "Bản tin Khoa học và Công nghệ", now=NOW)
    assert first == tmp_path / "content/bulletins/2026/so-1-2026.md"
    assert second == tmp_path / "content/bulletins/2026/so-2-2026.md"
    text = second.read_text(encoding="utf-8")
    assert "Number: 2\nYear: 2026\nDate: 27/11/2026 08:05\n" in text
    with pytest.raises(NewContentError):
        new_bulletin(settings, "Bản tin", number=2, now=NOW)
    # What is left to do is exactly the cover, the PDF and the introduction.
    errors = runner.run(settings).errors
    assert sorted((e.code, e.path.name) for e in errors) == [
        ("E-IMAGE-MISSING", "so-1-2026.md"), ("E-IMAGE-MISSING", "so-2-2026.md"),
        ("E-PDF-MISSING", "so-1-2026.md"), ("E-PDF-MISSING", "so-2-2026.md"),
        ("E-PLACEHOLDER", "so-1-2026.md"), ("E-PLACEHOLDER", "so-2-2026.md"),
    ]


def test_qa_file_and_field_validation(tmp_path, site_settings):
    settings = site_settings(QA_FIELDS=["Nông nghiệp", "Sở hữu trí tuệ"])
    path = new_qa(settings, "Thủ tục đăng ký nhãn hiệu tập thể?", "Sở hữu trí tuệ",
                  asker="Nguyễn Văn A", locality="Vĩnh Yên", now=NOW)
    assert path == tmp_path / "content/qa/thu-tuc-dang-ky-nhan-hieu-tap-the.md"
    text = path.read_text(encoding="utf-8")
    assert "Asker: Nguyễn Văn A\nLocality: Vĩnh Yên\n" in text
    assert "Field: Sở hữu trí tuệ\n" in text
    assert runner.run(settings).errors == []
    with pytest.raises(NewContentError, match="QA_FIELDS"):
        new_qa(settings, "Câu khác", "Linh tinh", now=NOW)


def test_invoke_task_creates_then_refuses(tmp_config, tmp_path, capsys):
    """The task itself, run against a copy of the config whose content is in tmp."""
    from invoke import Context

    tasks.new_article(Context(), title=TITLE, category="Thanh tra")
    assert "Đã tạo" in capsys.readouterr().out
    assert len(list((tmp_path / "content/news").rglob("*.md"))) == 1
    with pytest.raises(SystemExit, match="Không tạo được"):
        tasks.new_article(Context(), title=TITLE, category="Thanh tra")
