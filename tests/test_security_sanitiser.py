"""Editor HTML passes an allowlist sanitiser (nh3), and the
checker reports every removal with code, file and line instead of pattern-matching.

Each hostile input (tests/security_attacks.py) is written in its own file, in a
body, a Summary, a bulletin and a Q&A answer: ``invoke check``'s runner must name
that file and line, and the sanitiser's output must hold no executable content
(judged by the publish gate's own detector, which is tested on the raw attacks so
that it can fail). Legitimate HTML (figures, tables, footnotes, pictures) must pass
unchanged.
"""

import lxml.html
import pytest
from conftest import ROOT, write_files
from content_check import runner
from editor_html.sanitiser import removals, sanitise
from security_attacks import BODY_ATTACKS, EVIL, TEXT_ATTACKS
from sitecheck.sitecheck import active_content

import sitebuild

HEAD = "Title: Tin thử\nDate: 01/02/2020\nCategory: Thanh tra\nSummary: Tóm tắt.\n"
FIRST_ATTACK_LINE = 8  # HEAD (4 lines), blank, a paragraph, blank, then the attack


def article(body, summary="Tóm tắt."):
    head = HEAD.replace("Summary: Tóm tắt.", f"Summary: {summary}")
    return f"{head}\nĐoạn mở đầu.\n\n{body}\n\nĐoạn kết.\n"


def markdown_html(markdown_text):
    """The body HTML Pelican's Markdown reader makes (the build's own settings)."""
    from content_check.markup import _reader
    from pelican.settings import read_settings

    settings = read_settings(str(ROOT / "pelicanconf.py"))
    content, _ = _reader(settings).read_text(markdown_text, "x.md")
    return content


def executable(html):
    """What the publish gate calls executable in ``html``, and other-host loads."""
    if not html.strip():
        return []
    fragment = lxml.html.fragment_fromstring(html, create_parent="div")
    found = active_content(fragment, lambda url: EVIL not in url and "//" not in url)
    found += [("other host", e.get("src") or e.get("srcset") or e.get("href"))
              for e in fragment.iter()
              if EVIL in (e.get("src", "") + e.get("srcset", "") + e.get("href", ""))
              and e.tag != "a"]
    return found


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    """Every attack in its own article, summary, bulletin and Q&A file, checked once."""
    root = tmp_path_factory.mktemp("attacks")
    files = {}
    for name, attack, _ in BODY_ATTACKS:
        files[f"news/{name}.md"] = article(attack)
        if "\n" not in attack:
            files[f"news/summary-{name}.md"] = article("Nội dung.", summary=attack)
    files["bulletins/2020/so-1.md"] = (
        "Number: 1\nDate: 01/02/2020\nCover: bia.jpg\nPDF: so-1.pdf\n\n"
        "Lời giới thiệu.\n\n<img src=x onerror=alert(1)>\n")
    files["qa/hoi.md"] = (
        "Title: Hỏi\nQuestion: Hỏi gì?\nAsker: Nguyễn Văn A\nLocality: Vĩnh Yên\n"
        "Asked: 01/02/2020\nField: Sở hữu trí tuệ\nAnswerer: Phòng A\n"
        "Date: 05/02/2020\n\nTrả lời.\n\n[Xem](javascript:alert(1))\n")
    for number, value in enumerate(TEXT_ATTACKS):
        files[f"news/title-{number}.md"] = (
            f"Title: {value}\nDate: 01/02/2020\nCategory: Thanh tra\n"
            f"Author: {value}\nSummary: Tóm tắt.\n\nNội dung.\n")
        files[f"qa/fields-{number}.md"] = (
            f"Title: Hỏi {number}\nQuestion: {value}\nAsker: {value}\n"
            f"Locality: {value}\nAsked: 01/02/2020\nField: Sở hữu trí tuệ\n"
            f"Answerer: {value}\nExpert: {value}\nDate: 05/02/2020\n\nTrả lời.\n")
    write_files(root / "content", files)
    from pelican.settings import read_settings

    settings = read_settings(str(ROOT / "pelicanconf.py"),
                             override={"PATH": str(root / "content"),
                                       "QA_FIELDS": ["Sở hữu trí tuệ"]})
    findings = runner.run(settings).findings
    by_file = {}
    for finding in findings:
        if finding.code in ("E-RAW-HTML", "W-TEXT-MARKUP"):
            relative = finding.path.relative_to(root / "content").as_posix()
            by_file.setdefault(relative, []).append(finding)
    return by_file


@pytest.mark.parametrize(("name", "attack", "offset"), BODY_ATTACKS,
                         ids=[a[0] for a in BODY_ATTACKS])
def test_checker_names_file_and_line_of_each_body_attack(checked, name, attack,
                                                         offset):
    found = checked.get(f"news/{name}.md", [])
    assert found, f"{name}: no E-RAW-HTML"
    lines = [f.line for f in found]
    assert FIRST_ATTACK_LINE + offset in lines, [str(f) for f in found]
    assert all("không được phép" in f.message for f in found)


@pytest.mark.parametrize(("name", "attack"),
                         [(n, a) for n, a, _ in BODY_ATTACKS if "\n" not in a],
                         ids=[n for n, a, _ in BODY_ATTACKS if "\n" not in a])
def test_checker_names_the_summary_line(checked, name, attack):
    found = checked.get(f"news/summary-{name}.md", [])
    assert [f.line for f in found][:1] == [4], [str(f) for f in found]
    assert "'Summary:'" in found[0].message


def test_checker_covers_bulletin_and_qa_bodies(checked):
    assert [f.line for f in checked["bulletins/2020/so-1.md"]] == [8]
    assert [f.line for f in checked["qa/hoi.md"]] == [12]


@pytest.mark.parametrize("number", range(len(TEXT_ATTACKS)))
def test_checker_warns_of_markup_in_plain_text_fields(checked, number):
    """Escaped, so harmless, but shown as written: a warning at the field's line."""
    for path, lines in ((f"news/title-{number}.md", [1, 4]),
                        (f"qa/fields-{number}.md", [2, 3, 4, 7, 8])):
        found = checked[path]
        assert sorted(f.line for f in found) == lines
        assert {f.code for f in found} == {"W-TEXT-MARKUP"}


@pytest.mark.parametrize(("name", "attack"), [(a[0], a[1]) for a in BODY_ATTACKS],
                         ids=[a[0] for a in BODY_ATTACKS])
def test_sanitised_html_has_no_executable_content(name, attack):
    html = markdown_html(attack)
    clean = sanitise(html)
    assert executable(clean) == [], clean
    assert removals(html, clean), f"{name}: removed nothing from {html!r}"


# The detector the tests (and the publish gate) rely on must see the raw attacks;
# except CSS and search steering (not script), and what only a browser's own parse
# makes live (mutation XSS, <body> in a fragment): the browser test covers those.
NOT_SCRIPT = ("pagefind-steering", "style-tag", "xss-behavior-style", "div-style-url",
              "link-stylesheet", "js-autolink", "double-open-bracket")
BROWSER_PARSE_ONLY = ("body-odd-onload", "body-background", "mxss-math-style",
                      "mxss-noscript")
DETECTABLE = [a for a in BODY_ATTACKS if a[0] not in NOT_SCRIPT + BROWSER_PARSE_ONLY]


@pytest.mark.parametrize(("name", "attack"), [(a[0], a[1]) for a in DETECTABLE],
                         ids=[a[0] for a in DETECTABLE])
def test_detector_sees_the_unsanitised_attack(name, attack):
    assert executable(markdown_html(attack)), name


LEGITIMATE = [
    "Đoạn có **đậm**, *nghiêng*, `mã`, [liên kết](https://sokhcn.vinhphuc.gov.vn/) "
    "và [thư](mailto:a@b.vn), [gọi](tel:02113862480), [mục](#muc), [bài](../khac/).",
    "![Hội trường]({static}/images/a.jpg \"Đồng chí Giám đốc phát biểu\")",
    "![Ảnh minh họa]({static}/images/a.jpg \"Cánh đồng\"){: .illustration }",
    "| Chỉ tiêu | Kết quả |\n|:--|--:|\n| Đề tài | 12 |",
    "Câu có chú thích[^1].\n\n[^1]: Nguồn: Sở KH&CN.",
    "> Trích dẫn\n\n1. một\n2. hai\n\n- a\n- b",
    "```\n<script>alert(1)</script>\n```",
    "<p>a &lt; b &amp; c</p>\n\n<abbr title=\"Khoa học\">KH</abbr> H<sub>2</sub>O",
    "<img src=\"anh/hoi-truong.jpg\" srcset=\"anh/nho.jpg 480w, anh/lon.jpg 960w\" "
    "alt=\"Hội trường\">",
    "## Mục một\n\nNội dung.\n\n### Mục con",
    "Tiêu chuẩn TCVN &lt;sơ kết&gt; và online=true, nhiệt độ < 5 độ",
]


@pytest.mark.parametrize("markdown_text", LEGITIMATE)
def test_legitimate_html_is_kept(markdown_text):
    html = markdown_html(markdown_text)
    assert removals(html) == []
    def text(fragment):
        return lxml.html.fragment_fromstring(fragment, create_parent="div"
                                             ).text_content()

    assert text(sanitise(html)) == text(html)


def test_the_build_refuses_hostile_body_and_summary_naming_file_and_line(build_site):
    with pytest.raises(sitebuild.BuildFailed) as failure:
        build_site({"news/a.md": article("[Xem](JaVaScRiPt:alert(1))",
                                         summary="<img src=x onerror=alert(1)>")})
    message = str(failure.value)
    assert "news/a.md:8: [E-RAW-HTML]" in message
    assert "news/a.md:4: [E-RAW-HTML]" in message
    assert message.count("E-RAW-HTML") == 2  # once, not again by the checker


def test_the_build_refuses_again_from_the_reader_cache(build_site):
    """A cached (already sanitised) file is still refused on the next build."""
    files = {"news/a.md": article("<svg/onload=alert(1)>")}
    for _ in range(2):
        with pytest.raises(sitebuild.BuildFailed) as failure:
            build_site(files)
        assert "news/a.md:8: [E-RAW-HTML]" in str(failure.value)


@pytest.mark.parametrize(("name", "attack"), [(a[0], a[1]) for a in BODY_ATTACKS],
                         ids=[a[0] for a in BODY_ATTACKS])
def test_checker_shortcut_never_skips_an_attack(name, attack):
    """`invoke check` renders only files that may need sanitising: every attack
    (in a body or in the Summary) must be one of them."""
    from content_check.markup import MAY_NEED_SANITISING, PELICAN_PLACEHOLDER

    for text in (article(attack), article("Nội dung.", summary=attack)):
        assert MAY_NEED_SANITISING.search(PELICAN_PLACEHOLDER.sub("", text)), name


def test_checker_shortcut_skips_plain_markdown():
    from content_check.markup import MAY_NEED_SANITISING, PELICAN_PLACEHOLDER

    text = article("Đoạn **đậm**.\n\n![Ảnh]({static}/images/a.jpg \"Chú thích\")\n\n"
                   "[bài khác]({filename}/news/b.md) và [mục](#muc).")
    assert not MAY_NEED_SANITISING.search(PELICAN_PLACEHOLDER.sub("", text))
