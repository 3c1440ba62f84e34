"""The publishing gate's link check: relative links, CSS url(), SITEURL with a path."""

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
