"""Only pictures and documents are published from content/.

HTML, SVG, JavaScript (and any other type that a browser may run, or that is not a
picture or a document) under content/ would be served from the site's own origin,
which the CSP trusts. Each is an error naming the file, from the checker and from
the build; and even with the checker off in the build, none is published.
"""

import io

import pytest
from conftest import ROOT, write_files
from content_check import runner
from content_check.cli import load_settings
from output_guard.paths import static_type_allowed
from PIL import Image

import sitebuild

SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
       b"<script>alert(document.domain)</script></svg>")
REFUSED = {
    "images/bieu-do.svg": SVG,
    "images/LOGO.SVG": SVG,
    "images/nen.svgz": SVG,
    "images/anh.jpg.html": b"<script>alert(1)</script>",
    "images/trang.html": b"<script>alert(1)</script>",
    "files/trang.htm": b"<meta http-equiv=refresh content='0;url=//evil.example'>",
    "files/trang.xhtml": b"<html xmlns='http://www.w3.org/1999/xhtml'/>",
    "files/trang.shtml": b"<!--#exec cmd='id' -->",
    "files/ma.js": b"alert(1)",
    "files/ma.mjs": b"export default 1",
    "files/kieu.css": b"body{background:url(//evil.example/x)}",
    "files/du-lieu.xml": b"<?xml-stylesheet href='x.xsl'?><a/>",
    "files/chuong-trinh.wasm": b"\0asm",
    "files/phim.swf": b"FWS",
    "files/khong-duoi": b"<script>alert(1)</script>",
    "files/nen.zip": b"PK\3\4",
    "bulletins/2019/loi.html": b"<script>alert(1)</script>",
}


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), (10, 120, 200)).save(buffer, "PNG")
    return buffer.getvalue()


ALLOWED = {
    "images/anh.png": png(),
    "files/bao-cao.pdf": b"%PDF-1.4\n%%EOF\n",
    "files/bang-so-lieu.xlsx": b"PK\3\4 xlsx",
    "files/van-ban.docx": b"PK\3\4 docx",
    "files/cong-van.doc": b"\xd0\xcf\x11\xe0",
    "files/trinh-chieu.odp": b"PK\3\4 odp",
}


@pytest.mark.parametrize("name", list(REFUSED))
def test_active_types_are_not_allowed(name):
    assert not static_type_allowed(name.rsplit("/", 1)[1])


@pytest.mark.parametrize("name", list(ALLOWED))
def test_pictures_and_documents_are_allowed(name):
    assert static_type_allowed(name.rsplit("/", 1)[1])


@pytest.fixture(scope="module")
def typed_content(tmp_path_factory):
    root = tmp_path_factory.mktemp("static-types")
    write_files(root / "content", {**REFUSED, **ALLOWED})
    return root, (root / "content").resolve()


def refused_files(messages, content):
    return {str(m).split(": [E-STATIC-TYPE]")[0].removeprefix(f"{content}/")
            for m in messages if "[E-STATIC-TYPE]" in str(m)}


def test_the_checker_names_each_refused_file(typed_content):
    root, content = typed_content
    settings = load_settings(ROOT / "pelicanconf.py",
                             {"PATH": str(content), "CACHE_PATH": str(root / "c")})
    errors = runner.run(settings).errors
    assert refused_files(errors, content) == set(REFUSED)
    message = next(str(e) for e in errors if "bieu-do.svg" in str(e))
    assert "'.svg' không được xuất bản" in message and ".pdf" in message


def test_the_build_refuses_the_same_files(typed_content):
    root, content = typed_content
    with pytest.raises(sitebuild.BuildFailed) as failure:
        sitebuild.build_site(ROOT / "pelicanconf.py", root / "output", PATH=str(content),
                         CACHE_PATH=str(root / "cache"))
    assert refused_files(failure.value.errors, content) == set(REFUSED)
    assert not (root / "output").exists()


def test_without_the_checker_the_build_still_publishes_none(typed_content):
    root, content = typed_content
    output = sitebuild.build_site(ROOT / "pelicanconf.py", root / "unchecked",
                              PATH=str(content), CACHE_PATH=str(root / "cache"),
                              CHECK_IN_BUILD=False)
    published = {p.relative_to(output).as_posix() for p in output.rglob("*")
                 if p.is_file() and p.parts[len(output.parts)] in ("images", "files")}
    assert not {name for name in REFUSED if name in published}
    assert {"files/bao-cao.pdf", "files/bang-so-lieu.xlsx", "files/van-ban.docx",
            "images/anh.png"} <= published
    assert not [p for p in published if p.lower().endswith((".svg", ".html", ".js"))]
