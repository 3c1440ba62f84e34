"""The page memo (output_guard.page_memo, issue 14): a rebuild renders only the pages
whose inputs changed and takes the others from the live output, and the result is
still byte-identical to a cold build, whatever changed: a body, a picture, a
template, a page edited by hand in output/, a time-driven change."""

import io
import logging
import re

import pytest
from PIL import Image
from test_incremental import (
    BULLETIN, Site, assert_same_tree, cold_build, contents, identities, news, rewritten,
    site_files,
)

from output_guard.page_memo import PageMemo

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


@pytest.fixture(params=[1, 2], ids=["one-process", "two-workers"])
def workers(request):
    return request.param


@pytest.fixture
def site(tmp_path, workers):
    """The incremental tests' site, with articles whose summary is written (so no
    listing reads their body), built once."""
    files = site_files()
    files["news/d.md"] = summed("Kiểm tra đo lường xăng dầu", "20/08/2019")
    files["news/e.md"] = summed("Hội thảo chuyển đổi số", "21/08/2019")
    built = Site(tmp_path / "site", files)
    built.build(BUILD_WORKERS=workers)
    return built


def test_a_body_edit_renders_only_the_article_page(site, tmp_path, workers, capsys):
    page = "tin-tuc/2019/08/kiem-tra-do-luong-xang-dau/index.html"
    before = identities(site.output)
    capsys.readouterr()
    site.write({"news/d.md": summed("Kiểm tra đo lường xăng dầu", "20/08/2019",
                                    body="Nội dung đã bổ sung số liệu.")})
    site.build(BUILD_WORKERS=workers)
    printed = capsys.readouterr().out
    rendered, reused = counts(printed)
    # Its own page is the only page that shows its body; every other page the
    # Writer wrote ("Ghi trang N", the progress count) was taken as it was.
    assert rendered == 1
    assert reused == int(re.findall(r"Ghi trang ([\d.]+)", printed)[-1]) - 1 > 20
    assert "Nội dung đã bổ sung số liệu." in (site.output / page).read_text("utf-8")
    written, _ = rewritten(before, identities(site.output))
    assert page in written
    assert_same_tree(site.output, cold_build(tmp_path, site))


def test_a_summary_cut_from_the_body_renders_the_listings_that_show_it(
        site, tmp_path, workers, capsys):
    capsys.readouterr()
    # news/b.md has no Summary: the listings cut theirs from its body.
    site.write({"news/b.md": news("Hội nghị khoa học công nghệ", date="12/08/2019",
                                  category="Khoa học - Công nghệ",
                                  body="Đoạn mở đầu mới của bài.")})
    site.build(BUILD_WORKERS=workers)
    rendered, _ = counts(capsys.readouterr().out)
    assert rendered > 1
    assert "Đoạn mở đầu mới của bài." in (site.output / "index.html").read_text("utf-8")
    assert_same_tree(site.output, cold_build(tmp_path, site))


def test_a_picture_replaced_under_the_same_name_renders_every_page(
        site, tmp_path, workers, capsys):
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), (20, 90, 160)).save(buffer, "JPEG")
    capsys.readouterr()
    site.write({"bulletins/2019/so-2-bia.jpg": buffer.getvalue()})
    site.build(BUILD_WORKERS=workers)
    assert counts(capsys.readouterr().out) == (None, None)
    assert_same_tree(site.output, cold_build(tmp_path, site))


def test_a_page_edited_by_hand_in_the_output_is_rendered_again(
        site, tmp_path, workers, capsys):
    page = site.output / "tin-tuc/2019/08/hoi-thao-chuyen-doi-so/index.html"
    page.write_text(page.read_text("utf-8").replace("Hội thảo", "Sửa tay"), "utf-8")
    capsys.readouterr()
    site.write({"news/d.md": summed("Kiểm tra đo lường xăng dầu", "20/08/2019",
                                    body="Nội dung khác.")})
    site.build(BUILD_WORKERS=workers)
    assert counts(capsys.readouterr().out)[0] == 2  # the edited one and the hand-edited
    assert "Sửa tay" not in page.read_text("utf-8")
    assert_same_tree(site.output, cold_build(tmp_path, site))


def test_a_bulletin_summary_edit_equals_a_cold_build(site, tmp_path, workers, capsys):
    old_bytes = contents(site.output)
    site.write({"bulletins/2019/so-2.md": BULLETIN.format(summary="Tóm tắt khác.")})
    site.build(BUILD_WORKERS=workers)
    new_bytes = contents(site.output)
    assert any(old_bytes.get(name) != data for name, data in new_bytes.items())
    assert_same_tree(site.output, cold_build(tmp_path, site))


def test_a_time_driven_change_renders_every_page(site, workers, capsys):
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
    site.build(BUILD_WORKERS=workers)
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
    template = memo.wrap(_Template(warns), {})
    (live / "a.html").write_text(template.render({"output_file": "a.html"}), "utf-8")
    memo.save()
    again = PageMemo(tmp_path / "cache", live, live, lambda sources: "inputs", "thu")
    assert again.wrap(_Template(warns), {}).render(
        {"output_file": "a.html"}) == "<p>trang</p>"
    assert again.counts == {"rendered": 1 - reused, "reused": reused}
