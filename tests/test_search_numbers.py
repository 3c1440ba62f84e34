"""A document is found by its number however a citizen spells it, in Chromium;
and by its filters, combined, on the Văn bản pages and the search page.

The site below has documents with close numbers (27/2025/QĐ-UBND next to
270/QĐ-SKHCN, 15/2025/QĐ-UBND and 05/KH-SKHCN) and newer news articles that cite
27/2025/QĐ-UBND in their title and text, many times. Its shards hold two items
each and the first search covers only the newest two news items: the documents
(older than every article) are found because they are in the pinned shard,
searched first, and ranked first because their number is indexed in every
spelling at Pagefind's highest weight.
"""

import re

import pytest
from bs4 import BeautifulSoup
from conftest import served
from site_search.numbers import number_spellings
from test_search import Visit, build_sample

PDF = b"%PDF-1.4\n" + b"0" * 3000 + b"\n%%EOF\n"


def document(number, title, issued, doc_type="Quyết định"):
    front = "\n".join([
        f"Title: {title}", f"Number: {number}", f"Type: {doc_type}",
        "Issuer: Ủy ban nhân dân tỉnh Phú Thọ", "Signer: Đỗ Minh Khang",
        f"Issued: {issued}", "Field: Quản lý khoa học", "File: vb.pdf"])
    return front, "Nội dung văn bản."


def news(title, day, body):
    return f"Title: {title}\nDate: {day}\nCategory: Khoa học - Công nghệ\n", body


DECISION = "Quy định quản lý nhiệm vụ khoa học và công nghệ cấp tỉnh"
NEIGHBOUR = "Thành lập hội đồng tư vấn tuyển chọn"
PLAN = "Kế hoạch kiểm tra đo lường năm 2019"
RULES = "Quy chế phối hợp quản lý tiêu chuẩn"
CITING = "Triển khai Quyết định 27/2025/QĐ-UBND về nhiệm vụ khoa học"
CITATION = ("Sở triển khai Quyết định số 27/2025/QĐ-UBND. Theo Quyết định "
            "27/2025/QĐ-UBND, các đơn vị rà soát; 27/2025/QĐ-UBND có hiệu lực.")

CONTENT = {
    "documents/2025/27-2025.md": document("27/2025/QĐ-UBND", DECISION, "12/03/2025"),
    "documents/2025/vb.pdf": PDF,
    "documents/2024/270.md": document("270/QĐ-SKHCN", NEIGHBOUR, "05/09/2024"),
    "documents/2024/vb.pdf": PDF,
    "documents/2023/15-2025.md": document("15/2025/QĐ-UBND", RULES, "02/01/2025"),
    "documents/2023/vb.pdf": PDF,
    "documents/2019/05-kh.md": document("05/KH-SKHCN", PLAN, "10/01/2019",
                                        doc_type="Kế hoạch"),
    "documents/2019/vb.pdf": PDF,
    "news/2025/trien-khai.md": news(CITING, "20/05/2025", CITATION),
    "news/2025/hoi-nghi.md": news("Hội nghị phổ biến văn bản mới", "10/06/2025",
                                  CITATION + " Hội nghị kết thúc ngày 27/6/2025."),
    "news/2025/tap-huan.md": news("Tập huấn quy định mới", "15/07/2025",
                                  "Tập huấn về Quyết định 27/2025/QĐ-UBND (KH&CN)."),
    "news/2025/so-ket.md": news("Sơ kết sáu tháng", "01/08/2025",
                                "Quyết định 27/2025/QĐ-UBND được nhắc lại 27 lần."),
    "news/2025/ky-hieu.md": news(
        "Luật KH&CN và ký hiệu so sánh", "05/08/2025",
        "Chương trình KH&amp;CN cấp tỉnh: chỉ số a &lt; b và c &gt; d."),
}

# (spelling typed, title expected first)
SPELLINGS = [
    ("27/2025/QĐ-UBND", DECISION),
    ("27/2025", DECISION),
    ("27/2025/QD-UBND", DECISION),
    ("số 27/2025", DECISION),
    ("qđ 27", DECISION),
    ("qd 27", DECISION),
    ("27/QĐ-UBND", DECISION),
    ("27/qd-ubnd", DECISION),
    ("QĐ-UBND 27", DECISION),
    ("QD-UBND 27", DECISION),
    ("27/2025/qđ-ubnd", DECISION),
    ("27-2025", DECISION),
    ("Quyết định 27/2025", DECISION),
    ("270/QĐ-SKHCN", NEIGHBOUR),
    ("qd 270", NEIGHBOUR),
    ("05/KH-SKHCN", PLAN),
    ("kh-skhcn 05", PLAN),
    ("KH 05", PLAN),
]


@pytest.fixture(scope="module")
def numbers_site(tmp_path_factory):
    return build_sample(tmp_path_factory.mktemp("numbers-site"), CONTENT,
                        SEARCH_SHARD_MAX_PAGES=2, SEARCH_FIRST_PAGES=2)


@pytest.fixture(scope="module")
def numbers_url(numbers_site):
    with served(numbers_site) as origin:
        yield f"{origin}/"


@pytest.fixture
def visit(browser, numbers_url):
    context = browser.new_context()
    visit = Visit(context, numbers_url)
    yield visit
    context.close()
    assert not visit.errors, visit.errors


def test_spellings_of_a_number():
    words = number_spellings("27/2025/QĐ-UBND")
    assert words[0] == "27/2025/QĐ-UBND"
    assert {"27/QĐ-UBND", "QĐ-UBND/27", "27/2025", "27-2025"} <= set(words)
    assert number_spellings("05/KH-SKHCN")[:2] == ["05/KH-SKHCN", "KH-SKHCN/05"]
    assert number_spellings("Công văn không số") == ["Công văn không số",
                                                       "Côngvănkhôngsố"]
    assert number_spellings("") == []


@pytest.mark.parametrize(("query", "expected"), SPELLINGS)
def test_the_document_is_the_first_result(visit, query, expected):
    results = visit.search(query)
    assert visit.titles(results)[0] == expected, visit.titles(results)
    first = results.first
    assert first.locator(".search-result-type").inner_text() == "Văn bản"
    # The excerpt is the document's text, never the list of spellings.
    excerpt = first.locator(".search-result-excerpt").inner_text()
    assert "QĐ-UBND/27" not in excerpt and "27-2025" not in excerpt


def test_documents_are_searched_before_older_news_is_asked_for(visit):
    results = visit.search("27/2025/QĐ-UBND")
    titles = visit.titles(results)
    # The newest news items only (the first group); the citing article of May is
    # older than the first group and waits for "Xem kết quả cũ hơn".
    assert CITING not in titles
    visit.page.get_by_role("button", name="Xem kết quả cũ hơn").click()
    visit.page.get_by_role("link", name=re.compile("^Triển khai Quyết định")).wait_for()
    assert visit.titles(visit.page.locator(".search-result"))[:len(titles)] == titles


def test_excerpts_show_characters_not_entities(visit):
    results = visit.search("so sanh")
    assert visit.titles(results) == ["Luật KH&CN và ký hiệu so sánh"]
    excerpt = results.first.locator(".search-result-excerpt").inner_text()
    assert "KH&CN" in excerpt and "a < b" in excerpt and "c > d" in excerpt
    assert "&amp;" not in excerpt and "&lt;" not in excerpt and "&gt;" not in excerpt


# --- Filters that combine -------------------------------------------------------------

def _page(site, path):
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"),
                         "html.parser")


def _titles(page):
    return [a.get_text(strip=True) for a in page.select(".document-item h2 a")]


def test_a_type_page_links_to_its_pairs_and_back(numbers_site):
    decisions = _page(numbers_site, "van-ban/loai/quyet-dinh")
    years = decisions.select_one("[data-facet-pair=year]")
    links = {a.get_text(strip=True): (a["href"], a.parent.get_text())
             for a in years.select("a")}
    assert set(links) == {"2025", "2024"}  # the 2019 plan is not a decision
    href, text = links["2025"]
    assert href.endswith("/van-ban/loai/quyet-dinh/nam/2025/") and "(2)" in text
    pair = _page(numbers_site, "van-ban/loai/quyet-dinh/nam/2025")
    assert sorted(_titles(pair)) == sorted([DECISION, RULES])
    assert pair.h1.get_text() == "Loại văn bản: Quyết định · Năm ban hành: 2025"
    back = [a["href"] for a in pair.select(".document-chosen a")]
    assert back[0].endswith("/van-ban/nam/2025/")
    assert back[1].endswith("/van-ban/loai/quyet-dinh/")
    # The year's page links to the same pair page: one address per pair.
    year = _page(numbers_site, "van-ban/nam/2025")
    assert any(a["href"].endswith("/van-ban/loai/quyet-dinh/nam/2025/")
               for a in year.select("[data-facet-pair=type] a"))


def test_the_number_box_searches_within_the_page_filters(numbers_site):
    form = _page(numbers_site, "van-ban/loai/quyet-dinh/nam/2025").select_one(
        "form.document-search")
    assert form["action"].endswith("/tim-kiem/") and form["method"] == "get"
    hidden = {i["name"]: i["value"] for i in form.select("input[type=hidden]")}
    assert hidden == {"loai": "Văn bản", "vb_type": "Quyết định", "vb_year": "2025"}


def test_document_filters_combine_on_the_search_page(visit):
    page = visit.page
    page.goto(f"{visit.site_url}van-ban/")
    page.fill("#document-q", "quy")
    page.press("#document-q", "Enter")
    page.wait_for_url(re.compile(r"/tim-kiem/\?q=quy&loai="))
    results = visit.results()
    assert DECISION in visit.titles(results)
    assert page.locator("#search-vb_year").is_visible()
    page.select_option("#search-vb_year", "2025")
    page.wait_for_url(re.compile(r"vb_year=2025"))
    titles = visit.titles(visit.results())
    assert sorted(titles) == sorted([DECISION, RULES])
    page.select_option("#search-vb_type", "Kế hoạch")
    page.wait_for_url(re.compile(r"vb_type="))
    assert visit.titles(visit.results()) == []
