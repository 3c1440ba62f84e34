"""What readers do on the sample site, in headless Chromium.

Screenshots of every page type at desktop and phone size are written under
test-artifacts/screenshots/ (gitignored) for people to look at: the first screen
of each, or the whole page with ``SCREENSHOTS_FULL_PAGE=1`` (80 full-page shots
took about two minutes of the suite); the assertions are
what a reader needs: news on the first phone screen, targets big enough to tap,
feeds that are listed and valid, a printout without the page's chrome.
"""

import os
import re
import urllib.request
from types import SimpleNamespace

import feedparser
import pytest
from conftest import ROOT
from test_browser import PAGES, SEED

SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
SIZES = {"desktop": {"width": 1366, "height": 768},
         "phone": {"width": 390, "height": 844}}
MIN_TARGET = 24  # px, WCAG 2.2 success criterion 2.5.8
FULL_PAGE = os.environ.get("SCREENSHOTS_FULL_PAGE") == "1"


@pytest.fixture
def open_page(new_page):
    """Open ``url`` at a viewport size in a fresh context (conftest's new_page)."""

    def _open(url, size="desktop", **options):
        page = new_page(viewport=SIZES[size], **options)
        page.goto(url, wait_until="load")
        return page

    return _open


def shot_name(path, size):
    name = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "trang-chu"
    return f"{name[:60]}-{size}.png"


def test_first_phone_screen_shows_a_news_headline(sample_site, open_page):
    page = open_page(sample_site.url(), "phone")
    headlines = page.evaluate("""() => [...document.querySelectorAll('main a')]
        .filter(a => /\\/tin-tuc\\/\\d{4}\\/\\d{2}\\/[a-z0-9-]+\\/$/.test(a.href))
        .map(a => ({text: a.textContent.trim(),
                    bottom: a.getBoundingClientRect().bottom}))""")
    on_first_screen = [h for h in headlines if h["text"] and h["bottom"] <= 844]
    assert on_first_screen, headlines[:3]


# Links inside a sentence of editor text are exempt (WCAG 2.5.8 "inline").
TARGETS_JS = """min => [...document.querySelectorAll(
        'a[href], button, input:not([type=hidden]), select, textarea, summary, '
        + '[tabindex]:not([tabindex="-1"])')]
    .filter(el => {
        const box = el.getBoundingClientRect();
        const hidden = getComputedStyle(el).visibility === 'hidden';
        if (box.width <= 1 || box.height <= 1 || hidden) return false;
        if (el.closest('.prose p, .prose li, .prose td, .prose figcaption, '
                       + '.qa-answer p, .qa-question')) return false;
        return box.width < min || box.height < min;
    })
    .map(el => {
        const box = el.getBoundingClientRect();
        const text = el.textContent.trim().slice(0, 30);
        return `${el.tagName.toLowerCase()}.${el.className} "${text}" `
               + `${Math.round(box.width)}x${Math.round(box.height)}`;
    })"""


@pytest.fixture(scope="module")
def visits(sample_site, browser):
    """Every page type opened once at each size: its full-page screenshot written
    under SCREENSHOTS, and the interactive elements smaller than MIN_TARGET listed
    ({(size, path): SimpleNamespace(shot, small)})."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    seen = {}
    for size, viewport in SIZES.items():
        # One browser context per size (a fresh one per page took 0.3 s each, a
        # third of the fixture); nothing here clicks or stores anything.
        context = browser.new_context(viewport=viewport)
        for path in PAGES:
            page = context.new_page()
            page.goto(sample_site.url(path), wait_until="load")
            small = page.evaluate(TARGETS_JS, MIN_TARGET)
            shot = SCREENSHOTS / shot_name(path, size)
            page.screenshot(path=str(shot), full_page=FULL_PAGE)
            seen[size, path] = SimpleNamespace(shot=shot, small=small)
            page.close()
        context.close()
    return seen


@pytest.mark.parametrize("size", SIZES)
def test_screenshots_of_every_page_type(visits, size):
    for path in PAGES:
        assert visits[size, path].shot.stat().st_size > 5_000, path


@pytest.mark.parametrize("size", SIZES)
def test_every_interactive_element_is_at_least_24_px(visits, size):
    small = {path: visits[size, path].small for path in PAGES
             if visits[size, path].small}
    assert small == {}


def test_the_rss_page_lists_every_feed_and_each_is_valid(sample_site, open_page):
    page = open_page(sample_site.url("rss/"))
    links = page.eval_on_selector_all("main a.feed-link", "els => els.map(a => a.href)")
    written = sorted(p.relative_to(sample_site.output).as_posix()
                     for p in (sample_site.output / "feeds").rglob("*.xml"))
    assert sorted(link.removeprefix(sample_site.url()) for link in links) == written
    assert len(written) >= 6  # all news, categories, bulletins, Q&A; RSS and Atom
    for link in links:
        with urllib.request.urlopen(link) as response:
            parsed = feedparser.parse(response.read())
        assert not parsed.bozo, (link, parsed.get("bozo_exception"))
        assert parsed.feed.title and parsed.entries, link
    footer = page.locator("footer a", has_text="Nhận tin qua RSS")
    assert footer.get_attribute("href") == sample_site.url("rss/")


def test_print_hides_the_chrome_and_shows_the_address(sample_site, open_page):
    page = open_page(sample_site.url(SEED))
    page.add_init_script("window.print = () => { window.printed = true; };")
    page.reload(wait_until="load")
    button = page.get_by_role("button", name="In bài")
    button.click()
    assert page.evaluate("window.printed") is True
    page.emulate_media(media="print")
    for chrome in (".search-box", ".date-picker", ".main-nav", ".text-size",
                   ".breadcrumbs", ".print-button", ".other-news"):
        assert not page.locator(chrome).first.is_visible(), chrome
    info = page.locator(".print-info")
    assert info.is_visible()
    assert sample_site.url(SEED) in info.text_content()
    assert re.search(r"In ngày \d{2}/\d{2}/\d{4}", info.text_content())
    assert page.locator("article h1").is_visible()
    assert page.evaluate(
        "getComputedStyle(document.querySelector('article figure')).breakInside"
    ) == "avoid"


def test_without_javascript_the_print_button_is_not_offered(sample_site, open_page):
    page = open_page(sample_site.url(SEED), java_script_enabled=False)
    assert not page.locator(".print-button").is_visible()


def test_every_footer_links_to_the_accessibility_statement(sample_site, open_page):
    page = open_page(sample_site.url("tin-tuc/"), "phone")
    page.locator("footer a", has_text="Tuyên bố trợ năng").click()
    page.wait_for_load_state("load")
    assert page.text_content("main h1") == "Tuyên bố trợ năng"
    assert "WCAG" in page.text_content("main")


@pytest.mark.parametrize("width", [1024, 1200, 1366])
def test_the_main_menu_is_one_row_on_a_desktop(sample_site, new_page, width):
    page = new_page(viewport={"width": width, "height": 768})
    page.goto(sample_site.url(), wait_until="load")
    tops = page.eval_on_selector_all(
        ".menu > .menu-item", "items => items.map(li => li.getBoundingClientRect().top)")
    assert len(tops) >= 10 and len(set(tops)) == 1, tops
