"""One owner per output file.

No Legacy-URL: redirect page, Save_as: or slug may replace a file another part of
the site writes (the home page, 404.html, a section index, a picture, a PDF, the
theme, the nginx map, another article). One build of many hostile files: the
checker and the build each name the editor's file and line and the other source;
the build writes nothing.
"""

import io
import os
import shutil

import pytest
from conftest import ROOT, write_files
from content_check import runner
from content_check.cli import load_settings
from output_guard import owners
from PIL import Image
from test_security_nginx_map import findings

import sitebuild


def article(title, field="", value="", date="09/08/2019"):
    """An article whose hostile field (if any) is on line 5."""
    extra = f"{field}: {value}\n" if field else ""
    return (f"Title: {title}\nDate: {date}\nCategory: Thanh tra\n"
            f"Summary: Tóm tắt.\n{extra}\nNội dung bài.\n")


def page(field, value):
    """A page whose hostile field is on line 2."""
    return f"Title: Trang {value}\n{field}: {value}\n\nNội dung trang.\n"


def jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 100, 50)).save(buffer, "JPEG")
    return buffer.getvalue()


# Old addresses → the owner the error must name besides the article.
LEGACY_TAKEN = {
    "http://sokhcn.vinhphuc.gov.vn/": "HOME_SAVE_AS",  # what import-legacy writes
    "/index.html": "HOME_SAVE_AS",
    "/404.html": "404_SAVE_AS",
    "/tin-tuc/": "INDEX_SAVE_AS",
    "/ban-tin/": "BULLETIN_INDEX_SAVE_AS",
    "/hoi-dap/": "QA_INDEX_SAVE_AS",
    "/luu-tru/": "ARCHIVE_INDEX_SAVE_AS",
    "/tim-kiem/": "SEARCH_SAVE_AS",
    "/sitemap.xml": "sitemap",
    "/robots.txt": "sitemap",
    "/images/2019/anh.jpg": "content/images/2019/anh.jpg",
    "/files/bao-cao.pdf": "content/files/bao-cao.pdf",
    "/theme/css/base.css": "THEME_STATIC_DIR",
    "/nginx/legacy-redirects.map": "LEGACY_URLS_MAP_SAVE_AS",
    "/feeds/tin-tuc.rss.xml": "feeds",  # FEEDS_ALL_RSS or "plugin feeds"
    # CATEGORY_SAVE_AS for the checker, the category template in the build.
    "/chuyen-muc/thanh-tra/": "category",
    "/pagefind/pagefind.js": "site_search",
    "/tin-tuc/2019/08/bai-dich/": "content/news/bai-dich.md",
    # Its own new address: a redirect page never replaces even its own article.
    "/tin-tuc/2019/08/bai-tu-tro/": "content/news/bai-tu-tro.md",
}
# Pages and articles whose Save_as:/Slug: (line 2 or 5) takes another's file.
SAVE_AS_TAKEN = {
    "pages/save-as-home.md": (page("Save_as", "index.html"), 2, "HOME_SAVE_AS"),
    "pages/save-as-404.md": (page("Save_as", "404.html"), 2, "404_SAVE_AS"),
    "pages/save-as-nginx.md": (page("Save_as", "nginx/x.html"), 2,
                               "LEGACY_URLS_MAP_SAVE_AS"),
    "pages/save-as-theme.md": (page("Save_as", "theme/css/x.html"), 2,
                               "THEME_STATIC_DIR"),
    "pages/slug-section.md": (page("Slug", "tin-tuc"), 2, "INDEX_SAVE_AS"),
    "pages/slug-search.md": (page("Slug", "tim-kiem"), 2, "SEARCH_SAVE_AS"),
    "news/save-as-index.md": (article("Ghi đè", "Save_as", "tin-tuc/index.html"), 5,
                              "INDEX_SAVE_AS"),
}


def legacy_files():
    files = {"news/bai-dich.md": article("Bài đích"),
             "images/2019/anh.jpg": jpeg(),
             "files/bao-cao.pdf": b"%PDF-1.4\n%%EOF\n"}
    for n, (value, _) in enumerate(LEGACY_TAKEN.items()):
        title = "Bài tự trỏ" if value.endswith("bai-tu-tro/") else f"Bài cũ {n}"
        files[f"news/legacy-{n}.md" if "tu-tro" not in value
              else "news/bai-tu-tro.md"] = article(title, "Legacy-URL", value)
    return files


@pytest.fixture(scope="module")
def overwrite_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("overwrites")
    content = root / "content"
    write_files(content, legacy_files())
    write_files(content, {name: text for name, (text, _, _) in SAVE_AS_TAKEN.items()})
    # A bulletin: its PDF is copied by the bulletins plugin, not by Pelican.
    shutil.copytree(ROOT / "content/bulletins/2018", content / "bulletins/2018")
    write_files(content, {"news/legacy-pdf.md": article(
        "Bài trỏ PDF", "Legacy-URL", "/ban-tin/2018/so-4/ban-tin-so-4-2018.pdf")})
    overrides = {"PATH": str(content), "CACHE_PATH": str(root / "cache")}
    report = runner.run(load_settings(ROOT / "pelicanconf.py", overrides))
    with pytest.raises(sitebuild.BuildFailed) as failure:
        sitebuild.build_site(ROOT / "pelicanconf.py", root / "output", **overrides)
    return content.resolve(), report, failure.value.errors, root / "output"


def _message(messages, relpath, line):
    found = [str(m) for m in messages if f"{relpath}:{line}: [" in str(m)]
    assert found, f"no error at {relpath}:{line}"
    return found[0]


@pytest.mark.parametrize("n,value", list(enumerate(LEGACY_TAKEN)))
@pytest.mark.parametrize("where", ["checker", "build"])
def test_a_redirect_page_never_replaces_another_file(overwrite_site, where, n, value):
    content, report, errors, _ = overwrite_site
    messages = report.errors if where == "checker" else errors
    name = "bai-tu-tro.md" if "tu-tro" in value else f"legacy-{n}.md"
    message = _message(messages, f"news/{name}", 5)
    assert "[E-LEGACY-URL-CONFLICT]" in message
    assert LEGACY_TAKEN[value].lower() in message.lower()  # the other source
    assert "ghi hai lần" in message  # Vietnamese: "would be written twice"


@pytest.mark.parametrize("name", list(SAVE_AS_TAKEN))
@pytest.mark.parametrize("where", ["checker", "build"])
def test_save_as_or_slug_never_takes_another_file(overwrite_site, where, name):
    content, report, errors, _ = overwrite_site
    messages = report.errors if where == "checker" else errors
    _, line, other = SAVE_AS_TAKEN[name]
    message = _message(messages, name, line)
    assert "[E-OUTPUT-CONFLICT]" in message and other in message


def test_the_build_finds_a_redirect_over_a_bulletin_pdf(overwrite_site):
    _, _, errors, _ = overwrite_site
    message = _message(errors, "news/legacy-pdf.md", 5)
    assert "[E-LEGACY-URL-CONFLICT]" in message
    assert "bulletins/2018/so-4-2018.md (Cover/PDF)" in message


def test_checker_and_build_agree_and_nothing_is_written(overwrite_site):
    content, report, errors, output = overwrite_site
    from_build = findings(errors, content) - {
        ("E-LEGACY-URL-CONFLICT", "news/legacy-pdf.md", 5)}  # the build sees copies
    assert from_build == findings(report.errors, content)
    assert not output.exists()


def test_a_second_writer_of_one_file_is_refused_naming_both():
    registry = owners.OutputOwners()
    registry.reserve_prefix("nginx/", owners.Owner("LEGACY_URLS_MAP_SAVE_AS"))
    article_owner = owners.Owner(owners.CONTENT, "/c/news/a.md", 3)
    legacy = owners.Owner(owners.LEGACY, "/c/news/b.md", 5)
    problems = []
    assert registry.claim("tin-tuc/a/index.html", article_owner, on_conflict=print)
    assert not registry.claim("tin-tuc/a/index.html", legacy,
                              on_conflict=problems.append)
    assert not registry.claim("nginx/x.map", legacy, on_conflict=problems.append)
    # The plugin that owns a folder writes in it; the article's own page is its own.
    assert registry.claim("nginx/legacy-redirects.map",
                          owners.Owner("LEGACY_URLS_MAP_SAVE_AS"))
    assert registry.claim("tin-tuc/a/index.html", owners.Owner(owners.CONTENT,
                                                               "/c/news/a.md"))
    # Another spelling of the same file is the same file.
    assert not registry.claim("tin-tuc//./a/index.html", legacy,
                              on_conflict=problems.append)
    assert [(p.code, str(p.path), p.line) for p in problems] == [
        ("E-OUTPUT-CONFLICT", "/c/news/b.md", 5)] * 3
    assert "/c/news/a.md:3 (trang)" in problems[0].message


def test_a_second_write_never_reaches_the_last_builds_linked_page(tmp_path):
    """A page the page memo took is a hard link to the last build's file: writing
    that name again (Pelican's override, or one owner's second file) must make a
    new file, never change the last build's through the link."""
    live, staging = tmp_path / "output", tmp_path / "staging"
    for folder in (live, staging):
        (folder / "tin-tuc/a").mkdir(parents=True)
    (live / "tin-tuc/a/index.html").write_text("trang cũ", encoding="utf-8")
    settings = {"OUTPUT_PATH": str(staging)}
    owner = owners.Owner(owners.CONTENT, "/c/news/a.md")
    for name, write in (
            ("tin-tuc/a/index.html", lambda: owners.write_text(
                settings, "tin-tuc/a/index.html", "trang mới", owner)),
            ("tin-tuc/a/other.html", lambda: _writer_override(
                settings, staging / "tin-tuc/a/other.html"))):
        (live / name).write_text("trang cũ", encoding="utf-8")
        os.link(live / name, staging / name)
        assert write()
        assert (live / name).read_text(encoding="utf-8") == "trang cũ"
        assert (staging / name).read_text(encoding="utf-8") == "trang mới"


def _writer_override(settings, path):
    writer = owners.GuardedWriter(settings["OUTPUT_PATH"], settings={
        **settings, "RELATIVE_URLS": False, "SITEURL": ""})
    with writer._open_w(str(path), "utf-8", override=True) as handle:  # noqa: SLF001
        handle.write("trang mới")
    return True
