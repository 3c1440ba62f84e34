"""Every feed the site writes passes the W3C feed validator's rules we can run offline.

The real content/ is built twice: as published (an absolute SITEURL: the shared
``sample_site``) and as in development (SITEURL "", the feeds written for
FEEDS_DEVELOPMENT_SITEURL), this one with the types whose items carry no category
and often no text (procedures, tasks, calls, documents, Q&A). Each feed is read
back with feedparser (not "bozo") and lxml, and held to what the validator reports
as an error or a warning: an entry with no textual content, two entries with one
atom:updated, a repeated id, a missing id/title/date/link/author, a date without
its offset, a self link that is not where the feed lives, a relative link inside
an item, an id that is not a tag:/urn:/https: IRI, and the default category
("Chưa phân loại") of a type that has none. bench/feed_validator.py runs the
validator itself.
"""

import re
import shutil
from datetime import datetime
from pathlib import Path

import feedparser
import pytest
import sitebuild
from bs4 import BeautifulSoup
from lxml import etree

from conftest import ROOT
from pelicanconf import DEFAULT_CATEGORY, FEEDS_DEVELOPMENT_SITEURL

ATOM = "{http://www.w3.org/2005/Atom}"
ID = re.compile(r"^(?:tag:[\w.-]+,\d{4}(?:-\d\d){0,2}:\S+|urn:[a-z0-9][a-z0-9-]{0,31}:"
                r"\S+|https?://\S+)$", re.IGNORECASE)
# With the types below and no news: quick, and each has items without text or
# sharing one date.
DEV_FOLDERS = ("procedures", "tasks", "task-calls", "qa", "documents")


def _text(html):
    return BeautifulSoup(html or "", "html.parser").get_text().strip()


def _relative_links(html):
    soup = BeautifulSoup(html or "", "html.parser")
    return [value for tag in soup.find_all(True)
            for name in ("href", "src") if (value := tag.get(name))
            and not re.match(r"^[a-z][a-z0-9+.-]*:", value, re.IGNORECASE)]


def _aware(value):
    return datetime.fromisoformat(value).tzinfo is not None


def atom_findings(root, self_url):
    findings = []
    link = root.find(f"{ATOM}link[@rel='self']")
    if link is None or link.get("href") != self_url:
        findings.append(f"self link is not {self_url}")
    updated, ids = {}, set()
    for number, entry in enumerate(root.findall(f"{ATOM}entry"), 1):
        where = f"entry {number}"
        for name in ("id", "title", "updated"):
            if not (entry.findtext(f"{ATOM}{name}") or "").strip():
                findings.append(f"{where}: no {name}")
        entry_id = entry.findtext(f"{ATOM}id") or ""
        if not ID.match(entry_id):
            findings.append(f"{where}: id {entry_id!r} is not a tag:/urn:/https: IRI")
        if entry_id in ids:
            findings.append(f"{where}: id {entry_id} repeated")
        ids.add(entry_id)
        when = entry.findtext(f"{ATOM}updated") or ""
        if when in updated:
            findings.append(f"{where}: same atom:updated {when} as entry "
                            f"{updated[when]}")
        updated[when] = number
        for name in ("updated", "published"):
            value = entry.findtext(f"{ATOM}{name}")
            if value and not _aware(value):
                findings.append(f"{where}: {name} {value} has no offset")
        if entry.find(f"{ATOM}link[@rel='alternate']") is None and entry.find(
                f"{ATOM}link") is None:
            findings.append(f"{where}: no link")
        if not (entry.findtext(f"{ATOM}author/{ATOM}name") or "").strip():
            findings.append(f"{where}: no author name")
        texts = [entry.findtext(f"{ATOM}{name}") for name in ("summary", "content")]
        if not any(_text(text) for text in texts):
            findings.append(f"{where}: missing textual content")
        for text in texts:
            for url in _relative_links(text):
                findings.append(f"{where}: relative link {url}")
        for category in entry.findall(f"{ATOM}category"):
            if category.get("term") == DEFAULT_CATEGORY:
                findings.append(f"{where}: category {DEFAULT_CATEGORY}")
    return findings


def rss_findings(root, self_url):
    findings = []
    channel = root.find("channel")
    for name in ("title", "link", "description", "language"):
        if not (channel.findtext(name) or "").strip():
            findings.append(f"channel: no {name}")
    link = channel.find("{http://www.w3.org/2005/Atom}link[@rel='self']")
    if link is None or link.get("href") != self_url:
        findings.append(f"self link is not {self_url}")
    guids = set()
    for number, item in enumerate(channel.findall("item"), 1):
        where = f"item {number}"
        for name in ("title", "link", "guid", "pubDate"):
            if not (item.findtext(name) or "").strip():
                findings.append(f"{where}: no {name}")
        guid = item.findtext("guid") or ""
        if guid in guids:
            findings.append(f"{where}: guid {guid} repeated")
        guids.add(guid)
        if not ID.match(guid):
            findings.append(f"{where}: guid {guid!r} is not a tag:/urn:/https: IRI")
        description = item.findtext("description")
        encoded = item.findtext("{http://purl.org/rss/1.0/modules/content/}encoded")
        if not (_text(description) or _text(encoded)):
            findings.append(f"{where}: missing textual content")
        for url in _relative_links(description) + _relative_links(encoded):
            findings.append(f"{where}: relative link {url}")
        for category in item.findall("category"):
            if category.text == DEFAULT_CATEGORY:
                findings.append(f"{where}: category {DEFAULT_CATEGORY}")
    return findings


def feed_findings(output, siteurl):
    """{feed path: [what the validator would report]} for every feed of a site."""
    found = {}
    for path in sorted(Path(output, "feeds").rglob("*.xml")):
        relative = path.relative_to(output).as_posix()
        self_url = f"{siteurl}/{relative}"
        parsed = feedparser.parse(str(path))
        findings = [f"not well-formed: {parsed.bozo_exception}"] if parsed.bozo else []
        root = etree.parse(str(path)).getroot()
        if root.tag == f"{ATOM}feed":
            findings += atom_findings(root, self_url)
        else:
            findings += rss_findings(root, self_url)
        found[relative] = findings
    return found


@pytest.fixture(scope="module")
def dev_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("feeds-dev")
    for folder in DEV_FOLDERS:
        shutil.copytree(ROOT / "content" / folder, root / "content" / folder)
    sitebuild.build_site(ROOT / "pelicanconf.py", root / "output",
                         PATH=str(root / "content"), CACHE_PATH=str(root / "cache"))
    return root / "output"


def test_every_feed_of_the_development_build_is_valid(dev_site):
    found = feed_findings(dev_site, FEEDS_DEVELOPMENT_SITEURL)
    assert "feeds/thu-tuc-hanh-chinh.atom.xml" in found
    assert "feeds/nhiem-vu.atom.xml" in found
    assert {feed: problems for feed, problems in found.items() if problems} == {}


def test_every_feed_of_the_published_build_is_valid(sample_site):
    found = feed_findings(sample_site.output, sample_site.origin)
    assert len(found) >= 20
    assert {feed: problems for feed, problems in found.items() if problems} == {}


def test_a_procedure_without_description_says_what_it_is(dev_site):
    parsed = feedparser.parse(str(dev_site / "feeds/thu-tuc-hanh-chinh.atom.xml"))
    entry = next(e for e in parsed.entries if e.title.startswith(
        "Cấp giấy chứng nhận doanh nghiệp khoa học và công nghệ"))
    assert "Mã thủ tục: 1.004657" in entry.summary
    assert [tag.term for tag in entry.tags] == ["Hoạt động khoa học và công nghệ"]


def test_shared_dates_stay_on_their_true_day(dev_site):
    parsed = feedparser.parse(str(dev_site / "feeds/thu-tuc-hanh-chinh.atom.xml"))
    for entry in parsed.entries:
        published = datetime.fromisoformat(entry.published)
        updated = datetime.fromisoformat(entry.updated)
        assert 0 <= (updated - published).total_seconds() < 60
