"""The editor's preview (`make serve`) applies the build's rules and speaks Vietnamese.

An article without ``Author:`` is refused by the preview as by `make check`, `make
html` and publishing; `make new-article` writes the line. The preview's log and the
box on its pages give each problem with file and line, never Pelican's "Could not
process", an English level name or a Python file name, and the box fits a phone's
width. The development build shows feed and download addresses from the site root
(it may be opened from any host), and its 404 page finds its styles at any depth.
"""

import logging
import threading

import pytest
from editorial import livereload
from editorial.new_content import new_article

import sitebuild
from conftest import ROOT, write_files

GOOD = ("Title: Bài tốt\nDate: 01/02/2020\nAuthor: Phòng Thông tin\n"
        "Category: Thanh tra\nSummary: Tóm.\n\nBài.\n")
NO_AUTHOR = "Title: Không tác giả\nDate: 01/02/2020\nCategory: Thanh tra\n" \
            "Summary: Tóm.\n\nBài.\n"
BAD_DATE = ("Title: Ngày sai\nDate: 31/02/2020\nAuthor: A\nCategory: Thanh tra\n"
            "Summary: Tóm.\n\nBài.\n")


@pytest.fixture
def site(tmp_path):
    content = tmp_path / "content"
    write_files(content, {"news/a.md": GOOD})
    output = tmp_path / "output"

    def build():
        livereload.preview_build(ROOT / "pelicanconf.py", output, PATH=str(content),
                                 CACHE_PATH=str(tmp_path / "cache"))

    return content, output, build


@pytest.fixture
def preview_log(capsys):
    """The preview's logging set up as `make serve` does; restored afterwards."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    livereload.init_logging()
    yield capsys
    for handler in list(root.handlers):
        root.removeHandler(handler)
    for handler in handlers:
        root.addHandler(handler)
    root.setLevel(level)


def test_the_preview_refuses_an_article_without_author(site):
    content, output, build = site
    state = livereload.PreviewState()
    assert livereload.rebuild_once(build, state, sitebuild.BuildFailed)
    (content / "news/b.md").write_text(NO_AUTHOR, encoding="utf-8")
    assert not livereload.rebuild_once(build, state, sitebuild.BuildFailed)
    assert any("news/b.md:1: [E-AUTHOR-MISSING]" in error
               for error in state.last_errors)


def test_new_article_writes_an_author_line(tmp_path):
    from pelican.settings import read_settings

    (tmp_path / "content").mkdir()
    settings = read_settings(str(ROOT / "pelicanconf.py"),
                             override={"PATH": str(tmp_path / "content")})
    path = new_article(settings, "Bài mới", "Thanh tra")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert "Author: " in lines
    assert lines.index("Author: ") < lines.index("")  # in the front matter


def test_log_and_box_are_vietnamese_with_file_and_line(site, preview_log):
    content, output, build = site
    state = livereload.PreviewState()
    (content / "news/b.md").write_text(BAD_DATE, encoding="utf-8")
    assert not livereload.rebuild_once(build, state, sitebuild.BuildFailed)
    printed = preview_log.readouterr()
    said = printed.out + printed.err
    assert "Lỗi: " in said
    assert "news/b.md:2: [E-DATE]" in said
    for english in ("Could not process", "ERROR", "WARNING", ".py:", "generators"):
        assert english not in said, english
    assert [error.split(": [", 1)[0].endswith("news/b.md:2")
            for error in state.last_errors] == [True]
    box = str(livereload.error_box(state.last_errors))
    assert "Could not process" not in box and "news/b.md:2: [E-DATE]" in box


def test_the_error_box_fits_a_phone(site, browser):
    content, output, build = site
    state = livereload.PreviewState()
    livereload.rebuild_once(build, state, sitebuild.BuildFailed)
    (content / "news/b.md").write_text(BAD_DATE, encoding="utf-8")
    livereload.rebuild_once(build, state, sitebuild.BuildFailed)
    # A path with no place to break a line (no space, no hyphen).
    state.last_errors.append("content/news/" + "ratdai" * 40 + ".md:1: [E-DATE] x")
    # The box must not rely on the theme's styles: a page may not load them.
    (output / "sans-theme.html").write_text(
        "<!DOCTYPE html><html><head><meta name='viewport' content='width=device-width'>"
        "</head><body><p>x</p></body></html>", encoding="utf-8")
    server = livereload.make_server(output, state)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        for path in ("/", "/sans-theme.html"):
            page.goto(f"http://127.0.0.1:{server.server_address[1]}{path}",
                      wait_until="load")
            page.wait_for_selector(".preview-errors")
            assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
            box = page.evaluate("(() => { const b = document.querySelector("
                                "'.preview-errors'); return [b.getBoundingClientRect()"
                                ".right, b.scrollWidth, b.clientWidth]; })()")
            assert box[0] <= 390 and box[1] <= box[2], path
    finally:
        context.close()
        server.shutdown()
        server.server_close()


def test_development_addresses_name_no_fixed_host(tmp_path):
    """Feeds page, task catalogue CSV/JSON, 404 page of a development build."""
    content = tmp_path / "content"
    write_files(content, {"news/a.md": GOOD})
    for name in ("dt-nn-01-2024.md", "bao-cao-tong-hop-dt-nn-01-2024.pdf",
                 "quy-trinh-nhan-giong-che.docx"):
        target = content / "tasks/2024" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((ROOT / "content/tasks/2024" / name).read_bytes())
    output = tmp_path / "output"
    sitebuild.build_site(ROOT / "pelicanconf.py", output, PATH=str(content),
                         CACHE_PATH=str(tmp_path / "cache"))
    rss_page = (output / "rss/index.html").read_text(encoding="utf-8")
    assert "<code>/feeds/tin-tuc.rss.xml</code>" in rss_page
    downloads = [p for p in output.rglob("*") if p.suffix in (".csv", ".json")
                 and "danh-muc" in p.parts]
    assert downloads
    for path in [output / "rss/index.html", *downloads]:
        assert "127.0.0.1" not in path.read_text(encoding="utf-8"), path
    assert "/nhiem-vu/dt-nn-01-2024/" in downloads[0].read_text(encoding="utf-8")
    not_found = (output / "404.html").read_text(encoding="utf-8")
    base = not_found.index('<base href="/">')
    stylesheet = not_found.index('rel="stylesheet"')
    assert base < stylesheet  # at /a/b/c/ the styles still load from the root

