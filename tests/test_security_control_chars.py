"""Control characters are refused with file and line, by
`invoke check` and by the build alike (the build with feeds, as `make publish`
builds: a vertical tab used to pass `make html` and then stop `make publish` with a
ValueError from the feed writer naming no file). `--fix` repairs only Word's line
breaks and leaves every other control character for the editor."""

import pytest
from security_helpers import (
    PYTHON_ERRORS,
    assert_build_refused,
    corpus_fixtures,
    output_untouched,
    run_build,
    run_check,
    write_corpus,
)


def article(title="Tin thử", summary="Tóm tắt một câu.", body="Nội dung bài.",
            author="Thu Hà"):
    """Line 1 Title, 4 Summary, 5 Author, 7 the first line of the body."""
    return (f"Title: {title}\nDate: 01/02/2020\nCategory: Thanh tra\n"
            f"Summary: {summary}\nAuthor: {author}\n\n{body}\n")


# name: (character, where: "title" | "summary" | "body")
HOSTILE = {
    "vertical-tab": ("\x0b", "body"),  # Word's manual line break
    "vertical-tab-in-title": ("\x0b", "title"),
    "form-feed": ("\x0c", "body"),  # Word's page break
    "nul": ("\x00", "body"),
    "nul-in-summary": ("\x00", "summary"),
    "start-of-heading": ("\x01", "body"),
    "backspace": ("\x08", "title"),
    "shift-out": ("\x0e", "body"),
    "escape": ("\x1b", "body"),  # terminal escape sequences
    "unit-separator": ("\x1f", "summary"),
    "delete": ("\x7f", "body"),
    "next-line": ("\x85", "body"),
    "c1-csi": ("\x9b", "title"),
    "right-to-left-override": ("\u202e", "title"),  # "gpj.exe" shows as "exe.jpg"
    "left-to-right-override": ("\u202d", "body"),
    "right-to-left-embedding": ("\u202b", "body"),
    "pop-directional": ("\u202c", "summary"),
    "left-to-right-isolate": ("\u2066", "body"),
    "pop-directional-isolate": ("\u2069", "body"),
    "right-to-left-mark": ("\u200f", "body"),
    "arabic-letter-mark": ("\u061c", "body"),
    "line-separator": ("\u2028", "body"),
    "paragraph-separator": ("\u2029", "summary"),
    "bom-inside": ("\ufeff", "body"),
    "non-character": ("\uffff", "body"),
}
LINE = {"title": 1, "summary": 4, "body": 7}


def hostile_file(name):
    char, where = HOSTILE[name]
    text = {"title": f"Tin {name} {char}thử", "summary": f"Tóm{char} tắt.",
            "body": f"Đoạn{char} dán từ Word."}[where]
    title = text if where == "title" else f"Tin {name}"
    return article(title=title, summary=text if where == "summary" else "Tóm tắt.",
                   body=text if where == "body" else "Nội dung.")


LEGITIMATE = {
    "tab": article(title="Tin tab", body="Cột một\tcột hai."),
    "crlf": article(title="Tin CRLF").replace("\n", "\r\n"),
    "bom-at-start": "\ufeff" + article(title="Tin BOM"),
    "no-break-space": article(title="Tin NBSP", body="100\u00a0000 đồng, 5\u00a0kg"),
    "vietnamese": article(title="Tiếng Việt: Đảng, ưu đãi, “trích dẫn” – gạch ngang"),
}


def _files():
    files = {f"news/{name}.md": hostile_file(name).encode("utf-8") for name in HOSTILE}
    files.update({f"news/{name}.md": text.encode("utf-8")
                  for name, text in LEGITIMATE.items()})
    return files


corpus, checked, built = corpus_fixtures("control-chars", _files)


@pytest.mark.parametrize("name", HOSTILE)
def test_invoke_check_refuses_with_file_line_and_character(checked, name):
    status, printed = checked
    char, where = HOSTILE[name]
    assert status == 1
    expected = f"news/{name}.md:{LINE[where]}: [E-CONTROL-CHAR]"
    (line,) = [line for line in printed.splitlines() if expected in line]
    assert f"U+{ord(char):04X}" in line


@pytest.mark.parametrize("name", HOSTILE)
def test_the_build_with_feeds_refuses_with_file_and_line(built, name):
    assert_build_refused(
        built, f"news/{name}.md:{LINE[HOSTILE[name][1]]}: [E-CONTROL-CHAR]")


@pytest.mark.parametrize("name", LEGITIMATE)
def test_ordinary_text_passes_check_and_build(checked, built, name):
    assert f"news/{name}.md" not in checked[1]
    assert f"news/{name}.md" not in built[0]


def test_the_publish_build_agrees(tmp_path):
    """publishconf.py (feeds, fingerprinted assets) refuses it the same way."""
    content = write_corpus(tmp_path, {"news/a.md": article(body="Đoạn\x0bmột.")})
    message, output = run_build(tmp_path, content, "publishconf.py")
    assert "news/a.md:7: [E-CONTROL-CHAR]" in message
    assert not any(error in message for error in PYTHON_ERRORS)
    assert output_untouched(output)


def test_a_utf16_file_gets_few_messages_not_one_per_line(tmp_path):
    # ASCII saved as UTF-16 is valid UTF-8: every other byte is a NUL.
    text = "".join(f"Dong {n}\n" for n in range(100))
    content = write_corpus(tmp_path, {"news/a.md": article(
        title="Tin thu", summary="Tom tat.", body=text, author="Thu Ha",
    ).encode("utf-16-le")})
    status, printed = run_check(content)
    assert status == 1
    assert 1 <= printed.count("[E-CONTROL-CHAR]") <= 21
    assert "UTF-16" in printed


# --- --fix --------------------------------------------------------------------------
def test_fix_turns_word_line_breaks_into_line_breaks_and_nothing_else(tmp_path):
    files = {
        "news/vt.md": article(title="Tin\x0bmột", body="Dòng một\x0bdòng hai\x0ctrang"),
        "news/crlf.md": article(title="Tin CRLF", body="Một\x0bhai").replace(
            "\n", "\r\n"),
        "news/bom.md": "\ufeff" + article(title="Tin BOM"),
        "news/nul.md": article(title="Tin NUL", body="Đoạn\x00một\u202e."),
        "news/clean.md": article(title="Tin sạch", body="Giữ   nguyên\tkhoảng trắng."),
    }
    content = write_corpus(tmp_path, {k: v.encode("utf-8") for k, v in files.items()})
    before = {name: (content / name).read_bytes() for name in files}
    status, printed = run_check(content, "--fix")

    assert (content / "news/vt.md").read_text(encoding="utf-8") == article(
        title="Tin một", body="Dòng một\ndòng hai\ntrang")
    assert (content / "news/crlf.md").read_bytes() == article(
        title="Tin CRLF", body="Một\nhai").replace("\n", "\r\n").encode("utf-8")
    assert (content / "news/bom.md").read_bytes() == article(
        title="Tin BOM").encode("utf-8")
    # Not the fixer's to guess: reported, and the file kept byte for byte.
    assert (content / "news/nul.md").read_bytes() == before["news/nul.md"]
    assert (content / "news/clean.md").read_bytes() == before["news/clean.md"]
    assert status == 1
    assert "news/nul.md:7: [E-CONTROL-CHAR] ký tự ẩn U+0000" in printed
    assert "news/vt.md: đã thay" in printed and "news/bom.md: đã bỏ dấu BOM" in printed
    errors = [line for line in printed.splitlines() if "[E-" in line]
    assert errors and all("news/nul.md" in line for line in errors)


def test_fix_of_a_form_feed_in_the_front_matter_keeps_the_field_whole(tmp_path):
    content = write_corpus(tmp_path, {"news/a.md": article(summary="Tóm\x0ctắt.")})
    assert run_check(content, "--fix")[0] == 0
    assert "Summary: Tóm tắt.\n" in (content / "news/a.md").read_text(encoding="utf-8")
