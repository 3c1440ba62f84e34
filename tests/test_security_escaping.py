"""Every value is escaped (Jinja autoescape), only sanitised HTML
is marked safe, no filter turns entities back into markup, and JSON-LD is inert.

One hostile site (fixture ``hostile_site``: every attack in every field and body of
every content type, built with the refusals off) is read back: its pages, feeds,
JSON-LD, sitemap and search records must hold no executable content, and the
hostile text must still be there as text (escaped, not silently dropped).
"""

import gzip
import json

import lxml.html
import pytest
from bs4 import BeautifulSoup
from conftest import ROOT
from editor_html.escaping import plain_text, script_json
from jinja2 import Environment
from lxml import etree
from markupsafe import Markup
from pelican.settings import read_settings
from security_attacks import ENCODED_ATTACK, EVIL, TEXT_ATTACKS
from sitecheck.sitecheck import check_site

ARTICLE = "tin-tuc/2020/02/tan-cong/index.html"
ENCODED = "tin-tuc/2020/02/ma-hoa/index.html"
QA = "hoi-dap/hoi-tan-cong/index.html"
BULLETIN = "ban-tin/2020/so-1/index.html"
PAGE = "trang-tan-cong/index.html"
TASK = "nhiem-vu/nhiem-vu-tan-cong/index.html"
CALL = "nhiem-vu/thong-bao/thong-bao-tan-cong/index.html"


def page(site, path):
    return BeautifulSoup((site.output / path).read_text(encoding="utf-8"),
                         "html.parser")


def html_files(site):
    return sorted(p for p in site.output.rglob("*.html")
                  if "pagefind" not in p.parts)


# --- the filters and the settings -----------------------------------------------------
def test_autoescape_is_on_for_every_template():
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    assert settings["JINJA_ENVIRONMENT"]["autoescape"] is True
    templates = list((ROOT / "theme/templates").rglob("*.html"))
    assert templates
    for template in templates:
        text = template.read_text(encoding="utf-8")
        assert "striptags" not in text, template
        assert "autoescape false" not in text, template


@pytest.mark.parametrize(("html", "text"), [
    ("<p>Đoạn <strong>một</strong>; hai</p><p>ba</p>", "Đoạn một; hai ba"),
    (ENCODED_ATTACK, "<script>alert(106)</script>"),
    ("<script>alert(1)</script>Chữ", "Chữ"),
    ("a &amp; b &lt;i&gt;", "a & b <i>"),
    (None, ""),
])
def test_plain_text_gives_text_never_markup(html, text):
    result = plain_text(html)
    assert result == text
    assert not isinstance(result, Markup)  # so autoescape escapes it again


def test_plain_text_output_is_escaped_by_autoescape():
    env = Environment(autoescape=True)
    env.filters["plain_text"] = plain_text
    out = env.from_string('<p title="{{ s | plain_text }}">{{ s | plain_text }}</p>'
                          ).render(s=ENCODED_ATTACK)
    assert "<script>" not in out
    assert out.count("&lt;script&gt;") == 2


def test_script_json_is_inert_inside_a_script_element():
    data = {"a": "</script><script>alert(1)</script><!-- & -->"}
    text = script_json(data)
    assert not set("<>&") & set(text)
    assert json.loads(text) == data


def test_there_is_one_json_ld_escaper():
    """No plugin serialises JSON for a <script> itself (they call script_json)."""
    users = [p for p in (ROOT / "plugins").rglob("*.py")
             if "script_json" in p.read_text(encoding="utf-8")]
    # JSON made for a <script> is escaped; plain json.dumps calls elsewhere write
    # cache files. An escaper is recognisable by what it replaces.
    escapers = [p for p in (ROOT / "plugins").rglob("*.py")
                if "u003c" in p.read_text(encoding="utf-8")
                or '"</"' in p.read_text(encoding="utf-8")]
    assert {p.parent.name for p in users} >= {"portal", "qa", "editor_html"}
    assert escapers == [ROOT / "plugins/editor_html/escaping.py"], escapers


# --- the hostile site, read back ------------------------------------------------------
def test_build_reported_what_the_sanitiser_removed(hostile_site):
    assert any("tan-cong.md" in w and "[E-RAW-HTML]" in w
               for w in hostile_site.warnings)


def test_no_page_or_feed_carries_executable_content(hostile_site):
    problems = [p for p in check_site(hostile_site.output, hostile_site.origin)
                if p.code in ("E-ACTIVE-CONTENT", "E-ASSET-EXTERNAL")]
    assert problems == [], [str(p) for p in problems]


def test_no_page_loads_or_submits_to_another_host(hostile_site):
    for path in html_files(hostile_site):
        document = lxml.html.fromstring(path.read_bytes())
        for element in document.iter(etree.Element):
            for name, value in element.attrib.items():
                if name in ("src", "srcset", "action", "formaction", "data", "poster"):
                    assert EVIL not in value, (path, element.tag, name, value)
                if element.tag == "link" and name == "href":
                    assert EVIL not in value, (path, value)


@pytest.mark.parametrize(("path", "selector", "text"), [
    (ARTICLE, "h1", TEXT_ATTACKS[0]),
    (ARTICLE, "title", TEXT_ATTACKS[0] + " – "),
    (ARTICLE, ".byline", TEXT_ATTACKS[1]),
    # The article's breadcrumb stops at its category; the title is in listings.
    ("tin-tuc/index.html", ".entry-summary h2 a", TEXT_ATTACKS[0]),
    (ENCODED, "h1", ENCODED_ATTACK),
    (QA, "h1", TEXT_ATTACKS[0]),
    (QA, ".qa-question p", TEXT_ATTACKS[3]),
    (QA, ".qa-asker", TEXT_ATTACKS[1]),
    (QA, ".qa-answerer", TEXT_ATTACKS[4]),
    (BULLETIN, "h1", TEXT_ATTACKS[1]),
    (BULLETIN, ".bulletin-toc li", TEXT_ATTACKS[0]),
    (PAGE, "h1", TEXT_ATTACKS[3]),
    (TASK, "h1", TEXT_ATTACKS[0]),
    (TASK, "[data-task-host]", TEXT_ATTACKS[3]),
    (TASK, ".task-meta", TEXT_ATTACKS[1]),
    (TASK, ".task-results", TEXT_ATTACKS[4]),
    (TASK, ".task-results li", "\"><img src=x onerror=alert(109)>"),
    ("nhiem-vu/danh-muc/2020/index.html", ".task-table", TEXT_ATTACKS[3]),
    (CALL, "h1", TEXT_ATTACKS[2]),
    (CALL, ".document-meta", ENCODED_ATTACK),
])
def test_hostile_text_is_shown_as_text(hostile_site, path, selector, text):
    soup = page(hostile_site, path)
    shown = " ".join(e.get_text(" ", strip=True) for e in soup.select(selector))
    assert text in shown, shown


def test_entity_encoded_markup_stays_text_in_listings_and_meta(hostile_site):
    """striptags used to turn &lt;script&gt; into a live tag here."""
    listing = page(hostile_site, "tin-tuc/index.html")
    summaries = [p.get_text() for p in listing.select(".summary")]
    assert "<script>alert(106)</script>" in summaries
    article = page(hostile_site, ENCODED)
    description = article.find("meta", attrs={"name": "description"})["content"]
    assert description == "<script>alert(106)</script>"
    for soup in (listing, article):
        assert not [s for s in soup.find_all("script") if "alert" in s.get_text()
                    and s.get("type") != "application/ld+json"]


def test_meta_tags_carry_the_title_as_text(hostile_site):
    soup = page(hostile_site, ARTICLE)
    assert soup.find("meta", property="og:title")["content"] == TEXT_ATTACKS[0]
    assert len(soup.find_all("meta", property="og:title")) == 1


@pytest.mark.parametrize("path", [ARTICLE, ENCODED, QA, TASK])
def test_json_ld_is_inert_and_keeps_the_text(hostile_site, path):
    raw = (hostile_site.output / path).read_text(encoding="utf-8")
    soup = BeautifulSoup(raw, "html.parser")
    blocks = soup.find_all("script", type="application/ld+json")
    assert len(blocks) == 1
    body = blocks[0].string
    assert not set("<>&") & set(body)
    data = json.loads(body)
    headline = (data.get("headline") or data.get("mainEntity", {}).get("name")
                or data["name"])
    assert headline in (TEXT_ATTACKS[0], ENCODED_ATTACK)
    # Exactly the scripts the templates write: the theme's files and the JSON-LD.
    for script in soup.find_all("script"):
        assert script.get("src") or script.get("type") == "application/ld+json"


def test_feeds_carry_sanitised_html_and_text_titles(hostile_site):
    feed = etree.parse(str(hostile_site.output / "feeds/tin-tuc.atom.xml"))
    atom = "{http://www.w3.org/2005/Atom}"
    entries = {e.findtext(f"{atom}title"): e for e in feed.iter(f"{atom}entry")}
    assert TEXT_ATTACKS[0] in entries  # the title as written, as text
    content = entries[TEXT_ATTACKS[0]].findtext(f"{atom}content")
    assert "Đoạn mở đầu." in content
    fragment = lxml.html.fragment_fromstring(content, create_parent="div")
    assert not fragment.xpath("//script|//iframe|//form|//base|//meta|//svg|//style")
    assert not [a for e in fragment.iter(etree.Element) for a in e.attrib
                if a.startswith("on")]
    assert "javascript:" not in content.lower()


def test_sitemap_is_well_formed_and_names_only_this_site(hostile_site):
    tree = etree.parse(str(hostile_site.output / "sitemap.xml"))
    locs = [e.text for e in tree.iter("{*}loc")]
    assert locs and all(u.startswith(hostile_site.origin + "/") for u in locs)
    assert hostile_site.url("tin-tuc/2020/02/tan-cong/") in locs


def _pagefind_records(output):
    for fragment in (output / "pagefind").rglob("fragment/*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes())
        yield json.loads(data[data.index(b"{"):])


def test_search_records_hold_the_text_not_markup(hostile_site):
    records = list(_pagefind_records(hostile_site.output))
    titles = [r["meta"]["title"] for r in records]
    assert TEXT_ATTACKS[0] in titles
    article = next(r for r in records if r["meta"]["title"] == TEXT_ATTACKS[0])
    # The record holds the sanitised body: its text, not what was in removed
    # attributes (<svg/onload=alert(9)>, javascript:alert(1) links).
    assert "Đoạn mở đầu." in article["content"]
    assert "alert(9)" not in article["content"]
    assert "javascript:" not in article["content"].lower()


def test_search_record_html_escapes_every_value():
    from datetime import datetime
    from types import SimpleNamespace

    from site_search.records import record_html

    item = SimpleNamespace(
        title=TEXT_ATTACKS[0], content="<p>Nội dung</p>", date=datetime(2020, 2, 1),
        category=SimpleNamespace(name=TEXT_ATTACKS[1]),
        metadata={"question": TEXT_ATTACKS[3], "summary": "<p>Tóm tắt</p>"})
    html = record_html(item, TEXT_ATTACKS[4], "vi")
    document = lxml.html.fromstring(html)
    assert not document.xpath("//script|//img|//svg")
    assert document.findtext(".//h1") == TEXT_ATTACKS[0]
    assert TEXT_ATTACKS[3] in document.xpath("string(//main/p[1])")


def test_gate_refuses_executable_content_in_pages_and_feeds(tmp_path):
    """The gate's check on files, so the hostile-site test above can fail."""
    site = tmp_path / "site"
    (site / "feeds").mkdir(parents=True)
    origin = "https://example.test"
    (site / "index.html").write_text(
        "<!DOCTYPE html><html><head>"
        '<script type="application/ld+json">{"a": 1}</script>'
        '<meta http-equiv="refresh" content="0; url=/tin-tuc/">'
        "</head><body><script>alert(1)</script>"
        '<a href=" jav&#x09;ascript:alert(2)">x</a><p onclick="alert(3)">p</p>'
        f'<form action="https://{EVIL}/"></form><base href="https://{EVIL}/">'
        "</body></html>", encoding="utf-8")
    (site / "tin-tuc").mkdir()
    (site / "tin-tuc/index.html").write_text(
        f'<meta http-equiv="refresh" content="0;url=https://{EVIL}/">'
        '<form action="/tim-kiem/"></form>', encoding="utf-8")
    (site / "feeds/tin.atom.xml").write_text(
        '<feed xmlns="http://www.w3.org/2005/Atom"><entry><content type="html">'
        "&lt;img src=x onerror=alert(4)&gt;</content></entry></feed>",
        encoding="utf-8")
    found = sorted((p.page, p.target.split()[0]) for p in check_site(site, origin)
                   if p.code == "E-ACTIVE-CONTENT")
    assert found == [
        ("feeds/tin.atom.xml", "<img"),
        ("index.html", "<a"),
        ("index.html", "<base>"),
        ("index.html", "<form"),
        ("index.html", "<p"),
        ("index.html", "<script>"),
        ("tin-tuc/index.html", '<meta'),
    ]
