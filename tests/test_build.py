"""The build driver: cached rebuilds stay correct, failed builds leave output/ alone."""

import os

import pytest

import sitebuild

ARTICLE = "Title: Tin bộ nhớ đệm\nDate: 01/02/2020\nCategory: Thanh tra\n\n{body}\n"
PAGE = "tin-tuc/2020/02/tin-bo-nho-dem/index.html"


def test_edited_article_is_rebuilt_even_with_the_same_mtime(build_site, tmp_path):
    output = build_site({"news/a.md": ARTICLE.format(body="Bản đầu tiên.")})
    assert "Bản đầu tiên." in (output / PAGE).read_text("utf-8")
    source = tmp_path / "content/news/a.md"
    stat = source.stat()
    source.write_text(ARTICLE.format(body="Bản đã sửa."), encoding="utf-8")
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # as a git checkout may
    output = build_site({})
    assert "Bản đã sửa." in (output / PAGE).read_text("utf-8")


def test_reader_cache_is_dropped_when_plugin_code_changes(tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "ArticlesGenerator-Readers").write_bytes(b"stale")
    (cache / "images").mkdir()
    (cache / "code-fingerprint").write_text("an older version of the plugins")
    sitebuild.build.drop_stale_reader_cache(cache)
    assert not (cache / "ArticlesGenerator-Readers").exists()
    assert (cache / "images").is_dir()
    assert (cache / "code-fingerprint").read_text() == sitebuild.build.code_fingerprint()


def test_failed_rebuild_keeps_the_previous_site(build_site, tmp_path):
    output = build_site({"news/a.md": ARTICLE.format(body="Bản tốt.")})
    before = sorted(p.relative_to(output) for p in output.rglob("*"))
    with pytest.raises(sitebuild.BuildFailed):
        build_site({"news/b.md": "Title: Tin lỗi\nDate: 2020/13/01\nCategory: Thanh tra\n\nx\n"})
    assert sorted(p.relative_to(output) for p in output.rglob("*")) == before
    assert "Bản tốt." in (output / PAGE).read_text("utf-8")


def test_progress_in_a_log_is_a_few_plain_lines_with_the_final_count():
    import io

    from sitebuild.progress import Progress

    log = io.StringIO()  # not a terminal: plain lines, no redraws
    progress = Progress(log)
    progress.start("Đọc nội dung", 20_000)
    for _ in range(20_000):
        progress.advance()
    progress.start("Ghi trang")
    progress.advance(3)
    progress.close()
    assert log.getvalue().splitlines() == [
        "Đọc nội dung 1/20.000", "Đọc nội dung 20.000/20.000", "Ghi trang 3"]


def test_a_build_reports_what_it_read_and_wrote(tmp_path, capsys):
    from conftest import ROOT

    content = tmp_path / "content/news"
    content.mkdir(parents=True)
    (content / "a.md").write_text(
        "Title: Tin\nDate: 01/02/2020\nCategory: Thanh tra\n\nNội dung.\n",
        encoding="utf-8")
    sitebuild.build_site(ROOT / "pelicanconf.py", tmp_path / "output",
                         PATH=str(tmp_path / "content"),
                         CACHE_PATH=str(tmp_path / "cache"))
    lines = capsys.readouterr().out.splitlines()
    assert "Đọc nội dung 1/1" in lines
    written = [line for line in lines if line.startswith("Ghi trang ")]
    assert int(written[-1].split()[-1]) >= 3  # the article, the news list, the home
