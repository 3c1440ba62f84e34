"""`invoke check FILE...` and the pre-commit hook read the other files' front matter
from cache/check/ (content_check/cache.py) and report exactly what a full check
reports for the named files: warm or cold, after edits that keep a file's size and
times, after a corrupt cache or a settings change."""

import json
import os
import subprocess
import sys
import time

import pytest
import sources as source_module
from content_check import cache as cache_module
from content_check import runner
from test_content_check import BROKEN, COMPANIONS, OVERRIDES, article
from test_documents import LIBRARY, document

from conftest import ROOT, write_files


def described(findings):
    return sorted((str(f.path), f.line, f.code, f.message,
                   tuple(str(p) for p in getattr(f, "related", ())))
                  for f in findings)


def content_files(content):
    return sorted(p for p in content.rglob("*") if p.is_file())


@pytest.fixture
def counted_loads(monkeypatch):
    """The relpaths of the files read and parsed in full (not from the cache)."""
    loaded = []
    real_load = source_module.load

    def load(path, content_root, *args, **kwargs):
        loaded.append(path.relative_to(content_root).as_posix())
        return real_load(path, content_root, *args, **kwargs)

    monkeypatch.setattr(source_module, "load", load)
    return loaded


@pytest.fixture
def trusted_times(monkeypatch):
    """Files written a moment ago are trusted by their times (RACY_SECONDS), as
    files of a real checkout are, so the tests see the times-first path too."""
    monkeypatch.setattr(cache_module, "RACY_SECONDS", 0)
    time.sleep(0.05)  # the files' ctime is now older than "now"


def write_broken_site(content):
    files = {path: data for path, data, _ in BROKEN.values()}
    files.update(COMPANIONS)
    files.update(LIBRARY)
    write_files(content, {k: v.encode("utf-8") if isinstance(v, str) else v
                          for k, v in files.items()})


def test_warm_cache_gives_the_findings_of_a_full_check_for_every_file(
        site_settings, tmp_path, counted_loads, trusted_times):
    content = tmp_path / "content"
    write_broken_site(content)
    settings = site_settings(**OVERRIDES)
    everything = runner.run(settings)
    assert len(everything.findings) > 15
    cache_file = cache_module.cache_file(settings, content)
    for path in content_files(content):
        reference = runner.run(settings, only=[path])
        assert described(reference.findings) == described(
            f for f in everything.findings if runner._involves(f, {path.resolve()}))
        cold = runner.run(settings, only=[path], cache=True)
        counted_loads.clear()
        warm = runner.run(settings, only=[path], cache=True)
        assert described(cold.findings) == described(reference.findings), path
        assert described(warm.findings) == described(reference.findings), path
        assert warm.files_checked == reference.files_checked
        # Warm, only the named file is read in full (static images are never read).
        assert set(counted_loads) <= {path.relative_to(content).as_posix()} | {
            p.relative_to(content).as_posix() for p in content_files(content)
            if p.suffix == ".jpg"}
    assert cache_file.is_file()
    assert content not in cache_file.parents


def test_staged_file_colliding_with_a_cached_file_names_both_files_and_lines(
        site_settings, tmp_path, trusted_times, counted_loads):
    content = tmp_path / "content"
    # Its Title: on line 2, so that the line reported comes from the cache.
    write_files(content, {"news/a-duong.md": "Author: Việt Hưng\n"
                          + article(title="Đường mới", author=None),
                          "news/khac.md": article(title="Bài khác")})
    settings = site_settings()
    assert runner.run(settings, only=[content / "news/khac.md"],
                      cache=True).findings == []  # the cache now holds a-duong.md
    write_files(content, {"news/b-duong.md": article(title="Dương mới")})
    counted_loads.clear()
    staged = content / "news/b-duong.md"
    result = runner.run(settings, only=[staged], cache=True)
    assert counted_loads == ["news/b-duong.md"]  # a-duong.md came from the cache
    (collision,) = result.findings
    assert collision.code == "E-URL-COLLISION"
    assert (collision.path.name, collision.line) == ("a-duong.md", 2)
    assert "news/b-duong.md:1" in collision.message
    assert collision.related == [staged]
    assert described(result.findings) == described(
        runner.run(settings, only=[staged]).findings)


def test_staged_document_with_the_number_of_a_cached_one(site_settings, tmp_path,
                                                           trusted_times):
    content = tmp_path / "content"
    write_files(content, LIBRARY)
    settings = site_settings()
    runner.run(settings, only=[content / "documents/2024/15-2024.md"], cache=True)
    write_files(content, {"documents/2025/trung.md": document(
        "603/SKHCN-TĐC", "Một công văn khác cùng số", issued="12/06/2025",
        doc_type="Công văn", files=("qd.pdf",))})
    staged = content / "documents/2025/trung.md"
    (error,) = runner.run(settings, only=[staged], cache=True).findings
    assert error.code == "E-DOC-NUMBER-DUPLICATE"
    assert (error.path.name, error.line) == ("cv.md", 2)
    assert "trung.md:2" in error.message


def test_an_edit_keeping_size_and_times_is_noticed(site_settings, tmp_path,
                                                  trusted_times):
    content = tmp_path / "content"
    write_files(content, {"news/a.md": article(title="Đường mới"),
                          "news/b.md": article(title="Dương mới",
                                               extra="Slug: bbbbbbbbb\n")})
    settings = site_settings()
    a = content / "news/a.md"
    assert runner.run(settings, only=[a], cache=True).findings == []
    b = content / "news/b.md"
    before = b.stat()
    b.write_bytes(b.read_bytes().replace(b"Slug: bbbbbbbbb", b"Slug: duong-moi"))
    os.utime(b, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (b.stat().st_size, b.stat().st_mtime_ns) == (before.st_size,
                                                        before.st_mtime_ns)
    result = runner.run(settings, only=[a], cache=True)
    assert [f.code for f in result.findings] == ["E-URL-COLLISION"]
    assert described(result.findings) == described(
        runner.run(settings, only=[a]).findings)


def checked_once(tmp_path, site_settings):
    """Two articles, checked once with the cache, naming the first: (content folder,
    settings, the first article's path)."""
    content = tmp_path / "content"
    write_files(content, {"news/a.md": article(title="Một"),
                          "news/b.md": article(title="Hai")})
    settings = site_settings()
    a = content / "news/a.md"
    runner.run(settings, only=[a], cache=True)
    return content, settings, a

def test_new_times_on_the_same_bytes_are_not_parsed_again(site_settings, tmp_path,
                                                          trusted_times, counted_loads):
    """A git checkout rewrites the times: the hash finds the same bytes."""
    content, settings, a = checked_once(tmp_path, site_settings)
    os.utime(content / "news/b.md", ns=(1, 1))
    counted_loads.clear()
    runner.run(settings, only=[a], cache=True)
    assert counted_loads == ["news/a.md"]


@pytest.mark.parametrize("damage", [
    b"", b"not json", b'{"key": 1', b"[1, 2, 3]", b'{"key": "x", "files": {}}',
    "same key, wrong entries",
])
def test_a_corrupt_cache_is_ignored_and_written_again(site_settings, tmp_path, damage,
                                                      trusted_times):
    content = tmp_path / "content"
    write_files(content, {"news/a.md": article(title="Đường mới"),
                          "news/b.md": article(title="Dương mới")})
    settings = site_settings()
    a = content / "news/a.md"
    expected = described(runner.run(settings, only=[a]).findings)
    assert expected  # the collision
    runner.run(settings, only=[a], cache=True)
    cache_file = cache_module.cache_file(settings, content)
    if damage == "same key, wrong entries":
        data = json.loads(cache_file.read_bytes())
        data["files"] = {"news/b.md": [None, "x", 5, "no", 7], "news/a.md": 3}
        damage = json.dumps(data).encode()
    cache_file.write_bytes(damage)
    assert described(runner.run(settings, only=[a], cache=True).findings) == expected
    data = json.loads(cache_file.read_bytes())  # written again, whole
    assert sorted(data["files"]) == ["news/a.md", "news/b.md"]
    assert described(runner.run(settings, only=[a], cache=True).findings) == expected


def test_a_settings_change_invalidates_the_cache(site_settings, tmp_path,
                                                 trusted_times, counted_loads):
    content = tmp_path / "content"
    write_files(content, {"news/a.md": article(title="Một"),
                          "news/b.md": article(title="Hai")})
    a = content / "news/a.md"
    before = site_settings()
    assert runner.run(before, only=[a], cache=True).findings == []
    # Every article of a category on one page: a and b now collide.
    after = site_settings(ARTICLE_SAVE_AS="tin-tuc/{category}/index.html")
    assert cache_module.cache_key(before, content) != cache_module.cache_key(
        after, content)
    counted_loads.clear()
    result = runner.run(after, only=[a], cache=True)
    assert sorted(counted_loads) == ["news/a.md", "news/b.md"]
    assert [f.code for f in result.findings] == ["E-URL-COLLISION"]
    assert described(result.findings) == described(
        runner.run(after, only=[a]).findings)


def test_settings_fingerprint_is_the_same_in_another_process(site_settings):
    here = cache_module.settings_fingerprint(site_settings())
    there = subprocess.run(
        [sys.executable, "-c",
         "import sys; from pathlib import Path; from content_check import cache, cli; "
         "s = cli.load_settings(Path(sys.argv[1]), {'PATH': sys.argv[2], "
         "'CACHE_PATH': sys.argv[3]}); print(cache.settings_fingerprint(s))",
         str(ROOT / "pelicanconf.py"), site_settings()["PATH"],
         site_settings()["CACHE_PATH"]],
        check=True, capture_output=True, text=True, cwd=ROOT).stdout.strip()
    assert here == there


def test_a_cache_inside_the_content_folder_is_never_written(site_settings, tmp_path):
    content = tmp_path / "content"
    write_files(content, {"news/a.md": article(title="Một")})
    settings = site_settings(CACHE_PATH=str(content / "cache"))
    assert cache_module.cache_file(settings, content) is None
    assert runner.run(settings, only=[content / "news/a.md"], cache=True).findings == []
    assert sorted(p.name for p in content.rglob("*")) == ["a.md", "news"]


def test_two_checks_at_once_leave_a_whole_cache(site_settings, tmp_path):
    content = tmp_path / "content"
    write_files(content, {f"news/{n}.md": article(title=f"Bài {n}") for n in range(30)})
    settings = site_settings()
    cache_file = cache_module.cache_file(settings, content)
    first = cache_module.CheckCache.open(settings, content)
    second = cache_module.CheckCache.open(settings, content)
    runner.collect(settings, content, cache=first, full=set())
    runner.collect(settings, content, cache=second, full=set())
    first.save()
    second.save()  # the later rename wins; neither leaves a half-written file
    assert len(json.loads(cache_file.read_bytes())["files"]) == 30
    assert [p.name for p in cache_file.parent.iterdir()] == [cache_file.name]


def test_a_change_to_the_named_file_alone_does_not_rewrite_the_cache(
        site_settings, tmp_path, trusted_times):
    content, settings, a = checked_once(tmp_path, site_settings)
    cache_file = cache_module.cache_file(settings, content)
    written = cache_file.stat().st_mtime_ns
    a.write_text(article(title="Hai"), encoding="utf-8")  # now it collides with b
    result = runner.run(settings, only=[a], cache=True)
    assert [f.code for f in result.findings] == ["E-URL-COLLISION"]
    assert cache_file.stat().st_mtime_ns == written
    # Checking b next reads a again (its bytes are not the remembered ones).
    assert described(runner.run(settings, only=[content / "news/b.md"],
                                cache=True).findings) == described(result.findings)
