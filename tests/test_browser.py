"""The built sample site in headless Chromium (Debian's, driven by Playwright).

One build and one browser for the whole session. What a reader does: change the
text size, open the phone menu, move by keyboard; what must never happen: a console
error, a request to another host, a WCAG 2.1 AA violation found by axe-core.
"""

import json
from urllib.parse import urlsplit

import pytest

from conftest import settle

SEED = "tin-tuc/2019/08/so-ket-cong-tac-xay-dung-dang-6-thang-dau-nam-2019/"
CATEGORY = "chuyen-muc/xay-dung-dang-doan-the/"
DAY = "tin-tuc/2019/08/09/"
BULLETIN = "ban-tin/2019/so-3/"
QA_ENTRY = "hoi-dap/ho-gia-dinh-co-dang-ky-nhan-hieu-cho-san-pham-mat-ong-duoc-khong/"
# Thủ tục hành chính, Giới thiệu and Công khai thông tin (plugins procedures and
# organisation).
PORTAL_INFO_PAGES = [
    "thu-tuc-hanh-chinh/", "thu-tuc-hanh-chinh/cap-giay-phep-buc-xa-x-quang-y-te/",
    "gioi-thieu/co-cau-to-chuc/", "gioi-thieu/don-vi/van-phong/",
    "gioi-thieu/lanh-dao/", "gioi-thieu/lanh-dao/le-quang-huy/",
    "gioi-thieu/lich-su/", "cong-khai-thong-tin/",
]
# Nhiệm vụ KH&CN and their calls (plugin science_tasks): index, a facet, a yearly
# catalogue, a task with results, the calls' index, an open and a closed call.
SCIENCE_TASK_PAGES = [
    "nhiem-vu/", "nhiem-vu/tinh-trang/da-nghiem-thu/", "nhiem-vu/danh-muc/2024/",
    "nhiem-vu/dt-nn-01-2024/", "nhiem-vu/thong-bao/",
    "nhiem-vu/thong-bao/tuyen-chon-nhiem-vu-2027/",
    "nhiem-vu/thong-bao/tuyen-chon-nhiem-vu-2025/",
]
DOCUMENT = "van-ban/15-2024-qd-ubnd/"
DRAFT = "van-ban/du-thao-chuong-trinh-doi-moi-sang-tao/"
# One page of every kind the site writes.
PAGES = [
    "", SEED, CATEGORY, "tin-tuc/", DAY, "tin-tuc/2019/08/", "tin-tuc/2019/",
    "luu-tru/", "ban-tin/", BULLETIN, "hoi-dap/", QA_ENTRY, "gioi-thieu/",
    "lien-he/", "tim-kiem/", "404.html", "rss/", "tuyen-bo-tro-nang/",
    *PORTAL_INFO_PAGES,
    "van-ban/", DOCUMENT, DRAFT, "van-ban/du-thao/", "van-ban/loai/quyet-dinh/",
    *SCIENCE_TASK_PAGES,
]
AXE_PAGES = PAGES
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PHONE = {"width": 360, "height": 740}


def font_size(page):
    return page.evaluate(
        "parseFloat(getComputedStyle(document.documentElement).fontSize)"
    )


@pytest.mark.parametrize("path", PAGES)
def test_no_console_error_and_no_request_to_another_host(sample_site, new_page, path):
    page = new_page()
    requested, errors = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))

    def log_and_continue(route):
        requested.append(route.request.url)
        route.continue_()

    page.route("**/*", log_and_continue)
    response = page.goto(sample_site.url(path), wait_until="load")
    assert response.status == 200
    settle(page)
    own_host = urlsplit(sample_site.origin).netloc
    assert requested, "route interception saw no request"
    assert [url for url in requested if urlsplit(url).netloc != own_host] == []
    assert errors == []


def test_text_size_control_grows_shrinks_and_persists(sample_site, new_page):
    page = new_page()
    page.goto(sample_site.url(SEED))
    default = font_size(page)
    page.get_by_role("button", name="Tăng cỡ chữ").click()
    larger = font_size(page)
    assert larger > default
    # It persists: after a reload and on another page.
    page.reload()
    assert font_size(page) == larger
    page.goto(sample_site.url(""))
    assert font_size(page) == larger
    page.get_by_role("button", name="Giảm cỡ chữ").click()
    page.get_by_role("button", name="Giảm cỡ chữ").click()
    assert font_size(page) < default
    page.get_by_role("button", name="Cỡ chữ mặc định").click()
    assert font_size(page) == default
    page.reload()
    assert font_size(page) == default


def test_text_size_control_is_hidden_without_javascript(sample_site, new_page):
    page = new_page(java_script_enabled=False)
    page.goto(sample_site.url(SEED))
    assert not page.locator(".text-size").is_visible()


def test_phone_menu_toggle_opens_and_closes(sample_site, new_page):
    page = new_page(viewport=PHONE)
    page.goto(sample_site.url(SEED))
    toggle = page.get_by_role("button", name="Danh mục")
    menu = page.locator("#main-menu")
    assert toggle.is_visible()
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not menu.is_visible()
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert menu.get_by_role("link", name="Liên hệ").is_visible()
    assert menu.get_by_role("link", name="Xây dựng Đảng - Đoàn thể").is_visible()
    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not menu.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('menu-toggle')")


def test_phone_menu_is_shown_without_javascript(sample_site, new_page):
    page = new_page(viewport=PHONE, java_script_enabled=False)
    page.goto(sample_site.url(SEED))
    assert page.locator("#main-menu").get_by_role("link", name="Liên hệ").is_visible()
    assert not page.locator(".menu-toggle").is_visible()


@pytest.mark.parametrize("path", ["", SEED, CATEGORY, "lien-he/"])
@pytest.mark.parametrize("viewport", [PHONE, {"width": 1440, "height": 900}])
def test_no_horizontal_scrolling(sample_site, new_page, path, viewport):
    page = new_page(viewport=viewport)
    page.goto(sample_site.url(path))
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


def focused(page, expression):
    return page.evaluate(
        f"(() => {{ const el = document.activeElement; return {expression}; }})()"
    )


def test_skip_link_is_first_visible_and_moves_focus_to_main(sample_site, new_page):
    page = new_page()
    page.goto(sample_site.url(SEED))
    page.keyboard.press("Tab")
    assert focused(page, "el.textContent.trim()") == "Bỏ qua, đến nội dung chính"
    box = page.locator(".skip-link").bounding_box()
    assert box["y"] >= 0 and box["x"] >= 0  # on screen once focused
    page.keyboard.press("Enter")
    page.wait_for_url("**#main", timeout=5000)  # fails the test if it never gets there
    assert focused(page, "el.id") == "main"


def test_keyboard_reaches_menu_and_submenu_with_visible_focus(sample_site, new_page):
    page = new_page(viewport={"width": 1280, "height": 800})
    page.goto(sample_site.url(SEED))
    names = []
    for _ in range(12):
        page.keyboard.press("Tab")
        names.append(focused(page, "el.textContent.trim()"))
        if names[-1] == "Tin tức - Sự kiện":
            break
    assert names[-1] == "Tin tức - Sự kiện", names
    assert focused(page, "getComputedStyle(el).outlineStyle") != "none"
    page.keyboard.press("Tab")  # into the submenu, which opens on focus
    assert focused(page, "!!el.closest('.submenu')")
    first_category = page.locator(".submenu a").first
    assert first_category.is_visible()
    assert focused(page, "getComputedStyle(el).outlineStyle") != "none"
    page.keyboard.press("Escape")  # dismiss the submenu, back on its parent item
    assert not first_category.is_visible()
    assert focused(page, "el.textContent.trim()") == "Tin tức - Sự kiện"


def test_print_shows_the_article_without_menus(sample_site, new_page):
    page = new_page()
    page.goto(sample_site.url(SEED))
    page.emulate_media(media="print")
    assert page.locator("article h1").is_visible()
    for chrome in (".main-nav", ".text-size", ".breadcrumbs", ".other-news"):
        assert not page.locator(chrome).is_visible(), chrome


@pytest.mark.parametrize("path", AXE_PAGES)
def test_axe_finds_no_wcag21_aa_violation(sample_site, node_modules, new_page, path):
    page = new_page()
    page.goto(sample_site.url(path))
    page.add_script_tag(path=str(node_modules / "axe-core" / "axe.min.js"))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    violations = [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in result["violations"]
    ]
    assert result["passes"], "axe ran no rule"
    assert violations == [], json.dumps(violations, ensure_ascii=False, indent=1)
