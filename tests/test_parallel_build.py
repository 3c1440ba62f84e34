"""Pages rendered and written by build workers (output_guard.parallel): the same
bytes as the sequential build, and a page that fails in a worker fails the build."""

import shutil

import pytest

import sitebuild
from conftest import ROOT
from test_incremental import assert_same_tree, contents

_FINISH = None


def _build(root, **overrides):
    """The repository's content/ built into ``root``/output, cold."""
    content = root / "content"
    if not content.exists():
        shutil.copytree(ROOT / "content", content)
    settings = {"PATH": str(content), "CACHE_PATH": str(root / "cache"), **overrides}
    return sitebuild.build_site(ROOT / "pelicanconf.py", root / "output", **settings)


@pytest.mark.parametrize("overrides", [
    {},  # development: relative URLs
    {"SITEURL": "https://example.test", "RELATIVE_URLS": False},  # as published
], ids=["relative", "absolute"])
def test_two_workers_write_the_same_bytes_as_one(tmp_path, overrides, monkeypatch):
    from output_guard import parallel

    forks = []
    fork = parallel._fork

    def counted_fork(jobs, targets, indices, workers, states):
        forks.append((workers, len(indices)))
        return fork(jobs, targets, indices, workers, states)

    monkeypatch.setattr(parallel, "_fork", counted_fork)
    one = _build(tmp_path / "one", BUILD_WORKERS=1, **overrides)
    assert forks == []  # one page after another, in the build's process
    two = _build(tmp_path / "two", BUILD_WORKERS=2, **overrides)
    # Two workers really rendered the pages (the comparison below is not of two
    # sequential builds).
    assert len(forks) == 1 and forks[0][0] == 2 and forks[0][1] > 100, forks
    assert len(contents(one)) > 100
    assert_same_tree(one, two)
    # The fragment cache kept the same entries (its used keys came back from the
    # workers), and a rebuild from it is the same site again.
    def cached(root):
        return sorted(p.name for p in (root / "cache" / "html-postprocess").rglob("*")
                      if p.is_file())

    assert cached(tmp_path / "one") == cached(tmp_path / "two") != []
    shutil.rmtree(two)
    assert_same_tree(one, _build(tmp_path / "two", BUILD_WORKERS=2, **overrides))


def _failing_on_contact_page(html, context):
    """A page filter that raises on one page (module level: Pelican's reader cache
    pickles the settings, filters included)."""
    if context.get("output_file") == "lien-he/index.html":
        raise ValueError("hỏng khi dựng trang")
    return _FINISH(html, context)


def test_a_page_failing_in_a_worker_fails_the_build_and_names_it(tmp_path):
    from html_postprocess import html_postprocess
    from output_guard import parallel

    global _FINISH
    _FINISH = html_postprocess.finish_page
    good = _build(tmp_path, BUILD_WORKERS=2)
    before = contents(good)
    (tmp_path / "content" / "pages" / "lien-he.md").write_text(
        (tmp_path / "content" / "pages" / "lien-he.md").read_text(encoding="utf-8")
        + "\nĐoạn mới.\n", encoding="utf-8")
    mp = pytest.MonkeyPatch()
    mp.setattr(html_postprocess, "finish_page", _failing_on_contact_page)
    forks = []
    fork = parallel._fork
    mp.setattr(parallel, "_fork", lambda *a: forks.append(a[3]) or fork(*a))
    # Every page rendered again (not only the edited one, the page memo's way),
    # so that the failing page is one of many shared among the workers.
    for memo in (tmp_path / "cache").glob("page-memo-*"):
        memo.unlink()
    try:
        with pytest.raises(sitebuild.BuildFailed) as failure:
            _build(tmp_path, BUILD_WORKERS=2)
    finally:
        mp.undo()
    assert forks == [2]  # the page failed in a worker, not in the build's process
    assert "lien-he/index.html" in str(failure.value)
    assert "ValueError: hỏng khi dựng trang" in str(failure.value)
    assert contents(good) == before
    assert not list(tmp_path.glob("output.staging-*"))
