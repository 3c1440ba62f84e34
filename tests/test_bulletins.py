"""Bulletin issues (Bản tin): index by year, issue pages, files, refusals."""

import io
import logging
import random
import textwrap
from datetime import datetime

import pytest
from bulletins.bulletins import vn_filesize
from pelican import signals
from PIL import Image

import sitebuild

SITEURL = "https://example.test"
NEWS = """\
    Title: Sơ kết công tác xây dựng Đảng 6 tháng đầu năm 2019
    Date: 09/08/2019
    Category: Xây dựng Đảng - Đoàn thể

    Nội dung bài.
"""
NEWS_URL = "tin-tuc/2019/08/so-ket-cong-tac-xay-dung-dang-6-thang-dau-nam-2019/"


def cover_bytes(size=(120, 170), colour=(150, 30, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG")
    return buffer.getvalue()


def pdf_bytes(pages=3, noise=False):
    """A real PDF made by Pillow; with noise, large (JPEG cannot compress noise)."""
    if noise:
        rng = random.Random(7)
        images = [Image.frombytes("RGB", (700, 700), rng.randbytes(700 * 700 * 3))
                  for _ in range(pages)]
    else:
        images = [Image.new("RGB", (60, 85), (255, 255, 255)) for _ in range(pages)]
    buffer = io.BytesIO()
    images[0].save(buffer, "PDF", save_all=True, append_images=images[1:],
                   quality=95)
    return buffer.getvalue()


def issue(number, year, date, contents="", title=None, cover=None, pdf=None,
          body=""):
    """Front matter of one issue (dedented); Contents lines given as one string."""
    lines = [f"Title: {title}"] if title else []
    lines += [
        f"Number: {number}",
        f"Year: {year}",
        f"Date: {date}",
        f"Summary: Tóm tắt số {number}/{year}.",
    ]
    if cover is not False:
        lines.append(f"Cover: {cover or f'so-{number}-bia.jpg'}")
    if pdf is not False:
        lines.append(f"PDF: {pdf or f'so-{number}.pdf'}")
    if contents:
        lines.append("Contents: " + textwrap.dedent(contents).strip().replace(
            "\n", "\n    "))
    return "\n".join(lines) + "\n\n" + body


def issue_files(number, year, date, **kwargs):
    """The .md of one issue and its cover and PDF, keyed by path under content/."""
    folder = f"bulletins/{year}"
    return {
        f"{folder}/so-{number}.md": issue(number, year, date, **kwargs),
        f"{folder}/so-{number}-bia.jpg": cover_bytes(),
        f"{folder}/so-{number}.pdf": pdf_bytes(),
    }


def line_of(text, needle):
    """1-based number of the first line of ``text`` containing ``needle``."""
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


# --- index -----------------------------------------------------------------------
def test_index_groups_issues_by_year_newest_first(build_site, read_html):
    output = build_site({
        **issue_files(4, 2018, "28/12/2018"),
        **issue_files(1, 2019, "29/03/2019"),
        **issue_files(2, 2019, "28/06/2019"),
        # The last issue of 2019 came out in January 2020: it belongs to 2019.
        **issue_files(3, 2019, "10/01/2020"),
    })
    page = read_html(output / "ban-tin/index.html")
    years = page.select(".bulletin-year")
    assert [y.h2.get_text() for y in years] == ["Năm 2019", "Năm 2018"]
    titles = [[t.get_text() for t in y.select(".bulletin-item-title")] for y in years]
    assert titles == [
        ["Bản tin Khoa học và Công nghệ số 3/2019",
         "Bản tin Khoa học và Công nghệ số 2/2019",
         "Bản tin Khoa học và Công nghệ số 1/2019"],
        ["Bản tin Khoa học và Công nghệ số 4/2018"],
    ]
    first = years[0].select_one(".bulletin-item a")
    assert first["href"] == f"{SITEURL}/ban-tin/2019/so-3/"
    assert years[0].select_one("time")["datetime"] == "2020-01-10T00:00:00+07:00"
    assert "10/01/2020" in years[0].select_one(".entry-meta").get_text()


# --- one issue -------------------------------------------------------------------
def test_issue_page_has_cover_contents_and_download_with_size(build_site, read_html):
    big_pdf = pdf_bytes(pages=2, noise=True)
    assert len(big_pdf) > 1024 * 1024  # shown in MB, with a decimal comma
    files = issue_files(1, 2019, "29/03/2019", title="Bản tin số đầu năm",
                        contents="""
                            Chuỗi giá trị chuối tiêu hồng | trang 2
                            Nhãn hiệu chứng nhận cho nông sản | tr. 5
                        """, body="Lời giới thiệu của số này.")
    files["bulletins/2019/so-1.pdf"] = big_pdf
    output = build_site(files)

    page = read_html(output / "ban-tin/2019/so-1/index.html")
    assert page.h1.get_text() == "Bản tin số đầu năm"
    assert "Lời giới thiệu của số này." in page.select_one(".bulletin-intro").get_text()

    cover = page.select_one(".bulletin-cover img")
    # Published with its resized variants (plugins/images); the slot picks one.
    assert cover["src"] == f"{SITEURL}/ban-tin/2019/so-1/so-1-bia.120w.jpg"
    assert "so-1-bia.120w.jpg 120w" in cover["srcset"] and cover["sizes"]
    assert (cover["width"], cover["height"]) == ("120", "170")
    assert cover["alt"].startswith("Bìa ")
    copied = output / "ban-tin/2019/so-1/so-1-bia.jpg"
    assert copied.read_bytes() == files["bulletins/2019/so-1-bia.jpg"]

    download = page.select_one(".bulletin-download a")
    assert download["href"] == f"{SITEURL}/ban-tin/2019/so-1/so-1.pdf"
    assert download["type"] == "application/pdf"
    assert (output / "ban-tin/2019/so-1/so-1.pdf").read_bytes() == big_pdf
    size = page.select_one(".bulletin-download .file-size").get_text()
    assert size == f"(PDF, {vn_filesize(len(big_pdf))})"
    assert size.endswith(" MB)") and "," in size

    entries = page.select(".bulletin-toc li")
    assert [e.find(["a", "span"]).get_text() for e in entries] == [
        "Chuỗi giá trị chuối tiêu hồng", "Nhãn hiệu chứng nhận cho nông sản"]
    pages = [e.select_one("a.toc-page")["href"] for e in entries]
    assert pages == [f"{SITEURL}/ban-tin/2019/so-1/so-1.pdf#page=2",
                     f"{SITEURL}/ban-tin/2019/so-1/so-1.pdf#page=5"]


@pytest.mark.parametrize(
    ("length", "shown"),
    [(900, "900 byte"), (1024, "1 KB"), (850 * 1024, "850 KB"),
     (1_258_291, "1,2 MB"), (15 * 1024 * 1024, "15,0 MB"), (3 * 1024**3, "3,0 GB")],
)
def test_file_sizes_are_written_the_vietnamese_way(length, shown):
    assert vn_filesize(length) == shown


@pytest.mark.parametrize(
    "target",
    ["{filename}/news/2019/so-ket.md", "news/2019/so-ket.md", "/news/2019/so-ket.md",
     "{filename}../../news/2019/so-ket.md"],
)
def test_contents_entry_links_to_the_article_url(build_site, read_html, target):
    output = build_site({
        "news/2019/so-ket.md": NEWS,
        **issue_files(3, 2019, "30/09/2019", contents=f"""
            Sơ kết công tác xây dựng Đảng | {target} | trang 2
        """),
    })
    assert (output / NEWS_URL / "index.html").exists()
    page = read_html(output / "ban-tin/2019/so-3/index.html")
    link = page.select_one(".bulletin-toc li a")
    assert link.get_text() == "Sơ kết công tác xây dựng Đảng"
    assert link["href"] == f"{SITEURL}/{NEWS_URL}"
    assert page.select_one(".bulletin-toc a.toc-page")["href"].endswith(".pdf#page=2")


def test_generator_lists_and_enclosure_for_other_plugins(build_site):
    """The feeds plugin relies on `bulletins` and each issue's `.enclosure`."""
    seen = {}

    def keep(generators):
        for generator in generators:
            if "bulletins" in generator.context:
                seen["context"] = generator.context

    signals.all_generators_finalized.connect(keep)
    files = {**issue_files(1, 2019, "29/03/2019"), **issue_files(2, 2019, "28/06/2019")}
    build_site(files)
    bulletins = seen["context"]["bulletins"]
    assert [b.number for b in bulletins] == [2, 1]
    newest = bulletins[0]
    assert newest.enclosure.url == "ban-tin/2019/so-2/so-2.pdf"
    assert newest.enclosure.length == len(files["bulletins/2019/so-2.pdf"])
    assert newest.enclosure.mime_type == "application/pdf"
    assert newest.url == "ban-tin/2019/so-2/"
    assert newest.date.utcoffset().total_seconds() == 7 * 3600
    assert "Tóm tắt số 2/2019." in newest.summary


def test_sample_issues_build_with_their_generated_files(sample_site, read_html):
    """The committed sample issues, covers and PDFs make a clean build."""
    output, site_url = sample_site.output, sample_site.origin
    index = read_html(output / "ban-tin/index.html")
    links = [a["href"] for a in index.select(".bulletin-item > a")]
    assert len(links) >= 3
    first_half_2019 = [
        t for t in index.select(".bulletin-item time")
        if t["datetime"] < "2019-07-01" and t["datetime"] >= "2019-01-01"
    ]
    assert len(first_half_2019) == 2  # the department made two issues then
    for item in index.select(".bulletin-item"):
        path = item.a["href"].removeprefix(site_url + "/")
        issue_page = read_html(output / path / "index.html")
        pdf = issue_page.select_one(".bulletin-download a")["href"]
        assert (output / pdf.removeprefix(site_url + "/")).read_bytes()[:5] == b"%PDF-"


# --- refusals --------------------------------------------------------------------
def refused(build_site, files):
    with pytest.raises(sitebuild.BuildFailed) as failure:
        build_site(files)
    return str(failure.value)


@pytest.mark.parametrize(("field", "missing"), [("PDF", "so-1.pdf"),
                                                ("Cover", "so-1-bia.jpg")])
def test_missing_file_is_refused_with_file_and_line(build_site, field, missing):
    files = issue_files(1, 2019, "29/03/2019")
    del files[f"bulletins/2019/{missing}"]
    line = line_of(files["bulletins/2019/so-1.md"], f"{field}:")
    message = refused(build_site, files)
    assert f"bulletins/2019/so-1.md:{line}: [E-BULLETIN-FILE]" in message
    assert missing in message


def test_cover_that_is_not_an_image_is_refused(build_site):
    files = issue_files(1, 2019, "29/03/2019")
    files["bulletins/2019/so-1-bia.jpg"] = b"not a picture"
    line = line_of(files["bulletins/2019/so-1.md"], "Cover:")
    assert f"so-1.md:{line}: [E-BULLETIN-FILE]" in refused(build_site, files)


def test_issue_without_pdf_field_is_refused(build_site):
    files = issue_files(1, 2019, "29/03/2019", pdf=False)
    message = refused(build_site, files)
    assert "so-1.md: [E-BULLETIN-META]" in message and "'PDF:'" in message


def test_contents_entry_naming_a_missing_article_is_refused(build_site):
    files = {
        "news/2019/so-ket.md": NEWS,
        **issue_files(3, 2019, "30/09/2019", contents="""
            Sơ kết công tác xây dựng Đảng | news/2019/so-ket.md
            Bài đã đổi tên | news/2019/khong-co.md | trang 4
        """),
    }
    line = line_of(files["bulletins/2019/so-3.md"], "khong-co.md")
    message = refused(build_site, files)
    assert f"bulletins/2019/so-3.md:{line}: [E-BULLETIN-TOC]" in message
    assert "news/2019/khong-co.md" in message


def test_contents_entry_without_target_is_refused(build_site):
    files = issue_files(3, 2019, "30/09/2019", contents="""
        Một bài không rõ ở đâu
    """)
    line = line_of(files["bulletins/2019/so-3.md"], "Một bài")
    assert f"so-3.md:{line}: [E-BULLETIN-TOC]" in refused(build_site, files)


def test_bulletins_are_never_read_as_articles(build_site):
    output = build_site(issue_files(1, 2019, "29/03/2019"))
    # The news list exists (a direct template) but holds no article, and no
    # article page was written under tin-tuc/.
    pages = [p.relative_to(output).as_posix() for p in (output / "tin-tuc").rglob("*")]
    assert pages == ["tin-tuc/index.html"]


def test_two_issues_with_one_number_collide(build_site):
    files = {**issue_files(1, 2019, "29/03/2019")}
    files["bulletins/2019/so-1-ban-sua.md"] = files["bulletins/2019/so-1.md"]
    message = refused(build_site, files)
    assert "[E-URL-COLLISION]" in message and "ban-tin/2019/so-1/index.html" in message


def test_contents_entry_naming_an_unpublished_article_is_shown_without_link(
        build_site, read_html, caplog):
    draft = NEWS.replace("Date: 09/08/2019", "Date: 09/08/2019\n    Status: draft")
    with caplog.at_level(logging.WARNING):
        output = build_site({
            "news/2019/so-ket.md": draft,
            **issue_files(3, 2019, "30/09/2019", contents="""
                Sơ kết công tác xây dựng Đảng | news/2019/so-ket.md | trang 2
            """),
        })
    entry = read_html(output / "ban-tin/2019/so-3/index.html").select_one(
        ".bulletin-toc li")
    assert entry.span.get_text() == "Sơ kết công tác xây dựng Đảng"
    assert [a["class"] for a in entry.select("a")] == [["toc-page"]]
    assert any("so-3.md" in r.getMessage() and "news/2019/so-ket.md" in r.getMessage()
               for r in caplog.records if r.levelno == logging.WARNING)


def test_future_issue_is_not_published_yet(build_site, read_html):
    next_year = datetime.now().year + 1
    output = build_site({
        **issue_files(1, 2019, "29/03/2019"),
        **issue_files(1, next_year, f"15/01/{next_year}"),
    })
    assert not (output / f"ban-tin/{next_year}").exists()
    index = read_html(output / "ban-tin/index.html")
    assert [y.h2.get_text() for y in index.select(".bulletin-year")] == ["Năm 2019"]


def test_contents_titles_are_text_not_markup(build_site, read_html):
    output = build_site(issue_files(1, 2019, "29/03/2019", contents="""
        Dấu <b>đậm</b> & ký hiệu | trang 2
    """))
    entry = read_html(output / "ban-tin/2019/so-1/index.html").select_one(
        ".bulletin-toc li span")
    assert entry.get_text() == "Dấu <b>đậm</b> & ký hiệu"


def test_articles_can_link_to_an_issue_by_its_source_file(build_site, read_html):
    article = NEWS.replace(
        "Nội dung bài.", "Xem [Bản tin số 1/2019]({filename}/bulletins/2019/so-1.md).")
    output = build_site({"news/2019/so-ket.md": article,
                         **issue_files(1, 2019, "29/03/2019")})
    page = read_html(output / NEWS_URL / "index.html")
    link = page.find("a", string="Bản tin số 1/2019")
    assert link["href"] == f"{SITEURL}/ban-tin/2019/so-1/"
