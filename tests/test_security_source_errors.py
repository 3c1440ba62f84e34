"""Inputs that would otherwise stop the build with a Python error
naming no file (RecursionError, UndefinedError, PelicanTemplateNotFound,
UnicodeDecodeError) get a coded Vietnamese error with file and line from
`invoke check` and from the build, exit non-zero and leave output/ as it was. A
UTF-8 byte-order mark is accepted (as Pelican reads it) and `--fix` removes it."""

import pytest
from security_helpers import (
    PYTHON_ERRORS,
    assert_build_refused,
    corpus_fixtures,
    run_build,
    run_check,
    write_corpus,
)


def article(title, body="Nội dung bài.", extra=""):
    """Line 1 Title, 4 Summary, 5 Author, 6 ``extra``; the body on line 7 (8 with
    extra)."""
    return (f"Title: {title}\nDate: 01/02/2020\nCategory: Thanh tra\n"
            f"Summary: Tóm tắt một câu.\nAuthor: Thu Hà\n{extra}\n{body}\n")


def qa(title, extra=""):
    return (f"Title: {title}\nQuestion: Thủ tục thế nào?\nAsker: Nguyễn Văn H.\n"
            "Locality: Tam Đảo\nAsked: 02/05/2019\nField: Sở hữu trí tuệ\n"
            f"Answerer: Phòng Quản lý công nghệ\nDate: 10/05/2019\n{extra}\n"
            "Nội dung trả lời.\n")


def text(name, data):
    return data.encode("utf-8") if isinstance(data, str) else data


# name: (relpath, contents, code, line)
HOSTILE = {
    "quote-2000": ("news/quote-2000.md", article("Q1", ">" * 2000 + " sâu"),
                   "E-NESTING", 7),
    "quote-spaced": ("news/quote-spaced.md", article("Q2", "> " * 400 + "sâu"),
                     "E-NESTING", 7),
    "quote-later-line": ("news/quote-later-line.md",
                         article("Q3", "Đoạn một.\n\n" + ">" * 300 + " x"),
                         "E-NESTING", 9),
    "list-markers": ("news/list-markers.md", article("Q4", "- " * 600 + "x"),
                     "E-NESTING", 7),
    "ordered-markers": ("news/ordered-markers.md", article("Q5", "1. " * 600 + "x"),
                        "E-NESTING", 7),
    "indented-list": ("news/indented-list.md", article(
        "Q6", "".join(" " * (4 * level) + "- mục\n" for level in range(300))),
        "E-NESTING", 27),
    "quote-in-list": ("news/quote-in-list.md", article("Q7", "- > " * 300 + "x"),
                      "E-NESTING", 7),
    "qa-answer-quote": ("qa/qa-answer-quote.md",
                        qa("Hỏi lồng").replace("Nội dung trả lời.", ">" * 2000),
                        "E-NESTING", 10),
    "template-of-qa": ("news/template-of-qa.md", article("T1", extra="Template: qa"),
                       "E-TEMPLATE", 6),
    "template-missing": ("news/template-missing.md",
                         article("T2", extra="Template: khong-co"), "E-TEMPLATE", 6),
    "template-path": ("news/template-path.md",
                      article("T3", extra="Template: ../../../etc/passwd"),
                      "E-TEMPLATE", 6),
    "template-base": ("news/template-base.md", article("T4", extra="Template: base"),
                      "E-TEMPLATE", 6),
    "template-empty": ("news/template-empty.md", article("T5", extra="Template:"),
                       "E-TEMPLATE", 6),
    "template-contact-on-article": ("news/template-contact-on-article.md",
                                    article("T6", extra="Template: contact"),
                                    "E-TEMPLATE", 6),
    "qa-with-article-template": ("qa/qa-with-article-template.md",
                                 qa("Hỏi mẫu", extra="Template: article"),
                                 "E-TEMPLATE", 9),
    "page-with-qa-template": ("pages/page-with-qa-template.md",
                              "Title: Trang\nTemplate: qa\n\nNội dung.\n",
                              "E-TEMPLATE", 2),
    "windows-1258": ("news/windows-1258.md",
                     article("U1").encode("utf-8") + b"N\xf4i dung c\xfb.\n",
                     "E-UTF8", 8),
    "utf16-with-bom": ("news/utf16-with-bom.md",
                       "\ufeff".encode("utf-16-le") + article("U2").encode(
                           "utf-16-le"), "E-UTF8", 1),
    "truncated-sequence": ("news/truncated-sequence.md",
                           article("U3").encode("utf-8") + "Đ".encode()[:1],
                           "E-UTF8", 8),
    "overlong-slash": ("news/overlong-slash.md",
                       article("U4", "a\u2215b").encode("utf-8").replace(
                           "\u2215".encode(), b"\xc0\xaf"), "E-UTF8", 7),
    "encoded-surrogate": ("news/encoded-surrogate.md",
                          article("U5").encode("utf-8").replace(
                              b"Title: U5", b"Title: U5\xed\xa0\x80"), "E-UTF8", 1),
    "double-bom": ("news/double-bom.md", "\ufeff\ufeff" + article("B1"),
                   "E-CONTROL-CHAR", 1),
}
LEGITIMATE = {
    "news/bom.md": "\ufeff" + article("Bài có BOM"),
    "news/bom-fenced.md": "\ufeff---\n" + article("Bài BOM có gạch").replace(
        "\n\n", "\n---\n\n", 1),
    "qa/bom.md": "\ufeff" + qa("Hỏi có BOM"),
    "news/quotes.md": article("Trích dẫn", "> Một\n>\n> > Hai\n> >\n> > > Ba"),
    "news/lists.md": article("Danh sách", "- một\n    - hai\n        - ba\n"
                             "            1. bốn"),
    "news/rules.md": article("Kẻ ngang", "Đoạn.\n\n* * * * * * * * * * * * * * * * * *"
                             " * * * * * * *\n\nĐoạn."),
    "news/code.md": article("Mã", "Đoạn.\n\n" + " " * 96 + "mã thụt sâu"),
    "pages/lien-he.md": "Title: Liên hệ\nTemplate: contact\n\nNội dung.\n",
}


def _files():
    files = {path: text(path, data) for path, data, _, _ in HOSTILE.values()}
    files.update({path: text(path, data) for path, data in LEGITIMATE.items()})
    return files


corpus, checked, built = corpus_fixtures("source-errors", _files)


@pytest.mark.parametrize("name", HOSTILE)
def test_invoke_check_gives_code_file_and_line(checked, name):
    path, _, code, line = HOSTILE[name]
    status, printed = checked
    assert status == 1
    assert f"{path}:{line}: [{code}]" in printed
    assert not any(error in printed for error in PYTHON_ERRORS)


@pytest.mark.parametrize("name", HOSTILE)
def test_the_build_gives_code_file_and_line(built, name):
    path, _, code, line = HOSTILE[name]
    assert_build_refused(built, f"{path}:{line}: [{code}]")


@pytest.mark.parametrize("path", LEGITIMATE)
def test_legitimate_files_pass_check_and_build(checked, built, path):
    assert path not in checked[1]
    assert path not in built[0]


def test_messages_say_what_to_do(checked):
    printed = checked[1]
    assert "quá 20 cấp (CHECK_MAX_NESTING)" in printed
    assert "mẫu trang 'qa' dành cho loại nội dung khác" in printed
    assert "giao diện không có mẫu trang 'khong-co'" in printed
    assert "tệp không phải mã UTF-8 (byte thứ" in printed


def test_a_bom_file_builds_like_any_other(tmp_path, read_html):
    content = write_corpus(tmp_path, {
        "news/bom.md": ("\ufeff" + article("Bài có BOM")).encode("utf-8"),
        "qa/bom.md": ("\ufeff" + qa("Hỏi có BOM")).encode("utf-8")})
    message, output = run_build(tmp_path, content)
    assert message is None
    page = read_html(output / "tin-tuc/2020/02/bai-co-bom/index.html")
    assert page.select_one("h1").get_text(strip=True) == "Bài có BOM"
    assert (output / "hoi-dap/hoi-co-bom/index.html").exists()


def test_a_bom_does_not_hide_contact_details_from_either(tmp_path):
    """Line 1 of a BOM file is a field like any other, for the checker and the qa
    plugin's own reading of the front matter."""
    content = write_corpus(tmp_path, {"qa/a.md": "\ufeff" + qa(
        "Gọi 0912 345 678 hỏi về nhãn hiệu")})
    assert "qa/a.md:1: [E-QA-CONTACT]" in run_check(content)[1]
    message, _ = run_build(tmp_path, content)
    assert "qa/a.md:1: [E-QA-CONTACT]" in message


def test_fix_removes_the_bom_and_nothing_else(tmp_path):
    content = write_corpus(tmp_path, {"news/bom.md": "\ufeff" + article("Bài BOM")})
    status, printed = run_check(content, "--fix")
    assert status == 0
    assert "news/bom.md: đã bỏ dấu BOM" in printed
    assert (content / "news/bom.md").read_bytes() == article("Bài BOM").encode()


def test_nesting_limit_is_a_setting(site_settings, tmp_path):
    from content_check import runner

    write_corpus(tmp_path, {"news/a.md": article("Sâu", "> > > > x")})
    codes = [f.code for f in runner.run(site_settings(CHECK_MAX_NESTING=3)).errors]
    assert codes == ["E-NESTING"]


def test_a_deep_file_gets_one_message(checked):
    printed = checked[1]
    assert printed.count("news/indented-list.md") == 1
    assert "(và 279 dòng sau nữa)" in printed
