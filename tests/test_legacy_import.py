"""`invoke import-legacy`: old portal pages become articles; re-imports update in
place; old addresses keep working (legacy_urls plugin)."""

import re
import shutil

import pytest
import sitebuild
from editorial import legacy_import
from editorial.legacy_import import ImportFailed, import_paths, is_caption
from security_helpers import run_check
from test_seed_article import SEED_IMAGE, SEED_PAGE, SEED_SOURCE, normalise

from conftest import ROOT, SEED

LEGACY = ROOT / "tests/data/legacy"
HTML_PAGE = LEGACY / "hoi-thao-khoa-hoc-ve-nong-nghiep-cong-nghe-cao.html"
HTML_URL = ("http://sokhcn.vinhphuc.gov.vn/tin-tuc/khoa-hoc-cong-nghe/"
            "hoi-thao-khoa-hoc-ve-nong-nghiep-cong-nghe-cao-1834.aspx")
HTML_BUILT = "tin-tuc/2019/10/hoi-thao-khoa-hoc-ve-nong-nghiep-cong-nghe-cao/index.html"
CATEGORY = "Xây dựng Đảng - Đoàn thể"


def shown(page):
    """What a reader sees of an article: title, date, author, paragraphs, captions.

    The caption of a stand-in illustration is the site's own words about the
    picture, not the article's, so it is left out."""
    body = page.select_one(".article-body")
    blocks = [normalise(e.get_text()) for e in body.find_all(["p", "figcaption"])
              if "figure-note" not in (e.get("class") or [])
              and not e.find_parent("figure", class_="illustration")]
    return {
        "title": page.find("h1").get_text(strip=True),
        "date": page.select_one("article time[datetime]")["datetime"],
        "author": page.select_one(".byline").get_text(strip=True),
        "blocks": blocks,
    }


def test_seed_import_shows_what_the_hand_made_article_shows(
        tmp_path, site_settings, read_html):
    from sitebuild import build_site

    hand_made = tmp_path / "hand"
    shutil.copytree(ROOT / "content", hand_made / "content")
    expected = read_html(build_site(
        ROOT / "pelicanconf.py", hand_made / "output", PATH=str(hand_made / "content"),
        CACHE_PATH=str(hand_made / "cache")) / SEED_PAGE)

    settings = site_settings()
    (result,) = import_paths(settings, [SEED], category=CATEGORY)
    assert result.action == "tạo mới"
    assert result.path == tmp_path / "content" / SEED_SOURCE
    imported = read_html(build_site(
        ROOT / "pelicanconf.py", tmp_path / "output", PATH=settings["PATH"],
        CACHE_PATH=str(tmp_path / "cache")) / SEED_PAGE)

    assert shown(imported) == shown(expected)
    # The text export's photo caption stays a caption (no picture came with it).
    assert len(imported.select(".article-body figcaption")) == 1


def test_second_import_changes_nothing(tmp_path, site_settings):
    settings = site_settings()
    (first,) = import_paths(settings, [SEED], category=CATEGORY)
    before = (first.path.read_bytes(), first.path.stat().st_mtime_ns)
    (second,) = import_paths(settings, [SEED], category=CATEGORY)
    assert second.action == "không đổi" and second.path == first.path
    assert (second.path.read_bytes(), second.path.stat().st_mtime_ns) == before
    assert len(list((tmp_path / "content").rglob("*.md"))) == 1


def test_reimport_updates_in_place_and_keeps_editor_fields(tmp_path, site_settings):
    settings = site_settings()
    (first,) = import_paths(settings, [SEED], category=CATEGORY)
    text = first.path.read_text(encoding="utf-8")
    first.path.write_text(text.replace("Legacy-ID:", "Summary: Tóm tắt.\nLegacy-ID:"),
                          encoding="utf-8")
    changed = tmp_path / "seed.txt"
    changed.write_text(SEED.read_text(encoding="utf-8").replace("cấptỉnh", "cấp tỉnh"),
                       encoding="utf-8")
    (second,) = import_paths(settings, [changed], category=CATEGORY)
    assert second.action == "cập nhật" and second.path == first.path
    updated = second.path.read_text(encoding="utf-8")
    assert "cấp tỉnh" in updated and "cấptỉnh" not in updated
    assert "Summary: Tóm tắt." in updated
    assert len(list((tmp_path / "content").rglob("*.md"))) == 1


def test_import_refuses_to_duplicate_a_hand_made_article(tmp_path, site_settings):
    shutil.copytree(ROOT / "content", tmp_path / "content", dirs_exist_ok=True)
    with pytest.raises(ImportFailed, match="Legacy-ID"):
        import_paths(site_settings(), [SEED], category=CATEGORY)


def test_text_export_needs_a_category(site_settings):
    with pytest.raises(ImportFailed, match="--category"):
        import_paths(site_settings(), [SEED])


@pytest.mark.parametrize(("text", "caption"), [
    ("Đồng chí Phạm Quang Nguyên – TUV, Bí thư Đảng ủy, Giám đốc Sở phát biểu chỉ "
     "đạo hội nghị", True),
    ("Toàn cảnh hội nghị", True),
    ("Lãnh đạo Sở trao giấy khen cho các tập thể (Ảnh: Minh Thu)", True),
    ("Đồng chí Giám đốc Sở phát biểu tại hội nghị.", False),  # a sentence
    ("Kết quả đạt được", False),  # a heading, not a caption
    ("Hội nghị cũng đã bàn luận phương hướng nhiệm vụ 6 tháng cuối năm 2019. Để "
     "thực hiện tốt kế hoạch", False),
])
def test_caption_rule(text, caption):
    assert is_caption(text) is caption


def test_explicit_captions_replace_the_guess(tmp_path, site_settings):
    (result,) = import_paths(site_settings(), [SEED], category=CATEGORY,
                             captions=["Trong công tác xây dựng Đảng"])
    assert result.captions[0].startswith("Trong công tác xây dựng Đảng")
    assert len(result.captions) == 1


def test_image_for_a_text_export_caption(tmp_path, site_settings, read_html,
                                         build_site):
    (result,) = import_paths(site_settings(), [SEED], category=CATEGORY,
                             image=ROOT / "content" / SEED_IMAGE, illustration=True)
    assert (tmp_path / "content" / SEED_IMAGE).read_bytes() == (
        ROOT / "content" / SEED_IMAGE).read_bytes()
    page = read_html(build_site({}) / SEED_PAGE)
    figure = page.select_one(".article-body figure.illustration")
    assert re.search(r"/images/2019/hoi-nghi-so-ket-dang-uy-minh-hoa(\.\d+w)?\.jpg$",
                     figure.find("img")["src"])
    # Captioned as what it is; the photo's caption follows it as the article's text.
    assert figure.figcaption.get_text().startswith("Ảnh minh họa")
    text = [p.get_text() for p in figure.find_all_next("p")
            if "figure-note" not in (p.get("class") or [])]
    assert text[0].startswith("Đồng chí Phạm Quang Nguyên")


def test_html_page_import_and_build(tmp_path, site_settings, read_html, build_site):
    (result,) = import_paths(site_settings(), [HTML_PAGE])
    text = result.path.read_text(encoding="utf-8")
    assert f"Legacy-URL: {HTML_URL}\n" in text  # canonical wins over og:url
    assert "Category: Khoa học - Công nghệ\n" in text  # from the breadcrumb
    assert "Date: 15/10/2019 14:30\n" in text
    copied = tmp_path / "content/images/2019/img_0412.jpg"
    assert copied.read_bytes() == (
        LEGACY / "hoi-thao-khoa-hoc-ve-nong-nghiep-cong-nghe-cao_files/IMG_0412.jpg"
    ).read_bytes()

    output = build_site({})
    page = read_html(output / HTML_BUILT)
    assert page.find("h1").get_text(strip=True) == (
        "Hội thảo khoa học về nông nghiệp công nghệ cao")
    assert page.select_one(".byline").get_text(strip=True) == "Minh Thu"
    body = page.select_one(".article-body")
    paragraphs = [p.get_text(" ", strip=True) for p in body.find_all("p")]
    assert paragraphs[0].startswith("Tham dự hội thảo")
    assert "nhà màng" in body.find("strong").get_text()
    assert paragraphs[-1].startswith("Phát biểu kết luận")
    assert len(paragraphs) == 3  # no empty &nbsp; paragraph, no by-line, no chrome
    figure = body.find("figure")
    assert figure.figcaption.get_text() == (
        "Các đại biểu tham quan mô hình nhà màng trồng dưa lưới")
    assert re.search(r"/images/2019/img_0412(\.\d+w)?\.jpg$", figure.img["src"])
    # The old portal's picker is page chrome: not imported into the article (the new
    # site's own picker sits outside the article).
    assert "Các tin đã đưa ngày" not in page.find("article").get_text()
    assert "__VIEWSTATE" not in result.path.read_text(encoding="utf-8")

    # The old address keeps working: a redirect page and an nginx map line.
    redirect = read_html(output / "tin-tuc/khoa-hoc-cong-nghe"
                         / "hoi-thao-khoa-hoc-ve-nong-nghiep-cong-nghe-cao-1834.aspx")
    new_url = "https://example.test/" + HTML_BUILT.removesuffix("index.html")
    assert redirect.find("link", rel="canonical")["href"] == new_url
    assert redirect.find("meta", attrs={"http-equiv": "refresh"})["content"] == (
        f"0; url={new_url}")
    assert redirect.find("a")["href"] == new_url
    map_lines = (output / "nginx/legacy-redirects.map").read_text().splitlines()
    assert map_lines == [
        '"/tin-tuc/khoa-hoc-cong-nghe/hoi-thao-khoa-hoc-ve-nong-nghiep-cong-nghe-cao'
        f'-1834.aspx" "/{HTML_BUILT.removesuffix("index.html")}";'
    ]


def test_html_reimport_matches_on_legacy_url(tmp_path, site_settings):
    settings = site_settings()
    import_paths(settings, [HTML_PAGE])
    copy = tmp_path / "saved" / HTML_PAGE.name
    shutil.copytree(LEGACY, copy.parent)
    copy.write_text(copy.read_text(encoding="utf-8").replace(
        "Hội thảo khoa học về nông&nbsp;nghiệp công nghệ cao</span>",
        "Hội thảo khoa học: nông nghiệp công nghệ cao</span>"), encoding="utf-8")
    (result,) = import_paths(settings, [copy])
    assert result.action == "cập nhật"
    assert "Title: Hội thảo khoa học: nông nghiệp công nghệ cao" in (
        result.path.read_text(encoding="utf-8"))
    assert len(list((tmp_path / "content").rglob("*.md"))) == 1
    assert len(list((tmp_path / "content/images").rglob("*.jpg"))) == 1


def test_legacy_url_option_and_query_string_addresses(tmp_path, site_settings,
                                                      build_site):
    import_paths(site_settings(), [SEED], category=CATEGORY,
                 legacy_url="http://sokhcn.vinhphuc.gov.vn/Default.aspx?tabid=62&ID=99")
    output = build_site({})
    assert (output / "nginx/legacy-redirects.map").read_text() == (
        f'"/Default.aspx?tabid=62&ID=99" "/{SEED_PAGE.removesuffix("index.html")}";\n')
    assert not list(output.rglob("Default.aspx*"))  # no file can answer a query


def test_two_articles_claiming_one_old_address_fail_the_build(build_site):
    def article(title):
        return (f"Title: {title}\nDate: 01/02/2020\nCategory: Thanh tra\n"
                "Legacy-URL: /tin-tuc/cu-1.aspx\n\nNội dung.\n")

    with pytest.raises(sitebuild.BuildFailed) as failure:
        build_site({"news/a.md": article("Tin A"), "news/b.md": article("Tin B")})
    assert "news/b.md:4: [E-LEGACY-URL-DUPLICATE]" in str(failure.value)


def test_old_address_that_is_a_new_page_fails_the_build(build_site):
    with pytest.raises(sitebuild.BuildFailed, match="E-LEGACY-URL-CONFLICT"):
        build_site({"news/a.md": (
            "Title: Tin A\nDate: 01/02/2020\nCategory: Thanh tra\n"
            "Legacy-URL: /tin-tuc/2020/02/tin-a/\n\nNội dung.\n")})


def test_invalid_old_address_fails_the_build(build_site):
    with pytest.raises(sitebuild.BuildFailed, match="E-LEGACY-URL-INVALID"):
        build_site({"news/a.md": (
            "Title: Tin A\nDate: 01/02/2020\nCategory: Thanh tra\n"
            "Legacy-URL: ftp://cu/x\n\nNội dung.\n")})


def test_markdown_syntax_in_old_text_stays_text():
    assert legacy_import.escape_markdown("1. Mục một *quan trọng* <b>") == (
        "1\\. Mục một \\*quan trọng\\* &lt;b>")


def test_page_without_paragraph_tags(tmp_path, site_settings):
    """Older pages put the text in a <div>, lines split by <br>."""
    page = tmp_path / "cu.html"
    page.write_text(
        '<html><head><link rel="canonical" href="http://cu.example/tin/7.aspx"></head>'
        '<body><div class="breadcrumb">Tin tức » Thanh tra</div>'
        '<h1 class="title">Kiểm tra xăng dầu</h1>'
        '<span class="date">Ngày 05/03/2018</span>'
        '<div class="news_content">Kiểm tra 12 cửa hàng.<br><br>'
        '<!-- ghi chú của trang cũ -->Xử phạt 1 cơ sở.<br><br>'
        '<div align="right">Thu Hà</div></div>'
        '<div class="other">Các tin đã đưa ngày: …</div></body></html>',
        encoding="utf-8")
    (result,) = import_paths(site_settings(), [page])
    text = result.path.read_text(encoding="utf-8")
    assert text.endswith("\n\nKiểm tra 12 cửa hàng.\n\nXử phạt 1 cơ sở.\n")
    assert "Author: Thu Hà\n" in text and "Category: Thanh tra\n" in text
    assert "Date: 05/03/2018\n" in text and "ghi chú" not in text


@pytest.mark.parametrize(("value", "address", "file"), [
    ("http://sokhcn.vinhphuc.gov.vn/tin-tuc/a-12.aspx", "/tin-tuc/a-12.aspx",
     "tin-tuc/a-12.aspx"),
    ("https://sokhcn.vinhphuc.gov.vn/tin-tuc/a/", "/tin-tuc/a/",
     "tin-tuc/a/index.html"),
    ("/tin-tuc/a", "/tin-tuc/a", "tin-tuc/a/index.html"),
    ("/Default.aspx?tabid=62&ID=99", "/Default.aspx?tabid=62&ID=99", None),
])
def test_old_addresses_and_their_redirect_files(value, address, file):
    from legacy_urls.legacy_urls import old_address, redirect_file

    assert old_address(value) == address
    assert redirect_file(address) == file


@pytest.mark.parametrize("value", ["ftp://x/y", "tin-tuc/a", "/a/../../etc", '/a"b'])
def test_unusable_old_addresses(value):
    from legacy_urls.legacy_urls import old_address

    assert old_address(value) is None


def test_a_canonical_link_to_the_home_page_is_no_old_address(tmp_path, site_settings):
    """Some saved pages name the portal's home as canonical: that is not the page's
    own old address, and as Legacy-URL it would claim the home page (refused)."""
    copy = tmp_path / "saved" / HTML_PAGE.name
    shutil.copytree(LEGACY, copy.parent)
    home = '<link rel="canonical" href="http://sokhcn.vinhphuc.gov.vn/"'
    copy.write_text(re.sub(r'<link rel="canonical" href="[^"]*"', home,
                           copy.read_text(encoding="utf-8")), encoding="utf-8")
    (result,) = import_paths(site_settings(), [copy])
    assert "Legacy-URL:" not in result.path.read_text(encoding="utf-8")
    status, printed = run_check(tmp_path / "content")  # as `invoke check`
    assert status == 0, printed
