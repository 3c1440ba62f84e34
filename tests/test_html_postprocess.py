"""transform_html on strings: pictures, lazy images, links, tables, anchors."""

from bs4 import BeautifulSoup

from html_postprocess.html_postprocess import heading_id, transform_html
from images.images import ImageSet, Variant

SETTINGS = {"SITEURL": "https://sokhcn.example.vn"}


def page(body):
    return (
        '<!DOCTYPE html><html lang="vi"><head><title>t</title></head><body>'
        f'<header><img src="/theme/images/emblem.svg" alt=""></header>'
        f'<main><div class="prose">{body}</div></main></body></html>'
    )


def soup_of(body, **kwargs):
    return BeautifulSoup(transform_html(page(body), SETTINGS, **kwargs), "html.parser")


def image_set(path, widths, height_ratio=0.5):
    def variants(ext, mime):
        stem = path.rsplit(".", 1)[0]
        return [
            Variant(f"{stem}.{w}w.{ext}", w, round(w * height_ratio), mime)
            for w in widths
        ]

    return ImageSet(
        path,
        widths[-1],
        round(widths[-1] * height_ratio),
        variants("webp", "image/webp"),
        variants("jpg", "image/jpeg"),
    )


def test_known_image_becomes_picture_relative_to_the_page():
    index = {"images/2019/a.jpg": image_set("images/2019/a.jpg", [480, 960, 1440])}
    soup = soup_of(
        '<p>x</p><img src="../../../../images/2019/a.jpg" alt="Ảnh">',
        page_path="tin-tuc/2019/08/bai/index.html",
        images=index,
    )
    picture = soup.find("picture")
    source, img = picture.find("source"), picture.find("img")
    assert source["srcset"] == (
        "../../../../images/2019/a.480w.webp 480w, "
        "../../../../images/2019/a.960w.webp 960w, "
        "../../../../images/2019/a.1440w.webp 1440w"
    )
    assert img["src"] == "../../../../images/2019/a.960w.jpg"
    assert (img["width"], img["height"]) == ("960", "480")
    assert img["alt"] == "Ảnh"
    assert source.find_next_sibling() is img  # <source> before <img>, not around it


def test_absolute_image_url_of_our_site_is_found():
    index = {"images/a.jpg": image_set("images/a.jpg", [480])}
    soup = soup_of(
        '<img src="https://sokhcn.example.vn/images/a.jpg" alt="a">', images=index
    )
    assert soup.select_one("main img")["src"] == (
        "https://sokhcn.example.vn/images/a.480w.jpg"
    )


def test_unknown_and_foreign_images_stay_plain_imgs():
    soup = soup_of(
        '<img src="/images/missing.jpg" alt="a">'
        '<img src="https://other.example/x.jpg" alt="b">',
        images={},
    )
    assert soup.find("picture") is None
    assert len(soup.select("main img")) == 2


def test_only_images_after_the_first_in_main_are_lazy():
    soup = soup_of(
        '<img src="/a.jpg" alt="a" loading="lazy"><img src="/b.jpg" alt="b">'
        '<img src="/c.jpg" alt="c">'
    )
    loading = [img.get("loading") for img in soup.select("main img")]
    assert loading == [None, "lazy", "lazy"]
    assert soup.select_one("header img").get("loading") is None  # outside <main>


def test_links_to_other_hosts_get_noopener():
    soup = soup_of(
        '<a href="https://most.gov.vn/">Bộ</a>'
        '<a href="https://sokhcn.example.vn/lien-he/">Liên hệ</a>'
        '<a href="../gioi-thieu/">Giới thiệu</a>'
        '<a href="mailto:a@b.vn">thư</a>'
        '<a href="//cdn.example/x" rel="nofollow">cdn</a>'
    )
    rels = {a.get_text(): a.get("rel") for a in soup.find_all("a")}
    assert rels == {
        "Bộ": ["noopener"],
        "Liên hệ": None,
        "Giới thiệu": None,
        "thư": None,
        "cdn": ["nofollow", "noopener"],
    }


def test_tables_are_wrapped_in_a_labelled_focusable_region():
    soup = soup_of(
        "<table><caption>Kết quả 6 tháng</caption><tr><td>1</td></tr>"
        "</table><table><tr><td>2</td></tr></table>"
    )
    regions = soup.select("div.table-scroll")
    assert [r["aria-label"] for r in regions] == ["Kết quả 6 tháng", "Bảng 2"]
    assert all(r["role"] == "region" and r["tabindex"] == "0" for r in regions)
    assert all(r.find("table") for r in regions)


def test_transform_is_idempotent():
    once = transform_html(
        page(
            "<h2>Mục</h2><table><tr><td>1</td></tr></table>"
            '<a href="https://x.example/">x</a>'
        ),
        SETTINGS,
    )
    assert transform_html(once, SETTINGS) == once


def test_headings_get_unique_ascii_ids_and_anchor_links():
    soup = soup_of(
        "<h2>Kết quả nổi bật</h2><h3>Kết quả nổi bật</h3>"
        '<h2 id="co-san">Có sẵn</h2><h5>Không</h5>'
    )
    headings = soup.select(".prose h2, .prose h3")
    assert [h["id"] for h in headings] == [
        "ket-qua-noi-bat",
        "ket-qua-noi-bat-2",
        "co-san",
    ]
    for heading in headings:
        anchor = heading.find("a", class_="heading-anchor")
        assert anchor["href"] == f"#{heading['id']}"
        assert anchor.find(class_="visually-hidden").get_text() == (
            "Liên kết đến mục này"
        )
    assert soup.find("h5").find("a") is None


def test_heading_ids_do_not_reuse_ids_outside_main():
    html = page("<h2>Tìm kiếm</h2>").replace("<header>", '<header id="tim-kiem">')
    soup = BeautifulSoup(transform_html(html, SETTINGS), "html.parser")
    assert soup.select_one(".prose h2")["id"] == "tim-kiem-2"


def test_only_main_is_rewritten_and_the_rest_is_kept_byte_for_byte():
    html = page('<img src="/anh.jpg" alt="">')
    result = transform_html(html, SETTINGS)
    head, _, _ = html.partition("<main>")
    assert result.startswith(head)
    assert result.endswith("</main></body></html>")


def test_heading_id_folds_vietnamese_and_d_stroke():
    assert heading_id("Đánh giá chung: năm 2019") == "danh-gia-chung-nam-2019"


def test_output_keeps_utf8_text_and_void_elements():
    html = transform_html(
        page("<p>Sở Khoa học &amp; Công nghệ<br>dòng 2</p>"), SETTINGS
    )
    assert "Sở Khoa học &amp; Công nghệ<br>dòng 2" in html
    assert html.startswith("<!DOCTYPE html>")


# --- Which built pages are post-processed ----------------------------------------------


def test_article_pages_are_processed_and_listings_keep_their_template_markup(
    build_site, read_html
):
    from test_images import jpeg_with_exif

    files = {"images/anh.jpg": jpeg_with_exif(1200, 800)}
    for day in (1, 2, 3):
        files[f"news/tin-{day}.md"] = (
            f"Title: Tin ngày {day}\nDate: 0{day}/03/2021\nCategory: Thanh tra\n\n"
            "![Ảnh đoàn kiểm tra]({static}/images/anh.jpg)\n\n"
            "## Các tin khác\n\n"
            "Xem [văn bản](https://vanban.chinhphu.vn/).\n"
        )
    output = build_site(files)

    page_path = output / "tin-tuc/2021/03/tin-ngay-1/index.html"
    article = read_html(page_path)
    body = article.select_one("main")
    assert body.select_one("picture source[type='image/webp']")  # made by the pass
    assert "noopener" in body.select_one("a[href^='https://vanban']")["rel"]
    # The heading's id avoids the template's "Các tin khác" box after the text.
    assert body.select_one(".prose h2")["id"] == "cac-tin-khac-2"
    assert body.select_one("aside h2")["id"] == "cac-tin-khac"
    # Only the article's own HTML was parsed: the template's markup around it is
    # as Jinja wrote it (a re-parsed page would say data-print="" hidden="").
    assert "data-print hidden>" in page_path.read_text(encoding="utf-8")

    # A listing: thumbnails come from the picture filter, first eager, others lazy.
    listing = read_html(output / "chuyen-muc/thanh-tra/index.html")
    thumbs = listing.select(".entry-summary .entry-thumb img")
    assert len(thumbs) == 3
    assert [img.get("loading") for img in thumbs] == [None, "lazy", "lazy"]


def test_the_fragment_cache_keeps_what_a_reused_page_needs_and_prunes_by_age(
        tmp_path):
    """A page taken from the last build reads none of its fragments: they stay
    until no build used them for MAX_AGE_DAYS; then they go."""
    import os
    import time

    from html_postprocess.cache import TextCache

    first = TextCache(tmp_path)
    first.put("aa" * 20, "<p>trang giữ nguyên</p>")
    first.put("bb" * 20, "<p>trang cũ</p>")
    later = TextCache(tmp_path)
    assert later.get("bb" * 20) == "<p>trang cũ</p>"
    later.prune()  # "aa..." unused this build, but used recently: kept
    assert TextCache(tmp_path).get("aa" * 20) == "<p>trang giữ nguyên</p>"
    old = time.time() - (TextCache.MAX_AGE_DAYS + 1) * 86400
    os.utime(tmp_path / "aa" / ("aa" * 20), (old, old))
    last = TextCache(tmp_path)
    last.get("bb" * 20)
    last.prune()
    assert not (tmp_path / "aa").exists()
    assert TextCache(tmp_path).get("bb" * 20) == "<p>trang cũ</p>"
