"""The home page and the lists as a reader sees them in headless Chromium: what a
citizen acts on near the top of a phone screen, category cards with room for their
titles, pictures in the size their slot needs, wide tables readable on a phone,
controls big enough for a thumb.

Uses the session's sample site and browser (conftest: sample_site, browser).
"""

import pytest
from test_browser import BULLETIN, CATEGORY, DAY, SEED

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
SCREEN = PHONE["height"]
THUMB = 44  # px: a control a thumb hits (WCAG 2.5.5 target size, enhanced)


@pytest.fixture
def open_page(browser):
    """Open a path of the sample site at a viewport, device pixel ratio 1."""
    contexts = []

    def _open(url, viewport):
        context = browser.new_context(viewport=viewport, device_scale_factor=1)
        contexts.append(context)
        page = context.new_page()
        page.goto(url, wait_until="load")
        return page

    yield _open
    for context in contexts:
        context.close()


def top_of(page, selector):
    """The page y-position of the first element matching ``selector`` (None: none)."""
    return page.evaluate(
        """s => { const e = document.querySelector(s);
                  return e ? e.getBoundingClientRect().top + scrollY : null; }""",
        selector)


# The home blocks of what citizens act on, by what they hold.
BLOCKS = {"consultations": ".side-consultations", "calls": ".side-calls",
          "documents": ".side-documents",
          "procedures": "h2 a[href$='/thu-tuc-hanh-chinh/']"}


def test_phone_home_shows_what_citizens_act_on_within_two_screens(sample_site,
                                                                  open_page):
    page = open_page(sample_site.url(), PHONE)
    lead = page.locator(".lead-story h3").bounding_box()
    assert lead["y"] + lead["height"] <= SCREEN  # the lead story's title: screen one
    blocks = {name: top_of(page, f".side-block:has({inside}) h2")
              for name, inside in BLOCKS.items()}
    assert None not in blocks.values(), blocks
    assert min(blocks.values()) < SCREEN, blocks
    assert max(blocks.values()) < 2 * SCREEN, blocks
    # Each lists what it is about and leads to the whole list.
    assert page.locator(".side-consultations [data-consultation-state]").count()
    assert page.locator(".side-calls [data-call-state]").count()
    assert page.locator(".side-documents a", has_text="Tất cả").is_visible()


def test_desktop_category_cards_give_titles_room(sample_site, open_page):
    page = open_page(sample_site.url(), DESKTOP)
    cards = page.evaluate("""() => [...document.querySelectorAll(
            '.home-section .lead-entry')].map(card => ({
        title: card.querySelector('h3').getBoundingClientRect().width,
        card: card.getBoundingClientRect().width,
        icon: !!card.querySelector('.entry-thumb-section')}))""")
    assert len(cards) >= 4
    # A title gets at least half its card (beside a 192 px thumbnail it had 47 %).
    assert [c for c in cards if c["title"] < 0.6 * c["card"]] == []
    # A category's generic icon says nothing; a card shows a photo or none.
    assert [c for c in cards if c["icon"]] == []


def test_headline_lists_have_no_stray_bullets(sample_site, open_page):
    page = open_page(sample_site.url(), DESKTOP)
    markers = page.evaluate("""() => [...document.querySelectorAll(
            'main .headlines li')].map(li => getComputedStyle(li).listStyleType)""")
    assert markers and set(markers) == {"none"}


# Every picture of these pages, at both sizes: the width its `sizes` attribute
# announces must lead the browser to the variant the rendered slot needs (the
# smallest at least as wide). Evaluated from the attribute, not from currentSrc:
# Chromium reuses a larger copy it already has (the same photo in a bigger slot).
PICTURE_PAGES = ["", SEED, CATEGORY, "tin-tuc/", "ban-tin/", BULLETIN,
                 "gioi-thieu/lanh-dao/", "gioi-thieu/lanh-dao/le-quang-huy/"]
PICTURES_JS = """() => {
  const probe = document.createElement('div');
  probe.style.cssText = 'position:absolute;visibility:hidden;height:0';
  document.body.append(probe);
  const length = value => { probe.style.width = value;
                            return probe.getBoundingClientRect().width; };
  // The first entry whose media condition matches (the last has none).
  const announced = sizes => {
    for (const entry of sizes.split(/,(?![^(]*\\))/).map(e => e.trim())) {
      const match = /^(\\(.*\\))\\s+(\\S.*)$/.exec(entry);
      if (!match) return length(entry);
      if (matchMedia(match[1]).matches) return length(match[2]);
    }
    return innerWidth;
  };
  const found = [...document.querySelectorAll('main img')]
    .filter(img => img.getBoundingClientRect().width > 0)
    .map(img => {
      const srcset = img.getAttribute('srcset');
      const widths = srcset ? srcset.split(',').map(c => parseInt(c.trim()
          .split(/\\s+/)[1])).sort((a, b) => a - b) : [];
      return {src: img.getAttribute('src'), slot: img.getBoundingClientRect().width,
              announced: srcset ? announced(img.getAttribute('sizes') || '100vw')
                                : null,
              natural: img.naturalWidth, widths, svg: /\\.svg$/.test(img.src)};
    });
  probe.remove();
  return found;
}"""


def variant_for(widths, width):
    """The smallest of ``widths`` at least ``width`` wide, else the largest."""
    return next((w for w in widths if w >= width - 1), widths[-1])


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_pictures_pick_the_variant_for_their_slot(sample_site, open_page, viewport):
    wrong, seen = [], 0
    for path in PICTURE_PAGES:
        page = open_page(sample_site.url(path), viewport)
        page.evaluate("""() => document.querySelectorAll('img[loading=lazy]')
                              .forEach(img => { img.loading = 'eager'; })""")
        page.wait_for_function("[...document.images].every(i => i.complete)")
        for image in page.evaluate(PICTURES_JS):
            if image["svg"]:
                continue
            seen += 1
            slot = round(image["slot"])
            if not image["widths"]:
                # A single file: never more than twice the slot's width.
                if image["natural"] > 2 * slot:
                    wrong.append((path, image["src"], "no srcset", slot))
                continue
            needed = variant_for(image["widths"], image["slot"])
            chosen = variant_for(image["widths"], image["announced"])
            if chosen != needed:
                wrong.append((path, image["src"], f"slot {slot}",
                              f"sizes {round(image['announced'])}"))
    assert seen >= 10
    assert wrong == []


# Tables wider than a phone: each row must become a card (no sideways scroll, no
# column a word wide).
TABLE_PAGES = ["nhiem-vu/danh-muc/2024/", "rss/", "thu-tuc-hanh-chinh/",
               "cong-khai-thong-tin/"]


@pytest.mark.parametrize("path", TABLE_PAGES)
def test_wide_tables_are_cards_on_a_phone(sample_site, open_page, path):
    page = open_page(sample_site.url(path), PHONE)
    found = page.evaluate("""() => ({
        scroll: document.documentElement.scrollWidth,
        scrollers: [...document.querySelectorAll('main *')]
          .filter(e => e.scrollWidth > e.clientWidth + 1
                       && getComputedStyle(e).overflowX !== 'visible'
                       && e.getBoundingClientRect().width > 1)
          .map(e => e.className),
        main: document.querySelector('main').clientWidth,
        cells: [...document.querySelectorAll('main tbody :is(td, th)')]
          .filter(cell => cell.textContent.trim())
          .map(cell => Math.round(cell.getBoundingClientRect().width))})""")
    assert found["scroll"] <= PHONE["width"]
    assert found["scrollers"] == []
    assert found["cells"]
    narrow = [w for w in found["cells"] if w < 0.6 * found["main"]]
    assert narrow == []


def test_rss_addresses_break_only_where_needed(sample_site, open_page):
    page = open_page(sample_site.url("rss/"), PHONE)
    lines = page.evaluate("""() => [...document.querySelectorAll(
            '.feeds-addresses code')].map(code => {
        const line = parseFloat(getComputedStyle(code).lineHeight);
        return Math.round(code.getBoundingClientRect().height / line); })""")
    assert lines and max(lines) <= 3  # was 5-7 lines of a few characters
    assert page.evaluate("document.documentElement.scrollHeight") < 5_000


# Controls (not links in text) on phone pages with the date picker and the text
# size buttons.
CONTROL_PAGES = ["", SEED, CATEGORY, DAY]
CONTROLS_JS = """min => [...document.querySelectorAll(
        'main :is(button, select, input:not([type=hidden]), summary), '
        + 'header :is(button, input:not([type=hidden]), select), .menu-toggle')]
    .filter(el => el.getBoundingClientRect().width > 1
                  && getComputedStyle(el).visibility !== 'hidden')
    .map(el => { const box = el.getBoundingClientRect();
                 return [el.tagName.toLowerCase() + (el.id ? '#' + el.id : ''),
                         Math.round(box.width), Math.round(box.height)]; })
    .filter(([, w, h]) => w < min || h < min)"""


@pytest.mark.parametrize("path", CONTROL_PAGES)
def test_controls_are_big_enough_for_a_thumb_on_a_phone(sample_site, open_page,
                                                         path):
    page = open_page(sample_site.url(path), PHONE)
    assert page.locator(".date-picker select").count() == 3
    assert page.evaluate(CONTROLS_JS, THUMB) == []

