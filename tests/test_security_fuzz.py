"""Fuzz: random front matter and bodies (Vietnamese text, HTML fragments, control
characters, URLs, deep nesting, broken bytes) through the checker, as `invoke check`
and the build's reading guard run it. Whatever the input, the checker never raises:
it returns coded errors naming the file and a line inside it (or no line for the
whole file), and `--fix` never breaks a file it can read. A few of the same inputs
go through the real build: a clean site, or only coded errors and output/ as it was.

Derandomized (the same examples on every run) and small enough for the suite."""

import os
import re

import pytest
from conftest import ROOT
from content_check import runner
from content_check.reading import reading_errors
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from source_errors import ContentError

FOLDERS = ["news", "pages", "bulletins/2020", "qa"]
KEYS = ["Title", "Date", "Category", "Summary", "Slug", "Template", "Save_as", "Url",
        "Question", "Asker", "Locality", "Asked", "Field", "Answerer", "Expert",
        "Number", "Year", "Cover", "PDF", "Contents", "Legacy-URL", "Status",
        "Image", "Tags", "Số", "x" * 40]
FRAGMENTS = [
    "Sơ kết công tác xây dựng Đảng", "đường", "Ủy ban", "09/08/2019", "31/02/2019",
    "0912 345 678", "O9l2.345.678", "nvh a còng gmail chấm com", "nvh＠gmail．com",
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<svg/onload=x>",
    "[a](javascript:alert(1))", "<a href='java\tscript:x'>", "{static}/images/x.jpg",
    "{filename}../../etc/passwd", "https://example.test/?a=1&b=2", "//other.host/",
    "qa", "article", "contact", "../base", "", " ", "|", ":", "---", "```",
    "\x0b", "\x0c", "\x00", "\x1b[31m", "\u202e", "\u2066", "\u2028", "\ufeff",
    "\ufffe", "\u0301", "ﬁ", "０９１２", "> " * 30, "- " * 30, "1. " * 25,
    "    - ", "#" * 7, "Chấm điểm", "ISO 9001:2015", "15/2024/QĐ-UBND",
]
text = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)),
                max_size=6).map("".join)
field_line = st.tuples(st.sampled_from(KEYS), text).map(lambda kv: f"{kv[0]}: {kv[1]}")
continuation = text.map(lambda value: "    " + value)
front_matter = st.lists(st.one_of(field_line, field_line, continuation), max_size=10)
body = st.lists(text, max_size=8)
document = st.tuples(st.booleans(), st.booleans(), front_matter, body).map(
    lambda parts: ("\ufeff" if parts[0] else "") + ("---\n" if parts[1] else "")
    + "\n".join(parts[2]) + "\n\n" + "\n".join(parts[3]) + "\n")
# Some inputs are not UTF-8 at all: cut a character, or add a Windows-1258 byte.
raw = st.tuples(document, st.sampled_from([b"", b"\xf4", b"\xc0\xaf", b"\xed\xa0\x80",
                                           "Đ".encode()[:1]]),
                st.booleans()).map(
    lambda parts: (parts[1] + parts[0].encode("utf-8")) if parts[2]
    else (parts[0].encode("utf-8") + parts[1]))

CODE = re.compile(r"^[EW]-[A-Z0-9]+(?:-[A-Z0-9]+)*$")
# FUZZ_EXAMPLES=5000 explores further by hand; the suite runs a few seconds' worth.
FUZZ = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", 200)),
                deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])


@pytest.fixture(scope="module")
def fuzz_site(tmp_path_factory):
    from content_check.cli import load_settings

    root = tmp_path_factory.mktemp("fuzz")
    content = root / "content"
    content.mkdir()
    return content, load_settings(ROOT / "pelicanconf.py", {
        "PATH": str(content), "CACHE_PATH": str(root / "cache")})


def _assert_coded(errors, path, data):
    lines = len(re.split(rb"\r\n|\r|\n", data))  # CR alone ends a line too
    for error in errors:
        assert isinstance(error, ContentError), error
        assert CODE.match(error.code), error.code
        assert error.path.resolve() == path.resolve()
        assert error.line is None or 1 <= error.line <= lines, (error.line, lines)
        assert error.message.strip()


@FUZZ
@given(folder=st.sampled_from(FOLDERS), data=raw)
def test_the_checker_never_raises(fuzz_site, folder, data):
    content, site_settings = fuzz_site
    for old in content.rglob("*.md"):
        old.unlink()
    path = content / folder / "fuzz.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)

    report = runner.run(site_settings, content)  # `invoke check`
    _assert_coded(report.findings, path, data)
    _assert_coded(reading_errors(path, site_settings), path, data)  # the build

    runner.fix_files(site_settings, content)  # `invoke check --fix`
    fixed = path.read_bytes()
    if fixed != data:
        fixed.decode("utf-8")  # only ever rewrites text it could read
        assert not re.search("[\x0b\x0c\u2028\u2029\ufeff]", fixed.decode("utf-8"))
        _assert_coded(runner.run(site_settings, content).findings, path, fixed)


# A build costs about a second: a few examples, and no shrinking (it would rebuild
# hundreds of times); FUZZ_BUILDS=200 explores further by hand.
BUILD_FUZZ = settings(max_examples=int(os.environ.get("FUZZ_BUILDS", 6)),
                      deadline=None, derandomize=True, database=None,
                      phases=[Phase.explicit, Phase.generate],
                      suppress_health_check=[HealthCheck.function_scoped_fixture,
                                             HealthCheck.too_slow])


@BUILD_FUZZ
@given(folder=st.sampled_from(FOLDERS), data=raw)
def test_the_build_fails_only_with_coded_errors(tmp_path_factory, folder, data):
    """The same inputs through the build: a clean site or only coded errors."""
    from security_helpers import output_untouched, run_build, write_corpus

    root = tmp_path_factory.mktemp("fuzz-build")
    # Title and date, or Pelican's own "could not find information about 'date'"
    # (printed beside the checker's E-META-MISSING) is all one would see.
    content = write_corpus(root, {
        f"{folder}/fuzz.md": b"Title: Fuzz\nDate: 01/02/2020\n" + data})
    message, output = run_build(root, content)
    if message is None:
        return
    errors = message.splitlines()[1:]
    assert errors
    for line in errors:
        assert re.search(r"\[[EW]-[A-Z0-9-]+\]", line), line
    assert output_untouched(output)
