"""`invoke check`: one broken file per code gives exactly that code, file and line;
the build refuses the same content and leaves output/ as it was."""

import io
import unicodedata

import pytest
import sitebuild
from content_check import cli, runner
from content_check.markup import no_active_html
from content_check.runner import CheckContext
from PIL import Image
from qa.contacts import find_contact_details
from sources import SourceFile, parse_front_matter

import tasks
from conftest import ROOT, write_files


def article(title="Tin thử", date="01/02/2020", category="Thanh tra",
            summary="Tóm tắt một câu.", extra="", body="Nội dung bài.",
            author="Việt Hưng"):
    head = f"Title: {title}\nDate: {date}\n"
    head += f"Author: {author}\n" if author else ""
    head += f"Category: {category}\n" if category else ""
    head += f"Summary: {summary}\n" if summary else ""
    return head + extra + "\n" + body + "\n"


def qa(asker="Nguyễn Văn A", field="Sở hữu trí tuệ"):
    """A complete answered Q&A entry; line 3 is Asker:, line 6 is Field:."""
    return (
        "Title: Hỏi về sáng chế\nQuestion: Thủ tục đăng ký thế nào?\n"
        f"Asker: {asker}\nLocality: Vĩnh Yên\nAsked: 01/02/2020\nField: {field}\n"
        "Answerer: Phòng Quản lý công nghệ\nDate: 05/02/2020\n\nNội dung trả lời.\n"
    )


def jpeg(width, height, noisy=False):
    image = Image.effect_noise((width, height), 90).convert("RGB") if noisy else (
        Image.new("RGB", (width, height), (200, 100, 50)))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


QA_FIELDS = ["Nông nghiệp", "Sở hữu trí tuệ"]
OVERRIDES = {"QA_FIELDS": QA_FIELDS, "CHECK_MAX_IMAGE_BYTES": 60_000}

# One file per code: (relative path, contents, expected line or None).
BROKEN = {
    "E-DATE": ("news/e-date.md", article(date="2020/02/01"), 2),
    "E-CATEGORY-UNKNOWN": ("news/e-category-unknown.md",
                           article(category="Linh tinh"), 4),
    "E-CATEGORY-MISSING": ("news/e-category-missing.md", article(category=None), 1),
    "E-META-MISSING": ("news/e-meta-missing.md",
                       "Date: 01/02/2020\nAuthor: A\nCategory: Thanh tra\n"
                       "Summary: Tóm tắt.\n\n"
                       "Nội dung.\n", 1),
    "E-META-SYNTAX": ("news/e-meta-syntax.md", article(extra="Số: 3\n"), 6),
    "W-META-UNKNOWN": ("news/w-meta-unknown.md",
                       article(extra="Source: Báo Vĩnh Phúc\n"), 6),
    "W-SUMMARY-MISSING": ("news/w-summary-missing.md", article(summary=None), 1),
    "E-URL-COLLISION": ("news/a-duong.md", article(title="Đường mới"), 1),
    "E-IMAGE-MISSING": ("news/e-image-missing.md",
                        article(body="![Ảnh]({static}/images/khong-co.jpg)"), 7),
    "E-PDF-MISSING": ("news/e-pdf-missing.md",
                      article(body="[Tải về]({static}/files/bao-cao.pdf)"), 7),
    "E-LINK-BROKEN": ("news/e-link-broken.md",
                      article(body="Xem [bài trước]({filename}/news/khong-co.md)."), 7),
    "E-UTF8": ("news/e-utf8.md",
               # a line saved in Windows-1258 by an old editor
               article(body="Dòng một.").encode("utf-8") + b"N\xf4i dung c\xfb.\n", 8),
    "E-NFC": ("news/e-nfc.md",
              article(body=unicodedata.normalize("NFD", "Nội dung dán từ Word.")), 7),
    "E-RAW-HTML": ("news/e-raw-html.md",
                   article(body="Đoạn một.\n\n<script>alert('x')</script>"), 9),
    "E-PLACEHOLDER": ("news/e-placeholder.md",
                      article(body="Đoạn một.\n\nViết nội dung bài ở đây."), 9),
    "E-AUTHOR-MISSING": ("news/e-author-missing.md", article(author=None), 1),
    "E-QA-CONTACT": ("qa/e-qa-contact.md", qa(asker="Nguyễn Văn A, 0912 345 678"), 3),
    "E-QA-FIELD": ("qa/e-qa-field.md", qa(field="Linh tinh"), 6),
    "E-IMAGE-FILE-SIZE": ("images/2020/e-image-file-size.jpg",
                          jpeg(400, 400, noisy=True), None),
    "E-IMAGE-DIMENSIONS": ("images/2020/e-image-dimensions.jpg", jpeg(4100, 8), None),
    "E-IMAGE-CORRUPT": ("images/2020/e-image-corrupt.jpg", b"not a picture",
                           None),
}
# Distinct titles, so that only the collision pair shares a URL (the Q&A entries
# too: since the checker reads QAENTRY_SAVE_AS, two alike titles do collide).
for _code, (_path, _data, _line) in BROKEN.items():
    if isinstance(_data, str):
        _data = _data.replace("Title: Tin thử", f"Title: Tin {_code}")
        _data = _data.replace("Title: Hỏi về sáng chế", f"Title: Hỏi {_code}")
    else:
        _data = _data.replace("Title: Tin thử".encode(), f"Title: Tin {_code}".encode())
    BROKEN[_code] = (_path, _data, _line)

# The second file of the collision: it is named in the message, not reported twice.
COMPANIONS = {"news/b-duong.md": article(title="Dương mới")}


@pytest.fixture
def broken_site(tmp_path, site_settings):
    files = {path: data for path, data, _ in BROKEN.values()}
    files.update(COMPANIONS)
    write_files(tmp_path / "content", {
        k: v.encode("utf-8") if isinstance(v, str) else v for k, v in files.items()})
    return site_settings(**OVERRIDES)


def test_each_broken_file_gives_exactly_its_code_file_and_line(broken_site, tmp_path):
    result = runner.run(broken_site)
    content = tmp_path / "content"
    found = {(f.path.relative_to(content).as_posix(), f.line, f.code)
             for f in result.findings}
    expected = {(path, line, code) for code, (path, _, line) in BROKEN.items()}
    assert found == expected
    assert len(result.findings) == len(expected)  # one finding each, no repeats


def test_collision_names_both_files(broken_site):
    (collision,) = [f for f in runner.run(broken_site).findings
                    if f.code == "E-URL-COLLISION"]
    assert "news/b-duong.md" in str(collision)
    assert "tin-tuc/2020/02/duong-moi/index.html" in str(collision)


def test_utf8_error_gives_the_byte_offset(broken_site, tmp_path):
    (error,) = [f for f in runner.run(broken_site).findings if f.code == "E-UTF8"]
    raw = (tmp_path / "content/news/e-utf8.md").read_bytes()
    offset = int(error.message.split("byte thứ ")[1].split(":")[0])
    with pytest.raises(UnicodeDecodeError):
        raw[offset:offset + 2].decode("utf-8")
    raw[:offset].decode("utf-8")  # everything before it is valid


def test_cli_prints_every_problem_and_exits_1(broken_site, tmp_path, capsys):
    status = cli.main(["--settings", str(ROOT / "pelicanconf.py"),
                       "--path", str(tmp_path / "content")])
    err = capsys.readouterr().err
    assert status == 1
    assert "news/e-raw-html.md:9: [E-RAW-HTML]" in err
    assert "cảnh báo" in err and "lỗi" in err


def test_warnings_alone_do_not_fail(tmp_path, site_settings, capsys):
    write_files(tmp_path / "content", {"news/a.md": article(summary=None)})
    site_settings()
    status = cli.main(["--settings", str(ROOT / "pelicanconf.py"),
                       "--path", str(tmp_path / "content")])
    assert status == 0
    assert "W-SUMMARY-MISSING" in capsys.readouterr().err


def test_fix_normalises_nfc_only(tmp_path, site_settings):
    decomposed = article(body=unicodedata.normalize("NFD", "Nội dung dán từ Word."))
    other = article(title="Tin khác", body="Giữ   nguyên  khoảng trắng.")
    write_files(tmp_path / "content", {"news/nfd.md": decomposed.encode("utf-8"),
                                       "news/other.md": other.encode("utf-8")})
    before_other = (tmp_path / "content/news/other.md").read_bytes()
    settings = site_settings()
    changed = list(runner.fix_files(settings))
    assert [p.name for p in changed] == ["nfd.md"]
    fixed = (tmp_path / "content/news/nfd.md").read_text(encoding="utf-8")
    assert fixed == unicodedata.normalize("NFC", decomposed)
    assert (tmp_path / "content/news/other.md").read_bytes() == before_other
    assert runner.run(settings).errors == []


def test_cli_fix_then_passes(tmp_path, site_settings, capsys):
    write_files(tmp_path / "content", {
        "news/nfd.md": article(body=unicodedata.normalize("NFD", "Tiếng Việt"))})
    site_settings()
    argv = ["--settings", str(ROOT / "pelicanconf.py"),
            "--path", str(tmp_path / "content")]
    assert cli.main(argv) == 1
    assert cli.main([*argv, "--fix"]) == 0
    assert "đã chuẩn hóa NFC" in capsys.readouterr().out


def test_the_sample_content_is_clean():
    settings = cli.load_settings(ROOT / "pelicanconf.py")
    result = runner.run(settings)
    assert result.errors == [], [str(e) for e in result.errors]
    assert result.files_checked >= 2


@pytest.mark.parametrize("line", [
    "<script src='x.js'></script>",
    "<IFRAME src='https://video.example'></iframe>",
    "<object data='x.swf'></object>",
    "<embed src='x.swf'>",
    '<img src="a.jpg" onerror="alert(1)">',
    '<a href="#" onClick="go()">Xem</a>',
    '<a href="javascript:go()">Xem</a>',
    '![Ảnh](a.jpg){: onerror="alert(1)" }',
    # Not a script, but the sanitiser drops the unknown tag and "kết" with it.
    "Tiêu chuẩn TCVN <sơ kết>",
])
def test_active_html_is_refused(line):
    codes = [f.code for f in _markup_findings(line)]
    assert codes == ["E-RAW-HTML"]


@pytest.mark.parametrize("line", [
    "`<script>` trong dấu nháy ngược là chữ, không phải mã",
    "Tiêu chuẩn TCVN &lt;sơ kết&gt; và online=true",
    '<img src="a.jpg" alt="Hội nghị">',
    "![Ảnh](a.jpg){: .illustration }",
    "{: #muc-1 data-button=1 }",
])
def test_harmless_text_is_not_refused(line):
    assert list(_markup_findings(line)) == []


def test_fenced_code_is_not_checked():
    assert list(_markup_findings("```\n<script>x()</script>\n```")) == []


def _markup_findings(body):
    source = SourceFile(path=ROOT / "x.md", relpath="news/x.md", kind="markup",
                        text=article(body=body))
    parse_front_matter(source)
    return list(no_active_html(source, CheckContext({}, ROOT)))


@pytest.mark.parametrize(("text", "found"), [
    ("Nguyễn Văn A, 0912 345 678", "0912 345 678"),
    ("Trần B (0211.3862.480)", "0211.3862.480"),
    ("Lê C, +84 912345678", "+84 912345678"),
    ("Phạm D, d.pham@example.vn", "d.pham@example.vn"),
    ("Hoàng E, xã Tam Hồng, huyện Yên Lạc, năm 2019", None),
])
def test_contact_data_is_recognised(text, found):
    assert find_contact_details(text) == found


def test_build_refuses_the_broken_corpus_and_keeps_output(build_site, tmp_path):
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("bản cũ", encoding="utf-8")
    files = {path: data for path, data, _ in BROKEN.values()}
    files.update(COMPANIONS)
    with pytest.raises(sitebuild.BuildFailed) as failure:
        build_site(files, **OVERRIDES)
    message = str(failure.value)
    # Editorial image limits belong to `invoke check`, which `invoke build` (make
    # html) runs first; the build itself refuses only what it cannot decode.
    checker_only = {"E-IMAGE-FILE-SIZE", "E-IMAGE-DIMENSIONS", "E-AUTHOR-MISSING"}
    for code in BROKEN:
        if code.startswith("W-") or code in checker_only:
            continue
        assert f"[{code}]" in message, code
    assert (output / "index.html").read_text(encoding="utf-8") == "bản cũ"
    assert sorted(p.name for p in output.iterdir()) == ["index.html"]


def test_make_html_checks_once_with_the_editors_rules(build_site, monkeypatch):
    # `invoke build` runs no separate `invoke check`: its build (CHECK_EDITORIAL)
    # applies every rule, by-line and image limits too, in one checker run.
    runs = []
    real_run = runner.run
    monkeypatch.setattr(runner, "run", lambda *a, **k: runs.append(k) or real_run(*a, **k))
    files = {"news/a.md": article(author=None),
             "images/to.jpg": jpeg(900, 300, noisy=True)}
    with pytest.raises(sitebuild.BuildFailed) as failure:
        build_site(files, CHECK_EDITORIAL=True, **OVERRIDES)
    message = str(failure.value)
    assert "news/a.md:1: [E-AUTHOR-MISSING]" in message
    assert message.count("[E-IMAGE-FILE-SIZE]") == 1
    assert len(runs) == 1
    # The preview (a plain build) leaves them to `invoke check`.
    build_site(files, **OVERRIDES)


def test_raw_script_stops_the_build_naming_file_and_line(build_site):
    with pytest.raises(sitebuild.BuildFailed) as failure:
        build_site({"news/a.md": article(body="Đoạn một.\n\n<script>x()</script>")})
    assert "news/a.md:9: [E-RAW-HTML]" in str(failure.value)
    assert str(failure.value).count("E-RAW-HTML") == 1


def test_build_does_not_repeat_codes_other_plugins_report(build_site):
    with pytest.raises(sitebuild.BuildFailed) as failure:
        build_site({"news/a.md": article(category="Linh tinh")})
    assert str(failure.value).count("E-CATEGORY-UNKNOWN") == 1


def test_staged_filter_keeps_collisions_with_unstaged_files(broken_site, tmp_path):
    staged = tmp_path / "content/news/b-duong.md"
    result = runner.run(broken_site, only=[staged])
    assert [f.code for f in result.findings] == ["E-URL-COLLISION"]


def test_invoke_build_runs_the_checker_first(tmp_config, tmp_path, capsys):
    from invoke import Collection, Executor

    write_files(tmp_path / "content", {
        "news/a.md": article(body="<p onclick='x()'>Bấm</p>")})
    (tmp_path / "output").mkdir()
    (tmp_path / "output/index.html").write_text("bản cũ", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_:
        Executor(Collection.from_module(tasks)).execute("build")
    assert exit_.value.code == 1
    assert "news/a.md:7: [E-RAW-HTML]" in capsys.readouterr().err
    assert (tmp_path / "output/index.html").read_text(encoding="utf-8") == "bản cũ"


def test_links_resolve_like_pelican(tmp_path, site_settings):
    """/x from the content root, x from the linking file's folder, fields too."""
    write_files(tmp_path / "content", {
        "images/2020/co.jpg": jpeg(10, 10),
        "files/bao-cao.pdf": b"%PDF-1.4\n",
        "news/2020/tin.md": article(
            title="Tin liên kết",
            extra="Image: {static}/images/2020/khong.jpg\n",
            body="![a]({static}/images/2020/co.jpg)\n"
                 "![b]({static}../../images/2020/co.jpg)\n"
                 "![c](/images/2020/co.jpg)\n"
                 "[pdf]({attach}/files/bao-cao.pdf) [bài]({filename}tin.md#muc)\n"
                 "![d](https://example.test/ngoai.jpg)\n"
                 "![e]({static}/images/2020/Co.jpg)"),
    })
    found = [(f.line, f.code) for f in runner.run(site_settings()).findings]
    # A picture from another host is not a missing file, but the sanitiser refuses
    # it (readers' browsers would ask that host; the CSP blocks it anyway).
    assert found == [(6, "E-IMAGE-MISSING"), (12, "E-RAW-HTML"),
                     (13, "E-IMAGE-MISSING")]
