"""Site search: a reader types Vietnamese the way they do, in real Chromium.

One small site is built once for the session with the real pelicanconf.py (so the
real site_search plugin runs Pagefind), served over HTTP on a free loopback port,
and searched through the search page in Debian's /usr/bin/chromium (the session's
``browser`` fixture, in conftest.py). Its index is cut into shards of at most
SHARD_PAGES items, as a large archive's is, so every search below runs over
merged shards.
"""

import json
import re
from datetime import datetime
from types import SimpleNamespace
import weakref
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import expect
from conftest import served, settle
from site_search.folding import d_folded_words, fold_d, html_to_text
from site_search.shards import plan_shards

import sitebuild

ROOT = Path(__file__).resolve().parents[1]

# Each entry: content path → (front matter, body). Words are chosen so that each
# query below has one right answer: no other text holds a word that folds to it.
CONTENT = {
    "news/2024/huong-dan-tra-cuu.md": (
        "Title: Hướng dẫn tra cứu văn bản trên cổng thông tin\n"
        "Date: 05/03/2024\nCategory: Khoa học - Công nghệ\n",
        "Bạn đọc có thể tìm kiếm văn bản theo số hiệu và ngày ban hành.",
    ),
    "news/2024/hoi-nghi-ban-chap-hanh.md": (
        "Title: Hội nghị Ban Chấp hành Đảng bộ Sở quý I năm 2024\n"
        "Date: 12/04/2024\nCategory: Xây dựng Đảng - Đoàn thể\n",
        "Đảng ủy Sở tổ chức hội nghị bàn công tác xây dựng Đảng trong quý.",
    ),
    "news/2024/trien-khai-nhiem-vu.md": (
        "Title: Sở triển khai nhiệm vụ khoa học năm 2024\n"
        "Date: 20/04/2024\nCategory: Khoa học - Công nghệ\n",
        "Các phòng chuyên môn đang khẩn trương triển khai nhiệm vụ; nhiều đề tài "
        "đang chờ nghiệm thu.",
    ),
    "news/2023/nghiem-thu-du-an.md": (
        "Title: Nghiệm thu dự án nâng cấp đường giao thông nông thôn\n"
        "Date: 15/11/2023\nCategory: Hoạt động của Sở\n",
        "Tuyến đường dài 3 km được nâng cấp bằng bê tông mới.",
    ),
    # The phrase "chuyển đổi số" is in the body of the first only; the second has
    # all three words, more often and in its title, but never side by side.
    "news/2024/hoi-thao-doanh-nghiep.md": (
        "Title: Hội thảo về doanh nghiệp nhỏ và vừa\n"
        "Date: 02/02/2024\nCategory: Khoa học - Công nghệ\n",
        "Hội thảo bàn về chuyển đổi số trong doanh nghiệp nhỏ và vừa của tỉnh.",
    ),
    "news/2024/so-lieu-chuyen-giao.md": (
        "Title: Chuyển giao và đổi mới: số liệu chuyển giao, số lần đổi mới\n"
        "Date: 03/02/2024\nCategory: Khoa học - Công nghệ\n",
        "Số đề tài chuyển giao tăng; đổi mới quy trình; số doanh nghiệp đổi mới "
        "tăng; chuyển giao thêm mô hình.",
    ),
    # A Q&A entry: indexed because its URL is under hoi-dap/.
    "pages/hoi-dap-duong-day-nong.md": (
        "Title: Hỏi về đường dây nóng tiếp nhận phản ánh\n"
        "Date: 10/01/2024\nURL: hoi-dap/duong-day-nong/\n"
        "Save_as: hoi-dap/duong-day-nong/index.html\n",
        "Người dân hỏi đường dây nóng của Sở. Trả lời: gọi 0211 3862 480.",
    ),
    # Eleven Q&A entries that one query finds together: more than a page of results.
    **{
        f"pages/lich-tiep-cong-dan-{month}.md": (
            f"Title: Hỏi về lịch tiếp công dân tháng {month}\n"
            f"Date: 0{month % 9 + 1}/{month:02d}/2023\n"
            f"URL: hoi-dap/lich-tiep-cong-dan-{month}/\n"
            f"Save_as: hoi-dap/lich-tiep-cong-dan-{month}/index.html\n",
            f"Lịch tiếp công dân tháng {month} vào sáng thứ Năm hằng tuần.",
        )
        for month in range(1, 12)
    },
    # A static page: not under any search section, so never a result.
    "pages/gioi-thieu.md": (
        "Title: Giới thiệu\n",
        "Cổng giúp bạn đọc tìm kiếm thông tin về Sở.",
    ),
}


def _title(path):
    return CONTENT[path][0].splitlines()[0].removeprefix("Title: ")


def _date(path):
    return re.search(r"Date: (\S+)", CONTENT[path][0]).group(1)


GUIDE = "news/2024/huong-dan-tra-cuu.md"
PARTY = "news/2024/hoi-nghi-ban-chap-hanh.md"
ONGOING = "news/2024/trien-khai-nhiem-vu.md"
ROAD = "news/2023/nghiem-thu-du-an.md"
PHRASE = "news/2024/hoi-thao-doanh-nghiep.md"
SCATTERED = "news/2024/so-lieu-chuyen-giao.md"
HOTLINE = "pages/hoi-dap-duong-day-nong.md"
SHARD_PAGES = 5


# --- Search keys (pure functions) -----------------------------------------------------

def test_fold_d_keeps_other_accents():
    assert fold_d("Đảng bộ đường") == "Dảng bộ dường"


def test_folded_copy_has_one_word_per_d_word_in_order():
    folded = d_folded_words("Đảng ủy họp, bàn đường và Đảng.")
    assert folded == ["Dảng", "dường", "Dảng."]


def test_html_to_text_separates_blocks_and_decodes_entities():
    markup = "<p>Sở &amp; Đảng</p><p>bộ<b>trưởng</b></p><script>x()</script>"
    assert html_to_text(markup) == "Sở & Đảng bộtrưởng"


# --- The built site -------------------------------------------------------------------

def _disconnect_new_receivers(before):
    """Undo receivers a build connected (as conftest does around each test)."""
    for sig, receivers in before.items():
        for receiver_id in set(sig.receivers) - receivers:
            receiver = sig.receivers[receiver_id]
            if isinstance(receiver, weakref.ref):
                receiver = receiver()
            if receiver is not None:
                sig.disconnect(receiver)


def build_sample(base, content=CONTENT, **settings):
    """Build ``content`` (path → (front matter, body) or bytes) in ``base`` with
    shards of SHARD_PAGES items (or ``settings``); its output."""
    from blinker import NamedSignal
    from pelican.plugins import signals

    folder = base / "content"
    for relpath, data in content.items():
        target = folder / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            target.write_bytes(data)
        else:
            target.write_text(f"{data[0]}\n{data[1]}\n", encoding="utf-8")
    all_signals = [s for s in vars(signals).values() if isinstance(s, NamedSignal)]
    before = {s: set(s.receivers) for s in all_signals}
    try:
        return sitebuild.build_site(
            ROOT / "pelicanconf.py", base / "output",
            PATH=str(folder), CACHE_PATH=str(base / "cache"),
            **{"SEARCH_SHARD_MAX_PAGES": SHARD_PAGES, **settings},
        )
    finally:
        _disconnect_new_receivers(before)


@pytest.fixture(scope="session")
def search_site(tmp_path_factory):
    """The sample site above, built once with the real configuration."""
    return build_sample(tmp_path_factory.mktemp("search-site"))


@pytest.fixture(scope="session")
def site_url(search_site):
    """The root URL of the sample site, served for the session."""
    with served(search_site) as origin:
        yield f"{origin}/"


class Visit:
    """One browser tab that records every request and lets none leave our host."""

    def __init__(self, context, site_url):
        self.context = context
        self.site_url = site_url
        self.origin = "{0.scheme}://{0.netloc}".format(urlsplit(site_url))
        self.requests = []
        self.foreign = []
        self.errors = []
        context.route("**/*", self._route)
        self.page = context.new_page()
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _route(self, route):
        url = route.request.url
        self.requests.append(url)
        if url.startswith(self.origin + "/") or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            self.foreign.append(url)
            route.abort()

    def search(self, query, **filters):
        """Open the search page for ``query``; return the results once shown."""
        params = "&".join(f"{k}={quote(v)}" for k, v in {"q": query, **filters}.items())
        self.page.goto(f"{self.site_url}tim-kiem/?{params}")
        return self.results()

    def results(self):
        status = self.page.locator("[data-search-status]")
        status.filter(has_text=re.compile(r"^(Tìm thấy|Không tìm thấy)")).wait_for()
        return self.page.locator(".search-result")

    def titles(self, results):
        return [t.strip() for t in results.locator("h2").all_inner_texts()]


@pytest.fixture
def visit(browser, site_url):
    context = browser.new_context()
    visit = Visit(context, site_url)
    yield visit
    context.close()
    assert not visit.errors, visit.errors


# --- Without JavaScript ---------------------------------------------------------------

def test_header_box_is_a_form_to_the_search_page(search_site, read_html):
    home = read_html(search_site / "index.html")
    form = home.select_one("header form[role=search]")
    assert form["method"] == "get"
    assert form["action"].endswith("/tim-kiem/")
    assert form.select_one("input[type=search][name=q]") is not None
    assert form.select_one("label[for=search-box-q]").get_text(strip=True)


def test_no_search_code_in_pages(search_site):
    """Pages load no search code: search.js is only named in the box's template
    (portal.js adds it on focus), and Pagefind comes when a reader searches."""
    text = (search_site / "index.html").read_text(encoding="utf-8")
    home = BeautifulSoup(text, "html.parser")
    for template in home.select("template"):
        template.extract()
    sources = [s.get("src", "") for s in home.select("script")]
    assert sources and not any("search" in s or "pagefind" in s for s in sources)
    template = BeautifulSoup(text, "html.parser").select_one(
        "form.search-box template[data-search-script]")
    assert template.script["src"].endswith("/js/search.js")


def test_without_javascript_the_search_page_points_elsewhere(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url)
    page.fill("#search-box-q", "dang")
    page.press("#search-box-q", "Enter")
    page.wait_for_url(re.compile(r"/tim-kiem/\?q=dang$"))
    message = page.locator("[data-search-nojs]")
    assert message.is_visible()
    assert "cần JavaScript" in message.inner_text()
    archive = message.get_by_role("link", name="Lưu trữ")
    assert archive.get_attribute("href").endswith("luu-tru/")
    category = message.get_by_role("link", name="Xây dựng Đảng - Đoàn thể")
    category.click()
    page.wait_for_url(re.compile(r"/chuyen-muc/xay-dung-dang-doan-the/$"))
    context.close()


# --- Searching in Vietnamese ----------------------------------------------------------

def test_pagefind_loads_only_when_the_reader_searches(visit):
    visit.page.goto(visit.site_url)
    settle(visit.page)
    assert not [u for u in visit.requests if "/pagefind/" in u]
    with visit.page.expect_request(re.compile(r"/pagefind/pagefind\.js$")):
        visit.page.focus("#search-box-q")


def test_without_diacritics_finds_the_accented_words(visit):
    results = visit.search("tim kiem")
    # The static page "Giới thiệu" says "tìm kiếm" too, but is not searchable content.
    assert visit.titles(results) == [_title(GUIDE)]
    marks = results.first.locator(".search-result-excerpt mark").all_inner_texts()
    assert marks == ["tìm", "kiếm"]


@pytest.mark.parametrize(("query", "expected", "real_word"), [
    ("dang", PARTY, "Đảng"),
    ("duong", ROAD, "đường"),
])
def test_d_is_folded_and_the_excerpt_shows_the_real_word(
    visit, query, expected, real_word
):
    results = visit.search(query)
    assert _title(expected) in visit.titles(results)
    hit = results.filter(has_text=_title(expected))
    marks = hit.locator(".search-result-excerpt mark").all_inner_texts()
    assert marks and all(m.strip(".,;:") == real_word for m in marks)
    # What the reader sees is real Vietnamese, never the folded copy.
    excerpt = hit.locator(".search-result-excerpt").inner_text()
    assert fold_d(real_word) not in excerpt.split()


def test_exact_diacritics_rank_first(visit):
    results = visit.search("Đảng")
    titles = visit.titles(results)
    # "đang" (is doing) folds to the same letters; the page with "Đảng" comes first.
    assert titles[0] == _title(PARTY)
    assert _title(ONGOING) in titles[1:]
    results = visit.search("đang")
    assert visit.titles(results)[0] == _title(ONGOING)


@pytest.mark.parametrize("query", ["chuyển đổi số", "chuyen doi so"])
def test_phrase_matches_rank_first(visit, query):
    titles = visit.titles(visit.search(query))
    assert set(titles) == {_title(PHRASE), _title(SCATTERED)}
    assert titles[0] == _title(PHRASE)


def test_results_show_title_date_type_and_link(visit):
    results = visit.search("duong")
    assert results.count() == 2
    for path, label in ((ROAD, "Tin tức"), (HOTLINE, "Hỏi đáp")):
        result = results.filter(has_text=_title(path))
        assert result.locator(".search-result-type").inner_text() == label
        assert result.locator("time").inner_text() == _date(path)
        assert re.fullmatch(r"\d\d/\d\d/\d{4}", result.locator("time").inner_text())
    result = results.filter(has_text=_title(ROAD))
    result.get_by_role("link").click()
    visit.page.wait_for_url(re.compile(r"/tin-tuc/2023/11/"))
    assert visit.page.locator("h1").inner_text() == _title(ROAD)


def test_type_and_category_filters(visit):
    assert visit.titles(visit.search("duong", loai="Hỏi đáp")) == [_title(HOTLINE)]
    assert visit.titles(visit.search("duong", loai="Tin tức")) == [_title(ROAD)]
    titles = visit.titles(visit.search("dang", chuyen_muc="Khoa học - Công nghệ"))
    assert titles == [_title(ONGOING)]
    # Choosing a filter in the form searches again without leaving the page.
    visit.search("duong")
    visit.page.select_option("#search-loai", "Hỏi đáp")
    visit.page.wait_for_url(re.compile(r"loai="))
    results = visit.results()
    assert visit.titles(results) == [_title(HOTLINE)]


def test_more_results_on_demand_and_focus_moves_to_them(visit):
    results = visit.search("lich tiep cong dan")
    assert results.count() == 10
    assert "Tìm thấy 11 kết quả" in visit.page.inner_text("[data-search-status]")
    more = visit.page.get_by_role("button", name="Xem thêm kết quả")
    more.click()
    visit.page.locator(".search-result").nth(10).wait_for()
    assert results.count() == 11
    assert more.is_hidden()
    focused = visit.page.evaluate("document.activeElement.textContent")
    assert focused == results.nth(10).locator("h2 a").inner_text()


def test_newest_first_order(visit):
    results = visit.search("dang", sap_xep="moi-nhat")
    dates = [
        tuple(reversed(d.split("/"))) for d in results.locator("time").all_inner_texts()
    ]
    assert len(dates) == 2
    assert dates == sorted(dates, reverse=True)
    assert visit.page.locator("#search-sap-xep").input_value() == "moi-nhat"


def test_newest_first_across_shards(visit):
    # The road (11/2023) is the newest item of its shard and the hotline (01/2024)
    # the oldest of its own: ordered by Pagefind's merged scores, the road came first.
    results = visit.search("duong", sap_xep="moi-nhat")
    assert visit.titles(results) == [_title(HOTLINE), _title(ROAD)]


def test_no_request_leaves_our_host(visit):
    visit.page.goto(visit.site_url)
    visit.page.focus("#search-box-q")
    visit.search("chuyen doi so", loai="Tin tức")
    settle(visit.page)
    assert any("/pagefind/" in u for u in visit.requests)
    assert visit.foreign == []


def test_keyboard_only(visit):
    page = visit.page
    page.goto(visit.site_url)
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "search-box-q":
            break
    else:
        pytest.fail("Tab never reached the header search box")
    page.keyboard.type("duong")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/tim-kiem/\?q=duong$"))
    visit.results()
    page.focus("#search-q")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('.search-result') !== null"):
            break
    else:
        pytest.fail("Tab never reached a search result")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/(tin-tuc|hoi-dap)/"))


# --- The index is part of the build ---------------------------------------------------

def test_search_page_and_bundle_are_in_the_output(search_site):
    page = BeautifulSoup(
        (search_site / "tim-kiem/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    options = [o.get_text() for o in page.select("#search-loai option")]
    assert options == ["Tất cả", "Tin tức", "Hỏi đáp"]
    assert (search_site / "pagefind/pagefind.js").is_file()
    assert list((search_site / "pagefind/fragment").iterdir())


def test_index_is_in_shards_merged_by_the_primary(search_site):
    manifest = json.loads((search_site / "pagefind/shards.json").read_text())
    shards = manifest["shards"]
    assert len(shards) >= 3
    assert shards[0]["path"] == ""  # the primary bundle is pagefind/ itself
    for shard in shards[1:]:
        folder = search_site / "pagefind" / shard["path"]
        assert (folder / "pagefind-entry.json").is_file()
        assert len(list((folder / "fragment").iterdir())) <= SHARD_PAGES
        # Merged bundles run on the primary's code and WebAssembly.
        assert not list(folder.glob("*.js")) and not list(folder.glob("wasm.*"))


def _shard_files(bundle):
    return {
        path.relative_to(bundle).as_posix(): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in bundle.rglob("*") if path.is_file()
    }


def test_an_edit_indexes_only_its_shard_again(tmp_path):
    edited = dict(CONTENT)
    front, body = CONTENT[ROAD]
    edited[ROAD] = (front, body + " Công trình hoàn thành trước hạn.")
    output = build_sample(tmp_path / "site")
    manifest = json.loads((output / "pagefind/shards.json").read_text())
    before = {s["key"]: _shard_files(output / "pagefind" / s["path"] / "fragment")
              for s in manifest["shards"]}
    output = build_sample(tmp_path / "site", edited)
    after = {s["key"]: _shard_files(output / "pagefind" / s["path"] / "fragment")
             for s in manifest["shards"]}
    road_shard = next(k for k in before if k <= "2023-11")  # shards newest first
    changed = {key for key in before if before[key] != after[key]}
    assert changed == {road_shard}
    # The rest was copied from the cache (same bytes, same times), and every
    # record is what a cold build of the edited content gives. (Not every file:
    # Pagefind's own metadata differs from one run to the next on the same pages.)
    cold = build_sample(tmp_path / "cold", edited)

    def fragments(site):
        return sorted(p.read_bytes() for p in (site / "pagefind").rglob("*.pf_fragment"))

    assert fragments(output) == fragments(cold)


def test_shards_are_runs_of_whole_months_newest_first():
    def entry(day, month, year):
        return (SimpleNamespace(date=datetime(year, month, day)), "Tin tức")

    dates = [(2, 3, 2024), (1, 3, 2024), (9, 1, 2024), (8, 1, 2024), (30, 12, 2023),
             (29, 12, 2023), (28, 12, 2023), (5, 11, 2023)]
    entries = [entry(*d) for d in dates]
    shards = plan_shards(entries, max_pages=4)
    assert [s.key for s in shards] == ["2024-01", "2023-11"]
    assert [s.entries for s in shards] == [entries[:4], entries[4:]]
    # A month larger than the limit is one shard: it is never split.
    shards = plan_shards(entries, max_pages=2)
    assert [s.key for s in shards] == ["2024-03", "2024-01", "2023-12", "2023-11"]
    assert [len(s.entries) for s in shards] == [2, 2, 3, 1]
    assert [s.key for s in plan_shards(entries, max_pages=100)] == ["2023-11"]
    assert [s.entries for s in plan_shards(entries, max_pages=None)] == [entries]


def test_failed_indexing_fails_the_build_and_keeps_output(build_site, monkeypatch):
    files = {f"news/x/{i}.md": f"{front}\n{body}\n" for i, (front, body) in enumerate(
        v for k, v in CONTENT.items() if k.startswith("news/"))}
    output = build_site(files)
    before = sorted(p.relative_to(output) for p in output.rglob("*"))
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/nonexistent/pagefind")
    with pytest.raises(sitebuild.BuildFailed, match="E-SEARCH-INDEX"):
        build_site(files)
    assert sorted(p.relative_to(output) for p in output.rglob("*")) == before
    assert (output / "pagefind/pagefind.js").is_file()


def test_site_without_searchable_content_builds_without_index(build_site):
    output = build_site({"pages/gioi-thieu.md": "Title: Giới thiệu\n\nVề Sở.\n"})
    assert (output / "tim-kiem/index.html").is_file()
    assert not (output / "pagefind").exists()


def test_qa_entries_are_found_by_their_question(build_site, browser):
    output = build_site({
        "qa/nhan-hieu-mat-ong.md": """\
            Title: Có cần đăng ký nhãn hiệu cho sản phẩm mật ong?
            Question: Gia đình tôi nuôi ong lấy mật, muốn bán mật đóng chai.
            Asker: Nguyễn Văn H.
            Locality: Tam Đảo
            Asked: 02/05/2019
            Field: Sở hữu trí tuệ
            Answerer: Phòng Quản lý công nghệ và Sở hữu trí tuệ
            Date: 10/05/2019

            Nên đăng ký nhãn hiệu để được bảo hộ.
            """,
    }, SITEURL="", RELATIVE_URLS=True)
    with served(output) as origin:
        context = browser.new_context()
        visit = Visit(context, f"{origin}/")
        # "nuôi ong" is only in the question: the body is the answer.
        results = visit.search("nuoi ong", chuyen_muc="Sở hữu trí tuệ")
        assert visit.titles(results) == [
            "Có cần đăng ký nhãn hiệu cho sản phẩm mật ong?"
        ]
        assert results.locator(".search-result-type").inner_text() == "Hỏi đáp"
        assert results.locator("time").inner_text() == "10/05/2019"
        assert visit.foreign == [] and visit.errors == []
        context.close()


# --- Newest first, older results on request -------------------------------------------

@pytest.fixture(scope="module")
def grouped_url(tmp_path_factory):
    """The sample site whose first search covers only its newest five items."""
    output = build_sample(tmp_path_factory.mktemp("grouped-site"),
                          SEARCH_FIRST_PAGES=SHARD_PAGES)
    with served(output) as origin:
        yield f"{origin}/"


def _shard_folders(requests):
    """The older shards' folders the tab fetched from (the primary's has none)."""
    return {m.group(1) for u in requests
            if (m := re.search(r"/pagefind/(\d{4}-\d\d)/", u))}


def _days(results):
    """The results' dates, as (yyyy, mm, dd) to compare."""
    return [tuple(reversed(d.split("/")))
            for d in results.locator("time").all_inner_texts()]


@pytest.mark.parametrize("order", ["", "moi-nhat"])
def test_older_results_load_on_request_after_the_newer(browser, grouped_url, order):
    context = browser.new_context()
    visit = Visit(context, grouped_url)
    sort = {"sap_xep": order} if order else {}
    results = visit.search("lich tiep cong dan", **sort)
    older = visit.page.get_by_role("button", name="Xem kết quả cũ hơn")
    status = visit.page.inner_text("[data-search-status]")
    assert "chưa tìm" in status and older.is_visible()
    batches = [_days(results)]
    fetched = [_shard_folders(visit.requests)]
    while older.is_visible():
        older.click()  # says "Đang tìm…" at once, until the older results are in
        # Playwright's matcher: wait_for_function's string polling is refused by
        # a page whose CSP has no 'unsafe-eval'.
        expect(visit.page.locator("[data-search-status]")).not_to_have_text(
            re.compile("Đang tìm"))
        batches.append(_days(results)[sum(map(len, batches)):])
        fetched.append(_shard_folders(visit.requests))
    days = [day for batch in batches for day in batch]
    assert len(days) == 11 and "chưa tìm" not in visit.page.inner_text(
        "[data-search-status]")
    # Each batch is older than every result shown before it.
    for number, batch in enumerate(batches[1:], 1):
        earlier = [day for b in batches[:number] for day in b]
        assert not batch or not earlier or max(batch) < min(earlier)
    if order:
        assert days == sorted(days, reverse=True)
    # Older shards were fetched only once asked for, a few more each time.
    assert all(a <= b for a, b in zip(fetched, fetched[1:]))
    assert fetched[0] < fetched[-1]
    context.close()
    assert not visit.errors and not visit.foreign
