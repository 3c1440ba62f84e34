"""Date archives: year, month and day pages, the Lưu trữ index, the date picker."""

import json
from urllib.parse import urljoin

import pytest
from conftest import ROOT

import sitebuild

SITE = "https://example.test"
SEED_IMAGE = "images/2019/hoi-nghi-so-ket-dang-uy-minh-hoa.jpg"
SEED_SOURCE = "news/2019/so-ket-cong-tac-xay-dung-dang-6-thang-dau-nam-2019.md"
SEED_URL = "tin-tuc/2019/08/so-ket-cong-tac-xay-dung-dang-6-thang-dau-nam-2019/"


def article(title, date, category="Thanh tra"):
    return f"Title: {title}\nDate: {date}\nCategory: {category}\n\nNội dung {title}.\n"


# Three articles on 09/08/2019, four in August 2019, five in 2019, one in 2020.
FILES = {
    "news/2019/a.md": article("Hội nghị buổi sáng", "09/08/2019 08:00"),
    "news/2019/b.md": article("Kiểm tra buổi chiều", "09/08/2019 14:30"),
    "news/2019/c.md": article("Tin đầu ngày", "09/08/2019"),
    "news/2019/d.md": article("Tin ngày mười hai", "12/08/2019 10:00"),
    "news/2019/e.md": article("Tin tháng chín", "02/09/2019"),
    "news/2020/f.md": article("Tin năm mới", "15/01/2020"),
}


@pytest.fixture
def site(build_site):
    return build_site(FILES)


def listed_titles(soup):
    return [a.get_text(strip=True) for a in soup.select("main .entry-summary h2 a")]


def test_day_page_lists_that_days_news_newest_first(site, read_html):
    page = read_html(site / "tin-tuc/2019/08/09/index.html")
    assert page.find("h1").get_text(strip=True) == "Các tin đã đưa ngày 09/08/2019"
    assert listed_titles(page) == [
        "Kiểm tra buổi chiều",
        "Hội nghị buổi sáng",
        "Tin đầu ngày",
    ]
    assert page.select_one(".archive-count").get_text(strip=True) == "3 tin"
    assert page.title.get_text().startswith("Các tin đã đưa ngày 09/08/2019 – ")
    link = page.select_one("main .entry-summary h2 a")["href"]
    assert link == f"{SITE}/tin-tuc/2019/08/kiem-tra-buoi-chieu/"


def test_month_and_year_pages(site, read_html):
    month = read_html(site / "tin-tuc/2019/08/index.html")
    assert month.find("h1").get_text(strip=True) == "Tin tức tháng 8/2019"
    assert listed_titles(month) == [
        "Tin ngày mười hai",
        "Kiểm tra buổi chiều",
        "Hội nghị buổi sáng",
        "Tin đầu ngày",
    ]
    year = read_html(site / "tin-tuc/2019/index.html")
    assert year.find("h1").get_text(strip=True) == "Năm 2019"
    assert listed_titles(year)[0] == "Tin tháng chín"
    assert year.select_one(".archive-count").get_text(strip=True) == "5 tin"
    assert listed_titles(read_html(site / "tin-tuc/2020/index.html")) == ["Tin năm mới"]
    assert listed_titles(read_html(site / "tin-tuc/2020/01/15/index.html")) == [
        "Tin năm mới"
    ]


def test_only_days_with_news_get_a_page(site):
    days = sorted(
        p.parent.relative_to(site).as_posix()
        for p in (site / "tin-tuc").glob("*/*/[0-9][0-9]/index.html")
    )
    assert days == [
        "tin-tuc/2019/08/09",
        "tin-tuc/2019/08/12",
        "tin-tuc/2019/09/02",
        "tin-tuc/2020/01/15",
    ]


def test_archive_index_lists_years_and_months_with_counts(site, read_html):
    page = read_html(site / "luu-tru/index.html")
    assert page.find("h1").get_text(strip=True) == "Lưu trữ"
    found = []
    for year in page.select(".archive-year"):
        link = year.find("a")
        months = [
            (
                m.find("a").get_text(strip=True),
                m.find("a")["href"],
                m.select_one(".archive-count").get_text(strip=True),
            )
            for m in year.select(".archive-months li")
        ]
        found.append(
            (
                link.get_text(strip=True),
                link["href"],
                year.select_one(".archive-count").get_text(strip=True),
                months,
            )
        )
    assert found == [
        (
            "Năm 2020",
            f"{SITE}/tin-tuc/2020/",
            "(1 tin)",
            [("Tháng 1/2020", f"{SITE}/tin-tuc/2020/01/", "(1 tin)")],
        ),
        (
            "Năm 2019",
            f"{SITE}/tin-tuc/2019/",
            "(5 tin)",
            [
                ("Tháng 9/2019", f"{SITE}/tin-tuc/2019/09/", "(1 tin)"),
                ("Tháng 8/2019", f"{SITE}/tin-tuc/2019/08/", "(4 tin)"),
            ],
        ),
    ]


def test_period_pages_are_paginated_from_the_oldest(build_site, read_html):
    """Pages are cut from the oldest article: index2 holds the two oldest, and
    the first page the rest (the newest whole pair and the odd one above it).
    The older page is labelled by its dates; each links to the other."""
    output = build_site(FILES, ARCHIVE_PAGINATION=2)
    year = "tin-tuc/2019/"
    first, older = (read_html(output / year / name)
                    for name in ("index.html", "index2.html"))
    assert not (output / year / "index3.html").exists()
    assert [listed_titles(p) for p in (first, older)] == [
        ["Tin tháng chín", "Tin ngày mười hai", "Kiểm tra buổi chiều"],
        ["Hội nghị buổi sáng", "Tin đầu ngày"],
    ]
    assert first.select_one(".pagination span") is None
    assert first.select_one("a[rel=prev]") is None
    assert first.select_one("a[rel=next]")["href"] == f"{SITE}/{year}index2.html"
    label = "Ngày 09/08/2019"
    assert older.select_one(".pagination span").get_text(strip=True) == label
    assert label in older.title.get_text()
    assert older.select_one("a[rel=prev]")["href"] == f"{SITE}/{year}index.html"
    assert older.select_one("a[rel=next]") is None


def test_a_new_article_leaves_the_older_pages_as_they_were(build_site, read_html):
    """Adding the newest article changes the first page: the older page keeps its
    address and its articles (Pelican's numbering from the newest would have
    moved each by one), and the first page's oldest pair becomes a page."""
    year = "tin-tuc/2019"
    output = build_site(FILES, ARCHIVE_PAGINATION=2)
    before = listed_titles(read_html(output / year / "index2.html"))
    added = {**FILES, "news/2019/g.md": article("Tin cuối năm", "30/12/2019")}
    output = build_site(added, ARCHIVE_PAGINATION=2)
    assert listed_titles(read_html(output / year / "index2.html")) == before
    assert [listed_titles(read_html(output / year / name))
            for name in ("index.html", "index3.html")] == [
        ["Tin cuối năm", "Tin tháng chín"],
        ["Tin ngày mười hai", "Kiểm tra buổi chiều"]]


def test_pagination_defaults_to_default_pagination(build_site, read_html):
    output = build_site(FILES, DEFAULT_PAGINATION=2)
    assert listed_titles(read_html(output / "tin-tuc/2019/08/index2.html")) == [
        "Hội nghị buổi sáng", "Tin đầu ngày"]


def test_pagination_off_lists_everything_on_one_page(build_site, read_html):
    output = build_site(FILES, DEFAULT_PAGINATION=False)
    assert len(listed_titles(read_html(output / "tin-tuc/index.html"))) == 6
    assert not (output / "tin-tuc/index2.html").exists()
    assert read_html(output / "tin-tuc/index.html").select_one(".pagination") is None


def test_picker_data_lists_every_day_with_news(site):
    data = json.loads((site / "luu-tru/ngay-co-tin.json").read_text(encoding="utf-8"))
    assert data == {
        "day_url": "tin-tuc/{yyyy}/{mm}/{dd}/",
        "days": {"2019": {"8": [9, 12], "9": [2]}, "2020": {"1": [15]}},
    }
    # Each listed day has its page, at the URL the script builds from day_url.
    for year, months in data["days"].items():
        for month, days in months.items():
            for day in days:
                url = data["day_url"].format(
                    yyyy=year, mm=f"{int(month):02}", dd=f"{day:02}"
                )
                assert (site / url / "index.html").exists()


def test_picker_data_stays_small(build_site):
    # One article a day for a year: the file grows by a few bytes a day.
    files = {
        f"news/{n}.md": article(f"Tin số {n}", f"{1 + n % 28:02}/{1 + n // 28:02}/2019")
        for n in range(12 * 28)
    }
    output = build_site(files)
    size = (output / "luu-tru/ngay-co-tin.json").stat().st_size
    assert size < 12 * 28 * 4 + 200


@pytest.mark.parametrize(
    "page",
    [
        "index.html",
        "luu-tru/index.html",
        "tin-tuc/index.html",
        "tin-tuc/2019/08/09/index.html",
        "tin-tuc/2019/index.html",
        "chuyen-muc/thanh-tra/index.html",
        "tin-tuc/2019/08/hoi-nghi-buoi-sang/index.html",
    ],
)
def test_news_pages_have_the_day_first_picker(site, read_html, page):
    soup = read_html(site / page)
    form = soup.select_one("form.date-picker")
    assert form.find("legend").get_text(strip=True) == "Các tin đã đưa ngày"
    # Day, month, year: three labelled selects in that order, whatever the locale.
    selects = form.select("select")
    assert [s["name"] for s in selects] == ["ngay", "thang", "nam"]
    assert [form.select_one(f"label[for={s['id']}]").get_text(strip=True)
            for s in selects] == ["Ngày", "Tháng", "Năm"]
    assert [o["value"] for o in selects[0].select("option")] == [
        f"{n:02d}" for n in range(1, 32)]
    assert [o["value"] for o in selects[1].select("option")] == [
        f"{n:02d}" for n in range(1, 13)]
    assert [o["value"] for o in selects[2].select("option")] == ["2020", "2019"]
    assert not form.select("input[type=date]")
    assert form.find("button", type="submit")
    # A plain GET to the archive index, which the web server answers (nginx, preview).
    assert form["method"] == "get"
    assert form["action"] == f"{SITE}/luu-tru/"
    assert form["data-days"] == f"{SITE}/luu-tru/ngay-co-tin.json"
    script = soup.select_one("script[src$='archive-picker.js']")
    assert (site / script["src"].removeprefix(f"{SITE}/")).exists()


def test_the_picker_is_only_on_news_pages(build_site, read_html):
    output = build_site({
        **FILES,
        "pages/gioi-thieu.md": "Title: Giới thiệu\n\nVề Sở.\n",
        "qa/hoi.md": """
            Title: Hỏi về đo lường?
            Question: Cần gì?
            Asker: Nguyễn Văn A
            Locality: Phú Thọ
            Asked: 01/02/2020
            Field: An toàn bức xạ
            Answerer: Phòng Quản lý chuyên ngành
            Date: 03/02/2020

            Cần hồ sơ.
        """,
    })
    for page in ["gioi-thieu/index.html", "hoi-dap/index.html", "404.html",
                 "tim-kiem/index.html", "ban-tin/index.html",
                 "hoi-dap/hoi-ve-do-luong/index.html"]:
        assert (output / page).exists(), page
        assert not read_html(output / page).select("form.date-picker"), page


def test_picker_starts_on_the_day_being_read(site, read_html):
    def value(page):
        form = read_html(site / page).select_one("form.date-picker")
        return "/".join(form.select_one(f"[name={name}] option[selected]")["value"]
                        for name in ("ngay", "thang", "nam"))

    assert value("tin-tuc/2019/08/12/index.html") == "12/08/2019"
    assert value("tin-tuc/2019/08/kiem-tra-buoi-chieu/index.html") == "09/08/2019"
    assert value("index.html") == "15/01/2020"


@pytest.mark.parametrize("query, expected", [
    ({"ngay": "09", "thang": "08", "nam": "2019"}, "tin-tuc/2019/08/09/"),
    ({"ngay": "10", "thang": "08", "nam": "2019"}, "tin-tuc/2019/08/"),
    ({"ngay": "31", "thang": "02", "nam": "2019"}, "tin-tuc/2019/"),  # no such day
    ({"ngay": "01", "thang": "03", "nam": "2019"}, "tin-tuc/2019/"),
    ({"ngay": "01", "thang": "01", "nam": "2030"}, None),
    ({"ngay": "9", "thang": "8", "nam": "2019"}, "tin-tuc/2019/"),  # not two digits
    ({"ngay": "09", "thang": "08", "nam": "../../etc"}, None),
    ({"ngay": "09", "thang": "08/../..", "nam": "2019"}, "tin-tuc/2019/"),
    ({}, None),
])
def test_picker_redirect_answers_like_the_web_server(site, query, expected):
    from archives.archives import picker_redirect

    def exists(save_as):
        return (site / save_as).is_file()

    assert picker_redirect(query, exists) == expected


def test_picker_links_resolve_with_relative_urls(build_site, read_html):
    output = build_site(FILES, SITEURL="", RELATIVE_URLS=True)
    page = "tin-tuc/2019/08/09/index.html"
    form = read_html(output / page).select_one("form.date-picker")
    base = f"http://x.test/{page}"
    assert urljoin(base, form["action"]) == "http://x.test/luu-tru/"
    assert urljoin(base, form["data-days"]) == "http://x.test/luu-tru/ngay-co-tin.json"
    assert urljoin(base, form["data-root"]) == "http://x.test/"


def test_day_page_carries_the_notice_placeholder(site, read_html):
    notice = read_html(site / "tin-tuc/2019/08/09/index.html").select_one(
        ".archive-notice"
    )
    assert notice["data-archive-day"] == "2019-08-09"
    assert notice.has_attr("hidden")


def test_seed_article_is_on_its_day_page(build_site, read_html):
    output = build_site(
        {
            SEED_SOURCE: (ROOT / "content" / SEED_SOURCE).read_text(encoding="utf-8"),
            SEED_IMAGE: (ROOT / "content" / SEED_IMAGE).read_bytes(),
        }
    )
    page = read_html(output / "tin-tuc/2019/08/09/index.html")
    assert page.find("h1").get_text(strip=True) == "Các tin đã đưa ngày 09/08/2019"
    links = [a["href"] for a in page.select("main .entry-summary h2 a")]
    assert links == [f"{SITE}/{SEED_URL}"]
    data = json.loads((output / "luu-tru/ngay-co-tin.json").read_text(encoding="utf-8"))
    assert data["days"] == {"2019": {"8": [9]}}


def test_article_slug_on_a_day_page_is_refused(build_site):
    with pytest.raises(sitebuild.BuildFailed) as failure:
        build_site(
            {
                **FILES,
                "news/2019/so.md": "Title: 09\nDate: 09/08/2019\n"
                "Category: Thanh tra\n\nNội dung.\n",
            }
        )
    message = str(failure.value)
    assert "news/2019/so.md:1: [E-URL-COLLISION]" in message
    assert "Các tin đã đưa ngày 09/08/2019" in message


def test_site_without_news_still_has_an_index(build_site, read_html):
    output = build_site({"pages/gioi-thieu.md": "Title: Giới thiệu\n\nSở KH&CN.\n"})
    page = read_html(output / "luu-tru/index.html")
    assert "Chưa có tin nào." in page.get_text()
    data = json.loads((output / "luu-tru/ngay-co-tin.json").read_text(encoding="utf-8"))
    assert data["days"] == {}


def test_period_pages_link_to_their_parents_and_neighbours(site, read_html):
    day = read_html(site / "tin-tuc/2019/08/12/index.html")
    crumbs = [(a.get_text(strip=True), a["href"]) for a in day.select(".breadcrumbs a")]
    assert crumbs == [
        ("Trang chủ", f"{SITE}/"),
        ("Lưu trữ", f"{SITE}/luu-tru/"),
        ("Năm 2019", f"{SITE}/tin-tuc/2019/"),
        ("Tháng 8/2019", f"{SITE}/tin-tuc/2019/08/"),
    ]
    older = day.select_one(".archive-nav .archive-older")
    newer = day.select_one(".archive-nav .archive-newer")
    assert (older.get_text(strip=True), older["href"]) == (
        "« 09/08/2019",
        f"{SITE}/tin-tuc/2019/08/09/",
    )
    assert (newer.get_text(strip=True), newer["href"]) == (
        "02/09/2019 »",
        f"{SITE}/tin-tuc/2019/09/02/",
    )
    newest_year = read_html(site / "tin-tuc/2020/index.html")
    assert not newest_year.select(".archive-nav .archive-newer")
    assert newest_year.select_one(".archive-nav .archive-older")["href"] == (
        f"{SITE}/tin-tuc/2019/"
    )


def test_page_on_the_archive_index_is_refused(build_site):
    with pytest.raises(sitebuild.BuildFailed) as failure:
        build_site({**FILES, "pages/luu-tru.md": "Title: Lưu trữ\n\nNội dung.\n"})
    message = str(failure.value)
    assert "pages/luu-tru.md:1: [E-URL-COLLISION]" in message
    assert "'Lưu trữ'" in message
