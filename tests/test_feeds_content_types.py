"""Bulletin and Q&A feeds from real content, through the real plugins (site level).

test_feeds.py checks the feed rules on news and with stand-in objects; here the
bulletins and qa plugins produce the items, so the contract between them (context
lists, ``enclosure``) is what is tested.
"""

import feedparser
from lxml import etree
from test_bulletins import issue_files
from test_qa import FIELDS, entry

SITE = "https://example.test"
ATOM = "{http://www.w3.org/2005/Atom}"


def build(build_site):
    files = {
        **issue_files(3, 2019, "30/09/2019"),
        **issue_files(1, 2020, "15/01/2020"),
        "qa/mat-ong.md": entry("Đăng ký nhãn hiệu cho mật ong?"),
        "qa/chua-tra-loi.md": entry("Câu hỏi chưa trả lời", answerer=None,
                                    answered=None, answer=""),
    }
    return build_site(files, QA_FIELDS=FIELDS, SITEURL=SITE)


def test_bulletin_feeds_carry_each_pdf_as_an_enclosure(build_site):
    output = build(build_site)
    rss = etree.parse(str(output / "feeds/ban-tin.rss.xml"))
    items = rss.findall("channel/item")
    assert [i.findtext("title") for i in items][0].endswith("1/2020")  # newest first
    for item in items:
        enclosure = item.find("enclosure")
        url = enclosure.get("url")
        assert url.startswith(f"{SITE}/ban-tin/") and url.endswith(".pdf")
        published = output / url.removeprefix(f"{SITE}/")
        assert int(enclosure.get("length")) == published.stat().st_size
        assert enclosure.get("type") == "application/pdf"
        assert item.find("guid").get("isPermaLink") == "false"
    atom = etree.parse(str(output / "feeds/ban-tin.atom.xml"))
    for entry_element in atom.findall(f"{ATOM}entry"):
        enclosure = entry_element.find(f"{ATOM}link[@rel='enclosure']")
        assert enclosure.get("type") == "application/pdf"
        assert int(enclosure.get("length")) > 0
    parsed = feedparser.parse(str(output / "feeds/ban-tin.atom.xml"))
    assert not parsed.bozo


def test_qa_feeds_list_only_answered_entries(build_site):
    output = build(build_site)
    for name in ("feeds/hoi-dap.rss.xml", "feeds/hoi-dap.atom.xml"):
        parsed = feedparser.parse(str(output / name))
        assert not parsed.bozo, name
        assert [e.title for e in parsed.entries] == ["Đăng ký nhãn hiệu cho mật ong?"]
        assert parsed.entries[0].link == f"{SITE}/hoi-dap/dang-ky-nhan-hieu-cho-mat-ong/"
        assert parsed.feed.language == "vi", name


def test_bulletin_and_qa_pages_announce_their_feeds(build_site, read_html):
    output = build(build_site)
    bulletin_links = {
        link["href"] for link in
        read_html(output / "ban-tin/index.html").select("link[rel=alternate]")
    }
    assert f"{SITE}/feeds/ban-tin.rss.xml" in bulletin_links
    qa_links = {
        link["href"] for link in
        read_html(output / "hoi-dap/index.html").select("link[rel=alternate]")
    }
    assert f"{SITE}/feeds/hoi-dap.atom.xml" in qa_links


def test_bulletins_and_qa_stay_out_of_the_news_archive(build_site):
    output = build(build_site)
    assert not (output / "tin-tuc/2019/09/30").exists()
    days = (output / "luu-tru/ngay-co-tin.json").read_text(encoding="utf-8")
    assert '"2019"' not in days and '"2020"' not in days


def test_an_issue_without_introduction_has_no_blank_content(build_site):
    """The W3C validator warns on an empty <content/> ("should not be blank")."""
    output = build(build_site)  # the issues have no introduction (empty body)
    atom = etree.parse(str(output / "feeds/ban-tin.atom.xml"))
    for entry_element in atom.findall(f"{ATOM}entry"):
        for content in entry_element.findall(f"{ATOM}content"):
            assert (content.text or "").strip()
        assert (entry_element.findtext(f"{ATOM}summary") or "").strip()
    rss = etree.parse(str(output / "feeds/ban-tin.rss.xml"))
    encoded = "{http://purl.org/rss/1.0/modules/content/}encoded"
    for item in rss.findall("channel/item"):
        for content in item.findall(encoded):
            assert (content.text or "").strip()
