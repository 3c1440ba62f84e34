"""The seed article, built from content/ with the real settings, carries the old page whole."""

import re
import shutil

import pytest

from conftest import ROOT, SEED

SEED_SOURCE = "news/2019/so-ket-cong-tac-xay-dung-dang-6-thang-dau-nam-2019.md"
SEED_IMAGE = "images/2019/hoi-nghi-so-ket-dang-uy-minh-hoa.jpg"
SEED_PAGE = "tin-tuc/2019/08/so-ket-cong-tac-xay-dung-dang-6-thang-dau-nam-2019/index.html"
CHROME = "Các tin đã đưa ngày:"
# Scrape artefacts the article fixes, and nothing else: a missing space, doubled spaces.
ARTEFACTS = {"cấptỉnh": "cấp tỉnh"}


def normalise(text):
    for wrong, right in ARTEFACTS.items():
        text = text.replace(wrong, right)
    return " ".join(text.split())


@pytest.fixture(scope="module")
def seed_blocks():
    """Title, date, body paragraphs (caption included), by-line: from the scraped text."""
    blocks = [normalise(b) for b in SEED.read_text(encoding="utf-8").split("\n\n")]
    blocks = [b for b in blocks if b]
    assert blocks[-1] == CHROME  # page chrome of the old portal, not article text
    title, date, *body, byline = blocks[:-1]
    return {"title": title, "date": date, "body": body, "byline": byline}


@pytest.fixture
def seed_page(tmp_path, build_site, read_html):
    files = {
        SEED_SOURCE: (ROOT / "content" / SEED_SOURCE).read_text(encoding="utf-8"),
        SEED_IMAGE: (ROOT / "content" / SEED_IMAGE).read_bytes(),
    }
    output = build_site(files)
    return read_html(output / SEED_PAGE)


def test_title_is_the_h1_and_the_page_title(seed_page, seed_blocks):
    assert seed_page.find("h1").get_text(strip=True) == seed_blocks["title"]
    assert seed_page.title.get_text().startswith(seed_blocks["title"])


def test_date_is_ninth_of_august_shown_dd_mm_yyyy(seed_page, seed_blocks):
    time = seed_page.select_one("article time[datetime]")
    assert time["datetime"].startswith("2019-08-09T00:00:00+07:00")
    assert time.get_text(strip=True) == "Thứ Sáu, 09/08/2019"
    assert seed_blocks["date"] == "09/08/2019"


def test_every_paragraph_in_order_and_the_caption_in_place(seed_page, seed_blocks):
    body = seed_page.select_one(".article-body")
    rendered = []
    for element in body.find_all(["p", "figcaption"]):
        # The figure and its notes are the site's, not the article's: the picture
        # is a drawing standing in for the lost photo.
        if "figure-note" in (element.get("class") or []) or element.name == (
                "figcaption"):
            continue
        rendered.append(normalise(element.get_text()))
    assert rendered == seed_blocks["body"]


def test_the_drawing_is_never_captioned_as_the_official(seed_page):
    """The picture is generated: its caption says so, and the old photo's caption
    stays in the text, in place and labelled as the caption of the lost photo."""
    figure = seed_page.select_one(".article-body figure")
    caption = figure.find("figcaption").get_text()
    assert "Phạm Quang Nguyên" not in caption
    assert "không phải ảnh chụp hội nghị" in caption
    label = figure.find_next_sibling("p")
    assert "figure-note" in label["class"]
    assert label.get_text() == "Chú thích của ảnh gốc:"
    assert label.find_next_sibling("p").get_text() == (
        "Đồng chí Phạm Quang Nguyên – TUV, Bí thư Đảng ủy, Giám đốc Sở phát biểu "
        "chỉ đạo hội nghị"
    )
    image = figure.find("img")
    # The images plugin serves a resized copy of the photo (960 px, its JPEG fallback).
    assert image["src"].endswith(SEED_IMAGE.replace(".jpg", ".960w.jpg"))
    assert "Ảnh minh họa" in image["alt"]
    assert "illustration" in figure["class"]
    assert figure.select_one(".figure-note").get_text() == "Ảnh minh họa"


def test_byline_is_the_author(seed_page, seed_blocks):
    assert seed_page.select_one(".byline").get_text(strip=True) == seed_blocks["byline"]
    assert seed_blocks["byline"] == "Việt Hưng"


def test_old_portal_chrome_is_not_article_text(seed_page):
    assert CHROME not in seed_page.select_one("article").get_text()


def test_image_is_published(tmp_path, seed_page):
    assert (tmp_path / "output" / SEED_IMAGE).stat().st_size > 0


def test_page_is_vietnamese(seed_page):
    assert seed_page.html["lang"] == "vi"


def test_source_keeps_the_text_in_nfc():
    import unicodedata

    text = (ROOT / "content" / SEED_SOURCE).read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", text)


def test_whole_sample_site_builds(tmp_path):
    """The real content/ folder builds clean with the real settings."""
    import sitebuild

    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    output = sitebuild.build_site(
        ROOT / "pelicanconf.py", tmp_path / "output",
        PATH=str(content), CACHE_PATH=str(tmp_path / "cache"),
    )
    assert (output / SEED_PAGE).exists()
    assert re.search(r"<html lang=\"vi\"", (output / "index.html").read_text("utf-8"))


def test_listing_is_paginated_with_working_links(build_site, read_html):
    files = {
        f"news/tin-{n}.md": f"Title: Tin số {n}\nDate: {n:02d}/01/2020\n"
        f"Category: Thanh tra\n\nNội dung {n}.\n"
        for n in range(1, 13)
    }
    output = build_site(files, DEFAULT_PAGINATION=5)
    first = read_html(output / "tin-tuc/index.html")
    assert [a.get_text() for a in first.select(".entry-summary h2 a")][0] == "Tin số 12"
    next_href = first.select_one('.pagination a[rel="next"]')["href"]
    second = read_html(output / next_href.removeprefix("https://example.test/") )
    assert [a.get_text() for a in second.select(".entry-summary h2 a")] == [
        f"Tin số {n}" for n in range(5, 0, -1)]
    assert second.select_one(".pagination span").get_text() == (
        "Từ 01/01/2020 đến 05/01/2020")
    assert second.select_one('.pagination a[rel="prev"]')
