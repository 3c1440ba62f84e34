"""The page memo (output_guard.page_memo): a rebuild renders only the pages that
show what changed and takes the others from the live output, and the result is
still byte-identical to a cold build, whatever changed: a new or deleted article,
a title, date, category or body, a picture, a template, a setting, a checkout
that rewrites every file, a page edited by hand in output/, a time-driven
change."""

import io
import logging
import os
import re
import shutil

import pytest
from output_guard.page_memo import PageMemo
from PIL import Image
from test_incremental import (
    BULLETIN,
    Site,
    assert_same_tree,
    cold_build,
    contents,
    identities,
    news,
    rewritten,
    site_files,
)

from conftest import ROOT

SUMMED = """\
    Title: {title}
    Date: {date}
    Category: Thanh tra
    Summary: {title}: tóm tắt do biên tập viên viết.

    {body}
"""
REUSED = re.compile(r"Dựng lại ([\d.]+) trang; giữ nguyên ([\d.]+) trang")


def summed(title, date, body="Nội dung bài."):
    return SUMMED.format(title=title, date=date, body=body)


def counts(output):
    """(pages rendered, pages reused) as the build printed them; (None, None) if
    it reused none."""
    found = REUSED.search(output)
    if not found:
        return None, None
    return tuple(int(number.replace(".", "")) for number in found.groups())


def _pristine(root, files, theme=False):
    """``files`` built once under ``root``/site (with a copy of the theme if
    ``theme``, so a test may edit a template), and a pristine copy of it beside,
    folders and cache included."""
    site = Site(root / "site", files)
    if theme:
        shutil.copytree(ROOT / "theme", site.root / "theme")
        site.build(THEME=str(site.root / "theme"))
    else:
        site.build()
    shutil.copytree(site.root, root / "pristine", symlinks=True)
    return site


def _restore(built):
    """The built site as it was after its build, at the same place (the memo and
    the stamp are kept per output folder). Every file is a new copy: new inodes
    and mtimes everywhere; the memo compares bytes, so its pages are still taken."""
    shutil.rmtree(built.root)
    shutil.copytree(built.root.with_name("pristine"), built.root, symlinks=True)
    return built


@pytest.fixture(scope="module")
def summed_site(tmp_path_factory):
    """The incremental tests' site, with articles whose summary is written (so no
    listing reads their body), built once for the module."""
    files = site_files()
    files["news/d.md"] = summed("Kiểm tra đo lường xăng dầu", "20/08/2019")
    files["news/e.md"] = summed("Hội thảo chuyển đổi số", "21/08/2019")
    return _pristine(tmp_path_factory.mktemp("summed"), files)


@pytest.fixture
def site(summed_site):
    """That site as its build left it, for one test."""
    return _restore(summed_site)


def showing(output, slug):
    """The pages under ``output`` that link to the article ``slug``."""
    return {path for path in output.rglob("*.html")
            if f"/{slug}/" in path.read_text("utf-8")}


def test_a_body_edit_renders_only_the_pages_that_show_the_article(
        site, tmp_path, capsys):
    slug = "kiem-tra-do-luong-xang-dau"
    page = f"tin-tuc/2019/08/{slug}/index.html"
    before = identities(site.output)
    capsys.readouterr()
    site.write({"news/d.md": summed("Kiểm tra đo lường xăng dầu", "20/08/2019",
                                    body="Nội dung đã bổ sung số liệu.")})
    site.build()
    printed = capsys.readouterr().out
    rendered, reused = counts(printed)
    # Its own page and the pages that list it are the only pages that depend on
    # it; every other page the Writer wrote ("Ghi trang N") was taken as it was.
    # (and the two pages about every article: the feeds page, the search page).
    assert 1 <= rendered <= len(showing(site.output, slug)) + 2
    assert rendered + reused == int(re.findall(r"Ghi trang ([\d.]+)", printed)[-1])
    assert reused > 20
    assert "Nội dung đã bổ sung số liệu." in (site.output / page).read_text("utf-8")
    written, _ = rewritten(before, identities(site.output))
    # The listings show its summary, which did not change: of the pages, only its
    # own was written again (the feeds and the search index carry the body).
    assert {name for name in written if name.endswith(".html")} == {page}
    assert_same_tree(site.output, cold_build(tmp_path, site))


def test_a_summary_cut_from_the_body_renders_the_listings_that_show_it(
        site, tmp_path, capsys):
    capsys.readouterr()
    # news/b.md has no Summary: the listings cut theirs from its body.
    site.write({"news/b.md": news("Hội nghị khoa học công nghệ", date="12/08/2019",
                                  category="Khoa học - Công nghệ",
                                  body="Đoạn mở đầu mới của bài.")})
    site.build()
    rendered, _ = counts(capsys.readouterr().out)
    assert rendered > 1
    assert "Đoạn mở đầu mới của bài." in (site.output / "index.html").read_text("utf-8")
    assert_same_tree(site.output, cold_build(tmp_path, site))


def test_a_picture_replaced_under_the_same_name_renders_every_page(
        site, tmp_path, capsys):
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), (20, 90, 160)).save(buffer, "JPEG")
    capsys.readouterr()
    site.write({"bulletins/2019/so-2-bia.jpg": buffer.getvalue()})
    site.build()
    assert counts(capsys.readouterr().out) == (None, None)
    assert_same_tree(site.output, cold_build(tmp_path, site))


def test_a_page_edited_by_hand_in_the_output_is_rendered_again(
        site, tmp_path, capsys):
    """Edited in place with the same size and its mtime put back (what no figure
    shows): the next build still sees it, and renders that page alone."""
    page = site.output / "tin-tuc/2019/08/hoi-thao-chuyen-doi-so/index.html"
    info = page.stat()
    text = page.read_text("utf-8")
    page.write_text(text.replace("Hội thảo", "HỘI THẢO"), "utf-8")
    os.utime(page, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert page.stat().st_size == info.st_size
    capsys.readouterr()
    site.build()
    assert counts(capsys.readouterr().out)[0] == 1  # the hand-edited one only
    assert page.read_text("utf-8") == text
    assert_same_tree(site.output, cold_build(tmp_path, site))


def test_a_bulletin_summary_edit_equals_a_cold_build(site, tmp_path, capsys):
    old_bytes = contents(site.output)
    site.write({"bulletins/2019/so-2.md": BULLETIN.format(summary="Tóm tắt khác.")})
    site.build()
    new_bytes = contents(site.output)
    assert any(old_bytes.get(name) != data for name, data in new_bytes.items())
    assert_same_tree(site.output, cold_build(tmp_path, site))


def test_a_time_driven_change_renders_every_page(site, capsys):
    """Once the moment the last build expected has come (a call closes, a scheduled
    article appears), no page is taken from the last build: the change is in
    no input the memo compares."""
    import json

    import sitebuild

    stamp_file = site.cache / sitebuild.incremental.STAMP
    stamp = json.loads(stamp_file.read_text("utf-8"))
    stamp["next_change"] = "2020-01-01T08:00:00+07:00"  # as if it had come
    stamp_file.write_text(json.dumps(stamp), encoding="utf-8")
    site.write({"news/d.md": summed("Kiểm tra đo lường xăng dầu", "20/08/2019",
                                    body="Nội dung sau mốc giờ.")})
    capsys.readouterr()
    site.build()
    assert counts(capsys.readouterr().out) == (None, None)


class _Template:
    """A template that may log a warning while it renders, as a filter meeting a
    bad value would."""

    name = "thu.html"

    def __init__(self, warns):
        self.warns = warns

    def render(self, context):
        if self.warns:
            logging.getLogger("thu").warning("cảnh báo khi dựng trang")
        return "<p>trang</p>"


@pytest.mark.parametrize("warns, reused", [(False, 1), (True, 0)])
def test_a_page_whose_rendering_warned_is_rendered_again(tmp_path, warns, reused):
    """The warning must show at every build, so that page is never reused (and the
    same page without a warning is)."""
    live = tmp_path / "output"
    live.mkdir()
    memo = PageMemo(tmp_path / "cache", live, live, lambda sources: "inputs", "thu")
    template = memo.wrap(_Template(warns))
    (live / "a.html").write_text(template.render({"output_file": "a.html"}), "utf-8")
    memo.save()
    again = PageMemo(tmp_path / "cache", live, live, lambda sources: "inputs", "thu")
    assert again.wrap(_Template(warns)).render(
        {"output_file": "a.html"}) == "<p>trang</p>"
    assert again.counts == {"rendered": 1 - reused, "reused": reused}


# --- Every kind of edit, on copies of one built site ----------------------------------

ARTICLES = 24  # enough that a listing has several pages and most pages show no edit


def _archive_files():
    files = site_files()
    for number in range(ARTICLES):
        files[f"news/n{number:02d}.md"] = news(
            f"Tin số {number} về khoa học",
            date=f"{1 + number % 28:02d}/0{1 + number // 6}/2019",
            category=("Thanh tra", "Khoa học - Công nghệ")[number % 2],
            body=f"Nội dung tin số {number}.")
    return files


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return _pristine(tmp_path_factory.mktemp("built"), _archive_files(), theme=True)


def _retheme(site):
    template = site.root / "theme/templates/article.html"
    template.write_text(template.read_text("utf-8").replace(
        "<h2 id=\"cac-tin-khac\">Các tin khác</h2>",
        "<h2 id=\"cac-tin-khac\">Các tin cùng chuyên mục</h2>"), "utf-8")
    return {}


EDITS = {
    # edit: (what it does to the site, settings, the most pages it may render, as a
    # share of the site's pages; 1.0: any). An item moved in a listing (a date, a
    # category, a deletion) shifts every page after it in that listing.
    "new-article": (lambda site: site.write({"news/z.md": news(
        "Tin mới nhất trong ngày", date="30/06/2019", category="Thanh tra")}),
        {}, 0.35),
    "deleted-article": (lambda site: (site.content / "news/n05.md").unlink(), {}, 0.9),
    "title": (lambda site: site.write({"news/n07.md": news(
        "Tiêu đề đã sửa", date="08/02/2019", category="Khoa học - Công nghệ",
        body="Nội dung tin số 7.")}), {}, 0.35),
    "date": (lambda site: site.write({"news/n07.md": news(
        "Tin số 7 về khoa học", date="09/03/2019", category="Khoa học - Công nghệ",
        body="Nội dung tin số 7.")}), {}, 0.9),
    "category": (lambda site: site.write({"news/n07.md": news(
        "Tin số 7 về khoa học", date="08/02/2019", category="Thanh tra",
        body="Nội dung tin số 7.")}), {}, 0.9),
    "body": (lambda site: site.write({"news/n07.md": news(
        "Tin số 7 về khoa học", date="08/02/2019", category="Khoa học - Công nghệ",
        body="Nội dung đã bổ sung.")}), {}, 0.35),
    "template": (_retheme, {}, 1.0),
    "setting": (lambda site: None, {"SITESUBTITLE": "Cổng thông tin thử"}, 1.0),
    # A checkout that writes every file again with the same bytes: new mtimes,
    # inodes and ctimes, nothing to render.
    "checkout": (lambda site: [path.write_bytes(path.read_bytes())
                               for path in site.content.rglob("*") if path.is_file()],
                 {}, 0.0),
}


@pytest.mark.parametrize("edit", list(EDITS))
def test_every_kind_of_edit_renders_few_pages_and_equals_a_cold_build(
        built, tmp_path, edit, capsys):
    change, settings, most = EDITS[edit]
    site = _restore(built)
    theme = {"THEME": str(site.root / "theme")}
    change(site)
    capsys.readouterr()
    site.build(**theme, **settings)
    rendered, reused = counts(capsys.readouterr().out)
    total = (rendered or 0) + (reused or 0)
    if most < 1.0:
        assert rendered is not None and rendered <= most * total
    cold = tmp_path / "cold"
    shutil.copytree(site.content, cold / "content")
    shutil.copytree(site.root / "theme", cold / "theme")
    assert_same_tree(site.output, Site(cold, {}).build(
        THEME=str(cold / "theme"), **settings))
