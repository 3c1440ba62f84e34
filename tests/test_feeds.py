"""RSS and Atom feeds: the W3C validator's rules, stable ids, absolute links, limits."""

from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import feedparser
import pytest
from bs4 import BeautifulSoup
from bulletins.bulletins import DEFAULTS as BULLETIN_DEFAULTS
from conftest import ROOT
from feeds.feeds import DEFAULTS, link_entries, plan_feeds
from feeds.writer import FeedWriter, entry_id, feed_html
from jinja2 import Environment, FileSystemLoader
from lxml import etree
from qa.qa import DEFAULTS as QA_DEFAULTS

from pelicanconf import SITENAME

SITE = "https://example.test"
ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CONTENT_ENCODED = "{http://purl.org/rss/1.0/modules/content/}encoded"
DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
ALL_RSS = "feeds/tin-tuc.rss.xml"
ALL_ATOM = "feeds/tin-tuc.atom.xml"
PARTY = "xay-dung-dang-doan-the"
INSPECTION = "thanh-tra"


def article(title, date, category="Thanh tra", body="Nội dung bài.", extra=""):
    return f"Title: {title}\nDate: {date}\nCategory: {category}\n{extra}\n{body}\n"


def small_jpeg():
    """A real (tiny) JPEG: the images plugin refuses a file that is not a picture."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (120, 30, 30)).save(buffer, "JPEG")
    return buffer.getvalue()


LINKED_BODY = """\
Đoạn đầu của bài viết đầy đủ.

Xem [trang liên hệ](/lien-he/) và [mục trên](#muc), [bài khác](../khac/).

<img src="anh/hoi-truong.jpg" srcset="anh/nho.jpg 480w, anh/lon.jpg 960w"
 alt="Hội trường">

![Ảnh]({static}/images/a.jpg)

ĐOẠN CUỐI CỦA BÀI VIẾT ĐẦY ĐỦ.
"""

SITE_FILES = {
    "news/2019/so-ket.md": article(
        "Sơ kết công tác xây dựng Đảng 6 tháng đầu năm 2019",
        "09/08/2019",
        category="Xây dựng Đảng - Đoàn thể",
        body=LINKED_BODY,
        extra="Author: Việt Hưng\nSummary: Tóm tắt ngắn của bài sơ kết.\n",
    ),
    "news/2019/thanh-tra.md": article(
        "Thanh tra đo lường xăng dầu", "12/08/2019 09:30"
    ),
    "news/2019/kiem-tra.md": article(
        "Kiểm tra hàng đóng gói sẵn", "20/09/2019", extra="Guid: kiem-tra-2019-09\n"
    ),
    "images/a.jpg": small_jpeg(),
}


def read_xml(path):
    return etree.parse(str(path)).getroot()


def rss_items(output, path=ALL_RSS):
    return read_xml(output / path).findall("channel/item")


def atom_entries(output, path=ALL_ATOM):
    return read_xml(output / path).findall(f"{ATOM}entry")


@pytest.fixture
def site(build_site):
    return build_site(SITE_FILES)


def test_feeds_are_written_at_their_paths(site):
    written = sorted(
        p.relative_to(site).as_posix() for p in (site / "feeds").rglob("*")
    )
    assert written == [
        "feeds/chuyen-muc",
        f"feeds/chuyen-muc/{INSPECTION}.atom.xml",
        f"feeds/chuyen-muc/{INSPECTION}.rss.xml",
        f"feeds/chuyen-muc/{PARTY}.atom.xml",
        f"feeds/chuyen-muc/{PARTY}.rss.xml",
        ALL_ATOM,
        ALL_RSS,
    ]


def test_every_feed_parses_without_bozo(site):
    for path in (site / "feeds").rglob("*.xml"):
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.entries
        assert parsed.feed.language == "vi"


def test_rss_follows_the_validator_rules(site):
    channel = read_xml(site / ALL_RSS).find("channel")
    assert channel.findtext("language") == "vi"
    assert channel.findtext("link") == f"{SITE}/"
    self_link = channel.find(f"{ATOM}link[@rel='self']")
    assert self_link.get("href") == f"{SITE}/{ALL_RSS}"
    items = channel.findall("item")
    assert len(items) == 3
    for item in items:
        guid = item.find("guid")
        assert guid.get("isPermaLink") == "false"
        assert guid.text.startswith("tag:sokhcn.vinhphuc.gov.vn,2019:")
        assert item.findtext("link").startswith(f"{SITE}/tin-tuc/2019/")
        assert item.findtext("pubDate").endswith(" +0700")
        assert item.findtext(DC_CREATOR).strip()
    assert channel.findtext("lastBuildDate") == "Fri, 20 Sep 2019 00:00:00 +0700"


def test_atom_follows_the_validator_rules(site):
    feed = read_xml(site / ALL_ATOM)
    assert feed.get(XML_LANG) == "vi"
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == f"{SITE}/{ALL_ATOM}"
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == SITENAME
    entries = feed.findall(f"{ATOM}entry")
    ids = [entry.findtext(f"{ATOM}id") for entry in entries]
    assert len(set(ids)) == 3
    for entry in entries:
        assert entry.findtext(f"{ATOM}updated").endswith("+07:00")
        assert entry.findtext(f"{ATOM}published").endswith("+07:00")
        assert entry.findtext(f"{ATOM}author/{ATOM}name").strip()
        links = entry.findall(f"{ATOM}link")
        assert len(links) == 1 and links[0].get("href").startswith(f"{SITE}/")


def test_author_falls_back_to_the_site_name(site):
    authors = {
        entry.findtext(f"{ATOM}title"): entry.findtext(f"{ATOM}author/{ATOM}name")
        for entry in atom_entries(site)
    }
    assert authors == {
        "Kiểm tra hàng đóng gói sẵn": SITENAME,
        "Thanh tra đo lường xăng dầu": SITENAME,
        "Sơ kết công tác xây dựng Đảng 6 tháng đầu năm 2019": "Việt Hưng",
    }
    creators = {
        item.findtext("title"): item.findtext(DC_CREATOR) for item in rss_items(site)
    }
    assert creators["Thanh tra đo lường xăng dầu"] == SITENAME


def test_newest_first_with_the_offset_of_vietnam(site):
    parsed = feedparser.parse((site / ALL_ATOM).read_bytes())
    assert [e.title for e in parsed.entries] == [
        "Kiểm tra hàng đóng gói sẵn",
        "Thanh tra đo lường xăng dầu",
        "Sơ kết công tác xây dựng Đảng 6 tháng đầu năm 2019",
    ]
    published = {e.title: e.published for e in parsed.entries}
    assert published["Thanh tra đo lường xăng dầu"] == "2019-08-12T09:30:00+07:00"


def test_links_inside_content_are_absolute(site):
    entry = next(
        e for e in atom_entries(site) if "Sơ kết" in e.findtext(f"{ATOM}title")
    )
    item_url = (
        f"{SITE}/tin-tuc/2019/08/so-ket-cong-tac-xay-dung-dang-6-thang-dau-nam-2019/"
    )
    html = BeautifulSoup(entry.findtext(f"{ATOM}content"), "html.parser")
    hrefs = [a["href"] for a in html.find_all("a")]
    assert hrefs == [
        f"{SITE}/lien-he/",
        f"{item_url}#muc",
        f"{SITE}/tin-tuc/2019/08/khac/",
    ]
    sources = [img["src"] for img in html.find_all("img")]
    assert sources == [f"{item_url}anh/hoi-truong.jpg", f"{SITE}/images/a.jpg"]
    assert html.find("img")["srcset"] == (
        f"{item_url}anh/nho.jpg 480w, {item_url}anh/lon.jpg 960w"
    )
    rss_item = next(i for i in rss_items(site) if "Sơ kết" in i.findtext("title"))
    rss_html = BeautifulSoup(rss_item.findtext(CONTENT_ENCODED), "html.parser")
    for tag in rss_html.find_all(["a", "img"]):
        assert (tag.get("href") or tag.get("src")).startswith(f"{SITE}/")


def test_full_text_by_default_summary_alongside(site):
    entry = next(
        e for e in atom_entries(site) if "Sơ kết" in e.findtext(f"{ATOM}title")
    )
    assert "ĐOẠN CUỐI CỦA BÀI VIẾT ĐẦY ĐỦ." in entry.findtext(f"{ATOM}content")
    assert "Tóm tắt ngắn của bài sơ kết." in entry.findtext(f"{ATOM}summary")
    item = next(i for i in rss_items(site) if "Sơ kết" in i.findtext("title"))
    assert "ĐOẠN CUỐI CỦA BÀI VIẾT ĐẦY ĐỦ." in item.findtext(CONTENT_ENCODED)
    assert "Tóm tắt ngắn của bài sơ kết." in item.findtext("description")


def test_summary_only_when_full_text_is_off(build_site):
    output = build_site(SITE_FILES, FEEDS_FULL_TEXT=False)
    for entry in atom_entries(output):
        assert entry.find(f"{ATOM}content") is None
        assert entry.findtext(f"{ATOM}summary")
    for item in rss_items(output):
        assert item.find(CONTENT_ENCODED) is None
        assert "ĐOẠN CUỐI" not in item.findtext("description")
    item = next(i for i in rss_items(output) if "Sơ kết" in i.findtext("title"))
    assert "Tóm tắt ngắn của bài sơ kết." in item.findtext("description")


def test_item_limit_keeps_the_newest(build_site):
    output = build_site(SITE_FILES, FEEDS_MAX_ITEMS=2)
    assert [i.findtext("title") for i in rss_items(output)] == [
        "Kiểm tra hàng đóng gói sẵn",
        "Thanh tra đo lường xăng dầu",
    ]
    assert len(atom_entries(output)) == 2


def test_category_feed_lists_only_its_category(site):
    titles = [
        i.findtext("title")
        for i in rss_items(site, f"feeds/chuyen-muc/{INSPECTION}.rss.xml")
    ]
    assert titles == ["Kiểm tra hàng đóng gói sẵn", "Thanh tra đo lường xăng dầu"]
    channel = read_xml(site / f"feeds/chuyen-muc/{INSPECTION}.rss.xml").find("channel")
    assert channel.findtext("link") == f"{SITE}/chuyen-muc/{INSPECTION}/"
    assert channel.findtext("title") == f"{SITENAME} – Thanh tra"


def ids_by_title(output):
    return {
        e.findtext(f"{ATOM}title"): e.findtext(f"{ATOM}id")
        for e in atom_entries(output)
    }


def test_ids_are_stable_across_builds_and_a_date_change(build_site):
    first = ids_by_title(build_site(SITE_FILES))
    first_rss = [i.findtext("guid") for i in rss_items(build_site(SITE_FILES))]
    assert ids_by_title(build_site(SITE_FILES)) == first

    moved = dict(SITE_FILES)
    moved["news/2019/thanh-tra.md"] = article(
        "Thanh tra đo lường xăng dầu", "03/10/2019 14:00"
    )
    output = build_site(moved)
    assert ids_by_title(output) == first
    assert sorted(i.findtext("guid") for i in rss_items(output)) == sorted(first_rss)
    item = next(
        i for i in rss_items(output) if i.findtext("title").startswith("Thanh tra")
    )
    assert (
        item.findtext("link") == f"{SITE}/tin-tuc/2019/10/thanh-tra-do-luong-xang-dau/"
    )
    assert first["Thanh tra đo lường xăng dầu"] == (
        "tag:sokhcn.vinhphuc.gov.vn,2019:news/2019/thanh-tra.md"
    )
    assert first["Kiểm tra hàng đóng gói sẵn"] == (
        "tag:sokhcn.vinhphuc.gov.vn,2019:kiem-tra-2019-09"
    )


def test_unchanged_site_gives_identical_feeds(build_site):
    before = (build_site(SITE_FILES) / ALL_RSS).read_bytes()
    assert (build_site(SITE_FILES) / ALL_RSS).read_bytes() == before


def alternate_links(soup):
    return {
        link["href"]: (link["type"], link["title"])
        for link in soup.select("head link[rel=alternate]")
    }


def test_pages_announce_their_feeds(site, read_html):
    home = alternate_links(read_html(site / "index.html"))
    assert home == {
        f"{SITE}/{ALL_RSS}": ("application/rss+xml", f"{SITENAME} – Tin tức (RSS)"),
        f"{SITE}/{ALL_ATOM}": ("application/atom+xml", f"{SITENAME} – Tin tức (Atom)"),
    }
    category = alternate_links(read_html(site / f"chuyen-muc/{INSPECTION}/index.html"))
    assert set(category) == set(home) | {
        f"{SITE}/feeds/chuyen-muc/{INSPECTION}.rss.xml",
        f"{SITE}/feeds/chuyen-muc/{INSPECTION}.atom.xml",
    }
    article_page = read_html(
        site / "tin-tuc/2019/08/thanh-tra-do-luong-xang-dau/index.html"
    )
    assert f"{SITE}/feeds/chuyen-muc/{INSPECTION}.rss.xml" in alternate_links(
        article_page
    )
    assert f"{SITE}/feeds/chuyen-muc/{PARTY}.rss.xml" not in alternate_links(
        article_page
    )
    day_page = alternate_links(read_html(site / "tin-tuc/2019/08/12/index.html"))
    assert set(day_page) == set(home)


def test_no_feeds_without_an_absolute_site_url(build_site, read_html, caplog):
    caplog.set_level("INFO", logger="feeds.feeds")
    output = build_site(SITE_FILES, SITEURL="", RELATIVE_URLS=True,
                        FEEDS_DEVELOPMENT_SITEURL=None)
    assert not (output / "feeds").exists()
    assert not (output / "rss").exists()
    assert not read_html(output / "index.html").select("link[rel=alternate]")
    assert any("FEEDS_SITEURL" in record.getMessage() for record in caplog.records)


def test_feeds_siteurl_turns_them_on_in_development(build_site, read_html):
    output = build_site(
        SITE_FILES,
        SITEURL="",
        RELATIVE_URLS=True,
        FEEDS_SITEURL="https://xem-truoc.example.test/",
    )
    link = read_xml(output / ALL_RSS).find("channel/item/link").text
    assert link.startswith("https://xem-truoc.example.test/tin-tuc/2019/")
    hrefs = [
        a["href"]
        for a in read_html(output / "index.html").select("link[rel=alternate]")
    ]
    assert hrefs == [f"./{ALL_RSS}", f"./{ALL_ATOM}"]


# --- Bulletins and Q&A: their content types live in another plugin; here stand-ins
# with the agreed attributes go through the same planning and writing code. ---------

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def stand_in(title, url, when, source, **extra):
    return SimpleNamespace(
        title=title,
        url=url,
        date=when,
        source_path=source,
        metadata={},
        content=f'<p>{title}</p><p><a href="tai-lieu.pdf">Tải về</a></p>',
        summary=f"<p>{title}</p>",
        **extra,
    )


@pytest.fixture
def section_feeds(tmp_path):
    content = tmp_path / "content"
    bulletins = [
        stand_in(
            "Bản tin số 3/2019",
            "ban-tin/2019/so-3/",
            datetime(2019, 9, 30, tzinfo=VN),
            str(content / "bulletins/2019/so-3.md"),
            enclosure=SimpleNamespace(
                url="files/ban-tin/2019/so-3.pdf",
                length=482133,
                mime_type="application/pdf",
            ),
        ),
    ]
    questions = [
        stand_in(
            "Hỏi về đăng ký nhãn hiệu",
            "hoi-dap/dang-ky-nhan-hieu/",
            datetime(2019, 10, 2, 8, 0, tzinfo=VN),
            str(content / "qa/nhan-hieu.md"),
        ),
    ]
    settings = {
        # The content types' URL settings give their feeds' sections.
        **BULLETIN_DEFAULTS,
        **QA_DEFAULTS,
        **DEFAULTS,
        "SITENAME": SITENAME,
        "SITESUBTITLE": "Cổng",
        "SITEURL": SITE,
        "PATH": str(content),
        "DEFAULT_LANG": "vi",
        "TIMEZONE": "Asia/Ho_Chi_Minh",
        "FEEDS_ID_AUTHORITY": "sokhcn.vinhphuc.gov.vn,2019",
    }
    context = {
        "articles": [],
        "categories": [],
        "bulletins": bulletins,
        "qa_entries": questions,
    }
    planned = plan_feeds(context, settings)
    writer = FeedWriter(settings, SITE, str(tmp_path / "output"))
    for feed in planned:
        writer.write(feed)
    return tmp_path / "output", planned


def test_bulletin_feed_carries_the_pdf_as_enclosure(section_feeds):
    output, _ = section_feeds
    item = rss_items(output, "feeds/ban-tin.rss.xml")[0]
    enclosure = item.find("enclosure")
    assert enclosure.attrib == {
        "url": f"{SITE}/files/ban-tin/2019/so-3.pdf",
        "length": "482133",
        "type": "application/pdf",
    }
    assert (
        item.findtext("guid")
        == "tag:sokhcn.vinhphuc.gov.vn,2019:bulletins/2019/so-3.md"
    )
    entry = atom_entries(output, "feeds/ban-tin.atom.xml")[0]
    links = {
        link.get("rel", "alternate"): link.attrib
        for link in entry.findall(f"{ATOM}link")
    }
    assert links["enclosure"] == {
        "rel": "enclosure",
        "href": f"{SITE}/files/ban-tin/2019/so-3.pdf",
        "length": "482133",
        "type": "application/pdf",
    }
    assert links["alternate"]["href"] == f"{SITE}/ban-tin/2019/so-3/"
    parsed = feedparser.parse((output / "feeds/ban-tin.atom.xml").read_bytes())
    assert not parsed.bozo
    assert parsed.entries[0].enclosures[0]["length"] == "482133"


def test_qa_feed_and_section_links(section_feeds):
    output, planned = section_feeds
    for path in ("feeds/hoi-dap.rss.xml", "feeds/hoi-dap.atom.xml"):
        parsed = feedparser.parse((output / path).read_bytes())
        assert not parsed.bozo
        assert parsed.entries[0].title == "Hỏi về đăng ký nhãn hiệu"
        assert parsed.entries[0].link == f"{SITE}/hoi-dap/dang-ky-nhan-hieu/"
        assert parsed.feed.language == "vi"
    content = atom_entries(output, "feeds/hoi-dap.atom.xml")[0].findtext(
        f"{ATOM}content"
    )
    assert f'href="{SITE}/hoi-dap/dang-ky-nhan-hieu/tai-lieu.pdf"' in content
    links = link_entries(planned)
    assert {(link["url"], link["section"]) for link in links} == {
        ("feeds/ban-tin.rss.xml", "ban-tin/"),
        ("feeds/ban-tin.atom.xml", "ban-tin/"),
        ("feeds/hoi-dap.rss.xml", "hoi-dap/"),
        ("feeds/hoi-dap.atom.xml", "hoi-dap/"),
        ("feeds/tin-tuc.rss.xml", None),
        ("feeds/tin-tuc.atom.xml", None),
    }


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<a href="/lien-he/">x</a>', f'<a href="{SITE}/lien-he/">x</a>'),
        ('<a href="b/">x</a>', f'<a href="{SITE}/tin-tuc/a/b/">x</a>'),
        ('<a href="#n">x</a>', f'<a href="{SITE}/tin-tuc/a/#n">x</a>'),
        ('<a href="mailto:a@b.vn">x</a>', '<a href="mailto:a@b.vn">x</a>'),
        ('<img src="//cdn.test/a.png"/>', '<img src="//cdn.test/a.png"/>'),
        ('<img src="https://x.test/a.png"/>', '<img src="https://x.test/a.png"/>'),
        (
            '<video poster="p.jpg"></video>',
            f'<video poster="{SITE}/tin-tuc/a/p.jpg"></video>',
        ),
        ('<p onclick="x()">a</p><script>x()</script>', "<p>a</p>"),
        (
            '<iframe src="https://video.test/v/1"></iframe>',
            '<a href="https://video.test/v/1">Xem nội dung nhúng</a>',
        ),
        ("<style>p{}</style><p>b</p>", "<p>b</p>"),
    ],
)
def test_feed_html(html, expected):
    assert feed_html(html, f"{SITE}/tin-tuc/a/") == expected


@pytest.mark.parametrize(
    ("metadata", "source", "expected"),
    [
        ({}, "/site/content/news/2019/a.md", "tag:x.test,2019:news/2019/a.md"),
        (
            {},
            "/site/content/news/Tin mới.md",
            "tag:x.test,2019:news/Tin%20m%E1%BB%9Bi.md",
        ),
        (
            {"guid": "bản tin 3"},
            "/site/content/b.md",
            "tag:x.test,2019:b%E1%BA%A3n%20tin%203",
        ),
        (
            {"id": "urn:uuid:1c4f0a6e-2f35-4c55-9d6b-3e0f3f1d2a77"},
            "/site/content/c.md",
            "urn:uuid:1c4f0a6e-2f35-4c55-9d6b-3e0f3f1d2a77",
        ),
    ],
)
def test_entry_ids_are_valid_uris(metadata, source, expected):
    item = SimpleNamespace(metadata=metadata, source_path=source)
    assert entry_id(item, "/site/content", "x.test,2019") == expected


def test_section_pages_announce_their_section_feeds(section_feeds):
    _, planned = section_feeds
    env = Environment(loader=FileSystemLoader(str(ROOT / "theme/templates")))
    partial = env.get_template("partials/feed_links.html")

    def announced(output_file):
        html = partial.render(
            feed_links=link_entries(planned), SITEURL=SITE, output_file=output_file
        )
        soup = BeautifulSoup(html, "html.parser")
        return sorted(link["href"] for link in soup.select("link[rel=alternate]"))

    all_news = [f"{SITE}/{ALL_ATOM}", f"{SITE}/{ALL_RSS}"]
    assert announced("index.html") == all_news
    assert announced("ban-tin/2019/so-3/index.html") == sorted(
        [*all_news, f"{SITE}/feeds/ban-tin.atom.xml", f"{SITE}/feeds/ban-tin.rss.xml"]
    )
    assert announced("hoi-dap/index.html") == sorted(
        [*all_news, f"{SITE}/feeds/hoi-dap.atom.xml", f"{SITE}/feeds/hoi-dap.rss.xml"]
    )


def test_development_builds_have_feeds_for_the_preview_url(build_site, read_html):
    """FEEDS_DEVELOPMENT_SITEURL: make html and make serve have feeds too."""
    output = build_site(SITE_FILES, SITEURL="", RELATIVE_URLS=True)
    link = read_xml(output / ALL_RSS).find("channel/item/link").text
    assert link.startswith("http://127.0.0.1:8000/tin-tuc/2019/")
    assert read_html(output / "index.html").select_one(
        'footer a[href="./rss/"]').get_text() == "Nhận tin qua RSS"


def test_the_rss_page_lists_every_feed_written(build_site, read_html):
    output = build_site(SITE_FILES)
    page = read_html(output / "rss/index.html")
    assert page.find("h1").get_text() == "Nhận tin qua RSS"
    listed = {a["href"].removeprefix(f"{SITE}/")
              for a in page.select("main a.feed-link")}
    written = {path.relative_to(output).as_posix()
               for path in (output / "feeds").rglob("*.xml")}
    assert listed == written and len(written) >= 4
    addresses = {code.get_text() for code in page.select("main code")}
    assert addresses == {f"{SITE}/{path}" for path in written}
    assert "Cách đăng ký" in page.get_text()


@pytest.mark.parametrize("page, expected", [
    ("tin-tuc/index.html", [ALL_RSS, ALL_ATOM]),
    (f"chuyen-muc/{INSPECTION}/index.html",
     [f"feeds/chuyen-muc/{INSPECTION}.{kind}.xml" for kind in ("rss", "atom")]),
])
def test_section_and_category_pages_link_their_feeds(build_site, read_html, page,
                                                     expected):
    output = build_site(SITE_FILES)
    line = read_html(output / page).select_one("main .feed-subscribe")
    assert [a["href"].removeprefix(f"{SITE}/") for a in line.select("a.feed-link")] == (
        expected)
    assert line.select_one(f'a[href="{SITE}/rss/"]')
