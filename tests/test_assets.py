"""Fingerprinted theme assets and deterministic precompression."""

import gzip
import os
import re

import pytest
from assets import fingerprint_name, link_fingerprinted_assets
from conftest import ROOT
from pelican.settings import read_settings
from releases import precompress

SITE_PLUGINS = read_settings(str(ROOT / "pelicanconf.py"))["PLUGINS"]

MANIFEST = {"theme/css/base.css": "theme/css/base.0123456789.css",
            "theme/js/menu.js": "theme/js/menu.abcdef0123.js"}


@pytest.mark.parametrize(("html", "expected"), [
    ('<link rel="stylesheet" href="https://x.vn/theme/css/base.css">',
     '<link rel="stylesheet" href="https://x.vn/theme/css/base.0123456789.css">'),
    ("<script src='/theme/js/menu.js?v=1' defer></script>",
     "<script src='/theme/js/menu.abcdef0123.js?v=1' defer></script>"),
    ('<a href="https://x.vn/theme/css/other.css">',
     '<a href="https://x.vn/theme/css/other.css">'),
    ('<a href="https://elsewhere.vn/theme/css/base.css">',
     '<a href="https://elsewhere.vn/theme/css/base.css">'),
    ("<p>theme/css/base.css is the stylesheet</p>",
     "<p>theme/css/base.css is the stylesheet</p>"),
])
def test_links_to_known_assets_are_fingerprinted_only(html, expected):
    assert link_fingerprinted_assets(html, MANIFEST, "https://x.vn") == expected


def test_fingerprinted_links_keep_the_siteurl_path():
    html = '<link href="https://x.vn/portal/theme/css/base.css">'
    assert link_fingerprinted_assets(html, MANIFEST, "https://x.vn/portal/") == (
        '<link href="https://x.vn/portal/theme/css/base.0123456789.css">')


def test_fingerprint_changes_with_content():
    assert fingerprint_name("theme/css/a.css", b"x") != fingerprint_name(
        "theme/css/a.css", b"y")
    assert re.fullmatch(r"theme/css/a\.[0-9a-f]{10}\.css",
                        fingerprint_name("theme/css/a.css", b"x"))


def test_publish_build_links_fingerprinted_css(build_site, read_html):
    output = build_site({"news/a.md": """\
        Title: Tin thử
        Date: 01/02/2020
        Category: Thanh tra

        Nội dung.
        """}, PLUGINS=[*SITE_PLUGINS, "assets"])  # as publishconf.py does
    href = read_html(output / "index.html").find("link", rel="stylesheet")["href"]
    fingerprinted = href.removeprefix("https://example.test/")
    assert re.fullmatch(r"theme/css/base\.[0-9a-f]{10}\.css", fingerprinted)
    assert (output / fingerprinted).read_bytes() == (
        ROOT / "theme/static/css/base.css").read_bytes()
    assert f"theme/css/base.css {fingerprinted}\n" in (
        output / "assets-manifest.txt").read_text()


def test_precompression_is_deterministic(tmp_path):
    (tmp_path / "a.html").write_text("<p>Tin tức khoa học</p>\n" * 100)
    (tmp_path / "tiny.css").write_text("a{}")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8" * 500)
    precompress(tmp_path, brotli_quality=5)
    first = (tmp_path / "a.html.gz").read_bytes()
    precompress(tmp_path, brotli_quality=5)
    assert (tmp_path / "a.html.gz").read_bytes() == first
    assert gzip.decompress(first) == (tmp_path / "a.html").read_bytes()
    assert (tmp_path / "a.html.br").exists()
    assert not (tmp_path / "tiny.css.gz").exists()  # too small to be worth it
    assert not (tmp_path / "photo.jpg.gz").exists()  # not text


def test_precompression_reuses_the_previous_build(tmp_path):
    old, new = tmp_path / "old", tmp_path / "new"
    for build, changed in ((old, "trước"), (new, "sau")):
        build.mkdir()
        (build / "same.html").write_text("<p>Không đổi</p>\n" * 100)
        (build / "changed.html").write_text(f"<p>{changed}</p>\n" * 100)
    precompress(old, brotli_quality=5)
    assert precompress(new, brotli_quality=5, previous=old) == 1
    for suffix in (".gz", ".br"):
        assert (new / f"same.html{suffix}").stat().st_ino == (
            old / f"same.html{suffix}").stat().st_ino
    assert gzip.decompress((new / "changed.html.gz").read_bytes()) == (
        new / "changed.html").read_bytes()


def test_precompression_never_reuses_copies_of_bytes_edited_in_place(tmp_path):
    """A release's page edited in place after it was compressed (same size, and
    the next release links the same file): its old .gz/.br are not taken."""
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir()
    new.mkdir()
    page = old / "same.html"
    page.write_text("<p>Không đổi</p>\n" * 100)
    precompress(old, brotli_quality=5)
    page.write_text("<p>Khônk đổi</p>\n" * 100)  # the same size, new bytes
    os.link(page, new / "same.html")
    assert precompress(new, brotli_quality=5, previous=old) == 1
    assert gzip.decompress((new / "same.html.gz").read_bytes()) == page.read_bytes()
