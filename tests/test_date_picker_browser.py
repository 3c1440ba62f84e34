"""The date picker "Các tin đã đưa ngày" in headless Chromium, driven by Playwright.

One small site is built in development mode (relative URLs) and served on a free
loopback port; a reader picks days with and without news, under an English and a
Vietnamese browser, with and without JavaScript (then answered by the real nginx
with the shipped config, and by the preview server).
"""

import textwrap
import threading
from urllib.parse import urlsplit

import pytest
from conftest import ROOT, served, settle
from playwright.sync_api import expect
from editorial import livereload
from servers import start_nginx  # noqa: F401 - a fixture

import sitebuild

DATA_FILE = "luu-tru/ngay-co-tin.json"


def article(title, date):
    return f"Title: {title}\nDate: {date}\nCategory: Thanh tra\n\nNội dung {title}.\n"


FILES = {
    "news/a.md": article("Tin ngày chín", "09/08/2019 08:00"),
    "news/b.md": article("Tin ngày mười hai", "12/08/2019"),
    "news/c.md": article("Tin tháng chín", "02/09/2019"),
}


@pytest.fixture(scope="module")
def site_output(tmp_path_factory):
    """FILES built once with the development settings (relative URLs)."""
    folder = tmp_path_factory.mktemp("picker")
    for relpath, text in FILES.items():
        target = folder / "content" / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text), encoding="utf-8")
    return sitebuild.build_site(
        ROOT / "pelicanconf.py",
        folder / "output",
        PATH=str(folder / "content"),
        CACHE_PATH=str(folder / "cache"),
    )


@pytest.fixture(scope="module")
def site(site_output):
    """The site on a plain static server at 127.0.0.1:<free>; its root URL."""
    with served(site_output) as origin:
        yield f"{origin}/"


@pytest.fixture
def open_page(new_page):
    """A fresh page (conftest's new_page) that records every URL it requests."""

    def _open(url, javascript=True, locale="vi-VN"):
        page = new_page(java_script_enabled=javascript, locale=locale)
        page.requested = []
        page.on("request", lambda request: page.requested.append(request.url))
        page.goto(url, wait_until="load")
        return page

    return _open


def pick(page, iso_day):
    year, month, day = iso_day.split("-")
    for name, value in (("ngay", day), ("thang", month), ("nam", year)):
        page.select_option(f"form.date-picker select[name={name}]", value)
    with page.expect_navigation():
        page.click("form.date-picker button[type=submit]")
    page.wait_for_load_state("load")


@pytest.mark.parametrize("locale", ["en-US", "vi-VN"])
@pytest.mark.parametrize("javascript", [True, False])
def test_09_08_2019_opens_9_august_in_any_locale(
        site, open_page, locale, javascript,
        start_nginx, site_output, tmp_path):  # noqa: F811 - the imported fixture
    """Day first, whatever the browser's language: 09/08/2019 is 9 August.

    Without JavaScript the form is answered by the real nginx with the shipped config.
    """
    if javascript:
        origin = site
    else:
        (tmp_path / "srv").mkdir()
        (tmp_path / "srv" / "current").symlink_to(site_output)
        origin = start_nginx(tmp_path / "srv").url("/")
    page = open_page(origin + "tin-tuc/2019/09/02/", javascript=javascript,
                     locale=locale)
    assert page.evaluate("navigator.language") == locale
    assert [page.text_content(f"label[for=date-picker-{name}]")
            for name in ("ngay", "thang", "nam")] == ["Ngày", "Tháng", "Năm"]
    pick(page, "2019-08-09")
    assert urlsplit(page.url).path == "/tin-tuc/2019/08/09/"
    assert page.text_content("h1") == "Các tin đã đưa ngày 09/08/2019"
    assert "Tin ngày chín" in page.text_content("main")
    assert page.is_hidden(".archive-notice")


def test_without_javascript_nginx_opens_the_month_of_a_day_without_news(
        open_page, start_nginx, site_output, tmp_path):  # noqa: F811
    (tmp_path / "current").symlink_to(site_output)
    page = open_page(start_nginx(tmp_path).url("/tin-tuc/2019/08/12/"),
                     javascript=False)
    pick(page, "2019-08-10")
    assert urlsplit(page.url).path == "/tin-tuc/2019/08/"
    assert page.text_content("h1") == "Tin tức tháng 8/2019"


def test_without_javascript_the_preview_server_answers_the_picker(open_page,
                                                                  site_output):
    server = livereload.make_server(site_output, livereload.PreviewState())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        page = open_page(f"http://127.0.0.1:{server.server_address[1]}/luu-tru/",
                         javascript=False, locale="en-US")
        pick(page, "2019-08-09")
        assert urlsplit(page.url).path == "/tin-tuc/2019/08/09/"
        assert page.text_content("h1") == "Các tin đã đưa ngày 09/08/2019"
    finally:
        server.shutdown()
        server.server_close()


def test_a_day_that_is_not_in_the_calendar_is_refused_in_place(site, open_page):
    page = open_page(site + "tin-tuc/2019/08/12/")
    for name, value in (("ngay", "31"), ("thang", "02"), ("nam", "2019")):
        page.select_option(f"form.date-picker select[name={name}]", value)
    page.click("form.date-picker button[type=submit]")
    # Playwright's matcher waits for the script's message (wait_for_function's
    # string polling is refused by a page whose CSP has no 'unsafe-eval').
    expect(page.locator(".date-picker-status")).to_have_text(
        "Ngày 31/02/2019 không có trong lịch.")
    assert urlsplit(page.url).path == "/tin-tuc/2019/08/12/"


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
    pick(page, "2019-12-01")
    assert urlsplit(page.url).path == "/tin-tuc/2019/09/02/"
    assert "Không có tin ngày 01/12/2019" in page.text_content(".archive-notice")


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
    settle(page)
    assert not [url for url in page.requested if url.endswith(DATA_FILE)]
    pick(page, "2019-09-02")
    assert [url for url in page.requested if url.endswith(DATA_FILE)] == [
        site + DATA_FILE
    ]
    own_host = urlsplit(site).netloc
    assert [url for url in page.requested if urlsplit(url).netloc != own_host] == []


def test_without_javascript_nor_server_help_the_picker_opens_the_archive_index(
        site, open_page):
    # A plain static server (or a saved copy) ignores the query string.
    page = open_page(site + "tin-tuc/2019/08/12/", javascript=False)
    pick(page, "2019-08-10")
    assert urlsplit(page.url).path == "/luu-tru/"
    assert page.text_content("h1") == "Lưu trữ"
    assert page.is_visible("a[href$='tin-tuc/2019/08/']")
