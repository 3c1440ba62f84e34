"""The publishing gate's link check: relative links, CSS url(), SITEURL with a path."""

import os

import sitecheck


def write(root, files):
    for relpath, text in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def test_relative_references_resolve_against_the_page(tmp_path):
    write(tmp_path, {
        "tin-tuc/a/index.html": '<a href="../b/">b</a> <a href="../c/#top">c</a>'
                                '<img src="../../images/x.png" alt="">'
                                '<a href="mailto:a@b.vn">thư</a><a href="#noi-dung">'
                                '</a><a href="tel:0211">gọi</a>',
        "tin-tuc/b/index.html": "<p>b</p>",
        "images/x.png": "png",
        "theme/css/base.css": "body{background:url(../images/bg.png)}"
                              ".a{background:url('/images/x.png')}",
    })
    problems = sitecheck.check_links(tmp_path, "https://site.vn")
    assert [(p.code, p.page, p.target) for p in problems] == [
        ("E-LINK-BROKEN", "tin-tuc/a/index.html", "../c/#top"),
        ("E-LINK-BROKEN", "theme/css/base.css", "../images/bg.png"),
    ]


def test_siteurl_with_a_path_and_absolute_links(tmp_path):
    write(tmp_path, {
        "index.html": '<a href="https://site.vn/portal/tin-tuc/">tin</a>'
                      '<a href="https://site.vn/portal/khong-co.html">x</a>'
                      '<a href="https://site.vn/other/">another site on the host</a>'
                      '<link rel="stylesheet" href="/portal/theme/a%20b.css">',
        "tin-tuc/index.html": "<p></p>",
        "theme/a b.css": "p{}",
    })
    problems = sitecheck.check_links(tmp_path, "https://site.vn/portal")
    assert [p.target for p in problems] == ["https://site.vn/portal/khong-co.html"]


def test_the_gate_memo_rereads_only_what_can_have_changed(tmp_path):
    """check_site(memo=...): a page found clean and unchanged is not parsed again,
    yet every problem a full check would find is still found: in a page edited in
    place, in a new page, and in an unchanged page whose link target was removed."""
    site, memo = tmp_path / "site", tmp_path / "cache" / "gate.json"
    write(site, {
        "index.html": '<a href="tin-tuc/a/">a</a><a href="tin-tuc/b/">b</a>',
        "tin-tuc/a/index.html": '<a href="../b/">b</a>',
        "tin-tuc/b/index.html": "<p>b</p>",
    })
    assert sitecheck.check_site(site, "https://site.vn", memo=memo) == []
    assert sitecheck.check_site(site, "https://site.vn", memo=memo) == []

    def found():
        return sorted((p.code, p.page, p.target)
                      for p in sitecheck.check_site(site, "https://site.vn", memo=memo))

    # Edited in place: its figures moved, so it is read again.
    (site / "tin-tuc/a/index.html").write_text('<a href="../c/">c</a>')
    assert found() == [("E-LINK-BROKEN", "tin-tuc/a/index.html", "../c/")]
    (site / "tin-tuc/a/index.html").write_text('<a href="../b/">b</a>')
    assert found() == []
    # Edited in place with the same size, its mtime put back: still read again.
    page = site / "tin-tuc/a/index.html"
    info = page.stat()
    page.write_text('<a href="../x/">b</a>')
    os.utime(page, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert found() == [("E-LINK-BROKEN", "tin-tuc/a/index.html", "../x/")]
    page.write_text('<a href="../b/">b</a>')
    assert found() == []
    # A new page with active content.
    write(site, {"tin-tuc/d/index.html": '<p onclick="x()">d</p>'})
    assert [p[0] for p in found()] == ["E-ACTIVE-CONTENT"]
    (site / "tin-tuc/d/index.html").unlink()
    assert found() == []
    # A file no page names removed (an old search index chunk): the pages found
    # clean stay clean without being read.
    write(site, {"pagefind/cu.pf_index": "x"})
    assert found() == []
    (site / "pagefind/cu.pf_index").unlink()
    kept = sitecheck.CleanPages.load(memo, site, "https://site.vn")
    assert set(kept.pages) == {"index.html", "tin-tuc/a/index.html",
                               "tin-tuc/b/index.html"}
    # A file removed: the unchanged pages linking to it are broken now.
    (site / "tin-tuc/b/index.html").unlink()
    assert found() == [("E-LINK-BROKEN", "index.html", "tin-tuc/b/"),
                       ("E-LINK-BROKEN", "tin-tuc/a/index.html", "../b/")]
    # The same pages under another site URL are checked afresh.
    write(site, {"tin-tuc/b/index.html": "<p>b</p>"})
    assert found() == []
    assert sitecheck.check_site(site, "https://khac.vn", memo=memo) == []
