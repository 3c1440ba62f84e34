"""The date picker "Các tin đã đưa ngày:" in headless Chromium, driven by Playwright.

One small site is built in development mode (relative URLs) and served on a free
loopback port; a reader picks days with and without news, with and without
JavaScript.
"""

import textwrap
from urllib.parse import urlsplit

import pytest
from conftest import ROOT, served

import tasks

DATA_FILE = "luu-tru/ngay-co-tin.json"


def article(title, date):
    return f"Title: {title}\nDate: {date}\nCategory: Thanh tra\n\nNội dung {title}.\n"


FILES = {
    "news/a.md": article("Tin ngày chín", "09/08/2019 08:00"),
    "news/b.md": article("Tin ngày mười hai", "12/08/2019"),
    "news/c.md": article("Tin tháng chín", "02/09/2019"),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """Build FILES with the development settings and serve them on 127.0.0.1:<free>."""
    folder = tmp_path_factory.mktemp("picker")
    for relpath, text in FILES.items():
        target = folder / "content" / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text), encoding="utf-8")
    output = tasks.build_site(
        ROOT / "pelicanconf.py",
        folder / "output",
        PATH=str(folder / "content"),
        CACHE_PATH=str(folder / "cache"),
    )
    with served(output) as origin:
        yield f"{origin}/"


@pytest.fixture
def open_page(browser):
    """A fresh page that records every URL it requests."""
    contexts = []

    def _open(url, javascript=True):
        context = browser.new_context(java_script_enabled=javascript)
        contexts.append(context)
        page = context.new_page()
        page.requested = []
        page.on("request", lambda request: page.requested.append(request.url))
        page.goto(url, wait_until="load")
        return page

    yield _open
    for context in contexts:
        context.close()


def pick(page, iso_day):
    page.fill("form.date-picker input[type=date]", iso_day)
    with page.expect_navigation():
        page.click("form.date-picker button[type=submit]")
    page.wait_for_load_state("load")


def test_a_day_with_news_opens_its_page(site, open_page):
    page = open_page(site)
    pick(page, "2019-08-12")
    assert urlsplit(page.url).path == "/tin-tuc/2019/08/12/"
    assert page.text_content("h1") == "Các tin đã đưa ngày 12/08/2019"
    assert page.is_hidden(".archive-notice")


def test_a_day_without_news_opens_the_nearest_earlier_day_and_says_so(site, open_page):
    page = open_page(site + "tin-tuc/2019/09/02/")
    pick(page, "2019-08-10")
    assert urlsplit(page.url).path == "/tin-tuc/2019/08/09/"
    assert page.text_content("h1") == "Các tin đã đưa ngày 09/08/2019"
    assert page.is_visible(".archive-notice")
    assert page.text_content(".archive-notice") == (
        "Không có tin ngày 10/08/2019; đang hiển thị ngày gần nhất trước đó: 09/08/2019"
    )


def test_a_day_after_the_newest_news_opens_the_newest_day(site, open_page):
    page = open_page(site + "luu-tru/")
    pick(page, "2024-01-01")
    assert urlsplit(page.url).path == "/tin-tuc/2019/09/02/"
    assert "Không có tin ngày 01/01/2024" in page.text_content(".archive-notice")


def test_a_day_before_any_news_opens_the_oldest_day(site, open_page):
    page = open_page(site)
    pick(page, "2019-01-05")
    assert urlsplit(page.url).path == "/tin-tuc/2019/08/09/"
    assert page.text_content(".archive-notice") == (
        "Không có tin ngày 05/01/2019 và những ngày trước đó; "
        "đang hiển thị ngày sớm nhất có tin: 09/08/2019"
    )


def test_day_list_is_loaded_only_when_the_picker_is_used(site, open_page):
    page = open_page(site + "tin-tuc/2019/08/tin-ngay-chin/")
    page.wait_for_load_state("networkidle")
    assert not [url for url in page.requested if url.endswith(DATA_FILE)]
    pick(page, "2019-09-02")
    assert [url for url in page.requested if url.endswith(DATA_FILE)] == [
        site + DATA_FILE
    ]
    own_host = urlsplit(site).netloc
    assert [url for url in page.requested if urlsplit(url).netloc != own_host] == []


def test_without_javascript_the_picker_opens_the_archive_index(site, open_page):
    page = open_page(site + "tin-tuc/2019/08/12/", javascript=False)
    pick(page, "2019-08-10")
    assert urlsplit(page.url).path == "/luu-tru/"
    assert page.text_content("h1") == "Lưu trữ"
    assert page.is_visible("a[href$='tin-tuc/2019/08/']")
