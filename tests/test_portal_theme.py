"""The portal theme as a reader and a search engine see it, on small built sites."""

import json
from pathlib import Path

import pytest
from conftest import ROOT
from lxml import etree
from portal.portal import other_news

from pelicanconf import SITENAME


def article(title, date, category="Hoạt động của Sở", body="Nội dung bài."):
    return f"""\
        Title: {title}
        Date: {date}
        Author: Phóng viên
        Category: {category}
        Summary: Tóm tắt của bài {title}.

        {body}
    """


def url_of(title_slug, date="2019/08"):
    return f"tin-tuc/{date}/{title_slug}/index.html"


@pytest.fixture
def news_site(build_site):
    files = {
        f"news/tin-{n}.md": article(f"Tin số {n}", f"0{n}/08/2019") for n in range(1, 6)
    }
    files["news/khac.md"] = article("Tin thanh tra", "03/08/2019", "Thanh tra")
    for name in ("gioi-thieu.md", "lien-he.md"):
        files[f"pages/{name}"] = (ROOT / "content/pages" / name).read_text("utf-8")
    return build_site(
        files,
        PORTAL_OTHER_NEWS=2,
        PORTAL_HOME_PER_CATEGORY=3,
        PORTAL_PHONE="0211 0000 111",
        PORTAL_EMAIL="thu@example.vn",
        PORTAL_ADDRESS="Số 9 đường Thử, tỉnh Thử",
    )


def titles(links):
    return [link.get_text(strip=True) for link in links]


def test_other_news_are_the_nearest_older_ones_then_newer():
    articles = ["5", "4", "3", "2", "1"]  # newest first
    result = other_news(articles, 2)
    assert [result[id(a)] for a in articles] == [
        ["4", "3"],
        ["3", "2"],
        ["2", "1"],
        ["3", "1"],
        ["3", "2"],
    ]


def test_article_ends_with_other_news_of_its_category(news_site, read_html):
    page = read_html(news_site / url_of("tin-so-3"))
    aside = page.select_one("aside.other-news")
    assert aside.find("h2").get_text() == "Các tin khác"
    assert titles(aside.select("a")) == ["Tin số 2", "Tin số 1"]
    assert [t.get_text() for t in aside.select("time")] == [
        "(02/08/2019)",
        "(01/08/2019)",
    ]
    alone = read_html(news_site / url_of("tin-thanh-tra"))
    assert alone.select_one("aside.other-news") is None  # no other news in its category


def test_menu_comes_from_configuration_with_categories_submenu(news_site, read_html):
    page = read_html(news_site / "index.html")
    nav = page.find("nav", attrs={"aria-label": "Menu chính"})
    top = nav.select("#main-menu > li > a")
    assert titles(top) == [
        "Trang chủ",
        "Tin tức - Sự kiện",
        "Văn bản",
        "Bản tin",
        "Thủ tục hành chính",
        "Nhiệm vụ KH&CN",
        "Hỏi đáp",
        "Lưu trữ",
        "Giới thiệu",
        "Liên hệ",
    ]
    assert [a["href"] for a in top][1:4] == [
        "https://example.test/tin-tuc/",
        "https://example.test/van-ban/",
        "https://example.test/ban-tin/",
    ]
    # Categories that have news, in NEWS_CATEGORIES order.
    submenus = nav.select(".submenu")
    assert titles(submenus[0].select("a")) == ["Hoạt động của Sở", "Thanh tra"]
    # A configured submenu (PORTAL_MENU "children"): Giới thiệu's pages.
    assert "Cơ cấu tổ chức" in titles(submenus[1].select("a"))
    assert top[0]["aria-current"] == "page"
    toggle = nav.find("button", class_="menu-toggle")
    assert toggle["aria-expanded"] == "false"
    assert toggle["aria-controls"] == "main-menu"


def test_menu_is_configurable(build_site, read_html):
    output = build_site(
        {"news/a.md": article("Tin A", "01/08/2019")},
        PORTAL_MENU=[
            {"title": "Đầu trang", "url": ""},
            {"title": "Văn bản", "url": "van-ban/"},
        ],
    )
    nav = read_html(output / "index.html").select("#main-menu > li > a")
    assert titles(nav) == ["Đầu trang", "Văn bản"]


def test_breadcrumbs_lead_from_home_to_the_article(news_site, read_html):
    crumbs = read_html(news_site / url_of("tin-so-3")).select_one("nav.breadcrumbs")
    items = crumbs.select("li")
    assert [li.get_text(strip=True) for li in items] == [
        "Trang chủ",
        "Tin tức - Sự kiện",
        "Hoạt động của Sở",
    ]  # not the title again: it is the heading right below
    assert items[2].a["href"] == "https://example.test/chuyen-muc/hoat-dong-cua-so/"


def test_footer_and_contact_page_use_configured_contacts(news_site, read_html):
    for path in ("index.html", "lien-he/index.html"):
        page = read_html(news_site / path)
        text = page.select_one("footer").get_text(" ", strip=True)
        assert "Số 9 đường Thử, tỉnh Thử" in text
        assert page.select_one('footer a[href="tel:02110000111"]').get_text() == (
            "0211 0000 111"
        )
        assert page.select_one('footer a[href="mailto:thu@example.vn"]')
    card = read_html(news_site / "lien-he/index.html").select_one(".contact-card")
    assert "0211 0000 111" in card.get_text()
    assert "thu@example.vn" in card.get_text()


def test_home_shows_latest_news_by_category(news_site, read_html):
    page = read_html(news_site / "index.html")
    sections = page.select("section.home-section")
    assert titles(s.find("h2") for s in sections) == ["Hoạt động của Sở", "Thanh tra"]
    first = sections[0]
    assert first.select_one(".lead-entry h3").get_text(strip=True) == "Tin số 5"
    assert titles(first.select(".headlines a")) == ["Tin số 4", "Tin số 3"]
    assert page.find("h1")  # every page has a main heading


def test_listing_has_summaries_and_pagination_in_vietnamese(build_site, read_html):
    files = {
        f"news/t{n}.md": article(f"Bài {n:02d}", f"{n:02d}/08/2019")
        for n in range(1, 13)
    }
    output = build_site(files, DEFAULT_PAGINATION=5)
    page = read_html(output / "tin-tuc/index.html")
    assert len(page.select(".entry-summary")) == 7
    assert page.select_one(".entry-summary .summary").get_text() == (
        "Tóm tắt của bài Bài 12."
    )
    following = page.select_one("nav.pagination a[rel=next]")
    assert following.get_text() == "Trang sau »"
    second = output / following["href"].removeprefix("https://example.test/")
    assert len(read_html(second).select(".entry-summary")) == 5


def test_article_has_canonical_open_graph_twitter_and_news_article(
    news_site, read_html
):
    page = read_html(news_site / url_of("tin-so-3"))
    url = "https://example.test/tin-tuc/2019/08/tin-so-3/"
    assert page.find("link", rel="canonical")["href"] == url
    og = {m["property"]: m["content"] for m in page.find_all("meta", property=True)}
    assert og["og:url"] == url
    assert og["og:type"] == "article"
    assert og["og:title"] == "Tin số 3"
    assert og["og:description"] == "Tóm tắt của bài Tin số 3."
    assert "og:image" not in og  # no picture in this article (see test_images)
    assert page.find("meta", attrs={"name": "twitter:card"})["content"]
    assert page.find("meta", attrs={"name": "description"})["content"] == (
        "Tóm tắt của bài Tin số 3."
    )
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Tin số 3"
    assert data["datePublished"] == "2019-08-03T00:00:00+07:00"
    assert data["author"]["name"] == "Phóng viên"
    assert data["mainEntityOfPage"]["@id"] == url
    assert data["publisher"]["name"] == SITENAME


def test_relative_development_build_has_no_false_canonical(build_site, read_html):
    output = build_site(
        {"news/a.md": article("Tin A", "01/08/2019")}, SITEURL="", RELATIVE_URLS=True
    )
    page = read_html(output / url_of("tin-a"))
    assert page.find("link", rel="canonical") is None
    assert page.find("meta", property="og:title")["content"] == "Tin A"
    assert page.select_one("link[rel=stylesheet]")["href"].startswith("../../../../")


def test_sitemap_lists_every_html_page_with_lastmod(news_site):
    tree = etree.parse(str(news_site / "sitemap.xml"))
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    entries = {
        u.findtext("s:loc", namespaces=ns): u.findtext("s:lastmod", namespaces=ns)
        for u in tree.findall("s:url", ns)
    }
    # Every page but 404.html and those that ask not to be indexed (the feedback
    # forms' thank-you and error pages).
    pages = {
        p.relative_to(news_site).as_posix() for p in Path(news_site).rglob("*.html")
        if 'name="robots" content="noindex"' not in p.read_text(encoding="utf-8")
    }
    pages.discard("404.html")
    expected = {"https://example.test/" + p.removesuffix("index.html") for p in pages}
    assert set(entries) == expected
    # Every page that shows dated content (the news, their listings) has a
    # lastmod; a page with no date to give (the Q&A, document and science task
    # pages of this site list no entry; a static page has no Date:) has none,
    # never its file's mtime (optional in the protocol).
    undated = {loc for loc, lastmod in entries.items() if not lastmod}
    assert undated and not any(
        loc.startswith(("https://example.test/tin-tuc/",
                        "https://example.test/chuyen-muc/")) for loc in undated)
    assert "https://example.test/hoi-dap/" in undated
    assert entries["https://example.test/tin-tuc/2019/08/tin-so-3/"].startswith(
        "2019-08-03T00:00:00+07:00"
    )
    assert entries["https://example.test/"].startswith("2019-08-05")  # newest news
    assert entries["https://example.test/chuyen-muc/thanh-tra/"].startswith(
        "2019-08-03"
    )


def test_robots_txt_points_at_the_sitemap(news_site):
    robots = (news_site / "robots.txt").read_text()
    assert "User-agent: *" in robots
    assert "Sitemap: https://example.test/sitemap.xml" in robots.splitlines()


def test_vietnamese_404_page_at_the_root(news_site, read_html):
    page = read_html(news_site / "404.html")
    assert page.find("h1").get_text() == "Không tìm thấy trang"
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert page.select_one("main a")["href"] == "https://example.test/"


def test_interface_is_vietnamese_with_print_styles_and_skip_link(news_site, read_html):
    page = read_html(news_site / url_of("tin-so-3"))
    assert page.html["lang"] == "vi"
    assert page.find("link", rel="stylesheet", media="print")
    skip = page.find("a", class_="skip-link")
    assert skip["href"] == "#main" and page.find("main", id="main")
    assert [b.get_text(" ", strip=True) for b in page.select(".text-size button")] == [
        "A− Giảm cỡ chữ",
        "A Cỡ chữ mặc định",
        "A+ Tăng cỡ chữ",
    ]
    assert page.select_one(".text-size").has_attr("hidden")  # shown by the script


def test_pages_load_nothing_from_another_host(news_site, read_html):
    for html in Path(news_site).rglob("*.html"):
        page = read_html(html)
        for tag, attr in (
            ("link", "href"),
            ("script", "src"),
            ("img", "src"),
            ("source", "srcset"),
        ):
            for element in page.find_all(tag, attrs={attr: True}):
                if tag == "link" and element.get("rel") == ["canonical"]:
                    continue
                value = element[attr]
                assert "://" not in value or value.startswith(
                    "https://example.test/"
                ), (html, value)


def test_a_category_page_does_not_repeat_its_name_under_each_item(news_site,
                                                                 read_html):
    page = read_html(news_site / "chuyen-muc/hoat-dong-cua-so/index.html")
    metas = page.select("main .entry-summary .entry-meta")
    assert metas and not any(meta.find("a") for meta in metas)
    article = read_html(news_site / url_of("tin-so-3"))
    assert article.select_one("main .article .entry-meta a").get_text() == (
        "Hoạt động của Sở")


def test_footer_links_only_to_pages_the_site_has(news_site, read_html):
    footer = read_html(news_site / "index.html").select_one("footer .footer-links")
    hrefs = [a["href"] for a in footer.select("a")]
    # news_site has Liên hệ but no accessibility statement page.
    assert "https://example.test/lien-he/" in hrefs
    assert "https://example.test/luu-tru/" in hrefs
    assert "https://example.test/tuyen-bo-tro-nang/" not in hrefs
