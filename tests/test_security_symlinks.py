"""A symbolic link under content/ is refused, never followed.

A link to /etc in content/files/ used to publish the build machine's /etc. Every
link (to a folder, a file, the root, a loop, nowhere) is an error naming the link
and where it points, from the checker and from the build, which refuses before
Pelican reads anything (a link to / would otherwise walk the whole disk).
"""

import os
import time

import pytest
from conftest import ROOT, write_files
from content_check import runner
from content_check.cli import load_settings
from pelican import Pelican
from pelican.settings import read_settings

import sitebuild

# link under content/ → where it points (absolute, or relative to the link).
LINKS = {
    "files/etc": "/etc",
    "files/root": "/",
    "files/mat.pdf": "/nonexistent/mat.pdf",
    "images/mat-khau.jpg": "/etc/passwd",
    "images/vong": "..",
    "news/ngoai.md": "{outside}/bai.md",
    "pages/lien-he.md": "../../outside/bai.md",
}


@pytest.fixture(scope="module")
def linked_content(tmp_path_factory):
    root = tmp_path_factory.mktemp("symlinks")
    outside = root / "outside"
    write_files(outside, {"bai.md": "Title: Bí mật\nDate: 09/08/2019\n"
                                    "Category: Thanh tra\n\nKhông được xuất bản.\n"})
    content = root / "content"
    write_files(content, {"news/that.md": "Title: Bài thật\nDate: 09/08/2019\n"
                                          "Category: Thanh tra\nSummary: Có.\n\n"
                                          "Nội dung.\n"})
    for link, points_to in LINKS.items():
        (content / link).parent.mkdir(parents=True, exist_ok=True)
        (content / link).symlink_to(points_to.format(outside=outside))
    return root, content


def symlink_errors(messages, content):
    """{link relative to content/: message} of the E-SYMLINK errors."""
    found = {}
    for message in map(str, messages):
        if "[E-SYMLINK]" in message:
            path = message.split(": [E-SYMLINK]")[0]
            found[os.path.relpath(path, content)] = message
    return found


def test_the_checker_names_each_link_and_its_target(linked_content):
    root, content = linked_content
    settings = load_settings(ROOT / "pelicanconf.py",
                             {"PATH": str(content), "CACHE_PATH": str(root / "c")})
    found = symlink_errors(runner.run(settings).errors, content)
    assert set(found) == set(LINKS)
    for link, points_to in LINKS.items():
        assert f"tới '{points_to.format(outside=root / 'outside')}'" in found[link]


@pytest.mark.parametrize("check_in_build", [True, False])
def test_the_build_refuses_before_reading_and_writes_nothing(linked_content,
                                                             check_in_build):
    root, content = linked_content
    started = time.monotonic()
    with pytest.raises(sitebuild.BuildFailed) as failure:
        sitebuild.build_site(ROOT / "pelicanconf.py", root / "output", PATH=str(content),
                         CACHE_PATH=str(root / "cache"), CHECK_IN_BUILD=check_in_build)
    assert time.monotonic() - started < 10  # it did not walk the disk through "/"
    assert set(symlink_errors(failure.value.errors, content)) == set(LINKS)
    assert len(failure.value.errors) == len(LINKS)
    assert not (root / "output").exists()


def test_a_linked_file_is_never_copied_even_by_pelican_alone(tmp_path):
    """Without our build driver (pelican run directly), the guard drops links."""
    secret = tmp_path / "outside/so-lieu.pdf"
    write_files(tmp_path / "outside", {"so-lieu.pdf": b"%PDF-1.4 secret\n"})
    content = tmp_path / "content"
    write_files(content, {"files/that.pdf": b"%PDF-1.4 public\n"})
    (content / "files/so-lieu.pdf").symlink_to(secret)
    (content / "files/thu-muc").symlink_to(tmp_path / "outside")
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={
        "PATH": str(content), "OUTPUT_PATH": str(tmp_path / "output"),
        "CACHE_PATH": str(tmp_path / "cache"), "CHECK_IN_BUILD": False,
        "PLUGINS": ["output_guard"], "DIRECT_TEMPLATES": [], "PAGE_PATHS": [],
        "ARTICLE_PATHS": []})
    Pelican(settings).run()
    published = {p.relative_to(tmp_path / "output/files").as_posix()
                 for p in (tmp_path / "output/files").rglob("*")}
    assert published == {"that.pdf"}
