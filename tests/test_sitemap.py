"""sitemap.xml past one file's limit: a sitemap index and its parts.

The protocol (sitemaps.org) allows 50,000 URLs or 50 MB in one file; the site is
built here with a limit of a few URLs so that it needs several parts, and read back
with lxml as a search engine would: robots.txt → sitemap.xml → each part.
"""

import datetime
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from lxml import etree
from sitemap.sitemap import sitemap_files

NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
SITE = "https://example.test"
# W3C Datetime, as the protocol asks for <lastmod>.
W3C_DATETIME = re.compile(
    r"\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d))?$"
)

ARTICLES = {
    f"news/bai-{day}.md": f"""\
        Title: Tin số {day}
        Date: {day:02d}/08/2019
        Category: {category}
        Author: Thu Hà
        Summary: Tóm tắt tin số {day}.

        Nội dung tin số {day}.
        """
    for day, category in [(1, "Thanh tra"), (2, "Khoa học - Công nghệ"),
                          (3, "Thanh tra"), (4, "Hoạt động của Sở"),
                          (5, "Khoa học - Công nghệ"), (6, "Thanh tra")]
}


def read_xml(path):
    return etree.parse(str(path)).getroot()


def sitemap_from_robots(output):
    """The sitemap address robots.txt gives, as a file of the output."""
    lines = (output / "robots.txt").read_text(encoding="utf-8").splitlines()
    [address] = [line.removeprefix("Sitemap: ") for line in lines
                 if line.startswith("Sitemap: ")]
    return output / urlsplit(address).path.lstrip("/")


def assert_valid_urlset(root, max_urls):
    """The protocol's structure of one sitemap: <urlset> of <url>s, each one <loc>."""
    assert root.tag == f"{{{NS}}}urlset"
    assert 0 < len(root) <= max_urls
    for url in root:
        assert url.tag == f"{{{NS}}}url"
        assert [child.tag for child in url][:1] == [f"{{{NS}}}loc"]
        assert {child.tag for child in url} <= {f"{{{NS}}}loc", f"{{{NS}}}lastmod"}
        assert url.findtext(f"{{{NS}}}loc").startswith(SITE + "/")
        lastmod = url.findtext(f"{{{NS}}}lastmod")
        assert lastmod is None or W3C_DATETIME.match(lastmod), lastmod


def site_pages(output):
    """The address of every HTML page of the output but 404.html and the feedback
    forms' thank-you and error pages under phan-hoi/ (noindex, no page to find)."""
    return sorted(
        SITE + "/" + path.relative_to(output).as_posix().removesuffix("index.html")
        for path in output.rglob("*.html")
        if path.name != "404.html" and path.relative_to(output).parts[0] != "phan-hoi"
    )


@pytest.fixture
def split_site(build_site):
    return build_site(ARTICLES, SITEMAP_MAX_URLS=5)


def test_robots_points_at_a_sitemap_index_of_parts(split_site):
    index = read_xml(sitemap_from_robots(split_site))
    assert index.tag == f"{{{NS}}}sitemapindex"
    parts = [s.findtext(f"{{{NS}}}loc") for s in index.iter(f"{{{NS}}}sitemap")]
    assert len(parts) >= 3
    for address in parts:
        assert re.fullmatch(re.escape(SITE) + r"/sitemap-\d+\.xml", address)
        assert_valid_urlset(read_xml(split_site / urlsplit(address).path[1:]), 5)


def test_every_page_is_in_exactly_one_part(split_site):
    index = read_xml(split_site / "sitemap.xml")
    listed = []
    for address in index.iter(f"{{{NS}}}loc"):
        part = read_xml(split_site / urlsplit(address.text).path[1:])
        listed += [loc.text for loc in part.iter(f"{{{NS}}}loc")]
    assert sorted(listed) == site_pages(split_site)
    assert len(listed) > 10


def test_index_lastmod_is_the_newest_of_its_part(split_site):
    index = read_xml(split_site / "sitemap.xml")
    for entry in index.iter(f"{{{NS}}}sitemap"):
        part = read_xml(split_site / urlsplit(entry.findtext(f"{{{NS}}}loc")).path[1:])
        dates = [d.text for d in part.iter(f"{{{NS}}}lastmod")]
        expected = max(map(datetime.datetime.fromisoformat, dates)) if dates else None
        given = entry.findtext(f"{{{NS}}}lastmod")
        assert (given and datetime.datetime.fromisoformat(given)) == expected


def test_below_the_limit_one_sitemap_and_no_parts(build_site):
    output = build_site(ARTICLES)
    root = read_xml(sitemap_from_robots(output))
    assert_valid_urlset(root, 50_000)
    assert sorted(loc.text for loc in root.iter(f"{{{NS}}}loc")) == site_pages(output)
    assert not list(Path(output).glob("sitemap-*.xml"))


def test_parts_stay_under_the_byte_limit():
    entries = {f"tin-tuc/bai-so-{n:04d}/index.html": None for n in range(300)}
    limit = 4_000
    files = sitemap_files(entries, SITE, max_urls=50_000, max_bytes=limit)
    parts = {name: text for name, text in files.items() if name != "sitemap.xml"}
    assert len(parts) > 3
    assert all(len(text.encode("utf-8")) <= limit for text in parts.values())
    locs = [loc.text for text in parts.values()
            for loc in etree.fromstring(text.encode()).iter(f"{{{NS}}}loc")]
    assert sorted(locs) == sorted(f"{SITE}/tin-tuc/bai-so-{n:04d}/" for n in range(300))


def test_lastmod_comes_from_content_dates_never_from_file_times(build_site):
    """A page with no date in its metadata has no <lastmod>, and a file whose
    mtime moves with nothing edited (a ``git checkout``) leaves sitemap.xml as it
    was: the sitemap says what the content says."""
    files = {**ARTICLES, "pages/dieu-khoan.md": "Title: Điều khoản sử dụng\n\nĐiều khoản.\n"}
    output = build_site(files)
    sitemap = (output / "sitemap.xml").read_bytes()
    entries = {url.findtext(f"{{{NS}}}loc"): url.findtext(f"{{{NS}}}lastmod")
               for url in read_xml(output / "sitemap.xml")}
    about = [loc for loc in entries if "dieu-khoan" in loc]
    assert about and entries[about[0]] is None
    assert entries[f"{SITE}/tin-tuc/2019/08/tin-so-1/"].startswith("2019-08-01")
    source = output.parent / "content/pages/dieu-khoan.md"
    os.utime(source, (2_000_000_000, 2_000_000_000))
    assert (build_site(files) / "sitemap.xml").read_bytes() == sitemap
