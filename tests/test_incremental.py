"""Output-level incrementality: a rebuild writes only the files whose bytes
change, the result is byte-identical to a cold build of the same content, nothing
is left over from an earlier build, a failed build changes nothing, and a build
whose inputs did not change is skipped."""

import io
import os
import shutil
import textwrap
from pathlib import Path

import pytest
from PIL import Image

import sitebuild
from conftest import ROOT

NEWS = """\
    Title: {title}
    Date: {date}
    Category: {category}

    {body}
"""
QA = """\
    Title: Đăng ký nhãn hiệu mật ong
    Question: Gia đình tôi nuôi ong ở Tam Đảo. Có đăng ký nhãn hiệu được không?
    Asker: Nguyễn Văn H.
    Locality: Tam Đảo
    Asked: 02/05/2019
    Field: Sở hữu trí tuệ
    Answerer: Phòng Quản lý công nghệ và Sở hữu trí tuệ
    Date: 10/05/2019

    {answer}
"""
BULLETIN = """\
    Number: 2
    Year: 2019
    Date: 15/06/2019
    Summary: {summary}
    Cover: so-2-bia.jpg
    PDF: so-2.pdf

"""


def _jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (120, 170), (150, 30, 30)).save(buffer, "JPEG")
    return buffer.getvalue()


def _pdf():
    buffer = io.BytesIO()
    Image.new("RGB", (60, 85), (255, 255, 255)).save(buffer, "PDF")
    return buffer.getvalue()


def news(title, date="09/08/2019", category="Thanh tra", body="Nội dung bài."):
    return NEWS.format(title=title, date=date, category=category, body=body)


def site_files():
    """A small site with every kind of content a one-file edit can touch."""
    return {
        "news/a.md": news("Sơ kết công tác thanh tra 6 tháng"),
        "news/b.md": news("Hội nghị khoa học công nghệ", date="12/08/2019",
                          category="Khoa học - Công nghệ"),
        "news/c.md": news("Tập huấn sở hữu trí tuệ", date="03/09/2019"),
        "qa/mat-ong.md": QA.format(answer="Được. Hộ gia đình đăng ký đứng tên chủ hộ."),
        "bulletins/2019/so-2.md": BULLETIN.format(summary="Tóm tắt số 2/2019."),
        "bulletins/2019/so-2-bia.jpg": _jpeg(),
        "bulletins/2019/so-2.pdf": _pdf(),
    }


class Site:
    """One content folder built into one output folder with one cache."""

    def __init__(self, root, files):
        self.root = Path(root)
        self.content, self.output = self.root / "content", self.root / "output"
        self.cache = self.root / "cache"
        self.write(files)

    def write(self, files):
        for relpath, data in files.items():
            target = self.content / relpath
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(data, bytes):
                target.write_bytes(data)
            else:
                target.write_text(textwrap.dedent(data).lstrip(), encoding="utf-8")

    def build(self, **overrides):
        settings = {"PATH": str(self.content), "CACHE_PATH": str(self.cache),
                    "SITEURL": "https://example.test", "RELATIVE_URLS": False,
                    "QA_FIELDS": ["Sở hữu trí tuệ"], **overrides}
        return sitebuild.build_site(ROOT / "pelicanconf.py", self.output, **settings)


def identities(folder):
    """{relative path: (inode, mtime_ns)} of every file under ``folder``."""
    found = {}
    for path in Path(folder).rglob("*"):
        if path.is_file():
            info = path.stat()
            found[path.relative_to(folder).as_posix()] = (info.st_ino, info.st_mtime_ns)
    return found


def contents(folder):
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in Path(folder).rglob("*") if path.is_file()}


def cold_build(tmp_path, site):
    """A cold build (fresh output and cache) of ``site``'s content, elsewhere."""
    other = tmp_path / "cold"
    shutil.rmtree(other, ignore_errors=True)
    shutil.copytree(site.content, other / "content")
    return Site(other, {}).build()


def assert_same_tree(first, second):
    """Byte-identical trees, but for Pagefind's own metadata: two Pagefind runs on
    the same pages name and fill their index files differently (docs/design/search.md);
    the records themselves (``*.pf_fragment``) are the same bytes."""
    a, b = contents(first), contents(second)
    search = "pagefind/"
    assert sorted(n for n in a if not n.startswith(search)) == sorted(
        n for n in b if not n.startswith(search))
    differ = [name for name in a if not name.startswith(search) and a[name] != b[name]]
    assert differ == []

    def fragments(tree):
        return sorted(data for name, data in tree.items()
                      if name.startswith(search) and name.endswith(".pf_fragment"))

    assert fragments(a) == fragments(b)
    assert len([n for n in a if n.startswith(search)]) == len(
        [n for n in b if n.startswith(search)])


@pytest.fixture
def site(tmp_path):
    built = Site(tmp_path / "site", site_files())
    built.build()
    return built


def rewritten(before, after):
    """Paths new or written again (inode or mtime differ), and paths removed."""
    written = {name for name, now in after.items() if before.get(name) != now}
    return written, set(before) - set(after)


def test_an_unchanged_rebuild_is_skipped_and_rewrites_nothing(site, capsys):
    before = identities(site.output)
    capsys.readouterr()
    site.build()
    assert "Không có gì thay đổi" in capsys.readouterr().out
    assert identities(site.output) == before


def test_a_full_rebuild_with_nothing_changed_rewrites_nothing(site, capsys):
    """The stamp gone (a new cache, say): Pelican runs, yet no file is written again."""
    before = identities(site.output)
    (site.cache / sitebuild.incremental.STAMP).unlink()
    site.build()
    assert "Không có gì thay đổi" not in capsys.readouterr().out
    assert identities(site.output) == before


@pytest.mark.parametrize("relpath, text", [
    ("news/b.md", news("Hội nghị khoa học công nghệ", date="12/08/2019",
                       category="Khoa học - Công nghệ", body="Nội dung đã sửa.")),
    ("qa/mat-ong.md", QA.format(answer="Được, theo Luật Sở hữu trí tuệ.")),
    ("bulletins/2019/so-2.md", BULLETIN.format(summary="Tóm tắt mới của số 2.")),
    # A category change moves the article between category pages and feeds.
    ("news/a.md", news("Sơ kết công tác thanh tra 6 tháng",
                       category="Khoa học - Công nghệ")),
], ids=["article", "qa", "bulletin", "category"])
def test_an_edit_writes_only_changed_files_and_equals_a_cold_build(
        site, tmp_path, relpath, text):
    before, old_bytes = identities(site.output), contents(site.output)
    site.write({relpath: text})
    site.build()
    after, new_bytes = identities(site.output), contents(site.output)
    written, removed = rewritten(before, after)
    assert written, "the edit must show somewhere"
    # Written again = exactly the files whose bytes changed (or are new).
    assert written == {name for name in new_bytes
                       if old_bytes.get(name) != new_bytes[name]}
    assert removed == set(old_bytes) - set(new_bytes)
    assert_same_tree(site.output, cold_build(tmp_path, site))


def test_a_deleted_article_leaves_no_stale_file(site, tmp_path):
    page = "tin-tuc/2019/09/tap-huan-so-huu-tri-tue/index.html"
    assert (site.output / page).is_file()
    before = identities(site.output)
    (site.content / "news/c.md").unlink()
    site.build()
    assert not (site.output / page).exists()
    after = identities(site.output)
    # Files that did not change keep their inode: e.g. the Q&A entry's page.
    assert after["hoi-dap/dang-ky-nhan-hieu-mat-ong/index.html"] == before[
        "hoi-dap/dang-ky-nhan-hieu-mat-ong/index.html"]
    assert_same_tree(site.output, cold_build(tmp_path, site))


def test_no_output_file_is_a_link_to_a_source_or_a_cache_entry(site):
    """Every file under output/ is its own copy: a tool that edits the output in
    place (an image optimiser, a ``>>``) cannot reach an editor's file in
    content/ or a cache entry (a picture, a search shard) that the next build
    would publish again. Rebuilt after an edit, so that reused files count too."""
    site.write({"news/c.md": news("Tin sửa lại", date="21/08/2019")})
    site.build()

    def inodes(folder):
        return {(info.st_dev, info.st_ino): path for path in Path(folder).rglob("*")
                if path.is_file() and (info := path.stat())}

    output = inodes(site.output)
    assert any("pagefind" in path.parts
               for path in output.values())
    shared = {output[key] for key in output.keys() & (
        inodes(site.content).keys() | inodes(site.cache).keys())}
    assert shared == set()


def test_a_failed_rebuild_leaves_the_output_byte_and_inode_identical(site):
    before, old_bytes = identities(site.output), contents(site.output)
    site.write({"news/d.md": news("Tin lỗi", date="2020/13/01")})
    with pytest.raises(sitebuild.BuildFailed):
        site.build()
    assert identities(site.output) == before
    assert contents(site.output) == old_bytes
    # And it is not mistaken for "nothing changed" once the error is fixed.
    site.write({"news/d.md": news("Tin đã sửa", date="01/02/2020")})
    site.build()
    assert (site.output / "tin-tuc/2020/02/tin-da-sua/index.html").is_file()


def test_the_skip_notices_settings_theme_and_output_changes(site, tmp_path, capsys):
    skipped = "Không có gì thay đổi"
    capsys.readouterr()
    # A setting (an override, as the publish build passes).
    site.build(SITENAME="Sở KH&CN thử")
    assert skipped not in capsys.readouterr().out
    assert "Sở KH&amp;CN thử" in (site.output / "index.html").read_text("utf-8")
    site.build(SITENAME="Sở KH&CN thử")
    assert skipped in capsys.readouterr().out
    # The theme: a copy of it, then an edit of one template.
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    site.build(THEME=str(theme))
    capsys.readouterr()
    footer = theme / "templates/base.html"
    footer.write_text(footer.read_text("utf-8").replace(
        "</footer>", "<p>Dòng thử giao diện</p></footer>", 1), encoding="utf-8")
    site.build(THEME=str(theme))
    assert skipped not in capsys.readouterr().out
    assert "Dòng thử giao diện" in (site.output / "index.html").read_text("utf-8")
    # A file of the output deleted or edited by hand: built again, put right.
    (site.output / "index.html").unlink()
    site.build(THEME=str(theme))
    assert (site.output / "index.html").is_file()
    (site.output / "sitemap.xml").write_text("sửa tay", encoding="utf-8")
    site.build(THEME=str(theme))
    assert "sửa tay" not in (site.output / "sitemap.xml").read_text("utf-8")
    # The whole output deleted.
    shutil.rmtree(site.output)
    capsys.readouterr()
    site.build(THEME=str(theme))
    assert skipped not in capsys.readouterr().out
    assert (site.output / "index.html").is_file()


def test_the_skip_notices_a_content_edit_that_keeps_size_and_mtime(site):
    source = site.content / "news/c.md"
    info = source.stat()
    text = source.read_text("utf-8").replace("Nội dung bài.", "Nội dung bàn.")
    assert len(text.encode()) == info.st_size
    source.write_text(text, encoding="utf-8")
    os.utime(source, ns=(info.st_atime_ns, info.st_mtime_ns))  # as a checkout may
    site.build()
    page = site.output / "tin-tuc/2019/09/tap-huan-so-huu-tri-tue/index.html"
    assert "Nội dung bàn." in page.read_text("utf-8")


def test_the_skip_ends_when_a_scheduled_moment_comes(site, capsys):
    """The stamp keeps the next time-driven change (``invoke next-change``); once it
    has come, the next build runs even though no file changed."""
    import json

    site.write({"news/hen-gio.md": news("Tin hẹn giờ", date="01/01/2099 08:00")})
    site.build()
    stamp_file = site.cache / sitebuild.incremental.STAMP
    stamp = json.loads(stamp_file.read_text("utf-8"))
    assert stamp["next_scheduled"] == "2099-01-01T08:00:00+07:00"
    site.build()
    assert "Không có gì thay đổi" in capsys.readouterr().out
    stamp["next_scheduled"] = "2020-01-01T08:00:00+07:00"  # as if that moment had come
    stamp_file.write_text(json.dumps(stamp), encoding="utf-8")
    site.build()
    assert "Không có gì thay đổi" not in capsys.readouterr().out


def test_a_cached_fragment_key_covers_every_input_of_the_transform(tmp_path):
    """html_postprocess keeps finished fragments between builds; any input of the
    transform, the pictures' image sets included, gives another key."""
    from html_postprocess.cache import FragmentCache
    from html_postprocess.html_postprocess import _output_path
    from images.images import ImageSet, Variant

    fragments = FragmentCache(tmp_path)
    settings = {"SITEURL": "https://example.test", "IMAGES_SIZES": "100vw",
                "HTML_POSTPROCESS_TABLE_LABEL": "Bảng",
                "HTML_POSTPROCESS_ANCHOR_TEXT": "Liên kết"}
    fragment = '<p>Ảnh</p><img alt="" src="/images/a.jpg">'
    small = ImageSet("images/a.jpg", 480, 320,
                     fallback=[Variant("images/a-480.jpg", 480, 320, "image/jpeg")])
    large = ImageSet("images/a.jpg", 960, 640,
                     fallback=[Variant("images/a-960.jpg", 960, 640, "image/jpeg")])

    def key(**changes):
        arguments = {"fragment": fragment, "settings": settings,
                     "page_path": "tin-tuc/a/index.html",
                     "images": {"images/a.jpg": small}, "taken_ids": ["menu"],
                     "first_image_eager": True, "headings": True, **changes}
        return fragments.key(image_path=_output_path, **arguments)

    first = key()
    assert first == key(taken_ids=["menu", "menu"])
    others = [key(images={"images/a.jpg": large}), key(images={}),
              key(settings={**settings, "SITEURL": "https://other.test"}),
              key(settings={**settings, "IMAGES_SIZES": "50vw"}),
              key(page_path="tin-tuc/b/index.html"), key(taken_ids=["dau-trang"]),
              key(first_image_eager=False), key(headings=False),
              key(fragment=fragment.replace("Ảnh", "Hình"))]
    assert first not in others and len(set(others)) == len(others)
    # An <img that the key's pattern cannot read is never cached.
    assert key(fragment="<p>x</p><img src='a.jpg' alt='<img'>") is None
    fragments.put(first, "<p>xong</p>")
    assert FragmentCache(tmp_path).get(first) == "<p>xong</p>"
