"""Shared by the tests/test_security_*.py modules: one hostile corpus, checked by
`invoke check` (content_check.cli, as the task and the pre-commit hook call it) and
built once by the real build (sitebuild.build_site, as `make html` and `make publish`)."""

import contextlib
import io
import textwrap
from pathlib import Path

import sitebuild
from content_check import cli

ROOT = Path(__file__).resolve().parents[1]
OLD_OUTPUT = "bản cũ"


def write_corpus(root, files):
    """Write ``files`` ({relpath: text or bytes}) under root/content; return it."""
    content = Path(root) / "content"
    for relpath, data in files.items():
        target = content / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            data = textwrap.dedent(data).lstrip().encode("utf-8")
        target.write_bytes(data)
    return content


def run_check(content, *extra):
    """(exit status, printed text) of `invoke check` on ``content``."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.main(["--settings", str(ROOT / "pelicanconf.py"),
                           "--path", str(content), *extra])
    return status, out.getvalue() + err.getvalue()


def run_build(root, content, settings_file="pelicanconf.py"):
    """Build ``content`` into root/output, which holds an older site.

    Returns (the BuildFailed message or None, the output folder). SITEURL is
    absolute, so the feeds are written as by `make publish`.
    """
    output = Path(root) / "output"
    output.mkdir(exist_ok=True)
    (output / "index.html").write_text(OLD_OUTPUT, encoding="utf-8")
    try:
        sitebuild.build_site(ROOT / settings_file, output, PATH=str(content),
                         CACHE_PATH=str(Path(root) / "cache"),
                         SITEURL="https://example.test", RELATIVE_URLS=False)
    except sitebuild.BuildFailed as failure:
        return str(failure), output
    return None, output


def output_untouched(output):
    """True when the build left the older site exactly as it was."""
    return (sorted(p.name for p in output.iterdir()) == ["index.html"]
            and (output / "index.html").read_text(encoding="utf-8") == OLD_OUTPUT)


# Python errors that must never reach an editor instead of a coded message.
PYTHON_ERRORS = ("Traceback", "RecursionError", "UndefinedError", "ValueError",
                 "TemplateNotFound", "UnicodeDecodeError", "KeyError", "TypeError")


def corpus_fixtures(name, files):
    """Module fixtures ``corpus``, ``checked`` and ``built`` for one hostile corpus.

    ``files()`` gives {relpath: text or bytes}. ``corpus`` is (root, content),
    written once; ``checked`` is run_check's result on it; ``built`` run_build's.
    In a test module: ``corpus, checked, built = corpus_fixtures("x", files)``.
    """
    import pytest

    @pytest.fixture(scope="module")
    def corpus(tmp_path_factory):
        root = tmp_path_factory.mktemp(name)
        return root, write_corpus(root, files())

    @pytest.fixture(scope="module")
    def checked(corpus):
        return run_check(corpus[1])

    @pytest.fixture(scope="module")
    def built(corpus):
        return run_build(*corpus)

    return corpus, checked, built


def assert_build_refused(built, expected):
    """``expected`` ("file:line: [CODE]") is in run_build's message, no Python error
    is, and the build left the older site as it was."""
    message, output = built
    assert expected in message
    assert not any(error in message for error in PYTHON_ERRORS)
    assert output_untouched(output)
